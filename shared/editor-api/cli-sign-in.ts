/**
 * The address `synd login` listens on for the identity provider's answer (OAuth 2.0 for native
 * apps, RFC 8252 §7.3: a loopback redirect). Cognito compares callback URLs exactly, port
 * included, so the port is fixed rather than chosen at random: the app client lists this URI
 * beside the console's (infra), and `synd login` refuses to start when another program holds it.
 */
export const CLI_SIGN_IN_PORT = 53682;

/** The path of {@link CLI_SIGN_IN_REDIRECT_URI}. */
export const CLI_SIGN_IN_CALLBACK_PATH = '/callback';

/**
 * The redirect URI of `synd login`. `localhost` rather than `127.0.0.1` because Cognito accepts
 * plain http for `localhost` only; `synd` listens on both loopback addresses it may resolve to.
 */
export const CLI_SIGN_IN_REDIRECT_URI = `http://localhost:${CLI_SIGN_IN_PORT}${CLI_SIGN_IN_CALLBACK_PATH}`;

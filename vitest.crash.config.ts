import { defineConfig } from 'vitest/config';

/**
 * `npm run test:crash`: kills the whole `npm start` process group with SIGKILL in the middle of a
 * burst and restarts it on the same data (docs/decisions/0034). It starts its own emulators, as
 * `npm start` does, so it needs no global setup; it is kept out of `npm test` for its length.
 */
export default defineConfig({
  test: {
    include: ['tests/crash/**/*.crash.ts'],
    hookTimeout: 120_000,
    pool: 'forks',
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});

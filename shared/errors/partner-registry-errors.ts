/** A partner with this id is already registered. */
export class PartnerExistsError extends Error {
  constructor(
    readonly partnerId: string,
    options?: { cause?: unknown },
  ) {
    super(`partner "${partnerId}" already exists`, options);
    this.name = 'PartnerExistsError';
  }
}

/** No partner with this id is registered. */
export class UnknownPartnerError extends Error {
  constructor(
    readonly partnerId: string,
    options?: { cause?: unknown },
  ) {
    super(`there is no partner "${partnerId}"`, options);
    this.name = 'UnknownPartnerError';
  }
}

/** The partner secrets changed between our read and our write: nothing was written; read again. */
export class PartnerSecretsChangedError extends Error {
  constructor(options?: { cause?: unknown }) {
    super(
      'the partner secrets were changed by someone else while this change was made; nothing was written',
      options,
    );
    this.name = 'PartnerSecretsChangedError';
  }
}

/** `retire-secret` on a partner that holds one secret (or none): nothing is older than the newest. */
export class NothingToRetireError extends Error {
  constructor(
    readonly partnerId: string,
    readonly secretCount: number,
  ) {
    super(
      `partner "${partnerId}" holds ${secretCount === 0 ? 'no secret' : 'one secret'}: there is no older secret to retire (rotate first)`,
    );
    this.name = 'NothingToRetireError';
  }
}

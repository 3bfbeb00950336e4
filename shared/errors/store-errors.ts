/** The delivery id was already recorded: answer from the stored receipt. */
export class DeliveryAlreadyRecordedError extends Error {
  constructor(options?: { cause?: unknown }) {
    super('delivery already recorded', options);
    this.name = 'DeliveryAlreadyRecordedError';
  }
}

/** The article changed between read and write: read again and retry. */
export class ConcurrentChangeError extends Error {
  constructor(options?: { cause?: unknown }) {
    super('article changed concurrently', options);
    this.name = 'ConcurrentChangeError';
  }
}

/** Another article holds the slug: choose the next alternative. */
export class SlugTakenError extends Error {
  constructor(
    readonly slug: string,
    options?: { cause?: unknown },
  ) {
    super(`slug "${slug}" is taken`, options);
    this.name = 'SlugTakenError';
  }
}

/** Another publisher holds the publish lock: fail the batch so it is retried. */
export class PublishLockBusyError extends Error {
  constructor(waitedMs: number) {
    super(`another publisher held the publish lock for ${waitedMs} ms`);
    this.name = 'PublishLockBusyError';
  }
}

/** The article, compressed, is still too large for one table item. */
export class ArticleTooLargeError extends Error {
  constructor(
    readonly storedBytes: number,
    readonly limitBytes: number,
  ) {
    super(`the compressed body is ${storedBytes} bytes; an item holds at most ${limitBytes}`);
    this.name = 'ArticleTooLargeError';
  }
}

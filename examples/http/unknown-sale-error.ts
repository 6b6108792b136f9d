/**
 * The URL names a sale this server does not run. An app-level error (not one of
 * the library's): the library only knows sales it was given, so which sale ids
 * exist is the app's business.
 */
export class UnknownSaleError extends Error {
  override readonly name = 'UnknownSaleError' as const;
  /** The sale id from the URL. */
  readonly saleId: string;

  /** @param saleId - the sale id from the URL */
  constructor(saleId: string) {
    super(`no sale ${JSON.stringify(saleId)} on this server`);
    this.saleId = saleId;
  }
}

/** True when `error` is an {@link UnknownSaleError}. */
export function isUnknownSaleError(error: unknown): error is UnknownSaleError {
  return error instanceof UnknownSaleError;
}

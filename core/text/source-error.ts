/** A source that cannot become a document: the message says why, for the person who brought it. */
export class SourceError extends Error {
  constructor(
    message: string,
    /** The HTTP status that fits: 400 for a bad file, 413 too large, 415 a format we do not read. */
    readonly status = 400,
  ) {
    super(message);
    this.name = 'SourceError';
  }
}

/** Partner HTML nests elements deeper than the cleaning steps take: refused before any step runs. */
export class HtmlTooDeepError extends Error {
  constructor(
    readonly maxDepth: number,
    options?: { cause?: unknown },
  ) {
    super(`the HTML nests elements more than ${maxDepth} deep`, options);
    this.name = 'HtmlTooDeepError';
  }
}

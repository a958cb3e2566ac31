/**
 * The input cannot be read as a history at all (not JSON / JSON lines, no events, no element
 * with a `type`). `message` is one line naming the problem: the CLI prints it after the file
 * name and exits with status 2 (DESIGN.md §2.1).
 */
export class HistoryInputError extends Error {
  constructor(message: string) {
    super(message.replace(/\s*\n\s*/g, ' '));
    this.name = 'HistoryInputError';
  }
}

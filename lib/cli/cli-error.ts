/**
 * An error meant for the person at the terminal: printed as one line on stderr, no stack
 * trace, exit status 2 (DESIGN.md §2.1). Anything else that escapes a command is a bug.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

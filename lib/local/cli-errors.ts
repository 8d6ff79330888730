import { resolve } from 'node:path';

// Errors the CLI prints as one line (no stack) before exiting with their exit code.

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** A command registered with its options and help whose body is not built yet (exit code 2). */
export class NotAvailableYetError extends CliError {
  constructor(command: string) {
    super(`\`${command}\` is not available yet in this build`, 2);
    this.name = 'NotAvailableYetError';
  }
}

export class NoLocalStackError extends CliError {
  constructor(dataDir: string) {
    // Issue 21: the hint repeats the data directory, so the stack it starts is the one the command looks for.
    const isDefault = resolve(dataDir) === resolve('.fanpin');
    super(
      `no local stack is running for ${dataDir}: start it with \`npm start${isDefault ? '' : ` -- --data-dir ${dataDir}`}\``,
      1,
    );
    this.name = 'NoLocalStackError';
  }
}

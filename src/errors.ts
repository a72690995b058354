/** Errors the CLI turns into exit codes, in one place (cli.ts). */
export class HrddError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** A command-line problem: unknown option, a named path that does not exist. Exit 2. */
export class UsageError extends HrddError {
  constructor(message: string) {
    super(message, 2);
  }
}

/** The input is invalid; the message is already what the user should read. Exit 1. */
export class InputError extends HrddError {
  constructor(message: string) {
    super(message, 1);
  }
}

/** The tool could not write its output. Exit 3. */
export class OutputError extends HrddError {
  constructor(message: string) {
    super(message, 3);
  }
}

/** A bug in hrdd: a state the code should never reach. Exit 70 (EX_SOFTWARE), like any unexpected error. */
export class InternalError extends HrddError {
  constructor(message: string) {
    super(message, 70);
  }
}

/** The user interrupted; work was saved. Exit 130. */
export class AbortError extends HrddError {
  constructor(message: string) {
    super(message, 130);
  }
}

/** The terminal was closed (SIGHUP): everything answered is saved; nothing is printed. Exit 129. */
export class HangupError extends HrddError {
  constructor() {
    super('', 129);
  }
}

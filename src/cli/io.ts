/** Where the CLI writes and what it reads from its surroundings: injectable, so tests run it in-process. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  env: Readonly<Record<string, string | undefined>>;
  /** Progress goes to stderr only when a person is watching it. */
  stderrIsTTY: boolean;
  readFile(path: string): Promise<string>;
  writeFile(path: string, text: string): Promise<void>;
  now(): Date;
}

/** A failure the CLI explains and maps to an exit code; never carries a secret. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

/** Exit codes, shared by every command (the gate's meaning is the contract the pipeline relies on). */
export const EXIT = {
  ok: 0,
  /** The gate is blocked, or settings are invalid: the answer is known and it is "no". */
  blocked: 1,
  /** Cannot assess: a read failed, the token was refused, settings could not be had, or the command was wrong. */
  cannotAssess: 2,
} as const;

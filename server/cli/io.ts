/** Output channels of a CLI command, injected so tests can capture them. */
export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

/** Thrown by a command for bad usage or input; the dispatcher prints the message and exits 2. */
export class CliUsageError extends Error {}

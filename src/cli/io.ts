/** Where a command reads and writes; injected so tests run commands without a terminal. */
export interface CliIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly stdin: NodeJS.ReadableStream;
  /** True when stdout is a terminal (progress lines redraw in place). */
  readonly interactive: boolean;
}

export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    interactive: Boolean(process.stdout.isTTY),
  };
}

export function println(stream: NodeJS.WritableStream, line = ''): void {
  stream.write(`${line}\n`);
}

/** Bad input from the person at the keyboard: printed without a stack trace, exit code 2. */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
}

/** Resolves on the first SIGINT or SIGTERM, for long-running servers that then close cleanly. */
export function untilStopSignal(): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

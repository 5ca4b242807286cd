import type { CliIo } from './io.ts';

/** One CLI command: its handler parses its own options and calls library functions. */
export interface Command {
  readonly name: string;
  /** One line for `selfplay help`. */
  readonly summary: string;
  /** Full usage text for `selfplay <name> --help`. */
  readonly usage: string;
  run(argv: readonly string[], io: CliIo): Promise<number>;
}

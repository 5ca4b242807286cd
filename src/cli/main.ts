import { UnknownGameError } from '../games/registry.ts';
import { PlayerSpecError } from '../rollout/players/player-spec.ts';
import type { Command } from './command.ts';
import { commands } from './commands/index.ts';
import { didYouMean } from '../util/closest-name.ts';
import { type CliIo, CliUsageError, println, processIo } from './io.ts';

function helpText(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'selfplay: language models that get better by playing against themselves',
    '',
    'Usage: selfplay <command> [options]   (selfplay <command> --help for its options)',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
  ].join('\n');
}

/** Runs one CLI invocation and returns the exit code: 0 ok, 1 fault, 2 bad usage. */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    println(io.stdout, helpText());
    return 0;
  }
  const command: Command | undefined = commands.find((c) => c.name === name);
  if (!command) {
    const known = commands.map((c) => c.name);
    println(
      io.stderr,
      `selfplay: unknown command "${name}"${didYouMean(name, known)}\nRun "selfplay --help" for the commands.`,
    );
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    println(io.stdout, command.usage);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof CliUsageError || error instanceof UnknownGameError || error instanceof PlayerSpecError) {
      // The error and where to read more; the whole usage text would bury the one line that matters.
      println(io.stderr, `selfplay ${name}: ${error.message}\nRun "selfplay ${name} --help" for its options.`);
      return 2;
    }
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    println(io.stderr, `selfplay ${name}: ${message}`);
    if (process.env.SELFPLAY_DEBUG && error instanceof Error) println(io.stderr, error.stack);
    return 1;
  }
}

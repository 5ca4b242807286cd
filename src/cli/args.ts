import { parseArgs } from 'node:util';
import { CliUsageError } from './io.ts';

type OptionSpec = { type: 'string' | 'boolean'; short?: string; multiple?: boolean; default?: string | boolean };

/**
 * Strict option parsing: an unknown option or a missing value is a usage error that names it.
 * Returns the values and the positionals; `--help` is always accepted.
 */
export function parseCommandArgs<const O extends Record<string, OptionSpec>>(argv: readonly string[], options: O) {
  try {
    return parseArgs({
      args: [...argv],
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new CliUsageError(error instanceof Error ? error.message : String(error));
  }
}

/** A whole number from an option, with a usage error naming the option when it is not one. */
export function intOption(name: string, value: string | undefined, fallback: number, min = 0): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new CliUsageError(`--${name} must be a whole number ≥ ${min}, got "${value}"`);
  return n;
}

/** One of a fixed set of strings, with a usage error listing the choices. */
export function choiceOption<const C extends readonly string[]>(
  name: string,
  value: string | undefined,
  choices: C,
  fallback: C[number],
): C[number] {
  if (value === undefined) return fallback;
  if (!(choices as readonly string[]).includes(value)) {
    throw new CliUsageError(`--${name} must be one of ${choices.join(', ')}; got "${value}"`);
  }
  return value as C[number];
}

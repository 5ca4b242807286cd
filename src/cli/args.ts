import { parseArgs } from 'node:util';
import type { Sampling } from '../lm/index.ts';
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

/** A number from an option in [min, max], with a usage error naming the option and the range otherwise. */
export function numberOption(
  name: string,
  value: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (value.trim() === '' || !(n >= min && n <= max)) {
    throw new CliUsageError(`--${name} must be a number in [${min}, ${max}], got "${value}"`);
  }
  return n;
}

export const lmSamplingOptions = { temperature: { type: 'string' }, 'top-p': { type: 'string' } } as const;

export const lmSamplingHelp = `  --temperature T    the checkpoint's sampling temperature, 0 = greedy (default 1: how it trained)
  --top-p P          nucleus sampling over the legal moves' tokens, in (0, 1] (default 1)`;

/** \`--temperature\` (≥ 0, 0 = greedy; default 1) and \`--top-p\` (in (0, 1]; default 1). */
export function lmSampling(values: { temperature?: string | undefined; 'top-p'?: string | undefined }): Sampling {
  const topP = numberOption('top-p', values['top-p'], 1, 0, 1);
  if (topP === 0) throw new CliUsageError('--top-p must be greater than 0');
  return { temperature: numberOption('temperature', values.temperature, 1, 0, 100), topP };
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

/** "temperature 0.6, top-p 0.95", or "greedy (temperature 0)". */
export function describeSampling(s: Sampling): string {
  if (s.temperature === 0) return 'greedy (temperature 0)';
  return `temperature ${s.temperature}, top-p ${s.topP}`;
}

/** `--port`: a TCP port, 0 for any free one. */
export function portOption(value: string | undefined, fallback: number): number {
  const port = intOption('port', value, fallback);
  if (port > 65535) throw new CliUsageError(`--port must be at most 65535, got ${port}`);
  return port;
}

/** `--api-key-env VAR`: the key held in environment variable VAR (absent without the option; empty is an error). */
export function apiKeyFromEnv(variable: string | undefined): string | undefined {
  if (variable === undefined) return undefined;
  const key = process.env[variable];
  if (!key)
    throw new CliUsageError(`--api-key-env ${variable}: that environment variable is empty; export the key first`);
  return key;
}

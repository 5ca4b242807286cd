import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { jsonLines } from '../../util/json-lines.ts';

/**
 * The statements Truth and Deception is played over: pairs of one true and one false statement about the same fact.
 * The file is JSON Lines (one JSON object per line, blank lines allowed), each line
 * `{"id": "canberra", "topic": "geography", "true": "Canberra is the capital of Australia.", "false": "Sydney is …"}`.
 * docs/games/truth-and-deception.md describes the format; data/facts/facts.jsonl is the default set, written for this
 * project.
 */
export interface FactPair {
  /** Unique within the file: lower-case words joined by hyphens. */
  readonly id: string;
  /** A word or two for the subject (`geography`), for reports and for picking balanced subsets. */
  readonly topic: string;
  readonly true: string;
  readonly false: string;
}

/** Longest statement a file may hold: both are shown to both players every turn. */
export const maxStatementLength = 200;

const statement = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(maxStatementLength, `must be at most ${maxStatementLength} characters`)
  .refine((s) => !/[\n\r]/.test(s), 'must be one line');

export const factPairSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lower-case words joined by hyphens, e.g. "nile-mouth"'),
    topic: z.string().trim().min(1, 'must not be empty').max(40, 'must be at most 40 characters'),
    true: statement,
    false: statement,
  })
  .refine((f) => f.true !== f.false, { message: 'the true and the false statement must differ', path: ['false'] });

/** A facts file that cannot be used: names the file, the line and what to fix. */
export class FactsFileError extends Error {
  override readonly name = 'FactsFileError';
}

const formatHint =
  'each non-blank line must be one JSON object {"id", "topic", "true", "false"} (docs/games/truth-and-deception.md)';

/** Parses facts-file text; `source` names it in errors (a path). Throws `FactsFileError` naming the bad line. */
export function parseFacts(text: string, source = 'facts'): FactPair[] {
  const facts: FactPair[] = [];
  const lineOf = new Map<string, number>();
  for (const entry of jsonLines(text)) {
    const { line } = entry;
    if (entry.error) {
      throw new FactsFileError(`${source} line ${line}: not JSON (${entry.error.message}); ${formatHint}`, {
        cause: entry.error,
      });
    }
    const value = entry.value;
    const result = factPairSchema.safeParse(value);
    if (!result.success) {
      const problems = result.error.issues
        .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'entry'}: ${issue.message}`)
        .join('; ');
      throw new FactsFileError(`${source} line ${line}: ${problems}; ${formatHint}`);
    }
    const first = lineOf.get(result.data.id);
    if (first !== undefined)
      throw new FactsFileError(`${source} line ${line}: id "${result.data.id}" is already used on line ${first}`);
    lineOf.set(result.data.id, line);
    facts.push(result.data);
  }
  if (facts.length === 0) throw new FactsFileError(`${source}: no facts; ${formatHint}`);
  return facts;
}

/** Reads and validates a facts file (see `parseFacts`); a missing or unreadable file is a `FactsFileError` too. */
export function loadFacts(path: string | URL): FactPair[] {
  const name = typeof path === 'string' ? path : fileURLToPath(path);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new FactsFileError(`cannot read facts file ${name}: ${(cause as Error).message}`, { cause });
  }
  return parseFacts(text, name);
}

/** The facts file the registered game uses: `data/facts/facts.jsonl` at the repository root. */
export const defaultFactsPath = new URL('../../../data/facts/facts.jsonl', import.meta.url);

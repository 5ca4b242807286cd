import { readFile } from 'node:fs/promises';
import { z } from 'zod';

/** A preference or SPIN data file that cannot be used; the message names the prompt and the entry at fault. */
export class DataFileError extends Error {
  override readonly name = 'DataFileError';
}

/** The key the distribution of a prompt gives to everything outside its listed responses; no response may use it. */
export const otherKey = '<other>';

/** `prompt 2 ("Pick a colour…")`: the index and a short quote, so a message finds the entry in a long file. */
export function describePrompt(index: number, prompt: unknown): string {
  if (typeof prompt !== 'string') return `prompt ${index}`;
  const short = prompt.length > 40 ? `${prompt.slice(0, 40)}…` : prompt;
  return `prompt ${index} (${JSON.stringify(short)})`;
}

/** Reads a file's text; an unreadable file is a `DataFileError` naming it. */
export async function readDataFile(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (cause) {
    throw new DataFileError(`cannot read ${what} "${path}": ${(cause as Error).message}`, { cause });
  }
}

/**
 * The shape both data files share: `{"prompts": [{"prompt", "responses", …fields}]}`, at least one prompt and
 * `minResponses` responses each.
 */
export function promptFileSchema<S extends z.ZodRawShape>(minResponses: number, fields: S) {
  const responses = z
    .array(z.string())
    .min(minResponses, `needs at least ${minResponses} response${minResponses === 1 ? '' : 's'}`);
  const entry = z.object({ prompt: z.string(), responses, ...fields });
  return z.object({ prompts: z.array(entry).min(1, 'needs at least one prompt') });
}

/**
 * JSON text checked against `schema`, then each prompt's responses (non-empty, distinct, not `<other>`), then
 * `checkPrompt`, then that no prompt repeats. Every fault is a `DataFileError` naming the prompt (index and quote)
 * and the entry; a shape fault also shows the expected format.
 */
export function parseDataFile<
  T extends { prompts: readonly { prompt: string; responses: readonly string[] }[] },
>(options: {
  text: string;
  schema: z.ZodType<T>;
  what: string;
  expected: string;
  checkPrompt: (entry: T['prompts'][number], fail: (message: string) => never) => void;
}): T {
  const { text, schema, what, expected } = options;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new DataFileError(`${what} is not JSON (${(cause as Error).message}); expected ${expected}`, { cause });
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const [top, index, ...rest] = issue.path;
    const prompts = (raw as { prompts?: unknown[] } | null)?.prompts;
    const where =
      top === 'prompts' && typeof index === 'number'
        ? `${describePrompt(index, (prompts?.[index] as { prompt?: unknown } | undefined)?.prompt)}${rest.map(pathPart).join('')}`
        : issue.path.map(pathPart).join('') || 'the top level';
    throw new DataFileError(`${what}: ${where}: ${issue.message}; expected ${expected}`);
  }
  result.data.prompts.forEach((entry, index) => {
    const where = describePrompt(index, entry.prompt);
    checkResponses(what, where, entry.responses);
    options.checkPrompt(entry, (message) => {
      throw new DataFileError(`${what}: ${where}: ${message}`);
    });
  });
  checkDistinctPrompts(what, result.data.prompts);
  return result.data;
}

function pathPart(key: PropertyKey): string {
  return typeof key === 'number' ? `[${key}]` : `.${String(key)}`;
}

/** Throws when a listed response is empty, reserved or repeated: each must be one distinct outcome. */
function checkResponses(what: string, where: string, responses: readonly string[]): void {
  const seen = new Map<string, number>();
  responses.forEach((r, i) => {
    if (r.length === 0) throw new DataFileError(`${what}: ${where}: response ${i} is empty`);
    if (r === otherKey)
      throw new DataFileError(`${what}: ${where}: response ${i} is "${otherKey}", the name kept for unlisted answers`);
    const first = seen.get(r);
    if (first !== undefined)
      throw new DataFileError(`${what}: ${where}: responses ${first} and ${i} are both ${JSON.stringify(r)}`);
    seen.set(r, i);
  });
}

/** Throws when two entries share a prompt: the prompt is the key of the measured distribution. */
function checkDistinctPrompts(what: string, prompts: readonly { prompt: string }[]): void {
  const seen = new Map<string, number>();
  prompts.forEach(({ prompt }, i) => {
    const first = seen.get(prompt);
    if (first !== undefined)
      throw new DataFileError(`${what}: ${describePrompt(i, prompt)} repeats prompt ${first}; merge them`);
    seen.set(prompt, i);
  });
}

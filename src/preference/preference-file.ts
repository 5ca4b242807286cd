import { z } from 'zod';
import { parseDataFile, promptFileSchema, readDataFile } from './data-file.ts';

/**
 * One prompt of a preference file: listed responses and P(responses[i] ≻ responses[j]) for every pair. The
 * preferences may be intransitive (a ≻ b ≻ c ≻ a), which is the point: their von Neumann winner is mixed.
 */
export interface PreferencePrompt {
  readonly prompt: string;
  readonly responses: readonly string[];
  /** preferences[i][j] = P(responses[i] ≻ responses[j]); P[i][j] + P[j][i] = 1, diagonal ½. */
  readonly preferences: readonly (readonly number[])[];
}

export interface PreferenceSet {
  readonly prompts: readonly PreferencePrompt[];
}

/** How far P[i][j] + P[j][i] may stray from 1 (and the diagonal from ½): room for decimals written by hand. */
export const complementTolerance = 1e-9;

const schema = promptFileSchema(2, { preferences: z.array(z.array(z.number())) });

/** Parses and checks a preference file's text; throws `DataFileError` naming the prompt and the cell at fault. */
export function parsePreferenceFile(text: string): PreferenceSet {
  return parseDataFile({
    text,
    schema,
    what: 'preference file',
    expected:
      '{"prompts": [{"prompt": "…", "responses": ["…", …], "preferences": [[0.5, p01, …], …]}]} (docs/preferences.md)',
    checkPrompt: checkPreferences,
  });
}

export async function readPreferenceFile(path: string): Promise<PreferenceSet> {
  return parsePreferenceFile(await readDataFile(path, 'preference file'));
}

/** Square, one row per response, entries in [0, 1], diagonal ½, P[i][j] + P[j][i] = 1. */
function checkPreferences(p: PreferencePrompt, fail: (message: string) => never): void {
  const n = p.responses.length;
  if (p.preferences.length !== n) fail(`preferences has ${p.preferences.length} rows, needs ${n} (one per response)`);
  p.preferences.forEach((row, i) => {
    if (row.length !== n) fail(`preferences is not square: row ${i} has ${row.length} entries, needs ${n}`);
  });
  const at = (i: number, j: number) => p.preferences[i]![j]!;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const v = at(i, j);
      if (!(v >= 0 && v <= 1)) fail(`cell (${i}, ${j}) is ${v}, outside [0, 1]`);
      if (i === j && Math.abs(v - 0.5) > complementTolerance)
        fail(`cell (${i}, ${i}) is ${v}; a response ties with itself, so the diagonal is 0.5`);
      if (j > i && Math.abs(v + at(j, i) - 1) > complementTolerance)
        fail(
          `cells (${i}, ${j}) = ${v} and (${j}, ${i}) = ${at(j, i)} sum to ${v + at(j, i)}, need 1 (one of the two wins)`,
        );
    }
}

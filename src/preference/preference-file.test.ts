import { describe, expect, it } from 'vitest';
import { DataFileError } from './data-file.ts';
import { parsePreferenceFile } from './preference-file.ts';

const cycle = () => ({
  prompt: 'Rock, paper or scissors? Answer with one word only.',
  responses: ['rock', 'paper', 'scissors'],
  preferences: [
    [0.5, 0.2, 0.8],
    [0.8, 0.5, 0.2],
    [0.2, 0.8, 0.5],
  ],
});

/** The error a file with `edit` applied to its second prompt gets. */
function errorOf(edit: (p: ReturnType<typeof cycle>) => unknown): string {
  const text = JSON.stringify({ prompts: [{ ...cycle(), prompt: 'first' }, edit(cycle())] });
  try {
    parsePreferenceFile(text);
  } catch (error) {
    expect(error).toBeInstanceOf(DataFileError);
    return (error as Error).message;
  }
  throw new Error('expected the file to be rejected');
}

describe('parsePreferenceFile', () => {
  it('reads a valid file, intransitive preferences and all', () => {
    const set = parsePreferenceFile(JSON.stringify({ prompts: [cycle()] }));
    expect(set.prompts[0]!.responses).toEqual(['rock', 'paper', 'scissors']);
    expect(set.prompts[0]!.preferences[1]![0]).toBe(0.8);
  });

  it('names the prompt (index and quote) and the cell of each semantic fault', () => {
    const where = 'prompt 1 ("Rock, paper or scissors? Answer with one…")';
    expect(errorOf((p) => ({ ...p, preferences: p.preferences.slice(0, 2) }))).toBe(
      `preference file: ${where}: preferences has 2 rows, needs 3 (one per response)`,
    );
    expect(errorOf((p) => ({ ...p, preferences: [p.preferences[0], [0.8, 0.5], p.preferences[2]] }))).toContain(
      `${where}: preferences is not square: row 1 has 2 entries, needs 3`,
    );
    const complement = errorOf((p) => {
      p.preferences[2]![0] = 0.3;
      return p;
    });
    expect(complement).toContain(`${where}: cells (0, 2) = 0.8 and (2, 0) = 0.3 sum to 1.1`);
    expect(complement).toContain('need 1');
    expect(
      errorOf((p) => {
        p.preferences[0]![1] = -0.2;
        p.preferences[1]![0] = 1.2;
        return p;
      }),
    ).toContain(`${where}: cell (0, 1) is -0.2, outside [0, 1]`);
    expect(
      errorOf((p) => {
        p.preferences[1]![1] = 0.6;
        return p;
      }),
    ).toContain('cell (1, 1) is 0.6; a response ties with itself');
    expect(errorOf((p) => ({ ...p, responses: ['rock', 'paper', 'rock'] }))).toContain(
      `${where}: responses 0 and 2 are both "rock"`,
    );
    expect(errorOf((p) => ({ ...p, responses: ['rock', '<other>', 'x'] }))).toContain('response 1 is "<other>"');
    expect(errorOf((p) => ({ ...p, responses: ['rock', '', 'x'] }))).toContain('response 1 is empty');
    expect(errorOf((p) => ({ ...p, prompt: 'first' }))).toContain('prompt 1 ("first") repeats prompt 0');
  });

  it('accepts complements within 1e-9 and rejects them beyond', () => {
    const near = cycle();
    near.preferences[0]![1] = 0.2 + 4e-10;
    expect(() => parsePreferenceFile(JSON.stringify({ prompts: [near] }))).not.toThrow();
    expect(
      errorOf((p) => {
        p.preferences[0]![1] = 0.2 + 2e-9;
        return p;
      }),
    ).toContain('cells (0, 1)');
  });

  it('reports shape faults with the prompt, the path inside it and the expected format', () => {
    expect(errorOf((p) => ({ ...p, responses: ['rock'] }))).toMatch(
      /^preference file: prompt 1 \("Rock, paper.*"\)\.responses: needs at least 2 responses; expected \{"prompts"/,
    );
    expect(errorOf((p) => ({ ...p, preferences: [[0.5, 'x', 0.8]] }))).toContain('.preferences[0][1]: ');
    expect(errorOf((p) => ({ prompt: p.prompt, responses: p.responses }))).toContain('.preferences: ');
    expect(() => parsePreferenceFile('{"prompts": []}')).toThrow(/prompts: needs at least one prompt/);
    expect(() => parsePreferenceFile('{"prompts": [')).toThrow(/preference file is not JSON/);
    expect(() => parsePreferenceFile('[]')).toThrow(/the top level/);
  });
});

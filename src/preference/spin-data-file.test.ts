import { describe, expect, it } from 'vitest';
import { parseSpinDataFile } from './spin-data-file.ts';

const entry = { prompt: 'Greet me.', responses: ['hello', 'hi', 'hey'], probabilities: [0.6, 0.3, 0.1] };
const parse =
  (...prompts: unknown[]) =>
  () =>
    parseSpinDataFile(JSON.stringify({ prompts }));

describe('parseSpinDataFile', () => {
  it('reads a valid file, zero probabilities allowed', () => {
    const data = parseSpinDataFile(
      JSON.stringify({ prompts: [entry, { ...entry, prompt: 'x', probabilities: [1, 0, 0] }] }),
    );
    expect(data.prompts[1]!.probabilities).toEqual([1, 0, 0]);
    expect(parse({ ...entry, probabilities: [0.6, 0.3, 0.1 + 5e-7] })).not.toThrow();
  });

  it('names the prompt and the entry of each fault', () => {
    const where = 'SPIN data file: prompt 0 ("Greet me.")';
    expect(parse({ ...entry, probabilities: [0.6, 0.4] })).toThrow(
      `${where}: 2 probabilities for 3 responses; give one per response`,
    );
    expect(parse({ ...entry, probabilities: [0.6, 0.5, -0.1] })).toThrow(`${where}: probability 2 is -0.1`);
    expect(parse({ ...entry, probabilities: [0.6, 0.3, 0.2] })).toThrow(
      /prompt 0 \("Greet me\."\): probabilities sum to 1\.\d+, need 1/,
    );
    expect(parse({ ...entry, responses: ['hi', 'hello', 'hi'] })).toThrow(`${where}: responses 0 and 2 are both "hi"`);
    expect(parse({ ...entry, responses: [], probabilities: [] })).toThrow(/\.responses: needs at least 1 response/);
    expect(parse(entry, entry)).toThrow('prompt 1 ("Greet me.") repeats prompt 0');
  });
});

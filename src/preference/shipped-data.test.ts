import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readPreferenceFile } from './preference-file.ts';
import { vonNeumannWinner } from './preference-game.ts';
import { readSpinDataFile } from './spin-data-file.ts';

const shipped = (path: string) => fileURLToPath(new URL(`../../data/${path}`, import.meta.url));

describe('the shipped data files', () => {
  it('intransitive-5: a cycle plus two dominated responses per prompt, with the known von Neumann winners', async () => {
    const set = await readPreferenceFile(shipped('preferences/intransitive-5.json'));
    expect(set.prompts.map((p) => p.responses.length)).toEqual([5, 5]);
    const [rps, colours] = set.prompts.map((p) => vonNeumannWinner(p));
    // The symmetric 0.8/0.2 cycle: uniform over rock, paper, scissors.
    [1 / 3, 1 / 3, 1 / 3, 0, 0].forEach((p, i) => expect(rps!.distribution.probabilities[i]).toBeCloseTo(p, 9));
    // Margins 0.3 (red ≻ green), 0.1 (green ≻ blue), 0.4 (blue ≻ red): ∝ the margin opposite each, (0.1, 0.4, 0.3).
    // Green, which wins the fewest comparisons of the three, gets the most weight.
    [0.125, 0.5, 0.375, 0, 0].forEach((p, i) => expect(colours!.distribution.probabilities[i]).toBeCloseTo(p, 9));
    for (const w of [rps!, colours!]) expect(w.gap).toBeLessThan(1e-9);
  });

  it('spin/tiny parses', async () => {
    const data = await readSpinDataFile(shipped('spin/tiny.json'));
    expect(data.prompts.map((p) => p.probabilities)).toEqual([
      [0.6, 0.3, 0.1],
      [0.8, 0.2],
    ]);
  });
});

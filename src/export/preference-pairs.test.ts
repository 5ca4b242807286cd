import { describe, expect, it } from 'vitest';
import type { ExportSample } from './export-sample.ts';
import { preferencePairs } from './preference-pairs.ts';

const turn = (prompt: string, completion: string, reward: number, game = 'kuhn-poker'): ExportSample => ({
  step: 1,
  game,
  role: 0,
  seed: 1,
  episode: 0,
  turn: 0,
  prompt,
  completion,
  promptTokenIds: [],
  completionTokenIds: [],
  logprobs: [],
  reward,
  advantage: null,
});

describe('preferencePairs', () => {
  it('pairs the best against the worst mean value of each prompt and counts what it skips', () => {
    const samples = [
      turn('A', 'bet', 2),
      turn('A', 'bet', -1), // bet's mean is 0.5
      turn('A', 'check', 1), // 1: best
      turn('A', 'fold', -1), // worst
      turn('B', 'bet', 1), // one completion only
      turn('C', 'bet', 1),
      turn('C', 'check', 1), // tie
      turn('A', 'bet', 2, 'leduc-poker'),
      turn('A', 'call', 1, 'leduc-poker'), // another game: its own group
    ];
    const result = preferencePairs({ samples, value: (s) => s.reward, minMargin: 0 });
    expect(result.pairs).toEqual([
      { game: 'kuhn-poker', prompt: 'A', chosen: 'check', rejected: 'fold', margin: 2 },
      { game: 'leduc-poker', prompt: 'A', chosen: 'bet', rejected: 'call', margin: 1 },
    ]);
    expect(result).toMatchObject({ groups: 4, singleCompletion: 1, belowMargin: 1 });
    const strict = preferencePairs({ samples, value: (s) => s.reward, minMargin: 1.5 });
    expect(strict.pairs.map((p) => p.game)).toEqual(['kuhn-poker']);
    expect(strict.belowMargin).toBe(2);
  });

  it('breaks ties by how often a completion was seen, then by its text, whatever the input order', () => {
    const samples = [turn('A', 'x', 1), turn('A', 'y', 1), turn('A', 'y', 1), turn('A', 'z', 0), turn('A', 'w', 0)];
    const pick = (list: ExportSample[]) => preferencePairs({ samples: list, value: (s) => s.reward, minMargin: 0 });
    expect(pick(samples).pairs[0]).toMatchObject({ chosen: 'y', rejected: 'z' });
    expect(pick([...samples].reverse()).pairs[0]).toMatchObject({ chosen: 'y', rejected: 'z' });
  });
});

import { describe, expect, it } from 'vitest';
import { choiceMask } from '../rollout/lm-policy.ts';
import { parseTrainConfig, TrainConfigError, applyOverrides } from './train-config.ts';
import { train } from './trainer.ts';

describe('self-play trainer', () => {
  it('lowers the exact exploitability of the LM policy on Kuhn Poker within a few steps (seeded)', async () => {
    const config = parseTrainConfig({
      steps: 4,
      seed: 1,
      rollout: { gamesPerStep: 16 },
      evaluation: { every: 4, vsRandomGames: 0 },
    });
    const steps: number[] = [];
    const result = await train({ config, onStep: (m) => steps.push(m.samples) });
    const [first, last] = [result.evaluations[0]!, result.evaluations[result.evaluations.length - 1]!];
    expect(result.steps).toBe(4);
    expect(steps.every((n) => n > 0)).toBe(true);
    expect(first.exploitability).toBeGreaterThan(0.3);
    expect(last.exploitability).toBeLessThan(first.exploitability! - 0.03);
    // The policy table covers Kuhn's 12 information sets with proper distributions.
    expect(last.table?.rows.size).toBe(12);
    for (const row of last.table!.rows.values()) expect(row[0]! + row[1]!).toBeCloseTo(1, 5);
  });

  it('marks only the tokens where the constraint left a choice', () => {
    const bet = [...Buffer.from('[bet]')].concat(257);
    expect(choiceMask(bet, ['[check]', '[bet]'])).toEqual([0, 1, 0, 0, 0, 0]);
    expect(choiceMask(bet, ['[bet]'])).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('rejects unknown keys by name and applies --set overrides', () => {
    expect(() => parseTrainConfig({ rollout: { gamesPerStp: 3 } })).toThrow(/gamesPerStp/);
    expect(() => parseTrainConfig({ steps: 0 })).toThrow(TrainConfigError);
    const raw = applyOverrides({ rollout: { format: 'full' } }, ['rollout.gamesPerStep=8', 'game=leduc-poker']);
    expect(parseTrainConfig(raw)).toMatchObject({ game: 'leduc-poker', rollout: { gamesPerStep: 8, format: 'full' } });
  });
});

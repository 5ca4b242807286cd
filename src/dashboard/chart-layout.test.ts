import { describe, expect, it } from 'vitest';
import { chartLayout } from './chart-layout.ts';

const band = (name: string) => [name, `${name}/lo`, `${name}/hi`];

describe('chartLayout', () => {
  it('leads with one log-axis exploitability chart and one returns chart, then groups by what a metric is', () => {
    const specs = chartLayout([
      'loss',
      'lr',
      'tokens_per_s',
      'return/p0',
      'invalid_rate',
      'invalid_rate/random',
      'exploitability/greedy',
      'exploitability',
      'exploitability/live',
      ...band('return/nash'),
      ...band('return/random'),
      ...band('winrate/random'),
      'baseline/kuhn-poker#0',
      'mystery',
      ...band('agreement/random'),
      'x/lo',
    ]);
    expect(specs.map((s) => [s.group, s.id])).toEqual([
      ['headline', 'exploitability'],
      ['headline', 'return'],
      ['evaluation', 'agreement/random'],
      ['evaluation', 'invalid_rate/random'],
      ['evaluation', 'winrate/random'],
      ['optimisation', 'baseline/kuhn-poker#0'],
      ['optimisation', 'loss'],
      ['optimisation', 'lr'],
      ['throughput', 'tokens_per_s'],
      ['rollout', 'invalid_rate'],
      ['rollout', 'return/p0'],
      ['other', 'mystery'],
      ['other', 'x/lo'],
    ]);
    const [exploitability, returns] = specs;
    expect(exploitability).toMatchObject({ scale: 'log', reference: { value: 0, label: 'Nash' } });
    expect(exploitability!.lines.map((l) => [l.name, l.label])).toEqual([
      ['exploitability', 'evaluated weights'],
      ['exploitability/live', 'live weights'],
      ['exploitability/greedy', 'greedy'],
    ]);
    expect(returns!.lines).toEqual([
      { name: 'return/random', label: 'vs random', lo: 'return/random/lo', hi: 'return/random/hi' },
      { name: 'return/nash', label: 'vs nash', lo: 'return/nash/lo', hi: 'return/nash/hi' },
    ]);
    expect(returns!.scale).toBe('linear');
    expect(specs.find((s) => s.id === 'tokens_per_s')?.yLabel).toBe('tokens / s');
  });

  it('gives each game of a multi-game run its own headline charts', () => {
    const specs = chartLayout([
      'exploitability/kuhn-poker',
      'exploitability/step/kuhn-poker',
      'exploitability/tic-tac-toe',
      'exploitability/greedy/tic-tac-toe',
      ...band('return/random/kuhn-poker'),
      'loss/kuhn-poker',
    ]);
    expect(specs.filter((s) => s.group === 'headline').map((s) => s.id)).toEqual([
      'exploitability/kuhn-poker',
      'exploitability/tic-tac-toe',
      'return/kuhn-poker',
    ]);
    expect(specs[0]!.lines.map((l) => l.label)).toEqual(['evaluated weights', 'each step (live)']);
    expect(specs[1]!.lines.map((l) => l.label)).toEqual(['evaluated weights', 'greedy']);
    expect(specs.at(-1)).toMatchObject({ id: 'loss/kuhn-poker', group: 'optimisation' });
  });

  it('draws every metric exactly once', () => {
    const names = ['exploitability', 'exploitability/toString', ...band('return/random'), 'loss', 'seconds'];
    const drawn = chartLayout(names).flatMap((s) => s.lines.flatMap((l) => [l.name, l.lo, l.hi]).filter(Boolean));
    expect(drawn.sort()).toEqual([...names].sort());
  });

  it("charts the azr recipe's figures by type under Rollout and its benchmark accuracy in the headline", () => {
    const types = ['deduction', 'abduction', 'induction'];
    const names = [
      ...types.flatMap((t) => [`azr/valid_rate/${t}`, `azr/buffer_size/${t}`, `benchmark/${t}`]),
      'benchmark/all',
      'azr/mystery/deduction',
      'loss',
    ];
    const specs = chartLayout(names);
    expect(specs.map((s) => [s.group, s.id])).toEqual([
      ['headline', 'benchmark'],
      ['optimisation', 'loss'],
      ['rollout', 'azr/buffer_size'],
      ['rollout', 'azr/valid_rate'],
      ['other', 'azr/mystery/deduction'],
    ]);
    expect(specs[0]!.lines.map((l) => l.label)).toEqual(['abduction', 'all', 'deduction', 'induction']);
    expect(specs[3]!.lines.map((l) => l.name)).toEqual(types.map((t) => `azr/valid_rate/${t}`).sort());
    expect(specs[3]!.yLabel).toBe('share of proposals that are valid tasks');
  });

  it("charts the azr judge's figures like the others, one chart per figure with a line per type", () => {
    const figures = ['judge_agreement', 'judge_invalid', 'judge_false_accept', 'judge_false_reject', 'solve_reward'];
    const names = figures.flatMap((f) => ['deduction', 'abduction', 'induction'].map((t) => `azr/${f}/${t}`));
    const specs = chartLayout(names);
    expect(specs.map((s) => [s.group, s.id, s.lines.length])).toEqual(
      figures.map((f) => ['rollout', `azr/${f}`, 3]).sort((a, b) => String(a[1]).localeCompare(String(b[1]))),
    );
  });

  it("charts SPC's step figures under Rollout and the critic's held-out accuracy in the headline", () => {
    const specs = chartLayout([
      'critic/localisation',
      'critic/clean',
      'critic/unreadable',
      'spc/corrupt_valid_rate',
      'spc/critic_localisation',
      'spc/mystery',
    ]);
    expect(specs.map((s) => [s.group, s.id])).toEqual([
      ['headline', 'critic'],
      ['rollout', 'spc/corrupt_valid_rate'],
      ['rollout', 'spc/critic_localisation'],
      ['other', 'spc/mystery'],
    ]);
    expect(specs[0]!.lines.map((l) => l.label).sort()).toEqual(['clean', 'localisation', 'unreadable']);
    expect(specs[1]!.yLabel).toBe("share of the sneaky's rewrites that are wrong steps");
  });
});

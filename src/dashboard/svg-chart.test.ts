import { describe, expect, it } from 'vitest';
import { chartSpecs } from './metric-series.ts';
import { svgLineChart } from './svg-chart.ts';

describe('svgLineChart', () => {
  it('maps the lowest point to the bottom and the highest to the top of the plot', () => {
    const svg = svgLineChart({
      title: 'loss',
      series: [
        {
          label: 'loss',
          points: [
            [0, 3],
            [1, 1],
            [2, 2],
          ],
        },
      ],
      width: 200,
      height: 100,
    });
    const coords = /<polyline points="([^"]+)"/
      .exec(svg)?.[1]
      ?.split(' ')
      .map((p) => p.split(',').map(Number));
    expect(coords).toHaveLength(3);
    const ys = coords!.map((c) => c[1]!);
    expect(ys[0]).toBeLessThan(ys[2]!);
    expect(ys[2]).toBeLessThan(ys[1]!);
    expect(coords![0]![0]).toBeLessThan(coords![2]![0]!);
  });

  it('draws a constant or single-point series without NaN, and escapes the title', () => {
    const svg = svgLineChart({ title: '<b>', series: [{ label: 'x', points: [[5, 2]] }] });
    expect(svg).not.toContain('NaN');
    expect(svg).toContain('<circle');
    expect(svg).toContain('&#60;b&#62;');
  });
});

describe('chartSpecs', () => {
  it('folds /lo and /hi companions into bands and puts exploitability and win rates first', () => {
    const specs = chartSpecs([
      'loss',
      'winrate/random',
      'winrate/random/hi',
      'winrate/random/lo',
      'exploitability',
      'x/lo',
    ]);
    expect(specs.map((s) => s.name)).toEqual(['exploitability', 'winrate/random', 'loss', 'x/lo']);
    expect(specs[1]).toMatchObject({ lo: 'winrate/random/lo', hi: 'winrate/random/hi', prominent: true });
    expect(specs[2]).toEqual({ name: 'loss', prominent: false });
  });
});

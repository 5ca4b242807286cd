import { describe, expect, it } from 'vitest';
import { distinctLabels, svgLineChart } from './svg-chart.ts';

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

  it('draws a log axis by decades, leaving out values ≤ 0 and saying so', () => {
    const svg = svgLineChart({
      title: 'exploitability',
      scale: 'log',
      yLabel: 'exploitability (game payoff units)',
      reference: { value: 0, label: 'Nash' },
      series: [
        {
          label: 'greedy',
          points: [
            [0, 0.4],
            [10, 0.004],
            [20, 0],
          ],
        },
      ],
    });
    expect(svg).toContain('data-scale="log"');
    expect(svg).toContain('values ≤ 0 not drawn');
    const ticks = [...svg.matchAll(/text-anchor="end" dominant-baseline="middle">([^<]+)</g)].map((m) => m[1]);
    expect(ticks).toEqual(['0.001', '0.01', '0.1', '1']);
    const points = /<polyline points="([^"]+)"/.exec(svg)?.[1]?.split(' ');
    expect(points).toHaveLength(2);
    // The Nash line at 0 has no place on a log axis; on a linear one it is drawn.
    expect(svg).not.toContain('stroke-dasharray');
    const linear = svgLineChart({
      title: 'e',
      reference: { value: 0, label: 'Nash' },
      series: [
        {
          label: 'e',
          points: [
            [0, 0.4],
            [1, 0.2],
          ],
        },
      ],
    });
    expect(linear).toContain('stroke-dasharray');
    expect(linear).toContain('>Nash<');
  });

  it('labels ticks with as many digits as it takes for neighbours to differ', () => {
    expect(distinctLabels([0.001, 0.00101, 0.00102])).toEqual(['0.001', '0.00101', '0.00102']);
    expect(distinctLabels([0.0291, 0.02925, 0.0294])).toEqual(['0.0291', '0.0293', '0.0294']);
    expect(distinctLabels([0, 0.5, 1])).toEqual(['0', '0.5', '1']);
    expect(distinctLabels([200000, 400000])).toEqual(['2e+5', '4e+5']);
    expect(distinctLabels([0.00002, 0.00004])).toEqual(['2e-5', '4e-5']);
  });
});

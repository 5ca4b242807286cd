import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../cli/main.ts';
import { openRunStore } from '../store/run-store.ts';
import { captureIo } from '../testing/capture-io.ts';
import { makeArenaRun, makeCfrRun, makeTrainRun } from './__fixtures__/make-runs.ts';
import { chartLayout } from './chart-layout.ts';
import { renderReport } from './report.ts';

const root = mkdtempSync(join(tmpdir(), 'selfplay-report-'));

beforeAll(async () => {
  await makeArenaRun(join(root, 'arena'));
  await makeCfrRun({ dir: join(root, 'cfr'), steps: 4 });
  await makeTrainRun(join(root, 'train'));
});

/** Everything a browser would fetch: src/href attributes and CSS url(); none may leave the file. */
function externalReferences(html: string): string[] {
  return [...html.matchAll(/\b(?:src|href)\s*=\s*["']?([^"'\s>]+)|url\(([^)]*)\)|https?:\/\//gi)].map((m) => m[0]);
}

describe('selfplay report', () => {
  it('writes a self-contained page with one inline SVG per metric, CI bands and the Kuhn table', async () => {
    const out = join(root, 'cfr.html');
    const io = captureIo();
    expect(await main(['report', join(root, 'cfr'), '--out', out], io)).toBe(0);
    expect(io.out()).toContain(out);
    const html = readFileSync(out, 'utf8');
    expect(externalReferences(html)).toEqual([]);
    expect(html).not.toContain('<script');
    // The headline panel first (exploitability on a log axis, with the Kuhn table), then the groups, collapsed:
    // winrate/random with its /lo and /hi drawn as the band, and invalid_rate.
    const svgs = [...html.matchAll(/<svg[^>]*aria-label="([^"]*)" data-scale="(\w+)"/g)].map((m) => [m[1], m[2]]);
    expect(svgs).toEqual([
      ['exploitability', 'log'],
      ['winrate/random', 'linear'],
      ['invalid_rate', 'linear'],
    ]);
    expect(html.match(/<polygon /g)).toHaveLength(1);
    const headline = html.indexOf('<section class="headline">');
    expect(headline).toBeGreaterThan(0);
    expect(html.indexOf('Kuhn strategy vs the Nash family')).toBeGreaterThan(headline);
    expect(html.indexOf('Kuhn strategy vs the Nash family')).toBeLessThan(html.indexOf('data-group="evaluation"'));
    expect(html).toMatch(/<details class="group" data-group="evaluation"><summary>Evaluation \(1\)/);
    expect(html).toContain('Kuhn strategy vs the Nash family');
    expect(html).toContain('P1 K, facing a bet: call');
    expect(html).toContain('Checkpoints');
  });

  it('charts every metric a real training run logged, each once', () => {
    const html = renderReport({ runDir: join(root, 'train') });
    expect(externalReferences(html)).toEqual([]);
    const store = openRunStore({ dir: join(root, 'train'), readonly: true });
    const names = [...new Set(store.metrics().map((m) => m.name))];
    store.close();
    const labels = [...html.matchAll(/<svg[^>]*aria-label="([^"]*)"/g)].map((m) => m[1]);
    expect(labels.sort()).toEqual(
      chartLayout(names)
        .map((s) => s.title)
        .sort(),
    );
    expect(labels).toContain('loss');
    expect(html).toContain('P0 J, opening: bet (bluff)');
  });

  it('includes arena tables and every transcript turn, escaping model text', async () => {
    const html = renderReport({ runDir: join(root, 'arena') });
    expect(externalReferences(html)).toEqual([]);
    expect(html).toContain('OpenSkill ratings');
    expect(html).toContain('mean return of row vs column');
    expect(html.match(/<details class="episode">/g)).toHaveLength(6);
    expect(html).toContain('observation');

    const dir = join(root, 'hostile');
    const store = openRunStore({ dir });
    store.init({ id: 'hostile', kind: 'eval', config: {} });
    store.addEpisodes([
      {
        step: 0,
        game: 'kuhn-poker',
        seed: 1,
        returns: [-1, 1],
        outcome: 'invalid-move',
        transcript: {
          turns: [
            { turn: 0, player: 0, observation: 'o', answer: '<img src=x onerror=alert(1)>', invalidReason: 'no move' },
          ],
        },
      },
    ]);
    store.close();
    const hostile = renderReport({ runDir: dir });
    expect(hostile).not.toContain('<img');
    expect(hostile).toContain('invalid: no move');
    expect(hostile).toContain('No metrics recorded');
  });

  it('refuses a folder that is not a run, with a usage error', async () => {
    const io = captureIo();
    expect(await main(['report', join(root, 'missing')], io)).toBe(2);
    expect(io.err()).toContain('not a run folder');
  });
});

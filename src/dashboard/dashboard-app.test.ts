import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openRunStore } from '../store/run-store.ts';
import { makeArenaRun, makeCfrRun, makeTrainRun } from './__fixtures__/make-runs.ts';
import { createDashboardApp } from './dashboard-app.ts';
import { pageAssetPaths } from './static-assets.ts';

const root = mkdtempSync(join(tmpdir(), 'selfplay-dashboard-'));
const app = createDashboardApp({ root });
const getJson = async (path: string, status = 200) => {
  const response = await app.request(path);
  expect(response.status, path).toBe(status);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- bodies are checked field by field below
  return (await response.json()) as any;
};

beforeAll(async () => {
  await makeArenaRun(join(root, 'arena-1'));
  await makeCfrRun({ dir: join(root, 'cfr-1'), steps: 6 });
  await makeTrainRun(join(root, 'train-1'));
  const store = openRunStore({ dir: join(root, 'metrics-1') });
  store.init({ id: 'metrics-1', kind: 'train', config: { lr: 0.01 } });
  store.addMetrics(1, { loss: 2, entropy: 1.5 });
  store.addMetrics(2, { loss: 1.25 });
  store.close();
});

describe('dashboard API', () => {
  it('lists every run with kind, status and summary, but not its config', async () => {
    const runs = await getJson('/api/runs');
    expect(runs.map((r: { id: string }) => r.id).sort()).toEqual(['arena-1', 'cfr-1', 'metrics-1', 'train-1']);
    const arena = runs.find((r: { id: string }) => r.id === 'arena-1');
    expect(arena).toMatchObject({ kind: 'arena', status: 'finished', summary: { players: 2, games: 6 } });
    expect(arena.config).toBeUndefined();
    const sameRoot = createDashboardApp({ root: `${root}/./` });
    const ids = (await (await sameRoot.request('/api/runs')).json()) as { id: string }[];
    expect(ids.map((r) => r.id).sort()).toEqual(['arena-1', 'cfr-1', 'metrics-1', 'train-1']);
  });

  it('gives one run its meta, config, metric names and what results it holds', async () => {
    const run = await getJson('/api/runs/arena-1');
    expect(run).toMatchObject({
      id: 'arena-1',
      kind: 'arena',
      config: { players: { rand: 'random', eq: 'nash' }, games: ['kuhn-poker'], gamesPerPair: 6 },
      episodes: 6,
      games: ['kuhn-poker'],
      results: { arena: true, strategyTables: false },
    });
    const cfr = await getJson('/api/runs/cfr-1');
    expect(cfr.metricNames).toEqual([
      'exploitability',
      'invalid_rate',
      'winrate/random',
      'winrate/random/hi',
      'winrate/random/lo',
    ]);
    expect(cfr).toMatchObject({ checkpoints: 1, results: { strategyTables: true } });
  });

  it('serves metrics as series, all or by name, with chart specs that fold CI companions into bands', async () => {
    const all = await getJson('/api/runs/metrics-1/metrics');
    expect(all.series).toEqual({
      loss: [
        [1, 2],
        [2, 1.25],
      ],
      entropy: [[1, 1.5]],
    });
    expect(all.lastRow).toBe(3);
    const some = await getJson('/api/runs/cfr-1/metrics?names=exploitability');
    expect(Object.keys(some.series)).toEqual(['exploitability']);
    expect(some.series.exploitability).toHaveLength(6);
    // CFR+ drives exploitability down: the last step is well below the first.
    const curve = some.series.exploitability.map((p: number[]) => p[1]);
    expect(curve.at(-1)).toBeLessThan(curve[0] / 2);
    // The layout covers every metric of the run, whichever series were asked for: exploitability leads on a log axis.
    expect(some.charts[0]).toMatchObject({
      id: 'exploitability',
      group: 'headline',
      scale: 'log',
      lines: [{ name: 'exploitability', label: 'evaluated weights' }],
    });
    expect(some.charts).toContainEqual(
      expect.objectContaining({
        id: 'winrate/random',
        group: 'evaluation',
        lines: [{ name: 'winrate/random', label: 'winrate/random', lo: 'winrate/random/lo', hi: 'winrate/random/hi' }],
      }),
    );
    expect(some.charts.map((c: { id: string }) => c.id)).not.toContain('winrate/random/lo');
    expect(some.groups.map((g: { group: string }) => g.group)).toEqual([
      'headline',
      'evaluation',
      'optimisation',
      'throughput',
      'rollout',
      'other',
    ]);
  });

  it('reads what the real trainer writes: banded evaluation charts first, baselines, the Kuhn table', async () => {
    const metrics = await getJson('/api/runs/train-1/metrics');
    const charts = metrics.charts.map((c: { id: string; group: string }) => `${c.group}:${c.id}`);
    expect(charts.slice(0, 3)).toEqual(['headline:exploitability', 'headline:return', 'evaluation:entropy']);
    expect(metrics.charts[1].lines[0]).toMatchObject({ lo: 'return/random/lo', hi: 'return/random/hi' });
    expect(charts).toEqual(
      expect.arrayContaining([
        'optimisation:loss',
        'rollout:invalid_rate',
        'throughput:tokens_per_s',
        'optimisation:baseline/kuhn-poker#0',
      ]),
    );
    expect(metrics.series.exploitability.map((p: number[]) => p[0])).toEqual([0, 1, 2, 3]);
    const [trained] = (await getJson('/api/runs/train-1/strategy-tables')).tables;
    expect(trained).toMatchObject({ game: 'kuhn-poker', title: 'Kuhn strategy vs the Nash family (α ∈ [0, 1/3])' });
    expect(trained.rows).toHaveLength(12);
    const episodes = await getJson('/api/runs/train-1/episodes?limit=1');
    expect(episodes.total).toBe(6);
    expect(episodes.episodes[0].transcript.turns[0].answer.length).toBeGreaterThan(0);
    expect(await getJson('/api/runs/train-1/checkpoints')).toEqual([expect.objectContaining({ step: 3 })]);
  });

  it('pages episodes newest first, filters by game, and keeps each turn of the transcript', async () => {
    const first = await getJson('/api/runs/arena-1/episodes?limit=4');
    const second = await getJson('/api/runs/arena-1/episodes?limit=4&offset=4');
    expect(first).toMatchObject({ total: 6, offset: 0, limit: 4 });
    expect(first.episodes).toHaveLength(4);
    expect(second.episodes).toHaveLength(2);
    const seeds = [...first.episodes, ...second.episodes].map((e: { seed: number }) => e.seed);
    expect(new Set(seeds.map(String)).size).toBeGreaterThan(1);
    const episode = first.episodes[0];
    expect(episode.transcript.seats.sort()).toEqual(['eq', 'rand']);
    const turn = episode.transcript.turns[0];
    expect(turn).toMatchObject({ turn: 0, player: 0 });
    expect(turn.observation.length).toBeGreaterThan(0);
    expect(turn.move).toBe(turn.answer);
    expect((await getJson('/api/runs/arena-1/episodes?game=leduc-poker')).total).toBe(0);
    await getJson('/api/runs/arena-1/episodes?limit=0', 400);
  });

  it('turns the arena result into ratings and row-player matrices', async () => {
    const view = await getJson('/api/runs/arena-1/arena');
    expect(view.ratings.map((r: [string]) => r[0]).sort()).toEqual(['eq', 'rand']);
    const [g] = view.games;
    const i = g.players.indexOf('eq');
    const j = g.players.indexOf('rand');
    expect(g.score[i][i]).toBeNull();
    expect(g.score[i][j].value + g.score[j][i].value).toBeCloseTo(1);
    expect(g.meanReturn[i][j].value).toBeCloseTo(-g.meanReturn[j][i].value);
    expect(g.invalid).toContainEqual({ player: 'eq', invalid: 0, games: 6 });
    await getJson('/api/runs/metrics-1/arena', 404);
  });

  it('puts the learned Kuhn strategy beside the Nash family, and explains a result it cannot read', async () => {
    const { tables } = await getJson('/api/runs/cfr-1/strategy-tables');
    expect(tables).toHaveLength(1);
    const [kuhn] = tables;
    expect(kuhn).toMatchObject({ game: 'kuhn-poker', move: 'bet / call', equilibrium: 'Nash family' });
    expect(kuhn.rows).toHaveLength(12);
    const kingFacingBet = kuhn.rows.find((r: { key: string }) => r.key === '2b');
    expect(kingFacingBet).toMatchObject({ nashLow: 1, nashHigh: 1 });
    // CFR+ after 6 iterations already calls with the King nearly always.
    expect(kingFacingBet.learned).toBeGreaterThan(0.9);
    const jackOpens = kuhn.rows.find((r: { key: string }) => r.key === '0');
    expect(jackOpens.nashLow).toBe(0);
    expect(jackOpens.nashHigh).toBeCloseTo(1 / 3);

    const store = openRunStore({ dir: join(root, 'metrics-1') });
    store.setResult('strategy-tables', { step: 3, rows: 'not rows' });
    store.close();
    expect((await getJson('/api/runs/metrics-1/strategy-tables', 422)).error).toContain('docs/dashboard.md');
  });

  it('lists checkpoints and returns named results', async () => {
    const checkpoints = await getJson('/api/runs/cfr-1/checkpoints');
    expect(checkpoints).toEqual([expect.objectContaining({ step: 6, path: expect.stringContaining('policy-step-6') })]);
    expect((await getJson('/api/runs/arena-1/results/arena')).pairs).toHaveLength(1);
    await getJson('/api/runs/arena-1/results/nothing', 404);
  });

  it('answers 404 with a hint for unknown or malicious run ids', async () => {
    expect((await getJson('/api/runs/nope', 404)).error).toContain('selfplay runs');
    await getJson('/api/runs/..%2F..%2Fetc', 404);
    await getJson('/api/runs/.hidden', 404);
    await getJson('/api/runs/nope/events', 404);
  });

  it('serves the page and every asset from the package, with no external reference', async () => {
    for (const path of pageAssetPaths) {
      const response = await app.request(path);
      expect(response.status, path).toBe(200);
      const text = await response.text();
      expect(text.length, path).toBeGreaterThan(0);
      if (!path.startsWith('/vendor/')) expect(text, path).not.toMatch(/https?:\/\//);
    }
    const html = await (await app.request('/')).text();
    expect(html).toContain('/vendor/uPlot.iife.min.js');
  });
});

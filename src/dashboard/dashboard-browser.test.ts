import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRunStore } from '../store/run-store.ts';
import { makeArenaRun, makeCfrRun, makeTrainRun } from './__fixtures__/make-runs.ts';
import { type RunningDashboard, startDashboard } from './start-dashboard.ts';

// Debian's package; .ci/run installs it. Playwright's own browser download is not used (no network in CI).
/** The little of HTMLCanvasElement the pixel check uses (the project's tsconfig has no DOM lib). */
type Box = { dataset: Record<string, string | undefined> };
type Canvas = {
  width: number;
  height: number;
  getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } };
};

const chromiumPath = process.env.SELFPLAY_CHROMIUM ?? '/usr/bin/chromium';
const haveChromium = existsSync(chromiumPath);
if (!haveChromium)
  console.warn(`dashboard browser test skipped: no Chromium at ${chromiumPath} (apt-get install -y chromium)`);

describe.skipIf(!haveChromium)('dashboard in headless Chromium', () => {
  const root = mkdtempSync(join(tmpdir(), 'selfplay-browser-'));
  let dashboard: RunningDashboard;
  let browser: Browser;

  beforeAll(async () => {
    await makeTrainRun(join(root, 'train-1'));
    await makeCfrRun({ dir: join(root, 'cfr-1'), steps: 8 });
    await makeArenaRun(join(root, 'arena-1'));
    dashboard = await startDashboard({ root, port: 0, pollMs: 100 });
    browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
  });
  afterAll(async () => {
    await browser?.close();
    await dashboard?.close();
  });

  it('draws the run charts, steps through a replay, and takes live points', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1800 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${dashboard.url}#run=train-1`);
    await page.waitForSelector('body[data-ready="true"]');

    expect(await page.locator('#runs tr[data-run]').count()).toBe(3);
    // The headline panel leads: exploitability on a log axis, then the returns against random and Nash.
    const headline = page.locator('[data-headline]');
    const headlineCharts = headline.locator('.chart-box');
    expect(await headlineCharts.evaluateAll((boxes) => boxes.map((b) => (b as unknown as Box).dataset.chart))).toEqual([
      'exploitability',
      'return',
    ]);
    const exploitabilityBox = page.locator('.chart-box[data-chart="exploitability"]');
    expect(await exploitabilityBox.getAttribute('data-scale')).toBe('log');
    expect(await headline.locator('.figures').textContent()).toMatch(
      /exploitability: evaluated weights [\d.]+ → [\d.]+/,
    );
    // Log ticks are positive multiples of powers of ten; every chart's tick labels differ from their neighbours.
    const logTicks = (await exploitabilityBox.getAttribute('data-y-ticks'))!.split('|').filter(Boolean).map(Number);
    expect(logTicks.length).toBeGreaterThan(1);
    for (const t of logTicks) {
      const mantissa = t / 10 ** Math.floor(Math.log10(t));
      expect(mantissa).toBeCloseTo(Math.round(mantissa), 9);
    }
    for (const ticks of await page
      .locator('.chart-box[data-y-ticks]')
      .evaluateAll((boxes) => boxes.map((b) => (b as unknown as Box).dataset.yTicks!.split('|'))))
      expect(new Set(ticks).size).toBe(ticks.length);
    // Secondary metrics sit in named groups, collapsed.
    const groups = await page
      .locator('details.group')
      .evaluateAll((ds) =>
        ds.map((d) => [(d as unknown as Box).dataset.group, (d as unknown as { open: boolean }).open]),
      );
    expect(groups).toEqual([
      ['evaluation', false],
      ['optimisation', false],
      ['throughput', false],
      ['rollout', false],
    ]);
    expect(await page.locator('details.group[data-group="optimisation"] .chart-box[data-chart="loss"]').count()).toBe(
      1,
    );
    // The reader can switch the axis.
    await exploitabilityBox.locator('.scale-toggle').click();
    expect(await exploitabilityBox.getAttribute('data-scale')).toBe('linear');
    // uPlot drew the curve: the exploitability canvas holds pixels of the series colour.
    const blue = await page.locator('.chart-box[data-chart="exploitability"] canvas').evaluate((element: unknown) => {
      const canvas = element as Canvas;
      const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
      let n = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i + 2]! > 200 && data[i]! < 80 && data[i + 1]! < 140) n++;
      return n;
    });
    expect(blue).toBeGreaterThan(50);

    const replay = page.locator('[data-replay]');
    await expect.poll(() => replay.locator('[data-reply]').textContent()).toMatch(/\S/);
    const firstRole = await replay.locator('.role').textContent();
    await replay.locator('[data-next]').click();
    expect(await replay.locator('.role').textContent()).not.toBe(firstRole);
    expect(await replay.locator('.move, .invalid').count()).toBe(1);
    expect(await page.locator('[data-strategy-table="kuhn-poker"] tbody tr').count()).toBe(12);

    // A point written while the page is open reaches its chart over SSE.
    const store = openRunStore({ dir: join(root, 'train-1') });
    store.addMetrics(4, { late_metric: 0.5 });
    store.close();
    await page.waitForSelector('details.group[data-group="other"] .chart-box[data-chart="late_metric"] canvas', {
      state: 'attached',
      timeout: 5000,
    });
    expect(await page.locator('#live').textContent()).toMatch(/live/);
    await page.screenshot({ path: join(tmpdir(), 'selfplay-dashboard-run.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  it('shows arena tables and compares runs on one chart', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1400 } });
    await page.goto(`${dashboard.url}#run=arena-1`);
    await page.waitForSelector('body[data-ready="true"]');
    await page.waitForSelector('[data-arena] table');
    expect(await page.locator('[data-arena] table').count()).toBe(5); // payoff rating, Nash averaging, OpenSkill, two matrices
    await page.locator('#runs tr[data-run="cfr-1"] input').check();
    await page.locator('#runs tr[data-run="train-1"] input').check();
    // Each tick redraws the controls; pick the metric once they list both runs.
    await expect.poll(() => page.locator('#compare-controls').textContent()).toMatch(/^2 runs/);
    await page.locator('#compare-controls select').selectOption('exploitability');
    await page.locator('#compare-controls button').click();
    await page.waitForSelector('#compare-chart canvas');
    expect(await page.locator('#compare-chart .chart-title span').textContent()).toBe('exploitability — 2 runs');
    // Compared on the axis the runs' pages use for it.
    expect(await page.locator('#compare-chart .chart-box').getAttribute('data-scale')).toBe('log');
    expect(await page.locator('#compare-chart .u-legend .u-series').count()).toBe(3);
    await page.screenshot({ path: join(tmpdir(), 'selfplay-dashboard-arena.png'), fullPage: true });
  });

  it('refreshes the run list while a run is going, keeping the ticks', async () => {
    const dir = join(root, 'live-1');
    const writer = openRunStore({ dir });
    writer.init({ id: 'live-1', kind: 'train', config: {} });
    const page = await browser.newPage();
    await page.goto(dashboard.url);
    await page.waitForSelector('body[data-ready="true"]');
    await page.locator('#runs tr[data-run="cfr-1"] input').check();
    expect(await page.locator('#runs tr[data-run="live-1"] .status-running').count()).toBe(1);
    writer.updateSummary({ exploitability: 0.25 });
    writer.setStatus('finished');
    writer.close();
    await page.waitForSelector('#runs tr[data-run="live-1"] .status-finished', { timeout: 8000 });
    expect(await page.locator('#runs tr[data-run="live-1"]').textContent()).toContain('exploitability=0.25');
    expect(await page.locator('#runs tr[data-run="cfr-1"] input').isChecked()).toBe(true);
  });
});

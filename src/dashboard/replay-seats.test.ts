import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRunStore } from '../store/run-store.ts';
import { makeFreeForAllRun } from './__fixtures__/make-runs.ts';
import { renderReport } from './report.ts';
import { type RunningDashboard, startDashboard } from './start-dashboard.ts';

const root = mkdtempSync(join(tmpdir(), 'selfplay-seats-'));
beforeAll(async () => {
  await makeFreeForAllRun(join(root, 'ffa-1'));
});

describe('a stored three-player game', () => {
  it('lists its three seats in the static report', () => {
    const store = openRunStore({ dir: join(root, 'ffa-1'), readonly: true });
    try {
      const episodes = store.episodes({ limit: 100 });
      expect(episodes).toHaveLength(12); // 4 tables × 1 deal × 3 rotations
      for (const e of episodes) expect(new Set((e.transcript as { seats: string[] }).seats).size).toBe(3);
    } finally {
      store.close();
    }
    const html = renderReport({ runDir: join(root, 'ffa-1') });
    expect(html).toContain('unique-bid-3: free-for-all of 3 players a table, OpenSkill over games');
    expect(html).toMatch(/ · (ann|bob|cy|dee) vs (ann|bob|cy|dee) vs (ann|bob|cy|dee)<\/summary>/);
  });
});

// Debian's package, as in dashboard-browser.test.ts; skipped without it.
const chromiumPath = process.env.SELFPLAY_CHROMIUM ?? '/usr/bin/chromium';
const haveChromium = existsSync(chromiumPath);

describe.skipIf(!haveChromium)('replaying a three-player game in headless Chromium', () => {
  let dashboard: RunningDashboard;
  let browser: Browser;
  beforeAll(async () => {
    dashboard = await startDashboard({ root, port: 0, pollMs: 100 });
    browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
  });
  afterAll(async () => {
    await browser?.close();
    await dashboard?.close();
  });

  it('shows every seat with its player and return, and the free-for-all table', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1400 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${dashboard.url}#run=ffa-1`);
    await page.waitForSelector('body[data-ready="true"]');
    const seats = page.locator('[data-replay] [data-seats] [data-seat]');
    await expect.poll(() => seats.count()).toBe(3);
    const names = await seats.allTextContents();
    expect(names.map((t) => /^P(\d) (\w+): [\d.]+$/.exec(t)?.slice(1, 3))).toEqual([
      ['0', expect.stringMatching(/^(ann|bob|cy|dee)$/)],
      ['1', expect.stringMatching(/^(ann|bob|cy|dee)$/)],
      ['2', expect.stringMatching(/^(ann|bob|cy|dee)$/)],
    ]);
    expect(new Set(names.map((t) => t.split(' ')[1])).size).toBe(3);
    // Stepping through the turns names each seat's player.
    const roles: string[] = [];
    for (let k = 0; k < 3; k++) {
      roles.push((await page.locator('[data-replay] .role').textContent()) ?? '');
      await page.locator('[data-replay] [data-next]').click();
    }
    expect(roles.map((r) => /\(seat (\d)\)/.exec(r)?.[1])).toEqual(['0', '1', '2']);
    await page.waitForSelector('[data-arena] table');
    expect(await page.locator('[data-arena] h3').allTextContents()).toContain(
      'unique-bid-3: free-for-all of 3 players a table, OpenSkill over games',
    );
    expect(errors).toEqual([]);
  });
});

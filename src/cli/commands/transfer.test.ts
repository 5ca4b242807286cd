import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arenaResultSchema, arenaView } from '../../dashboard/arena-view.ts';
import { saveTinyCheckpoint } from '../../serve/__fixtures__/tiny-server.ts';
import { kuhnNashPolicy, policyToJson } from '../../solvers/index.ts';
import { openRunStore } from '../../store/run-store.ts';
import { captureIo } from '../../testing/capture-io.ts';
import { main } from '../main.ts';

let root = '';
let checkpoint = '';
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'transfer-cli-'));
  checkpoint = await saveTinyCheckpoint(); // context 128: compact Kuhn and Tic-Tac-Toe fit, Truth and Deception not
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
  await rm(checkpoint, { recursive: true, force: true });
});

const lastLine = (text: string) => text.trimEnd().split('\n').at(-1);

describe('selfplay transfer', () => {
  it("prints SPIRAL's layout, skips the game the checkpoint cannot read, and stores an arena the dashboard reads", async () => {
    const dir = join(root, 'lm');
    const io = captureIo();
    const games = 'kuhn-poker,truth-and-deception,tic-tac-toe';
    const args = ['transfer', '--checkpoint', checkpoint, '--format', 'compact', '--games', games];
    expect(await main([...args, '--games-per-pair', '4', '--run-dir', dir], io)).toBe(0);
    const out = io.out();
    expect(out).toMatch(/\n {2,}kuhn-poker +truth-and-deception +tic-tac-toe +average \(2\)\n/);
    expect(out).toMatch(/\nwin rate +\d\.\d\d ± \d\.\d\d +skipped +\d\.\d\d ± \d\.\d\d +\d\.\d\d ± \d\.\d\d\n/);
    expect(out).toMatch(/truth-and-deception: an observation takes \d+ tokens, and the model's context of 128/);
    expect(lastLine(out)).toMatch(/^average win rate \d\.\d{3}$/);

    const store = openRunStore({ dir, readonly: true });
    try {
      expect(store.meta()).toMatchObject({ kind: 'arena', status: 'finished' });
      const view = arenaView(arenaResultSchema.parse(store.result('arena')));
      expect(view.games.map((g) => g.game)).toEqual(['kuhn-poker', 'tic-tac-toe']);
      expect(view.games[0]?.players).toHaveLength(2);
      expect(store.result('transfer')).toMatchObject({ opponent: 'random', gamesPerGame: 4 });
      expect(store.episodes().length).toBe(8);
    } finally {
      store.close();
    }
  });

  it('takes any player spec on both sides: nash and a table player', async () => {
    const file = join(root, 'nash.json');
    await writeFile(file, policyToJson(kuhnNashPolicy(0.1)));
    const io = captureIo();
    const args = ['transfer', '--player', `policy:${file}`, '--against', 'nash', '--games', 'kuhn-poker,tic-tac-toe'];
    expect(await main([...args, '--games-per-pair', '4', '--run-dir', join(root, 'table')], io)).toBe(0);
    // The Kuhn table has no rows for Tic-Tac-Toe: that game is skipped with the reader's reason.
    expect(io.out()).toMatch(/tic-tac-toe: policy:.*nash\.json: /);
    expect(lastLine(io.out())).toMatch(/^average win rate \d\.\d{3}$/);
  });

  it('names the bad flag and leaves no run folder behind', async () => {
    const cases = [
      [['--player', 'random', '--games-per-pair', '3'], '--games-per-pair must be even'],
      [['--player', 'random', '--checkpoint', checkpoint], 'exactly one of --checkpoint RUN or --player SPEC'],
      [['--games', 'kuhn-poker'], 'exactly one of --checkpoint RUN or --player SPEC'],
      [['--player', 'random', '--against', 'randm'], 'unknown player "randm" (did you mean "random"?)'],
      [['--player', 'random', '--format', 'tiny'], '--format must be one of full, compact'],
      [['--player', 'random', '--games', 'kuhn-poker,kuhn-poker'], '--games lists kuhn-poker twice'],
      [['--player', 'random', '--games', 'kuhn'], 'unknown game "kuhn"'],
      [['--checkpoint', join(root, 'nowhere')], 'no checkpoint or run folder at'],
    ] as const;
    for (const [k, [flags, message]] of cases.entries()) {
      const dir = join(root, `bad-${k}`);
      const io = captureIo();
      expect(await main(['transfer', '--games-per-pair', '2', '--run-dir', dir, ...flags], io)).toBe(2);
      expect(io.err()).toContain(message);
      expect(existsSync(dir)).toBe(false);
    }
  });
});

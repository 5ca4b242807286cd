import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { captureIo } from '../testing/capture-io.ts';
import { main } from './main.ts';

describe('the CLI fails cleanly', () => {
  it('prints the error and one line pointing at --help, not the whole usage text', async () => {
    const io = captureIo();
    expect(await main(['train', '--colour'], io)).toBe(2);
    const lines = io.err().trim().split('\n');
    expect(lines[0]).toContain('--colour');
    expect(lines.at(-1)).toBe('Run "selfplay train --help" for its options.');
    expect(io.err()).not.toContain('--preset NAME');
  });

  it('suggests the closest command', async () => {
    const io = captureIo();
    expect(await main(['trian'], io)).toBe(2);
    expect(io.err()).toContain('unknown command "trian" (did you mean "train"?)');
    expect(io.err()).toContain('selfplay --help');
  });

  it('refuses an unknown game or preset before a run folder is made', async () => {
    const root = await mkdtemp(join(tmpdir(), 'selfplay-cli-errors-'));
    for (const [args, message] of [
      [['--game', 'kuhn-pokr'], 'unknown game "kuhn-pokr" (did you mean "kuhn-poker"?)'],
      [['--games', 'kuhn-poker,chess'], 'unknown game "chess"; known games: kuhn-poker'],
      [['--preset', 'tic-tak-toe'], 'unknown preset "tic-tak-toe" (did you mean "tic-tac-toe"?); presets:'],
    ] as const) {
      const dir = join(root, args[1]);
      const io = captureIo();
      expect(await main(['train', ...args, '--steps', '1', '--run-dir', dir], io)).toBe(2);
      expect(io.err()).toContain(message);
      expect(existsSync(dir)).toBe(false);
    }
  });

  it('names the closest player spec, and an arena with a bad player makes no run folder', async () => {
    const root = await mkdtemp(join(tmpdir(), 'selfplay-cli-errors-'));
    const dir = join(root, 'arena');
    const io = captureIo();
    const args = ['arena', '--player', 'a=randm', '--player', 'b=nash', '--games-per-pair', '2', '--run-dir', dir];
    expect(await main(args, io)).toBe(2);
    expect(io.err()).toContain('unknown player "randm" (did you mean "random"?); use one of:');
    expect(io.err()).toContain('policy:FILE');
    expect(existsSync(dir)).toBe(false);
  });
});

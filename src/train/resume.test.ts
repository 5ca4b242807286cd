import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { openRunStore } from '../store/run-store.ts';
import { isRunDir } from '../store/runs-root.ts';

const bin = join(import.meta.dirname, '../../bin/selfplay.js');
// The small preset: the default one trains a bigger model than a test needs.
const settings = ['--preset', 'kuhn-poker-small', '--steps', '16', '--seed', '3'].concat(
  ...['rollout.gamesPerStep=8', 'evaluation.every=4', 'evaluation.vsRandomGames=0', 'checkpointEvery=2'].map((s) => [
    '--set',
    s,
  ]),
);

function run(args: string[]): { child: ChildProcess; done: Promise<number | null> } {
  const child = spawn(process.execPath, [bin, 'train', ...args], { stdio: 'ignore' });
  return { child, done: new Promise((resolve) => child.on('exit', (code) => resolve(code))) };
}

function readRun(dir: string) {
  const store = openRunStore({ dir, readonly: true });
  try {
    return { meta: store.meta(), latest: store.latestCheckpoint(), exploitability: store.metrics(['exploitability']) };
  } finally {
    store.close();
  }
}

describe('train --resume', () => {
  it('continues a run killed with SIGKILL and ends exactly where an uninterrupted run ends', async () => {
    const root = mkdtempSync(join(tmpdir(), 'selfplay-resume-'));
    const reference = run([...settings, '--run-dir', join(root, 'ref')]);
    expect(await reference.done).toBe(0);

    const killed = run([...settings, '--run-dir', join(root, 'k')]);
    let killedAt = -1;
    for (let i = 0; i < 600 && killedAt < 0; i++) {
      await sleep(50);
      if (!isRunDir(join(root, 'k'))) continue;
      let step: number;
      try {
        step = readRun(join(root, 'k')).latest?.step ?? 0;
      } catch {
        continue; // the file exists but its tables are not made yet
      }
      if (step >= 2) {
        killed.child.kill('SIGKILL');
        killedAt = step;
      }
    }
    await killed.done;
    expect(killedAt).toBeGreaterThanOrEqual(2);
    expect(readRun(join(root, 'k')).meta.status).toBe('running'); // the kill left it unfinished
    expect(readRun(join(root, 'k')).latest!.step).toBeLessThan(16);

    const resumed = run(['--resume', join(root, 'k')]);
    expect(await resumed.done).toBe(0);
    const [a, b] = [readRun(join(root, 'ref')), readRun(join(root, 'k'))];
    expect(b.meta.status).toBe('finished');
    expect(b.latest?.step).toBe(16);
    const finalOf = (r: typeof a) => r.exploitability.filter((m) => m.step === 16).map((m) => m.value);
    expect(finalOf(b)).toEqual(finalOf(a)); // same weights, RNG, baselines and step: the same policy
    expect(finalOf(a)).toHaveLength(1);
  }, 120_000);
});

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createModel, resolveModelConfig } from '../lm/index.ts';
import { createHeap, createKernels } from '../lm/kernels/index.ts';
import { startLearnerServer } from '../serve/learner-server/start-learner-server.ts';
import type { RunEvent, StepMetrics } from '../spec/run-events.ts';
import { openRunStore } from '../store/run-store.ts';
import { isRunDir } from '../store/runs-root.ts';
import { createRng } from '../util/rng.ts';
import { parseTrainConfig } from './train-config.ts';
import { train } from './trainer.ts';

const config = parseTrainConfig({
  steps: 3,
  seed: 2,
  threads: 1,
  model: { preset: 'small' },
  rollout: { gamesPerStep: 16 },
  regularization: { kind: 'magnet', eta: 0.2, magnetEvery: 0 },
  evaluation: { every: 3, vsRandomGames: 0 },
});

async function trained(options: Parameters<typeof train>[0]) {
  const steps: StepMetrics[] = [];
  const exploitability: number[] = [];
  await train({
    ...options,
    onEvent: (event: RunEvent) => {
      if (event.type === 'update-end') steps.push(event.metrics);
      if (event.type === 'eval-end' && event.evaluation.exploitability !== undefined)
        exploitability.push(event.evaluation.exploitability);
    },
  });
  return { losses: steps.map((m) => [m.loss, m.gradNorm, m.approxKl]), exploitability };
}

describe('training with the learner in another process', () => {
  it('gives the in-process run to the bit with the learner behind the Tinker API (learner-serve)', async () => {
    // The server starts from other weights (seed 99): the trainer uploads its own exact state before the first step.
    const kernels = createKernels({ heap: createHeap() });
    const modelConfig = resolveModelConfig({}, 'small');
    const server = await startLearnerServer({
      baseModel: 'selfplay-lm',
      newModel: () => createModel({ kernels, config: modelConfig, rng: createRng(99) }),
      port: 0,
    });
    try {
      const remote = await trained({ config, remoteLearner: { choice: { kind: 'tinker', url: server.url } } });
      const local = await trained({ config });
      expect(remote.losses).toEqual(local.losses);
      expect(remote.exploitability).toEqual(local.exploitability);
      expect(local.losses).toHaveLength(3);
    } finally {
      await server.close();
    }
  }, 120_000);

  it('reports a learner process killed mid-run, and --resume continues on a new one to the same end', async () => {
    const bin = join(import.meta.dirname, '../../bin/selfplay.js');
    const root = mkdtempSync(join(tmpdir(), 'selfplay-remote-'));
    const settings = ['--preset', 'kuhn-poker-small', '--steps', '12', '--seed', '3'].concat(
      ...['rollout.gamesPerStep=8', 'evaluation.every=4', 'evaluation.vsRandomGames=0', 'checkpointEvery=2'].map(
        (s) => ['--set', s],
      ),
    );
    const run = (args: string[]) => {
      const child: ChildProcess = spawn(process.execPath, [bin, 'train', ...args], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let text = '';
      child.stdout!.on('data', (c: Buffer) => (text += c.toString()));
      child.stderr!.on('data', (c: Buffer) => (text += c.toString()));
      const done = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      return { text: () => text, done };
    };
    const latestStep = (dir: string) => {
      if (!isRunDir(dir)) return 0;
      try {
        const store = openRunStore({ dir, readonly: true });
        try {
          return store.latestCheckpoint()?.step ?? 0;
        } finally {
          store.close();
        }
      } catch {
        return 0; // created but not initialised yet
      }
    };
    const final = (dir: string) => {
      const store = openRunStore({ dir, readonly: true });
      try {
        return store
          .metrics(['exploitability'])
          .filter((m) => m.step === 12)
          .map((m) => m.value);
      } finally {
        store.close();
      }
    };

    const reference = run([...settings, '--run-dir', join(root, 'ref')]);
    expect(await reference.done).toBe(0);

    const victim = run([...settings, '--run-dir', join(root, 'k'), '--learner', 'local-server']);
    let killedAt = 0;
    for (let i = 0; i < 1200 && killedAt === 0; i++) {
      await sleep(50);
      const pid = /learner-serve pid (\d+)/.exec(victim.text())?.[1];
      const step = latestStep(join(root, 'k'));
      if (pid && step >= 2) {
        process.kill(Number(pid), 'SIGKILL');
        killedAt = step;
      }
    }
    expect(killedAt).toBeGreaterThanOrEqual(2);
    expect(await victim.done).not.toBe(0);
    expect(victim.text()).toMatch(
      /the learner at http:\/\/127\.0\.0\.1:\d+ did not answer .*gave up after \d+ attempts/s,
    );

    const resumed = run(['--resume', join(root, 'k'), '--learner', 'local-server']);
    expect(await resumed.done).toBe(0);
    expect(final(join(root, 'k'))).toEqual(final(join(root, 'ref')));
    expect(final(join(root, 'ref'))).toHaveLength(1);
  }, 240_000);
});

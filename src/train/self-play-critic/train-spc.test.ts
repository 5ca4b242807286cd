import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stoppedAndResumed } from '../../testing/stopped-and-resumed.ts';
import { describe, expect, it } from 'vitest';
import { referenceTrace, traceText } from '../../executors/index.ts';
import { loadModel } from '../../lm/index.ts';
import { createHeap, createKernels } from '../../lm/kernels/index.ts';
import { saveTinyCheckpoint } from '../../serve/__fixtures__/tiny-server.ts';
import { openRunStore } from '../../store/run-store.ts';
import { listedWriter } from '../role-play/__fixtures__/listed-writer.ts';
import { parseSpcConfig, trainSpc } from './train-spc.ts';

/**
 * Replies drawn with the run's sampling RNG from short lists and scored by the role's model, so the rewards vary and
 * the weights learn: the solver writes the reference trace or junk, the sneaky a false or a true claim or junk, the
 * critic a step number or `none`. Traces depend on the drawn tasks, so a lost task RNG changes the weights.
 */
const writer = listedWriter((role, prompt, rng) => {
  const pick = <T>(list: readonly T[]) => list[rng.int(list.length)]!;
  if (role === 'solve') {
    const [, program, input] = /^Trace: (.*)\nInput: (-?\d+)$/.exec(prompt) ?? [];
    const trace = referenceTrace(program ?? '', Number(input));
    return pick([trace.ok ? traceText(trace.steps) : 'junk', 'junk']);
  }
  if (role === 'corrupt') return pick(['x = 123456', 'x+0 = 0', 'junk']);
  return pick(['1', '2', 'none']);
});

const traces = fileURLToPath(new URL('../../../data/tasks/spc-critic-200.jsonl', import.meta.url));

function tinyConfig(checkpoint: string) {
  return parseSpcConfig({
    recipe: 'spc',
    checkpoint,
    steps: 4,
    seed: 3,
    roles: 'separate',
    tasksPerStep: 3,
    corruptions: 3,
    cleanShare: 0.5,
    maxTraceBytes: 120,
    maxTokens: 48,
    epochs: 1,
    optim: { lr: 0.003 },
    loss: { kind: 'ppo-clip', clip: 0.2, normalizer: 48 },
    evaluation: { every: 4, traces, maxTokens: 4 },
    checkpointEvery: 2,
  });
}

describe('the SPC run (the role-play loop with the corrupt → critique protocol)', () => {
  it('records every role, and resumes to the same weights as an uninterrupted run (separate roles)', async () => {
    const base = await saveTinyCheckpoint({ seed: 5 });
    const config = tinyConfig(base);
    const root = await stoppedAndResumed({
      config,
      stopAfter: 2,
      prefix: 'selfplay-spc-resume-',
      train: (run) => trainSpc({ config, ...run, writer }),
    });

    const store = openRunStore({ dir: join(root, 'straight'), readonly: true });
    const rows = [...store.iterateSamples()];
    expect(new Set(rows.map((r) => r.game))).toEqual(new Set(['spc/solve', 'spc/corrupt', 'spc/critique']));
    expect(store.metrics(['critic/localisation']).map((m) => m.step)).toEqual([0, 4]);
    expect(store.metrics(['spc/corrupt_valid_rate']).map((m) => m.step)).toEqual([1, 2, 3, 4]);
    store.close();

    const kernels = createKernels({ heap: createHeap() });
    const weights = async (name: string, sub = '') =>
      (await loadModel(join(root, name, 'checkpoints', 'step-4', sub), { kernels })).model.params().slice();
    expect(await weights('stopped')).toEqual(await weights('straight'));
    // The sneaky's own weights, saved beside the critic's and the solver's, moved apart from them.
    expect(await weights('stopped', 'proposer')).toEqual(await weights('straight', 'proposer'));
    expect(await weights('straight', 'proposer')).not.toEqual(await weights('straight'));
  }, 60_000);
});

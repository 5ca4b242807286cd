import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stoppedAndResumed } from '../../testing/stopped-and-resumed.ts';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../lm/index.ts';
import { createHeap, createKernels } from '../../lm/kernels/index.ts';
import { saveTinyCheckpoint } from '../../serve/__fixtures__/tiny-server.ts';
import type { RunEvent } from '../../spec/run-events.ts';
import { openRunStore } from '../../store/run-store.ts';
import { parseProposeSolveConfig } from './propose-solve-config.ts';
import { listedWriter } from '../role-play/__fixtures__/listed-writer.ts';
import type { WriterFactory } from '../role-play/writer.ts';
import { trainProposeSolve } from './train-propose-solve.ts';

/**
 * Replies from short lists, drawn with the run's sampling RNG and scored by the role's model (`listedWriter`): valid
 * tasks and right answers often enough for the advantages, and so the weights, to depend on everything a checkpoint
 * must restore.
 */
const replies = {
  propose: ['lambda x: x+1 | 2', 'lambda x: x*2 | 3', 'lambda x: x-4 | 1', 'lambda x: 1//0 | 1', 'junk'],
  inputs: ['1, 2, 3, 4, 5', '0, 1, 2, 3, 4', '1, 1, 2, 3, 4', 'junk'],
  solve: ['1', '2', '3', '5', 'lambda x: x', 'lambda x: x+1', 'junk'],
  judge: ['yes', 'no', 'maybe'],
};
const listed = listedWriter((role, prompt, rng) => {
  const list =
    role === 'solve' || role === 'judge'
      ? replies[role]
      : prompt.startsWith('Propose inputs')
        ? replies.inputs
        : replies.propose;
  return list[rng.int(list.length)]!;
});

const benchmark = fileURLToPath(new URL('../../../data/tasks/benchmark-300.jsonl', import.meta.url));

/** The azr recipe at a test's size: a tiny random BASE, 2 proposals and 2 rollouts per type, 2 benchmark tasks a type. */
function tinyConfig(checkpoint: string, over: Record<string, unknown> = {}) {
  return parseProposeSolveConfig({
    recipe: 'azr',
    checkpoint,
    steps: 2,
    seed: 3,
    roles: 'shared',
    verifier: 'rule',
    proposalsPerType: 2,
    references: 6,
    solveSamples: 2,
    solveBatch: 2,
    bufferCap: 16,
    learnability: 'azr',
    maxTokens: 16,
    epochs: 1,
    optim: { lr: 0.003 },
    loss: { kind: 'ppo-clip', clip: 0.2, normalizer: 16 },
    evaluation: { every: 2, tasks: benchmark, perType: 2, maxTokens: 16 },
    checkpointEvery: 2,
    ...over,
  });
}

const perType = (name: string) => ['deduction', 'abduction', 'induction'].map((t) => `azr/${name}/${t}`);

describe('the propose → solve loop (azr recipe)', () => {
  it('records every metric and every reply as a sample row, evaluates at 0 and the end, and checkpoints', async () => {
    const base = await saveTinyCheckpoint({ seed: 4 });
    const dir = mkdtempSync(join(tmpdir(), 'selfplay-azr-'));
    const store = openRunStore({ dir });
    const config = tinyConfig(base);
    store.init({ id: 'azr', kind: 'train', config });
    const events: RunEvent[] = [];
    const steps: number[] = [];
    const result = await trainProposeSolve({
      config,
      store,
      onEvent: (e) => events.push(e),
      onStep: (step) => steps.push(step),
    });
    expect(result.steps).toBe(2);
    expect(steps).toEqual([1, 2]);
    expect(result.curve.map((p) => p.step)).toEqual([0, 2]);
    for (const name of [
      ...perType('valid_rate'),
      ...perType('format_error_rate'),
      ...perType('proposer_reward'),
      ...perType('buffer_size'),
      ...perType('buffer_diversity'),
      ...perType('new_tasks'),
      ...perType('solve_accuracy'),
      ...perType('solve_unreadable'),
      'loss',
      'seconds',
      'rollout_seconds',
      'update_seconds',
    ])
      expect(
        store.metrics([name]).map((m) => m.step),
        name,
      ).toEqual([1, 2]);
    for (const name of ['benchmark/deduction', 'benchmark/abduction', 'benchmark/induction', 'benchmark/all'])
      expect(
        store.metrics([name]).map((m) => m.step),
        name,
      ).toEqual([0, 2]);
    // Per step: 2 proposals and 2 solver answers per type.
    expect(store.sampleCount()).toBe(2 * 3 * (2 + 2));
    const rows = [...store.iterateSamples({ fromStep: 2, toStep: 2 })];
    expect(new Set(rows.map((r) => r.game))).toEqual(new Set(['azr/deduction', 'azr/abduction', 'azr/induction']));
    expect(rows.filter((r) => r.role === 0)).toHaveLength(6);
    expect(rows.filter((r) => r.role === 0 && r.prompt.startsWith('Propose'))).toHaveLength(6);
    for (const r of rows) {
      expect(Number.isFinite(r.advantage)).toBe(true);
      expect([-1, -0.5, 0, 1].includes(r.reward) || (r.reward > 0 && r.reward < 1)).toBe(true);
    }
    expect(store.latestCheckpoint()?.path).toBe(join('checkpoints', 'step-2'));
    expect(events.filter((e) => e.type === 'checkpoint-saved')).toHaveLength(1);
    store.close();
  }, 60_000);

  it("with the max verifier, asks the solver's model to judge, records its metrics and its rows as role 2", async () => {
    const base = await saveTinyCheckpoint({ seed: 4 });
    const dir = mkdtempSync(join(tmpdir(), 'selfplay-azr-judge-'));
    const store = openRunStore({ dir });
    const config = tinyConfig(base, { verifier: 'max' });
    store.init({ id: 'azr-judge', kind: 'train', config });
    const roles = new Set<string>();
    const writer: WriterFactory = (options) => {
      expect(options.models['judge']).toBe(options.models['solve']);
      const write = listed(options);
      return async (role, prompts) => {
        roles.add(role);
        return write(role, prompts);
      };
    };
    await trainProposeSolve({ config, store, writer });
    expect(roles).toEqual(new Set(['propose', 'solve', 'judge']));
    for (const name of [...perType('judge_agreement'), ...perType('judge_invalid'), ...perType('solve_reward')])
      expect(
        store.metrics([name]).map((m) => m.step),
        name,
      ).toEqual([1, 2]);
    const rows = [...store.iterateSamples({ fromStep: 1, toStep: 2 })];
    const judged = rows.filter((r) => r.role === 2);
    expect(judged.length).toBeGreaterThan(0);
    for (const r of judged) {
      expect(r.prompt).toMatch(/\nRight\?$/);
      expect([-1, 0, 1]).toContain(r.reward);
    }
    store.close();
  }, 60_000);

  it('resumes from a checkpoint and ends with the same weights as an uninterrupted run (separate roles)', async () => {
    const base = await saveTinyCheckpoint({ seed: 5 });
    const config = tinyConfig(base, { steps: 4, roles: 'separate', learnability: 'spell' });
    const root = await stoppedAndResumed({
      config,
      stopAfter: 2,
      prefix: 'selfplay-azr-resume-',
      train: (run) => trainProposeSolve({ config, ...run, writer: listed }),
    });
    const kernels = createKernels({ heap: createHeap() });
    const weights = async (name: string, sub = '') =>
      (await loadModel(join(root, name, 'checkpoints', 'step-4', sub), { kernels })).model.params().slice();
    expect(await weights('stopped')).toEqual(await weights('straight'));
    // The proposer's own weights, saved beside the solver's.
    expect(await weights('stopped', 'proposer')).toEqual(await weights('straight', 'proposer'));
    expect(await weights('straight', 'proposer')).not.toEqual(await weights('straight'));
    const store = openRunStore({ dir: join(root, 'stopped'), readonly: true });
    const straight = openRunStore({ dir: join(root, 'straight'), readonly: true });
    for (const name of ['benchmark/all', 'azr/buffer_size/deduction', 'azr/p_hat/abduction', 'loss'])
      expect(
        store.metrics([name]).map((m) => m.value),
        name,
      ).toEqual(straight.metrics([name]).map((m) => m.value));
    // The scripted proposer filled the buffers, so the run had something to learn from.
    expect(straight.metrics(['azr/buffer_size/deduction']).at(-1)!.value).toBeGreaterThan(1);
    store.close();
    straight.close();
  }, 120_000);
});

describe('propose → solve config', () => {
  it('names the bad key: an unknown learnability map or verifier lists the known ones', () => {
    expect(() => tinyConfig('base', { learnability: 'zpd' })).toThrow(/azr[\s\S]*stp[\s\S]*at learnability/);
    expect(() => tinyConfig('base', { verifier: 'oracle' })).toThrow(
      /unknown verifier "oracle"; use rule \(the executor\), judge \(.*\) or max \(.*\)[\s\S]*at verifier/,
    );
    expect(() => tinyConfig('base', { verifier: undefined })).toThrow(/no verifier; use rule/);
    for (const verifier of ['rule', 'judge', 'max']) expect(tinyConfig('base', { verifier }).verifier).toBe(verifier);
    expect(() => tinyConfig('base', { proposalsPerTyp: 3 })).toThrow(/proposalsPerTyp/);
  });
});

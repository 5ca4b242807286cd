import {
  corruptPrompt,
  critiquePrompt,
  firstWrongStep,
  isRightTrace,
  readCritique,
  readTrace,
  type TraceStep,
  tracePrompt,
} from '../../executors/index.ts';
import type { Rng } from '../../spec/rng.ts';
import { partitionedAdvantages } from '../propose-solve/partitioned-advantages.ts';
import type { ScoredReply, Writer } from '../role-play/writer.ts';
import { type Corruption, invalidCorruptionReward, judgeCorruption } from './corruption.ts';
import type { SpcStepSettings } from './spc-config.ts';
import { critiqueOutcome, traceReward } from './spc-rewards.ts';
import type { TaskSource, TracedTask } from './spc-tasks.ts';

export type SpcRole = 'solve' | 'corrupt' | 'critique';
export const spcRoles: readonly SpcRole[] = ['solve', 'corrupt', 'critique'];

/** A reply with what it earned: a training sample of its role's partition, and a run-store row. */
export type SpcSample = ScoredReply<SpcRole>;

export interface SpcStepOutcome {
  /** The solver's traces (task order), the sneaky's replies (trace order), then the critic's (corrupted, then clean). */
  readonly samples: readonly SpcSample[];
  readonly metrics: Record<string, number>;
}

/** A right trace to corrupt or to show clean: the solver's own, or the executor's reference. */
interface RightTrace {
  readonly traced: TracedTask;
  readonly steps: readonly TraceStep[];
  readonly bySolver: boolean;
}

/** A trace the critic judges: corrupted (by a valid sneaky reply, whose index it records) or clean. */
interface CriticCase {
  readonly traced: TracedTask;
  readonly steps: readonly TraceStep[];
  readonly firstWrong: number | null;
  readonly sneaky?: number;
}

/**
 * One SPC step (Self-Play Critic, research/systems.md §2.7; docs/self-play-critic.md), on deduction tasks whose
 * evaluation traces the executor checks:
 * 1. draw B traced tasks from `tasks` (it skips held-out programs and traces that do not fit);
 * 2. solve: the solver writes each task's trace (1 right, 0 read but wrong, −1 unreadable);
 * 3. corrupt: C traces — the solver's right ones, filled up with the executor's reference traces of the same tasks
 *    (the reference solver keeps the game going while the solver writes few right traces) — each with a step k
 *    uniform among its steps; the sneaky writes one replacement line per trace, in one call. The executor keeps a
 *    replacement whose claim is false (a valid corruption); one that is not a step earns −1, a true claim −0.5;
 * 4. critique: every valid corrupted trace and round(cleanShare × that many) clean right traces, in one call;
 * 5. zero-sum rewards per corrupted trace (critic names the first wrong step: critic +1, sneaky −1; else the reverse),
 *    ±1 for the critic on clean traces (`none` is right);
 * 6. TRR++: rewards normalised within each role's partition.
 * `rng` draws the tasks, the steps k and the clean traces.
 */
export async function spcStep(options: {
  settings: SpcStepSettings;
  write: Writer<SpcRole>;
  rng: Rng;
  /** The model's context in tokens: every role's prompt and reply must fit (`maxTraceBytes` + BOS + EOS). */
  context: number;
  tasks: TaskSource;
}): Promise<SpcStepOutcome> {
  const { settings: s, write, rng, context } = options;
  if (s.maxTraceBytes + 2 > context) {
    throw new RangeError(`maxTraceBytes ${s.maxTraceBytes} leaves no room in a context of ${context} tokens`);
  }
  // 1–2. Tasks and the solver's traces.
  const traced = options.tasks(s.tasksPerStep, rng);
  const solvePrompts = traced.map((t) => tracePrompt(t.task));
  const solved = await write('solve', solvePrompts);
  const reads = solved.map((r) => readTrace(r.text));
  const right = reads.map(
    (read, i) => read.ok && isRightTrace(traced[i]!.reference, read.steps, traced[i]!.task.input),
  );
  const solveRewards = reads.map((read, i) => traceReward(read, right[i]!));

  // 3. Corrupt.
  const pool = rightTraces(traced, reads, right);
  const targets = Array.from({ length: s.corruptions }, (_, i) => pool[i % pool.length]!);
  const ks = targets.map((t) => 1 + rng.int(t.steps.length));
  const corruptPrompts = targets.map((t, i) => corruptPrompt(t.traced.task, t.steps, ks[i]!));
  const corrupted = await write('corrupt', corruptPrompts);
  const judged: Corruption[] = targets.map((t, i) =>
    judgeCorruption({ task: t.traced.task, steps: t.steps, k: ks[i]!, reply: corrupted[i]!.text }),
  );

  // 4. Critique: valid corrupted traces, then clean ones.
  const cases: CriticCase[] = judged.flatMap((c, i) =>
    c.kind === 'valid' ? [{ traced: targets[i]!.traced, steps: c.steps, firstWrong: c.firstWrong, sneaky: i }] : [],
  );
  const cleanCount = Math.round(s.cleanShare * cases.length);
  for (const t of drawClean(pool, cleanCount, rng)) {
    cases.push({ traced: t.traced, steps: t.steps, firstWrong: firstWrongStep(t.steps, t.traced.task.input) });
  }
  const critiquePrompts = cases.map((c) => critiquePrompt(c.traced.task, c.steps));
  const critiqued = critiquePrompts.length > 0 ? await write('critique', critiquePrompts) : [];
  const critiqueReads = critiqued.map((r) => readCritique(r.text));

  // 5. Rewards.
  const sneakyRewards = judged.map((c) => (c.kind === 'valid' ? 0 : invalidCorruptionReward(c)));
  const criticRewards = cases.map((c, j) => {
    const outcome = critiqueOutcome(critiqueReads[j]!, c.firstWrong);
    if (c.sneaky !== undefined) sneakyRewards[c.sneaky] = outcome.sneaky;
    return outcome.critic;
  });

  // 6. TRR++, one partition per role.
  const scored = [
    ...solved.map((reply, i) => ({
      role: 'solve' as const,
      prompt: solvePrompts[i]!,
      reply,
      reward: solveRewards[i]!,
    })),
    ...corrupted.map((reply, i) => ({
      role: 'corrupt' as const,
      prompt: corruptPrompts[i]!,
      reply,
      reward: sneakyRewards[i]!,
    })),
    ...critiqued.map((reply, j) => ({
      role: 'critique' as const,
      prompt: critiquePrompts[j]!,
      reply,
      reward: criticRewards[j]!,
    })),
  ];
  const advantages = partitionedAdvantages(scored.map((u) => ({ key: u.role, reward: u.reward })));
  const samples: SpcSample[] = scored.map((u, i) => ({
    ...u.reply,
    role: u.role,
    prompt: u.prompt,
    reward: u.reward,
    advantage: advantages[i]!,
  }));
  const metrics = spcMetrics({ right, reads, targets, judged, cases, criticRewards });
  return { samples, metrics };
}

/**
 * The right traces: the solver's, then the executor's reference traces — first of the tasks the solver got wrong,
 * then of the others — so the first C cover as many tasks as they can and the solver's own come first.
 */
function rightTraces(
  traced: readonly TracedTask[],
  reads: readonly ReturnType<typeof readTrace>[],
  right: readonly boolean[],
): RightTrace[] {
  const own = traced.flatMap((t, i) => {
    const read = reads[i]!;
    return right[i] && read.ok ? [{ traced: t, steps: read.steps, bySolver: true }] : [];
  });
  const reference = (solved: boolean) =>
    traced.flatMap((t, i) => (right[i] === solved ? [{ traced: t, steps: t.reference, bySolver: false }] : []));
  return [...own, ...reference(false), ...reference(true)];
}

/** `count` clean traces drawn without replacement from the pool (with replacement once it runs out). */
function drawClean(pool: readonly RightTrace[], count: number, rng: Rng): RightTrace[] {
  const left = [...pool];
  const out: RightTrace[] = [];
  while (out.length < count && pool.length > 0) {
    if (left.length === 0) left.push(...pool);
    out.push(left.splice(rng.int(left.length), 1)[0]!);
  }
  return out;
}

function spcMetrics(o: {
  right: readonly boolean[];
  reads: readonly ReturnType<typeof readTrace>[];
  targets: readonly RightTrace[];
  judged: readonly Corruption[];
  cases: readonly CriticCase[];
  criticRewards: readonly number[];
}): Record<string, number> {
  const share = (xs: readonly boolean[]) => xs.filter(Boolean).length / xs.length;
  const metrics: Record<string, number> = {
    'spc/solve_accuracy': share(o.right),
    'spc/solve_unreadable': share(o.reads.map((r) => !r.ok)),
    'spc/solver_traces_share': share(o.targets.map((t) => t.bySolver)),
    'spc/corrupt_valid_rate': share(o.judged.map((c) => c.kind === 'valid')),
    'spc/corrupt_format_error_rate': share(o.judged.map((c) => c.kind === 'not-a-step')),
  };
  const caught = o.cases.flatMap((c, j) => (c.sneaky !== undefined ? [o.criticRewards[j]! > 0] : []));
  const clean = o.cases.flatMap((c, j) => (c.sneaky === undefined ? [o.criticRewards[j]! > 0] : []));
  // Recorded only in steps that have such episodes, as azr/p_hat is.
  if (caught.length > 0) {
    metrics['spc/critic_localisation'] = share(caught);
    metrics['spc/sneaky_win_rate'] = 1 - share(caught);
  }
  if (clean.length > 0) metrics['spc/critic_clean_accuracy'] = share(clean);
  return metrics;
}

import {
  checkAnswer,
  type Judgement,
  judgePrompt,
  type Proposal,
  proposePrompt,
  readJudgement,
  readProposal,
  type Task,
  type TaskType,
  taskPrompt,
  taskTypes,
  type Verdict,
} from '../../executors/index.ts';
import { lmPromptTokens } from '../../rollout/lm-policy.ts';
import type { Rng } from '../../spec/rng.ts';
import { judgeReward, proposerReward, solverReward, verifiedCorrect } from './format-rewards.ts';
import { learnability } from './learnability.ts';
import { partitionedAdvantages, trrKey } from './partitioned-advantages.ts';
import type { ProposeSolveConfig } from './propose-solve-config.ts';
import {
  addTask,
  bufferDiversity,
  drawReferences,
  inductionPrograms,
  solverBatch,
  type TaskBuffers,
} from './task-buffer.ts';
import type { Reply, ScoredReply, Writer } from '../role-play/writer.ts';

/** The judge grades the solver's answers when the verifier is `judge` or `max` (docs/absolute-zero.md, "Judge"). */
export type Role = 'propose' | 'solve' | 'judge';
export const roles: readonly Role[] = ['propose', 'solve', 'judge'];
export type { Reply, Writer };

/** A reply with what it earned: a training sample of its (type, role) partition, and a run-store row. */
export interface StepSample extends ScoredReply<Role> {
  readonly type: TaskType;
}

export interface StepOutcome {
  /**
   * The proposer's replies (type order, P each), the solver's batch (type order, `solveBatch` each), then the judge's
   * judgements of the batch's readable answers (batch order; none under the `rule` verifier).
   */
  readonly samples: readonly StepSample[];
  readonly metrics: Record<string, number>;
}

export type StepSettings = Pick<
  ProposeSolveConfig,
  | 'proposalsPerType'
  | 'references'
  | 'solveSamples'
  | 'solveBatch'
  | 'bufferCap'
  | 'learnability'
  | 'ssrAlpha'
  | 'maxTokens'
  | 'verifier'
  | 'judgeSamples'
>;

/**
 * One propose → validate → solve step over the three task types (research/systems.md §2.5 (b)):
 * 1. propose: P prompts per type, each with K references drawn from the type's buffer (as many as the context
 *    holds beside a reply of `maxTokens`); induction takes a program from the deduction and abduction buffers and
 *    asks for inputs;
 * 2. validate: `readProposal` (parses, runs, deterministic, nothing banned) and the solver's prompt must leave room
 *    for an answer in the context; valid tasks with a new `taskKey` join their buffer;
 * 3. learnability: n solver rollouts of every valid proposal give p̂, and the proposer earns f(p̂) (format ladder:
 *    −0.5 invalid, −1 not a proposal); the rollouts only measure, they are not trained on (as in AZR);
 * 4. solve: a batch per type, this step's new tasks first, answered once each, rewarded 1 / 0 / −1;
 *    with the `judge` or `max` verifier, the judge grades every readable answer of 3 and 4 in one call, and its
 *    verdict decides what counts right for p̂ and the solver's reward; its judgements of the batch are trained
 *    against the executor's verdict (+1 agree, 0 not, −1 no verdict);
 * 5. TRR++: rewards normalised within each (type, role) partition.
 * `buffers` is updated in place; `rng` draws references, induction programs and the solver batches.
 */
export async function proposeSolveStep(options: {
  settings: StepSettings;
  buffers: TaskBuffers;
  write: Writer<Role>;
  rng: Rng;
  /** The solver's context in tokens: prompts must fit it with `maxTokens` to spare. */
  context: number;
}): Promise<StepOutcome> {
  const { settings: s, buffers, write, rng, context } = options;
  const fits = (prompt: string) => lmPromptTokens(prompt).length + s.maxTokens <= context;

  // 1. Propose.
  const asks: { type: TaskType; prompt: string; program?: string }[] = [];
  for (const type of taskTypes) {
    for (let i = 0; i < s.proposalsPerType; i++) {
      if (type === 'induction') {
        const from = inductionPrograms(buffers);
        const reference = from[rng.int(from.length)]!;
        asks.push({ type, prompt: proposePrompt(type, [reference]), program: reference.program! });
      } else {
        const references = drawReferences(buffers[type], s.references, rng);
        while (references.length > 1 && !fits(proposePrompt(type, references))) references.pop();
        asks.push({ type, prompt: proposePrompt(type, references) });
      }
    }
  }
  const prompts = asks.map((a) => a.prompt);
  const proposed = await write('propose', prompts);

  // 2. Validate; valid tasks with a new key join their buffer.
  const fresh: Record<TaskType, Task[]> = { deduction: [], abduction: [], induction: [] };
  const proposals: Proposal[] = asks.map((ask, i) => {
    const read = readProposal(ask.type, proposed[i]!.text, ask.program);
    if (!read.ok) return read;
    if (!fits(taskPrompt(read.task)))
      return { ok: false, format: false, reason: "the task's prompt leaves no room for an answer in the context" };
    if (addTask(buffers, read.task, s.bufferCap)) fresh[ask.type].push(read.task);
    return read;
  });

  // 3–4. The learnability rollouts and the solver batch, answered in one call; the judge grades them in another.
  const valid = proposals.flatMap((p, i) => (p.ok ? [{ index: i, task: p.task }] : []));
  const batch = taskTypes.flatMap((type) => solverBatch(buffers[type], fresh[type], s.solveBatch, rng));
  const rolloutTasks = valid.flatMap((v) => Array<Task>(s.solveSamples).fill(v.task));
  const solveTasks = [...rolloutTasks, ...batch];
  const answered = await write('solve', solveTasks.map(taskPrompt));
  const checks = solveTasks.map((task, j) => checkAnswer(task, answered[j]!.text));
  // Under `rule` the judge is never asked, so the sampling RNG sees the same calls as without a judge.
  const judged = s.verifier === 'rule' ? [] : await judgeAnswers(write, solveTasks, checks);
  const credited = checks.map((c, j) => verifiedCorrect(s.verifier, c.correct, judged[j]?.judgement));
  const rates = new Map<number, number>();
  valid.forEach((v, j) => {
    let correct = 0;
    for (let k = 0; k < s.solveSamples; k++) if (credited[j * s.solveSamples + k]) correct++;
    rates.set(v.index, correct / s.solveSamples);
  });
  const shaped = proposals.map((p, i) =>
    p.ok ? learnability(s.learnability, rates.get(i)!, { ssrAlpha: s.ssrAlpha }) : 0,
  );
  const proposerRewards = proposals.map((p, i) => proposerReward(p, shaped[i]!));
  const first = rolloutTasks.length;
  const solved = checks.slice(first);
  const solverRewards = solved.map((verdict, j) => solverReward(verdict, credited[first + j]!));

  // 5. TRR++.
  const scored = [
    ...asks.map((a, i) => ({
      type: a.type,
      role: 'propose' as const,
      prompt: a.prompt,
      reply: proposed[i]!,
      reward: proposerRewards[i]!,
    })),
    ...batch.map((task, j) => ({
      type: task.type,
      role: 'solve' as const,
      prompt: taskPrompt(task),
      reply: answered[rolloutTasks.length + j]!,
      reward: solverRewards[j]!,
    })),
    ...judgeTraining(s.judgeSamples, judged, solveTasks, checks, first, rng).map((j) => {
      const judging = judged[j]!;
      const reward = judgeReward(judging.judgement, checks[j]!.correct);
      const type = solveTasks[j]!.type;
      return { type, role: 'judge' as const, prompt: judging.prompt, reply: judging.reply, reward };
    }),
  ];
  const advantages = partitionedAdvantages(scored.map((u) => ({ key: trrKey(u.type, u.role), reward: u.reward })));
  const samples: StepSample[] = scored.map((u, i) => ({
    ...u.reply,
    type: u.type,
    role: u.role,
    prompt: u.prompt,
    reward: u.reward,
    advantage: advantages[i]!,
  }));

  const metrics: Record<string, number> = {};
  const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  for (const type of taskTypes) {
    const mine = asks.flatMap((a, i) => (a.type === type ? [i] : []));
    const good = mine.filter((i) => proposals[i]!.ok);
    metrics[`azr/valid_rate/${type}`] = good.length / mine.length;
    metrics[`azr/format_error_rate/${type}`] =
      mine.filter((i) => {
        const p = proposals[i]!;
        return !p.ok && p.format;
      }).length / mine.length;
    metrics[`azr/proposer_reward/${type}`] = mean(mine.map((i) => proposerRewards[i]!));
    if (good.length > 0) {
      metrics[`azr/p_hat/${type}`] = mean(good.map((i) => rates.get(i)!));
      metrics[`azr/learnability/${type}`] = mean(good.map((i) => shaped[i]!));
    }
    metrics[`azr/new_tasks/${type}`] = fresh[type].length;
    metrics[`azr/buffer_size/${type}`] = buffers[type].length;
    metrics[`azr/buffer_diversity/${type}`] = bufferDiversity(buffers[type]);
    const verdicts = solved.filter((_, j) => batch[j]!.type === type);
    if (verdicts.length > 0) {
      metrics[`azr/solve_accuracy/${type}`] = verdicts.filter((v) => v.correct).length / verdicts.length;
      metrics[`azr/solve_unreadable/${type}`] = verdicts.filter((v) => !v.correct && v.format).length / verdicts.length;
      metrics[`azr/solve_reward/${type}`] = mean(solverRewards.filter((_, j) => batch[j]!.type === type));
    }
    const graded = solveTasks.flatMap((task, j) => {
      const judging = judged[j];
      return task.type === type && judging ? [{ rule: checks[j]!.correct, judgement: judging.judgement }] : [];
    });
    Object.assign(metrics, judgeMetrics(type, graded));
  }
  return { samples, metrics };
}

/**
 * Which judgements train the judge (indices into the step's answers, rollouts then batch). `batch`: the solve batch's,
 * as the rollouts only measure. `balanced`: per task type, as many answers the executor marks right as wrong, from all
 * the step's judged answers (rollouts and batch): every one of the rarer verdict and a uniform draw of the others, so
 * a judge cannot earn its reward by always giving the common verdict (measured: it learns to say no otherwise).
 */
function judgeTraining(
  mode: StepSettings['judgeSamples'],
  judged: readonly (Judging | undefined)[],
  tasks: readonly Task[],
  checks: readonly Verdict[],
  first: number,
  rng: Rng,
): number[] {
  const asked = judged.flatMap((j, i) => (j ? [i] : []));
  if (mode === 'batch') return asked.filter((i) => i >= first);
  return taskTypes
    .flatMap((type) => {
      const mine = asked.filter((i) => tasks[i]!.type === type);
      const right = mine.filter((i) => checks[i]!.correct);
      const wrong = mine.filter((i) => !checks[i]!.correct);
      const [few, many] = right.length <= wrong.length ? [right, wrong] : [wrong, right];
      const drawn = [...many];
      for (let k = 0; k < few.length; k++) {
        const at = k + rng.int(drawn.length - k);
        [drawn[k], drawn[at]] = [drawn[at]!, drawn[k]!];
      }
      return [...few, ...drawn.slice(0, few.length)];
    })
    .sort((a, b) => a - b);
}

/** The judge's prompt, its reply and the verdict read from it, for one answer. */
interface Judging {
  readonly prompt: string;
  readonly reply: Reply;
  readonly judgement: Judgement;
}

/**
 * Asks the judge, in one call, about every readable answer (an unreadable one earns −1 whatever a judge says: syntax
 * is the rule's). One entry per answer, undefined where it was not asked.
 */
async function judgeAnswers(
  write: Writer<Role>,
  tasks: readonly Task[],
  checks: readonly Verdict[],
): Promise<(Judging | undefined)[]> {
  const readable = (v: Verdict) => v.correct || !v.format;
  const asked = checks.flatMap((v, j) => (readable(v) ? [j] : []));
  const prompts = asked.map((j) => judgePrompt(tasks[j]!, checks[j]!.answer));
  const replies = await write('judge', prompts);
  const judged: (Judging | undefined)[] = tasks.map(() => undefined);
  asked.forEach((j, i) => {
    const reply = replies[i]!;
    judged[j] = { prompt: prompts[i]!, reply, judgement: readJudgement(reply.text) };
  });
  return judged;
}

/** A judged answer: the executor's verdict (the truth) and the judge's. */
interface Graded {
  readonly rule: boolean;
  readonly judgement: Judgement;
}

/**
 * How a type's judged answers (rollouts and batch) compare with the executor's verdict: the share of valid verdicts
 * that agree (no verdict counts as disagreement), of no verdict, and of false accepts (over the answers the rule
 * marks wrong) and false rejects (over those it marks right), each left out when it has nothing to count.
 */
function judgeMetrics(type: TaskType, graded: readonly Graded[]): Record<string, number> {
  if (graded.length === 0) return {};
  const says = (g: Graded, right: boolean) => g.judgement.ok && g.judgement.right === right;
  const share = (xs: readonly Graded[], test: (g: Graded) => boolean) => xs.filter(test).length / xs.length;
  const metrics: Record<string, number> = {
    [`azr/judge_agreement/${type}`]: share(graded, (g) => says(g, g.rule)),
    [`azr/judge_invalid/${type}`]: share(graded, (g) => !g.judgement.ok),
  };
  const wrong = graded.filter((g) => !g.rule);
  const right = graded.filter((g) => g.rule);
  if (wrong.length > 0) metrics[`azr/judge_false_accept/${type}`] = share(wrong, (g) => says(g, true));
  if (right.length > 0) metrics[`azr/judge_false_reject/${type}`] = share(right, (g) => says(g, false));
  return metrics;
}

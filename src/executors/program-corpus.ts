import type { Rng } from '../spec/rng.ts';
import { createRng, deriveSeed, shuffleInPlace } from '../util/rng.ts';
import { checkAnswer } from './check-answer.ts';
import { corruptPrompt, critiquePrompt, critiqueText, tracePrompt } from './critique-prompt.ts';
import { generateTasks, taskKey } from './generate-tasks.ts';
import { judgePrompt, judgeText } from './judge-prompt.ts';
import { proposalText, proposePrompt } from './propose-prompt.ts';
import type { DeductionTask, Task, TaskType } from './task.ts';
import { taskPrompt } from './task-prompt.ts';
import { referenceTrace, stepText, traceText } from './trace.ts';
import { scriptedCorruption } from './trace-corruption.ts';

/** The roles the corpus teaches: Absolute Zero's (solve, propose, judge) and SPC's (trace, corrupt, critique). */
export type CorpusRole = 'solve' | 'propose' | 'judge' | 'trace' | 'corrupt' | 'critique';

/**
 * One training text of the program corpus: a prompt in the exact form a role reads, and the answer it should write.
 * `solve` examples are a solver's (`taskPrompt` → the output, an input, or the program); `propose` examples are a
 * proposer's (`proposePrompt` → `proposalText` of a new task); `judge` a judge's (`judgePrompt` of an answer → `yes` or
 * `no`); `trace`, `corrupt` and `critique` the SPC roles' on a deduction task (critique-prompt.ts).
 */
export interface CorpusExample {
  readonly role: CorpusRole;
  readonly type: TaskType;
  readonly prompt: string;
  readonly answer: string;
  /** The task solved, or the new task proposed. */
  readonly task: Task;
  /** A proposer's reference tasks (for induction: the one task whose program the prompt shows). */
  readonly references?: readonly Task[];
}

/** What the corpus leaves out, by content: built by `corpusExclusion` from the tasks it must never teach. */
export interface CorpusExclusion {
  /** `taskKey`s: a deduction/abduction key for every excluded program, an induction key per excluded example list. */
  readonly keys: ReadonlySet<string>;
  /** Program texts that appear nowhere in the corpus (prompts, references and answers). */
  readonly programs: ReadonlySet<string>;
}

/**
 * The exclusion for `tasks` (a benchmark, a user's task file): each task's `taskKey`; and each program any of them
 * carries (a deduction's or abduction's program, an induction's reference solution) is banned everywhere, as a
 * deduction, an abduction, a reference or an induction answer, with any input.
 */
export function corpusExclusion(tasks: readonly Task[]): CorpusExclusion {
  const keys = new Set<string>();
  const programs = new Set<string>();
  for (const task of tasks) {
    keys.add(taskKey(task));
    if (task.program !== undefined) programs.add(task.program.trim());
  }
  for (const program of programs) {
    keys.add(`deduction ${program}`);
    keys.add(`abduction ${program}`);
  }
  return { keys, programs };
}

export interface ProgramCorpusOptions {
  readonly seed: number;
  readonly exclude?: CorpusExclusion;
  /** Tasks of each type drawn per chunk of the stream (default 64); each chunk gives 6 examples per task drawn. */
  readonly chunk?: number;
  /** Most reference tasks in a deduction/abduction proposer prompt (default 6, AZR's K); each prompt draws 1..K. */
  readonly maxReferences?: number;
  /** Inputs of an induction proposal (default 5) and how many of them are shown (default 3): `readProposal`'s. */
  readonly inductionInputs?: number;
  readonly shownExamples?: number;
  /**
   * Whether an example fits the model (prompt and answer in its context). A proposer example that does not fit loses
   * references (from the end) until it does; any other example that does not fit is skipped. Default: all fit.
   */
  readonly fits?: (prompt: string, answer: string) => boolean;
}

/** Counts over the examples drawn so far. */
export interface CorpusStats {
  readonly examples: number;
  /** Examples left out because they did not fit. */
  readonly skipped: number;
  /** Proposer examples shown with fewer references than drawn, so that they fit. */
  readonly trimmed: number;
  readonly chunks: number;
}

export interface ProgramCorpus {
  /** The next example of the stream. */
  next(): CorpusExample;
  stats(): CorpusStats;
}

/**
 * An endless, seeded stream of corpus examples: a deterministic function of `seed` and the options. Chunk c draws
 * `chunk` tasks of each type from `generateTasks` at seed `deriveSeed(seed, c, 1)` (plus `chunk` induction tasks
 * with `inductionInputs` examples for the proposer at `deriveSeed(seed, c, 2)`), leaves out excluded content, and
 * makes, in an order shuffled by `deriveSeed(seed, c, 3)`: one solver example per task, one deduction and one
 * abduction proposer example per task of that type (the task as the new one, 1..K others of the chunk as references),
 * one induction proposer example per proposer induction task, and from `deriveSeed(seed, c, 4)`: a judge example for
 * a quarter of the tasks, and for each deduction its trace, and for half of them each a sneaky's and a critic's
 * example (`judgeExample`, `traceExamples`). Within a chunk no task repeats.
 */
export function createProgramCorpus(options: ProgramCorpusOptions): ProgramCorpus {
  const chunkSize = options.chunk ?? 64;
  const fits = options.fits ?? (() => true);
  let queue: CorpusExample[] = [];
  let position = 0;
  let chunks = 0;
  let examples = 0;
  let skipped = 0;
  let trimmed = 0;

  const refill = () => {
    const made = makeChunk(options, chunkSize, chunks, fits);
    chunks++;
    skipped += made.skipped;
    trimmed += made.trimmed;
    queue = made.examples;
    position = 0;
  };

  return {
    next() {
      while (position >= queue.length) refill();
      examples++;
      return queue[position++]!;
    },
    stats: () => ({ examples, skipped, trimmed, chunks }),
  };
}

/** The first `count` examples of the stream from `options` (tests, inspection). */
export function programCorpusExamples(options: ProgramCorpusOptions, count: number): CorpusExample[] {
  const corpus = createProgramCorpus(options);
  return Array.from({ length: count }, () => corpus.next());
}

function makeChunk(
  options: ProgramCorpusOptions,
  size: number,
  index: number,
  fits: (prompt: string, answer: string) => boolean,
): { examples: CorpusExample[]; skipped: number; trimmed: number } {
  const exclude = options.exclude ?? { keys: new Set<string>(), programs: new Set<string>() };
  const allowed = (task: Task) => task.program === undefined || !exclude.programs.has(task.program);
  const tasks = generateTasks({
    seed: deriveSeed(options.seed, index, 1),
    counts: { deduction: size, abduction: size, induction: size },
    exclude: exclude.keys,
  }).filter(allowed);
  const inputs = options.inductionInputs ?? 5;
  const shown = options.shownExamples ?? 3;
  const proposable = generateTasks({
    seed: deriveSeed(options.seed, index, 2),
    counts: { deduction: 0, abduction: 0, induction: size },
    shownExamples: shown,
    hiddenExamples: inputs - shown,
    exclude: exclude.keys,
  }).filter(allowed);
  const rng = createRng(deriveSeed(options.seed, index, 3));
  const maxReferences = options.maxReferences ?? 6;
  const out: CorpusExample[] = [];
  let skipped = 0;
  let trimmed = 0;
  const add = (example: CorpusExample) => {
    if (fits(example.prompt, example.answer)) out.push(example);
    else skipped++;
  };

  for (const task of tasks)
    add({ role: 'solve', type: task.type, prompt: taskPrompt(task), answer: solverAnswer(task), task });
  for (const type of ['deduction', 'abduction'] as const) {
    const pool = tasks.filter((t) => t.type === type);
    if (pool.length < 2) continue;
    for (const [i, task] of pool.entries()) {
      const references = drawReferences(pool, i, 1 + rng.int(maxReferences), rng);
      const answer = proposalText(task);
      let shownRefs = references;
      while (shownRefs.length > 1 && !fits(proposePrompt(type, shownRefs), answer)) shownRefs = shownRefs.slice(0, -1);
      if (shownRefs.length < references.length) trimmed++;
      add({ role: 'propose', type, prompt: proposePrompt(type, shownRefs), answer, task, references: shownRefs });
    }
  }
  for (const task of proposable) {
    add({
      role: 'propose',
      type: 'induction',
      prompt: proposePrompt('induction', [task]),
      answer: proposalText(task),
      task,
      references: [task],
    });
  }
  const roleRng = createRng(deriveSeed(options.seed, index, 4));
  for (const task of tasks) if (roleRng.next() < judgeShare) add(judgeExample(task, tasks, roleRng));
  for (const task of tasks) if (task.type === 'deduction') for (const e of traceExamples(task, roleRng)) add(e);
  return { examples: shuffleInPlace(out, rng), skipped, trimmed };
}

// Shares of the chunk's tasks that also teach a judge, and of its deductions that teach the sneaky and the critic:
// enough for a base model to answer in every role's form, while solving and proposing keep most of the corpus.
const judgeShare = 0.25;
const corruptShare = 0.5;
const critiqueShare = 0.5;
const cleanCritiqueShare = 0.25;

/**
 * A judge example: the task with its right answer or a near miss (a deduction's output or an abduction's input off by
 * 1–3, another task's program for induction), each half the time; `yes` or `no` as the executor judges it.
 */
function judgeExample(task: Task, chunk: readonly Task[], rng: Rng): CorpusExample {
  const offset = () => (1 + rng.int(3)) * (rng.int(2) === 0 ? -1 : 1);
  let answer = solverAnswer(task);
  if (rng.int(2) === 0) {
    if (task.type === 'induction') {
      const others = chunk.filter((t) => t.type === 'induction' && t.program !== task.program);
      if (others.length > 0) answer = others[rng.int(others.length)]!.program!;
    } else answer = String(Number(answer) + offset());
  }
  const right = checkAnswer(task, answer).correct;
  return { role: 'judge', type: task.type, prompt: judgePrompt(task, answer), answer: judgeText(right), task };
}

/**
 * The SPC roles' examples on one deduction: its reference trace (the solver's), and by their shares a sneaky's
 * rewrite of one step (the scripted corrupter's wrong value) and a critique of a corrupted or a clean trace.
 */
function traceExamples(task: DeductionTask, rng: Rng): CorpusExample[] {
  const trace = referenceTrace(task.program, task.input);
  if (!trace.ok) return [];
  const steps = trace.steps;
  const out: CorpusExample[] = [
    { role: 'trace', type: 'deduction', prompt: tracePrompt(task), answer: traceText(steps), task },
  ];
  if (rng.next() < corruptShare) {
    const corrupted = scriptedCorruption(steps, task.input, rng);
    if (corrupted) {
      const k = corrupted.firstWrong;
      const answer = stepText(corrupted.steps[k - 1]!);
      out.push({ role: 'corrupt', type: 'deduction', prompt: corruptPrompt(task, steps, k), answer, task });
    }
  }
  if (rng.next() < critiqueShare) {
    const corrupted = rng.next() < cleanCritiqueShare ? undefined : scriptedCorruption(steps, task.input, rng);
    const shown = corrupted?.steps ?? steps;
    const answer = critiqueText(corrupted?.firstWrong ?? null);
    out.push({ role: 'critique', type: 'deduction', prompt: critiquePrompt(task, shown), answer, task });
  }
  return out;
}

/** `count` distinct tasks of `pool` other than `pool[skip]`, in a random order. */
function drawReferences(pool: readonly Task[], skip: number, count: number, rng: Rng): Task[] {
  const others = pool.filter((_, j) => j !== skip);
  const picked: Task[] = [];
  for (let k = 0; k < Math.min(count, others.length); k++) {
    const j = k + rng.int(others.length - k);
    [others[k], others[j]] = [others[j]!, others[k]!];
    picked.push(others[k]!);
  }
  return picked;
}

/** The answer a solver should give, bare (no `\boxed{}`): `checkAnswer` reads it as the whole reply. */
export function solverAnswer(task: Task): string {
  switch (task.type) {
    case 'deduction':
      return String(task.output);
    case 'abduction':
      if (task.input === undefined) throw new RangeError(`abduction task ${task.program} has no witness input`);
      return String(task.input);
    case 'induction':
      if (task.program === undefined) throw new RangeError('an induction task without its program has no answer');
      return task.program;
    default:
      return task satisfies never;
  }
}

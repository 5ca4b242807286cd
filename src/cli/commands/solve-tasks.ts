import { writeFile } from 'node:fs/promises';
import {
  readTaskFile,
  type SolveTasksReport,
  solveTasks,
  type Task,
  taskPrompt,
  taskTypes,
} from '../../executors/index.ts';
import { endpointSpecHelp } from '../../llm/index.ts';
import { lmPromptTokens } from '../../rollout/lm-policy.ts';
import { intOption, lmSamplingHelp, lmSamplingOptions, parseCommandArgs } from '../args.ts';
import type { Command } from '../command.ts';
import { type CliIo, CliUsageError, println } from '../io.ts';
import { resolveFreeTextPlayer } from '../free-text-player.ts';
import { formatTable } from '../table.ts';

const usage = `selfplay solve-tasks (--checkpoint PATH | --player SPEC) --tasks FILE [--samples K] [--seed S]
                     [--temperature T] [--top-p P] [--max-tokens N] [--concurrency N] [--out FILE]

Asks a model every task of a program-task file (deduction: program + input → output; abduction: program + output →
an input; induction: examples → a program) and judges each answer with the sandboxed executor. Prints accuracy per
task type and, as its last line, "accuracy <overall>" (the mean over tasks). With --samples K, accuracy is the mean
over K answers per task, and pass@K (at least one of the K right) is printed beside it. Language, task file, prompts
and answer formats: docs/executors.md.

Options:
  --checkpoint PATH   the built-in LM from a checkpoint folder, or a run folder (its latest checkpoint); it writes
                      free text after the prompt
  --player SPEC       checkpoint:PATH, or an OpenAI-compatible endpoint:
${indent(endpointSpecHelp, '  ')}
                      an endpoint without template= gets the task instructions as its system message and the task
                      as its user message (api=completions: both as one text)
  --tasks FILE        a task file (JSONL), e.g. data/tasks/benchmark-300.jsonl
  --samples K         answers per task (default 1)
  --seed S            seeds every answer: the checkpoint's sampling, an endpoint's per-request seed (default 0)
${lmSamplingHelp}
  --max-tokens N      the checkpoint's longest answer in tokens (default 64)
  --concurrency N     answers asked at once (default 64; an endpoint also keeps its own max_concurrency)
  --out FILE          write every answer with its verdict as JSONL`;

function indent(text: string, by: string): string {
  return text
    .split('\n')
    .map((line) => by + line)
    .join('\n');
}

export const solveTasksCommand: Command = {
  name: 'solve-tasks',
  summary:
    'accuracy of a checkpoint or endpoint on program tasks (deduction, abduction, induction), judged by the executor',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      checkpoint: { type: 'string' },
      player: { type: 'string' },
      tasks: { type: 'string' },
      samples: { type: 'string' },
      seed: { type: 'string' },
      'max-tokens': { type: 'string' },
      concurrency: { type: 'string' },
      out: { type: 'string' },
      ...lmSamplingOptions,
    });
    if (positionals.length > 0) throw new CliUsageError(`unexpected argument "${positionals[0]}"`);
    if (values.checkpoint && values.player) throw new CliUsageError('give --checkpoint or --player, not both');
    const spec = values.checkpoint ? `checkpoint:${values.checkpoint}` : values.player;
    if (!spec) throw new CliUsageError('--checkpoint PATH or --player SPEC is required');
    if (!values.tasks) throw new CliUsageError('--tasks FILE is required (e.g. data/tasks/benchmark-300.jsonl)');
    const samples = intOption('samples', values.samples, 1, 1);
    const seed = intOption('seed', values.seed, 0);
    const concurrency = intOption('concurrency', values.concurrency, 64, 1);
    const { tasks, lines } = await readTaskFile(values.tasks);
    const solver = await resolveFreeTextPlayer(spec, values);
    let report: SolveTasksReport;
    try {
      report = await solveTasks({ tasks, policy: solver.policy, samples, seed, concurrency });
    } finally {
      await solver.policy.close?.();
    }
    println(
      io.stdout,
      `solve-tasks: ${solver.policy.name} on ${values.tasks}: ${tasks.length} tasks, ${samples} sample${samples === 1 ? '' : 's'} per task, seed ${seed}`,
    );
    println(io.stdout, `  ${solver.decoding}`);
    if (solver.context !== undefined) printContextNote(io, tasks, solver.context);
    printReport(io, report);
    if (values.out) {
      const rows = report.results.map((r) => {
        const { verdict } = r;
        return JSON.stringify({
          line: lines[r.task],
          type: tasks[r.task]!.type,
          sample: r.sample,
          text: r.text,
          answer: verdict.answer,
          correct: verdict.correct,
          ...(verdict.correct ? {} : { unreadable: verdict.format, reason: verdict.reason }),
        });
      });
      await writeFile(values.out, rows.map((row) => `${row}\n`).join(''));
      println(io.stdout, `answers written to ${values.out}`);
    }
    println(io.stdout, `accuracy ${report.overall.accuracy.toFixed(4)}`);
    return 0;
  },
};

function printContextNote(io: CliIo, tasks: readonly Task[], context: number): void {
  const tooLong = tasks.filter((t) => lmPromptTokens(taskPrompt(t)).length >= context).length;
  if (tooLong > 0) {
    println(
      io.stdout,
      `  note: ${tooLong} prompt${tooLong === 1 ? ' does' : 's do'} not fit the checkpoint's context of ${context} tokens; their answers are empty and count as wrong`,
    );
  }
}

function printReport(io: CliIo, report: SolveTasksReport): void {
  const k = report.samples;
  const f = (x: number) => x.toFixed(4);
  const header = ['type', 'tasks', 'accuracy', ...(k > 1 ? [`pass@${k}`] : []), 'unreadable'];
  const row = (name: string, a: SolveTasksReport['overall']) => [
    name,
    String(a.tasks),
    f(a.accuracy),
    ...(k > 1 ? [f(a.passAtK)] : []),
    f(a.unreadable),
  ];
  const rows = taskTypes.filter((t) => report.byType[t].tasks > 0).map((t) => row(t, report.byType[t]));
  println(io.stdout);
  println(io.stdout, formatTable(header, [...rows, row('all', report.overall)]));
  println(io.stdout, '(unreadable: answers with no integer, or no program of the language; they count as wrong)');
}

import { critiqueInstructions, critiquePrompt } from '../../executors/index.ts';
import { lmPromptTokens } from '../../rollout/lm-policy.ts';
import {
  type CriticAccuracyReport,
  type CriticItem,
  criticAccuracy,
  itemSteps,
  readCriticFile,
} from '../../train/self-play-critic/index.ts';
import { intOption, lmSamplingHelp, lmSamplingOptions, parseCommandArgs } from '../args.ts';
import type { Command } from '../command.ts';
import { type CliIo, CliUsageError, println } from '../io.ts';
import { formatTable } from '../table.ts';
import { resolveFreeTextPlayer } from '../free-text-player.ts';

const usage = `selfplay critique (--checkpoint PATH | --player SPEC) --traces FILE [--seed S]
                  [--temperature T] [--top-p P] [--max-tokens N] [--concurrency N]

Asks a model, as the SPC critic, for the first wrong step of every trace in a critic file (e.g.
data/tasks/spc-critic-200.jsonl: traces of held-out programs, most corrupted at one step by a scripted corrupter)
and prints its error-localisation accuracy on the corrupted traces, its accuracy on the clean ones (answer "none")
and the share of unreadable replies; the last line is "accuracy <localisation>". Formats: docs/self-play-critic.md.

Options:
  --checkpoint PATH   the built-in LM from a checkpoint folder, or a run folder (its latest checkpoint)
  --player SPEC       checkpoint:PATH, or an OpenAI-compatible endpoint (as selfplay solve-tasks takes it); an
                      endpoint without template= gets the critic's instructions as its system message
  --traces FILE       a critic file (JSONL)
  --seed S            seeds every reply (default 0)
${lmSamplingHelp}
  --max-tokens N      the checkpoint's longest reply in tokens (default 64)
  --concurrency N     replies asked at once (default 64)`;

export const critiqueCommand: Command = {
  name: 'critique',
  summary: 'error-localisation accuracy of a checkpoint or endpoint as the SPC critic on a held-out trace file',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      checkpoint: { type: 'string' },
      player: { type: 'string' },
      traces: { type: 'string' },
      seed: { type: 'string' },
      'max-tokens': { type: 'string' },
      concurrency: { type: 'string' },
      ...lmSamplingOptions,
    });
    if (positionals.length > 0) throw new CliUsageError(`unexpected argument "${positionals[0]}"`);
    if (values.checkpoint && values.player) throw new CliUsageError('give --checkpoint or --player, not both');
    const spec = values.checkpoint ? `checkpoint:${values.checkpoint}` : values.player;
    if (!spec) throw new CliUsageError('--checkpoint PATH or --player SPEC is required');
    if (!values.traces) throw new CliUsageError('--traces FILE is required (e.g. data/tasks/spc-critic-200.jsonl)');
    const seed = intOption('seed', values.seed, 0);
    const concurrency = intOption('concurrency', values.concurrency, 64, 1);
    const items = await readCriticFile(values.traces);
    const critic = await resolveFreeTextPlayer(spec, values, {
      name: 'spc-critique',
      instructions: critiqueInstructions,
    });
    let report: CriticAccuracyReport;
    try {
      report = await criticAccuracy({ policy: critic.policy, items, seed, concurrency });
    } finally {
      await critic.policy.close?.();
    }
    println(io.stdout, `critique: ${critic.policy.name} on ${values.traces}: ${items.length} traces, seed ${seed}`);
    println(io.stdout, `  ${critic.decoding}`);
    if (critic.context !== undefined) printContextNote(io, items, critic.context);
    printReport(io, report);
    println(io.stdout, `accuracy ${report.corrupted.accuracy.toFixed(4)}`);
    return 0;
  },
};

function printContextNote(io: CliIo, items: readonly CriticItem[], context: number): void {
  const tooLong = items.filter((i) => lmPromptTokens(critiquePrompt(i, itemSteps(i))).length >= context).length;
  if (tooLong > 0) {
    println(
      io.stdout,
      `  note: ${tooLong} prompt${tooLong === 1 ? ' does' : 's do'} not fit the checkpoint's context of ${context} tokens; their replies are empty and count as wrong`,
    );
  }
}

function printReport(io: CliIo, report: CriticAccuracyReport): void {
  const f = (x: number) => x.toFixed(4);
  println(io.stdout);
  println(
    io.stdout,
    formatTable(
      ['traces', 'items', 'accuracy'],
      [
        ['corrupted (localisation)', String(report.corrupted.items), f(report.corrupted.accuracy)],
        ['clean (none)', String(report.clean.items), f(report.clean.accuracy)],
      ],
    ),
  );
  println(io.stdout, `unreadable ${f(report.unreadable)} (replies that are neither a step number nor none; wrong)`);
}

import { readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { generateBenchmark } from '../../executors/generate-tasks.ts';
import { readTaskFile } from '../../executors/task-file.ts';
import type { Task } from '../../executors/task.ts';
import { type ModelPreset, modelPresets, resolveModelConfig } from '../../lm/index.ts';
import { resolveCheckpoint } from '../../store/resolve-checkpoint.ts';
import { openRunStore } from '../../store/run-store.ts';
import { isRunDir, settleRun } from '../../store/runs-root.ts';
import {
  baseModel,
  lrSchedules,
  type PretrainConfig,
  pretrainCorpora,
  pretrainDefaults,
  pretrainOptim,
  pretrainPrograms,
} from '../../train/pretrain/pretrain-programs.ts';
import { choiceOption, intOption, numberOption, parseCommandArgs } from '../args.ts';
import type { Command } from '../command.ts';
import { CliUsageError, println } from '../io.ts';

const presetNames = Object.keys(modelPresets) as ModelPreset[];
const defaultContext = 256;

const usage = `selfplay pretrain --corpus programs --out DIR [--minutes M] [--steps N] [--seed S] [--threads T]
                  [--checkpoint BASE] [--exclude FILE]... [--model-preset NAME] [--context N] [--batch B]
                  [--lr LR] [--schedule cosine|constant] [--warmup-steps N] [--checkpoint-every N]

Pretrains the built-in LM on a seeded corpus of programs with their evaluations, written in the exact prompt forms of
the Absolute Zero roles: solver examples (program + input → output, program + output → an input, examples → a
program) and proposer examples (reference tasks → a new task, a program → inputs). The loss is the next-token loss
of the answers (prompts masked, EOS after each answer). Every task of data/tasks/benchmark-300.jsonl, and of each
--exclude file, is left out of the corpus by content. DIR becomes a run folder with checkpoints, so that
"selfplay solve-tasks --checkpoint DIR" and every other --checkpoint reader load it. Corpus format, defaults and
measurements: docs/executors.md, "A base model: pretraining on programs".

Options:
  --corpus NAME        the corpus: ${pretrainCorpora.join(', ')}
  --out DIR            the run folder to write (must not hold a run already)
  --steps N            optimizer steps, the schedule's horizon (default ${pretrainDefaults.steps})
  --minutes M          a wall-clock cap: the run stops at whichever of --steps and --minutes comes first; the
                       schedule still follows --steps, so a cut run is the uncut run's first steps
  --seed S             seeds the corpus stream and a fresh model's weights (default 1)
  --threads T          matmul threads (default ${pretrainDefaults.threads})
  --checkpoint BASE    continue from a checkpoint or run folder: its weights and model config, fresh optimizer
                       moments, and a corpus stream from --seed (a new seed gives new examples)
  --exclude FILE       a task file whose tasks the corpus must not contain (repeatable; the benchmark always is)
  --model-preset NAME  a fresh model's preset: ${presetNames.join(', ')} (default reference)
  --context N          a fresh model's context in tokens (default ${defaultContext}: a proposer prompt with 6 references
                       and its answer fits; longer examples lose references or are skipped, and are counted)
  --batch B            examples per step (default ${pretrainDefaults.batch})
  --lr LR              peak learning rate of AdamW (default ${pretrainDefaults.lr})
  --schedule S         ${lrSchedules.join(' or ')} (default ${pretrainDefaults.schedule}: warm-up, then down to 10% of --lr
                       at the last of --steps)
  --warmup-steps N     linear warm-up steps (default ${pretrainDefaults.warmupSteps})
  --checkpoint-every N save a checkpoint every N steps and at the end (default ${pretrainDefaults.checkpointEvery}; 0: at the end)`;

export const pretrainCommand: Command = {
  name: 'pretrain',
  summary: 'pretrain the built-in LM on a seeded corpus of programs (a base model for Absolute Zero)',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      corpus: { type: 'string' },
      out: { type: 'string' },
      minutes: { type: 'string' },
      steps: { type: 'string' },
      seed: { type: 'string' },
      threads: { type: 'string' },
      checkpoint: { type: 'string' },
      exclude: { type: 'string', multiple: true },
      'model-preset': { type: 'string' },
      context: { type: 'string' },
      batch: { type: 'string' },
      lr: { type: 'string' },
      schedule: { type: 'string' },
      'warmup-steps': { type: 'string' },
      'checkpoint-every': { type: 'string' },
    });
    if (positionals.length > 0) throw new CliUsageError(`unexpected argument "${positionals[0]}"`);
    if (values.corpus === undefined) {
      throw new CliUsageError(`--corpus NAME is required; corpora: ${pretrainCorpora.join(', ')}`);
    }
    const corpus = choiceOption('corpus', values.corpus, pretrainCorpora, 'programs');
    const out = values.out;
    if (!out) throw new CliUsageError('--out DIR is required: the run folder to write');
    if (isRunDir(out)) throw new CliUsageError(`"${out}" already holds a run; give a new folder to --out`);
    const steps = intOption('steps', values.steps, pretrainDefaults.steps, 1);
    const minutes =
      values.minutes === undefined ? undefined : numberOption('minutes', values.minutes, 0, 0.001, 100_000);
    const seed = intOption('seed', values.seed, 1);
    const threads = intOption('threads', values.threads, pretrainDefaults.threads, 1);
    const batch = intOption('batch', values.batch, pretrainDefaults.batch, 1);
    const lr = numberOption('lr', values.lr, pretrainDefaults.lr, 1e-7, 1);
    const schedule = choiceOption('schedule', values.schedule, lrSchedules, pretrainDefaults.schedule);
    const warmupSteps = intOption('warmup-steps', values['warmup-steps'], pretrainDefaults.warmupSteps);
    const checkpointEvery = intOption('checkpoint-every', values['checkpoint-every'], pretrainDefaults.checkpointEvery);

    let base: { dir: string; config: PretrainConfig['model']; params: Float32Array } | undefined;
    let model: PretrainConfig['model'];
    if (values.checkpoint !== undefined) {
      const stray = (['model-preset', 'context'] as const).find((k) => values[k] !== undefined);
      if (stray) throw new CliUsageError(`--${stray}: a continued run keeps its base checkpoint's model; drop it`);
      let dir: string;
      try {
        dir = resolveCheckpoint(values.checkpoint).dir;
      } catch (cause) {
        throw new CliUsageError(
          `--checkpoint: ${(cause as Error).message} (give a run folder or a checkpoint folder)`,
          { cause },
        );
      }
      base = { dir, ...(await loadBase(dir)) };
      model = base.config;
    } else {
      const preset = choiceOption('model-preset', values['model-preset'], presetNames, 'reference');
      const context = intOption('context', values.context, defaultContext, 16);
      model = resolveModelConfig({ context }, preset);
    }
    const excludeFiles = values.exclude ?? [];
    const exclude: Task[] = [...generateBenchmark()];
    for (const file of excludeFiles) exclude.push(...(await readTaskFile(file)).tasks);

    const config: PretrainConfig = {
      kind: 'pretrain',
      recipe: 'pretrain',
      corpus,
      seed,
      ...(minutes === undefined ? {} : { minutes }),
      steps,
      batch,
      schedule,
      warmupSteps,
      minLrRatio: pretrainDefaults.minLrRatio,
      optim: pretrainOptim(lr),
      threads,
      model,
      ...(base ? { base: resolve(base.dir) } : {}),
      excludeFiles: excludeFiles.map((f) => resolve(f)),
      checkpointEvery,
    };
    const store = openRunStore({ dir: out });
    store.init({ id: basename(out), kind: 'train', config });
    const budget = `${steps} steps${minutes === undefined ? '' : ` (cut at ${minutes} min)`}`;
    println(
      io.stdout,
      `selfplay pretrain: corpus ${corpus}, ${budget}, seed ${seed}, batch ${batch}, lr ${lr} (${schedule}), ` +
        `${base ? `from ${base.dir}` : `fresh ${values['model-preset'] ?? 'reference'} model`} ` +
        `(${model.layers} layers, width ${model.width}, context ${model.context}), ${threads} thread${threads === 1 ? '' : 's'} → ${out}`,
    );
    println(
      io.stdout,
      `  excluded: ${exclude.length} tasks (the benchmark${excludeFiles.length ? ` and ${excludeFiles.join(', ')}` : ''})`,
    );
    let lastPrinted = -Infinity;
    return settleRun(store, async () => {
      const result = await pretrainPrograms({
        config,
        store,
        exclude,
        ...(base ? { baseParams: base.params } : {}),
        onStep: (s) => {
          // The first step, then every 25 steps or 30 s, whichever is sooner.
          if (s.step === 1 || s.step % 25 === 0 || s.seconds - lastPrinted >= 30) {
            lastPrinted = s.seconds;
            println(
              io.stdout,
              `step ${s.step} · loss ${s.loss.toFixed(4)} · lr ${s.lr.toExponential(2)} · ${s.tokensPerSecond.toFixed(0)} tok/s · ${s.seconds.toFixed(0)} s`,
            );
          }
        },
      });
      const c = result.corpus;
      println(
        io.stdout,
        `\n${result.steps} steps in ${result.seconds.toFixed(0)} s · ${c.examples} examples (${c.trimmed} with fewer references to fit, ${c.skipped} skipped: too long for the context)`,
      );
      println(
        io.stdout,
        `final loss ${result.finalLoss.toFixed(4)} · mean of the last 10% of steps ${result.tailLoss.toFixed(4)}`,
      );
      println(io.stdout, `checkpoint ${join(out, result.checkpoint)}`);
      return 0;
    });
  },
};

async function loadBase(dir: string): Promise<{ config: PretrainConfig['model']; params: Float32Array }> {
  try {
    // A readable checkpoint has its metadata file; anything else is a usage error, not a crash.
    await readFile(join(dir, 'checkpoint.json'));
  } catch (cause) {
    throw new CliUsageError(`--checkpoint: "${dir}" is not a checkpoint folder (no checkpoint.json)`, { cause });
  }
  return baseModel(dir);
}

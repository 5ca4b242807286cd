import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { createLineSink } from '../../export/line-sink.ts';
import { ExportError, exportRun, pairByValues } from '../../export/export-run.ts';
import { exportFormats } from '../../export/layouts.ts';
import { getGame } from '../../games/registry.ts';
import { openRunStore, type SampleFilter } from '../../store/run-store.ts';
import { defaultRunsRoot, isRunDir } from '../../store/runs-root.ts';
import { choiceOption, parseCommandArgs } from '../args.ts';
import type { Command } from '../command.ts';
import { CliUsageError, println } from '../io.ts';

const usage = `selfplay export <run> [options]

Writes a run's self-play turns as JSONL for trainers outside selfplay (docs/export.md). A training run exports
the turns it trained on; an arena run, the traced turns (LM and endpoint players) of its stored games.

Options:
  --format F          ${exportFormats.join(' | ')} (default trajectories)
                        trajectories: one line per turn (text, token ids, log-probs, reward, advantage)
                        dpo-*: preference pairs, best vs worst completion of each prompt (TRL, TRL chat, OpenAI)
  --out FILE          where to write; - is stdout (default -)
  --game ID           only this game's turns
  --steps A:B         only steps A to B, inclusive (A: or :B leave a side open; A alone is one step)
  --min-margin X      preference pairs: least gap in mean reward between chosen and rejected (default 0)
  --pair-by V         preference pairs: compare ${pairByValues.join(' or ')} (default reward)

<run> is a run folder, or a run id under ./${defaultRunsRoot}. A summary goes to stderr.`;

export const exportCommand: Command = {
  name: 'export',
  summary: 'write a run’s turns as JSONL: trajectories or DPO preference pairs (TRL, OpenAI)',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      format: { type: 'string' },
      out: { type: 'string' },
      game: { type: 'string' },
      steps: { type: 'string' },
      'min-margin': { type: 'string' },
      'pair-by': { type: 'string' },
    });
    const [run, extra] = positionals;
    if (run === undefined) throw new CliUsageError('name the run: selfplay export runs/<id>');
    if (extra !== undefined) throw new CliUsageError(`unexpected argument "${extra}"`);
    const format = choiceOption('format', values.format, exportFormats, 'trajectories');
    const pairBy = choiceOption('pair-by', values['pair-by'], pairByValues, 'reward');
    const minMargin = marginOption(values['min-margin']);
    const filter: SampleFilter = {
      ...(values.game === undefined ? {} : { game: getGame(values.game).rules.info.id }),
      ...stepsOption(values.steps),
    };
    const out = values.out ?? '-';
    const store = openRunStore({ dir: runFolder(run), readonly: true });
    const sink = createLineSink(out === '-' ? { stream: io.stdout } : { path: out });
    try {
      const summary = await exportRun({ store, format, filter, minMargin, pairBy, writeLine: sink.write });
      await sink.close();
      const where = out === '-' ? 'stdout' : out;
      const gap = minMargin > 0 ? `a gap in ${pairBy} < ${minMargin}` : `tied best and worst ${pairBy}`;
      const pairs =
        summary.groups === undefined
          ? ''
          : `; ${summary.groups} prompt group(s), skipped ${summary.singleCompletion} with one completion and ` +
            `${summary.belowMargin} with ${gap}`;
      println(
        io.stderr,
        `export: ${summary.turns} turn(s) from ${summary.source} → ${summary.lines} ${format} line(s) to ${where}${pairs}`,
      );
      return 0;
    } catch (error) {
      if (error instanceof ExportError) {
        println(io.stderr, `selfplay export: ${error.message}`);
        return 1;
      }
      throw error;
    } finally {
      store.close();
    }
  },
};

/** A run folder as given, or (a bare name) a run id under the default runs root. */
function runFolder(run: string): string {
  if (isRunDir(run)) return run;
  const underRoot = join(defaultRunsRoot, run);
  const bareId = basename(run) === run;
  if (bareId && isRunDir(underRoot)) return underRoot;
  const why = existsSync(run)
    ? `${run} is not a run folder (no run.sqlite)`
    : `no run at ${run}${bareId ? ` or ${underRoot}` : ''}`;
  throw new CliUsageError(`${why}; \`selfplay runs\` lists the runs`);
}

/** `A:B`, `A:`, `:B` or `A`, inclusive, as a store filter. */
function stepsOption(value: string | undefined): Pick<SampleFilter, 'fromStep' | 'toStep'> {
  if (value === undefined) return {};
  const match = /^(\d*)(?::(\d*))?$/.exec(value.trim());
  if (!match || value.trim() === ':' || value.trim() === '')
    throw new CliUsageError(`--steps must be A:B, A:, :B or A with whole numbers, got "${value}"`);
  const [, from = '', to = from] = match;
  const fromStep = from === '' ? undefined : Number(from);
  const toStep = to === '' ? undefined : Number(to);
  if (fromStep !== undefined && toStep !== undefined && fromStep > toStep)
    throw new CliUsageError(`--steps ${value}: the first step is after the last`);
  return { ...(fromStep === undefined ? {} : { fromStep }), ...(toStep === undefined ? {} : { toStep }) };
}

function marginOption(value: string | undefined): number {
  if (value === undefined) return 0;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0)
    throw new CliUsageError(`--min-margin must be a number ≥ 0, got "${value}"`);
  return n;
}

import type { RunStore, SampleFilter } from '../store/run-store.ts';
import { arenaSamples } from './arena-samples.ts';
import type { ExportSample } from './export-sample.ts';
import {
  type ExportFormat,
  openaiPreferenceLine,
  trajectoryLine,
  trlChatPreferenceLine,
  trlPreferenceLine,
} from './layouts.ts';
import { preferencePairs } from './preference-pairs.ts';
import { readPreferenceFile } from '../preference/index.ts';
import { sppoPairLines } from './sppo-pairs.ts';

/** What preference pairs compare: the episode return of the turn's role, or the advantage it was trained with. */
export const pairByValues = ['reward', 'advantage'] as const;
export type PairBy = (typeof pairByValues)[number];

export interface ExportRunOptions {
  readonly store: RunStore;
  readonly format: ExportFormat;
  readonly filter?: SampleFilter;
  /** Preference formats: the least gap in mean value between chosen and rejected (pairs need a gap > 0 anyway). */
  readonly minMargin?: number;
  readonly pairBy?: PairBy;
  readonly writeLine: (line: string) => void | Promise<void>;
}

export interface ExportSummary {
  readonly format: ExportFormat;
  /** Where the turns came from: the trainer's samples table or an arena's game transcripts. */
  readonly source: 'samples' | 'arena transcripts';
  /** Turns read (after the filter). */
  readonly turns: number;
  readonly lines: number;
  /** Preference formats only. */
  readonly groups?: number;
  readonly singleCompletion?: number;
  readonly belowMargin?: number;
}

/** A run that has nothing to export, or a request the run cannot answer; the message says what to do. */
export class ExportError extends Error {
  override readonly name = 'ExportError';
}

/** Streams one run's turns (or preference pairs built from them) as JSONL lines through `writeLine`. */
export async function exportRun(options: ExportRunOptions): Promise<ExportSummary> {
  const { store, format, writeLine } = options;
  const filter = options.filter ?? {};
  const pairBy = options.pairBy ?? 'reward';
  const meta = store.meta();
  const fromSamples = store.sampleCount() > 0;
  if (!fromSamples && meta.kind !== 'arena') {
    throw new ExportError(
      `run ${meta.id} has no recorded samples: it was trained by a selfplay that did not record them, or with ` +
        'record.samples=false; train again (samples are recorded by default) to export it',
    );
  }
  if (!fromSamples && pairBy === 'advantage')
    throw new ExportError(
      `run ${meta.id} is an arena: its turns were never trained, so they have no advantage; use --pair-by reward`,
    );
  const source = fromSamples ? 'samples' : 'arena transcripts';
  let turns = 0;
  const counted = function* (samples: Iterable<ExportSample>) {
    for (const s of samples) {
      turns++;
      yield s;
    }
  };
  const samples = counted(fromSamples ? store.iterateSamples(filter) : arenaSamples(store.iterateEpisodes(filter)));
  const matching = describeFilter(filter);
  const noTurns = () =>
    new ExportError(
      fromSamples
        ? `no samples of run ${meta.id} match ${matching || 'the export'}; the run has ${store.sampleCount()} in all`
        : `no arena game of run ${meta.id}${matching ? ` matching ${matching}` : ''} has turns with token ids and ` +
            'log-probs; only LM (checkpoint:) and endpoint (openai:) players record them',
    );

  if (format === 'trajectories') {
    let lines = 0;
    for (const s of samples) {
      await writeLine(JSON.stringify(trajectoryLine(s)));
      lines++;
    }
    if (turns === 0) throw noTurns();
    return { format, source, turns, lines };
  }

  if (format === 'sppo') {
    const file = (meta.config as { preferences?: unknown } | null)?.preferences;
    if (typeof file !== 'string')
      throw new ExportError(
        `run ${meta.id} did not play a preference file: the sppo layout needs a run of --recipe sppo, spo or dpo`,
      );
    const lines = sppoPairLines(samples, await readPreferenceFile(file));
    if (turns === 0) throw noTurns();
    for (const line of lines) await writeLine(JSON.stringify(line));
    return { format, source, turns, lines: lines.length };
  }

  const result = preferencePairs({
    samples,
    value: (s) => (pairBy === 'advantage' ? (s.advantage ?? 0) : s.reward),
    minMargin: options.minMargin ?? 0,
  });
  if (turns === 0) throw noTurns();
  const layout = preferenceLayout(format);
  for (const pair of result.pairs) await writeLine(JSON.stringify(layout(pair)));
  return {
    format,
    source,
    turns,
    lines: result.pairs.length,
    groups: result.groups,
    singleCompletion: result.singleCompletion,
    belowMargin: result.belowMargin,
  };
}

function describeFilter(filter: SampleFilter): string {
  const parts = [
    ...(filter.game === undefined ? [] : [`--game ${filter.game}`]),
    ...(filter.fromStep === undefined && filter.toStep === undefined
      ? []
      : [`--steps ${filter.fromStep ?? ''}:${filter.toStep ?? ''}`]),
  ];
  return parts.join(' ');
}

function preferenceLayout(format: Exclude<ExportFormat, 'trajectories' | 'sppo'>) {
  switch (format) {
    case 'dpo-trl':
      return trlPreferenceLine;
    case 'dpo-trl-chat':
      return trlChatPreferenceLine;
    case 'dpo-openai':
      return openaiPreferenceLine;
    default:
      return format satisfies never;
  }
}

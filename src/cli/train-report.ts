import { strategyTable, type StrategyTable } from '../eval/strategy-table.ts';
import { getGame } from '../games/registry.ts';
import type { RunStore } from '../store/run-store.ts';
import type { MatchSummary } from '../train/evaluate-policy.ts';
import type { TrainResult } from '../train/trainer.ts';
import { formatCi } from '../util/stats.ts';
import { type CliIo, println } from './io.ts';
import { formatStrategyTable } from './strategy-table-text.ts';

/**
 * Prints the final report of a training run, game by game, and saves the strategy tables of the games that give one
 * (`result('strategy-tables')`, for the dashboard); returns the run's headline figures for its summary.
 */
export function printTrainReport(options: {
  io: CliIo;
  store: RunStore;
  result: TrainResult;
  gameIds: readonly string[];
}): Record<string, number> {
  const { io, store, result, gameIds } = options;
  println(io.stdout, `\nFinal report (${result.steps} steps)`);
  const summary: Record<string, number> = { steps: result.steps };
  const tables: StrategyTable[] = [];
  for (const gameId of gameIds) {
    const game = reportGame({ io, store, result, gameId, multiGame: gameIds.length > 1 });
    Object.assign(summary, game.summary);
    if (game.table) tables.push(game.table);
  }
  if (tables.length > 0) store.setResult('strategy-tables', tables);
  return summary;
}

/** Prints one game's part of the final report; returns its headline figures and its strategy table, if any. */
function reportGame(options: { io: CliIo; store: RunStore; result: TrainResult; gameId: string; multiGame: boolean }): {
  summary: Record<string, number>;
  table?: StrategyTable;
} {
  const { io, store, result, gameId, multiGame } = options;
  const report = getGame(gameId).report;
  const name = (metric: string) => (multiGame ? `${metric}/${gameId}` : metric);
  const indent = multiGame ? '    ' : '  ';
  if (multiGame) println(io.stdout, `  ${gameId}`);
  // The run's first measurement comes from the store, so a resumed run reports from its real start.
  const start = store.metrics([name('exploitability')])[0]?.value;
  const last = result.evaluations.filter((e) => e.game === gameId).at(-1);
  if (start !== undefined && last?.exploitability !== undefined) {
    const yardstick = report?.uniformExploitability;
    const uniform = yardstick ? `; ${yardstick.label} is ${yardstick.value.toFixed(4)}` : '';
    println(
      io.stdout,
      `${indent}exploitability: ${start.toFixed(4)} → ${last.exploitability.toFixed(4)} (0 = Nash${uniform})`,
    );
  }
  const benchmark = report?.benchmarkValues;
  if (benchmark && last?.selfPlayValues) {
    const values = (v: readonly number[]) => v.map((x) => x.toFixed(3)).join(' / ');
    println(
      io.stdout,
      `${indent}self-play values by seat: ${values(last.selfPlayValues)} (${benchmark.label}: ${values(benchmark.values)})`,
    );
  }
  const figures = Object.entries(last?.policyFigures ?? {});
  if (figures.length > 0) {
    const first = (figure: string) => store.metrics([name(`policy/${figure}`)])[0]?.value;
    const shown = figures.map(([figure, v]) => `${figure} ${first(figure)?.toFixed(3) ?? '?'} → ${v.toFixed(3)}`);
    println(io.stdout, `${indent}policy (exact): ${shown.join(', ')}`);
  }
  const greedyStart = store.metrics([name('exploitability/greedy')])[0]?.value;
  if (greedyStart !== undefined && last?.greedyExploitability !== undefined) {
    println(
      io.stdout,
      `${indent}greedy decoding: exploitability ${greedyStart.toFixed(4)} → ${last.greedyExploitability.toFixed(4)}`,
    );
  }
  for (const [against, m] of Object.entries(last?.matches ?? {})) {
    println(
      io.stdout,
      `${indent}vs ${against}: ${formatCi(m)} per game; won ${m.wins}, drew ${m.draws}, lost ${m.losses} of ${m.games}${describeStats(m)}`,
    );
  }
  const free = last?.freeDecoding;
  if (free) {
    const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
    println(
      io.stdout,
      `${indent}free decoding (moves written, not constrained) vs random: invalid moves in ${pct(free.sampled)} of ${free.games} games at the rollout temperature, ${pct(free.greedy)} greedy`,
    );
  }
  const spec = report?.strategyTable;
  const table = spec && last?.table ? strategyTable({ game: gameId, spec, policy: last.table }) : undefined;
  if (table) {
    println(io.stdout, `\n${indent}learned strategy beside the ${table.equilibrium} (probability of ${table.move}):`);
    println(io.stdout, formatStrategyTable(table));
  }
  const summary = {
    ...(last?.exploitability === undefined ? {} : { [name('exploitability')]: last.exploitability }),
    ...Object.fromEntries(
      Object.entries(last?.matches ?? {}).map(([against, m]) => [name(`return/${against}`), m.mean]),
    ),
    ...(free ? { [name('invalid_rate/free')]: free.sampled } : {}),
  };
  return table ? { summary, table } : { summary };
}

/** A match's game-specific figures (negotiation agreement, value gain), as ", agreement 0.41 ± 0.05". */
export function describeStats(m: MatchSummary): string {
  return Object.entries(m.stats)
    .map(([name, v]) => `, ${name.replace(/_/g, ' ')} ${formatCi(v)}`)
    .join('');
}

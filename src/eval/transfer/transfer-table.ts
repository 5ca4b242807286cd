import type { TransferResult, TransferScore } from './run-transfer.ts';

/** The transfer table as text cells: SPIRAL's layout, one column per game and the average last. */
export interface TransferTable {
  readonly head: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** One line per skipped game, with its reason. */
  readonly skipped: readonly string[];
}

const skippedCell = 'skipped';

/**
 * Win rate (95% CI) per game and their average; then the draw rate and the invalid-move rates, each only when some
 * game has one (in most games they are all zero and would only widen the table).
 */
export function transferTable(result: TransferResult): TransferTable {
  const { columns, average } = result;
  const cells = (pick: (score: TransferScore) => string, last: string, skipped = '') => [
    ...columns.map((c) => ('score' in c ? pick(c.score) : skipped)),
    last,
  ];
  const scores = columns.flatMap((c) => ('score' in c ? [c.score] : []));
  const rows: string[][] = [
    [
      'win rate',
      ...cells(
        (s) => `${s.winRate.rate.toFixed(2)} ± ${s.winRate.halfWidth.toFixed(2)}`,
        averageCell(result),
        skippedCell,
      ),
    ],
  ];
  const percent = (x: number) => x.toFixed(2);
  if (scores.some((s) => s.drawRate > 0)) rows.push(['draw rate', ...cells((s) => percent(s.drawRate), '')]);
  if (scores.some((s) => s.invalidRate > 0))
    rows.push([`invalid moves (${result.player})`, ...cells((s) => percent(s.invalidRate), '')]);
  if (scores.some((s) => s.opponentInvalidRate > 0))
    rows.push([`invalid moves (${result.opponent})`, ...cells((s) => percent(s.opponentInvalidRate), '')]);
  return {
    head: ['', ...columns.map((c) => c.game), average ? `average (${average.games})` : 'average'],
    rows,
    skipped: columns.flatMap((c) => ('skipped' in c ? [`${c.game}: ${c.skipped}`] : [])),
  };
}

function averageCell({ average }: TransferResult): string {
  return average ? `${average.rate.toFixed(2)} ± ${average.halfWidth.toFixed(2)}` : '—';
}

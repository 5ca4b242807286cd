import { equilibriumText, type StrategyTable } from '../eval/strategy-table.ts';
import { formatTable } from './table.ts';

/** A learned strategy beside the game's equilibria, as a terminal table. */
export function formatStrategyTable(table: StrategyTable): string {
  return formatTable(
    ['key', 'situation', 'learned', 'Nash'],
    table.rows.map((r) => [r.key, r.situation, r.learned.toFixed(3), equilibriumText(r)]),
  );
}

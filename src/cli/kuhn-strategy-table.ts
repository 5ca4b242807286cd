import type { KuhnStrategyRow } from '../eval/kuhn-strategy.ts';
import { formatTable } from './table.ts';

/** The learned Kuhn strategy beside the Nash family's range, as a terminal table. */
export function formatKuhnStrategy(rows: readonly KuhnStrategyRow[]): string {
  return formatTable(
    ['key', 'situation', 'learned', 'Nash'],
    rows.map((r) => [
      r.key,
      r.situation,
      r.learned.toFixed(3),
      r.nashLow === r.nashHigh ? r.nashLow.toFixed(3) : `${r.nashLow.toFixed(3)}–${r.nashHigh.toFixed(3)}`,
    ]),
  );
}

import type { SampleRow } from '../store/run-store.ts';

/**
 * One turn as the export sees it: a trained sample, or a traced turn of an arena game. Arena turns were never
 * trained, so they have no advantage, and they name the entrant that played them.
 */
export interface ExportSample extends Omit<SampleRow, 'advantage'> {
  readonly advantage: number | null;
  /** The arena entrant in this seat (arena runs only). */
  readonly player?: string;
}

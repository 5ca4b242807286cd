import type { GameTree } from './game-tree.ts';

/**
 * A behaviour policy as a table: for each information-state key, probabilities aligned with `legalActions(state)`
 * order there (Kuhn: `[pass, bet]`, as OpenSpiel's `kuhn_nash_equilibrium`). A missing key means uniform; rows are
 * renormalised over the legal actions when used.
 */
export interface TabularPolicy {
  /** The game id it was made for (`GameInfo.id`). */
  readonly game: string;
  readonly rows: ReadonlyMap<string, readonly number[]>;
}

/** A policy row or a policy does not fit its game: wrong length, negative or NaN entries, unknown keys. */
export class PolicyError extends Error {
  override readonly name = 'PolicyError';
  constructor(
    message: string,
    /** The information-state key at fault, when there is one. */
    readonly key?: string,
  ) {
    super(message);
  }
}

/** The uniform policy of `game` (no rows: every key falls back to uniform). */
export function uniformPolicy(game: string): TabularPolicy {
  return { game, rows: new Map() };
}

/** A policy from a plain `{ [infoKey]: probabilities }` object; rows are checked when used. */
export function tabularPolicy(game: string, rows: Readonly<Record<string, readonly number[]>>): TabularPolicy {
  return { game, rows: new Map(Object.entries(rows)) };
}

/**
 * Checks one row and returns it normalised to sum 1; throws `PolicyError` naming `key` when it has the wrong
 * length, a negative, NaN or infinite entry, or no positive entry.
 */
export function normaliseRow(key: string, row: readonly number[], legalCount: number): number[] {
  if (row.length !== legalCount)
    throw new PolicyError(
      `policy row ${JSON.stringify(key)} has ${row.length} entries but the information set has ${legalCount} legal actions`,
      key,
    );
  let total = 0;
  for (const p of row) {
    if (!Number.isFinite(p) || p < 0)
      throw new PolicyError(
        `policy row ${JSON.stringify(key)} has entry ${p}; probabilities must be finite and non-negative`,
        key,
      );
    total += p;
  }
  if (!(total > 0))
    throw new PolicyError(
      `policy row ${JSON.stringify(key)} has no positive entry; leave the key out for uniform`,
      key,
    );
  return row.map((p) => p / total);
}

/** Probabilities over the `legalCount` legal actions at `infoKey`: the normalised row, or uniform when missing. */
export function actionProbabilities(policy: TabularPolicy, infoKey: string, legalCount: number): number[] {
  const row = policy.rows.get(infoKey);
  return row ? normaliseRow(infoKey, row, legalCount) : Array.from({ length: legalCount }, () => 1 / legalCount);
}

/**
 * The policy as one number per slot of `tree` (see `InfosetTable`), the form every solver loop reads.
 * Throws `PolicyError` for a policy of another game, a key the game never reaches, or a bad row.
 */
export function flattenPolicy(tree: GameTree, policy: TabularPolicy): Float64Array {
  if (policy.game !== tree.gameId)
    throw new PolicyError(`the policy is for game "${policy.game}" but the tree is of "${tree.gameId}"`);
  const { infosets } = tree;
  const flat = new Float64Array(infosets.slotCount);
  for (let i = 0; i < infosets.count; i++) {
    const start = infosets.slotStart[i]!;
    const n = infosets.slotStart[i + 1]! - start;
    const row = policy.rows.get(infosets.keys[i]!);
    if (row) flat.set(normaliseRow(infosets.keys[i]!, row, n), start);
    else flat.fill(1 / n, start, start + n);
  }
  for (const key of policy.rows.keys())
    if (!infosets.byKey.has(key))
      throw new PolicyError(
        `policy key ${JSON.stringify(key)} is not an information set of ${tree.gameId}; ` +
          'check the key format in docs/solvers.md',
        key,
      );
  return flat;
}

/** A policy with a row for every information set (of `players`, default all) from per-slot numbers. */
export function policyFromFlat(
  tree: GameTree,
  flat: Float64Array,
  players: readonly number[] = Array.from({ length: tree.players }, (_, p) => p),
): TabularPolicy {
  const { infosets } = tree;
  const rows = new Map<string, number[]>();
  for (const p of players)
    for (const i of infosets.ofPlayer[p] ?? []) {
      rows.set(infosets.keys[i]!, Array.from(flat.subarray(infosets.slotStart[i]!, infosets.slotStart[i + 1]!)));
    }
  return { game: tree.gameId, rows };
}

/** Normalises `weights` per information set into `out` (uniform where a set's weights sum to zero). */
export function normaliseBySet(tree: GameTree, weights: Float64Array, out: Float64Array): Float64Array {
  const { slotStart, count } = tree.infosets;
  for (let i = 0; i < count; i++) {
    const start = slotStart[i]!;
    const end = slotStart[i + 1]!;
    let total = 0;
    for (let s = start; s < end; s++) total += weights[s]!;
    if (total > 0) for (let s = start; s < end; s++) out[s] = weights[s]! / total;
    else out.fill(1 / (end - start), start, end);
  }
  return out;
}

import type { TabularPolicy } from '../solvers/index.ts';
import type { MatchSummary } from './evaluate-policy.ts';

// How an evaluation's figures are named and banded in the run store (the dashboard pairs `name/lo`, `name/hi`).

/** A proportion and its 95% normal-approximation band as `name`, `name/lo`, `name/hi` (the dashboard draws bands). */
function proportionWithCi(name: string, p: number, n: number): Record<string, number> {
  const half = 1.96 * Math.sqrt((p * (1 - p)) / Math.max(1, n));
  return { [name]: p, [`${name}/lo`]: Math.max(0, p - half), [`${name}/hi`]: Math.min(1, p + half) };
}

/**
 * A game's evaluation metrics under the names the run store keeps: plain for a one-game run, and for a multi-game
 * run with the game inserted before any `/lo`, `/hi` band suffix (`exploitability/kuhn-poker`,
 * `return/random/kuhn-poker/lo`), so the dashboard still pairs bands with their line.
 */
export function gameMetrics(game: string | undefined, metrics: Record<string, number>): Record<string, number> {
  if (game === undefined) return metrics;
  return Object.fromEntries(
    Object.entries(metrics).map(([name, value]) => [name.replace(/(\/(?:lo|hi))?$/, `/${game}$1`), value]),
  );
}

/** A match's figures as metrics: mean return and win/loss rates with 95% bands, and the game's own figures. */
export function matchMetrics(against: string, m: MatchSummary): Record<string, number> {
  const band = (name: string, mean: number, half: number) => ({
    [name]: mean,
    [`${name}/lo`]: mean - half,
    [`${name}/hi`]: mean + half,
  });
  return {
    ...band(`return/${against}`, m.mean, m.halfWidth),
    ...proportionWithCi(`winrate/${against}`, m.wins / m.games, m.games),
    ...proportionWithCi(`lossrate/${against}`, m.losses / m.games, m.games),
    [`invalid_rate/${against}`]: m.invalid / m.games,
    [`game_length/${against}`]: m.meanTurns,
    ...Object.assign(
      {},
      ...Object.entries(m.stats).map(([name, v]) => band(`${name}/${against}`, v.mean, v.halfWidth)),
    ),
  };
}

/** Mean entropy (nats) of the policy's move distributions over its information sets: how much it still explores. */
export function meanEntropy(table: TabularPolicy): number {
  let total = 0;
  for (const row of table.rows.values()) total -= row.reduce((h, p) => h + (p > 0 ? p * Math.log(p) : 0), 0);
  return total / Math.max(1, table.rows.size);
}

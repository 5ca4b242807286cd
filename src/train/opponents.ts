import type { AnyTextGame } from '../games/registry.ts';
import { createModel, type LmModel } from '../lm/index.ts';
import { createLmPolicy } from '../rollout/lm-policy.ts';
import { resolvePlayer } from '../rollout/players/player-spec.ts';
import type { Policy } from '../spec/policy.ts';
import type { Rng } from '../spec/rng.ts';
import { sampleIndex } from '../util/rng.ts';
import type { TrainConfig } from './train-config.ts';
import type { SavedSnapshot } from './trainer-checkpoint.ts';

/** Who sits opposite the live policy in one game, and which seats are trained. */
export interface Pairing {
  readonly policies: readonly [Policy, Policy];
  /** Seats whose turns become training samples (both in mirror self-play, the live seat otherwise). */
  readonly trainedSeats: readonly number[];
  /** Pool entry the live policy faced, for prioritised sampling; undefined for mirror and fixed opponents. */
  readonly snapshot?: number;
}

interface Snapshot {
  readonly step: number;
  readonly params: Float32Array;
  readonly policy: Policy;
  /** Live policy's results against it: wins count 1, draws ½. */
  score: number;
  games: number;
}

/**
 * Opponent sampling (research/systems.md §3; SPIRAL trains mirror self-play only): `mirror` (the live policy in
 * both seats), `fixed` (a random, nash, policy-file or checkpoint player), or `pool` — frozen snapshots of the live
 * policy taken every `poolEvery` steps, sampled `latest`, `uniform` (fictitious self-play) or `prioritized` by the
 * live policy's win rate against each ((1 − p)², AlphaStar's PFSP "hard" weighting); `mirrorShare` of the games
 * stay mirror self-play. The live policy takes seat 0 or 1 alternately.
 */
export async function createOpponentSampler(options: {
  config: TrainConfig['opponent'];
  /** Every game of the run (a fixed opponent is resolved for each; pool snapshots play them all). */
  games: readonly AnyTextGame[];
  live: Policy;
  model: LmModel;
  temperature: number;
  /** Snapshots restored from a checkpoint, oldest first. */
  restore?: readonly SavedSnapshot[];
}) {
  const { config, games, live, model } = options;
  const fixed = new Map<string, Policy>();
  if (config.kind === 'fixed') {
    for (const game of games) {
      const io = { stdin: process.stdin, stdout: process.stdout };
      fixed.set(game.rules.info.id, await resolvePlayer({ spec: config.fixed, game, io }));
    }
  }
  const pool: Snapshot[] = [];
  const mirror: Pairing = { policies: [live, live], trainedSeats: [0, 1] };
  const facing = (opponent: Policy, seat: number, snapshot?: number): Pairing => ({
    policies: seat === 0 ? [live, opponent] : [opponent, live],
    trainedSeats: [seat],
    ...(snapshot === undefined ? {} : { snapshot }),
  });
  const addSnapshot = (saved: SavedSnapshot) => {
    const frozen = createModel({ kernels: model.kernels, config: model.config, params: saved.params });
    const policy = createLmPolicy({ model: frozen, temperature: options.temperature, name: `snapshot@${saved.step}` });
    pool.push({ ...saved, policy });
    if (pool.length > config.poolSize) pool.shift();
  };
  for (const saved of options.restore ?? []) addSnapshot(saved);
  return {
    /** The pairing for game `index` of a step, a game of `gameId`. */
    pair(index: number, rng: Rng, gameId: string): Pairing {
      if (config.kind === 'mirror' || rng.next() < config.mirrorShare) return mirror;
      const seat = index % 2;
      const fixedPlayer = fixed.get(gameId);
      if (fixedPlayer) return facing(fixedPlayer, seat);
      if (pool.length === 0) return mirror;
      let k = pool.length - 1;
      if (config.poolSampling === 'uniform') k = rng.int(pool.length);
      else if (config.poolSampling === 'prioritized') {
        k = sampleIndex(
          rng,
          pool.map((s) => (1 - (s.games > 0 ? s.score / s.games : 0.5)) ** 2 + 1e-3),
        );
      }
      return facing(pool[k]!.policy, seat, k);
    },
    /** Records the live policy's result against a pool entry (return > 0 a win, 0 a draw). */
    record(snapshot: number | undefined, liveReturn: number): void {
      const entry = snapshot === undefined ? undefined : pool[snapshot];
      if (!entry) return;
      entry.games++;
      entry.score += liveReturn > 0 ? 1 : liveReturn === 0 ? 0.5 : 0;
    },
    /** Freezes the live weights into the pool every `poolEvery` steps (oldest dropped past `poolSize`). */
    afterStep(step: number): void {
      if (config.kind !== 'pool' || step % config.poolEvery !== 0) return;
      addSnapshot({ step, params: model.params().slice(), score: 0, games: 0 });
    },
    poolSteps: () => pool.map((s) => s.step),
    /** The pool as a checkpoint keeps it. */
    snapshots: (): SavedSnapshot[] => pool.map(({ step, params, score, games }) => ({ step, params, score, games })),
  };
}

import { z } from 'zod';
import type { AnyTextGame } from '../games/registry.ts';
import { createModel, type LmModel } from '../lm/index.ts';
import { createLmPolicy } from '../rollout/lm-policy.ts';
import { resolvePlayer } from '../rollout/players/player-spec.ts';
import type { Pairing, SeatBinding } from '../rollout/seat-binding.ts';
import type { Learner } from '../spec/learner.ts';
import type { Policy } from '../spec/policy.ts';
import type { Rng } from '../spec/rng.ts';
import type { RunEvent } from '../spec/run-events.ts';
import { sampleIndex } from '../util/rng.ts';
import type { ComponentState, TrainingComponent } from './components/training-component.ts';
import type { PopulationMeta } from './population-meta.ts';
import type { TrainConfig } from './train-config.ts';

/** A pool snapshot as a checkpoint holds it. */
export interface SavedSnapshot {
  readonly step: number;
  readonly score: number;
  readonly games: number;
  readonly params: Float32Array;
}

interface Snapshot extends SavedSnapshot {
  readonly policy: Policy;
  /** Live policy's results against it: wins count 1, draws ½. */
  score: number;
  games: number;
}

/** The pool's records in `trainer-state.json`; the weights are saved beside, under `pool/step-N`. */
const savedPool = z.object({
  pool: z.array(z.strictObject({ step: z.number().int(), score: z.number(), games: z.number() })).default([]),
});
const snapshotDir = (step: number) => `pool/step-${step}`;

/**
 * Opponent sampling (research/systems.md §3; SPIRAL trains mirror self-play only): `mirror` (the live policy in
 * every seat), `fixed` (a random, nash, policy-file or checkpoint player), or `pool` — frozen snapshots of the live
 * policy taken every `poolEvery` steps, sampled `latest`, `uniform` (fictitious self-play) or `prioritized` by the
 * live policy's win rate against each ((1 − p)², AlphaStar's PFSP "hard" weighting); `mirrorShare` of the games
 * stay mirror self-play. Against an opponent the live policy takes one seat, in turn by the game's index in the step,
 * and the opponent every other seat. A run component: the pool is snapshotted after steps and checkpointed, and
 * fixed players are closed with the run.
 */
export async function createOpponentSampler(options: {
  config: TrainConfig['opponent'];
  /** Every game of the run (a fixed opponent is resolved for each; pool snapshots play them all). */
  games: readonly AnyTextGame[];
  /** The live policy, and the learner its seats train. */
  live: SeatBinding & { readonly learner: Learner };
  /** A model of the live one's config and kernels (snapshots are made like it). */
  like: LmModel;
  temperature: number;
  /** The pool as a PSRO population (`poolSampling: meta-nash`, `evaluation.population`), with where its figures go. */
  population?: PopulationMeta;
  onPopulation?: (event: Extract<RunEvent, { type: 'population-measured' }>) => void;
}) {
  const { config, games, live, like, population } = options;
  const fixed = new Map<string, Policy>();
  if (config.kind === 'fixed') {
    for (const game of games) {
      const io = { stdin: process.stdin, stdout: process.stdout };
      fixed.set(game.rules.info.id, await resolvePlayer({ spec: config.fixed, game, io }));
    }
  }
  const players = new Map(games.map((g) => [g.rules.info.id, g.rules.info.players]));
  const seatCount = (gameId: string) => {
    const n = players.get(gameId);
    if (n === undefined) throw new RangeError(`no game "${gameId}" in this run's opponents`);
    return n;
  };
  const pool: Snapshot[] = [];
  const mirror = (gameId: string): Pairing => ({ seats: Array.from({ length: seatCount(gameId) }, () => live) });
  const facing = (gameId: string, opponent: Policy, seat: number, snapshot?: number): Pairing => ({
    seats: Array.from({ length: seatCount(gameId) }, (_, s) => (s === seat ? live : { policy: opponent })),
    ...(snapshot === undefined ? {} : { snapshot }),
  });
  /** The meta-game's Nash over the pool, oldest first (`meta-nash` sampling), computed once per snapshot. */
  let metaNash: number[] = [];
  /** The sampling mixture as one table (`opponentTable`), made once per pool: it changes only with a snapshot. */
  let mixture: Float64Array | undefined;
  const addSnapshot = (saved: SavedSnapshot) => {
    mixture = undefined;
    const frozen = createModel({ kernels: like.kernels, config: like.config, params: saved.params });
    const policy = createLmPolicy({ model: frozen, temperature: options.temperature, name: `snapshot@${saved.step}` });
    pool.push({ ...saved, policy });
    population?.add(frozen);
    if (pool.length > config.poolSize) {
      pool.shift();
      population?.dropOldest();
    }
    metaNash = population?.nash() ?? [];
  };
  /** The mixture the pool samples opponents by, if it is a fixed strategy over the snapshots. */
  const samplingStrategy = (): number[] | undefined => {
    const n = pool.length;
    if (config.poolSampling === 'uniform') return pool.map(() => 1 / n);
    if (config.poolSampling === 'latest') return pool.map((_, i) => (i === n - 1 ? 1 : 0));
    if (config.poolSampling === 'meta-nash') return metaNash;
    return undefined;
  };
  const snapshots = (): SavedSnapshot[] =>
    pool.map(({ step, params, score, games }) => ({ step, params, score, games }));
  return {
    /** The pairing for game `index` of a step, a game of `gameId`. */
    pair(index: number, rng: Rng, gameId: string): Pairing {
      if (config.kind === 'mirror' || rng.next() < config.mirrorShare) return mirror(gameId);
      const seat = index % seatCount(gameId);
      const fixedPlayer = fixed.get(gameId);
      if (fixedPlayer) return facing(gameId, fixedPlayer, seat);
      if (pool.length === 0) return mirror(gameId);
      let k = pool.length - 1;
      if (config.poolSampling === 'uniform') k = rng.int(pool.length);
      else if (config.poolSampling === 'meta-nash') k = sampleIndex(rng, metaNash);
      else if (config.poolSampling === 'prioritized') {
        k = sampleIndex(
          rng,
          pool.map((s) => (1 - (s.games > 0 ? s.score / s.games : 0.5)) ** 2 + 1e-3),
        );
      }
      return facing(gameId, pool[k]!.policy, seat, k);
    },
    /** Records the live policy's result against a pool entry (return > 0 a win, 0 a draw). */
    record(snapshot: number | undefined, liveReturn: number): void {
      const entry = snapshot === undefined ? undefined : pool[snapshot];
      if (!entry) return;
      entry.games++;
      entry.score += liveReturn > 0 ? 1 : liveReturn === 0 ? 0.5 : 0;
    },
    poolSteps: () => pool.map((s) => s.step),
    /**
     * The opponent as one exact policy table, for a full-width step: the mixture the pool samples by (uniform,
     * latest or meta-Nash) as a behaviour policy, over the population's tree. Undefined while the live policy plays
     * itself: in mirror self-play, and in a pool run before its first snapshot.
     */
    opponentTable(): Float64Array | undefined {
      const sampling = samplingStrategy();
      if (config.kind !== 'pool' || pool.length === 0 || !sampling) return undefined;
      if (!population) throw new RangeError('a full-width step against the pool needs the pool as a population');
      mixture ??= population.mixture(sampling);
      return mixture;
    },
    /** The pool as a checkpoint keeps it. */
    snapshots,
    component: {
      key: 'opponents',
      /** Freezes the learner's published weights into the pool every `poolEvery` steps (oldest dropped past `poolSize`). */
      async afterStep(step: number): Promise<void> {
        if (config.kind !== 'pool' || step % config.poolEvery !== 0) return;
        addSnapshot({ step, params: (await live.learner.publish()).params().slice(), score: 0, games: 0 });
        if (!population) return;
        const sampling = samplingStrategy();
        options.onPopulation?.({
          type: 'population-measured',
          step,
          size: population.size(),
          nashExploitability: population.exploitability(metaNash),
          ...(sampling ? { samplingExploitability: population.exploitability(sampling) } : {}),
        });
      },
      save: (): ComponentState => ({
        fields: { pool: pool.map(({ step, score, games }) => ({ step, score, games })) },
        weights: new Map(pool.map((s) => [snapshotDir(s.step), s.params])),
      }),
      restore(saved: ComponentState): void {
        for (const s of savedPool.parse(saved.fields).pool) {
          const params = saved.weights.get(snapshotDir(s.step));
          if (!params)
            throw new RangeError(`the checkpoint lists pool snapshot ${s.step} but holds no ${snapshotDir(s.step)}`);
          addSnapshot({ ...s, params });
        }
      },
      async close(): Promise<void> {
        for (const player of fixed.values()) await player.close?.();
      },
    } satisfies TrainingComponent,
  };
}

export type OpponentSampler = Awaited<ReturnType<typeof createOpponentSampler>>;

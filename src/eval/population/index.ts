// Population meta-games measured by play, for games too large to walk (the exact ones are in
// solvers/population). See docs/population.md.
export { type BoundedMeanInterval, boundedMeanInterval } from './bounded-mean-interval.ts';
export {
  pairMargins,
  type SampledMetaGame,
  type SampledMetaGameOptions,
  sampledMetaGame,
} from './sampled-meta-game.ts';

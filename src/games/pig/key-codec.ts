import type { PigKeyCodec, PigPosition } from '../../solvers/index.ts';
import { type PigVariant, pigKey } from './rules.ts';

/**
 * Pig's keys for the exact solver, both ways (format in `pigKey`): the solver's rows then carry the keys players
 * are asked under. Without a cap a position's `turn` is the mover, 0 or 1.
 */
export function pigKeyCodec(variant: PigVariant): PigKeyCodec {
  const pattern = variant.turnCap === undefined ? /^p([01]) (\d+)-(\d+) k(\d+)$/ : /^t(\d+) (\d+)-(\d+) k(\d+)$/;
  return {
    key: (position: PigPosition) =>
      pigKey(variant, {
        scores: position.scores,
        turnTotal: position.turnTotal,
        turn: position.turn,
        rolling: false,
        moves: 0,
        over: false,
      }),
    position(key: string): PigPosition | undefined {
      const m = pattern.exec(key);
      if (!m) return undefined;
      return { turn: Number(m[1]), scores: [Number(m[2]), Number(m[3])], turnTotal: Number(m[4]) };
    },
  };
}

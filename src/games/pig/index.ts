import {
  createPigSolver,
  type PigSolver,
  pigLayout,
  pigPositionCount,
  withExactSolver,
  type WithExactSolver,
} from '../../solvers/index.ts';
import type { TextGame } from '../../spec/game-text.ts';
import { parsePig, pigActionString } from './actions.ts';
import { pigKeyCodec } from './key-codec.ts';
import { createPigRules, type PigState, type PigVariant, pigSmallVariant, pigVariant } from './rules.ts';
import { observePig } from './text.ts';

export { pigKeyCodec } from './key-codec.ts';
export {
  createPigRules,
  HOLD,
  type PigRules,
  type PigState,
  type PigVariant,
  pigSmallVariant,
  pigVariant,
  ROLL,
} from './rules.ts';

export type PigGame = TextGame<PigState> & {
  readonly rules: WithExactSolver<PigState> & { readonly exactSolver: PigSolver };
};

/** Past this many positions a player's whole table is not read: an LM would be asked one prompt per position. */
const tablePositionLimit = 100_000;

/** The exact solver for a variant (solves on first use), keyed like the game. */
export function pigSolverFor(variant: PigVariant): PigSolver {
  const { id } = variant;
  const positions = pigPositionCount(pigLayout(variant));
  const tableRefusal =
    positions > tablePositionLimit
      ? `${id} has ${positions.toLocaleString('en-US')} positions where a player acts: too many to read a player's ` +
        `whole policy into a table. Measure it by matches against \`nash\`, the exact optimal player ` +
        `(\`selfplay play ${id} --p0 SPEC --p1 nash --games N\`), or exactly on \`pig-small\``
      : undefined;
  return createPigSolver({
    gameId: id,
    spec: variant,
    codec: pigKeyCodec(variant),
    ...(tableRefusal ? { tableRefusal } : {}),
  });
}

/**
 * A Pig variant as a playable game. Its rules carry the exact solver, so `nash`, `selfplay exploitability` and
 * the solvers' `measurePolicy` solve over positions instead of walking a tree.
 */
export function createPigGame(variant: PigVariant): PigGame {
  const exactSolver = pigSolverFor(variant);
  return {
    rules: { ...withExactSolver(createPigRules(variant), exactSolver), exactSolver },
    text: {
      observe: (state, player, format) => observePig(variant, state, player, format),
      actionString: pigActionString,
      parse: parsePig,
    },
  };
}

export const pig = createPigGame(pigVariant);
export const pigSmall = createPigGame(pigSmallVariant);

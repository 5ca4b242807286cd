import { walkInfosets } from '../../eval/policy-table/infoset-walk.ts';
import type { AnyTextGame } from '../../games/registry.ts';
import { choicePoint, lmPromptTokens } from '../../rollout/lm-policy.ts';
import { buildTree, type GameTree } from '../../solvers/index.ts';
import type { ObservationFormat } from '../../spec/game-text.ts';

/** One information set as the built-in LM meets it. */
export interface Decision {
  /** The information set's key, as the solvers key policy rows. */
  readonly key: string;
  /** The prompt and the prefix the legal move strings share: the model's next token chooses the move. */
  readonly context: readonly number[];
  /** Per legal move (rules order, the tree's slot order), the token where it parts from the others. */
  readonly choiceTokens: readonly number[];
  /** The prompt alone, and the legal move strings (rules order): what free decoding must write. */
  readonly prompt: readonly number[];
  readonly moves: readonly string[];
}

export class FullWidthError extends Error {
  override readonly name = 'FullWidthError';
}

/**
 * A finite game's whole tree (the solvers' flat tree) and its decisions, one per information set in the tree's
 * order. A decision's moves must part at one token — then constrained decoding's distribution over the moves is
 * the softmax of those tokens' logits after the shared prefix, and one forward pass per information set reads or
 * trains the whole choice.
 */
export function decisionTree(options: {
  game: AnyTextGame;
  format: ObservationFormat;
  /** Stop with an error past this many information sets (default: `walkInfosets`'s, 30,000). */
  maxDecisions?: number;
}): { tree: GameTree; decisions: Decision[] } {
  const { game, format } = options;
  const id = game.rules.info.id;
  if (game.rules.info.players !== 2)
    throw new FullWidthError(`full-width training needs a two-player game; ${id} is not one`);
  const tree = buildTree(game.rules);
  const sites = new Map(
    walkInfosets({ game, format, ...(options.maxDecisions ? { maxInfosets: options.maxDecisions } : {}) }).map((s) => [
      s.key,
      s,
    ]),
  );
  const decisions = tree.infosets.keys.map((key) => {
    const site = sites.get(key);
    if (!site) throw new FullWidthError(`${id}: information set ${key} has no observation`);
    const { prefix, choiceTokens } = partingTokens(site.legal, `${id} at ${key}`);
    const prompt = lmPromptTokens(site.observation);
    return { key, context: [...prompt, ...prefix], choiceTokens, prompt, moves: site.legal };
  });
  return { tree, decisions };
}

/** `choicePoint` of the moves, or an error naming `where` when they do not part at one token. */
export function partingTokens(moves: readonly string[], where: string): { prefix: number[]; choiceTokens: number[] } {
  const point = choicePoint(moves);
  if (!point) {
    throw new FullWidthError(
      `${where}: the moves ${moves.join(', ')} do not part at one token, which full-width training needs`,
    );
  }
  return point;
}

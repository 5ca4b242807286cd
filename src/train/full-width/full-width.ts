import type { AnyTextGame } from '../../games/registry.ts';
import { choiceLogprobs, type LmModel, readChoiceRows } from '../../lm/index.ts';
import { actionValues, counterfactualReach, exploitability, type GameTree, nodeValues } from '../../solvers/index.ts';
import type { ObservationFormat } from '../../spec/game-text.ts';
import { choiceMask, lmCompletionTokens } from '../../rollout/lm-policy.ts';
import type { Learner, LossSpec, TrainingSample } from '../../spec/learner.ts';
import type { Rng } from '../../spec/rng.ts';
import { shuffleInPlace } from '../../util/rng.ts';
import { klDivergence, mirrorDescentTarget } from '../mirror-descent.ts';
import { type Decision, decisionTree, FullWidthError } from './decision-tree.ts';

/**
 * The games a run fits full width: none in a sampled run; every game with `full-width` (a game whose moves are open
 * text cannot be enumerated, and the error says so); with `mixed`, the games with finite moves, the rest sampled.
 */
export function fullWidthGames(mode: 'sampled' | 'full-width' | 'mixed', games: readonly AnyTextGame[]): AnyTextGame[] {
  if (mode === 'sampled') return [];
  const open = games.filter((g) => g.rules.info.actionSpace !== 'finite').map((g) => g.rules.info.id);
  if (mode === 'full-width' && open.length > 0) {
    throw new FullWidthError(
      `rollout.mode 'full-width': ${open.join(', ')} has open-text moves and cannot be enumerated; 'mixed' trains such games sampled`,
    );
  }
  return games.filter((g) => g.rules.info.actionSpace === 'finite');
}

/**
 * The policy at every decision: log-probabilities over its moves (rules order) under constrained decoding. A
 * decision with one move is certain and costs no forward pass.
 */
export function decisionPolicies(model: LmModel, decisions: readonly Decision[]): Float64Array[] {
  const open = decisions.flatMap((d, i) => (d.choiceTokens.length > 1 ? [i] : []));
  const V = model.config.vocabSize;
  const read = readChoiceRows(
    model,
    open.map((i) => ({ context: decisions[i]!.context, ids: decisions[i]!.choiceTokens })),
    (row, { ids }) => choiceLogprobs(row, V, [{ row: 0, ids }])[0]!,
  );
  const out: Float64Array[] = decisions.map(() => Float64Array.of(0));
  open.forEach((i, j) => {
    out[i] = read[j]!;
  });
  return out;
}

/** Per-decision log-probabilities laid out as the tree's flat policy (one probability per slot). */
function flatPolicy(tree: GameTree, logPolicies: readonly Float64Array[]): Float64Array {
  const flat = new Float64Array(tree.infosets.slotCount);
  logPolicies.forEach((lp, i) => lp.forEach((x, j) => (flat[tree.infosets.slotStart[i]! + j] = Math.exp(x))));
  return flat;
}

/**
 * Q(I, a) of every decision for its mover when every seat plays `flat`: the children's exact values averaged over
 * the histories of I by the chance and opponent reach (counterfactual values, normalised) — in a
 * perfect-information game, simply each move's value. Also the players' values of the whole game.
 */
export function exactMoveValues(tree: GameTree, flat: Float64Array): { moveValues: number[][]; gameValues: number[] } {
  const values = nodeValues(tree, flat);
  const reach = Array.from({ length: tree.players }, (_, p) => counterfactualReach(tree, flat, p));
  const moveValues = Array.from({ length: tree.infosets.count }, (_, i) => {
    const p = tree.infosets.player[i]!;
    return actionValues(tree, i, values, reach[p]!, p);
  });
  return { moveValues, gameValues: Array.from(values.subarray(0, tree.players)) };
}

/**
 * Q(I, a) of every decision for its mover when the mover plays `flat` and every other seat plays `opponent` (a
 * table over the same tree): one exact pass per seat over the table that takes the seat's rows from `flat` and the
 * rest from `opponent`. `gameValues[p]` is seat p's value of the game so played.
 */
export function exactMoveValuesAgainst(
  tree: GameTree,
  flat: Float64Array,
  opponent: Float64Array,
): { moveValues: number[][]; gameValues: number[] } {
  const { count, player, slotStart } = tree.infosets;
  const moveValues: number[][] = new Array<number[]>(count);
  const gameValues: number[] = [];
  for (let p = 0; p < tree.players; p++) {
    const composite = Float64Array.from(opponent);
    for (let i = 0; i < count; i++) {
      if (player[i] === p) composite.set(flat.subarray(slotStart[i]!, slotStart[i + 1]!), slotStart[i]!);
    }
    const seat = exactMoveValues(tree, composite);
    for (let i = 0; i < count; i++) if (player[i] === p) moveValues[i] = seat.moveValues[i]!;
    gameValues.push(seat.gameValues[p]!);
  }
  return { moveValues, gameValues };
}

export interface FullWidthStepResult {
  /** Mean cross-entropy of the fitted decisions to their targets, in the last batch of the step. */
  readonly loss: number;
  readonly gradNorm: number;
  /** Decisions fitted (those with more than one move). */
  readonly decisions: number;
  /**
   * Each player's exact value of the game under the policy the step started from: against itself, or in that seat
   * against the step's opponent when it had one.
   */
  readonly values: readonly number[];
  /** Exact exploitability of the policy the step started from. */
  readonly exploitability: number;
  /** Mean exact KL(π‖μ) per decision (0 without a magnet). */
  readonly meanKl: number;
}

/**
 * Full-width self-play for a game small enough to enumerate: each step reads the live policy at every information
 * set (one forward pass each), computes every move's exact value when that policy plays both seats (or against a
 * fixed opponent table, `opponent`: PSRO's oracle, an approximate best response to its mixture), and fits the
 * policy to magnetic mirror descent's target at every decision (mirror-descent.ts) in shuffled batches, one
 * optimizer step each. No game is sampled: the expectation the sampled trainer estimates from played turns is taken
 * exactly, so what is left is the fit's error.
 */
export function createFullWidthTrainer(options: {
  game: AnyTextGame;
  format: ObservationFormat;
  model: LmModel;
  learner: Learner;
  /** Decisions per optimizer step. */
  batch: number;
  /** Passes over the step's targets (each in a new shuffled order). */
  epochs: number;
  /** λ of the move-text likelihood (`loss.moveText`); 0 fits the choices alone. */
  moveText?: number;
}) {
  const { model, learner, batch, epochs } = options;
  const moveText = options.moveText ?? 0;
  const { tree, decisions } = decisionTree({ game: options.game, format: options.format });
  const trained = decisions.flatMap((d, i) => (d.choiceTokens.length > 1 ? [i] : []));
  return {
    async step(args: {
      lr: number;
      stepSize: number;
      eta: number;
      /** The magnet's weights (MMD's μ); absent: plain softmax policy iteration. */
      magnet?: LmModel;
      /**
       * The other seats' fixed policy as a flat table over the game's tree (a population's mixture, for PSRO):
       * each decision's move values are then taken against it, not against the live policy itself.
       */
      opponent?: Float64Array;
      rng: Rng;
      /** Stops the step between its batches. */
      signal?: AbortSignal;
    }): Promise<FullWidthStepResult> {
      const logPolicies = decisionPolicies(model, decisions);
      const logMagnet = args.magnet ? decisionPolicies(args.magnet, decisions) : undefined;
      const flat = flatPolicy(tree, logPolicies);
      const { moveValues, gameValues } = args.opponent
        ? exactMoveValuesAgainst(tree, flat, args.opponent)
        : exactMoveValues(tree, flat);
      let kl = 0;
      const fits = trained.map((i) => {
        const logPolicy = Array.from(logPolicies[i]!);
        const logMu = logMagnet && Array.from(logMagnet[i]!);
        if (logMu) kl += klDivergence(logPolicy, logMu);
        const target = mirrorDescentTarget({
          logPolicy,
          values: moveValues[i]!,
          ...(logMu ? { logMagnet: logMu } : {}),
          eta: args.eta,
          stepSize: args.stepSize,
        });
        const d = decisions[i]!;
        return {
          contextTokens: d.context,
          choiceTokens: d.choiceTokens,
          target: target.map(Math.exp),
          ...(moveText > 0 ? { legalMass: moveText } : {}),
        };
      });
      let loss = 0;
      let gradNorm = 0;
      for (let epoch = 0; epoch < epochs; epoch++) {
        shuffleInPlace(fits, args.rng);
        for (let start = 0; start < fits.length; start += batch) {
          args.signal?.throwIfAborted();
          loss = (await learner.forwardBackwardChoices(fits.slice(start, start + batch))).loss;
          if (moveText > 0) {
            const samples = moveTextSamples(decisions, batch, args.rng);
            await learner.forwardBackward(samples, moveTextLoss(moveText));
          }
          gradNorm = (await learner.optimStep({ lr: args.lr })).gradNorm;
        }
      }
      return {
        loss,
        gradNorm,
        decisions: fits.length,
        values: gameValues,
        exploitability: exploitability(tree, flat),
        meanKl: fits.length > 0 ? kl / fits.length : 0,
      };
    },
  };
}

/**
 * Decisions whose move text each batch also trains: the tokens around a choice ("[", "]", the end of the answer)
 * are the same few patterns everywhere, so a small random share of the tree keeps free decoding legal at a fraction
 * of a full pass's cost.
 */
const moveTextShare = 1 / 8;

/**
 * A random `moveTextShare` of a batch's worth of decisions (single-move ones too), each with one of its moves drawn
 * uniformly: only the tokens constrained decoding forces are trained here (the choice token is the fit's, with its
 * legal-mass step), so which move is drawn does not bias the policy.
 */
function moveTextSamples(decisions: readonly Decision[], batch: number, rng: Rng): TrainingSample[] {
  const count = Math.max(1, Math.round(Math.min(batch, decisions.length) * moveTextShare));
  return Array.from({ length: count }, () => {
    const d = decisions[rng.int(decisions.length)]!;
    const completion = lmCompletionTokens(d.moves[rng.int(d.moves.length)]!);
    return {
      promptTokens: d.prompt,
      completionTokens: completion,
      samplingLogprobs: completion.map(() => 0),
      advantage: 0,
      tokenMask: choiceMask(completion, d.moves),
    };
  });
}

/** Only the move-text likelihood: advantage 0 leaves no policy gradient. */
function moveTextLoss(lambda: number): LossSpec {
  return { kind: 'reinforce', normalizer: 1, moveText: lambda };
}

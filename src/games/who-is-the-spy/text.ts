import { TERMINAL } from '../../spec/game.ts';
import type { ObservationFormat } from '../../spec/game-text.ts';
import { spyActionString } from './actions.ts';
import { visionZeroCoefficients } from './rewards.ts';
import type { SpyRules, SpyState } from './rules.ts';

/**
 * The observation for `player`, in two formats. Both show only the player's own role and object, every clue, and the
 * votes once all are cast; in the vote stage what a player reads depends only on whether it has voted itself, never
 * on how many others have, so no pending vote shows (`Game.simultaneousMovers`).
 * - `full`: TextArena's `[GAME]`/`[Player N]` layout: the rules in words, the player's role and object, the clues,
 *   then the move list (or the outcome).
 * - `compact`: `wis P2 spy red cube small metal | P0 red P1 cube | clue`, clues by value alone (each value word
 *   names its attribute); at the vote `| vote [vote 0] [vote 1] [vote 3]`; after it `| votes 2 2 0 2 | P2 out, spy P2`.
 *   The clue stage lists no moves: they are always the same `[attribute:value]` strings (as Liar's Dice's compact
 *   text leaves out its bids), which keeps a two-round game inside a 128-byte context.
 */
export function spyObserver(rules: SpyRules): (state: SpyState, player: number, format: ObservationFormat) => string {
  const name = spyActionString(rules);
  return (state, player, format) => {
    const view = viewOf(rules, state, player);
    const moves = view.stage === 'clue' || view.stage === 'vote' ? view.legal.map((a) => name(state, a)) : [];
    return format === 'compact' ? compact(rules, state, player, view, moves) : full(rules, state, player, view, moves);
  };
}

type Stage = 'deal' | 'clue' | 'listen' | 'vote' | 'voted' | 'over';

interface View {
  readonly stage: Stage;
  /** The player's moves at `clue` and `vote`; empty otherwise. */
  readonly legal: readonly number[];
}

/** What `player` may read about the stage: the same at every state of the vote round until it has voted. */
function viewOf(rules: SpyRules, state: SpyState, player: number): View {
  const actor = rules.currentPlayer(state);
  if (actor === TERMINAL) return { stage: 'over', legal: [] };
  if (rules.objectOf(state, player) === undefined) return { stage: 'deal', legal: [] };
  if (!rules.isVoting(state))
    return actor === player ? { stage: 'clue', legal: rules.legalActions(state) } : { stage: 'listen', legal: [] };
  return state.votes.length > player
    ? { stage: 'voted', legal: [] }
    : { stage: 'vote', legal: rules.voteActionsFor(player) };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function listWords(words: readonly string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

function rulesText(rules: SpyRules): string {
  const { world, players, clueRounds, differing } = rules.config;
  const { beta, lambda } = visionZeroCoefficients;
  const civilians = players - 1;
  const attributes = world.attributes.map((a) => `${a.name} (${a.values.join(', ')})`);
  const first = world.attributes[0]!;
  return [
    'Rules:',
    `- Objects are described by ${listWords(attributes)}.`,
    `- Clues: ${plural(clueRounds, 'round')}. In each round every player, Player 0 first, gives one clue about their own object: an attribute and a value, e.g. '[${first.name}:${first.values[0]!}]'. A clue may be true or false; everyone sees every clue.`,
    `- Votes: then every player votes in secret for one other player, e.g. '[vote 0]'. The votes are shown once all are cast. The player with the most votes is voted out; on a tie for the most votes, no one is.`,
    `- Scores (zero-sum): let S = the spy's votes minus the civilians' average votes. The spy scores -${beta}·S; each civilian scores ${beta}·S/${civilians} - ${lambda}·(its own votes minus the civilians' average). Votes on the spy help every civilian; votes on a civilian cost that civilian.`,
    `- The spy's object differs from the civilians' in exactly ${plural(differing, 'attribute')}.`,
  ].join('\n');
}

function full(rules: SpyRules, state: SpyState, player: number, view: View, moves: readonly string[]): string {
  const { world, players, clueRounds, differing } = rules.config;
  const lines = [
    `[GAME] You are Player ${player} in a ${players}-player game of Who is the Spy. ${players - 1} players are civilians and hold the same object; one player, the spy, holds an object that differs from theirs. The civilians try to vote out the spy; the spy tries to stay hidden.\n${rulesText(rules)}`,
  ];
  const object = rules.objectOf(state, player);
  if (object !== undefined) {
    const own = world.describe(object).join(' ');
    lines.push(
      rules.spySeat(state) === player
        ? `[GAME] Your role: the spy. Your object: ${own}. It differs from the civilians' object in exactly ${plural(differing, 'attribute')}; you do not know which.`
        : `[GAME] Your role: civilian. Your object: ${own}. The other civilians hold the same object.`,
    );
  }
  const name = spyActionString(rules);
  state.clues.forEach((c, i) => lines.push(`[Player ${i % players}] ${name(state, c)}`));
  switch (view.stage) {
    case 'clue': {
      const round = Math.floor(state.clues.length / players) + 1;
      lines.push(
        `[GAME] Round ${round} of ${clueRounds}: give your clue. Your available actions are: ${moves.join(', ')}`,
      );
      break;
    }
    case 'vote':
      lines.push(
        `[GAME] The clues are done. Vote for the player you think is the spy. Your available actions are: ${moves.join(', ')}`,
      );
      break;
    case 'voted':
      lines.push(`[GAME] You voted for Player ${state.votes[player]!}. The votes are shown once all are cast.`);
      break;
    case 'over':
      lines.push(`[GAME] ${outcomeText(rules, state)}`);
      break;
    default:
      break;
  }
  return lines.join('\n');
}

function outcomeText(rules: SpyRules, state: SpyState): string {
  const { world } = rules.config;
  const spy = rules.spySeat(state)!;
  const out = rules.votedOut(state);
  const votes = state.votes.map((t, p) => `Player ${p} → Player ${t}`).join(', ');
  const verdict =
    out === null || out === undefined ? 'The vote is tied: no one is voted out.' : `Player ${out} is voted out.`;
  const winner = out === spy ? 'The civilians win.' : 'The spy survives.';
  const objects =
    `Player ${spy} was the spy, holding ${world.describe(state.deal[2]!).join(' ')}; ` +
    `the civilians held ${world.describe(state.deal[1]!).join(' ')}.`;
  const scores = rules
    .returns(state)
    .map((r, p) => `Player ${p} ${r >= 0 ? '+' : ''}${r.toFixed(3)}`)
    .join(', ');
  return `Votes: ${votes}. ${verdict} ${objects} ${winner} Scores: ${scores}.`;
}

function compact(rules: SpyRules, state: SpyState, player: number, view: View, moves: readonly string[]): string {
  const { world, players } = rules.config;
  const object = rules.objectOf(state, player);
  const role = object === undefined ? '?' : rules.spySeat(state) === player ? 'spy' : 'civ';
  const parts = [`wis P${player} ${role} ${object === undefined ? '?' : world.describe(object).join(' ')}`];
  const clues = state.clues.map((c, i) => {
    const clue = world.clue(c)!;
    return `P${i % players} ${world.attributes[clue.attribute]!.values[clue.value]!}`;
  });
  parts.push(clues.join(' ') || '-');
  switch (view.stage) {
    case 'clue':
      parts.push('clue');
      break;
    case 'vote':
      parts.push(`vote ${moves.join(' ')}`);
      break;
    case 'voted':
      parts.push(`voted ${state.votes[player]!}`);
      break;
    case 'over': {
      const out = rules.votedOut(state);
      parts.push(
        `votes ${state.votes.join(' ')}`,
        `${out === null || out === undefined ? 'tie' : `P${out} out`}, spy P${rules.spySeat(state)!}`,
      );
      break;
    }
    default:
      break;
  }
  return parts.join(' | ');
}

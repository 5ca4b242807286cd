import { TERMINAL } from '../../spec/game.ts';
import type { ObservationFormat } from '../../spec/game-text.ts';
import { DECEIVER, GUESSER, roleNames, type TruthDeal, type TruthRules, type TruthState } from './rules.ts';

function preamble(rules: TruthRules, deal: TruthDeal | undefined, player: number): string {
  const messages = rules.config.turns - 1;
  const own = player === DECEIVER ? Math.ceil(messages / 2) : Math.floor(messages / 2);
  const facts = [1, 2].map((n) => {
    const mark = player === DECEIVER && deal ? (deal.trueFact === n ? ' (true)' : ' (false)') : '';
    return `Fact ${n}: ${deal?.shown[n - 1] ?? '?'}${mark}`;
  });
  const role =
    player === DECEIVER
      ? [
          `You are the Deceiver (Player 0) in Truth and Deception, against the Guesser (Player 1).`,
          'Both of you see the two statements below; only you know which one is true:',
          ...facts,
          'Your goal: lead the Guesser to pick the false statement.',
        ]
      : [
          `You are the Guesser (Player 1) in Truth and Deception, against the Deceiver (Player 0).`,
          'One of these two statements is true and the other false. The Deceiver knows which:',
          ...facts,
          'Your goal: pick the true statement. The Deceiver will try to mislead you.',
        ];
  return [
    ...role,
    `You talk for ${messages} messages in turn, the Deceiver first; you send ${own} of them. Write plain text.`,
    "Then the Guesser answers '[Fact 1]' or '[Fact 2]'. A right guess wins for the Guesser (+1, Deceiver -1); a wrong one wins for the Deceiver.",
  ].join('\n');
}

/**
 * The observation for `player`. `full`: TextArena's full-history layout with its role names (research/spiral.md §4.4:
 * the LLM wrapper shows senders as `[Deceiver]` / `[Guesser]`), in our words: the rules with both statements (the
 * Deceiver's marked true / false), every message so far, then whose turn it is; before the guess, TextArena's cue to
 * answer `[Fact 1]` or `[Fact 2]`. SPIRAL's evaluation leaves this game on the first-and-last-message wrapper, which
 * hides the conversation; we always show all of it. `compact`: `td D | 1* … | 2 … | D: … | G: … | say` (`*` marks the
 * true statement, for the Deceiver only; last `say` or `guess`).
 */
export function truthObserver(
  rules: TruthRules,
): (state: TruthState, player: number, format: ObservationFormat) => string {
  return (state, player, format) => (format === 'compact' ? compact(rules, state, player) : full(rules, state, player));
}

function full(rules: TruthRules, state: TruthState, player: number): string {
  const deal = rules.deal(state);
  const lines = [`[GAME] ${preamble(rules, deal, player)}`];
  state.moves.forEach((move, i) => {
    const sender = roleNames[i % 2];
    lines.push(`[${sender}] ${move.kind === 'say' ? move.message : `[Fact ${move.fact}]`}`);
  });
  const actor = rules.currentPlayer(state);
  if (actor === TERMINAL) lines.push(`[GAME] ${resultText(rules, state)}`);
  else if (rules.isGuessTurn(state))
    lines.push("[GAME] The conversation is over. Guesser, which fact is true? Answer '[Fact 1]' or '[Fact 2]'.");
  else if (actor === player) {
    const left = rules.config.turns - 1 - state.moves.length;
    lines.push(`[GAME] Your message (${left} of the conversation's messages left, this one included).`);
  }
  return lines.join('\n');
}

function resultText(rules: TruthRules, state: TruthState): string {
  const last = state.moves[state.moves.length - 1];
  const deal = rules.deal(state);
  if (last?.kind !== 'guess' || !deal) return 'The game is over.';
  const right = last.fact === deal.trueFact;
  return (
    `The Guesser picked Fact ${last.fact}, the ${right ? 'true' : 'false'} statement: ` +
    `the ${right ? 'Guesser' : 'Deceiver'} wins.`
  );
}

function compact(rules: TruthRules, state: TruthState, player: number): string {
  const deal = rules.deal(state);
  const parts = [`td ${player === GUESSER ? 'G' : 'D'}`];
  for (const n of [1, 2]) {
    const star = player === DECEIVER && deal?.trueFact === n ? '*' : '';
    parts.push(`${n}${star} ${deal?.shown[n - 1] ?? '?'}`);
  }
  state.moves.forEach((move, i) => {
    parts.push(`${i % 2 === 0 ? 'D' : 'G'}: ${move.kind === 'say' ? move.message : `[Fact ${move.fact}]`}`);
  });
  const actor = rules.currentPlayer(state);
  if (actor === TERMINAL) {
    const last = state.moves[state.moves.length - 1];
    const right = last?.kind === 'guess' && last.fact === deal?.trueFact;
    parts.push(`true ${deal?.trueFact ?? '?'}: ${right ? 'G' : 'D'} wins`);
  } else parts.push(rules.isGuessTurn(state) ? 'guess' : 'say');
  return parts.join(' | ');
}

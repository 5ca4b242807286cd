import type { ObservationFormat } from '../../spec/game-text.ts';
import { persuasionLegalStrings } from './actions.ts';
import { BUY, HIGH, percentOf, type PersuasionRules, type PersuasionState } from './rules.ts';

/** `0.3` → `.3`: the compact layout spends no byte on a leading zero. */
function shortNumber(x: number): string {
  return String(Number(x.toFixed(4))).replace(/^0\./, '.');
}

function percentText(x: number): string {
  return `${Number((x * 100).toFixed(2))}%`;
}

/**
 * What a role reads. `compact` fits a byte-level model's 128-token context with the answer, e.g.
 * `pers S prior .3 | moves [q0] [q25] [q50] [q75] [q100]` and `pers R prior .3 q25 signal high | moves [buy] [pass]`;
 * `full` is the `[GAME]` layout with the rules in words.
 */
export function observePersuasion(
  rules: PersuasionRules,
  state: PersuasionState,
  player: number,
  format: ObservationFormat,
): string {
  return format === 'compact' ? compactText(rules, state, player) : fullText(rules, state, player);
}

function compactText(rules: PersuasionRules, state: PersuasionState, player: number): string {
  const { prior, menu } = rules.config;
  const parts = [`pers ${player === 0 ? 'S' : 'R'} prior ${shortNumber(prior)}`];
  if (state.commitment !== null) {
    const q = `q${percentOf(menu[state.commitment] ?? 0)}`;
    parts[0] += state.signal === null ? ` ${q}` : ` ${q} signal ${state.signal === HIGH ? 'high' : 'low'}`;
  }
  const moves = rules.currentPlayer(state) === player ? persuasionLegalStrings(rules, state) : [];
  if (moves.length > 0) parts.push(`moves ${moves.join(' ')}`);
  if (state.choice !== null) {
    const [sender = 0, receiver = 0] = rules.returns(state);
    const world = state.world === HIGH ? 'high' : 'low';
    parts.push(`state ${world} ${state.choice === BUY ? 'buy' : 'pass'} | you get ${player === 0 ? sender : receiver}`);
  }
  return parts.join(' | ');
}

function rulesText(rules: PersuasionRules): string {
  const { prior, menu } = rules.config;
  const options = menu.map((q) => `[q${percentOf(q)}]`).join(', ');
  return [
    'Rules:',
    `- A product is either good or bad. It is good with probability ${percentText(prior)}; nobody has seen it yet.`,
    '- The Sender moves first and announces, for everyone to see, how it will signal: a good product always gets the ' +
      'signal "high"; a bad one gets "high" with probability q and "low" otherwise. The Sender picks q from ' +
      `${options} ([q25] means q = 25%).`,
    '- Then the product is drawn and the signal is sent by the announced rule; the Sender cannot change it.',
    '- The Receiver sees the announced q and the signal, but not the product, and answers [buy] or [pass].',
    '- The Sender scores 1 if the Receiver buys, good product or bad, and 0 otherwise.',
    '- The Receiver scores 1 for buying a good product or passing on a bad one, and 0 otherwise.',
  ].join('\n');
}

function fullText(rules: PersuasionRules, state: PersuasionState, player: number): string {
  const role = player === 0 ? 'Sender (Player 0)' : 'Receiver (Player 1)';
  const lines = [
    `[GAME] You are the ${role} in one round of a persuasion game. Score as many points as you can.\n${rulesText(rules)}`,
  ];
  if (state.commitment !== null) {
    const q = rules.config.menu[state.commitment] ?? 0;
    lines.push(
      `[Player 0] [q${percentOf(q)}]: a bad product will be signalled "high" with probability ${percentText(q)}.`,
    );
  }
  if (state.signal !== null) lines.push(`[GAME] The signal is: ${state.signal === HIGH ? 'high' : 'low'}`);
  const moves = rules.currentPlayer(state) === player ? persuasionLegalStrings(rules, state) : [];
  if (moves.length > 0) lines.push(`[GAME] Your available actions are: ${moves.join(', ')}`);
  if (state.choice !== null) {
    const [sender = 0, receiver = 0] = rules.returns(state);
    lines.push(`[Player 1] ${state.choice === BUY ? '[buy]' : '[pass]'}`);
    lines.push(
      `[GAME] The product was ${state.world === HIGH ? 'good' : 'bad'}. ` +
        `The Sender scores ${sender}; the Receiver scores ${receiver}.`,
    );
  }
  return lines.join('\n');
}

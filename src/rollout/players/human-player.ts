import { createInterface } from 'node:readline/promises';
import { matchLegal } from '../../games/answer.ts';
import type { Policy } from '../../spec/policy.ts';

export interface HumanPlayerOptions {
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
}

/**
 * A person at the terminal. Shows the observation and the legal moves, and asks again until the answer names one:
 * a move string (`[bet]`, `bet`) or its number in the list. In open games (negotiation) any non-empty text goes.
 */
export function createHumanPlayer(options: HumanPlayerOptions): Policy & { close(): Promise<void> } {
  const rl = createInterface({ input: options.input, output: options.output, terminal: false });
  const lines = rl[Symbol.asyncIterator]();
  const say = (s: string) => options.output.write(`${s}\n`);
  return {
    name: 'human',
    sequential: true,
    async act({ observation, legal, player, game }) {
      say(`\n----- Player ${player}, your turn -----\n${observation}\n`);
      say(`Moves: ${legal.map((m, i) => `${i + 1}) ${m}`).join('  ')}`);
      for (;;) {
        options.output.write('> ');
        const next = await lines.next();
        if (next.done) throw new HumanInputClosedError();
        const answer = next.value.trim();
        const index = /^\d+$/.test(answer) ? Number(answer) - 1 : -1;
        if (index >= 0 && index < legal.length) return { text: legal[index] ?? '' };
        if (game.actionSpace === 'open' && answer.length > 0) return { text: answer };
        const match = matchLegal(answer, legal);
        if (match.ok) return { text: legal[match.index] ?? '' };
        say(`Not a legal move (${match.reason}). Type a move or its number.`);
      }
    },
    close: async () => rl.close(),
  };
}

export class HumanInputClosedError extends Error {
  override readonly name = 'HumanInputClosedError';
  constructor() {
    super('input ended before the human player answered (stdin closed)');
  }
}

import type { GameInfo } from '../spec/game.ts';

/**
 * A "game" of one free-text turn by one player, scored in [0, 1]: how a prompt that is not a game (a program task, a
 * preference prompt) is put to a `Policy`, whose requests carry a `GameInfo`.
 */
export function singleTurnInfo(id: string, title: string): GameInfo {
  return {
    id,
    title,
    players: 1,
    zeroSum: false,
    perfectInformation: true,
    chance: false,
    maxTurns: 1,
    actionSpace: 'open',
    returnRange: [0, 1],
  };
}

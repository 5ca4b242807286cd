import { describe, expect, it } from 'vitest';
import { getGame } from '../../games/registry.ts';
import { captureIo } from '../../testing/capture-io.ts';
import { main } from '../../cli/main.ts';
import { playMatch } from '../match.ts';
import { PlayerSpecError, resolvePlayer } from './player-spec.ts';
import { createRandomPlayer } from './random-player.ts';
import { isSearchSpec } from './search-player.ts';

const io = { stdin: process.stdin, stdout: process.stdout };
const connectFour = getGame('connect-four');

describe('the alphabeta[:DEPTH] player', () => {
  it('resolves on games that carry a search, at their default depth or the one named', async () => {
    expect((await resolvePlayer({ spec: 'alphabeta', game: connectFour, io })).name).toBe('alphabeta:8');
    expect((await resolvePlayer({ spec: 'alphabeta:3', game: connectFour, io })).name).toBe('alphabeta:3');
    const small = getGame('connect-four-small');
    expect((await resolvePlayer({ spec: 'alphabeta', game: small, io })).name).toBe('alphabeta:18');
    expect(isSearchSpec('alphabeta:12')).toBe(true);
    expect(isSearchSpec('alpha')).toBe(false);
  });

  it('refuses a depth out of range and a game without a search, as usage errors', async () => {
    for (const spec of ['alphabeta:0', 'alphabeta:43', 'alphabeta:x', 'alphabeta:', 'alphabeta:-2']) {
      await expect(resolvePlayer({ spec, game: connectFour, io }), spec).rejects.toThrow(
        /depth must be a whole number of plies from 1 to 42/,
      );
    }
    await expect(resolvePlayer({ spec: 'alphabeta', game: getGame('tic-tac-toe'), io })).rejects.toThrow(
      PlayerSpecError,
    );
    await expect(resolvePlayer({ spec: 'alphabeta', game: getGame('kuhn-poker'), io })).rejects.toThrow(
      /kuhn-poker carries no alpha-beta search/,
    );
  });

  it('beats random play from both seats and answers the same way each time', async () => {
    const player = await resolvePlayer({ spec: 'alphabeta:4', game: connectFour, io });
    const report = await playMatch({ game: connectFour, players: [player, createRandomPlayer()], games: 20, seed: 3 });
    expect(report.wins).toBe(20);
    const again = await playMatch({ game: connectFour, players: [player, createRandomPlayer()], games: 20, seed: 3 });
    expect(again.results.map((r) => r.finalState)).toEqual(report.results.map((r) => r.finalState));
  });

  it('plays from the command line', async () => {
    const out = captureIo();
    expect(await main(['play', 'connect-four', '--p0', 'alphabeta:4', '--p1', 'random', '--games', '4'], out)).toBe(0);
    expect(out.out()).toMatch(/P0 +alphabeta:4 +1\.000/);
  });
});

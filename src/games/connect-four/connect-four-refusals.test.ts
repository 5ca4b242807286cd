import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { createExploitabilityMeter } from '../../eval/policy-table/exploitability-meter.ts';
import { PolicyTableError } from '../../eval/policy-table/infoset-walk.ts';
import { PlayerSpecError, resolvePlayer } from '../../rollout/players/player-spec.ts';
import {
  buildTree,
  equilibriumPolicy,
  measurePolicy,
  perfectInfoNashConv,
  solveMinimax,
  TreeBuildError,
  UnsupportedGameError,
  uniformPolicy,
} from '../../solvers/index.ts';
import { captureIo } from '../../testing/capture-io.ts';
import { getGame } from '../registry.ts';

const game = getGame('connect-four');
const uniform = uniformPolicy('connect-four');
const why = /4,531,985,219,092 legal positions.*--p1 alphabeta.*connect-four-small/s;

describe('connect-four (6×7) refuses every exact entry point at once, pointing to matches', () => {
  it('refuses the equilibrium and the measurement of a policy', () => {
    expect(() => equilibriumPolicy({ game: game.rules })).toThrow(TreeBuildError);
    expect(() => equilibriumPolicy({ game: game.rules })).toThrow(why);
    expect(() => measurePolicy({ game: game.rules, policy: uniform })).toThrow(why);
  });

  it('refuses the tree walk the CFR family builds on (selfplay solve --algo cfr+), before walking', () => {
    expect(() => buildTree(game.rules)).toThrow(why);
  });

  it('refuses the memoised walks (selfplay solve) and reading a player’s table', () => {
    expect(() => solveMinimax(game.rules)).toThrow(UnsupportedGameError);
    expect(() => solveMinimax(game.rules)).toThrow(/too big to solve; measured by matches against `alphabeta`/);
    expect(() => perfectInfoNashConv({ game: game.rules, policy: uniform })).toThrow(UnsupportedGameError);
    expect(() => createExploitabilityMeter(game.rules)).toThrow(PolicyTableError);
    expect(() => createExploitabilityMeter(game.rules)).toThrow(why);
  });

  it('has no nash player, and says what to play against instead', async () => {
    const io = { stdin: process.stdin, stdout: process.stdout };
    await expect(resolvePlayer({ spec: 'nash', game, io })).rejects.toThrow(PlayerSpecError);
    await expect(resolvePlayer({ spec: 'nash', game, io })).rejects.toThrow(/no exact equilibrium player.*alphabeta/s);
  });

  it('says so on the command line', async () => {
    const solve = captureIo();
    expect(await main(['solve', 'connect-four'], solve)).toBe(1);
    expect(solve.err()).toContain('too big to solve');
    const measured = captureIo();
    expect(await main(['exploitability', 'connect-four', '--player', 'random'], measured)).toBe(1);
    expect(measured.err()).toMatch(why);
    const played = captureIo();
    expect(await main(['play', 'connect-four', '--p0', 'random', '--p1', 'nash'], played)).toBe(2);
    expect(played.err()).toContain('--p1 alphabeta');
  });
});

import { describe, expect, it } from 'vitest';
import { captureIo } from '../../testing/capture-io.ts';
import { CliUsageError } from '../io.ts';
import { playCommand } from './play.ts';
import { solveCommand } from './solve.ts';

describe('commands that need a two-player zero-sum game say so for the others', () => {
  it('solve refuses a general-sum and a four-player game, pointing to NashConv', async () => {
    for (const game of ['bargaining', 'who-is-the-spy']) {
      await expect(solveCommand.run([game], captureIo())).rejects.toThrow(CliUsageError);
    }
    await expect(solveCommand.run(['trade'], captureIo())).rejects.toThrow(
      /general-sum.*selfplay exploitability trade/,
    );
  });

  it('the nash player is refused in a general-sum game', async () => {
    await expect(playCommand.run(['bargaining', '--p0', 'nash', '--p1', 'random'], captureIo())).rejects.toThrow(
      /no exact equilibrium player for bargaining: .*two-player zero-sum games only/,
    );
  });

  it('a game too big to walk refuses the nash player at once, pointing to matches', async () => {
    const seats = ['--p0', 'nash', '--p1', 'random', '--p2', 'random', '--p3', 'random'];
    await expect(playCommand.run(['who-is-the-spy', ...seats], captureIo())).rejects.toThrow(
      /who-is-the-spy is too big to solve or measure exactly.*by matches/,
    );
  });

  it('play reports places instead of sign wins where returns are not zero-sum', async () => {
    const io = captureIo();
    const args = ['snake-4', '--p0', 'random', '--p1', 'random', '--p2', 'random', '--p3', 'random', '--games', '4'];
    expect(await playCommand.run(args, io)).toBe(0);
    expect(io.out()).toMatch(/seat +player +mean return \(95% CI\) +mean place/);
    const bargain = captureIo();
    expect(await playCommand.run(['bargaining', '--p0', 'random', '--p1', 'random', '--games', '5'], bargain)).toBe(0);
    expect(bargain.out()).toMatch(/mean place/);
    expect(bargain.out()).not.toMatch(/wins +draws +losses/);
  });
});

import { gameIds, getGame } from '../../games/registry.ts';
import { parseCommandArgs } from '../args.ts';
import type { Command } from '../command.ts';
import { println } from '../io.ts';
import { formatTable } from '../table.ts';

export const gamesCommand: Command = {
  name: 'games',
  summary: 'list the games with their properties',
  usage: 'selfplay games [--json]',
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, { json: { type: 'boolean' } });
    const infos = gameIds.map((id) => getGame(id).rules.info);
    if (values.json) {
      println(io.stdout, JSON.stringify(infos, null, 2));
      return 0;
    }
    const yes = (b: boolean) => (b ? 'yes' : 'no');
    println(
      io.stdout,
      formatTable(
        ['id', 'players', 'zero-sum', 'perfect info', 'chance', 'max turns', 'moves', 'title'],
        infos.map((i) => [
          i.id,
          String(i.players),
          yes(i.zeroSum),
          yes(i.perfectInformation),
          yes(i.chance),
          String(i.maxTurns),
          i.actionSpace,
          i.title,
        ]),
      ),
    );
    return 0;
  },
};

import { basename } from 'node:path';
import { pairEpisodes } from '../../eval/arena.ts';
import { arenaRecord } from '../../eval/arena-record.ts';
import { runTransfer, type TransferSeats } from '../../eval/transfer/run-transfer.ts';
import { transferTable } from '../../eval/transfer/transfer-table.ts';
import { type AnyTextGame, gameIds, getGame } from '../../games/registry.ts';
import { PlayerSpecError, playerSpecHelp, resolvePlayer } from '../../rollout/players/player-spec.ts';
import { PolicyError } from '../../solvers/index.ts';
import { observationFormats } from '../../spec/game-text.ts';
import type { Policy } from '../../spec/policy.ts';
import { openRunStore } from '../../store/run-store.ts';
import { newRunDir } from '../../store/runs-root.ts';
import {
  choiceOption,
  describeSampling,
  intOption,
  lmSampling,
  lmSamplingHelp,
  lmSamplingOptions,
  parseCommandArgs,
} from '../args.ts';
import type { Command } from '../command.ts';
import { CliUsageError, type CliIo, println } from '../io.ts';
import { formatTable } from '../table.ts';

const usage = `selfplay transfer (--checkpoint RUN | --player SPEC) [--against SPEC] [options]

SPIRAL's transfer table (its Tables 4 and 5): one player against a fixed opponent on every evaluation game,
seat-swapped. Prints one column per game — the win rate (games won / played) with a 95% CI — and the average over
the games played as the last column, then the draw and invalid-move rates where a game has any. A game the player
cannot play (a checkpoint whose context is too short for the game's observations, an opponent with no player for
that game) is skipped with the reason. The last line is "average win rate X". Stored as an arena run, so the
dashboard shows it. See docs/arena.md, "Transfer (SPIRAL's Table 5)".

Players (SPEC):
${playerSpecHelp}

Options:
  --checkpoint RUN     the player: a run folder (its latest checkpoint) or a checkpoint folder
  --player SPEC        the player as any player spec instead (e.g. an endpoint)
  --against SPEC       the fixed opponent (default random)
  --games LIST         comma-separated game ids (default: every two-player game in \`selfplay games\`)
  --games-per-pair N   seat-swapped games per game, even (default 200)
  --format F           the observation layout, full or compact (default: the run's own, else full)
${lmSamplingHelp}
  --seed S             seed (default 1)
  --run-dir DIR        where to store the results and every game's transcript (default ./runs/<new id>)`;

export const transferCommand: Command = {
  name: 'transfer',
  summary: "SPIRAL's transfer table: one player against a fixed opponent on every game, win rates and their average",
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      checkpoint: { type: 'string' },
      player: { type: 'string' },
      against: { type: 'string' },
      games: { type: 'string' },
      'games-per-pair': { type: 'string' },
      format: { type: 'string' },
      ...lmSamplingOptions,
      seed: { type: 'string' },
      'run-dir': { type: 'string' },
    });
    if (positionals.length > 0) throw new CliUsageError(`unexpected argument "${positionals[0]}"`);
    if ((values.checkpoint === undefined) === (values.player === undefined))
      throw new CliUsageError('name the player with exactly one of --checkpoint RUN or --player SPEC');
    const playerSpec = values.player ?? `checkpoint:${values.checkpoint}`;
    const opponentSpec = values.against ?? 'random';
    const games = values.games
      ? values.games.split(',').map((id) => getGame(id.trim()))
      : gameIds.map(getGame).filter((g) => g.rules.info.players === 2);
    const ids = games.map((g) => g.rules.info.id);
    const twice = ids.find((id, k) => ids.indexOf(id) !== k);
    if (twice) throw new CliUsageError(`--games lists ${twice} twice`);
    const gamesPerGame = intOption('games-per-pair', values['games-per-pair'], 200, 2);
    if (gamesPerGame % 2 !== 0)
      throw new CliUsageError(
        `--games-per-pair must be even (every deal is played from both seats), got ${gamesPerGame}`,
      );
    const seed = intOption('seed', values.seed, 1);
    const format =
      values.format === undefined ? undefined : choiceOption('format', values.format, observationFormats, 'full');
    const sampling = lmSampling(values);
    const player = playerSpec;
    // The table names both sides; a player measured against its own spec still needs two names.
    const opponent = opponentSpec === playerSpec ? `${opponentSpec} (opponent)` : opponentSpec;

    const seatsFor = seatResolver({ playerSpec, opponentSpec, io, sampling });
    // A spec no game accepts is a typo, not a skip: say so before any run folder exists.
    const first = await firstPlayable(games, seatsFor);
    const dir = values['run-dir'] ?? newRunDir('transfer');
    const store = openRunStore({ dir });
    store.init({
      id: basename(dir),
      kind: 'arena',
      config: {
        transfer: true,
        players: { [player]: playerSpec, [opponent]: opponentSpec },
        games: ids,
        gamesPerPair: gamesPerGame,
        sampling,
        ...(format ? { format } : {}),
        seed,
      },
    });
    let step = 0;
    let result: Awaited<ReturnType<typeof runTransfer>>;
    try {
      result = await runTransfer({
        player,
        opponent,
        games,
        gamesPerGame,
        seed,
        ...(format ? { format } : {}),
        seatsFor: (game) => (game === first.game ? Promise.resolve(first.seats) : seatsFor(game)),
        onGame: (column, pair) => {
          if (pair) store.addEpisodes(pairEpisodes(pair, step));
          step++;
          if (io.interactive) println(io.stderr, `  ${column.game}: ${'score' in column ? 'done' : 'skipped'}`);
        },
      });
    } catch (error) {
      store.setStatus('failed');
      store.close();
      throw error;
    }
    const { arena, ...record } = result;
    store.setResult('arena', arenaRecord(arena));
    store.setResult('transfer', { ...record, seed });
    store.updateSummary({
      averageWinRate: result.average?.rate ?? Number.NaN,
      games: result.average?.games ?? 0,
      skipped: result.columns.length - (result.average?.games ?? 0),
    });
    store.setStatus('finished');
    store.close();

    const table = transferTable(result);
    println(
      io.stdout,
      `${player} vs ${opponent}: ${gamesPerGame} seat-swapped games per game, seed ${seed}; ` +
        `checkpoints play ${describeSampling(sampling)}`,
    );
    println(io.stdout, 'win rate = games won / games played, ± its 95% CI; average = mean over the games played\n');
    println(io.stdout, formatTable(table.head, table.rows));
    if (table.skipped.length > 0) {
      println(io.stdout, '\nskipped:');
      for (const line of table.skipped) println(io.stdout, `  ${line}`);
    }
    println(io.stdout, `\nresults and transcripts: ${dir}`);
    if (!result.average) {
      println(io.stdout, 'average win rate none (every game was skipped)');
      return 1;
    }
    println(io.stdout, `average win rate ${result.average.rate.toFixed(3)}`);
    return 0;
  },
};

/**
 * Builds both sides of one game. A spec with no player for this game (`nash` of a game too big to solve, a policy
 * file of another game) skips the game, with the player's own message as the reason.
 */
function seatResolver(options: {
  playerSpec: string;
  opponentSpec: string;
  io: CliIo;
  sampling: ReturnType<typeof lmSampling>;
}): (game: AnyTextGame) => Promise<TransferSeats> {
  const { io, sampling } = options;
  const resolve = async (spec: string, game: AnyTextGame): Promise<{ policy: Policy } | { skip: string }> => {
    try {
      return { policy: await resolvePlayer({ spec, game, io, sampling }) };
    } catch (error) {
      // A policy file holds one game's table: another game is skipped, as a spec with no player for it is.
      if (error instanceof PlayerSpecError || error instanceof PolicyError)
        return { skip: `${spec}: ${error.message}` };
      throw error;
    }
  };
  return async (game) => {
    const player = await resolve(options.playerSpec, game);
    if ('skip' in player) return { skip: player.skip };
    const opponent = await resolve(options.opponentSpec, game);
    if ('skip' in opponent) {
      await player.policy.close?.();
      return { skip: opponent.skip };
    }
    return { player: player.policy, opponent: opponent.policy };
  };
}

/** The first game both specs can play, with its seats; a usage error listing the reasons when there is none. */
async function firstPlayable(
  games: readonly AnyTextGame[],
  seatsFor: (game: AnyTextGame) => Promise<TransferSeats>,
): Promise<{ game: AnyTextGame; seats: TransferSeats }> {
  const reasons: string[] = [];
  for (const game of games) {
    const seats = await seatsFor(game);
    if (!('skip' in seats)) return { game, seats };
    reasons.push(seats.skip);
  }
  // One reason for every game (a missing checkpoint, an unknown spec) is said once.
  if (new Set(reasons).size === 1) throw new CliUsageError(reasons[0] ?? '');
  const lines = reasons.map((reason, g) => `${games[g]?.rules.info.id}: ${reason}`);
  throw new CliUsageError(`no game has both players:\n  ${lines.join('\n  ')}`);
}

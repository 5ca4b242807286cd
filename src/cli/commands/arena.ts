import { basename } from 'node:path';
import { type ArenaPair, outcomeScore, pairEpisodes, pairScore, runArena } from '../../eval/arena.ts';
import { leaderboardSections } from '../../eval/arena-leaderboard.ts';
import { type ArenaRecord, arenaRecord } from '../../eval/arena-record.ts';
import {
  checkEntrantCount,
  defaultMaxTables,
  EntrantCountError,
  type FreeForAllResult,
  runFreeForAll,
  tableEpisodes,
} from '../../eval/free-for-all.ts';
import { freeForAllRecord } from '../../eval/free-for-all-record.ts';
import { defaultMatchHands, describeMatchRule, matchRules } from '../../eval/match-ratings.ts';
import { type AnyTextGame, getGame as registryGame } from '../../games/registry.ts';
import { playerSpecHelp, resolvePlayer } from '../../rollout/players/player-spec.ts';
import type { Policy } from '../../spec/policy.ts';
import { openRunStore } from '../../store/run-store.ts';
import { newRunDir } from '../../store/runs-root.ts';
import { deriveSeed } from '../../util/rng.ts';
import { intOption, parseCommandArgs } from '../args.ts';
import type { Command } from '../command.ts';
import { CliUsageError, println } from '../io.ts';
import { formatTable } from '../table.ts';

const usage = `selfplay arena --player NAME=SPEC --player NAME=SPEC [...] --games a,b [options]

A round robin: every pair of players plays seat-swapped games of every listed two-player game. Prints, per game,
each pair's score (wins + draws/2, with a 95% CI), mean return, match score and invalid-move counts; then, per
zero-sum game, the leaderboard and Nash averaging; then OpenSkill over matches of all two-player games.

Games for more than two players (a list may mix both kinds) are a free-for-all each: players sit at tables of the
game's size (every subset of players when there are at most --tables of them, else --tables sampled tables with
seat counts balanced); each table plays --deals-per-table deals, each deal once per rotation of the seats, so every
player sits in every seat equally. Each game places its players by return (ties share their places) and OpenSkill
rates it as one free-for-all. Prints per game: μ with its 95% interval, mean return and mean place with 95% CIs,
games, invalid moves and the game's own figures. Such a game needs at least as many players as it seats; enter
one spec twice under two names to fill a table (--player r1=random --player r2=random).

Leaderboard (per game): the payoff rating, each player's mean return per game against the rest of the field,
in the game's own units (chips a hand), with a 95% CI.
Nash averaging (Balduzzi et al. 2018): each player's mean return against the maximum-entropy Nash mixture of the
field; invariant to copies of a player.
OpenSkill (Weng–Lin) over matches: where a game's returns are only win/draw/loss a match is one game; elsewhere
it is --match-hands seat-swapped hands (default 2: one deal played from both seats) decided by summed returns.
It rates matches won, so between players whose chip edges are small it can disagree with the payoff rating.
See docs/arena.md.

Players (SPEC):
${playerSpecHelp}

Options:
  --player NAME=SPEC   an entrant (repeat; at least two)
  --games LIST         comma-separated game ids (default kuhn-poker)
  --games-per-pair N   games per pair and game (default 100; a multiple of --match-hands)
  --deals-per-table N  deals per table in games for more than two players, each played from every seat rotation
                       (default 4)
  --tables N           most tables per game for more than two players (default ${defaultMaxTables})
  --match-hands N      hands per rated match in games with margins (even, default 2)
  --seed S             seed (default 1)
  --run-dir DIR        where to store the results and every game's transcript (default ./runs/<new id>)`;

/** The arena command over a game lookup (the registry's unless a test hands it others). */
export function createArenaCommand(options: { getGame?: (id: string) => AnyTextGame } = {}): Command {
  const getGame = options.getGame ?? registryGame;
  return {
    name: 'arena',
    summary: 'round robin between players: match ratings, Nash averaging, score and return matrices',
    usage,
    async run(argv, io) {
      const { values, positionals } = parseCommandArgs(argv, {
        player: { type: 'string', multiple: true },
        games: { type: 'string' },
        'games-per-pair': { type: 'string' },
        'match-hands': { type: 'string' },
        'deals-per-table': { type: 'string' },
        tables: { type: 'string' },
        seed: { type: 'string' },
        'run-dir': { type: 'string' },
      });
      if (positionals.length > 0) throw new CliUsageError(`unexpected argument "${positionals[0]}"`);
      const specs = new Map<string, string>();
      for (const entry of values.player ?? []) {
        const match = /^([\w.-]+)=(.+)$/.exec(entry);
        if (!match) throw new CliUsageError(`--player needs NAME=SPEC (e.g. a=random), got "${entry}"`);
        const [, name = '', spec = ''] = match;
        if (specs.has(name)) throw new CliUsageError(`two players are named "${name}"`);
        specs.set(name, spec);
      }
      if (specs.size < 2) throw new CliUsageError('name at least two players with --player NAME=SPEC');
      const allGames = (values.games ?? 'kuhn-poker').split(',').map((id) => getGame(id.trim()));
      // Each game by its kind: two-player games keep the round robin, larger ones play a free-for-all.
      const games = allGames.filter((g) => g.rules.info.players === 2);
      const manyPlayerGames = allGames.filter((g) => g.rules.info.players > 2);
      for (const g of allGames)
        if (g.rules.info.players < 2)
          throw new CliUsageError(`${g.rules.info.id} has ${g.rules.info.players} player; an arena needs two or more`);
      const dealsPerTable = intOption('deals-per-table', values['deals-per-table'], 4, 1);
      const maxTables = intOption('tables', values.tables, defaultMaxTables, 1);
      const gamesPerPair = intOption('games-per-pair', values['games-per-pair'], 100, 1);
      const seed = intOption('seed', values.seed, 1);
      const matchHands = intOption('match-hands', values['match-hands'], defaultMatchHands, 2);
      if (matchHands % 2 !== 0)
        throw new CliUsageError(`--match-hands must be even (seats swap within a match), got ${matchHands}`);
      // runArena checks the plan too; here a bad one is a usage error before any run folder exists.
      try {
        matchRules({ games: games.map((g) => g.rules.info), gamesPerPair, hands: matchHands });
      } catch (error) {
        if (error instanceof RangeError) throw new CliUsageError(`--games-per-pair: ${error.message}`);
        throw error;
      }
      const entrants = [...specs.keys()];
      for (const game of manyPlayerGames) {
        try {
          checkEntrantCount(entrants, game);
        } catch (error) {
          if (error instanceof EntrantCountError) throw new CliUsageError(error.message);
          throw error;
        }
      }
      // Every player is resolved before the run folder exists, so a bad spec leaves no failed run behind.
      const policies = new Map<string, Policy>();
      const policyKey = (name: string, game: AnyTextGame) => `${game.rules.info.id}\u0000${name}`;
      for (const game of allGames) {
        for (const name of entrants) {
          policies.set(policyKey(name, game), await resolvePlayer({ spec: specs.get(name) ?? '', game, io }));
        }
      }
      const dir = values['run-dir'] ?? newRunDir('arena');
      const store = openRunStore({ dir });
      store.init({
        id: basename(dir),
        kind: 'arena',
        config: {
          players: Object.fromEntries(specs),
          games: allGames.map((g) => g.rules.info.id),
          gamesPerPair,
          matchHands,
          ...(manyPlayerGames.length > 0 ? { dealsPerTable, tables: maxTables } : {}),
          seed,
        },
      });
      let result: Awaited<ReturnType<typeof runArena>>;
      const freeForAll: FreeForAllResult[] = [];
      try {
        let pairIndex = 0;
        result = await runArena({
          entrants,
          games,
          gamesPerPair,
          matchHands,
          seed,
          policyFor: async (name, game) => policies.get(policyKey(name, game))!,
          onPair: (pair) => {
            const step = pairIndex++;
            store.addEpisodes(pairEpisodes(pair, step));
            if (io.interactive) println(io.stderr, `  ${pair.game}: ${pair.a} vs ${pair.b} done`);
          },
        });
        for (const game of manyPlayerGames) {
          const base = pairIndex;
          const ffa = await runFreeForAll({
            entrants,
            game,
            dealsPerTable,
            maxTables,
            seed: deriveSeed(seed, 0xffa0),
            policyFor: async (name) => policies.get(policyKey(name, game))!,
            onTable: (table) => {
              // Steps follow the table plan, whatever order the tables finish in.
              store.addEpisodes(tableEpisodes(table, base + table.index));
              if (io.interactive) println(io.stderr, `  ${table.game}: table ${table.members.join(', ')} done`);
            },
          });
          pairIndex += ffa.tables.length;
          freeForAll.push(ffa);
        }
      } catch (error) {
        store.setStatus('failed');
        store.close();
        throw error;
      }
      const record: ArenaRecord = {
        ...arenaRecord(result),
        ...(freeForAll.length > 0 ? { freeForAll: freeForAll.map(freeForAllRecord) } : {}),
      };
      store.setResult('arena', record);
      store.updateSummary({
        // The headline's leader: the first game's payoff rating, else OpenSkill's (two-player, then free-for-all).
        leader:
          record.payoffRating[0]?.entries[0]?.player ??
          result.ratings[0]?.[0] ??
          record.freeForAll?.[0]?.entries[0]?.player ??
          '',
        players: entrants.length,
        games:
          result.pairs.reduce((s, p) => s + p.report.games, 0) +
          (record.freeForAll ?? []).reduce((s, f) => s + f.games, 0),
      });
      store.setStatus('finished');
      store.close();
      for (const game of games) {
        const id = game.rules.info.id;
        const pairs = result.pairs.filter((p) => p.game === id);
        println(
          io.stdout,
          `\n${id}: score of row vs column (wins + draws/2 per game, 95% CI), ${gamesPerPair} games per pair`,
        );
        const matrix = (value: CellValue) =>
          formatTable(
            ['', ...entrants],
            entrants.map((row) => [row, ...entrants.map((col) => cell({ pairs, row, col, value }))]),
          );
        println(io.stdout, matrix('score'));
        // In chip games a player can win fewer hands and still more chips: show the mean return and the matches
        // (what the leaderboard rates) too.
        if (!game.rules.info.winDrawLoss) {
          println(
            io.stdout,
            `\n${id}: mean return of row vs column per game (95% CI) — the figure that matters in chip games`,
          );
          println(io.stdout, matrix('return'));
          const rule = result.games.find((g) => g.game === id)?.match;
          println(
            io.stdout,
            `\n${id}: match score of row vs column (wins + draws/2 per match, 95% CI); a match is ${rule ? describeMatchRule(rule) : '?'}`,
          );
          println(io.stdout, matrix('match'));
        }
        const invalid = entrants.map((name) => {
          const own = pairs.map((p) => (p.a === name ? p.report.invalidA : p.b === name ? p.report.invalidB : 0));
          const played = pairs.filter((p) => p.a === name || p.b === name).reduce((s, p) => s + p.report.games, 0);
          return `${name} ${own.reduce((s, x) => s + x, 0)}/${played}`;
        });
        println(io.stdout, `invalid moves: ${invalid.join(', ')}`);
      }
      printLeaderboard(io.stdout, record);
      println(io.stdout, `\nresults and transcripts: ${dir}`);
      return 0;
    },
  };
}

export const arenaCommand: Command = createArenaCommand();

type CellValue = 'score' | 'return' | 'match';

/** The rankings (`leaderboardSections`): title, what a match is, the table, how to read it. */
function printLeaderboard(out: NodeJS.WritableStream, record: ArenaRecord): void {
  for (const section of leaderboardSections(record)) {
    println(out, `\n${section.title}`);
    for (const line of section.lead) println(out, `  ${line}`);
    println(out, formatTable(section.head, section.rows));
    for (const line of section.notes) println(out, line);
  }
}

function cell(options: { pairs: readonly ArenaPair[]; row: string; col: string; value: CellValue }): string {
  const { pairs, row, col, value } = options;
  if (row === col) return '—';
  const pair = pairs.find((p) => (p.a === row && p.b === col) || (p.a === col && p.b === row));
  if (!pair) return '';
  const rowIsA = pair.a === row;
  if (value === 'return') {
    const { mean, halfWidth } = pair.report.meanReturn;
    return `${(rowIsA ? mean : -mean).toFixed(3)} ± ${halfWidth.toFixed(3)}`;
  }
  const { score, halfWidth } = value === 'match' ? outcomeScore(pair.matches) : pairScore(pair.report);
  return `${(rowIsA ? score : 1 - score).toFixed(2)} ± ${halfWidth.toFixed(2)}`;
}

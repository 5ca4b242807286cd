import { basename, join } from 'node:path';
import { type ArenaPair, pairScore, runArena } from '../../eval/arena.ts';
import { getGame } from '../../games/registry.ts';
import { playerSpecHelp, resolvePlayer } from '../../rollout/players/player-spec.ts';
import { openRunStore } from '../../store/run-store.ts';
import { defaultRunsRoot, newRunId } from '../../store/runs-root.ts';
import { deriveSeed } from '../../util/rng.ts';
import { intOption, parseCommandArgs } from '../args.ts';
import type { Command } from '../command.ts';
import { CliUsageError, println } from '../io.ts';
import { formatTable } from '../table.ts';

const usage = `selfplay arena --player NAME=SPEC --player NAME=SPEC [...] --games a,b [options]

A round robin: every pair of players plays seat-swapped games of every listed game. Prints, per game, each
pair's score (wins + draws/2, with a 95% CI) and invalid-move counts, then OpenSkill (Weng–Lin) ratings.

Players (SPEC):
${playerSpecHelp}

Options:
  --player NAME=SPEC   an entrant (repeat; at least two)
  --games LIST         comma-separated game ids (default kuhn-poker)
  --games-per-pair N   games per pair and game (default 100)
  --seed S             seed (default 1)
  --run-dir DIR        where to store the results and every game's transcript (default ./runs/<new id>)`;

export const arenaCommand: Command = {
  name: 'arena',
  summary: 'round robin between players with ratings and a win-rate matrix',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      player: { type: 'string', multiple: true },
      games: { type: 'string' },
      'games-per-pair': { type: 'string' },
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
    const games = (values.games ?? 'kuhn-poker').split(',').map((id) => getGame(id.trim()));
    const gamesPerPair = intOption('games-per-pair', values['games-per-pair'], 100, 1);
    const seed = intOption('seed', values.seed, 1);
    const entrants = [...specs.keys()];
    const now = Date.now();
    const dir =
      values['run-dir'] ??
      join(defaultRunsRoot, newRunId({ label: 'arena', now, suffix: deriveSeed(now, process.pid) }));
    const store = openRunStore({ dir });
    store.init({
      id: basename(dir),
      kind: 'arena',
      config: { players: Object.fromEntries(specs), games: games.map((g) => g.rules.info.id), gamesPerPair, seed },
    });
    let result: Awaited<ReturnType<typeof runArena>>;
    try {
      let pairIndex = 0;
      result = await runArena({
        entrants,
        games,
        gamesPerPair,
        seed,
        policyFor: (name, game) => resolvePlayer({ spec: specs.get(name) ?? '', game, io }),
        onPair: (pair) => {
          const step = pairIndex++;
          store.addEpisodes(
            pair.report.results.map((r, k) => ({
              step,
              game: r.gameId,
              seed: r.seed,
              returns: r.returns,
              outcome: r.outcome,
              transcript: {
                seats: k % 2 === 0 ? [pair.a, pair.b] : [pair.b, pair.a],
                turns: r.turns,
                finalState: r.finalState,
              },
            })),
          );
          if (io.interactive) println(io.stderr, `  ${pair.game}: ${pair.a} vs ${pair.b} done`);
        },
      });
    } catch (error) {
      store.setStatus('failed');
      store.close();
      throw error;
    }
    store.setResult('arena', {
      ratings: result.ratings,
      pairs: result.pairs.map(({ game, a, b, report }) => ({
        game,
        a,
        b,
        ...pairScore(report),
        meanReturn: report.meanReturn,
        wins: report.wins,
        draws: report.draws,
        losses: report.losses,
        invalidA: report.invalidA,
        invalidB: report.invalidB,
      })),
    });
    store.updateSummary({
      leader: result.ratings[0]?.[0] ?? '',
      players: entrants.length,
      games: result.pairs.reduce((s, p) => s + p.report.games, 0),
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
      // In chip games a player can win fewer hands and still more chips: show the mean return too.
      if (game.rules.info.returnRange[1] > 1) {
        println(
          io.stdout,
          `\n${id}: mean return of row vs column per game (95% CI) — the figure that matters in chip games`,
        );
        println(io.stdout, matrix('return'));
      }
      const invalid = entrants.map((name) => {
        const own = pairs.map((p) => (p.a === name ? p.report.invalidA : p.b === name ? p.report.invalidB : 0));
        const played = pairs.filter((p) => p.a === name || p.b === name).reduce((s, p) => s + p.report.games, 0);
        return `${name} ${own.reduce((s, x) => s + x, 0)}/${played}`;
      });
      println(io.stdout, `invalid moves: ${invalid.join(', ')}`);
    }
    println(io.stdout, '\nOpenSkill ratings (ordinal = mu − 3·sigma):');
    println(
      io.stdout,
      formatTable(
        ['rank', 'player', 'ordinal', 'mu', 'sigma', 'games'],
        result.ratings.map(([name, r], i) => [
          String(i + 1),
          name,
          r.ordinal.toFixed(2),
          r.mu.toFixed(2),
          r.sigma.toFixed(2),
          String(r.games),
        ]),
      ),
    );
    println(io.stdout, `\nresults and transcripts: ${dir}`);
    return 0;
  },
};

type CellValue = 'score' | 'return';

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
  const { score, halfWidth } = pairScore(pair.report);
  return `${(rowIsA ? score : 1 - score).toFixed(2)} ± ${halfWidth.toFixed(2)}`;
}

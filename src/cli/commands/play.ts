import { returnRanks } from '../../eval/return-ranks.ts';
import { type AnyTextGame, getGame as registryGame } from '../../games/registry.ts';
import { type EpisodeResult, invalidSeats, playEpisode } from '../../rollout/episode.ts';
import { type InvalidMoveRuleName, invalidMoveRules } from '../../rollout/invalid-move.ts';
import { summarizeMatch } from '../../rollout/match-summary.ts';
import { playerSpecHelp, resolvePlayer } from '../../rollout/players/player-spec.ts';
import { observationFormats } from '../../spec/game-text.ts';
import { deriveSeed } from '../../util/rng.ts';
import { formatCi, meanWithCi } from '../../util/stats.ts';
import { choiceOption, intOption, parseCommandArgs } from '../args.ts';
import type { Command } from '../command.ts';
import { CliUsageError, println } from '../io.ts';
import { formatTable } from '../table.ts';

/** Seats the command line can fill: --p0 … --p15. */
export const maxSeats = 16;

const usage = `selfplay play <game> --p0 <player> --p1 <player> [--p2 <player> …] [options]

Plays games between the players seated with --p0, --p1, … (one flag per seat the game has, up to --p${maxSeats - 1})
and prints each seat's results (and, with a human, the game as it goes). Two-player games default to
--p0 human --p1 random; games for more players need every seat named (\`selfplay games\` lists how many).

Players:
${playerSpecHelp}

Options:
  --games N          games to play (default 1)
  --seed S           seed for deals and sampling (default 1); game i uses a seed derived from S and i
  --format F         observation text: ${observationFormats.join(' | ')} (default full, or the layout a checkpoint player was trained on)
  --invalid R        invalid-move rule: ${Object.keys(invalidMoveRules).join(' | ')} (default: textarena with a human, else spiral)
  --transcript       print every turn (default with a human or a single game)`;

const seatFlags = Object.fromEntries(
  Array.from({ length: maxSeats }, (_, s) => [`p${s}`, { type: 'string' } as const]),
) as Record<`p${number}`, { type: 'string' }>;

/**
 * The player spec of every seat, from `--p0` … (`values`): a usage error naming how many seats the game has and
 * which flags to pass when one is missing or one too many is given.
 */
export function seatSpecs(game: AnyTextGame, values: Readonly<Record<string, unknown>>): string[] {
  const { id, players } = game.rules.info;
  const flag = (s: number) => `--p${s}`;
  const flags = Array.from({ length: players }, (_, s) => flag(s));
  const listed = flags.length <= 4 ? flags.join(', ') : `${flags[0]} … ${flags.at(-1)}`;
  if (players > maxSeats)
    throw new CliUsageError(
      `${id} seats ${players} players; play can seat at most ${maxSeats} (--p0 … --p${maxSeats - 1})`,
    );
  const given = (s: number) => (typeof values[`p${s}`] === 'string' ? (values[`p${s}`] as string) : undefined);
  const extra = Array.from({ length: maxSeats }, (_, s) => s).filter((s) => s >= players && given(s) !== undefined);
  if (extra.length > 0)
    throw new CliUsageError(
      `${id} seats ${players} players (${listed}); ${extra.map(flag).join(', ')} ${extra.length === 1 ? 'has' : 'have'} no seat`,
    );
  // Two-player games keep their default: you against a random player.
  const defaults = players === 2 ? ['human', 'random'] : [];
  const specs = flags.map((_, s) => given(s) ?? defaults[s]);
  const missing = specs.flatMap((spec, s) => (spec === undefined ? [flag(s)] : []));
  if (missing.length > 0)
    throw new CliUsageError(
      `${id} seats ${players} players: pass one player per seat with ${listed} (missing ${missing.join(', ')}), ` +
        `e.g. ${flags.map((f) => `${f} random`).join(' ')}`,
    );
  return specs as string[];
}

/** The play command over a game lookup (the registry's unless a test hands it others). */
export function createPlayCommand(options: { getGame?: (id: string) => AnyTextGame } = {}): Command {
  const getGame = options.getGame ?? registryGame;
  return {
    name: 'play',
    summary: 'play a game between players, one per seat (human, random, nash, a policy file, …)',
    usage,
    async run(argv, io) {
      const { values, positionals } = parseCommandArgs(argv, {
        ...seatFlags,
        games: { type: 'string' },
        seed: { type: 'string' },
        format: { type: 'string' },
        invalid: { type: 'string' },
        transcript: { type: 'boolean' },
      });
      const [gameId, ...extra] = positionals;
      if (!gameId || extra.length > 0) throw new CliUsageError('name exactly one game (see `selfplay games`)');
      const game = getGame(gameId);
      const specs = seatSpecs(game, values);
      const games = intOption('games', values.games, 1, 1);
      const seed = intOption('seed', values.seed, 1);
      const hasHuman = specs.includes('human');
      const ruleName = choiceOption(
        'invalid',
        values.invalid,
        Object.keys(invalidMoveRules) as InvalidMoveRuleName[],
        hasHuman ? 'textarena' : 'spiral',
      );
      const policies = await Promise.all(specs.map((spec) => resolvePlayer({ spec, game, io })));
      // A trained checkpoint reads the layout it was trained on, unless --format says otherwise.
      const preferred = policies.find((p) => p.format)?.format ?? 'full';
      const format = choiceOption('format', values.format, observationFormats, preferred);
      const transcript = values.transcript ?? (hasHuman || games === 1);
      const results: EpisodeResult[] = [];
      try {
        for (let g = 0; g < games; g++) {
          const result = await playEpisode({
            game,
            policies,
            seed: deriveSeed(seed, g),
            format,
            invalidMove: invalidMoveRules[ruleName],
            onTurn: (turn) => {
              if (!transcript || policies[turn.player]?.name === 'human') return;
              const shown = turn.move ?? `invalid (${turn.invalidReason})`;
              println(io.stdout, `[Player ${turn.player} · ${policies[turn.player]?.name}] ${shown}`);
            },
          });
          results.push(result);
          if (transcript) {
            const ending = result.outcome === 'terminal' ? 'game over' : result.outcome;
            println(io.stdout, `== game ${g + 1}: ${ending}, returns ${result.returns.join(' / ')}`);
            if (hasHuman)
              println(
                io.stdout,
                game.text.observe(game.rules.deserialize(result.finalState), specs.indexOf('human'), format),
              );
          }
        }
      } finally {
        await Promise.all(policies.map((p) => p.close?.()));
      }
      const players = game.rules.info.players;
      const summary = summarizeMatch(results, players);
      println(
        io.stdout,
        `\n${gameId}: ${summary.games} game(s), mean length ${summary.meanTurns.toFixed(2)} turns, seed ${seed}`,
      );
      // Wins by comparing returns say little where returns are not zero-sum: places and the game's figures instead.
      if (players > 2 || !game.rules.info.zeroSum) {
        println(io.stdout, formatTable(...manySeatTable(results, specs)));
        return 0;
      }
      println(
        io.stdout,
        formatTable(
          ['seat', 'player', 'mean return (95% CI)', 'wins', 'draws', 'losses', 'invalid'],
          summary.seats.map((s) => [
            `P${s.seat}`,
            specs[s.seat] ?? '',
            formatCi(s.meanReturn),
            String(s.wins),
            String(s.draws),
            String(s.losses),
            String(s.invalid),
          ]),
        ),
      );
      return 0;
    },
  };
}

export const playCommand: Command = createPlayCommand();

/**
 * Per seat of a game for more than two players: mean return and mean place (1 = first, ties sharing their places),
 * first places outright, invalid moves and the game's own figures. Wins by the sign of a return say little when
 * returns are not zero-sum, so places stand in for them.
 */
function manySeatTable(results: readonly EpisodeResult[], specs: readonly string[]): [string[], string[][]] {
  const ranks = results.map((r) => returnRanks(r.returns));
  const statNames = [...new Set(results.flatMap((r) => (r.stats ?? []).flatMap((s) => Object.keys(s))))].sort();
  const head = ['seat', 'player', 'mean return (95% CI)', 'mean place (95% CI)', 'first', 'invalid'];
  const rows = specs.map((spec, seat) => [
    `P${seat}`,
    spec,
    formatCi(meanWithCi(results.map((r) => r.returns[seat] ?? 0))),
    formatCi(meanWithCi(ranks.map((r) => r[seat] ?? 0)), 2),
    String(ranks.filter((r) => r[seat] === 1).length),
    String(results.filter((r) => invalidSeats(r).includes(seat)).length),
    ...statNames.map((name) => formatCi(meanWithCi(results.flatMap((r) => r.stats?.[seat]?.[name] ?? [])))),
  ]);
  return [[...head, ...statNames.map((name) => `${name} (mean)`)], rows];
}

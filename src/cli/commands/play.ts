import { getGame } from '../../games/registry.ts';
import { type EpisodeResult, playEpisode } from '../../rollout/episode.ts';
import { type InvalidMoveRuleName, invalidMoveRules } from '../../rollout/invalid-move.ts';
import { summarizeMatch } from '../../rollout/match-summary.ts';
import { playerSpecHelp, resolvePlayer } from '../../rollout/players/player-spec.ts';
import { observationFormats } from '../../spec/game-text.ts';
import { deriveSeed } from '../../util/rng.ts';
import { formatCi } from '../../util/stats.ts';
import { choiceOption, intOption, parseCommandArgs } from '../args.ts';
import type { Command } from '../command.ts';
import { CliUsageError, println } from '../io.ts';
import { formatTable } from '../table.ts';

const usage = `selfplay play <game> --p0 <player> --p1 <player> [options]

Plays games between two players and prints the result (and, with a human, the game as it goes).

Players:
${playerSpecHelp}

Options:
  --games N          games to play (default 1)
  --seed S           seed for deals and sampling (default 1); game i uses a seed derived from S and i
  --format F         observation text: ${observationFormats.join(' | ')} (default full, or the layout a checkpoint player was trained on)
  --invalid R        invalid-move rule: ${Object.keys(invalidMoveRules).join(' | ')} (default: textarena with a human, else spiral)
  --transcript       print every turn (default with a human or a single game)`;

export const playCommand: Command = {
  name: 'play',
  summary: 'play a game between two players (human, random, nash, a policy file)',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      p0: { type: 'string' },
      p1: { type: 'string' },
      games: { type: 'string' },
      seed: { type: 'string' },
      format: { type: 'string' },
      invalid: { type: 'string' },
      transcript: { type: 'boolean' },
    });
    const [gameId, ...extra] = positionals;
    if (!gameId || extra.length > 0) throw new CliUsageError('name exactly one game (see `selfplay games`)');
    const game = getGame(gameId);
    const specs = [values.p0 ?? 'human', values.p1 ?? 'random'];
    if (game.rules.info.players !== 2)
      throw new CliUsageError(`${gameId} has ${game.rules.info.players} players; play takes --p0 and --p1`);
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
    const summary = summarizeMatch(results, 2);
    println(
      io.stdout,
      `\n${gameId}: ${summary.games} game(s), mean length ${summary.meanTurns.toFixed(2)} turns, seed ${seed}`,
    );
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

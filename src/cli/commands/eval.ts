import { getGame } from '../../games/registry.ts';
import { playMatch } from '../../rollout/match.ts';
import { playerSpecHelp, resolvePlayer } from '../../rollout/players/player-spec.ts';
import { observationFormats } from '../../spec/game-text.ts';
import { formatCi } from '../../util/stats.ts';
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
import { CliUsageError, println } from '../io.ts';

const usage = `selfplay eval --checkpoint PATH --against SPEC [--game ID] [--games N] [--seed S] [--format F]
                    [--temperature T] [--top-p P] [--decoding constrained|free]

Seat-swapped games of the built-in LM against another player: mean return with a 95% CI, wins/draws/losses,
invalid moves and mean game length. Up to 256 games are in flight at once (one at a time against a human), so the
LM answers them in batches and an endpoint opponent gets up to its max_concurrency requests.

Options:
${lmSamplingHelp}
  --decoding D       constrained (default: decoding limited to the legal moves, as the checkpoint trained) or
                     free (the checkpoint writes its move as text, read by the game's strict rule, as a served
                     model is; the invalid-move count says how often it writes no legal move)

Opponents (SPEC):
${playerSpecHelp}`;

export const evalCommand: Command = {
  name: 'eval',
  summary: 'evaluate a checkpoint in seat-swapped games against random, nash, a policy or another checkpoint',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      checkpoint: { type: 'string' },
      against: { type: 'string' },
      game: { type: 'string' },
      games: { type: 'string' },
      seed: { type: 'string' },
      format: { type: 'string' },
      decoding: { type: 'string' },
      ...lmSamplingOptions,
    });
    if (positionals.length > 0) throw new CliUsageError(`unexpected argument "${positionals[0]}"`);
    if (!values.checkpoint) throw new CliUsageError('--checkpoint is required');
    const gameId = values.game ?? 'kuhn-poker';
    const game = getGame(gameId);
    const against = values.against ?? 'random';
    const sampling = lmSampling(values);
    const decoding = choiceOption('decoding', values.decoding, ['constrained', 'free'], 'constrained');
    const lm = await resolvePlayer({
      spec: `checkpoint:${values.checkpoint}`,
      game,
      io,
      sampling,
      decoding: decoding === 'free' ? 'free' : 'legal',
    });
    const opponent = await resolvePlayer({ spec: against, game, io });
    const format = choiceOption('format', values.format, observationFormats, lm.format ?? 'full');
    const games = intOption('games', values.games, 1000, 2);
    const seed = intOption('seed', values.seed, 1);
    const report = await playMatch({ game, players: [lm, opponent], games, seed, format });
    println(io.stdout, `${gameId}: ${values.checkpoint} vs ${against}, ${games} seat-swapped games, seed ${seed}`);
    println(io.stdout, `  checkpoint samples at ${describeSampling(sampling)}, ${decoding} decoding`);
    println(io.stdout, `  mean return ${formatCi(report.meanReturn)} (95% CI)`);
    println(io.stdout, `  won ${report.wins}, drew ${report.draws}, lost ${report.losses}`);
    println(
      io.stdout,
      `  invalid moves: checkpoint ${report.invalidA}, opponent ${report.invalidB}; mean length ${report.meanTurns.toFixed(2)} turns`,
    );
    for (const [name, value] of Object.entries(report.stats)) {
      println(io.stdout, `  ${name.replace(/_/g, ' ')}: ${formatCi(value)} (checkpoint's side, 95% CI)`);
    }
    return 0;
  },
};

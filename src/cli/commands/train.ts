import { basename, dirname, join } from 'node:path';
import { startDashboard } from '../../dashboard/start-dashboard.ts';
import { openRunStore, type RunStore } from '../../store/run-store.ts';
import { defaultRunsRoot, isRunDir, newRunId } from '../../store/runs-root.ts';
import { parseTrainConfig, type TrainConfig, trainingGames } from '../../train/train-config.ts';
import { train } from '../../train/trainer.ts';
import type { PolicyEvaluation } from '../../train/evaluate-policy.ts';
import { deriveSeed } from '../../util/rng.ts';
import { formatCi } from '../../util/stats.ts';
import { parseCommandArgs } from '../args.ts';
import type { Command } from '../command.ts';
import { CliUsageError, println } from '../io.ts';
import { defaultPreset, resolveTrainConfig } from '../resolve-train-config.ts';
import { describeStats, printTrainReport } from '../train-report.ts';

const usage = `selfplay train [options]

Self-play training of the built-in LM (SPIRAL's online loop: mirror self-play, RAE, PPO-clip), measured by exact
exploitability and by matches against random play. Config precedence: preset < --config < flags < --set.

Options:
  --preset NAME      a file presets/NAME.json (default ${defaultPreset})
  --config FILE      a JSON config, merged key by key over the preset (keys: see src/train/train-config.ts)
  --game ID          the game to train on
  --games A,B,C      several games in one model (SPIRAL's multi-game run: a shuffled schedule each step)
  --steps N          policy steps
  --minutes M        stop after M minutes of wall time
  --seed S           seed for everything
  --set KEY=VALUE    override one key, e.g. --set rollout.gamesPerStep=128 (repeatable)
  --run-dir DIR      where the run goes (default ./runs/<new id>)
  --resume DIR       continue a run from its latest checkpoint (after a crash or kill), with its saved config
  --dashboard        serve the dashboard over the runs folder while training (port 8787; it closes when the
                     run ends, or on Ctrl-C in a terminal)`;

export const trainCommand: Command = {
  name: 'train',
  summary: 'train the built-in LM by self-play and report exploitability (what `npm start` runs)',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      preset: { type: 'string' },
      config: { type: 'string' },
      game: { type: 'string' },
      games: { type: 'string' },
      steps: { type: 'string' },
      minutes: { type: 'string' },
      seed: { type: 'string' },
      set: { type: 'string', multiple: true },
      'run-dir': { type: 'string' },
      dashboard: { type: 'boolean' },
      resume: { type: 'string' },
    });
    if (positionals.length > 0) throw new CliUsageError(`unexpected argument "${positionals[0]}"`);
    let config: TrainConfig;
    let dir: string;
    let store: RunStore;
    if (values.resume) {
      const others = ['preset', 'config', 'game', 'games', 'steps', 'minutes', 'seed', 'set', 'run-dir'] as const;
      const clash = others.find((k) => values[k] !== undefined);
      if (clash) throw new CliUsageError(`--resume continues the run with its saved config; drop --${clash}`);
      dir = values.resume;
      if (!isRunDir(dir)) throw new CliUsageError(`"${dir}" is not a run folder (no run.sqlite)`);
      store = openRunStore({ dir });
      config = parseTrainConfig(store.meta().config);
      store.setStatus('running');
    } else {
      config = await resolveTrainConfig(values);
      const now = Date.now();
      dir =
        values['run-dir'] ??
        join(
          defaultRunsRoot,
          newRunId({ label: trainingGames(config).join('+'), now, suffix: deriveSeed(now, process.pid) }),
        );
      store = openRunStore({ dir });
      store.init({ id: basename(dir), kind: 'train', config });
    }
    const dashboard = values.dashboard ? await startDashboard({ root: dirname(dir), port: 8787 }) : undefined;
    if (dashboard) println(io.stdout, `dashboard: ${dashboard.url}#${basename(dir)}`);
    println(
      io.stdout,
      `selfplay train: ${trainingGames(config).join(', ')}, ${config.steps} steps${config.minutes ? ` or ${config.minutes} min` : ''}, seed ${config.seed} → ${dir}`,
    );
    const line = (text: string) => (io.interactive ? io.stderr.write(`\r\x1b[2K${text}`) : undefined);
    try {
      const result = await train({
        config,
        store,
        resume: values.resume !== undefined,
        onEvent: (event) => {
          if (event.type === 'update-end') {
            const m = event.metrics;
            const parts: string[] = [];
            if (m.decisions > 0) parts.push(`${m.decisions} decisions`);
            if (m.exploitability !== undefined) parts.push(`exploitability ${m.exploitability.toFixed(4)}`);
            if (m.games > 0)
              parts.push(`${m.gamesPerSecond.toFixed(0)} games/s · ${m.tokensPerSecond.toFixed(0)} tok/s`);
            const rate = parts.join(' · ');
            const text = `step ${m.step}/${config.steps} · ${rate} · loss ${m.loss.toFixed(3)} · ${m.seconds.toFixed(0)} s`;
            if (io.interactive) line(text);
            else if (m.step % 25 === 0) println(io.stdout, text);
          } else if (event.type === 'move-text-finished') {
            if (io.interactive) line('');
            println(
              io.stdout,
              `  move text: ${event.steps} finishing steps over ${event.decisions} decisions in ${event.seconds.toFixed(0)} s · token loss ${event.loss.toFixed(4)} · policy moved ≤ ${event.drift.toFixed(4)} (total variation)`,
            );
          } else if (event.type === 'eval-end') {
            const e = event.evaluation;
            if (io.interactive) line('');
            const which = trainingGames(config).length > 1 ? ` ${e.game}` : '';
            println(io.stdout, `  eval @${e.step}${which}: ${describe(e)}`);
          }
        },
      });
      store.updateSummary(printTrainReport({ io, store, result, gameIds: trainingGames(config) }));
      store.setStatus('finished');
      println(io.stdout, `\nrun: ${dir}${result.checkpoint ? ` (checkpoint ${result.checkpoint})` : ''}`);
      return 0;
    } catch (error) {
      store.setStatus('failed');
      throw error;
    } finally {
      store.close();
      await dashboard?.close();
    }
  },
};

function describe(e: PolicyEvaluation): string {
  const parts: string[] = [];
  if (e.exploitability !== undefined) parts.push(`exploitability ${e.exploitability.toFixed(4)}`);
  if (e.liveExploitability !== undefined) parts.push(`live weights ${e.liveExploitability.toFixed(4)}`);
  if (e.greedyExploitability !== undefined) parts.push(`greedy ${e.greedyExploitability.toFixed(4)}`);
  if (e.freeDecoding)
    parts.push(`free-text invalid ${e.freeDecoding.sampled.toFixed(2)} (greedy ${e.freeDecoding.greedy.toFixed(2)})`);
  for (const [against, m] of Object.entries(e.matches)) parts.push(`vs ${against} ${formatCi(m)}${describeStats(m)}`);
  return parts.join(' · ');
}

import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDashboard } from '../../dashboard/start-dashboard.ts';
import { kuhnStrategyRows } from '../../eval/kuhn-strategy.ts';
import { openRunStore, type RunStore } from '../../store/run-store.ts';
import { defaultRunsRoot, isRunDir, newRunId } from '../../store/runs-root.ts';
import {
  applyOverrides,
  parseTrainConfig,
  type TrainConfig,
  TrainConfigError,
  trainingGames,
} from '../../train/train-config.ts';
import { type TrainResult, train } from '../../train/trainer.ts';
import type { MatchSummary, PolicyEvaluation } from '../../train/evaluate-policy.ts';
import { deriveSeed } from '../../util/rng.ts';
import { didYouMean } from '../../util/closest-name.ts';
import { formatCi } from '../../util/stats.ts';
import { parseCommandArgs } from '../args.ts';
import type { Command } from '../command.ts';
import { type CliIo, CliUsageError, println } from '../io.ts';
import { formatKuhnStrategy } from '../kuhn-strategy-table.ts';

const usage = `selfplay train [options]

Self-play training of the built-in LM (SPIRAL's online loop: mirror self-play, RAE, PPO-clip), measured by exact
exploitability and by matches against random play. Config precedence: preset < --config < flags < --set.

Options:
  --preset NAME      a file presets/NAME.json (default kuhn-poker)
  --config FILE      a JSON config (keys: see src/train/train-config.ts)
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

/** Presets ship with the package, next to src/. */
const presetsDir = new URL('../../../presets/', import.meta.url);

/** The presets that ship with the package: presets/NAME.json. */
function presetNames(): string[] {
  return readdirSync(presetsDir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}

async function readJson(file: string, what: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new CliUsageError(`cannot read ${what} "${file}"`);
  }
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    throw new CliUsageError(`${what} "${file}" is not JSON: ${(error as Error).message}`);
  }
}

type TrainFlags = {
  preset?: string | undefined;
  config?: string | undefined;
  game?: string | undefined;
  games?: string | undefined;
  steps?: string | undefined;
  minutes?: string | undefined;
  seed?: string | undefined;
  set?: string[] | undefined;
};

/** Preset < --config file < flags < --set, validated strictly. */
async function resolveConfig(values: TrainFlags): Promise<TrainConfig> {
  const preset = values.preset ?? 'kuhn-poker';
  const presets = presetNames();
  if (!presets.includes(preset))
    throw new CliUsageError(`unknown preset "${preset}"${didYouMean(preset, presets)}; presets: ${presets.join(', ')}`);
  let raw = await readJson(fileURLToPath(new URL(`${preset}.json`, presetsDir)), 'preset');
  if (values.config) raw = { ...raw, ...(await readJson(values.config, 'config')) };
  // A game named on the command line replaces whatever game list the preset or config file held.
  if (values.game || values.games) delete raw.games;
  const gameList = values.games?.split(',').map((g) => g.trim());
  if (gameList?.some((g) => g === ''))
    throw new CliUsageError(`--games takes ids separated by commas, got "${values.games}"`);
  const flags = [
    ...(values.game ? [`game=${JSON.stringify(values.game)}`] : []),
    ...(gameList ? [`games=${JSON.stringify(gameList)}`] : []),
    ...(values.steps ? [`steps=${values.steps}`] : []),
    ...(values.minutes ? [`minutes=${values.minutes}`] : []),
    ...(values.seed ? [`seed=${values.seed}`] : []),
  ];
  try {
    return parseTrainConfig(applyOverrides(raw, [...flags, ...(values.set ?? [])]));
  } catch (error) {
    if (error instanceof TrainConfigError) throw new CliUsageError(error.message);
    throw error;
  }
}

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
      config = await resolveConfig(values);
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
        onStep: (m) => {
          const parts: string[] = [];
          if (m.decisions > 0) parts.push(`${m.decisions} decisions`);
          if (m.exploitability !== undefined) parts.push(`exploitability ${m.exploitability.toFixed(4)}`);
          if (m.games > 0) parts.push(`${m.gamesPerSecond.toFixed(0)} games/s · ${m.tokensPerSecond.toFixed(0)} tok/s`);
          const rate = parts.join(' · ');
          const text = `step ${m.step}/${config.steps} · ${rate} · loss ${m.loss.toFixed(3)} · ${m.seconds.toFixed(0)} s`;
          if (io.interactive) line(text);
          else if (m.step % 25 === 0) println(io.stdout, text);
        },
        onEval: (e) => {
          if (io.interactive) line('');
          const which = trainingGames(config).length > 1 ? ` ${e.game}` : '';
          println(io.stdout, `  eval @${e.step}${which}: ${describe(e)}`);
        },
      });
      println(io.stdout, `\nFinal report (${result.steps} steps)`);
      const summary: Record<string, number> = { steps: result.steps };
      for (const gameId of trainingGames(config)) {
        Object.assign(summary, reportGame({ io, store, result, gameId, multiGame: trainingGames(config).length > 1 }));
      }
      store.updateSummary(summary);
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

/** Prints one game's part of the final report; returns its headline figures for the run's summary. */
function reportGame(options: {
  io: CliIo;
  store: RunStore;
  result: TrainResult;
  gameId: string;
  multiGame: boolean;
}): Record<string, number> {
  const { io, store, result, gameId, multiGame } = options;
  const name = (metric: string) => (multiGame ? `${metric}/${gameId}` : metric);
  const indent = multiGame ? '    ' : '  ';
  if (multiGame) println(io.stdout, `  ${gameId}`);
  // The run's first measurement comes from the store, so a resumed run reports from its real start.
  const start = store.metrics([name('exploitability')])[0]?.value;
  const last = result.evaluations.filter((e) => e.game === gameId).at(-1);
  if (start !== undefined && last?.exploitability !== undefined) {
    const uniform = gameId === 'kuhn-poker' ? '; uniform Kuhn is 0.4583' : '';
    println(
      io.stdout,
      `${indent}exploitability: ${start.toFixed(4)} → ${last.exploitability.toFixed(4)} (0 = Nash${uniform})`,
    );
  }
  const greedyStart = store.metrics([name('exploitability/greedy')])[0]?.value;
  if (greedyStart !== undefined && last?.greedyExploitability !== undefined) {
    println(
      io.stdout,
      `${indent}greedy decoding: exploitability ${greedyStart.toFixed(4)} → ${last.greedyExploitability.toFixed(4)}`,
    );
  }
  for (const [against, m] of Object.entries(last?.matches ?? {})) {
    println(
      io.stdout,
      `${indent}vs ${against}: ${formatCi(m)} per game; won ${m.wins}, drew ${m.draws}, lost ${m.losses} of ${m.games}${describeStats(m)}`,
    );
  }
  const free = last?.freeDecoding;
  if (free) {
    const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
    println(
      io.stdout,
      `${indent}free decoding (moves written, not constrained) vs random: invalid moves in ${pct(free.sampled)} of ${free.games} games at the rollout temperature, ${pct(free.greedy)} greedy`,
    );
  }
  if (gameId === 'kuhn-poker' && last?.table) {
    const rows = kuhnStrategyRows(last.table);
    store.setResult('kuhn-strategy', rows);
    println(io.stdout, `\n${indent}learned strategy beside the Nash family (probability of bet / call):`);
    println(io.stdout, formatKuhnStrategy(rows));
  }
  return {
    ...(last?.exploitability === undefined ? {} : { [name('exploitability')]: last.exploitability }),
    ...Object.fromEntries(
      Object.entries(last?.matches ?? {}).map(([against, m]) => [name(`return/${against}`), m.mean]),
    ),
    ...(free ? { [name('invalid_rate/free')]: free.sampled } : {}),
  };
}

/** A match's game-specific figures (negotiation agreement, value gain), as ", agreement 0.41 ± 0.05". */
function describeStats(m: MatchSummary): string {
  return Object.entries(m.stats)
    .map(([name, v]) => `, ${name.replace(/_/g, ' ')} ${formatCi(v)}`)
    .join('');
}

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

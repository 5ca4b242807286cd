import { basename, dirname } from 'node:path';
import { startDashboard } from '../../dashboard/start-dashboard.ts';
import { openRunStore, type RunStore } from '../../store/run-store.ts';
import { isRunDir, newRunDir, settleRun } from '../../store/runs-root.ts';
import { parseTrainConfig, type TrainConfig, trainingGames } from '../../train/train-config.ts';
import { train } from '../../train/trainer.ts';
import { isIterationConfig, parseIterationConfig } from '../../train/iterations/iteration-config.ts';
import { preferenceRecipeNames } from '../../recipes/preference-recipes.ts';
import { resolveRecipeConfig } from '../resolve-recipe-config.ts';
import { runRecipe } from './train-recipe.ts';
import {
  isRolePlayRecipe,
  resolveRolePlayConfig,
  type RolePlayRecipeName,
  rolePlayRecipeOf,
  runRolePlayRecipe,
} from './train-role-play.ts';
import { isPretrainConfig } from '../../train/pretrain/pretrain-programs.ts';
import { type PsroMetaSolver, psroMetaSolvers, psroOverrides } from '../../recipes/psro-recipe.ts';
import type { PolicyEvaluation } from '../../train/evaluate-policy.ts';
import { formatCi } from '../../util/stats.ts';
import { parseCommandArgs } from '../args.ts';
import type { Command } from '../command.ts';
import { type CliIo, CliUsageError, println } from '../io.ts';
import { type LearnerChoice, parseLearnerSpec } from '../../learner/remote/learner-spec.ts';
import type { RemoteLearnerSettings } from '../../train/run-learner.ts';
import { parseWeightSyncConfig, type WeightSyncConfigInput } from '../../llm/index.ts';
import { defaultPreset, resolveTrainConfig } from '../resolve-train-config.ts';
import { describeStats, printTrainReport } from '../train-report.ts';

const usage = `selfplay train [options]

Self-play training of the built-in LM (SPIRAL's online loop: mirror self-play, RAE, PPO-clip), measured by exact
exploitability and by matches against random play. Config precedence: preset < --config < flags < --set.

Options:
  --recipe NAME      the self-play system: spiral (default: the online games loop and its options below), psro
                     (the same loop against a population of its snapshots, --meta-solver; docs/population.md),
                     or an outer-iteration recipe, ${preferenceRecipeNames.join(', ')} (docs/recipes.md), which take
                     --preferences FILE | --data FILE, --iterations N, --minutes, --seed, --config, --set, --run-dir,
                     --sampler, --sync, --learner, --model; or a role-play recipe, azr (Absolute Zero's propose →
                     validate → solve loop over program tasks, docs/absolute-zero.md) or spc (Self-Play Critic's
                     trace → corrupt → critique game, docs/self-play-critic.md), which take --checkpoint BASE,
                     --steps, --minutes, --seed, --player, --config, --set (e.g. learnability=spell), --run-dir,
                     --resume, and for azr --verifier
  --checkpoint BASE  azr, spc: the built-in LM every role starts from (a checkpoint or run folder, e.g. selfplay
                     pretrain's)
  --verifier V       azr: how answers are judged, rule (the executor), judge (the solver's model grades them) or max
                     (right when either says so)
  --player ROLE=SPEC azr, spc: an OpenAI-compatible endpoint (openai:URL#MODEL[?…]) plays ROLE (azr: propose, solve,
                     judge; spc: solve, corrupt, critique); its replies are judged, never trained on (repeatable)
  --preferences FILE a preference file for sppo, spo, dpo (default data/preferences/intransitive-5.json)
  --data FILE        a SPIN data file for spin, sft (default data/spin/tiny.json)
  --iterations N     outer iterations of a recipe
  --judge SPEC       sppo, spo, dpo: an LLM judge as the oracle, openai:URL#MODEL[?…] (docs/recipes.md, "An LLM judge")
  --meta-solver S    psro (--recipe psro --game kuhn-poker|leduc-poker): the population's meta-solver, nash
                     (PSRO / double oracle, default), uniform (fictitious play) or last (self-play)
  --preset NAME      a file presets/NAME.json (default ${defaultPreset})
  --config FILE      a JSON config, merged key by key over the preset (keys: see src/train/train-config.ts)
  --game ID          the game to train on, with its own preset presets/ID.json where one ships (else the default's)
  --games A,B,C      several games in one model (SPIRAL's multi-game run: a shuffled schedule each step)
  --steps N          policy steps
  --minutes M        stop after M minutes of wall time
  --seed S           seed for everything
  --set KEY=VALUE    override one key, e.g. --set rollout.gamesPerStep=128 (repeatable)
  --run-dir DIR      where the run goes (default ./runs/<new id>)
  --resume DIR       continue a run from its latest checkpoint (after a crash or kill), with its saved config
  --learner SPEC     where the learner runs: in-process (default), local-server (a selfplay learner-serve child
                     process), or tinker:URL (a Tinker-compatible training service; key from TINKER_API_KEY).
                     Every choice trains the same weights, so a run may resume on another (docs/remote-learner.md)
  --model NAME       with --learner tinker:URL, the base_model to train (default selfplay-lm)
  --sampler SPEC     play the live seats through a server, openai:URL#MODEL?kind=vllm (e.g. a selfplay serve of any
                     checkpoint with the run's model config), its weights synced before every step by --sync; with a
                     recipe, the iterate's samples come from it, synced before every iteration (docs/recipes.md)
  --sync METHOD      how the sampler gets new weights: reload (selfplay serve, default) or full (vLLM, SGLang)
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
      recipe: { type: 'string' },
      preferences: { type: 'string' },
      data: { type: 'string' },
      iterations: { type: 'string' },
      'meta-solver': { type: 'string' },
      learner: { type: 'string' },
      model: { type: 'string' },
      judge: { type: 'string' },
      sampler: { type: 'string' },
      sync: { type: 'string' },
      checkpoint: { type: 'string' },
      verifier: { type: 'string' },
      player: { type: 'string', multiple: true },
    });
    if (positionals.length > 0) throw new CliUsageError(`unexpected argument "${positionals[0]}"`);
    const recipe = values.recipe ?? 'spiral';
    if (values['meta-solver'] !== undefined && recipe !== 'psro')
      throw new CliUsageError('--meta-solver is an option of --recipe psro');
    if (isRolePlayRecipe(recipe)) return trainRolePlay(recipe, values, io);
    const rolePlayOnly = (['checkpoint', 'verifier', 'player'] as const).find((k) => values[k] !== undefined);
    if (rolePlayOnly) throw new CliUsageError(`--${rolePlayOnly} is an option of --recipe azr and --recipe spc`);
    const remoteLearner = remoteLearnerOption(values.learner, values.model, io);
    if (recipe === 'psro')
      values.set = [...psroOverrides(metaSolverOption(values['meta-solver'])), ...(values.set ?? [])];
    else if (recipe !== 'spiral') {
      const online = (['preset', 'game', 'games', 'steps', 'dashboard', 'resume'] as const).find(
        (k) => values[k] !== undefined,
      );
      if (online)
        throw new CliUsageError(
          `--${online} is an option of the online games loop (--recipe spiral), not of ${recipe}`,
        );
      return runRecipe({
        io,
        config: await resolveRecipeConfig({ ...values, recipe }),
        runDir: values['run-dir'],
        ...(remoteLearner ? { remoteLearner } : {}),
      });
    }
    const sampler = samplerOption(values.sampler, values.sync);
    const recipeOnly = (['preferences', 'data', 'iterations', 'judge'] as const).find((k) => values[k] !== undefined);
    if (recipeOnly)
      throw new CliUsageError(
        `--${recipeOnly} is an option of the outer-iteration recipes (--recipe sppo|spo|dpo|spin|sft)`,
      );
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
      const saved = store.meta().config;
      if (isPretrainConfig(saved)) {
        store.close();
        throw new CliUsageError(
          `"${dir}" is a pretraining run; continue from it with selfplay pretrain --corpus programs --checkpoint ${dir} --out NEW_DIR`,
        );
      }
      const rolePlay = rolePlayRecipeOf(saved);
      if (rolePlay) {
        if (remoteLearner) {
          store.close();
          throw new CliUsageError(`--learner: recipe ${rolePlay} trains in this process`);
        }
        store.setStatus('running');
        return runRolePlayRecipe({ io, recipe: rolePlay, config: saved, resume: store });
      }
      if (isIterationConfig(saved)) {
        if (sampler) {
          store.close();
          throw new CliUsageError('--sampler: a recipe run resumes with the sampler its saved config names');
        }
        store.setStatus('running');
        return runRecipe({
          io,
          config: parseIterationConfig(saved),
          resume: store,
          ...(remoteLearner ? { remoteLearner } : {}),
        });
      }
      config = parseTrainConfig(saved);
      store.setStatus('running');
    } else {
      config = await resolveTrainConfig(values);
      dir = values['run-dir'] ?? newRunDir(trainingGames(config).join('+'));
      store = openRunStore({ dir });
      store.init({ id: basename(dir), kind: 'train', config });
    }
    const dashboard = values.dashboard ? await startDashboard({ root: dirname(dir), port: 8787 }) : undefined;
    if (dashboard) println(io.stdout, `dashboard: ${dashboard.url}#${basename(dir)}`);
    println(
      io.stdout,
      `selfplay train: ${trainingGames(config).join(', ')}${recipe === 'psro' ? ` · PSRO, meta-solver ${metaSolverOption(values['meta-solver'])}` : ''}, ${config.steps} steps${config.minutes ? ` or ${config.minutes} min` : ''}, seed ${config.seed} → ${dir}`,
    );
    const line = (text: string) => (io.interactive ? io.stderr.write(`\r\x1b[2K${text}`) : undefined);
    try {
      return await settleRun(store, async () => {
        const result = await train({
          config,
          store,
          resume: values.resume !== undefined,
          ...(remoteLearner ? { remoteLearner } : {}),
          ...(sampler ? { sampler } : {}),
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
            } else if (event.type === 'population-measured') {
              if (io.interactive) line('');
              const sampled =
                event.samplingExploitability === undefined
                  ? ''
                  : ` · sampled mixture ${event.samplingExploitability.toFixed(4)}`;
              println(
                io.stdout,
                `  population @${event.step}: ${event.size} members · meta-Nash mixture ${event.nashExploitability.toFixed(4)}${sampled}`,
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
        println(io.stdout, `\nrun: ${dir}${result.checkpoint ? ` (checkpoint ${result.checkpoint})` : ''}`);
        return 0;
      });
    } finally {
      await dashboard?.close();
    }
  },
};

/** `--recipe azr|spc`: a fresh run from --checkpoint BASE, or `--resume DIR` of such a run. */
async function trainRolePlay(
  recipe: RolePlayRecipeName,
  values: Record<string, string | boolean | string[] | undefined>,
  io: CliIo,
): Promise<number> {
  const foreign = [
    'preset',
    'game',
    'games',
    'dashboard',
    'preferences',
    'data',
    'iterations',
    'judge',
    'meta-solver',
    'learner',
    'model',
    'sampler',
    'sync',
  ].find((k) => values[k] !== undefined);
  if (foreign) throw new CliUsageError(`--${foreign} is not an option of --recipe ${recipe}`);
  const str = (k: string) => values[k] as string | undefined;
  if (values['resume'] !== undefined) {
    const clash = ['checkpoint', 'verifier', 'player', 'config', 'steps', 'minutes', 'seed', 'set', 'run-dir'].find(
      (k) => values[k] !== undefined,
    );
    if (clash) throw new CliUsageError(`--resume continues the run with its saved config; drop --${clash}`);
    const dir = str('resume')!;
    if (!isRunDir(dir)) throw new CliUsageError(`"${dir}" is not a run folder (no run.sqlite)`);
    const store = openRunStore({ dir });
    const saved = store.meta().config;
    if (rolePlayRecipeOf(saved) !== recipe) {
      store.close();
      throw new CliUsageError(`"${dir}" is not an ${recipe} run; resume it without --recipe`);
    }
    store.setStatus('running');
    return runRolePlayRecipe({ io, recipe, config: saved, resume: store });
  }
  const config = await resolveRolePlayConfig(recipe, {
    checkpoint: str('checkpoint'),
    verifier: str('verifier'),
    player: values['player'] as string[] | undefined,
    config: str('config'),
    steps: str('steps'),
    minutes: str('minutes'),
    seed: str('seed'),
    set: values['set'] as string[] | undefined,
  });
  return runRolePlayRecipe({ io, recipe, config, runDir: str('run-dir') });
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

function remoteLearnerOption(
  spec: string | undefined,
  model: string | undefined,
  io: CliIo,
): RemoteLearnerSettings | undefined {
  if (spec === undefined) {
    if (model !== undefined) throw new CliUsageError('--model names the base model of --learner tinker:URL');
    return undefined;
  }
  let choice: LearnerChoice;
  try {
    choice = parseLearnerSpec(spec);
  } catch (error) {
    throw new CliUsageError((error as Error).message);
  }
  if (choice.kind === 'in-process') return undefined;
  const apiKey = process.env['TINKER_API_KEY'];
  return {
    choice,
    ...(model ? { model } : {}),
    ...(apiKey ? { apiKey } : {}),
    onReady: (where) => println(io.stdout, `  learner: ${where}`),
  };
}

function samplerOption(spec: string | undefined, sync: string | undefined): WeightSyncConfigInput | undefined {
  if (spec === undefined) {
    if (sync !== undefined) throw new CliUsageError('--sync is how --sampler SPEC gets new weights');
    return undefined;
  }
  const input = { sampler: spec, sync: sync ?? 'reload' };
  try {
    parseWeightSyncConfig(input);
  } catch (error) {
    throw new CliUsageError(`--sampler/--sync: ${(error as Error).message}`);
  }
  return input as WeightSyncConfigInput;
}

function metaSolverOption(value: string | undefined): PsroMetaSolver {
  if (value === undefined) return 'nash';
  if (value in psroMetaSolvers) return value as PsroMetaSolver;
  throw new CliUsageError(`--meta-solver takes ${Object.keys(psroMetaSolvers).join(', ')}, got "${value}"`);
}

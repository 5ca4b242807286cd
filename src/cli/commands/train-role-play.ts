import {
  corruptInstructions,
  critiqueInstructions,
  judgeInstructions,
  proposeInstructions,
  taskInstructions,
  taskTypes,
  traceInstructions,
} from '../../executors/index.ts';
import { createInstructedEndpoint, EndpointConfigError, PromptTemplateError } from '../../llm/index.ts';
import { azrRecipe } from '../../recipes/azr-recipe.ts';
import { spcRecipe } from '../../recipes/spc-recipe.ts';
import type { Policy } from '../../spec/policy.ts';
import type { RunStore } from '../../store/run-store.ts';
import { recipeRunStore, settleRun } from '../../store/runs-root.ts';
import {
  isProposeSolveConfig,
  parseProposeSolveConfig,
  type ProposeSolveConfig,
} from '../../train/propose-solve/propose-solve-config.ts';
import { trainProposeSolve } from '../../train/propose-solve/train-propose-solve.ts';
import type { RolePlayRunConfig } from '../../train/role-play/role-play-config.ts';
import type { RolePlayRunOptions, RolePlayRunResult } from '../../train/role-play/role-play-run.ts';
import { isSpcConfig, parseSpcConfig, type SpcConfig, trainSpc } from '../../train/self-play-critic/train-spc.ts';
import { applyOverrides, mergeConfig, TrainConfigError } from '../../train/train-config.ts';
import { resolveCheckpoint } from '../../store/resolve-checkpoint.ts';
import { type CliIo, CliUsageError, println } from '../io.ts';
import { readJsonObject } from '../resolve-train-config.ts';

type Metrics = Readonly<Record<string, number>>;

/**
 * A recipe over the shared role-play loop (train/role-play/): its defaults, its config's parser, its run, what an
 * endpoint playing each role is told, and how the CLI prints a step and an evaluation.
 */
interface RolePlayRecipe<C extends RolePlayRunConfig> {
  readonly defaults: Record<string, unknown>;
  parse(raw: unknown): C;
  isConfig(saved: unknown): boolean;
  train(options: Omit<RolePlayRunOptions, 'config' | 'protocol'> & { config: C }): Promise<RolePlayRunResult>;
  /** The system message of an endpoint playing each role (`--player ROLE=SPEC`). */
  readonly instructions: Readonly<Record<string, string>>;
  describe(config: C): string;
  stepLine(metrics: Metrics, config: C): string;
  evaluationLine(step: number, metrics: Metrics): string;
  /** The figure the last line prints, and its word. */
  readonly headline: { readonly metric: string; readonly word: string };
}

const f2 = (x: number | undefined) => (x === undefined ? '—' : x.toFixed(2));
const f4 = (x: number | undefined) => (x === undefined ? '—' : x.toFixed(4));

const azr: RolePlayRecipe<ProposeSolveConfig> = {
  defaults: azrRecipe,
  parse: parseProposeSolveConfig,
  isConfig: isProposeSolveConfig,
  train: trainProposeSolve,
  instructions: { propose: proposeInstructions, solve: taskInstructions, judge: judgeInstructions },
  describe: (c) => `learnability ${c.learnability}, verifier ${c.verifier}`,
  stepLine(m, config) {
    const byType = (figure: string) => taskTypes.map((t) => f2(m[`azr/${figure}/${t}`])).join('/');
    const judged = config.verifier !== 'rule';
    const buffers = taskTypes.map((t) => m[`azr/buffer_size/${t}`]).join('/');
    return `valid ${byType('valid_rate')} · solved ${byType('solve_accuracy')}${judged ? ` · judge agrees ${byType('judge_agreement')}` : ''} · buffers ${buffers}`;
  },
  evaluationLine(step, m) {
    const byType = taskTypes.map((t) => `${t} ${f4(m[`benchmark/${t}`])}`).join(' · ');
    return `benchmark @${step}: ${byType} · all ${f4(m['benchmark/all'])}`;
  },
  headline: { metric: 'benchmark/all', word: 'accuracy' },
};

const spc: RolePlayRecipe<SpcConfig> = {
  defaults: spcRecipe,
  parse: parseSpcConfig,
  isConfig: isSpcConfig,
  train: trainSpc,
  instructions: { solve: traceInstructions, corrupt: corruptInstructions, critique: critiqueInstructions },
  describe: (c) => `${c.tasksPerStep} traces and ${c.corruptions} corruptions a step`,
  stepLine: (m) =>
    `traces right ${f2(m['spc/solve_accuracy'])} · corruptions valid ${f2(m['spc/corrupt_valid_rate'])} · critic localises ${f2(m['spc/critic_localisation'])}, clean ${f2(m['spc/critic_clean_accuracy'])}`,
  evaluationLine: (step, m) =>
    `critic @${step} on held-out traces: localisation ${f4(m['critic/localisation'])} · clean ${f4(m['critic/clean'])} · unreadable ${f4(m['critic/unreadable'])}`,
  headline: { metric: 'critic/localisation', word: 'localisation' },
};

/** The recipes `selfplay train --recipe NAME --checkpoint BASE` runs on the role-play loop. */
export const rolePlayRecipes = { azr, spc } as const;
export type RolePlayRecipeName = keyof typeof rolePlayRecipes;

export function isRolePlayRecipe(name: string): name is RolePlayRecipeName {
  return Object.hasOwn(rolePlayRecipes, name);
}

/** The role-play recipe whose config a stored run holds, if any. */
export function rolePlayRecipeOf(saved: unknown): RolePlayRecipeName | undefined {
  return (Object.keys(rolePlayRecipes) as RolePlayRecipeName[]).find((name) => rolePlayRecipes[name].isConfig(saved));
}

/**
 * `selfplay train --recipe azr|spc`: a role-play run (train/role-play/), fresh into `runDir` (or a new folder under
 * runs/) or resumed from `resume`'s store. Prints a line per step, the evaluation at every measurement, and as the last
 * line the headline figure (`accuracy <benchmark>` for azr, `localisation <critic>` for spc).
 */
export async function runRolePlayRecipe(options: {
  io: CliIo;
  recipe: RolePlayRecipeName;
  /** The raw config (a recipe's defaults merged with the user's, or a stored run's); parsed here. */
  config: unknown;
  runDir?: string | undefined;
  resume?: RunStore;
}): Promise<number> {
  const { io } = options;
  const recipe = rolePlayRecipes[options.recipe] as RolePlayRecipe<RolePlayRunConfig>;
  const config = recipe.parse(options.config);
  const { store, dir } = recipeRunStore({ ...options, label: config.recipe, config });
  const players = await endpointPlayers(config.players, recipe.instructions);
  const endpoints = Object.entries(config.players).map(([role, spec]) => ` · ${role} played by ${spec}`);
  println(
    io.stdout,
    `selfplay train: recipe ${config.recipe} from ${config.checkpoint} (${config.roles} roles, ${recipe.describe(config)}${endpoints.join('')}), ${config.steps} steps${config.minutes ? ` or ${config.minutes} min` : ''}, seed ${config.seed} → ${dir}`,
  );
  const { metric, word } = recipe.headline;
  return settleRun(store, async () => {
    try {
      const result = await recipe.train({
        config,
        store,
        resume: options.resume !== undefined,
        players,
        onStep: (step, m) =>
          println(
            io.stdout,
            `  step ${step}/${config.steps}: ${recipe.stepLine(m, config)} · loss ${m['loss']!.toFixed(4)} · ${m['rollout_seconds']!.toFixed(1)} s + ${m['update_seconds']!.toFixed(1)} s`,
          ),
        onEvent: (event) => {
          if (event.type === 'iteration-end' && event.measured)
            println(io.stdout, `  ${recipe.evaluationLine(event.iteration, event.measured)}`);
        },
      });
      const headline = result.evaluation[metric] ?? 0;
      store.updateSummary({ [metric]: headline, steps: result.steps });
      println(io.stdout, `\n${result.steps} steps in ${(result.curve.at(-1)?.seconds ?? 0).toFixed(0)} s`);
      println(io.stdout, `run: ${dir}${result.checkpoint ? ` (checkpoint ${result.checkpoint})` : ''}`);
      println(io.stdout, `${word} ${headline.toFixed(4)}`);
      return 0;
    } finally {
      await Promise.all(Object.values(players).map((p) => p.close?.()));
    }
  });
}

/** An endpoint for every role the config's `players` names, told that role's instructions. */
async function endpointPlayers(
  specs: Readonly<Record<string, string>>,
  instructions: Readonly<Record<string, string>>,
): Promise<Record<string, Policy>> {
  const players: Record<string, Policy> = {};
  for (const [role, spec] of Object.entries(specs)) {
    const told = instructions[role];
    if (told === undefined)
      throw new CliUsageError(`--player ${role}=…: no such role; roles: ${Object.keys(instructions).join(', ')}`);
    try {
      players[role] = await createInstructedEndpoint(spec, { name: `role-${role}`, instructions: told });
    } catch (error) {
      if (error instanceof EndpointConfigError || error instanceof PromptTemplateError)
        throw new CliUsageError(`--player ${role}=…: ${error.message}`);
      throw error;
    }
  }
  return players;
}

/** The `selfplay train --recipe azr|spc` options that choose a role-play config. */
export interface RolePlayConfigFlags {
  config?: string | undefined;
  /** BASE: a checkpoint or run folder of the built-in LM. */
  checkpoint?: string | undefined;
  verifier?: string | undefined;
  /** `ROLE=SPEC`: an endpoint playing a role. */
  player?: string[] | undefined;
  steps?: string | undefined;
  minutes?: string | undefined;
  seed?: string | undefined;
  set?: string[] | undefined;
}

/** A recipe's defaults < --config file < flags < --set, validated strictly (every problem named by its key). */
export async function resolveRolePlayConfig(name: RolePlayRecipeName, flags: RolePlayConfigFlags): Promise<unknown> {
  if (flags.checkpoint === undefined)
    throw new CliUsageError(
      `--recipe ${name} starts from a base model: pass --checkpoint BASE (a checkpoint or run folder, e.g. what selfplay pretrain writes)`,
    );
  try {
    resolveCheckpoint(flags.checkpoint);
  } catch (error) {
    throw new CliUsageError(`--checkpoint: ${(error as Error).message}`);
  }
  if (flags.verifier !== undefined && name !== 'azr')
    throw new CliUsageError('--verifier is an option of --recipe azr');
  const recipe = rolePlayRecipes[name] as RolePlayRecipe<RolePlayRunConfig>;
  let raw: Record<string, unknown> = structuredClone(recipe.defaults);
  if (flags.config) raw = mergeConfig(raw, await readJsonObject(flags.config, 'config'));
  const players = (flags.player ?? []).map((entry) => {
    const eq = entry.indexOf('=');
    if (eq <= 0) throw new CliUsageError(`--player ${entry}: give ROLE=SPEC, e.g. solve=openai:URL#MODEL`);
    const role = entry.slice(0, eq);
    if (recipe.instructions[role] === undefined)
      throw new CliUsageError(
        `--player ${entry}: ${name} has no role ${role}; roles: ${Object.keys(recipe.instructions).join(', ')}`,
      );
    return `players.${role}=${JSON.stringify(entry.slice(eq + 1))}`;
  });
  const flagOverrides = [
    `checkpoint=${JSON.stringify(flags.checkpoint)}`,
    ...(flags.verifier ? [`verifier=${JSON.stringify(flags.verifier)}`] : []),
    ...players,
    ...(flags.steps ? [`steps=${flags.steps}`] : []),
    ...(flags.minutes ? [`minutes=${flags.minutes}`] : []),
    ...(flags.seed ? [`seed=${flags.seed}`] : []),
  ];
  try {
    return recipe.parse(applyOverrides(raw, [...flagOverrides, ...(flags.set ?? [])]));
  } catch (error) {
    if (error instanceof TrainConfigError) throw new CliUsageError(error.message);
    throw error;
  }
}

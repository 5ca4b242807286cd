import { z } from 'zod';
import { createLmPolicy, withinContext } from '../../rollout/lm-policy.ts';
import type { Rng, RngState } from '../../spec/rng.ts';
import { createRng } from '../../util/rng.ts';
import { rolePlayRunKeys } from '../role-play/role-play-config.ts';
import {
  type RolePlayProtocol,
  type RolePlayRunOptions,
  type RolePlayRunResult,
  runRolePlay,
} from '../role-play/role-play-run.ts';
import { TrainConfigError } from '../train-config.ts';
import { criticAccuracy } from './critic-accuracy.ts';
import { type CriticItem, readCriticFile } from './critic-file.ts';
import { spcStepSchema } from './spc-config.ts';
import { type SpcRole, spcRoles, spcStep } from './spc-step.ts';
import { generatedTaskSource, programExclusion } from './spc-tasks.ts';

/**
 * An SPC run (docs/self-play-critic.md): the shared role-play loop's keys, one step's keys (`spcStepSchema`), and the
 * held-out evaluation. Every key is explicit; src/recipes/spc-recipe.ts gives the defaults.
 */
export const spcConfigSchema = z.strictObject({
  ...rolePlayRunKeys,
  ...spcStepSchema.shape,
  /**
   * The critic's accuracy on a critic file every `every` steps (and at the start and the end): one reply per trace at
   * temperature 1 seeded by `seed`, at most `maxTokens`, as `selfplay critique --checkpoint RUN --traces FILE --seed S`
   * asks. The file's programs are never drawn for training.
   */
  evaluation: z.strictObject({
    every: z.int().min(1),
    traces: z.string().min(1),
    seed: z.int().default(0),
    maxTokens: z.int().min(1).default(64),
  }),
});

export type SpcConfig = z.output<typeof spcConfigSchema>;

/** Validates an SPC config; every problem is reported with its key path. */
export function parseSpcConfig(input: unknown): SpcConfig {
  const result = spcConfigSchema.safeParse(input);
  if (!result.success) throw new TrainConfigError(`invalid recipe config:\n${z.prettifyError(result.error)}`);
  return result.data;
}

/** Whether a stored run config is an SPC run (it names the sneaky's corruptions and the critic's clean share). */
export function isSpcConfig(config: unknown): boolean {
  return typeof config === 'object' && config !== null && 'corruptions' in config && 'cleanShare' in config;
}

export type SpcRunOptions = Omit<RolePlayRunOptions, 'config' | 'protocol'> & { readonly config: SpcConfig };

/**
 * SPC (Self-Play Critic, research/systems.md §2.7) on the shared role-play loop: each step the solver traces deduction
 * tasks, the sneaky corrupts one step of right traces, the critic names the first wrong step (zero-sum). With
 * separate roles the sneaky is the second model (SPC's two copies); the solver's model also plays the critic, which
 * is what the run measures on the held-out critic file and saves. The task RNG is saved with every checkpoint
 * (component `self-play-critic`).
 */
export async function trainSpc(options: SpcRunOptions): Promise<RolePlayRunResult> {
  const { config } = options;
  const items = await readCriticFile(config.evaluation.traces);
  return runRolePlay({ ...options, protocol: (taskRng) => spcProtocol(config, items, taskRng) });
}

function spcProtocol(config: SpcConfig, items: readonly CriticItem[], taskRng: Rng): RolePlayProtocol {
  const state = { taskRng };
  const tasks = generatedTaskSource({
    exclude: programExclusion(items.map((i) => i.program)),
    maxBytes: config.maxTraceBytes,
    maxTokens: config.maxTokens,
  });
  return {
    roles: spcRoles,
    secondModelRoles: ['corrupt'] satisfies SpcRole[],
    stateKey: 'self-play-critic',
    saveState: () => ({ taskRng: state.taskRng.state() }),
    restoreState(fields) {
      state.taskRng = createRng(fields.taskRng as RngState);
    },
    async step(write, context) {
      const outcome = await spcStep({ settings: config, write, rng: state.taskRng, context, tasks });
      const samples = outcome.samples.map((s) => ({ ...s, game: `${config.recipe}/${s.role}` }));
      return { samples, metrics: outcome.metrics };
    },
    async evaluate({ model, policy }, signal) {
      const lm = createLmPolicy({ model, decoding: 'free', maxTokens: config.evaluation.maxTokens, name: 'lm' });
      const report = await criticAccuracy({
        policy: policy ?? withinContext(lm, model.config.context),
        items,
        seed: config.evaluation.seed,
        ...(signal ? { signal } : {}),
      });
      return {
        'critic/localisation': report.corrupted.accuracy,
        'critic/clean': report.clean.accuracy,
        'critic/unreadable': report.unreadable,
      };
    },
    headline: 'critic/localisation',
    evaluatedRole: 'critique',
  };
}

import type { RngState } from '../../spec/rng.ts';
import type { Rng } from '../../spec/rng.ts';
import { createRng } from '../../util/rng.ts';
import {
  type RolePlayProtocol,
  type RolePlayRunOptions,
  type RolePlayRunResult,
  runRolePlay,
} from '../role-play/role-play-run.ts';
import { benchmarkAccuracy, readBenchmark } from './benchmark-accuracy.ts';
import type { ProposeSolveConfig } from './propose-solve-config.ts';
import { proposeSolveStep, type Role, roles } from './propose-solve-step.ts';
import { seedBuffers, type TaskBuffers } from './task-buffer.ts';

export type ProposeSolveRunOptions = Omit<RolePlayRunOptions, 'config' | 'protocol'> & {
  readonly config: ProposeSolveConfig;
};

/**
 * Absolute Zero's online loop (docs/absolute-zero.md): the shared role-play loop (role-play-run.ts) over the propose
 * → validate → learnability → solve (→ judge when the verifier asks for one) → TRR++ protocol. With separate roles
 * the proposer is the second model; the solver's model also plays the judge, so judge samples train the solver's
 * learner. The solver is what the run measures (the benchmark) and saves. The buffers and the task RNG are saved
 * with every checkpoint (component `propose-solve`).
 */
export async function trainProposeSolve(options: ProposeSolveRunOptions): Promise<RolePlayRunResult> {
  const { config } = options;
  const tasks = await readBenchmark(config.evaluation.tasks, config.evaluation.perType);
  return runRolePlay({ ...options, protocol: (taskRng) => proposeSolveProtocol(config, tasks, taskRng) });
}

function proposeSolveProtocol(
  config: ProposeSolveConfig,
  tasks: Awaited<ReturnType<typeof readBenchmark>>,
  taskRng: Rng,
): RolePlayProtocol {
  const state = { buffers: seedBuffers(), taskRng };
  return {
    roles,
    secondModelRoles: ['propose'] satisfies Role[],
    stateKey: 'propose-solve',
    saveState: () => ({ buffers: state.buffers, taskRng: state.taskRng.state() }),
    restoreState(fields) {
      state.buffers = fields.buffers as TaskBuffers;
      state.taskRng = createRng(fields.taskRng as RngState);
    },
    async step(write, context) {
      const outcome = await proposeSolveStep({
        settings: config,
        buffers: state.buffers,
        write,
        rng: state.taskRng,
        context,
      });
      const samples = outcome.samples.map((s) => ({ ...s, game: `${config.recipe}/${s.type}` }));
      return { samples, metrics: outcome.metrics };
    },
    evaluate: (player, signal) =>
      benchmarkAccuracy({
        ...player,
        tasks,
        seed: config.evaluation.seed,
        maxTokens: config.evaluation.maxTokens,
        ...(signal ? { signal } : {}),
      }),
    headline: 'benchmark/all',
    evaluatedRole: 'solve',
  };
}

import { readTaskFile, solveTasks, type Task, taskTypes } from '../../executors/index.ts';
import type { LmModel } from '../../lm/index.ts';
import { createLmPolicy, withinContext } from '../../rollout/lm-policy.ts';
import type { Policy } from '../../spec/policy.ts';

/** A task file's tasks, or the first `perType` of each type. */
export async function readBenchmark(file: string, perType?: number): Promise<Task[]> {
  const { tasks } = await readTaskFile(file);
  if (perType === undefined) return [...tasks];
  return taskTypes.flatMap((type) => tasks.filter((t) => t.type === type).slice(0, perType));
}

/**
 * Accuracy of `model` on `tasks`, one answer per task at temperature 1, free text up to `maxTokens`, seeded by `seed`
 * exactly as `selfplay solve-tasks --checkpoint … --seed S --max-tokens N` asks (a prompt the context cannot hold
 * gets an empty answer, counted wrong); or of `policy` (an endpoint playing the solver) when one is given, as
 * `solve-tasks --player SPEC --seed S` asks. Metrics `benchmark/<type>` and `benchmark/all`.
 */
export async function benchmarkAccuracy(options: {
  model: LmModel;
  policy?: Policy;
  tasks: readonly Task[];
  seed: number;
  maxTokens: number;
  signal?: AbortSignal;
}): Promise<Record<string, number>> {
  const { model } = options;
  const lm = createLmPolicy({ model, decoding: 'free', maxTokens: options.maxTokens, name: 'lm' });
  const policy = options.policy ?? withinContext(lm, model.config.context);
  const report = await solveTasks({
    tasks: options.tasks,
    policy,
    seed: options.seed,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const metrics: Record<string, number> = {};
  for (const type of taskTypes)
    if (report.byType[type].tasks > 0) metrics[`benchmark/${type}`] = report.byType[type].accuracy;
  metrics['benchmark/all'] = report.overall.accuracy;
  return metrics;
}

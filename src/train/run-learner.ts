import { createInProcessLearner } from '../learner/in-process-learner.ts';
import type { LocalSamplerLearner } from '../learner/pass-learner.ts';
import { startLearnerProcess } from '../learner/remote/learner-process.ts';
import { defaultLearnerModel, type LearnerChoice } from '../learner/remote/learner-spec.ts';
import { createRemoteLearner } from '../learner/remote/remote-learner.ts';
import { createTinkerClient } from '../learner/remote/tinker-client.ts';
import { createOptimizer, type LmModel } from '../lm/index.ts';
import type { LearnerState } from '../spec/learner.ts';
import type { AdamwConfig } from '../lm/adamw.ts';

/** How a run reaches a learner outside this process. */
export interface RemoteLearnerSettings {
  readonly choice: LearnerChoice;
  /** `create_model`'s `base_model` (default `selfplay-lm`, what `learner-serve` trains). */
  readonly model?: string;
  /** Sent as `X-API-Key` (the CLI reads `TINKER_API_KEY`). */
  readonly apiKey?: string;
  /** Told where the learner runs once it answers (the CLI prints it). */
  readonly onReady?: (where: string) => void;
}

/**
 * The run's learner over `model`, the weights it starts from. In-process the learner trains `model` itself; elsewhere
 * `model` becomes the sampler's copy, the learner starts from its exact state (a fresh run's weights and zero moments,
 * or the resumed checkpoint's), and every optimizer step copies the new weights back.
 */
export async function createRunLearner(options: {
  model: LmModel;
  optim: AdamwConfig;
  /** Threads of a local-server learner's matmuls (the run's `threads`). */
  threads: number;
  /** Names the run at the service (`create_session`'s tags). */
  tags?: readonly string[];
  saved?: LearnerState;
  remote?: RemoteLearnerSettings;
}): Promise<LocalSamplerLearner> {
  const { model, optim, saved, remote } = options;
  const choice = remote?.choice ?? { kind: 'in-process' };
  if (choice.kind === 'in-process') {
    const learner = createInProcessLearner({ model, optimizer: createOptimizer({ model, config: optim }) });
    if (saved) await learner.restore(saved);
    return learner;
  }
  const modelName = remote?.model ?? defaultLearnerModel;
  const child =
    choice.kind === 'local-server'
      ? await startLearnerProcess({ model, modelName, threads: options.threads })
      : undefined;
  try {
    const url = child?.url ?? (choice.kind === 'tinker' ? choice.url : '');
    const client = createTinkerClient({ baseUrl: url, ...(remote?.apiKey ? { apiKey: remote.apiKey } : {}) });
    // Taken before the learner copies the service's weights into `model`.
    const zeros = () => new Float32Array(model.layout.total);
    const start = saved ?? { params: model.params().slice(), optimizer: { m: zeros(), v: zeros(), step: 0 } };
    const learner = await createRemoteLearner({
      client,
      baseModel: modelName,
      sampler: model,
      optim,
      ...(options.tags ? { tags: options.tags } : {}),
    });
    await learner.restore(start);
    remote?.onReady?.(child ? `learner-serve pid ${child.pid} at ${url}` : `learner at ${url}`);
    return { ...learner, close: async () => child?.close() };
  } catch (error) {
    await child?.close();
    throw error;
  }
}

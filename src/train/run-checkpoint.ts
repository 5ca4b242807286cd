import { join } from 'node:path';
import type { ModelConfig } from '../lm/index.ts';
import type { RunStore } from '../store/run-store.ts';
import { saveComponents, type TrainingComponent } from './components/training-component.ts';
import {
  loadTrainerCheckpoint,
  ResumeError,
  saveTrainerCheckpoint,
  type TrainerCheckpoint,
} from './trainer-checkpoint.ts';
import type { TrainingContext } from './training-context.ts';

/**
 * Saves the run at `step` into the store's `checkpoints/step-N` (the learner's state, the sampling RNG and every
 * component's) and indexes it; without a store there is nowhere to save and nothing happens.
 */
export async function saveRunCheckpoint(
  ctx: Pick<TrainingContext, 'store' | 'learner' | 'samplingRng' | 'emit'> & {
    readonly model: { readonly config: ModelConfig };
  },
  components: readonly TrainingComponent[],
  step: number,
): Promise<string | undefined> {
  const { store } = ctx;
  if (!store) return undefined;
  const path = join('checkpoints', `step-${step}`);
  await saveTrainerCheckpoint({
    dir: join(store.dir, path),
    config: ctx.model.config,
    learner: await ctx.learner.save(),
    rng: ctx.samplingRng,
    step,
    components: await saveComponents(components),
  });
  store.addCheckpoint(step, path);
  ctx.emit({ type: 'checkpoint-saved', step, path });
  return path;
}

/** The store's latest checkpoint, to resume from; a run with none is a `ResumeError`. */
export async function latestRunCheckpoint(store: RunStore | undefined): Promise<TrainerCheckpoint> {
  const latest = store?.latestCheckpoint();
  if (!store || !latest) throw new ResumeError('nothing to resume: the run has no checkpoint yet');
  return loadTrainerCheckpoint(join(store.dir, latest.path));
}

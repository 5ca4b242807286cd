/**
 * What a stateful part of a run keeps in a checkpoint: fields of the checkpoint's `trainer-state.json` and weight
 * blocks saved beside the model as weights-only checkpoints.
 */
export interface ComponentState {
  /** JSON fields this component owns in the state file (no two components may write the same field). */
  readonly fields: Readonly<Record<string, unknown>>;
  /** Weights by sub-folder of the checkpoint, e.g. `magnet` or `pool/step-50`. */
  readonly weights: ReadonlyMap<string, Float32Array>;
}

/**
 * A stateful part of a training run with one lifecycle: the loop calls `afterStep` after every optimizer step (in
 * the order the run lists its components), a checkpoint saves every component's state, resume hands each the whole
 * saved state to take its own part from, and the run's end closes them (also when it fails). A new stateful part is
 * one new component; neither the checkpoint nor the loop changes.
 */
export interface TrainingComponent {
  /** A name for messages (which component failed to restore). */
  readonly key: string;
  save?(): ComponentState | Promise<ComponentState>;
  restore?(saved: ComponentState): void | Promise<void>;
  afterStep?(step: number): void | Promise<void>;
  close?(): void | Promise<void>;
}

export const noComponentState: ComponentState = { fields: {}, weights: new Map() };

/** Every component's state merged, in component order; a field or folder two components claim is an error. */
export async function saveComponents(components: readonly TrainingComponent[]): Promise<ComponentState> {
  const fields: Record<string, unknown> = {};
  const weights = new Map<string, Float32Array>();
  const owner = new Map<string, string>();
  const claim = (name: string, key: string) => {
    const other = owner.get(name);
    if (other) throw new Error(`checkpoint entry "${name}" is saved by both ${other} and ${key}; rename one of them`);
    owner.set(name, key);
  };
  for (const component of components) {
    const state = (await component.save?.()) ?? noComponentState;
    for (const [name, value] of Object.entries(state.fields)) {
      claim(name, component.key);
      fields[name] = value;
    }
    for (const [dir, params] of state.weights) {
      claim(dir, component.key);
      weights.set(dir, params);
    }
  }
  return { fields, weights };
}

/** Hands the saved state to every component, in order. */
export async function restoreComponents(components: readonly TrainingComponent[], saved: ComponentState) {
  for (const component of components) await component.restore?.(saved);
}

export async function componentsAfterStep(components: readonly TrainingComponent[], step: number) {
  for (const component of components) await component.afterStep?.(step);
}

/** Closes every component, the last made first; every one is closed even when one fails (the first error is thrown). */
export async function closeComponents(components: readonly TrainingComponent[]): Promise<void> {
  let failure: unknown;
  for (const component of [...components].reverse()) {
    try {
      await component.close?.();
    } catch (error) {
      failure ??= error;
    }
  }
  if (failure !== undefined) throw failure;
}

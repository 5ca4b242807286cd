import { decodeSafetensors, encodeSafetensors, type NamedTensor } from '../../lm/index.ts';
import type { LearnerState } from '../../spec/learner.ts';

/**
 * Weights, and optionally AdamW's moments and step, as one safetensors file: the bytes a learner server hands out
 * for `save_weights` / `save_weights_for_sampler` (Tinker's checkpoint archive) and takes back to resume. Flat tensors
 * in the model's parameter layout (`params`, `exp_avg`, `exp_avg_sq`), the step in the metadata: exact, and both
 * ends check the sizes against their own model.
 */
export interface LearnerStateFile {
  readonly params: Float32Array;
  readonly optimizer?: LearnerState['optimizer'];
}

const FORMAT = 'selfplay-learner-state';

export function encodeLearnerState(state: LearnerStateFile): Uint8Array {
  const flat = (name: string, data: Float32Array): NamedTensor => ({ name, shape: [data.length], data });
  const tensors = [flat('params', state.params)];
  const metadata: Record<string, string> = { format: FORMAT };
  if (state.optimizer) {
    tensors.push(flat('exp_avg', state.optimizer.m), flat('exp_avg_sq', state.optimizer.v));
    metadata['step'] = String(state.optimizer.step);
  }
  return encodeSafetensors(tensors, metadata);
}

/** Reads a file `encodeLearnerState` wrote; `source` names it in errors. `expected` is the model's parameter count. */
export function decodeLearnerState(bytes: Uint8Array, source: string, expected: number): LearnerStateFile {
  const { tensors, metadata } = decodeSafetensors(bytes, source);
  if (metadata['format'] !== FORMAT)
    throw new RangeError(`${source}: not a ${FORMAT} file (its format is ${metadata['format']})`);
  const read = (name: string) => {
    const tensor = tensors.get(name);
    if (!tensor) throw new RangeError(`${source}: no tensor ${name}`);
    if (tensor.data.length !== expected) {
      throw new RangeError(
        `${source}: ${name} holds ${tensor.data.length} floats, the model needs ${expected}: it was saved for another model config`,
      );
    }
    return tensor.data;
  };
  const params = read('params');
  if (!tensors.has('exp_avg')) return { params };
  const step = Number(metadata['step']);
  if (!Number.isInteger(step) || step < 0) throw new RangeError(`${source}: step ${metadata['step']} is not a count`);
  return { params, optimizer: { m: read('exp_avg'), v: read('exp_avg_sq'), step } };
}

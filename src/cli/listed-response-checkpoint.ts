import { type LmModel, loadModel, type Sampling } from '../lm/index.ts';
import { createHeap, createKernels } from '../lm/kernels/index.ts';
import { type ResponseDecoding, responseDecodings } from '../preference/index.ts';
import { resolveCheckpoint } from '../store/resolve-checkpoint.ts';
import { choiceOption, describeSampling, lmSampling } from './args.ts';

/**
 * What `preference-gap` and `spin-divergence` measure: a checkpoint loaded with the decoding it is measured under
 * (`--decoding`, else what its run played, else constrained) and the sampling flags, with the header line they print.
 */
export async function listedResponseCheckpoint(values: {
  checkpoint: string;
  decoding?: string | undefined;
  temperature?: string | undefined;
  'top-p'?: string | undefined;
}): Promise<{ model: LmModel; decoding: ResponseDecoding; sampling: Sampling; header: string }> {
  const checkpoint = resolveCheckpoint(values.checkpoint);
  const decoding = choiceOption('decoding', values.decoding, responseDecodings, checkpoint.decoding ?? 'constrained');
  const sampling = lmSampling(values);
  const { model } = await loadModel(checkpoint.dir, { kernels: createKernels({ heap: createHeap() }) });
  return {
    model,
    decoding,
    sampling,
    header: `${values.checkpoint}: ${decoding} decoding at ${describeSampling(sampling)}`,
  };
}

/** A probability to 4 places; free decoding leaves an untrained model's listed responses tiny but not 0: show how tiny. */
export function probabilityText(x: number): string {
  return x > 0 && x < 5e-5 ? x.toExponential(1) : x.toFixed(4);
}

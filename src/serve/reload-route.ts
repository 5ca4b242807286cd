import { z } from 'zod';
import { type CheckpointData, loadCheckpoint } from '../lm/index.ts';
import { ServeError } from './openai-error.ts';
import { type ServedWeights, WeightsMismatchError } from './served-weights.ts';

/** `POST /v1/reload`: strict, since it is our own route and a misspelt key must not pass silently. */
export const reloadRequestSchema = z.strictObject({
  /** A path the server can read: a checkpoint folder, or (through the CLI's resolver) a run folder. */
  checkpoint: z.string().min(1),
  /** A label for the new weights (e.g. `step-120`), reported back; default the reload count. */
  weight_version: z.string().min(1).max(200).optional(),
});

export type ReloadRequest = z.output<typeof reloadRequestSchema>;

/** The reply: which weights answer from now on. */
export interface ReloadReply {
  readonly object: 'weights';
  readonly weight_version: string;
  readonly reloads: number;
  /** The checkpoint folder the path resolved to. */
  readonly checkpoint: string;
  /** The optimizer step the checkpoint records; null for a weights-only checkpoint. */
  readonly step: number | null;
}

/** Turns the path a client sent into a checkpoint folder (may throw; the message is shown to the client). */
export type CheckpointPathResolver = (path: string) => string;

/** Loads the checkpoint and swaps it in; a bad path or another model config is a 400 and changes nothing. */
export async function reloadReply(options: {
  weights: ServedWeights;
  resolvePath: CheckpointPathResolver;
  body: ReloadRequest;
}): Promise<ReloadReply> {
  const { weights, body } = options;
  let dir: string;
  let data: CheckpointData;
  try {
    dir = options.resolvePath(body.checkpoint);
    data = await loadCheckpoint(dir);
  } catch (error) {
    throw refused(body.checkpoint, 'invalid_checkpoint', error);
  }
  try {
    const info = await weights.replace({
      config: data.config,
      params: data.params,
      ...(body.weight_version === undefined ? {} : { version: body.weight_version }),
    });
    return {
      object: 'weights',
      weight_version: info.version,
      reloads: info.reloads,
      checkpoint: dir,
      step: data.optimizer?.step ?? null,
    };
  } catch (error) {
    if (error instanceof WeightsMismatchError) throw refused(body.checkpoint, 'model_config_mismatch', error);
    throw error;
  }
}

function refused(path: string, code: string, error: unknown): ServeError {
  const why = error instanceof Error ? error.message : String(error);
  return new ServeError({
    status: 400,
    param: 'checkpoint',
    code,
    message: `cannot reload from "${path}": ${why}; the served weights are unchanged`,
  });
}

import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { RngState } from '../spec/rng.ts';
import { type ModelConfig, modelConfigSchema } from './config.ts';
import { hfLlamaConfig } from './hf-config.ts';
import { type ParamLayout, paramLayout } from './param-layout.ts';
import { decodeSafetensors, encodeSafetensors, type NamedTensor, SafetensorsError } from './safetensors.ts';

/**
 * A checkpoint is a directory:
 * - `checkpoint.json`   — format tag, resolved model config, optimizer step, RNG state (validated on load);
 * - `model.safetensors` — weights under HF Llama names and shapes;
 * - `optimizer.safetensors` — AdamW moments as `<name>.exp_avg` / `<name>.exp_avg_sq` (absent for weights-only);
 * - `config.json`       — HF LlamaConfig for export; written, never read.
 */
export interface CheckpointData {
  readonly config: ModelConfig;
  /** Flat parameter block in `paramLayout(config)` order. */
  readonly params: Float32Array;
  readonly optimizer?: { readonly m: Float32Array; readonly v: Float32Array; readonly step: number };
  readonly rng?: RngState;
}

export const CHECKPOINT_FORMAT = 'selfplay-lm-checkpoint';

const u32 = z.number().int().min(0).max(0xffff_ffff);
const checkpointJsonSchema = z.strictObject({
  format: z.literal(CHECKPOINT_FORMAT),
  version: z.literal(1),
  model: modelConfigSchema,
  /** AdamW steps taken; null for a weights-only checkpoint. */
  step: z.number().int().nonnegative().nullable(),
  rng: z.tuple([u32, u32, u32, u32]).nullable(),
});

/** A checkpoint directory that cannot be loaded; the message names the file and what to do. */
export class CheckpointError extends Error {
  override readonly name = 'CheckpointError';
  constructor(
    readonly file: string,
    problem: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}: ${problem}`, options);
  }
}

async function writeAtomic(path: string, data: string | Uint8Array): Promise<void> {
  // Write then rename, so a crash mid-save leaves the previous file intact rather than a truncated one.
  await writeFile(`${path}.tmp`, data);
  await rename(`${path}.tmp`, path);
}

function slotTensors(layout: ParamLayout, block: Float32Array, suffix = ''): NamedTensor[] {
  return layout.tensors.map((t) => ({
    name: t.name + suffix,
    shape: t.shape,
    data: block.subarray(t.offset, t.offset + t.size),
  }));
}

export async function saveCheckpoint(dir: string, data: CheckpointData): Promise<void> {
  const layout = paramLayout(data.config);
  for (const [what, block] of [
    ['params', data.params],
    ['m', data.optimizer?.m],
    ['v', data.optimizer?.v],
  ] as const) {
    if (block && block.length !== layout.total) {
      throw new RangeError(`${what} has ${block.length} floats, the config's layout needs ${layout.total}`);
    }
  }
  await mkdir(dir, { recursive: true });
  await writeAtomic(
    join(dir, 'model.safetensors'),
    encodeSafetensors(slotTensors(layout, data.params), { format: 'pt' }),
  );
  if (data.optimizer) {
    const moments = [
      ...slotTensors(layout, data.optimizer.m, '.exp_avg'),
      ...slotTensors(layout, data.optimizer.v, '.exp_avg_sq'),
    ];
    await writeAtomic(join(dir, 'optimizer.safetensors'), encodeSafetensors(moments, { format: 'pt' }));
  }
  await writeAtomic(join(dir, 'config.json'), `${JSON.stringify(hfLlamaConfig(data.config), null, 2)}\n`);
  const meta: z.input<typeof checkpointJsonSchema> = {
    format: CHECKPOINT_FORMAT,
    version: 1,
    model: data.config,
    step: data.optimizer ? data.optimizer.step : null,
    rng: data.rng ? [...data.rng] : null,
  };
  // checkpoint.json goes last: its presence marks a complete checkpoint.
  await writeAtomic(join(dir, 'checkpoint.json'), `${JSON.stringify(meta, null, 2)}\n`);
}

async function readBytes(file: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(file));
  } catch (cause) {
    throw new CheckpointError(file, 'cannot be read; check the checkpoint directory path', { cause });
  }
}

function readTensors(file: string, bytes: Uint8Array, expected: readonly string[]): ReadonlyMap<string, NamedTensor> {
  let tensors: ReadonlyMap<string, NamedTensor>;
  try {
    tensors = decodeSafetensors(bytes, file).tensors;
  } catch (cause) {
    if (cause instanceof SafetensorsError)
      throw new CheckpointError(file, cause.message.slice(file.length + 2), { cause });
    throw cause;
  }
  const known = new Set(expected);
  for (const name of tensors.keys()) {
    if (!known.has(name)) {
      throw new CheckpointError(
        file,
        `unexpected tensor ${name}: it does not belong to checkpoint.json's model config`,
      );
    }
  }
  return tensors;
}

function fillBlock(
  file: string,
  layout: ParamLayout,
  tensors: ReadonlyMap<string, NamedTensor>,
  suffix = '',
): Float32Array {
  const block = new Float32Array(layout.total);
  for (const slot of layout.tensors) {
    const t = tensors.get(slot.name + suffix);
    if (!t)
      throw new CheckpointError(
        file,
        `tensor ${slot.name + suffix} is missing; the file does not match checkpoint.json`,
      );
    if (t.shape.join() !== slot.shape.join()) {
      throw new CheckpointError(
        file,
        `tensor ${t.name} has shape [${t.shape}], checkpoint.json's config needs [${slot.shape}]`,
      );
    }
    block.set(t.data, slot.offset);
  }
  return block;
}

export async function loadCheckpoint(dir: string): Promise<CheckpointData> {
  const metaFile = join(dir, 'checkpoint.json');
  const text = new TextDecoder().decode(await readBytes(metaFile));
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new CheckpointError(
      metaFile,
      'is not valid JSON (truncated or corrupt); restore it or re-save the checkpoint',
      { cause },
    );
  }
  const parsed = checkpointJsonSchema.safeParse(raw);
  if (!parsed.success)
    throw new CheckpointError(metaFile, `is not a valid checkpoint header: ${z.prettifyError(parsed.error)}`);
  const meta = parsed.data;
  const layout = paramLayout(meta.model);
  const modelFile = join(dir, 'model.safetensors');
  const names = layout.tensors.map((t) => t.name);
  const params = fillBlock(modelFile, layout, readTensors(modelFile, await readBytes(modelFile), names));
  let optimizer: CheckpointData['optimizer'];
  if (meta.step !== null) {
    const optFile = join(dir, 'optimizer.safetensors');
    const moments = names.flatMap((n) => [`${n}.exp_avg`, `${n}.exp_avg_sq`]);
    const tensors = readTensors(optFile, await readBytes(optFile), moments);
    const m = fillBlock(optFile, layout, tensors, '.exp_avg');
    optimizer = { m, v: fillBlock(optFile, layout, tensors, '.exp_avg_sq'), step: meta.step };
  }
  return { config: meta.model, params, ...(optimizer ? { optimizer } : {}), ...(meta.rng ? { rng: meta.rng } : {}) };
}

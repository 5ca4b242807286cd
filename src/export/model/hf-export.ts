import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { encodeSafetensors, hfLlamaConfig, type ModelConfig, paramLayout } from '../../lm/index.ts';
import { hfGenerationConfig, hfSpecialTokensMap, hfTokenizerConfig, hfTokenizerJson } from './hf-tokenizer.ts';
import type { ParityRecord } from './parity-record.ts';

/** The files `export-model --format hf` writes, in the order it writes them. */
export const hfExportFiles = [
  'model.safetensors',
  'config.json',
  'generation_config.json',
  'tokenizer.json',
  'tokenizer_config.json',
  'special_tokens_map.json',
  'parity.json',
] as const;

async function writeAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await writeFile(`${path}.tmp`, data);
  await rename(`${path}.tmp`, path);
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/**
 * A directory transformers loads with `LlamaForCausalLM.from_pretrained` and `AutoTokenizer.from_pretrained`:
 * the weights under HF Llama names and shapes (our own layout, so nothing is renamed or permuted; a tied model has
 * no `lm_head.weight`, which `tie_word_embeddings` tells transformers to take from the embedding), the config,
 * the tokenizer files, and, when given, `parity.json` for scripts/device/hf-parity.py (a sampler's weight sync
 * writes none).
 */
export async function writeHfExport(
  dir: string,
  options: { config: ModelConfig; params: Float32Array; parity?: ParityRecord },
): Promise<void> {
  const { config, params, parity } = options;
  const tensors = paramLayout(config).tensors.map((t) => ({
    name: t.name,
    shape: t.shape,
    data: params.subarray(t.offset, t.offset + t.size),
  }));
  const contents: Record<(typeof hfExportFiles)[number], string | Uint8Array | undefined> = {
    'model.safetensors': encodeSafetensors(tensors, { format: 'pt' }),
    'config.json': json(hfLlamaConfig(config)),
    'generation_config.json': json(hfGenerationConfig(config.vocabSize)),
    'tokenizer.json': json(hfTokenizerJson(config.vocabSize)),
    'tokenizer_config.json': json(hfTokenizerConfig(config.context)),
    'special_tokens_map.json': json(hfSpecialTokensMap()),
    'parity.json': parity && `${JSON.stringify(parity)}\n`,
  };
  for (const name of hfExportFiles) {
    const data = contents[name];
    if (data !== undefined) await writeAtomic(join(dir, name), data);
  }
}

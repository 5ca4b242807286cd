import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createEndpointPolicy,
  guidedKinds,
  createWeightSync,
  parseWeightSyncConfig,
  type WeightSyncConfigInput,
} from '../llm/index.ts';
import { type LmModel, saveCheckpoint } from '../lm/index.ts';
import { writeHfExport } from '../export/model/index.ts';
import { choiceMask } from '../rollout/lm-policy.ts';
import type { ObservationFormat } from '../spec/game-text.ts';
import type { Policy } from '../spec/policy.ts';

/** The live policy played by a server, and the sync that keeps its weights the learner's. */
export interface RemoteSampler {
  readonly policy: Policy;
  /** Pushes `model`'s weights to the server unless it already plays `version` (the learner's step count). */
  sync(model: LmModel, version: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * The trainer's sampler behind an OpenAI-compatible server (`--sampler SPEC --sync METHOD`): the live seats play
 * through it — with the server's guided decoding to the legal moves when the run decodes legally, so it samples the
 * in-process policy's distribution — and before every step that plays games the trainer writes the learner's newest
 * weights to a folder and has the server load them (llm/weight-sync.ts): a checkpoint for `reload` (selfplay serve),
 * a Hugging Face model folder (`export-model --format hf`'s files) for `full` (vLLM, SGLang). The folder must be readable by the
 * server: the same machine or a shared filesystem. The run's `sampler_logprob_gap` shows whether the server really
 * plays the weights that learn.
 */
export async function createRemoteSampler(options: {
  settings: WeightSyncConfigInput;
  decoding: 'legal' | 'free';
  /** The run's sampling temperature; it replaces the spec's, as the in-process policy samples at it. */
  temperature: number;
  /** The most tokens an answer may take, EOS included; it replaces the spec's max_tokens when given. */
  maxTokens?: number;
  format: ObservationFormat;
  /** Where the weights go for the server to read (default: a fresh temporary folder, removed on close). */
  dir?: string;
}): Promise<RemoteSampler> {
  const config = parseWeightSyncConfig(options.settings);
  if (config.sync === 'lora') {
    throw new RangeError(
      '--sync lora: the built-in LM trains all its weights and writes no LoRA adapter; use reload (selfplay serve) or full',
    );
  }
  const legal = options.decoding === 'legal';
  if (legal && !guidedKinds.includes(config.sampler.kind)) {
    throw new RangeError(
      `--sampler kind=${config.sampler.kind}: rollout.decoding legal plays through guided decoding, which needs kind ${guidedKinds.join(', ')} (selfplay serve takes kind=vllm), or set rollout.decoding=free`,
    );
  }
  const endpoint = await createEndpointPolicy({
    ...config.sampler,
    ...(legal ? { decoding: 'guided' as const } : {}),
    sampling: {
      ...config.sampler.sampling,
      temperature: options.temperature,
      ...(options.maxTokens === undefined ? {} : { maxTokens: options.maxTokens }),
    },
    format: options.format,
  });
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'selfplay-sampler-')));
  const weightSync = createWeightSync({ config });
  let pushed: number | undefined;
  const policy: Policy = {
    name: endpoint.name,
    ...(endpoint.answers ? { answers: endpoint.answers } : {}),
    format: options.format,
    async act(request) {
      const response = await endpoint.act(request);
      const ids = response.completionTokenIds;
      if (!ids || !response.completionLogprobs || !response.promptTokenIds) {
        throw new Error(
          `the sampler at ${config.sampler.baseUrl} answered without token ids and log-probs; training needs both (kind=vllm or sglang, or selfplay serve)`,
        );
      }
      // Guided decoding forced the tokens where no choice was left, as constrained decoding in process does.
      return legal ? { ...response, completionChoiceMask: choiceMask(ids, request.legal) } : response;
    },
  };
  return {
    policy,
    async sync(model, version) {
      if (pushed === version) return;
      const weights = { config: model.config, params: model.params().slice() };
      // vLLM and SGLang reload a Hugging Face model folder; selfplay serve reloads a checkpoint.
      if (config.sync === 'full') await writeHfExport(dir, weights);
      else await saveCheckpoint(dir, weights);
      await weightSync.push({ path: dir, version: String(version) });
      pushed = version;
    },
    async close() {
      await endpoint.close?.();
      if (!options.dir) await rm(dir, { recursive: true, force: true });
    },
  };
}

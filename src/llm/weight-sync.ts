import { z } from 'zod';
import { createEndpointPost, type EndpointTransportDeps } from './endpoint-post.ts';
import { hintForStatus, LlmApiError } from './llm-api-error.ts';
import { type JsonReply, parseJsonReply } from './post-json.ts';
import { createSemaphore } from './semaphore.ts';
import type { WeightSyncConfig, WeightSyncMethod } from './weight-sync-config.ts';

/** New weights the trainer has written, for the sampler to load. */
export interface WeightUpdate {
  /**
   * A folder the sampler's machine can read: a `selfplay` checkpoint or run folder (`reload`), a PEFT adapter folder
   * (`lora`), a Hugging Face model folder (`full`).
   */
  readonly path: string;
  /** A label for these weights, e.g. `step-120`; sent where the server keeps one (selfplay, SGLang). */
  readonly version?: string;
}

export interface WeightSyncResult {
  readonly method: WeightSyncMethod;
  /** The last URL posted to. */
  readonly url: string;
  /** The version the server says answers now, where it says one (`selfplay serve`'s `weight_version`). */
  readonly version?: string;
}

/** Pushes new weights to one sampler after each trainer step. */
export interface WeightSync {
  readonly config: WeightSyncConfig;
  push(update: WeightUpdate, signal?: AbortSignal): Promise<WeightSyncResult>;
}

/** The sampler did not take the weights; the message names the server, what it answered and how to fix it. */
export class WeightSyncError extends Error {
  override readonly name = 'WeightSyncError';
  constructor(
    readonly url: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const selfplayReloadReply = z.object({ weight_version: z.string(), reloads: z.int().nonnegative() });
// SGLang answers {success, message} (weights) or {success, error_message} (adapters); a failure is usually a 400.
const sglangReply = z.object({
  success: z.boolean(),
  message: z.string().nullish(),
  error_message: z.string().nullish(),
});

/**
 * A sync client for the sampler the config names. Every request goes through the endpoint's POST (its key, retries
 * with backoff and `retry-after`), so a server that is briefly busy loading is retried, not reported.
 */
export function createWeightSync(options: { config: WeightSyncConfig; deps?: EndpointTransportDeps }): WeightSync {
  const { config } = options;
  const endpoint = { ...config.sampler, timeoutMs: config.timeoutMs };
  // Its own limiter: a sync must not queue behind the rollouts' requests to the same server.
  const deps = { ...options.deps, limiter: options.deps?.limiter ?? createSemaphore(1) };
  const root = serverRoot(config.sampler.baseUrl);
  const kind = config.sampler.kind;

  const post = async (path: string, body: Record<string, unknown>, signal?: AbortSignal) => {
    const url = `${root}${path}`;
    try {
      return await createEndpointPost({ config: endpoint, url, deps }).post(body, signal);
    } catch (error) {
      if (error instanceof LlmApiError) throw syncError(config, error);
      throw error;
    }
  };
  const parse = <T>(reply: JsonReply, secrets: readonly string[], schema: z.ZodType<T>): T => {
    try {
      return parseJsonReply(reply, schema, secrets);
    } catch (error) {
      if (error instanceof LlmApiError) throw syncError(config, error);
      throw error;
    }
  };
  const sglangOk = (reply: JsonReply, secrets: readonly string[]): void => {
    const body = parse(reply, secrets, sglangReply);
    if (!body.success) {
      const said = body.error_message ?? body.message ?? 'no reason given';
      throw new WeightSyncError(reply.url, `${failedSync(config)}: ${reply.url} answered success: false: ${said}`);
    }
  };

  // Loading under a name already taken fails on SGLang and older vLLM: then drop the old adapter and load again.
  const loadAdapter = async (update: WeightUpdate, signal?: AbortSignal) => {
    const prefix = kind === 'vllm' ? '/v1' : '';
    const load = {
      lora_name: config.loraName,
      lora_path: update.path,
      ...(kind === 'vllm' ? { load_inplace: true } : {}),
    };
    try {
      return await post(`${prefix}/load_lora_adapter`, load, signal);
    } catch (error) {
      const cause = error instanceof WeightSyncError ? error.cause : undefined;
      if (!(cause instanceof LlmApiError && cause.status === 400 && /already/i.test(cause.bodyExcerpt ?? ''))) {
        throw error;
      }
      await post(`${prefix}/unload_lora_adapter`, { lora_name: config.loraName }, signal);
      return post(`${prefix}/load_lora_adapter`, load, signal);
    }
  };

  const push = async (update: WeightUpdate, signal?: AbortSignal): Promise<WeightSyncResult> => {
    if (update.path.trim() === '')
      throw new RangeError('weight sync needs the folder of the new weights; path is empty');
    const version = update.version === undefined ? {} : { weight_version: update.version };
    switch (config.sync) {
      case 'reload': {
        const { reply, secrets } = await post('/v1/reload', { checkpoint: update.path, ...version }, signal);
        const body = parse(reply, secrets, selfplayReloadReply);
        return { method: 'reload', url: reply.url, version: body.weight_version };
      }
      case 'lora': {
        const { reply, secrets } = await loadAdapter(update, signal);
        if (kind === 'sglang') sglangOk(reply, secrets);
        return { method: 'lora', url: reply.url };
      }
      case 'full': {
        if (kind === 'sglang') {
          const { reply, secrets } = await post(
            '/update_weights_from_disk',
            { model_path: update.path, ...version },
            signal,
          );
          sglangOk(reply, secrets);
          return { method: 'full', url: reply.url };
        }
        // Needs a vLLM whose workers' reload_weights takes weights_path; collective_rpc passes string arguments only.
        const rpc = { method: 'reload_weights', kwargs: { weights_path: update.path } };
        const { reply } = await post('/collective_rpc', rpc, signal);
        return { method: 'full', url: reply.url };
      }
      default:
        return config.sync satisfies never;
    }
  };
  return { config, push };
}

/** The server's root: the base URL without its `/v1`, where SGLang's and vLLM's control routes live. */
export function serverRoot(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '').replace(/\/v1$/, '');
}

function failedSync(config: WeightSyncConfig): string {
  return `weight sync "${config.sync}" to the ${config.sampler.kind} sampler at ${config.sampler.baseUrl} failed`;
}

function syncError(config: WeightSyncConfig, error: LlmApiError): WeightSyncError {
  // The body is shown when the message lacks the server's own reason (SGLang's `error_message`, plain text, no JSON).
  const reasonShown = /answered \d{3}[^:]*: /.test(error.options.message);
  const said = error.bodyExcerpt && !reasonShown ? ` (body: ${error.bodyExcerpt})` : '';
  const tries = error.attempts > 1 ? ` after ${error.attempts} attempts` : '';
  const hint = syncHint(config, error);
  return new WeightSyncError(error.url, `${failedSync(config)}${tries}: ${error.options.message}${said}; ${hint}`, {
    cause: error,
  });
}

/** How to fix a failed sync, by method, server kind and status; faults of the connection keep their own hint. */
function syncHint(config: WeightSyncConfig, error: LlmApiError): string {
  const { status } = error;
  if (error.reason === 'invalid-json' || error.reason === 'invalid-response') {
    return config.sync === 'reload'
      ? 'the server is not selfplay serve: sync reload needs `selfplay serve`; for vLLM or SGLang use sync lora or full'
      : `check that the sampler spec's kind (${config.sampler.kind}) is the server's`;
  }
  if (status === undefined) return error.hint;
  if (status === 401 || status === 403 || status === 429 || status >= 500) {
    if (config.sync === 'full' && config.sampler.kind === 'vllm' && status >= 500) {
      return "vLLM's workers failed to reload_weights (see the server log); vLLM versions whose reload_weights takes no weights_path cannot load another folder: restart the server, or use sync lora";
    }
    return hintForStatus(status, { apiKeyEnv: config.sampler.apiKeyEnv, model: config.sampler.model });
  }
  switch (`${config.sync}:${config.sampler.kind}:${status === 404 ? 404 : 400}`) {
    case 'reload:vllm:404':
    case 'reload:openai:404':
      return 'the server has no POST /v1/reload: sync reload needs `selfplay serve`; for vLLM or SGLang use sync lora or full';
    case 'lora:vllm:404':
      return 'vLLM mounts /v1/load_lora_adapter only when started with --enable-lora and VLLM_ALLOW_RUNTIME_LORA_UPDATING=True';
    case 'full:vllm:404':
      return 'vLLM mounts /collective_rpc only with VLLM_SERVER_DEV_MODE=1 (no auth there: bind it to loopback)';
    case 'lora:sglang:404':
    case 'full:sglang:404':
      return "no such route: check that the server is SGLang and the spec's URL is its address";
    case 'lora:vllm:400':
    case 'lora:sglang:400':
      return "the server refused the adapter: the path must be a PEFT folder (adapter_config.json + adapter_model.safetensors) on the server's machine, its rank within the server's --max-lora-rank, and SGLang must run with LoRA enabled";
    case 'full:sglang:400':
      return "SGLang could not load the folder: it must hold Hugging Face weights of the served model's architecture, on the server's machine";
    default:
      return config.sync === 'reload'
        ? "the server refused the checkpoint: the path must be on the server's machine and hold a checkpoint with the served model's config"
        : error.hint;
  }
}

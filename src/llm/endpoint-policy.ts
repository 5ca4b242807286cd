import { setMaxListeners } from 'node:events';
import type { ActRequest, Policy } from '../spec/policy.ts';
import { createRng } from '../util/rng.ts';
import {
  type EndpointConfig,
  EndpointConfigError,
  type EndpointConfigInput,
  parseEndpointConfig,
  readApiKey,
} from './endpoint-config.ts';
import { LlmApiError } from './llm-api-error.ts';
import { chatReplySchema, completionReplySchema } from './openai-schemas.ts';
import { parseJsonReply, postJson } from './post-json.ts';
import { defaultTemplateName, type PromptTemplate, renderPrompt } from './prompt-templates.ts';
import { type EndpointActResponse, readChatReply, readCompletionReply } from './read-reply.ts';
import { buildRequestBody, endpointUrl } from './request-body.ts';
import { realSleep, retryWithBackoff, type Sleep } from './retry.ts';
import { createSemaphore, type Semaphore } from './semaphore.ts';
import { resolveTemplate, validateTemplate } from './template-file.ts';

/** Everything an endpoint policy reaches outside itself, injectable for tests and for sharing. */
export interface EndpointPolicyDeps {
  /** Shown in transcripts and tables; default `<model> @ <baseUrl>`. */
  readonly name?: string;
  readonly fetch?: typeof globalThis.fetch;
  readonly sleep?: Sleep;
  /** Wall clock in ms, for `retry-after` dates. */
  readonly now?: () => number;
  /** Jitter source in [0, 1); default a fixed-seed RNG (jitter needs spread, not secrecy or reproducibility). */
  readonly random?: () => number;
  /** Where the API key is looked up; default `process.env`, read on every request. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** A limiter shared with other policies on the same server; default one of `maxConcurrency` slots. */
  readonly limiter?: Semaphore;
  /** A template object instead of `config.template`. */
  readonly template?: PromptTemplate;
  readonly readFile?: (path: string) => Promise<string>;
}

/** A `Policy` whose answers carry the endpoint's extras, and whose `close()` is always there. */
export interface EndpointPolicy extends Policy {
  readonly config: EndpointConfig;
  readonly template: PromptTemplate;
  readonly limiter: Semaphore;
  act(request: ActRequest): Promise<EndpointActResponse>;
  close(): Promise<void>;
}

const jitterSeed = 0x6a177e5;
// Seeds sent to servers stay below 2^31: llama.cpp and some others store them in a signed 32-bit int.
const seedRange = 2 ** 31 - 1;

/**
 * A `Policy` backed by an OpenAI-compatible endpoint (vLLM, SGLang, llama.cpp, Ollama, a hosted API). Each turn
 * renders the prompt template, POSTs /chat/completions or /completions under the endpoint's concurrency limit,
 * retries retryable failures with backoff, validates the reply and returns its full text for the game to parse,
 * plus token ids, log-probs, reasoning, finish reason and usage where the server reports them. A server that stays
 * down throws `LlmApiError`; `close()` aborts requests in flight and refuses new ones.
 */
export async function createEndpointPolicy(
  input: EndpointConfigInput | EndpointConfig,
  deps: EndpointPolicyDeps = {},
): Promise<EndpointPolicy> {
  const config = parseEndpointConfig(input);
  const template = validateTemplate(
    deps.template ??
      (await resolveTemplate({
        template: config.template ?? defaultTemplateName(config.api),
        ...(deps.readFile ? { readFile: deps.readFile } : {}),
      })),
  );
  if (config.api === 'completions' && template.kind === 'chat') {
    throw new EndpointConfigError(
      `template "${template.name}" is a chat template (system/user messages) but api is completions; use api=chat or a text template such as spiral-qwen3`,
    );
  }
  const url = endpointUrl(config);
  const limiter = deps.limiter ?? createSemaphore(config.maxConcurrency);
  const sleep = deps.sleep ?? realSleep;
  const now = deps.now ?? Date.now;
  const random = deps.random ?? createRng(jitterSeed).next;
  const env = deps.env ?? process.env;
  const lifetime = new AbortController();
  // Every in-flight request listens on it: no cap, or 11 concurrent requests print a leak warning.
  setMaxListeners(0, lifetime.signal);
  const context = { apiKeyEnv: config.apiKeyEnv, model: config.model };

  const apiKey = () => readApiKey(config, env);

  const act = async (request: ActRequest): Promise<EndpointActResponse> => {
    lifetime.signal.throwIfAborted();
    const signal = request.signal ? AbortSignal.any([lifetime.signal, request.signal]) : lifetime.signal;
    const prompt = renderPrompt(template, request);
    const { seed: seedOption } = config.sampling;
    const seed = seedOption === 'none' ? undefined : seedOption === 'episode' ? request.rng.int(seedRange) : seedOption;
    const key = apiKey();
    const secrets = key ? [key] : [];
    const body = buildRequestBody({ config, prompt, seed });
    const reply = await retryWithBackoff(
      () =>
        limiter.run(
          () =>
            postJson({
              url,
              body,
              headers: key ? { authorization: `Bearer ${key}` } : {},
              timeoutMs: config.timeoutMs,
              signal,
              ...(deps.fetch ? { fetch: deps.fetch } : {}),
              now,
              secrets,
              context,
            }),
          signal,
        ),
      {
        ...config.retry,
        random,
        sleep,
        signal,
        isRetryable: (e) => e instanceof LlmApiError && e.isRetryable,
        retryAfterMs: (e) => (e instanceof LlmApiError ? e.retryAfterMs : undefined),
        giveUp: (e, attempts) => (e instanceof LlmApiError ? e.withAttempts(attempts) : e),
      },
    );
    const read =
      config.api === 'chat'
        ? readChatReply(parseJsonReply(reply, chatReplySchema, secrets))
        : readCompletionReply(parseJsonReply(reply, completionReplySchema, secrets));
    return { ...read, prompt };
  };

  return {
    name: deps.name ?? `${config.model} @ ${config.baseUrl}`,
    config,
    template,
    limiter,
    act,
    close: async () => {
      if (lifetime.signal.aborted) return;
      lifetime.abort(
        new LlmApiError({
          reason: 'closed',
          message: `the policy for ${config.model} at ${config.baseUrl} was closed`,
          url,
          isRetryable: false,
          hint: 'create a new policy to keep playing',
        }),
      );
    },
  };
}

import { setMaxListeners } from 'node:events';
import type { ActRequest, Policy } from '../spec/policy.ts';
import {
  type EndpointConfig,
  EndpointConfigError,
  type EndpointConfigInput,
  parseEndpointConfig,
} from './endpoint-config.ts';
import { createEndpointPost, type EndpointTransportDeps } from './endpoint-post.ts';
import { LlmApiError } from './llm-api-error.ts';
import { chatReplySchema, completionReplySchema } from './openai-schemas.ts';
import { parseJsonReply } from './post-json.ts';
import { defaultTemplateName, type PromptTemplate, renderPrompt } from './prompt-templates.ts';
import { type EndpointActResponse, readChatReply, readCompletionReply } from './read-reply.ts';
import { buildRequestBody, endpointUrl } from './request-body.ts';
import type { Semaphore } from './semaphore.ts';
import { resolveTemplate, validateTemplate } from './template-file.ts';

/** Everything an endpoint policy reaches outside itself, injectable for tests and for sharing. */
export interface EndpointPolicyDeps extends EndpointTransportDeps {
  /** Shown in transcripts and tables; default `<model> @ <baseUrl>`. */
  readonly name?: string;
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
  const { post, limiter } = createEndpointPost({ config, url, deps });
  const lifetime = new AbortController();
  // Every in-flight request listens on it: no cap, or 11 concurrent requests print a leak warning.
  setMaxListeners(0, lifetime.signal);

  const act = async (request: ActRequest): Promise<EndpointActResponse> => {
    lifetime.signal.throwIfAborted();
    const signal = request.signal ? AbortSignal.any([lifetime.signal, request.signal]) : lifetime.signal;
    const prompt = renderPrompt(template, request);
    const { seed: seedOption } = config.sampling;
    const seed = seedOption === 'none' ? undefined : seedOption === 'episode' ? request.rng.int(seedRange) : seedOption;
    const { reply, secrets } = await post(buildRequestBody({ config, prompt, seed, legal: request.legal }), signal);
    const read =
      config.api === 'chat'
        ? readChatReply(parseJsonReply(reply, chatReplySchema, secrets))
        : readCompletionReply(parseJsonReply(reply, completionReplySchema, secrets));
    return { ...read, prompt };
  };

  return {
    name: deps.name ?? `${config.model} @ ${config.baseUrl}`,
    answers: config.answers,
    ...(config.format ? { format: config.format } : {}),
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

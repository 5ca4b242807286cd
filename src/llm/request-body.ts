import type { EndpointConfig } from './endpoint-config.ts';
import { asMessages, type RenderedPrompt } from './prompt-templates.ts';
import { captureFields, guidedFields, neutralSamplerFields } from './server-fields.ts';

export interface RequestBodyOptions {
  readonly config: EndpointConfig;
  readonly prompt: RenderedPrompt;
  /** The seed for this request, or undefined to send none. */
  readonly seed: number | undefined;
  /** The legal move strings, sent as the server's constraint when the config asks for guided decoding. */
  readonly legal?: readonly string[];
}

/** The path appended to the base URL for the configured API. */
export function endpointPath(config: EndpointConfig): string {
  return config.api === 'chat' ? '/chat/completions' : '/completions';
}

/** The full URL, tolerating a base URL with or without a trailing slash. */
export function endpointUrl(config: EndpointConfig): string {
  return `${config.baseUrl.replace(/\/+$/, '')}${endpointPath(config)}`;
}

/**
 * The JSON body: model, prompt or messages, sampling, then the kind's sampler, capture and (guided) constraint
 * fields, then `extraBody` last so a user can override any of them. Never streams: one reply per turn is all a game needs.
 */
export function buildRequestBody(options: RequestBodyOptions): Record<string, unknown> {
  const { config, prompt, seed } = options;
  const { sampling } = config;
  const input =
    config.api === 'chat'
      ? { messages: asMessages(prompt) }
      : { prompt: prompt.kind === 'text' ? prompt.text : promptFromChat(prompt) };
  return {
    model: config.model,
    ...input,
    temperature: sampling.temperature,
    top_p: sampling.topP,
    max_tokens: sampling.maxTokens,
    ...(seed === undefined ? {} : { seed }),
    ...(sampling.stop ? { stop: sampling.stop } : {}),
    n: 1,
    stream: false,
    ...neutralSamplerFields(config.kind),
    ...(config.capture === 'auto' ? captureFields(config.kind, config.api) : {}),
    ...(config.decoding === 'guided' && options.legal ? guidedFields(config.kind, options.legal) : {}),
    ...config.extraBody,
  };
}

// Creating a policy rejects a chat template on the completions API, so this only guards against misuse.
function promptFromChat(prompt: RenderedPrompt): never {
  throw new TypeError(`a chat prompt (${prompt.kind}) cannot be sent to /completions; use a text template`);
}

import type { EndpointApi, ServerKind } from './endpoint-config.ts';

/**
 * Extra request fields that make each server return completion token ids and per-token log-probs
 * (research/interop.md §1.2–1.6). Only the sampled token's log-prob is asked for; top alternatives are not needed.
 * `openai` gets none: a generic or hosted server may reject unknown fields, and some hosted models reject
 * `logprobs`, so capture there is opt-in through `extraBody`.
 */
export function captureFields(kind: ServerKind, api: EndpointApi): Record<string, unknown> {
  switch (kind) {
    case 'vllm':
      // `return_token_ids` adds `token_ids` (and `prompt_token_ids`); older builds only honour
      // `return_tokens_as_token_ids`, which spells each logprob token as "token_id:<id>". Completions `logprobs: 0`
      // means "the sampled token only".
      return api === 'chat'
        ? { logprobs: true, top_logprobs: 0, return_token_ids: true, return_tokens_as_token_ids: true }
        : { logprobs: 0, return_token_ids: true, return_tokens_as_token_ids: true };
    case 'sglang':
      // The OpenAI routes return log-probs but no token ids; ids need the native /generate route (not used here).
      return api === 'chat' ? { logprobs: true, top_logprobs: 0 } : { logprobs: 1 };
    case 'llama.cpp':
      // `n_probs` and `return_tokens` are llama-server's own fields (tools/server/README.md); it also reads the
      // OpenAI `logprobs` flag on its /v1 routes; `top_logprobs: 1` keeps n_probs ≥ 1 whichever of the two fields a
      // given server version reads on the chat route.
      return api === 'chat'
        ? { logprobs: true, top_logprobs: 1, n_probs: 1, return_tokens: true }
        : { logprobs: 1, n_probs: 1, return_tokens: true };
    case 'ollama':
      // Ollama returns log-probs (since late 2025) but never token ids.
      return api === 'chat' ? { logprobs: true, top_logprobs: 0 } : { logprobs: 1 };
    case 'openai':
      return {};
    default:
      return kind satisfies never;
  }
}

/**
 * Sampler fields that switch off server-side defaults which would make the configured temperature/top_p not the
 * whole story (interop.md §1.3–1.4, §7): llama.cpp samples with top-k 40, min-p 0.05 and a repeat penalty unless
 * told otherwise; SGLang takes defaults from the model's generation_config. vLLM's `top_k` "off" value differs
 * between versions (0 or −1), so nothing is sent there; set it through `extraBody` if the model's
 * generation_config sets one.
 */
export function neutralSamplerFields(kind: ServerKind): Record<string, unknown> {
  switch (kind) {
    case 'llama.cpp':
      return { top_k: 0, min_p: 0, repeat_penalty: 1 };
    case 'sglang':
      return { top_k: -1, min_p: 0 };
    case 'vllm':
    case 'ollama':
    case 'openai':
      return {};
    default:
      return kind satisfies never;
  }
}

/**
 * Fields that make the server decode only one of `choices` (research/interop.md §1): vLLM's `guided_choice` (also
 * what `selfplay serve` reads), SGLang's `regex` over the escaped strings, llama.cpp's GBNF `grammar`. Other kinds
 * have none; the endpoint config refuses `decoding=guided` for them.
 */
export function guidedFields(kind: ServerKind, choices: readonly string[]): Record<string, unknown> {
  switch (kind) {
    case 'vllm':
      return { guided_choice: [...choices] };
    case 'sglang':
      return { regex: choices.map((c) => c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|') };
    case 'llama.cpp':
      return { grammar: `root ::= ${choices.map((c) => JSON.stringify(c)).join(' | ')}` };
    case 'openai':
    case 'ollama':
      return {};
    default:
      return kind satisfies never;
  }
}

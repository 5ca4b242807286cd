import type { EndpointConfig } from './endpoint-config.ts';
import { createEndpointPost, type EndpointTransportDeps } from './endpoint-post.ts';
import { LlmApiError } from './llm-api-error.ts';
import { parseJsonReply } from './post-json.ts';
import {
  echoCompletionLogprob,
  echoReplySchema,
  promptLogprobsCompletionLogprob,
  promptLogprobsReplySchema,
  ScoringUnsupportedError,
} from './scoring-reply.ts';

/**
 * `echo`: legacy completions `echo: true, logprobs: 0, max_tokens: 0` (OpenAI's older models, vLLM, `selfplay
 * serve`); `prompt-logprobs`: vLLM's `prompt_logprobs: 0` with `max_tokens: 1`; `auto`: echo first, and the
 * prompt-logprobs form when the server rejects or ignores echo.
 */
export const scoringModes = ['auto', 'echo', 'prompt-logprobs'] as const;
export type ScoringMode = (typeof scoringModes)[number];

export type CompletionScorerDeps = EndpointTransportDeps;

export interface CompletionScorer {
  /** log p(completion | prompt): the sum over the server's tokens of `completion` appended to `prompt`. */
  score(prompt: string, completion: string, signal?: AbortSignal): Promise<number>;
  /** The form in use: fixed once the first request succeeds. */
  readonly mode: ScoringMode;
  /** HTTP requests sent so far (retries and the echo probe included). */
  readonly requests: number;
}

/**
 * Teacher-forced scoring against an OpenAI-compatible /completions route: sends `prompt + completion` as the prompt
 * and sums the log-probs of the tokens that belong to `completion`. Retries like the endpoint policy does; a server
 * that cannot score this way throws `ScoringUnsupportedError` (and `LlmApiError` for HTTP faults).
 */
export function createCompletionScorer(
  options: { config: EndpointConfig; mode?: ScoringMode },
  deps: CompletionScorerDeps = {},
): CompletionScorer {
  const { config } = options;
  const url = `${config.baseUrl.replace(/\/+$/, '')}/completions`;
  let mode: ScoringMode = options.mode ?? 'auto';
  let requests = 0;
  // While the form is unknown, one request finds it and the others wait for the answer.
  let probing: Promise<void> | undefined;
  const { post: postRaw } = createEndpointPost({ config, url, deps, onAttempt: () => requests++ });
  const post = (body: Record<string, unknown>, signal: AbortSignal | undefined) =>
    postRaw({ ...body, ...config.extraBody }, signal);

  const scoreEcho = async (prompt: string, completion: string, signal?: AbortSignal): Promise<number> => {
    const fullText = prompt + completion;
    const body = { model: config.model, prompt: fullText, echo: true, logprobs: 0, max_tokens: 0, temperature: 1 };
    const { reply, secrets } = await post(body, signal);
    return echoCompletionLogprob(parseJsonReply(reply, echoReplySchema, secrets), fullText, prompt.length);
  };

  const scorePromptLogprobs = async (prompt: string, completion: string, signal?: AbortSignal): Promise<number> => {
    const body = {
      model: config.model,
      prompt: prompt + completion,
      prompt_logprobs: 0,
      max_tokens: 1,
      temperature: 1,
    };
    const { reply, secrets } = await post(body, signal);
    return promptLogprobsCompletionLogprob(parseJsonReply(reply, promptLogprobsReplySchema, secrets), completion);
  };

  // Echo first; a refusal (400, 422), a reply without log-probs or one that cannot be aligned moves to prompt_logprobs.
  // A merged token is a property of the tokeniser, which the other form shares, so it is not retried that way.
  const probe = async (prompt: string, completion: string, signal?: AbortSignal): Promise<number> => {
    try {
      const lp = await scoreEcho(prompt, completion, signal);
      mode = 'echo';
      return lp;
    } catch (echoError) {
      if (!echoRefused(echoError)) throw echoError;
      try {
        const lp = await scorePromptLogprobs(prompt, completion, signal);
        mode = 'prompt-logprobs';
        return lp;
      } catch (error) {
        if (!echoRefused(error)) throw error;
        throw new ScoringUnsupportedError(
          `${config.baseUrl} scores neither with echo (${(echoError as Error).message}) nor with prompt_logprobs ` +
            `(${(error as Error).message}); use --method sampled for this server`,
          'no-logprobs',
          { cause: error },
        );
      }
    }
  };

  const score = async (prompt: string, completion: string, signal?: AbortSignal): Promise<number> => {
    if (mode === 'auto') {
      if (probing) {
        await probing;
        return score(prompt, completion, signal);
      }
      const first = probe(prompt, completion, signal);
      // A failed probe (server down) leaves the form unknown: the next waiter probes again.
      probing = first.then(
        () => undefined,
        () => {
          probing = undefined;
        },
      );
      return first;
    }
    return mode === 'echo' ? scoreEcho(prompt, completion, signal) : scorePromptLogprobs(prompt, completion, signal);
  };

  return {
    score: (prompt, completion, signal) => {
      if (completion.length === 0) throw new RangeError('the completion to score is empty');
      return score(prompt, completion, signal);
    },
    get mode() {
      return mode;
    },
    get requests() {
      return requests;
    },
  };
}

function echoRefused(error: unknown): boolean {
  if (error instanceof ScoringUnsupportedError) return error.problem !== 'merged-tokens';
  return (
    error instanceof LlmApiError &&
    (error.reason === 'invalid-response' || error.status === 400 || error.status === 422)
  );
}

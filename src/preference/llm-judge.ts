import { setMaxListeners } from 'node:events';
import { type EndpointConfig, parseEndpointSpec, parseJsonReply, type PromptTemplate } from '../llm/index.ts';
import { createEndpointPost, type EndpointTransportDeps } from '../llm/endpoint-post.ts';
import { buildRequestBody, endpointUrl } from '../llm/request-body.ts';
import { renderJudgePrompt, resolveJudgeTemplate } from './judge-template.ts';
import { readVerdict, verdictAlternatives, verdictLogprobFields, verdictReplySchema } from './judge-verdict.ts';

/** How many alternatives of the verdict token to ask for: a working judge puts A and B on top, 5 leaves room. */
export const defaultJudgeTopLogprobs = 5;

export interface LlmJudgeStats {
  /** HTTP requests sent, retries included. */
  readonly requests: number;
  /** Verdicts read: two per judged pair, one per order. */
  readonly verdicts: number;
  /** Verdicts with neither A nor B among the returned alternatives; each counted as ½. */
  readonly invalidVerdicts: number;
  /** Distinct unordered pairs judged; asking again costs nothing. */
  readonly pairs: number;
}

/** A pairwise judge over an OpenAI-compatible endpoint (docs/recipes.md, "An LLM judge"). */
export interface LlmJudge {
  /** `<model> @ <baseUrl>`, for listings. */
  readonly name: string;
  readonly config: EndpointConfig;
  readonly template: PromptTemplate;
  /** P(a ≻ b) as answers to `prompt`: both orders asked once per unordered pair, ½[P_ab(A) + 1 − P_ba(A)]. */
  prefer(prompt: string, a: string, b: string): Promise<number>;
  stats(): LlmJudgeStats;
  /** Aborts the requests in flight; later calls fail. */
  close(): void;
}

/** The judge cannot give verdicts: the server stayed down, or replies without the log-probs a verdict is read from. */
export class LlmJudgeError extends Error {
  override readonly name = 'LlmJudgeError';
}

export interface LlmJudgeOptions {
  /** `openai:URL#MODEL?…` (its `template=FILE` is the judge's template), or a parsed endpoint config. */
  readonly endpoint: string | EndpointConfig;
  /** Alternatives asked for per verdict (`top_logprobs`); default 5. */
  readonly topLogprobs?: number;
  /** Aborts every request of the judge. */
  readonly signal?: AbortSignal;
}

export interface LlmJudgeDeps extends EndpointTransportDeps {
  readonly readFile?: (path: string) => Promise<string>;
}

/**
 * Renders the pairwise prompt, asks the endpoint for one token with its top log-probs and reads P(A) from the
 * verdict token's alternatives (`readVerdict`). Each unordered pair is judged in both orders, once: the average
 * cancels a judge's position bias. The endpoint's own concurrency limit and retries apply (`max_concurrency`,
 * `max_attempts`); a server that stays down throws `LlmJudgeError` with the last failure as its cause.
 */
export async function createLlmJudge(options: LlmJudgeOptions, deps: LlmJudgeDeps = {}): Promise<LlmJudge> {
  const config = typeof options.endpoint === 'string' ? parseEndpointSpec(options.endpoint) : options.endpoint;
  const topLogprobs = options.topLogprobs ?? defaultJudgeTopLogprobs;
  const template = await resolveJudgeTemplate({
    api: config.api,
    template: config.template,
    ...(deps.readFile ? { readFile: deps.readFile } : {}),
  });
  const name = `${config.model} @ ${config.baseUrl}`;
  const counts = { requests: 0, verdicts: 0, invalidVerdicts: 0, pairs: 0 };
  const { post } = createEndpointPost({ config, url: endpointUrl(config), deps, onAttempt: () => counts.requests++ });
  const lifetime = new AbortController();
  // Every request in flight listens on it: no cap, or a dozen concurrent verdicts print a leak warning.
  setMaxListeners(0, lifetime.signal);
  const signal = options.signal ? AbortSignal.any([lifetime.signal, options.signal]) : lifetime.signal;
  // The endpoint's own body cut to one token; the sampled token's capture fields are not read, so none are sent.
  const bodyConfig: EndpointConfig = { ...config, capture: 'off', sampling: { ...config.sampling, maxTokens: 1 } };
  const seed = typeof config.sampling.seed === 'number' ? config.sampling.seed : undefined;

  /** P(the response in slot A wins), from one request. */
  const verdictForA = async (prompt: string, a: string, b: string): Promise<number> => {
    const body = {
      ...buildRequestBody({ config: bodyConfig, prompt: renderJudgePrompt(template, { prompt, a, b }), seed }),
      ...verdictLogprobFields(config.kind, config.api, topLogprobs),
      ...config.extraBody,
    };
    let alternatives;
    try {
      const { reply, secrets } = await post(body, signal);
      alternatives = verdictAlternatives(parseJsonReply(reply, verdictReplySchema, secrets));
    } catch (cause) {
      if (signal.aborted) throw signal.reason;
      throw new LlmJudgeError(`the LLM judge ${name} failed: ${(cause as Error).message}`, { cause });
    }
    if (!alternatives)
      throw new LlmJudgeError(
        `the LLM judge ${name} replied without top log-probs for its verdict token; use a server and model that ` +
          'return logprobs/top_logprobs (vLLM, SGLang, llama.cpp, OpenAI chat models without reasoning)',
      );
    counts.verdicts++;
    const verdict = readVerdict(alternatives);
    if (verdict.valid) return verdict.probabilityA;
    counts.invalidVerdicts++;
    return 0.5;
  };

  // P(first ≻ second) per (prompt, first, second) with first < second: one entry per unordered pair.
  const pairs = new Map<string, Promise<number>>();
  const judgePair = (prompt: string, first: string, second: string): Promise<number> => {
    const key = JSON.stringify([prompt, first, second]);
    let judged = pairs.get(key);
    if (!judged) {
      judged = Promise.all([verdictForA(prompt, first, second), verdictForA(prompt, second, first)]).then(
        ([ab, ba]) => {
          counts.pairs++;
          return (ab + 1 - ba) / 2;
        },
      );
      // A failed pair is asked again by the next caller rather than failing forever.
      judged.catch(() => pairs.delete(key));
      pairs.set(key, judged);
    }
    return judged;
  };

  return {
    name,
    config,
    template,
    prefer: async (prompt, a, b) => {
      signal.throwIfAborted();
      // Both orders of one response against itself are the same request: ½[p + 1 − p] = ½, asked of nobody.
      if (a === b) return 0.5;
      const inOrder = a < b;
      const p = await judgePair(prompt, inOrder ? a : b, inOrder ? b : a);
      return inOrder ? p : 1 - p;
    },
    stats: () => ({ ...counts }),
    close: () => {
      if (!lifetime.signal.aborted) lifetime.abort(new LlmJudgeError(`the LLM judge ${name} was closed`));
    },
  };
}

import { type EndpointConfig, guidedKinds, type ServerKind } from '../llm/endpoint-config.ts';
import { createEndpointPolicy, type EndpointPolicyDeps } from '../llm/endpoint-policy.ts';
import type { EndpointActResponse } from '../llm/read-reply.ts';
import type { GameInfo } from '../spec/game.ts';
import type { ActRequest } from '../spec/policy.ts';
import { createRng } from '../util/rng.ts';
import { type CheckResult, failed, messageOf, passed } from './check-result.ts';

export const captureCheckName = 'sampler token ids + log-probs';
export const guidedCheckName = 'sampler guided decoding';

// A short Kuhn-like turn: it fits the smallest built-in model's context, and its moves make a guided constraint.
const probeGame: GameInfo = {
  id: 'doctor-probe',
  title: 'Kuhn Poker',
  players: 2,
  zeroSum: true,
  perfectInformation: false,
  chance: true,
  maxTurns: 1,
  actionSpace: 'finite',
  returnRange: [-2, 2],
};
export const probeMoves = ['[check]', '[bet]'] as const;

/**
 * Sends one turn through the same client the trainer plays with (template, kind's fields, key, seed), shortened to a
 * few tokens and tried once: the doctor reports what the server does, it does not wait out a flaky one.
 */
async function probe(config: EndpointConfig, decoding: 'free' | 'guided', deps: EndpointPolicyDeps) {
  const policy = await createEndpointPolicy(
    {
      ...config,
      decoding,
      sampling: { ...config.sampling, maxTokens: Math.min(config.sampling.maxTokens, 16) },
      retry: { ...config.retry, maxAttempts: 1 },
    },
    deps,
  );
  const request: ActRequest = {
    game: probeGame,
    player: 0,
    observation: `Your card: K. Legal moves: ${probeMoves.join(' ')}`,
    legal: probeMoves,
    infoKey: 'doctor',
    rng: createRng(1),
  };
  try {
    return await policy.act(request);
  } finally {
    await policy.close();
  }
}

/** Training learns from the sampler's token ids and per-token log-probs (prompt ids included): all three must come back. */
export async function checkTokenCapture(config: EndpointConfig, deps: EndpointPolicyDeps = {}): Promise<CheckResult> {
  let reply: EndpointActResponse;
  try {
    reply = await probe(config, 'free', deps);
  } catch (error) {
    return failed(captureCheckName, `a one-turn request failed: ${messageOf(error)}`);
  }
  const ids = reply.completionTokenIds;
  const logprobs = reply.completionLogprobs;
  const missing = [
    ...(ids ? [] : ['completion token ids']),
    ...(logprobs ? [] : ['per-token log-probs']),
    ...(reply.promptTokenIds ? [] : ['prompt token ids']),
  ];
  if (missing.length > 0) {
    return failed(
      captureCheckName,
      `the reply has no ${missing.join(', no ')}; ${captureFix(config, logprobs !== undefined)}`,
    );
  }
  if (ids!.length !== logprobs!.length) {
    return failed(
      captureCheckName,
      `the reply has ${ids!.length} token ids but ${logprobs!.length} log-probs; they must align one to one (a server bug, or a kind= that is not the server's)`,
    );
  }
  return passed(
    captureCheckName,
    `${ids!.length} completion tokens with their log-probs, ${reply.promptTokenIds!.length} prompt token ids`,
  );
}

/** How to get token ids and log-probs from this kind of server; `hasLogprobs` narrows the advice to what is missing. */
function captureFix(config: EndpointConfig, hasLogprobs: boolean): string {
  if (config.capture === 'off') return 'the spec says capture=off, which asks for neither: remove it';
  const fixes: Record<ServerKind, string> = {
    openai:
      'kind=openai asks for neither: set kind= to the server, vllm for vLLM and selfplay serve (sglang, llama.cpp, ollama return log-probs but no token ids)',
    vllm: hasLogprobs
      ? 'vLLM returns token ids for return_token_ids from v0.10.2: upgrade it, or set kind= to what the server really is'
      : 'vLLM returns log-probs unless started with --max-logprobs 0: restart it without that, or set kind= to what the server really is',
    sglang:
      "SGLang's OpenAI routes return no token ids, which training needs: serve the model with vLLM (kind=vllm) for training",
    ollama: 'Ollama returns no token ids, which training needs: serve the model with vLLM (kind=vllm) for training',
    'llama.cpp':
      'llama-server returns them for return_tokens and n_probs: use a recent build, or serve the model with vLLM (kind=vllm)',
  };
  return fixes[config.kind];
}

/**
 * A request constrained to the probe's moves must answer exactly one of them. `why` says who needs guided decoding: the
 * spec (decoding=guided) or the trainer (its default rollout.decoding legal sends the legal moves as a constraint).
 */
export async function checkGuidedDecoding(
  config: EndpointConfig,
  why: 'spec' | 'trainer',
  deps: EndpointPolicyDeps = {},
): Promise<CheckResult> {
  const who =
    why === 'spec'
      ? 'the spec asks for decoding=guided'
      : 'the trainer plays legal moves through guided decoding (rollout.decoding legal, the default)';
  if (!guidedKinds.includes(config.kind)) {
    return failed(
      guidedCheckName,
      `${who}, which kind=${config.kind} cannot constrain: set kind= to the server, vllm for vLLM and selfplay serve (sglang and llama.cpp also constrain)`,
    );
  }
  let reply: EndpointActResponse;
  try {
    reply = await probe(config, 'guided', deps);
  } catch (error) {
    return failed(guidedCheckName, `a guided request failed: ${messageOf(error)}`);
  }
  const answer = reply.text.trim();
  if ((probeMoves as readonly string[]).includes(answer)) {
    return passed(guidedCheckName, `asked for one of ${probeMoves.join(' ')}, answered ${answer}`);
  }
  const fields: Record<string, string> = {
    vllm: 'guided_choice',
    sglang: 'regex (SGLang needs a grammar backend)',
    'llama.cpp': 'grammar',
  };
  return failed(
    guidedCheckName,
    `asked for one of ${probeMoves.join(' ')}, answered ${JSON.stringify(answer.slice(0, 60))}: the server ignored ${fields[config.kind]}; check that kind=${config.kind} is what the server is`,
  );
}

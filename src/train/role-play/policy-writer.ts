import { singleTurnInfo } from '../../games/single-turn.ts';
import type { Policy } from '../../spec/policy.ts';
import type { Rng } from '../../spec/rng.ts';
import { createRng, deriveSeed } from '../../util/rng.ts';
import type { Reply, Writer } from './writer.ts';

/**
 * A writer whose roles in `policies` are played by a `Policy` (an OpenAI-compatible endpoint, a scripted player) and
 * whose other roles go to `fallback` (the run's built-in LM). A policy's reply carries its text only: no tokens of
 * ours, so the loop judges it and never trains on it (training an endpoint needs a remote learner). Prompts are asked
 * `concurrency` at a time; each call draws one seed from `rng`, and prompt i of the call is seeded `deriveSeed(seed,
 * i)`, so a seeded run asks the same. A policy that throws (a server still down after its retries) ends the step
 * with that error.
 */
export function policyWriter(options: {
  readonly policies: Readonly<Record<string, Policy>>;
  readonly fallback: Writer;
  readonly rng: Rng;
  readonly concurrency?: number;
  readonly signal?: AbortSignal;
}): Writer {
  const { policies, fallback, rng } = options;
  const concurrency = options.concurrency ?? 16;
  return async (role, prompts) => {
    const policy = policies[role];
    if (!policy) return fallback(role, prompts);
    const seed = rng.int(2 ** 31 - 1);
    const game = singleTurnInfo(`role-${role}`, role);
    const replies = new Array<Reply>(prompts.length);
    let next = 0;
    const worker = async () => {
      while (next < prompts.length) {
        const i = next++;
        options.signal?.throwIfAborted();
        const response = await policy.act({
          game,
          player: 0,
          observation: prompts[i]!,
          legal: [],
          infoKey: `${role} ${i}`,
          rng: createRng(deriveSeed(seed, i)),
          ...(options.signal ? { signal: options.signal } : {}),
        });
        replies[i] = { text: response.text, promptTokens: [], completionTokens: [], logprobs: [] };
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, prompts.length) }, worker));
    return replies;
  };
}

import { EOS_ID, encode, encodeWithBos, generate, type LmModel } from '../lm/index.ts';
import type { Rng } from '../spec/rng.ts';
import { createRng } from '../util/rng.ts';
import type { ActRequest, ActResponse, Policy } from '../spec/policy.ts';

export interface LmPolicyOptions {
  readonly model: LmModel;
  /**
   * Draws every sampled token, in batch order; runs with the same seed and schedule are identical. Without one,
   * each batch is seeded from its first request's seat RNG, so an episode's seed decides its moves.
   */
  readonly rng?: Rng;
  readonly temperature?: number;
  /** Nucleus sampling over the allowed tokens (1 keeps all, the default). */
  readonly topP?: number;
  /**
   * `legal` (default): constrained decoding to the legal move strings, so every answer is a legal move and the
   * model learns which move, not how to spell one. `free`: free text up to `maxTokens`, parsed by the game.
   */
  readonly decoding?: 'legal' | 'free';
  readonly maxTokens?: number;
  readonly name?: string;
}

/** Free text longer than this is no move of any game here: a model writing noise under free decoding stops there. */
export const freeMoveMaxTokens = 48;

/** The prompt the built-in LM reads: BOS, the observation, a newline; the answer follows and ends with EOS. */
export function lmPromptTokens(observation: string): number[] {
  return encodeWithBos(`${observation}\n`);
}

/**
 * `policy` answering only prompts that fit the built-in LM's `context`: a longer one gets an empty answer (judged
 * unreadable, an invalid move) rather than an error that ends a whole evaluation.
 */
export function withinContext(policy: Policy, context: number): Policy {
  return {
    ...policy,
    act: (request) =>
      lmPromptTokens(request.observation).length < context
        ? policy.act(request)
        : Promise.resolve({ text: '', finishReason: 'length' }),
  };
}

/** The completion tokens of an answer string, EOS included (what scoring and training see). */
export function lmCompletionTokens(answer: string): number[] {
  return [...encode(answer), EOS_ID];
}

/**
 * Per completion token, 1 where more than one allowed string continues the prefix (a real choice) and 0 where the
 * constraint left a single option: forced tokens have probability 1 under the policy, so they carry no gradient.
 */
export function choiceMask(completion: readonly number[], allowed: readonly string[]): number[] {
  const options = allowed.map(lmCompletionTokens);
  return completion.map((_, j) => {
    const next = new Set<number>();
    for (const o of options) {
      if (o.length > j && completion.slice(0, j).every((t, i) => o[i] === t)) next.add(o[j]!);
    }
    return next.size > 1 ? 1 : 0;
  });
}

/**
 * Where the legal move strings part: the tokens they share first, and each move's token at the first position where
 * they differ — when every move has its own token there (so each is the only continuation after it, and the choice
 * of move is the choice of that token). Undefined when they do not part at one token.
 */
export function choicePoint(moves: readonly string[]): { prefix: number[]; choiceTokens: number[] } | undefined {
  const tokens = moves.map(lmCompletionTokens);
  if (tokens.length === 1) return { prefix: [], choiceTokens: [tokens[0]![0]!] };
  let at = 0;
  while (tokens.every((t) => t[at] !== undefined && t[at] === tokens[0]![at])) at++;
  const choiceTokens = tokens.map((t) => t[at]);
  if (choiceTokens.some((t) => t === undefined) || new Set(choiceTokens).size !== choiceTokens.length) return undefined;
  return { prefix: tokens[0]!.slice(0, at), choiceTokens: choiceTokens as number[] };
}

interface Pending {
  readonly request: ActRequest;
  readonly resolve: (response: ActResponse) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * The built-in LM as a `Policy`. Requests from concurrently running episodes are gathered for one turn of the
 * event loop and answered by a single batched `generate` call, so many games share each forward pass.
 * Responses carry the prompt and completion token ids and the model's log-probs (temperature 1, no constraint):
 * exactly what the learner recomputes, so PPO's ratio starts at 1.
 */
export function createLmPolicy(options: LmPolicyOptions): Policy {
  const { model, rng } = options;
  const decoding = options.decoding ?? 'legal';
  let queue: Pending[] = [];
  const flush = () => {
    const batch = queue;
    queue = [];
    try {
      const prompts = batch.map((p) => lmPromptTokens(p.request.observation));
      const generations = generate({
        model,
        prompts,
        rng: rng ?? createRng(batch[0]!.request.rng.int(2 ** 31)),
        temperature: options.temperature ?? 1,
        topP: options.topP ?? 1,
        ...(options.maxTokens ? { maxTokens: options.maxTokens } : {}),
        ...(decoding === 'legal' ? { allowed: batch.map((p) => p.request.legal) } : {}),
      });
      batch.forEach((p, i) => {
        const g = generations[i]!;
        p.resolve({
          text: g.text,
          promptTokenIds: prompts[i]!,
          completionTokenIds: g.tokens,
          completionLogprobs: g.modelTokenLogprobs,
          ...(decoding === 'legal' ? { completionChoiceMask: choiceMask(g.tokens, p.request.legal) } : {}),
          finishReason: g.finish,
        });
      });
    } catch (error) {
      for (const p of batch) p.reject(error);
    }
  };
  return {
    name: options.name ?? 'lm',
    // SPIRAL's rule: with legal decoding every answer is exactly a legal move string, so it reads the same either way.
    answers: 'strict',
    act: (request) =>
      new Promise<ActResponse>((resolve, reject) => {
        request.signal?.throwIfAborted();
        if (queue.length === 0) setImmediate(flush);
        queue.push({ request, resolve, reject });
      }),
  };
}

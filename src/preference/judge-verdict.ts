import { z } from 'zod';
import type { EndpointApi, ServerKind } from '../llm/index.ts';

/**
 * Request fields that ask for the `k` most likely first tokens with their log-probs: chat's `logprobs` +
 * `top_logprobs`, legacy completions' `logprobs: k`; llama-server also reads its own `n_probs`.
 */
export function verdictLogprobFields(kind: ServerKind, api: EndpointApi, k: number): Record<string, unknown> {
  const fields = api === 'chat' ? { logprobs: true, top_logprobs: k } : { logprobs: k };
  return kind === 'llama.cpp' ? { ...fields, n_probs: k } : fields;
}

const alternative = z.object({ token: z.string(), logprob: z.number() });

/**
 * Both layouts of the first token's alternatives, whichever the server uses on either route: chat's
 * `logprobs.content[0].top_logprobs` list, and legacy completions' `logprobs.top_logprobs[0]` record.
 */
export const verdictReplySchema = z.object({
  choices: z
    .array(
      z.object({
        logprobs: z
          .object({
            content: z
              .array(z.object({ top_logprobs: z.array(alternative).nullable().optional() }))
              .nullable()
              .optional(),
            top_logprobs: z.array(z.record(z.string(), z.number()).nullable()).nullable().optional(),
          })
          .nullable()
          .optional(),
      }),
    )
    .min(1, 'the reply has no choices'),
});

export type VerdictReply = z.output<typeof verdictReplySchema>;

/** The first token's alternatives, or undefined when the reply carries none (the server ignored the request for them). */
export function verdictAlternatives(reply: VerdictReply): { token: string; logprob: number }[] | undefined {
  const logprobs = reply.choices[0]!.logprobs;
  const listed = logprobs?.content?.[0]?.top_logprobs;
  if (listed && listed.length > 0) return listed;
  const record = logprobs?.top_logprobs?.[0];
  if (record && Object.keys(record).length > 0)
    return Object.entries(record).map(([token, logprob]) => ({ token, logprob }));
  return undefined;
}

/** P(A) read from a verdict, or invalid when neither letter is among the alternatives the server returned. */
export type Verdict = { readonly valid: true; readonly probabilityA: number } | { readonly valid: false };

/**
 * P(A) = p_A / (p_A + p_B), where p_X sums the probabilities of the tokens that read X once trimmed ("A", " A",
 * "\nA"). A letter missing from the top-k counts as probability 0, its mass being below every listed alternative's.
 */
export function readVerdict(alternatives: readonly { token: string; logprob: number }[]): Verdict {
  const logMass = (letter: string) =>
    logSumExp(alternatives.filter((a) => a.token.trim() === letter).map((a) => a.logprob));
  const a = logMass('A');
  const b = logMass('B');
  if (a === Number.NEGATIVE_INFINITY && b === Number.NEGATIVE_INFINITY) return { valid: false };
  // σ(a − b), written so that a letter at −∞ gives exactly 0 or 1.
  return { valid: true, probabilityA: 1 / (1 + Math.exp(b - a)) };
}

function logSumExp(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NEGATIVE_INFINITY;
  const top = Math.max(...xs);
  if (top === Number.NEGATIVE_INFINITY) return top;
  return top + Math.log(xs.reduce((s, x) => s + Math.exp(x - top), 0));
}

import { z } from 'zod';

// Replies to the two teacher-forced scoring requests (research/interop.md §1.2): the legacy completions `echo` form,
// whose `logprobs` covers the echoed prompt, and vLLM's `prompt_logprobs`. Only what is read is declared.

const echoLogprobsSchema = z.object({
  tokens: z.array(z.string()).nullable().optional(),
  token_logprobs: z.array(z.number().nullable()),
  text_offset: z.array(z.int().nonnegative()).nullable().optional(),
});

export const echoReplySchema = z.object({
  choices: z
    .array(z.object({ text: z.string().optional(), logprobs: echoLogprobsSchema.nullable().optional() }))
    .min(1, 'the reply has no choices'),
});

/** One prompt position of vLLM's `prompt_logprobs`: `{ "<token id>": { logprob, decoded_token } }`, null first. */
const promptLogprobEntry = z
  .record(z.string(), z.object({ logprob: z.number(), decoded_token: z.string().nullable().optional() }))
  .nullable();

export const promptLogprobsReplySchema = z.object({
  prompt_logprobs: z.array(promptLogprobEntry).nullable().optional(),
  prompt_token_ids: z.array(z.int()).nullable().optional(),
  choices: z
    .array(
      z.object({
        prompt_logprobs: z.array(promptLogprobEntry).nullable().optional(),
        prompt_token_ids: z.array(z.int()).nullable().optional(),
      }),
    )
    .min(1, 'the reply has no choices'),
});

export type EchoReply = z.output<typeof echoReplySchema>;
export type PromptLogprobsReply = z.output<typeof promptLogprobsReplySchema>;

/** Why a reply cannot give the completion's log-prob; each is a property of the server, not of one request. */
export type ScoringProblem = 'no-logprobs' | 'merged-tokens' | 'unaligned';

/** A reply that answers but cannot be read as the completion's log-prob: the server cannot score this way. */
export class ScoringUnsupportedError extends Error {
  override readonly name = 'ScoringUnsupportedError';
  constructor(
    message: string,
    readonly problem: ScoringProblem,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * Σ log p of the echoed tokens that lie in `completion`, the tail of `fullText` after `promptLength` characters.
 * Token starts come from `text_offset` (relative to the echoed text, which may carry a BOS string before the
 * prompt); without offsets, token strings are laid end to end. A token that starts in the prompt and ends in the
 * completion means the server's tokeniser merges the two, so no sum of its tokens is p(completion | prompt).
 */
export function echoCompletionLogprob(reply: EchoReply, fullText: string, promptLength: number): number {
  const choice = reply.choices[0]!;
  const logprobs = choice.logprobs;
  if (!logprobs || logprobs.token_logprobs.length === 0) {
    throw new ScoringUnsupportedError(
      'the echo reply carries no token log-probs (the server ignored `echo` or `logprobs`)',
      'no-logprobs',
    );
  }
  const count = logprobs.token_logprobs.length;
  const starts = logprobs.text_offset ?? offsetsFromTokens(logprobs.tokens, count);
  const echoed = choice.text;
  const shift = echoed === undefined ? 0 : echoed.indexOf(fullText);
  if (shift < 0 || starts.length !== count) {
    throw new ScoringUnsupportedError(
      'the echo reply does not line up with the text sent (no echoed prompt, or offsets and log-probs differ in count)',
      'unaligned',
    );
  }
  const boundary = shift + promptLength;
  const end = shift + fullText.length;
  let sum = 0;
  let tokens = 0;
  for (let i = 0; i < count; i++) {
    const start = starts[i]!;
    const next = i + 1 < count ? starts[i + 1]! : (echoed?.length ?? end);
    if (start >= end) break; // generated past the echo, when a server ignores max_tokens 0
    if (start < boundary && next > boundary) throw mergedTokens(fullText, promptLength);
    if (start < boundary) continue;
    const lp = logprobs.token_logprobs[i];
    if (lp === null || lp === undefined) {
      throw new ScoringUnsupportedError(`the echo reply has no log-prob for completion token ${i}`, 'no-logprobs');
    }
    sum += lp;
    tokens++;
  }
  if (tokens === 0) {
    throw new ScoringUnsupportedError('no echoed token falls in the completion', 'unaligned');
  }
  return sum;
}

/**
 * Σ log p of the last prompt tokens that spell `completion`, from vLLM's `prompt_logprobs`. Positions are matched
 * from the end by each entry's `decoded_token` (the first entry is null: nothing predicts the first token).
 */
export function promptLogprobsCompletionLogprob(reply: PromptLogprobsReply, completion: string): number {
  const choice = reply.choices[0]!;
  const entries = choice.prompt_logprobs ?? reply.prompt_logprobs;
  const ids = choice.prompt_token_ids ?? reply.prompt_token_ids;
  if (!entries || entries.length === 0) {
    throw new ScoringUnsupportedError('the reply carries no `prompt_logprobs`', 'no-logprobs');
  }
  let covered = '';
  let sum = 0;
  for (let i = entries.length - 1; i >= 0 && covered.length < completion.length; i--) {
    const entry = entries[i];
    const record = entry ? pickActual(entry, ids?.[i]) : undefined;
    if (!record || record.decoded_token === undefined || record.decoded_token === null) {
      throw new ScoringUnsupportedError(
        `prompt position ${i} has no single decoded token to align with the completion`,
        'unaligned',
      );
    }
    covered = record.decoded_token + covered;
    sum += record.logprob;
  }
  if (covered === completion) return sum;
  if (covered.length > completion.length && covered.endsWith(completion)) {
    throw mergedTokens(completion, 0);
  }
  throw new ScoringUnsupportedError(
    `the last prompt tokens decode to ${JSON.stringify(covered)}, not the completion ${JSON.stringify(completion)}`,
    'unaligned',
  );
}

// With `prompt_logprobs: 0` an entry holds the actual token alone; with more, the id list says which one it was.
function pickActual(
  entry: Readonly<Record<string, { logprob: number; decoded_token?: string | null | undefined }>>,
  id: number | undefined,
) {
  const keys = Object.keys(entry);
  if (keys.length === 1) return entry[keys[0]!];
  return id === undefined ? undefined : entry[String(id)];
}

function offsetsFromTokens(tokens: readonly string[] | null | undefined, count: number): number[] {
  if (!tokens || tokens.length !== count) return [];
  const starts: number[] = [];
  let at = 0;
  for (const t of tokens) {
    starts.push(at);
    at += t.length;
  }
  return starts;
}

function mergedTokens(fullText: string, promptLength: number): ScoringUnsupportedError {
  const around = JSON.stringify(fullText.slice(Math.max(0, promptLength - 12), promptLength + 12));
  return new ScoringUnsupportedError(
    `tokenisation merges prompt and answer: one server token spans the boundary near ${around}, so the answer's ` +
      'log-prob cannot be read from it; use --method sampled for this server, or a template whose prompt ends ' +
      'where the tokeniser splits (e.g. after a newline)',
    'merged-tokens',
  );
}

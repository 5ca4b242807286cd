import { decode } from '../lm/index.ts';
import type { PositionLogprobs } from './logprobs.ts';
import type { ReplyContext, RouteReply } from './reply-context.ts';
import { stopList, usage } from './reply-context.ts';
import { promptFromIds, promptFromText, type SampledChoice, sampleRequest } from './sample-request.ts';
import { type CompletionRequest, guidedChoices } from './schemas.ts';
import { textOffsets, tokenString } from './token-text.ts';

/** POST /v1/completions: raw prompt in, text out; with `echo` and `logprobs` it scores the prompt too. */
export async function completionReply(ctx: ReplyContext, body: CompletionRequest): Promise<RouteReply> {
  const prompt = typeof body.prompt === 'string' ? promptFromText(body.prompt) : promptFromIds(body.prompt, ctx.model);
  const echo = body.echo ?? false;
  const k = body.logprobs ?? undefined;
  const result = await sampleRequest(ctx, {
    prompt,
    n: body.n ?? 1,
    maxTokens: body.max_tokens ?? undefined,
    temperature: body.temperature ?? 1,
    topP: body.top_p ?? 1,
    seed: body.seed ?? undefined,
    stop: stopList(body.stop),
    allowed: guidedChoices(body),
    topLogprobs: k,
    promptTopLogprobs: (echo && k !== undefined ? k : undefined) ?? body.prompt_logprobs ?? undefined,
  });
  const asIds = body.return_tokens_as_token_ids ?? false;
  const promptText = typeof body.prompt === 'string' ? body.prompt : decode(prompt);
  const promptLps: (PositionLogprobs | null)[] = [null, ...(result.promptLogprobs ?? [])];
  const choices = result.choices.map((choice, index) => {
    const logprobs =
      k === undefined
        ? null
        : echo
          ? legacyLogprobs([...prompt, ...choice.tokens], [...promptLps, ...(choice.logprobs ?? [])], asIds)
          : legacyLogprobs(choice.tokens, choice.logprobs ?? [], asIds);
    return {
      index,
      text: echo ? promptText + choice.text : choice.text,
      logprobs,
      finish_reason: choice.finishReason,
      ...(body.return_token_ids ? { token_ids: choice.tokens, prompt_token_ids: prompt } : {}),
      ...(body.prompt_logprobs !== undefined && body.prompt_logprobs !== null
        ? { prompt_logprobs: vllmPromptLogprobs(prompt, promptLps) }
        : {}),
    };
  });
  const completionTokens = result.choices.reduce((s, c) => s + c.tokens.length, 0);
  const head = { id: ctx.nextId('cmpl'), object: 'text_completion', created: ctx.nowSeconds(), model: ctx.modelName };
  const totals = usage(prompt.length, completionTokens);
  if (!body.stream) return { kind: 'json', body: { ...head, choices, usage: totals } };
  const chunks: unknown[] = [];
  result.choices.forEach((choice, index) => {
    if (echo) chunks.push({ ...head, choices: [{ index, text: promptText, logprobs: null, finish_reason: null }] });
    for (const [i, piece] of streamPieces(choice).entries()) {
      const logprobs =
        k === undefined ? null : legacyLogprobs([choice.tokens[i]!], [choice.logprobs?.[i] ?? null], asIds);
      if (piece === '' && logprobs === null) continue;
      chunks.push({ ...head, choices: [{ index, text: piece, logprobs, finish_reason: null }] });
    }
    chunks.push({ ...head, choices: [{ index, text: '', logprobs: null, finish_reason: choice.finishReason }] });
  });
  if (body.stream_options?.include_usage) chunks.push({ ...head, choices: [], usage: totals });
  return { kind: 'sse', chunks };
}

/** The text each completion token adds, decoding UTF-8 across token boundaries (a split character waits). */
export function streamPieces(choice: SampledChoice): string[] {
  const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
  return choice.tokens.map((t, i) => {
    const last = i === choice.tokens.length - 1;
    return decoder.decode(t < 256 ? Uint8Array.of(t) : new Uint8Array(0), { stream: !last });
  });
}

/** The legacy completions layout: parallel lists, the first echoed token's log-prob null. */
function legacyLogprobs(ids: readonly number[], lps: readonly (PositionLogprobs | null)[], asIds: boolean) {
  return {
    tokens: ids.map((id) => tokenString(id, asIds)),
    token_logprobs: lps.map((p) => p?.logprob ?? null),
    top_logprobs: lps.map((p, i) => (p ? topRecord(ids[i]!, p, asIds) : null)),
    text_offset: textOffsets(ids),
  };
}

// vLLM's convention: the sampled token is always listed beside the top alternatives.
function topRecord(id: number, p: PositionLogprobs, asIds: boolean): Record<string, number> {
  const record: Record<string, number> = {};
  for (const alt of p.top) record[tokenString(alt.id, asIds)] = alt.logprob;
  record[tokenString(id, asIds)] = p.logprob;
  return record;
}

/** vLLM's `prompt_logprobs`: null for the first token, then `{id: {logprob, rank, decoded_token}}` per token. */
function vllmPromptLogprobs(prompt: readonly number[], lps: readonly (PositionLogprobs | null)[]) {
  return lps.map((p, i) => {
    if (!p) return null;
    const id = prompt[i]!;
    const entry = (alt: { id: number; logprob: number }, rank: number) => [
      String(alt.id),
      { logprob: alt.logprob, rank, decoded_token: tokenString(alt.id) },
    ];
    const listed = p.top.some((a) => a.id === id);
    return Object.fromEntries([
      ...p.top.map((alt, r) => entry(alt, r + 1)),
      ...(listed ? [] : [entry({ id, logprob: p.logprob }, p.rank)]),
    ]);
  });
}

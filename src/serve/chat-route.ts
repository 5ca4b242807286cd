import { streamPieces } from './completions-route.ts';
import type { PositionLogprobs } from './logprobs.ts';
import { renderChat } from './render-chat.ts';
import { type ReplyContext, type RouteReply, stopList, usage } from './reply-context.ts';
import { promptFromText, sampleRequest } from './sample-request.ts';
import { type ChatRequest, guidedChoices } from './schemas.ts';
import { tokenBytes, tokenString } from './token-text.ts';

/** POST /v1/chat/completions: messages rendered by `renderChat`, then sampled like a completion. */
export async function chatReply(ctx: ReplyContext, body: ChatRequest): Promise<RouteReply> {
  const prompt = promptFromText(renderChat(body.messages));
  const wantLogprobs = body.logprobs ?? false;
  const result = await sampleRequest(ctx, {
    prompt,
    n: body.n ?? 1,
    maxTokens: body.max_completion_tokens ?? body.max_tokens ?? undefined,
    temperature: body.temperature ?? 1,
    topP: body.top_p ?? 1,
    seed: body.seed ?? undefined,
    stop: stopList(body.stop),
    allowed: guidedChoices(body),
    topLogprobs: wantLogprobs ? (body.top_logprobs ?? 0) : undefined,
    promptTopLogprobs: undefined,
  });
  const asIds = body.return_tokens_as_token_ids ?? false;
  const content = (ids: readonly number[], lps: readonly PositionLogprobs[] | undefined) =>
    wantLogprobs ? { content: ids.map((id, i) => logprobRecord(id, lps?.[i], asIds)) } : null;
  const head = { id: ctx.nextId('chatcmpl'), created: ctx.nowSeconds(), model: ctx.modelName };
  const completionTokens = result.choices.reduce((s, c) => s + c.tokens.length, 0);
  const totals = usage(prompt.length, completionTokens);
  if (!body.stream) {
    const choices = result.choices.map((choice, index) => ({
      index,
      message: { role: 'assistant', content: choice.text },
      logprobs: content(choice.tokens, choice.logprobs),
      finish_reason: choice.finishReason,
      ...(body.return_token_ids ? { token_ids: choice.tokens } : {}),
    }));
    return {
      kind: 'json',
      body: {
        ...head,
        object: 'chat.completion',
        choices,
        usage: totals,
        ...(body.return_token_ids ? { prompt_token_ids: prompt } : {}),
      },
    };
  }
  const chunk = (choice: Record<string, unknown>) => ({ ...head, object: 'chat.completion.chunk', choices: [choice] });
  const chunks: unknown[] = [];
  result.choices.forEach((choice, index) => {
    chunks.push(chunk({ index, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }));
    for (const [i, piece] of streamPieces(choice).entries()) {
      const logprobs = content([choice.tokens[i]!], choice.logprobs ? [choice.logprobs[i]!] : undefined);
      if (piece === '' && logprobs === null) continue;
      chunks.push(chunk({ index, delta: { content: piece }, logprobs, finish_reason: null }));
    }
    chunks.push(chunk({ index, delta: {}, logprobs: null, finish_reason: choice.finishReason }));
  });
  if (body.stream_options?.include_usage) {
    chunks.push({ ...head, object: 'chat.completion.chunk', choices: [], usage: totals });
  }
  return { kind: 'sse', chunks };
}

/** One entry of chat's `logprobs.content`. */
function logprobRecord(id: number, p: PositionLogprobs | undefined, asIds: boolean) {
  return {
    token: tokenString(id, asIds),
    logprob: p?.logprob ?? null,
    bytes: tokenBytes(id),
    top_logprobs: (p?.top ?? []).map((alt) => ({
      token: tokenString(alt.id, asIds),
      logprob: alt.logprob,
      bytes: tokenBytes(alt.id),
    })),
  };
}

import { type ScriptedServer, startScriptedServer } from '../../llm/__fixtures__/scripted-server.ts';
import type { PreferenceSet } from '../preference-file.ts';

/** What the judge's request asks about, read back from the built-in chat template. */
export interface JudgeQuestion {
  readonly prompt: string;
  /** The response in slot A, then the one in slot B. */
  readonly a: string;
  readonly b: string;
}

export type Alternative = { readonly token: string; readonly logprob: number };

const question =
  /^Prompt:\n([\s\S]*)\n\nResponse A:\n([\s\S]*)\n\nResponse B:\n([\s\S]*)\n\nWhich response is better\? Reply with A or B only\.$/;

/** The prompt and the two responses of a request rendered with the built-in chat template. */
export function readJudgeQuestion(body: unknown): JudgeQuestion {
  const messages = (body as { messages?: { role: string; content: string }[] }).messages ?? [];
  const user = messages.find((m) => m.role === 'user')?.content ?? '';
  const m = question.exec(user);
  if (!m) throw new Error(`not a judge question: ${JSON.stringify(user)}`);
  return { prompt: m[1]!, a: m[2]!, b: m[3]! };
}

/** Alternatives that read as P(A) = `p`: log p for "A", log(1 − p) for " B"; a letter of probability 0 is left out. */
export function alternativesFor(p: number): Alternative[] {
  return [
    ...(p > 0 ? [{ token: 'A', logprob: Math.log(p) }] : []),
    ...(p < 1 ? [{ token: ' B', logprob: Math.log1p(-p) }] : []),
  ];
}

/** A chat reply whose one generated token carries `alternatives` as its top log-probs. */
export function verdictReply(alternatives: readonly Alternative[]): Record<string, unknown> {
  const top = alternatives.reduce<Alternative | undefined>((t, a) => (t && t.logprob >= a.logprob ? t : a), undefined);
  return {
    id: 'chatcmpl-judge',
    object: 'chat.completion',
    model: 'judge',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: top?.token.trim() ?? '' },
        logprobs: { content: [{ token: top?.token ?? '', logprob: top?.logprob ?? 0, top_logprobs: alternatives }] },
        finish_reason: 'length',
      },
    ],
  };
}

/** A scripted judge: each request's question → the alternatives of its verdict token. */
export function startJudgeServer(verdict: (q: JudgeQuestion) => readonly Alternative[]): Promise<ScriptedServer> {
  return startScriptedServer((request) => ({ json: verdictReply(verdict(readJudgeQuestion(request.body))) }));
}

/**
 * P(slot A wins) as a preference file has it, position-blind: both listed → the file's cell; a listed response
 * beats an unlisted one; two unlisted ones tie. So the judge, averaging both orders, reproduces the file's oracle.
 */
export function fileVerdict(set: PreferenceSet): (q: JudgeQuestion) => number {
  return ({ prompt, a, b }) => {
    const entry = set.prompts.find((p) => p.prompt === prompt);
    if (!entry) throw new Error(`unknown prompt ${JSON.stringify(prompt)}`);
    const i = entry.responses.indexOf(a);
    const j = entry.responses.indexOf(b);
    if (i >= 0 && j >= 0) return entry.preferences[i]![j]!;
    return i >= 0 ? 1 : j >= 0 ? 0 : 0.5;
  };
}

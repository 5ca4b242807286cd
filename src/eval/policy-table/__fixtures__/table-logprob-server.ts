import type { AnyTextGame } from '../../../games/registry.ts';
import { type PromptTemplate, renderPrompt } from '../../../llm/prompt-templates.ts';
import {
  type RecordedRequest,
  type ScriptedReply,
  type ScriptedServer,
  startScriptedServer,
} from '../../../llm/__fixtures__/scripted-server.ts';
import { actionProbabilities, type TabularPolicy } from '../../../solvers/index.ts';
import type { ObservationFormat } from '../../../spec/game-text.ts';
import { createRng, sampleIndex } from '../../../util/rng.ts';
import { walkInfosets } from '../infoset-walk.ts';

export interface TableLogprobServerOptions {
  readonly game: AnyTextGame;
  readonly format: ObservationFormat;
  readonly template: PromptTemplate & { kind: 'text' };
  /** The policy the server's "model" plays: log p(answer | prompt) is log of its row entry. */
  readonly table: TabularPolicy;
  readonly answerTemplate?: string;
  /** Answer `echo` requests (default true); when false they get 400, as a server without echo support. */
  readonly echo?: boolean;
  /** Answer vLLM `prompt_logprobs` requests (default true). */
  readonly promptLogprobs?: boolean;
  /** One token spans the prompt's last character and the answer's first, as a BPE merge across the boundary. */
  readonly mergeBoundary?: boolean;
  /** Prepend a BOS string to the echoed text, as servers that decode special tokens do. */
  readonly bosText?: string;
}

/**
 * A real HTTP server whose model is a known tabular policy, with one token per character: the answer's first
 * character carries log p(move), the rest log 1, so exact scoring must reproduce the table. Prompt characters get
 * an arbitrary log-prob that a correct scorer never adds in. Generation requests get a move drawn from the row
 * with the request's seed (chat requests too, found by the observation in the spiral-chat message), so the same
 * server serves the sampled method.
 */
export async function startTableLogprobServer(options: TableLogprobServerOptions): Promise<ScriptedServer> {
  const { game, format, template, table } = options;
  const answerTemplate = options.answerTemplate ?? '{action}';
  const prompts = walkInfosets({ game, format }).map((site) => {
    const rendered = renderPrompt(template, { ...site, game: game.rules.info });
    if (rendered.kind !== 'text') throw new TypeError('a text template renders text');
    const row = actionProbabilities(table, site.key, site.legal.length);
    return {
      prompt: rendered.text,
      observation: site.observation,
      answers: site.legal.map((m, i) => ({ text: answerTemplate.split('{action}').join(m), p: row[i]! })),
    };
  });

  // The tokens of `fullText` with their log-probs, split where the prompt it begins with ends.
  const tokenise = (fullText: string) => {
    const known = prompts
      .filter((p) => fullText.startsWith(p.prompt))
      .sort((a, b) => b.prompt.length - a.prompt.length)[0];
    const boundary = known ? known.prompt.length : fullText.length;
    const answer = fullText.slice(boundary);
    const p = known?.answers.find((a) => a.text === answer)?.p ?? 1e-6;
    const tokens: { text: string; logprob: number | null }[] = [];
    for (let i = 0; i < fullText.length; i++) {
      const logprob = i === 0 ? null : i < boundary ? -0.25 : i === boundary ? Math.log(p) : 0;
      tokens.push({ text: fullText[i]!, logprob });
    }
    if (options.mergeBoundary && boundary > 0 && boundary < fullText.length) {
      const [last, first] = tokens.splice(boundary - 1, 2);
      tokens.splice(boundary - 1, 0, { text: last!.text + first!.text, logprob: first!.logprob });
    }
    return tokens;
  };

  const reply = (request: RecordedRequest): ScriptedReply => {
    const body = request.body as Record<string, unknown>;
    const fullText = String(body.prompt);
    const tokens = tokenise(fullText);
    if (body.echo === true) {
      if (options.echo === false) return { status: 400, json: { error: { message: 'echo is not supported' } } };
      const bos = options.bosText ?? '';
      const offsets: number[] = [];
      let at = 0;
      for (const t of [{ text: bos }, ...tokens]) {
        offsets.push(at);
        at += t.text.length;
      }
      const all = bos ? [{ text: bos, logprob: null }, ...tokens] : tokens;
      return {
        json: {
          object: 'text_completion',
          choices: [
            {
              index: 0,
              text: bos + fullText,
              finish_reason: 'length',
              logprobs: {
                tokens: all.map((t) => t.text),
                token_logprobs: all.map((t) => t.logprob),
                text_offset: bos ? offsets : offsets.slice(1),
                top_logprobs: null,
              },
            },
          ],
        },
      };
    }
    if (body.prompt_logprobs !== undefined) {
      if (options.promptLogprobs === false) return { status: 400, json: { error: { message: 'unknown field' } } };
      return {
        json: {
          choices: [
            {
              index: 0,
              text: ' ',
              prompt_logprobs: tokens.map((t, i) =>
                t.logprob === null
                  ? null
                  : { [String(1000 + i)]: { logprob: t.logprob, rank: 1, decoded_token: t.text } },
              ),
            },
          ],
        },
      };
    }
    // Anything else is a generation request: the answer is a move drawn from the row with the request's seed.
    const messages = body.messages as { content: string }[] | undefined;
    const known = messages
      ? prompts.find((p) => messages.some((m) => m.content.includes(`Observation: ${p.observation}\n`)))
      : prompts.find((p) => p.prompt === fullText);
    if (!known) return { status: 400, json: { error: { message: 'unknown prompt' } } };
    const weights = known.answers.map((a) => a.p);
    const text = known.answers[sampleIndex(createRng(Number(body.seed ?? 0)), weights)]!.text;
    const choice = messages ? { message: { role: 'assistant', content: text } } : { text };
    return { json: { choices: [{ index: 0, ...choice, finish_reason: 'stop' }] } };
  };
  return startScriptedServer(reply);
}

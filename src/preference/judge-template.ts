import { readFile as readFileFs } from 'node:fs/promises';
import {
  type EndpointApi,
  type PromptTemplate,
  PromptTemplateError,
  readTemplateJson,
  type RenderedPrompt,
} from '../llm/index.ts';

/** What a judge template fills in: the prompt and the two responses, in the order of this request. */
export const judgePlaceholders = ['prompt', 'a', 'b'] as const;
type JudgePlaceholder = (typeof judgePlaceholders)[number];

const instruction =
  'You compare two responses to the same prompt, A and B, and decide which one answers the prompt better. ' +
  'Reply with a single letter: A or B.';
const question =
  'Prompt:\n{prompt}\n\nResponse A:\n{a}\n\nResponse B:\n{b}\n\nWhich response is better? Reply with A or B only.';

/**
 * The built-in pairwise prompt per API (docs/recipes.md, "An LLM judge"): chat sends the instruction as the system
 * message; completions sends one text that ends where the verdict token goes.
 */
export const defaultJudgeTemplates = {
  chat: { name: 'judge-chat', kind: 'chat', system: instruction, user: question },
  completions: { name: 'judge-text', kind: 'text', text: `${instruction}\n\n${question}\nVerdict:` },
} as const satisfies Record<EndpointApi, PromptTemplate>;

const placeholderPattern = /\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** Parses a judge template file's JSON text; `source` names it in errors. Every placeholder must be known and used. */
export function parseJudgeTemplate(text: string, source: string): PromptTemplate {
  // The same two shapes as a game template file, with the judge's placeholders checked here.
  const template = readTemplateJson(text, source, 'judge template');
  const parts = template.kind === 'text' ? [template.text] : [template.system ?? '', template.user];
  const used = new Set(parts.flatMap((p) => [...p.matchAll(placeholderPattern)].flatMap((m) => m[1] ?? [])));
  const unknown = [...used].filter((n) => !(judgePlaceholders as readonly string[]).includes(n));
  const missing = judgePlaceholders.filter((n) => !used.has(n));
  if (unknown.length > 0 || missing.length > 0)
    throw new PromptTemplateError(
      `judge template ${source} ${unknown.length > 0 ? `uses unknown ${unknown.map((n) => `{${n}}`).join(', ')}` : `lacks ${missing.map((n) => `{${n}}`).join(', ')}`}; ` +
        `a judge template uses {prompt}, {a} and {b} (write {{ and }} for literal braces), and asks for A or B`,
    );
  return template;
}

/**
 * The judge's template: `template` from the endpoint spec (a JSON file) or the built-in one for the API. A game
 * template name is refused: it has no place for two responses.
 */
export async function resolveJudgeTemplate(options: {
  api: EndpointApi;
  template: string | undefined;
  readFile?: (path: string) => Promise<string>;
}): Promise<PromptTemplate> {
  const { api, template } = options;
  if (template === undefined) return defaultJudgeTemplates[api];
  if (!template.endsWith('.json') && !template.includes('/'))
    throw new PromptTemplateError(
      `template=${template} is not a judge template; give a .json file with {prompt}, {a} and {b}, or leave template out for the built-in pairwise prompt`,
    );
  const read = options.readFile ?? ((path: string) => readFileFs(path, 'utf8'));
  let text: string;
  try {
    text = await read(template);
  } catch (cause) {
    throw new PromptTemplateError(`cannot read judge template ${template}: ${(cause as Error).message}`, { cause });
  }
  const parsed = parseJudgeTemplate(text, template);
  if (api === 'completions' && parsed.kind === 'chat')
    throw new PromptTemplateError(
      `judge template ${template} has system/user messages but api is completions; use api=chat or a {"text": …} template`,
    );
  return parsed;
}

/** Fills the placeholders in one pass, so a response that contains `{b}` is never expanded again. */
export function renderJudgePrompt(
  template: PromptTemplate,
  values: Readonly<Record<JudgePlaceholder, string>>,
): RenderedPrompt {
  const fill = (text: string) =>
    text.replace(placeholderPattern, (whole, name: string | undefined) => {
      if (whole === '{{') return '{';
      if (whole === '}}') return '}';
      return name !== undefined && Object.hasOwn(values, name) ? values[name as JudgePlaceholder] : whole;
    });
  if (template.kind === 'text') return { kind: 'text', text: fill(template.text) };
  return {
    kind: 'chat',
    messages: [
      ...(template.system === undefined ? [] : [{ role: 'system' as const, content: fill(template.system) }]),
      { role: 'user', content: fill(template.user) },
    ],
  };
}

import { readFile as readFileFs } from 'node:fs/promises';
import { z } from 'zod';
import {
  builtinTemplates,
  isBuiltinTemplateName,
  type PromptTemplate,
  placeholderNames,
  unknownPlaceholders,
} from './prompt-templates.ts';

// A user template file holds either a raw `text` (for api=completions) or `system`+`user` messages (api=chat).
const templateFileSchema = z.union([
  z.strictObject({ name: z.string().min(1).optional(), text: z.string().min(1) }),
  z.strictObject({ name: z.string().min(1).optional(), system: z.string().optional(), user: z.string().min(1) }),
]);

export class PromptTemplateError extends Error {
  override readonly name = 'PromptTemplateError';
}

/** Checks a template's placeholders; unknown names are an error that lists them and the known ones. */
export function validateTemplate(template: PromptTemplate): PromptTemplate {
  const parts = template.kind === 'text' ? [template.text] : [template.system ?? '', template.user];
  const unknown = [...new Set(parts.flatMap(unknownPlaceholders))];
  if (unknown.length > 0) {
    throw new PromptTemplateError(
      `template "${template.name}" uses unknown placeholder${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `{${n}}`).join(', ')}; ` +
        `known: ${placeholderNames.map((n) => `{${n}}`).join(', ')} (write {{ and }} for literal braces)`,
    );
  }
  return template;
}

/** Parses a template file's text (JSON); `source` names it in errors and is the default name. */
export function parseTemplateFile(text: string, source: string): PromptTemplate {
  return validateTemplate(readTemplateJson(text, source));
}

/**
 * A template file's JSON, `{"text"}` or `{"system", "user"}` plus an optional `name`, as a `PromptTemplate` whose
 * placeholders the caller checks; `what` and `source` name the file in errors ("judge template FILE"), `source` is
 * the default name.
 */
export function readTemplateJson(text: string, source: string, what = 'template file'): PromptTemplate {
  const label = `${what} ${source}`;
  let json: unknown;
  try {
    json = JSON.parse(text) as unknown;
  } catch (cause) {
    throw new PromptTemplateError(`${label} is not JSON: ${(cause as Error).message}`, { cause });
  }
  const result = templateFileSchema.safeParse(json);
  if (!result.success) {
    throw new PromptTemplateError(
      `${label} must be {"text": "..."} or {"system": "...", "user": "..."} (plus an optional "name"):\n${z.prettifyError(result.error)}`,
      { cause: result.error },
    );
  }
  const data = result.data;
  const name = data.name ?? source;
  return 'text' in data
    ? { name, kind: 'text', text: data.text }
    : { name, kind: 'chat', user: data.user, ...(data.system === undefined ? {} : { system: data.system }) };
}

export interface ResolveTemplateOptions {
  /** A built-in name or the path of a JSON template file. */
  readonly template: string;
  readonly readFile?: (path: string) => Promise<string>;
}

/** A built-in template by name, or a user template read from a file. */
export async function resolveTemplate(options: ResolveTemplateOptions): Promise<PromptTemplate> {
  const { template } = options;
  if (isBuiltinTemplateName(template)) return builtinTemplates[template];
  if (!template.endsWith('.json') && !template.includes('/')) {
    throw new PromptTemplateError(
      `unknown template "${template}"; built-ins: ${Object.keys(builtinTemplates).join(', ')}, or give a path to a .json file`,
    );
  }
  const read = options.readFile ?? ((path: string) => readFileFs(path, 'utf8'));
  let text: string;
  try {
    text = await read(template);
  } catch (cause) {
    throw new PromptTemplateError(`cannot read template file ${template}: ${(cause as Error).message}`, { cause });
  }
  return parseTemplateFile(text, template);
}

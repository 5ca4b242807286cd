import { createEndpointPolicy, type EndpointPolicy } from './endpoint-policy.ts';
import { EndpointConfigError } from './endpoint-config.ts';
import { parseEndpointSpec } from './endpoint-spec.ts';
import type { PromptTemplate } from './prompt-templates.ts';

/**
 * The templates an endpoint gets for free-text prompts that are not games (program tasks, proposals, judgements) when
 * its spec names none: `instructions` (what the prompt asks and how to answer) as the system message, or the text
 * before the prompt, then the prompt itself.
 */
export function instructionTemplates(
  name: string,
  instructions: string,
): Record<'chat' | 'completions', PromptTemplate> {
  return {
    chat: { name: `${name}-chat`, kind: 'chat', system: instructions, user: '{observation}' },
    completions: { name: `${name}-text`, kind: 'text', text: `${instructions}\n\n{observation}\n` },
  };
}

/**
 * An OpenAI-compatible endpoint (`openai:URL#MODEL?…`) that answers free-text prompts: the spec's own template when it
 * names one, else `instructionTemplates(name, instructions)` for its API. Guided decoding is refused: such prompts
 * have no list of legal answers. Throws `EndpointConfigError` or `PromptTemplateError` for a bad spec.
 */
export async function createInstructedEndpoint(
  spec: string,
  prompts: { readonly name: string; readonly instructions: string },
): Promise<EndpointPolicy> {
  const config = parseEndpointSpec(spec);
  if (config.decoding === 'guided') {
    throw new EndpointConfigError(
      `decoding=guided needs a list of legal moves; ${prompts.name} prompts have none (use decoding=free)`,
    );
  }
  const template =
    config.template === undefined ? instructionTemplates(prompts.name, prompts.instructions)[config.api] : undefined;
  return createEndpointPolicy(config, template ? { template } : {});
}

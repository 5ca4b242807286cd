import type { GameInfo } from '../../spec/game.ts';
import {
  type CompletionScorer,
  type CompletionScorerDeps,
  createCompletionScorer,
  type ScoringMode,
} from '../../llm/completion-scorer.ts';
import type { EndpointConfig } from '../../llm/endpoint-config.ts';
import { defaultTemplateName, type PromptTemplate, renderPrompt } from '../../llm/prompt-templates.ts';
import { PromptTemplateError, resolveTemplate, validateTemplate } from '../../llm/template-file.ts';
import { guidedChoiceLogprobs } from './guided-choice-logprobs.ts';
import type { ActionScoreSource } from './scored-policy-table.ts';

/** The answer scored after the prompt: the move string as written, unless a template wraps it. */
export const defaultAnswerTemplate = '{action}';

export interface EndpointActionScores extends ActionScoreSource {
  readonly scorer: CompletionScorer;
  readonly template: PromptTemplate;
}

/**
 * An OpenAI-compatible endpoint as a source of exact move probabilities: at each information set the prompt is
 * rendered exactly as the endpoint policy renders it in completions mode (the configured text template, else
 * `spiral-qwen3`), and each legal move, put in `answerTemplate` (default the bare move string), is scored as its
 * completion. Endpoints configured for chat still score with that text prompt: the server's chat template is not
 * ours to reproduce. With `decoding=guided` the server only ever answers a legal move, so the probabilities scored are
 * those guided decoding samples from (`guidedChoiceLogprobs`), not the whole strings' under free decoding.
 */
export async function endpointActionScores(
  options: {
    config: EndpointConfig;
    game: GameInfo;
    /** `{action}` stands for the move string, e.g. `\\boxed{{action}}` or `{action}<|im_end|>`. */
    answerTemplate?: string;
    mode?: ScoringMode;
    readFile?: (path: string) => Promise<string>;
  },
  deps: CompletionScorerDeps = {},
): Promise<EndpointActionScores> {
  const { config, game } = options;
  const answerTemplate = options.answerTemplate ?? defaultAnswerTemplate;
  if (!answerTemplate.includes('{action}')) {
    throw new PromptTemplateError(`the answer template "${answerTemplate}" must contain {action}`);
  }
  const template = validateTemplate(
    await resolveTemplate({
      template: config.template ?? defaultTemplateName('completions'),
      ...(options.readFile ? { readFile: options.readFile } : {}),
    }),
  );
  if (template.kind !== 'text') {
    throw new PromptTemplateError(
      `template "${template.name}" is a chat template; scoring sends raw text to /completions, so give a text template (template=spiral-qwen3 or a file)`,
    );
  }
  const guided = config.decoding === 'guided';
  if (guided && answerTemplate !== defaultAnswerTemplate) {
    throw new PromptTemplateError(
      `with decoding=guided the answer is exactly a move string; drop the answer template "${answerTemplate}"`,
    );
  }
  const scorer = createCompletionScorer({ config, ...(options.mode ? { mode: options.mode } : {}) }, deps);
  return {
    name: `${config.model} @ ${config.baseUrl}`,
    scorer,
    template,
    get calls() {
      return scorer.requests;
    },
    logprobs: async (site, signal) => {
      const rendered = renderPrompt(template, {
        observation: site.observation,
        legal: site.legal,
        player: site.player,
        game,
      });
      const prompt = rendered.kind === 'text' ? rendered.text : '';
      // Guided decoding samples from the distribution renormalised where the moves part: score that one.
      if (guided) return guidedChoiceLogprobs(site.legal, (prefix) => scorer.score(prompt, prefix, signal));
      return Promise.all(
        site.legal.map((move) => scorer.score(prompt, answerTemplate.split('{action}').join(move), signal)),
      );
    },
  };
}

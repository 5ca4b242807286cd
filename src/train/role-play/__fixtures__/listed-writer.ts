import { scoreCompletions } from '../../../lm/index.ts';
import { lmCompletionTokens, lmPromptTokens } from '../../../rollout/lm-policy.ts';
import type { Rng } from '../../../spec/rng.ts';
import type { WriterFactory } from '../writer.ts';

/**
 * A writer for tests whose replies `choose` picks (typically from short lists, with the run's sampling RNG) and the
 * role's model scores, so PPO's ratio starts at 1 and the weights learn from rewards that vary: unlike a random tiny
 * LM, it writes replies that earn something, so the weights depend on everything a checkpoint must restore.
 */
export function listedWriter(choose: (role: string, prompt: string, rng: Rng) => string): WriterFactory {
  return ({ models, rng }) =>
    async (role, prompts) => {
      const texts = prompts.map((p) => choose(role, p, rng));
      const items = prompts.map((p, i) => ({ prompt: lmPromptTokens(p), completion: lmCompletionTokens(texts[i]!) }));
      const scores = scoreCompletions({ model: models[role]!, items });
      return items.map((item, i) => ({
        text: texts[i]!,
        promptTokens: item.prompt,
        completionTokens: item.completion,
        logprobs: scores[i]!.modelTokenLogprobs,
      }));
    };
}

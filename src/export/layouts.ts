import type { ExportSample } from './export-sample.ts';
import type { PreferencePair } from './preference-pairs.ts';

/** The layouts `selfplay export --format` writes; docs/export.md describes each field. */
export const exportFormats = ['trajectories', 'dpo-trl', 'dpo-trl-chat', 'dpo-openai', 'sppo'] as const;
export type ExportFormat = (typeof exportFormats)[number];

/** One JSONL object per turn, field names as RL trainers (and our docs) spell them. */
export function trajectoryLine(s: ExportSample): Record<string, unknown> {
  return {
    prompt: s.prompt,
    completion: s.completion,
    prompt_token_ids: s.promptTokenIds,
    completion_token_ids: s.completionTokenIds,
    logprobs: s.logprobs,
    reward: s.reward,
    advantage: s.advantage,
    game: s.game,
    role: s.role,
    seed: s.seed,
    step: s.step,
    episode: s.episode,
    turn: s.turn,
    ...(s.choiceMask ? { choice_mask: s.choiceMask } : {}),
    ...(s.player === undefined ? {} : { player: s.player }),
  };
}

// Preference layouts carry only the documented keys: extra columns can trip a trainer's or an API's validation.

/** TRL's standard preference type (huggingface.co/docs/trl, "Dataset formats"). */
export function trlPreferenceLine(p: PreferencePair): Record<string, unknown> {
  return { prompt: p.prompt, chosen: p.chosen, rejected: p.rejected };
}

/** TRL's conversational preference type: the prompt as a user message, each answer as an assistant message. */
export function trlChatPreferenceLine(p: PreferencePair): Record<string, unknown> {
  return {
    prompt: [{ role: 'user', content: p.prompt }],
    chosen: [{ role: 'assistant', content: p.chosen }],
    rejected: [{ role: 'assistant', content: p.rejected }],
  };
}

/** OpenAI's preference (DPO) fine-tuning JSONL (developers.openai.com, "Direct preference optimization"). */
export function openaiPreferenceLine(p: PreferencePair): Record<string, unknown> {
  return {
    input: { messages: [{ role: 'user', content: p.prompt }] },
    preferred_output: [{ role: 'assistant', content: p.chosen }],
    non_preferred_output: [{ role: 'assistant', content: p.rejected }],
  };
}

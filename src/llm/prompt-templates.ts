import type { ActRequest } from '../spec/policy.ts';

/**
 * A prompt as data. `text`: one raw string for /completions (the chat markup, if any, is part of the text);
 * `chat`: an optional system message and a user message for /chat/completions (the server applies the model's
 * chat template). Placeholders are `{observation}`, `{legal}`, `{player}`, `{game}` and `{setting}` (the kind of
 * game: `two-player zero-sum`, `four-player general-sum`, …); `{{` and `}}` are literal braces, and an empty `{}` (as
 * in `\boxed{}`) is left alone.
 */
export type PromptTemplate =
  | { readonly name: string; readonly kind: 'text'; readonly text: string }
  | { readonly name: string; readonly kind: 'chat'; readonly system?: string; readonly user: string };

export const placeholderNames = ['observation', 'legal', 'player', 'game', 'setting'] as const;
export type PlaceholderName = (typeof placeholderNames)[number];

export interface ChatMessage {
  readonly role: 'system' | 'user';
  readonly content: string;
}

export type RenderedPrompt =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'chat'; readonly messages: readonly ChatMessage[] };

// SPIRAL's training prompt (spiral-rl/spiral `spiral/template.py`, template `qwen3`, and
// `evals/game/inference/vllm.py::format_qwen3_observation`, research/spiral.md §3.1): a raw Qwen chat-markup string
// sent to a base model without the server's chat template; the answer is read from the last \boxed{}. SPIRAL's
// games are all two-player zero-sum, so `{setting}` gives its words exactly there and the truth elsewhere.
const spiralPreamble = 'You are playing a {setting} game. Make valid actions to win.';
const spiralInstruction = 'Please reason step by step, and put your final answer within \\boxed{}.';

/** The built-in templates by name. */
export const builtinTemplates = {
  'spiral-qwen3': {
    name: 'spiral-qwen3',
    kind: 'text',
    text: `<|im_start|>user\n${spiralPreamble}\nObservation: {observation}\n${spiralInstruction}<|im_end|>\n<|im_start|>assistant\n`,
  },
  // The same words as messages, for instruction-tuned models whose chat template the server applies.
  'spiral-chat': {
    name: 'spiral-chat',
    kind: 'chat',
    system: spiralPreamble,
    user: `Observation: {observation}\n${spiralInstruction}`,
  },
  // Exactly what the built-in LM reads in-process (`lmPromptTokens`, BOS added by the server): for /completions of
  // `selfplay serve`, so a served checkpoint sees the prompts it was trained on.
  'lm-raw': { name: 'lm-raw', kind: 'text', text: '{observation}\n' },
} as const satisfies Record<string, PromptTemplate>;

export type BuiltinTemplateName = keyof typeof builtinTemplates;

export function isBuiltinTemplateName(name: string): name is BuiltinTemplateName {
  return Object.hasOwn(builtinTemplates, name);
}

/** The built-in template that suits an API when none is configured. */
export function defaultTemplateName(api: 'chat' | 'completions'): BuiltinTemplateName {
  return api === 'chat' ? 'spiral-chat' : 'spiral-qwen3';
}

const placeholderPattern = /\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** Names written as `{name}` that are not placeholders, in order of first use. */
export function unknownPlaceholders(text: string): string[] {
  const unknown: string[] = [];
  for (const match of text.matchAll(placeholderPattern)) {
    const name = match[1];
    if (name !== undefined && !(placeholderNames as readonly string[]).includes(name) && !unknown.includes(name)) {
      unknown.push(name);
    }
  }
  return unknown;
}

/** Replaces placeholders in one pass, so an observation that contains `{legal}` is never expanded again. */
export function fillPlaceholders(text: string, values: Readonly<Record<PlaceholderName, string>>): string {
  return text.replace(placeholderPattern, (whole, name: string | undefined) => {
    if (whole === '{{') return '{';
    if (whole === '}}') return '}';
    return name !== undefined && Object.hasOwn(values, name) ? values[name as PlaceholderName] : whole;
  });
}

/** What the placeholders stand for on this turn. */
export function placeholderValues(
  request: Pick<ActRequest, 'observation' | 'legal' | 'player' | 'game'>,
): Record<PlaceholderName, string> {
  return {
    observation: request.observation,
    legal: request.legal.join(', '),
    player: String(request.player),
    game: request.game.title,
    setting: gameSetting(request.game),
  };
}

const seatCounts = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];

/** The kind of game in words, as prompts say it: `two-player zero-sum`, `four-player general-sum`. */
export function gameSetting(info: Pick<ActRequest['game'], 'players' | 'zeroSum'>): string {
  const seats = seatCounts[info.players - 1] ?? String(info.players);
  return `${seats}-player ${info.zeroSum ? 'zero-sum' : 'general-sum'}`;
}

export function renderPrompt(
  template: PromptTemplate,
  request: Pick<ActRequest, 'observation' | 'legal' | 'player' | 'game'>,
): RenderedPrompt {
  const values = placeholderValues(request);
  if (template.kind === 'text') return { kind: 'text', text: fillPlaceholders(template.text, values) };
  const messages: ChatMessage[] = [];
  if (template.system !== undefined)
    messages.push({ role: 'system', content: fillPlaceholders(template.system, values) });
  messages.push({ role: 'user', content: fillPlaceholders(template.user, values) });
  return { kind: 'chat', messages };
}

/** A text prompt as chat messages (one user turn), for a text template sent to /chat/completions. */
export function asMessages(prompt: RenderedPrompt): readonly ChatMessage[] {
  return prompt.kind === 'chat' ? prompt.messages : [{ role: 'user', content: prompt.text }];
}

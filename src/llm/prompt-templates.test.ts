import { describe, expect, it } from 'vitest';
import { kuhnPoker } from '../games/kuhn-poker/index.ts';
import {
  builtinTemplates,
  fillPlaceholders,
  gameSetting,
  renderPrompt,
  unknownPlaceholders,
} from './prompt-templates.ts';
import { PromptTemplateError, parseTemplateFile, resolveTemplate, validateTemplate } from './template-file.ts';

const turn = {
  game: kuhnPoker.rules.info,
  player: 1,
  observation: 'Your card is: Q {legal}',
  legal: ['[fold]', '[call]'],
};

describe('built-in templates', () => {
  it('spiral-qwen3 is SPIRAL’s raw Qwen3 string around the observation', () => {
    const out = renderPrompt(builtinTemplates['spiral-qwen3'], turn);
    expect(out).toEqual({
      kind: 'text',
      text:
        '<|im_start|>user\nYou are playing a two-player zero-sum game. Make valid actions to win.\n' +
        'Observation: Your card is: Q {legal}\n' +
        'Please reason step by step, and put your final answer within \\boxed{}.<|im_end|>\n<|im_start|>assistant\n',
    });
  });

  it('spiral-chat puts the preamble in a system message', () => {
    const out = renderPrompt(builtinTemplates['spiral-chat'], turn);
    expect(out.kind === 'chat' && out.messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(out.kind === 'chat' && out.messages[1]?.content).toBe(
      'Observation: Your card is: Q {legal}\nPlease reason step by step, and put your final answer within \\boxed{}.',
    );
  });

  it('every built-in passes validation', () => {
    for (const template of Object.values(builtinTemplates)) expect(validateTemplate(template)).toBe(template);
  });
});

describe('placeholders', () => {
  it('fills all five in one pass and keeps {{ }} and \\boxed{} literal', () => {
    const text = fillPlaceholders('{game} ({setting}) p{player}: {observation} | {legal} {{x}} \\boxed{}', {
      game: 'Kuhn Poker',
      setting: 'two-player zero-sum',
      player: '1',
      observation: 'has {legal} inside',
      legal: '[a], [b]',
    });
    expect(text).toBe('Kuhn Poker (two-player zero-sum) p1: has {legal} inside | [a], [b] {x} \\boxed{}');
  });

  it("says SPIRAL's words for its two-player zero-sum games and the truth for the others", () => {
    expect(gameSetting({ players: 2, zeroSum: true })).toBe('two-player zero-sum');
    expect(gameSetting({ players: 4, zeroSum: false })).toBe('four-player general-sum');
    expect(gameSetting({ players: 12, zeroSum: true })).toBe('12-player zero-sum');
  });

  it('finds unknown names', () => {
    expect(unknownPlaceholders('{observation} {obs} {{not}} {answer} {obs}')).toEqual(['obs', 'answer']);
  });
});

describe('template files', () => {
  it('loads a chat template from JSON', async () => {
    const files: Record<string, string> = {
      't.json': JSON.stringify({ name: 'mine', system: 'Play {game}.', user: '{observation}\nMoves: {legal}' }),
    };
    const template = await resolveTemplate({ template: 't.json', readFile: async (p) => files[p] ?? '' });
    expect(template).toEqual({
      name: 'mine',
      kind: 'chat',
      system: 'Play {game}.',
      user: '{observation}\nMoves: {legal}',
    });
    const out = renderPrompt(template, turn);
    expect(out.kind === 'chat' && out.messages[0]?.content).toBe(`Play ${kuhnPoker.rules.info.title}.`);
    expect(out.kind === 'chat' && out.messages[1]?.content).toBe('Your card is: Q {legal}\nMoves: [fold], [call]');
  });

  it('loads a text template named after its file', () => {
    expect(parseTemplateFile('{"text": "P{player}> {observation}"}', 'x.json')).toEqual({
      name: 'x.json',
      kind: 'text',
      text: 'P{player}> {observation}',
    });
  });

  it.each([
    ['{"text": "{observation} {obs} {move}"}', /unknown placeholders \{obs\}, \{move\}; known: \{observation\}/],
    ['{"text": "x", "user": "y"}', /must be \{"text"/],
    ['{"prompt": "x"}', /must be \{"text"/],
    ['not json', /not JSON/],
  ])('rejects %s', (text, message) => {
    expect(() => parseTemplateFile(text, 'bad.json')).toThrow(PromptTemplateError);
    expect(() => parseTemplateFile(text, 'bad.json')).toThrow(message);
  });

  it('names built-ins when a name is unknown, and the path when a file is missing', async () => {
    await expect(resolveTemplate({ template: 'spiral' })).rejects.toThrow(/built-ins: spiral-qwen3, spiral-chat/);
    await expect(
      resolveTemplate({
        template: 'missing.json',
        readFile: async () => {
          throw new Error('ENOENT');
        },
      }),
    ).rejects.toThrow(/cannot read template file missing.json/);
  });
});

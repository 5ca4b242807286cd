import { describe, expect, it } from 'vitest';
import {
  defaultJudgeTemplates,
  parseJudgeTemplate,
  renderJudgePrompt,
  resolveJudgeTemplate,
} from './judge-template.ts';

describe('judge templates', () => {
  it('renders the prompt and both responses once, leaving braces inside a response alone', () => {
    const rendered = renderJudgePrompt(defaultJudgeTemplates.chat, { prompt: 'Pick {a}', a: '{b}', b: 'x' });
    if (rendered.kind !== 'chat') throw new Error('expected chat');
    expect(rendered.messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(rendered.messages[1]!.content).toBe(
      'Prompt:\nPick {a}\n\nResponse A:\n{b}\n\nResponse B:\nx\n\nWhich response is better? Reply with A or B only.',
    );
    const text = renderJudgePrompt(defaultJudgeTemplates.completions, { prompt: 'p', a: 'a', b: 'b' });
    expect(text.kind === 'text' && text.text.endsWith('Reply with A or B only.\nVerdict:')).toBe(true);
  });

  it('reads a template file and refuses one that lacks a placeholder or names an unknown one', () => {
    const template = parseJudgeTemplate('{"text": "Q {prompt} 1 {a} 2 {b} {{x}} ->"}', 'mine.json');
    const rendered = renderJudgePrompt(template, { prompt: 'p', a: 'one', b: 'two' });
    expect(rendered).toEqual({ kind: 'text', text: 'Q p 1 one 2 two {x} ->' });
    expect(() => parseJudgeTemplate('{"user": "{prompt} {a}"}', 'short.json')).toThrow(/short\.json lacks \{b\}/);
    expect(() => parseJudgeTemplate('{"user": "{prompt} {a} {b} {observation}"}', 'x.json')).toThrow(
      /uses unknown \{observation\}/,
    );
    expect(() => parseJudgeTemplate('{"prompt": "…"}', 'x.json')).toThrow(/must be \{"text"/);
  });

  it('resolves the built-in template per API and refuses a chat file on the completions API', async () => {
    expect(await resolveJudgeTemplate({ api: 'completions', template: undefined })).toBe(
      defaultJudgeTemplates.completions,
    );
    const readFile = async () => '{"system": "judge", "user": "{prompt} {a} {b}"}';
    await expect(resolveJudgeTemplate({ api: 'completions', template: 'j.json', readFile })).rejects.toThrow(
      /api is completions/,
    );
    expect((await resolveJudgeTemplate({ api: 'chat', template: 'j.json', readFile })).kind).toBe('chat');
    await expect(resolveJudgeTemplate({ api: 'chat', template: 'missing/j.json' })).rejects.toThrow(
      /cannot read judge template missing\/j\.json/,
    );
  });
});

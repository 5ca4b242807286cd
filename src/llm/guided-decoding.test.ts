import { describe, expect, it } from 'vitest';
import { parseEndpointSpec } from './endpoint-spec.ts';
import { buildRequestBody } from './request-body.ts';

const legal = ['[check]', '[bet]'];
const body = (spec: string) =>
  buildRequestBody({ config: parseEndpointSpec(spec), prompt: { kind: 'text', text: 'p' }, seed: 1, legal });

describe('guided decoding through the API', () => {
  it('is off by default: the model writes freely and no constraint is sent', () => {
    const b = body('openai:http://h/v1#m?api=completions&kind=vllm');
    expect(parseEndpointSpec('openai:http://h/v1#m').decoding).toBe('free');
    expect(b).not.toHaveProperty('guided_choice');
  });

  it("sends the legal moves as each server kind's constraint", () => {
    expect(body('openai:http://h/v1#m?api=completions&kind=vllm&decoding=guided')).toMatchObject({
      guided_choice: legal,
    });
    expect(body('openai:http://h/v1#m?api=completions&kind=sglang&decoding=guided')).toMatchObject({
      regex: '\\[check\\]|\\[bet\\]',
    });
    expect(body('openai:http://h/v1#m?api=completions&kind=llama.cpp&decoding=guided')).toMatchObject({
      grammar: 'root ::= "[check]" | "[bet]"',
    });
  });

  it('refuses guided decoding where the server cannot constrain, and reads the observation layout', () => {
    expect(() => parseEndpointSpec('openai:http://h/v1#m?decoding=guided')).toThrow(
      /decoding.*vllm, sglang, llama\.cpp/s,
    );
    expect(() => parseEndpointSpec('openai:http://h/v1#m?format=tiny')).toThrow(/format/);
    expect(parseEndpointSpec('openai:http://h/v1#m?format=compact').format).toBe('compact');
  });
});

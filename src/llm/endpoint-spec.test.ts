import { describe, expect, it } from 'vitest';
import { EndpointConfigError, parseEndpointConfig } from './endpoint-config.ts';
import { parseEndpointSpec } from './endpoint-spec.ts';

describe('parseEndpointSpec', () => {
  it('reads URL and model and fills the documented defaults', () => {
    const c = parseEndpointSpec('openai:http://127.0.0.1:8000/v1#Qwen/Qwen3-4B');
    expect(c).toMatchObject({
      baseUrl: 'http://127.0.0.1:8000/v1',
      model: 'Qwen/Qwen3-4B',
      api: 'chat',
      kind: 'openai',
      capture: 'auto',
      timeoutMs: 120_000,
      maxConcurrency: 8,
      sampling: { temperature: 1, topP: 1, maxTokens: 4096, seed: 'episode' },
      retry: { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 60_000 },
    });
    expect(c.apiKeyEnv).toBeUndefined();
  });

  it('takes options after the model or on the URL', () => {
    const a = parseEndpointSpec(
      'openai:http://h:1/v1#m?api=completions&key_env=MY_KEY&kind=vllm&temperature=0.7&seed=3',
    );
    expect(a).toMatchObject({
      api: 'completions',
      apiKeyEnv: 'MY_KEY',
      kind: 'vllm',
      sampling: { temperature: 0.7, seed: 3 },
    });
    const b = parseEndpointSpec('openai:http://h:1/v1?kind=llama.cpp&max_attempts=2&max_concurrency=4#m');
    expect(b).toMatchObject({ kind: 'llama.cpp', model: 'm', maxConcurrency: 4, retry: { maxAttempts: 2 } });
  });

  it('reads answers strictly (SPIRAL) unless answers=lenient, and names the key when the value is wrong', () => {
    expect(parseEndpointSpec('openai:http://h/v1#m').answers).toBe('strict');
    expect(parseEndpointSpec('openai:http://h/v1#m?answers=lenient').answers).toBe('lenient');
    expect(() => parseEndpointSpec('openai:http://h/v1#m?answers=loose')).toThrow(/answers/);
  });

  it('decodes an escaped model name and keeps a lone %', () => {
    expect(parseEndpointSpec('openai:http://h/v1#org%2Fmodel').model).toBe('org/model');
    expect(parseEndpointSpec('openai:http://h/v1#50%-off').model).toBe('50%-off');
  });

  it.each([
    ['http://h/v1#m', /must start with "openai:"/],
    ['openai:http://h/v1', /model is missing/],
    ['openai:http://h/v1#', /model after # is empty/],
    ['openai:localhost:8000/v1#m', /not an http\(s\) URL/],
    ['openai:http://h/v1#m?temprature=1', /unknown option "temprature".*known options: api/],
    ['openai:http://h/v1#m?api=responses', /api/],
    ['openai:http://h/v1#m?kind=tgi', /kind/],
    ['openai:http://h/v1#m?temperature=hot', /temperature/],
    ['openai:http://h/v1#m?key_env=sk-abc123', /environment variable NAME/],
  ])('rejects %s with a clear message', (spec, message) => {
    expect(() => parseEndpointSpec(spec)).toThrow(EndpointConfigError);
    expect(() => parseEndpointSpec(spec)).toThrow(message);
  });
});

describe('parseEndpointConfig', () => {
  it('is strict: an unknown key is an error', () => {
    expect(() => parseEndpointConfig({ baseUrl: 'http://h/v1', model: 'm', temprature: 1 })).toThrow(/temprature/);
    expect(() => parseEndpointConfig({ baseUrl: 'http://h/v1', model: 'm', sampling: { top_p: 1 } })).toThrow(/top_p/);
  });
});

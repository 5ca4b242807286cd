import { describe, expect, it } from 'vitest';
import { parseWeightSyncConfig, WeightSyncConfigError } from './weight-sync-config.ts';

const vllm = 'openai:http://10.0.0.2:8000/v1#policy?kind=vllm&key_env=VLLM_KEY&timeout_ms=5000';

describe('parseWeightSyncConfig', () => {
  it('parses the sampler spec and fills the defaults from it', () => {
    const config = parseWeightSyncConfig({ sampler: vllm, sync: 'lora' });
    expect(config.sampler).toMatchObject({ baseUrl: 'http://10.0.0.2:8000/v1', model: 'policy', kind: 'vllm' });
    expect(config.sampler.apiKeyEnv).toBe('VLLM_KEY');
    expect(config.loraName).toBe('policy');
    expect(config.timeoutMs).toBe(5000);
    const named = parseWeightSyncConfig({ sampler: vllm, sync: 'lora', loraName: 'pi', timeoutMs: 600_000 });
    expect(named).toMatchObject({ loraName: 'pi', timeoutMs: 600_000 });
    const selfplay = 'openai:http://127.0.0.1:8000/v1#selfplay?api=completions&template=lm-raw&kind=vllm';
    expect(parseWeightSyncConfig({ sampler: selfplay, sync: 'reload' }).sync).toBe('reload');
  });

  const refusals: [string, unknown, RegExp][] = [
    ['a missing sync', { sampler: vllm }, /sync/],
    ['an unknown sync', { sampler: vllm, sync: 'nccl' }, /sync[\s\S]*reload.*lora.*full|reload.*lora.*full[\s\S]*sync/],
    ['an unknown key', { sampler: vllm, sync: 'lora', adapter: 'x' }, /adapter/],
    ['a sampler that is not a spec', { sampler: 'http://h/v1', sync: 'full' }, /→ at sampler/],
    ['a bad option in the spec', { sampler: 'openai:http://h/v1#m?kind=tgi', sync: 'full' }, /→ at sampler/],
    [
      'lora on a selfplay-style openai kind',
      { sampler: 'openai:http://h/v1#m', sync: 'lora' },
      /kind vllm or sglang.*→ at sync/s,
    ],
    ['full on llama.cpp', { sampler: 'openai:http://h/v1#m?kind=llama.cpp', sync: 'full' }, /llama\.cpp cannot swap/],
    ['reload on sglang', { sampler: 'openai:http://h/v1#m?kind=sglang', sync: 'reload' }, /sync lora or full/],
    ['a lora name without lora', { sampler: vllm, sync: 'full', loraName: 'x' }, /→ at loraName/],
    ['a zero timeout', { sampler: vllm, sync: 'full', timeoutMs: 0 }, /→ at timeoutMs/],
  ];
  it.each(refusals)('refuses %s, naming the key', (_, input, message) => {
    expect(() => parseWeightSyncConfig(input)).toThrow(WeightSyncConfigError);
    expect(() => parseWeightSyncConfig(input)).toThrow(message);
  });
});

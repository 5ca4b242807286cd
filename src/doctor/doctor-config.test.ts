import { describe, expect, it } from 'vitest';
import { parseDoctorConfig } from './doctor-config.ts';

const sampler = 'openai:http://127.0.0.1:8000/v1#selfplay?api=completions&kind=vllm';

describe('the doctor config', () => {
  it("fills train's defaults: sync reload for a sampler, selfplay-lm for a tinker learner", () => {
    const targets = parseDoctorConfig({ sampler, learner: 'tinker:http://127.0.0.1:8765' });
    expect(targets.sampler).toMatchObject({ sync: 'reload', config: { model: 'selfplay', kind: 'vllm' } });
    expect(targets.learner).toEqual({
      choice: { kind: 'tinker', url: 'http://127.0.0.1:8765' },
      model: 'selfplay-lm',
    });
  });

  it('names bad keys and bad values in one line', () => {
    expect(() => parseDoctorConfig({ samplr: sampler, modle: 'x' })).toThrow(
      'unknown keys "samplr", "modle"; the keys are sampler, sync, learner, model',
    );
    expect(() => parseDoctorConfig({ sampler, sync: 'push' })).toThrow(/^sync: Invalid option/);
    expect(() => parseDoctorConfig({ sampler: 'openai:http://h/v1' })).toThrow(
      'sampler: bad endpoint "openai:http://h/v1": the model is missing: add #MODEL after the URL',
    );
    expect(() => parseDoctorConfig({ learner: 'tinker:ftp://h' })).toThrow(/^learner: --learner tinker:ftp/);
  });

  it('refuses a config with nothing to check, or a sync or model without its endpoint', () => {
    expect(() => parseDoctorConfig({})).toThrow(/^nothing to check/);
    expect(() => parseDoctorConfig({ sync: 'reload', learner: 'local-server' })).toThrow(/^sync is how the sampler/);
    expect(() => parseDoctorConfig({ sampler, model: 'qwen' })).toThrow(/^model names the base model/);
  });
});

import { describe, expect, it } from 'vitest';
import { ModelConfigError, modelConfigSchema, resolveModelConfig } from './config.ts';
import { parameterCount } from './param-layout.ts';

describe('model config', () => {
  it('resolves presets with every key filled in', () => {
    const ref = resolveModelConfig({}, 'reference');
    expect(ref).toEqual({
      vocabSize: 259,
      layers: 4,
      width: 128,
      heads: 4,
      context: 128,
      mlpHidden: 352,
      tieEmbeddings: false,
      ropeTheta: 10_000,
      normEps: 1e-5,
      initStd: 0.02,
    });
    expect(resolveModelConfig({ layers: 1 }, 'small')).toMatchObject({ layers: 1, width: 64, mlpHidden: 176 });
    // A resolved config parses back to itself (what a checkpoint relies on).
    expect(modelConfigSchema.parse(ref)).toEqual(ref);
  });

  it('rejects unknown keys by name and lists the known ones', () => {
    expect(() => resolveModelConfig({ widht: 64 })).toThrow(ModelConfigError);
    expect(() => resolveModelConfig({ widht: 64 })).toThrow(/Unrecognized key: "widht"[\s\S]*known keys: vocabSize/);
  });

  it('rejects shapes rotary attention cannot use', () => {
    expect(() => resolveModelConfig({ width: 100, heads: 3 })).toThrow(/divisible by heads/);
    expect(() => resolveModelConfig({ width: 24, heads: 8 })).toThrow(/must be even/);
    expect(() => resolveModelConfig({ layers: 0 })).toThrow(/layers/);
    expect(() => resolveModelConfig('big')).toThrow(/must be an object/);
  });

  it('covers roughly 50k to 5M parameters with the documented sizes', () => {
    expect(parameterCount(resolveModelConfig({}, 'reference'))).toBe(
      2 * 259 * 128 + 4 * (4 * 128 * 128 + 3 * 128 * 352 + 2 * 128) + 128,
    );
    const tiny = parameterCount(resolveModelConfig({ layers: 1, width: 32, heads: 2, tieEmbeddings: true }));
    expect(tiny).toBeLessThan(50_000);
    const big = parameterCount(resolveModelConfig({ layers: 6, width: 256, heads: 8 }));
    expect(big).toBeGreaterThan(4_500_000);
  });
});

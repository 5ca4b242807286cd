import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { applyOverrides, mergeConfig, parseTrainConfig } from './train-config.ts';

// Taken from `parseTrainConfig({})` before the defaults moved onto their fields (`.prefault({})`), key order included.
const previousDefaults: unknown = JSON.parse(
  readFileSync(new URL('./__fixtures__/default-train-config.json', import.meta.url), 'utf8'),
);
const presetsDir = fileURLToPath(new URL('../../presets/', import.meta.url));

describe('train config defaults', () => {
  it('fills an empty config with the same defaults as before, in the same key order', () => {
    const config = parseTrainConfig({});
    expect(config).toEqual(previousDefaults);
    expect(JSON.stringify(config)).toBe(JSON.stringify(previousDefaults));
  });

  it('fills a partly given section from its fields, and never shares one default object between runs', () => {
    const config = parseTrainConfig({ rollout: { temperature: 0.5 } });
    expect(config.rollout).toEqual({ ...(previousDefaults as { rollout: object }).rollout, temperature: 0.5 });
    config.rollout.gamesPerStep = 1;
    expect(parseTrainConfig({}).rollout.gamesPerStep).toBe(64);
  });

  it('parses every shipped preset to its own keys over the defaults', () => {
    // What the schema did before: a missing key takes its default, a given key stays; nothing else changes.
    for (const file of readdirSync(presetsDir).filter((f) => f.endsWith('.json'))) {
      const preset = JSON.parse(readFileSync(`${presetsDir}${file}`, 'utf8')) as Record<string, unknown>;
      expect(parseTrainConfig(preset), file).toEqual(mergeConfig(previousDefaults as Record<string, unknown>, preset));
    }
  });
});

describe('mergeConfig', () => {
  const preset = {
    game: 'kuhn-poker',
    rollout: { gamesPerStep: 32, format: 'full' },
    model: { config: { dModel: 64 } },
  };

  it("merges objects key by key, so a file's one rollout key keeps the preset's others", () => {
    const merged = mergeConfig(preset, { rollout: { temperature: 0.8 }, model: { config: { nLayers: 3 } } });
    expect(merged).toEqual({
      game: 'kuhn-poker',
      rollout: { gamesPerStep: 32, format: 'full', temperature: 0.8 },
      model: { config: { dModel: 64, nLayers: 3 } },
    });
    expect(preset.rollout).toEqual({ gamesPerStep: 32, format: 'full' });
  });

  it('replaces scalars, arrays and null whole', () => {
    const base = { games: ['kuhn-poker', 'tic-tac-toe'], steps: 10, rollout: { format: 'full' } };
    expect(mergeConfig(base, { games: ['leduc-poker'], steps: 3, rollout: null })).toEqual({
      games: ['leduc-poker'],
      steps: 3,
      rollout: null,
    });
  });

  it('passes unknown keys through, for the schema to refuse by name', () => {
    const merged = mergeConfig(preset, { rollout: { temprature: 0.8 } });
    expect(() => parseTrainConfig(merged)).toThrow(/temprature/);
  });

  it('keeps the precedence preset < file < --set', () => {
    const merged = mergeConfig(preset, { rollout: { gamesPerStep: 16, temperature: 0.8 } });
    const raw = applyOverrides(merged, ['rollout.gamesPerStep=8']);
    expect(parseTrainConfig(raw).rollout).toMatchObject({ gamesPerStep: 8, format: 'full', temperature: 0.8 });
  });
});

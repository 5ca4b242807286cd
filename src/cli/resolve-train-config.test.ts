import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultPreset, resolveTrainConfig } from './resolve-train-config.ts';

const presetFile = (name: string) => new URL(`../../presets/${name}.json`, import.meta.url);
const preset = JSON.parse(readFileSync(presetFile(defaultPreset), 'utf8')) as {
  rollout: Record<string, unknown>;
  optim: Record<string, unknown>;
};

async function configFile(content: unknown): Promise<string> {
  const file = join(await mkdtemp(join(tmpdir(), 'selfplay-config-')), 'config.json');
  await writeFile(file, JSON.stringify(content));
  return file;
}

describe('resolveTrainConfig', () => {
  it("merges a --config file into the preset key by key: the preset's other rollout keys survive", async () => {
    expect(Object.keys(preset.rollout).length).toBeGreaterThan(0);
    const config = await resolveTrainConfig({ config: await configFile({ rollout: { temperature: 0.8 } }) });
    expect(config.rollout).toMatchObject({ ...preset.rollout, temperature: 0.8 });
    expect(config.optim).toMatchObject(preset.optim);
  });

  it('keeps the precedence preset < --config < flags < --set', async () => {
    const file = await configFile({ steps: 7, seed: 5, rollout: { gamesPerStep: 16 } });
    const config = await resolveTrainConfig({ config: file, seed: '9', set: ['rollout.gamesPerStep=8', 'seed=11'] });
    expect(config).toMatchObject({ steps: 7, seed: 11, rollout: { gamesPerStep: 8 } });
    expect((await resolveTrainConfig({ config: file, seed: '9' })).seed).toBe(9);
  });

  it("trains --game G with G's own preset where one ships, and with the default preset's settings otherwise", async () => {
    const own = JSON.parse(readFileSync(presetFile('tic-tac-toe'), 'utf8')) as { steps: number };
    const ttt = await resolveTrainConfig({ game: 'tic-tac-toe' });
    expect(ttt).toMatchObject({ game: 'tic-tac-toe', steps: own.steps, rollout: { mode: 'full-width' } });
    // A named preset still wins; a game without a preset of its own takes the default's settings.
    expect((await resolveTrainConfig({ game: 'tic-tac-toe', preset: defaultPreset })).rollout.mode).toBe('sampled');
    const dice = await resolveTrainConfig({ game: 'liars-dice' });
    expect(dice).toMatchObject({ game: 'liars-dice', rollout: { gamesPerStep: preset.rollout.gamesPerStep } });
    const leduc = await resolveTrainConfig({ game: 'leduc-poker' });
    expect(leduc).toMatchObject({ game: 'leduc-poker', rollout: { mode: 'full-width' } });
  });

  it('refuses a bad key in the file, naming it', async () => {
    const file = await configFile({ rollout: { temprature: 0.8 } });
    await expect(resolveTrainConfig({ config: file })).rejects.toThrow(/temprature/);
  });

  it('refuses a file that is not a JSON object', async () => {
    await expect(resolveTrainConfig({ config: await configFile([1, 2]) })).rejects.toThrow(/JSON object/);
  });
});

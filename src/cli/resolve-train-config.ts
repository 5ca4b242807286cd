import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import {
  applyOverrides,
  mergeConfig,
  parseTrainConfig,
  type TrainConfig,
  TrainConfigError,
} from '../train/train-config.ts';
import { didYouMean } from '../util/closest-name.ts';
import { CliUsageError } from './io.ts';

/** The preset `selfplay train` (and `npm start`) runs when none is named. */
export const defaultPreset = 'kuhn-poker';

/** Presets ship with the package, next to src/. */
const presetsDir = new URL('../../presets/', import.meta.url);

/** The presets that ship with the package: presets/NAME.json. */
export function presetNames(): string[] {
  return readdirSync(presetsDir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}

/** A JSON file holding an object of config keys; anything else is a usage error naming the file. */
export async function readJsonObject(file: string, what: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new CliUsageError(`cannot read ${what} "${file}"`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new CliUsageError(`${what} "${file}" is not JSON: ${(error as Error).message}`);
  }
  // The schema names bad keys; a file that is not an object at all has none to name.
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new CliUsageError(`${what} "${file}" must hold a JSON object of config keys`);
  return value as Record<string, unknown>;
}

/** The `selfplay train` options that choose a config. */
export interface TrainConfigFlags {
  preset?: string | undefined;
  config?: string | undefined;
  game?: string | undefined;
  games?: string | undefined;
  steps?: string | undefined;
  minutes?: string | undefined;
  seed?: string | undefined;
  set?: string[] | undefined;
}

/**
 * Preset (named, or the game's own, or the default) < --config file < flags < --set, validated strictly. The file is merged key by key into the preset
 * (`mergeConfig`), so it need only name what it changes.
 */
export async function resolveTrainConfig(flags: TrainConfigFlags): Promise<TrainConfig> {
  const presets = presetNames();
  // `--game G` alone trains with G's own preset where one ships (presets/G.json), as `--game kuhn-poker` always did.
  const preset = flags.preset ?? (flags.game && presets.includes(flags.game) ? flags.game : defaultPreset);
  if (!presets.includes(preset))
    throw new CliUsageError(`unknown preset "${preset}"${didYouMean(preset, presets)}; presets: ${presets.join(', ')}`);
  let raw = await readJsonObject(fileURLToPath(new URL(`${preset}.json`, presetsDir)), 'preset');
  if (flags.config) raw = mergeConfig(raw, await readJsonObject(flags.config, 'config'));
  // A game named on the command line replaces whatever game list the preset or config file held.
  if (flags.game || flags.games) delete raw.games;
  const gameList = flags.games?.split(',').map((g) => g.trim());
  if (gameList?.some((g) => g === ''))
    throw new CliUsageError(`--games takes ids separated by commas, got "${flags.games}"`);
  const flagOverrides = [
    ...(flags.game ? [`game=${JSON.stringify(flags.game)}`] : []),
    ...(gameList ? [`games=${JSON.stringify(gameList)}`] : []),
    ...(flags.steps ? [`steps=${flags.steps}`] : []),
    ...(flags.minutes ? [`minutes=${flags.minutes}`] : []),
    ...(flags.seed ? [`seed=${flags.seed}`] : []),
  ];
  try {
    return parseTrainConfig(applyOverrides(raw, [...flagOverrides, ...(flags.set ?? [])]));
  } catch (error) {
    if (error instanceof TrainConfigError) throw new CliUsageError(error.message);
    throw error;
  }
}

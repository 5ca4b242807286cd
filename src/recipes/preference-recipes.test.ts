import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseIterationConfig } from '../train/iterations/iteration-config.ts';
import { preferenceRecipeNames, preferenceRecipes } from './preference-recipes.ts';

describe('preference recipes', () => {
  it.each(preferenceRecipeNames)(
    '%s: its defaults are a valid config over a file shipped in the repository',
    (name) => {
      const config = parseIterationConfig(preferenceRecipes[name]);
      expect(config.recipe).toBe(name);
      const file = config.preferences ?? config.data;
      expect(existsSync(fileURLToPath(new URL(`../../${file}`, import.meta.url)))).toBe(true);
    },
  );
});

import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseTrainConfig } from './train-config.ts';

const dir = fileURLToPath(new URL('../../presets/', import.meta.url));

describe('shipped presets', () => {
  it('are all valid training configs', () => {
    const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
    expect(files).toContain('kuhn-poker.json');
    for (const file of files) {
      expect(() => parseTrainConfig(JSON.parse(readFileSync(`${dir}${file}`, 'utf8'))), file).not.toThrow();
    }
  });
});

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScriptedServer } from '../../llm/__fixtures__/scripted-server.ts';
import { alternativesFor, fileVerdict, startJudgeServer } from '../../preference/__fixtures__/judge-server.ts';
import { readPreferenceFile } from '../../preference/index.ts';
import { captureIo } from '../../testing/capture-io.ts';
import { resolveRecipeConfig } from '../resolve-recipe-config.ts';
import { runRecipe } from './train-recipe.ts';

let server: ScriptedServer;
beforeAll(async () => {
  const verdict = fileVerdict(await readPreferenceFile('data/preferences/intransitive-5.json'));
  server = await startJudgeServer((q) => alternativesFor(verdict(q)));
});
afterAll(() => server.close());

const tiny = [
  'model.config={"layers":1,"width":32,"heads":2,"context":64}',
  'warmup.steps=20',
  'warmup.lr=0.01',
  'samples=3',
  'epochs=1',
  'evaluation.every=1',
];

describe('selfplay train --recipe … --judge', () => {
  it('plays against the judge, prints its requests and ends with the duality gap under its matrix', async () => {
    const judge = `openai:${server.baseUrl}#judge`;
    const config = await resolveRecipeConfig({ recipe: 'spo', judge, iterations: '2', set: tiny });
    expect(config.judge).toEqual({ endpoint: judge, topLogprobs: 5 });
    const io = captureIo();
    const dir = join(mkdtempSync(join(tmpdir(), 'selfplay-judge-recipe-')), 'run');
    expect(await runRecipe({ io, config, runDir: dir })).toBe(0);
    const lines = io.out().trimEnd().split('\n');
    expect(lines[0]).toMatch(
      /recipe spo on data\/preferences\/intransitive-5\.json judged by judge @ 127\.0\.0\.1:\d+, 2/,
    );
    expect(io.out()).toMatch(/^judge: (\d+) requests for \d+ pairs, 0 invalid verdicts \(read as ½\)$/m);
    expect(lines.at(-1)).toMatch(/^duality gap 0\.\d{4}$/);
  });

  it('names the flag when the judge does not fit', async () => {
    await expect(resolveRecipeConfig({ recipe: 'spin', judge: 'openai:http://h/v1#m' })).rejects.toThrow(
      /--judge compares the iterate's own samples \(recipes sppo, spo, dpo\); recipe spin trains on a data file/,
    );
    await expect(resolveRecipeConfig({ recipe: 'sppo', judge: 'http://h/v1#m' })).rejects.toThrow(
      /--judge: bad endpoint "http:\/\/h\/v1#m": it must start with "openai:"/,
    );
    await expect(
      resolveRecipeConfig({ recipe: 'dpo', judge: 'openai:http://h/v1#m', set: ['judge.topLogprobs=50'] }),
    ).rejects.toThrow(/judge\.topLogprobs/);
    // Through --set, the config names the key.
    await expect(resolveRecipeConfig({ recipe: 'sft', set: ['judge.endpoint=openai:http://h/v1#m'] })).rejects.toThrow(
      /a judge compares the iterate's own samples[\s\S]*at judge/,
    );
    await expect(resolveRecipeConfig({ recipe: 'sppo', set: ['judge.endpoint=openai:h#m'] })).rejects.toThrow(
      /is not an http\(s\) URL[\s\S]*at judge\.endpoint/,
    );
  });
});

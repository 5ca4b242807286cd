import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createModel, resolveModelConfig, saveModel } from '../../lm/index.ts';
import { createHeap, createKernels } from '../../lm/kernels/index.ts';
import { preferenceDualityGap, readPreferenceFile } from '../../preference/index.ts';
import { captureIo } from '../../testing/capture-io.ts';
import { createRng } from '../../util/rng.ts';
import { main } from '../main.ts';

const preferences = fileURLToPath(new URL('../../../data/preferences/intransitive-5.json', import.meta.url));

async function tinyCheckpoint(): Promise<string> {
  const dir = join(await mkdtemp(join(tmpdir(), 'pref-gap-')), 'ckpt');
  const model = createModel({
    kernels: createKernels({ heap: createHeap() }),
    config: resolveModelConfig({ layers: 1, width: 16, heads: 2, context: 64, initStd: 0.3 }),
    rng: createRng(4),
  });
  await saveModel(dir, { model });
  return dir;
}

describe('selfplay preference-gap', () => {
  it('prints each prompt’s distribution, winner and gap, ends with the mean gap, and writes the distributions', async () => {
    const checkpoint = await tinyCheckpoint();
    const out = join(checkpoint, '..', 'dist.json');
    const io = captureIo();
    const args = ['preference-gap', '--checkpoint', checkpoint, '--preferences', preferences];
    expect(await main([...args, '--out', out], io)).toBe(0);
    const text = io.out();
    expect(text).toContain('constrained decoding at temperature 1, top-p 1; 2 prompts from');
    expect(text).toContain('prompt 1: "Name a colour."');
    expect(text).toMatch(/^"green" +0\.\d{4} +0\.5000 +0\.\d{4}$/m); // the colour cycle's winner puts ½ on green
    expect(text).toMatch(/^<other> +0\.0000 +0\.0000 +0\.0000$/m);
    const lines = text.trimEnd().split('\n');
    expect(lines.at(-1)).toMatch(/^duality gap 0\.\d{4}$/);

    // The written distributions give back the printed mean gap through the library's definition.
    const written = JSON.parse(await readFile(out, 'utf8')) as Record<string, Record<string, number>>;
    const set = await readPreferenceFile(preferences);
    const gaps = set.prompts.map((p) => {
      const entry = written[p.prompt]!;
      expect(Object.keys(entry)).toEqual([...p.responses, '<other>']);
      return preferenceDualityGap(p, { probabilities: p.responses.map((r) => entry[r]!), other: entry['<other>']! });
    });
    expect(lines.at(-1)).toBe(`duality gap ${((gaps[0]! + gaps[1]!) / 2).toFixed(4)}`);
    const printed = [...text.matchAll(/^gap (0\.\d{4}): the best reply/gm)].map((m) => Number(m[1]));
    printed.forEach((g, i) => expect(g).toBeCloseTo(gaps[i]!, 4));

    // Free decoding: an untrained model almost never writes a listed response, so π is nearly all "other" and
    // every listed response beats it: the gap is close to ½.
    const free = captureIo();
    expect(await main([...args, '--decoding', 'free'], free)).toBe(0);
    expect(free.out()).toMatch(/^<other> +(1\.0000|0\.99\d\d) +0\.0000/m);
    expect(Number(/duality gap (0\.\d{4})$/.exec(free.out().trimEnd())?.[1])).toBeGreaterThan(0.49);
  });

  it('rejects bad options (exit 2) and names the prompt and cell of a bad file (exit 1)', async () => {
    const checkpoint = await tinyCheckpoint();
    const missing = captureIo();
    expect(await main(['preference-gap', '--checkpoint', checkpoint], missing)).toBe(2);
    expect(missing.err()).toContain('--checkpoint and --preferences are required');
    const decoding = captureIo();
    const args = ['preference-gap', '--checkpoint', checkpoint, '--preferences', preferences];
    expect(await main([...args, '--decoding', 'guided'], decoding)).toBe(2);
    expect(decoding.err()).toContain('--decoding must be one of constrained, free');
    const bad = join(checkpoint, '..', 'bad.json');
    const set = JSON.parse(await readFile(preferences, 'utf8')) as { prompts: { preferences: number[][] }[] };
    set.prompts[1]!.preferences[3]![0] = 0.4;
    await writeFile(bad, JSON.stringify(set));
    const io = captureIo();
    expect(await main(['preference-gap', '--checkpoint', checkpoint, '--preferences', bad], io)).toBe(1);
    expect(io.err()).toContain(
      'DataFileError: preference file: prompt 1 ("Name a colour."): cells (0, 3) = 0.7 and (3, 0) = 0.4 sum to 1.1',
    );
  });
});

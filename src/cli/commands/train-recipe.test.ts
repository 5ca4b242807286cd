import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { preferenceOracle, readPreferenceFile } from '../../preference/index.ts';
import { captureIo } from '../../testing/capture-io.ts';
import { main } from '../main.ts';

const preferences = fileURLToPath(new URL('../../../data/preferences/intransitive-5.json', import.meta.url));

interface SppoLine {
  prompt: string;
  chosen: string;
  rejected: string;
  chosen_probs: number;
  chosen_probs_win: number;
  chosen_probs_lose: number;
}

// A tiny model and budget: the command's shape, not its figures.
const tiny = [
  'model.config={"layers":1,"width":32,"heads":2,"context":64}',
  'warmup.steps=5',
  'samples=2',
  'epochs=1',
  'evaluation.every=1',
].flatMap((s) => ['--set', s]);

describe('selfplay train --recipe', () => {
  it('runs a preference recipe, ends with its duality gap, resumes, and exports its pairs', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'selfplay-recipe-')), 'run');
    const io = captureIo();
    // Enough warm-up that the model writes listed responses, which the oracle tells apart.
    const warm = ['--set', 'warmup.steps=60', '--set', 'warmup.lr=0.01', '--set', 'samples=4'];
    expect(await main(['train', '--recipe', 'dpo', '--iterations', '2', '--run-dir', dir, ...tiny, ...warm], io)).toBe(
      0,
    );
    const lines = io.out().trimEnd().split('\n');
    expect(lines[0]).toContain('recipe dpo on data/preferences/intransitive-5.json, 2 iterations');
    expect(io.out()).toMatch(/^ {2}iteration 2\/2: duality gap 0\.\d{4} · other [01]\.\d{4} · \d+ s$/m);
    expect(lines.at(-1)).toMatch(/^duality gap [01]\.\d{4}$/);

    // Measured afterwards as it played: free text, the same figure the run printed last.
    const gap = captureIo();
    expect(await main(['preference-gap', '--checkpoint', dir, '--preferences', preferences], gap)).toBe(0);
    expect(gap.out()).toContain('free decoding at temperature 1');
    expect(gap.out().trimEnd().split('\n').at(-1)).toBe(lines.at(-1));

    // A finished run resumes as a no-op that saves its last checkpoint again and prints the same figure.
    const again = captureIo();
    expect(await main(['train', '--resume', dir], again)).toBe(0);
    expect(again.out().trimEnd().split('\n').at(-1)).toMatch(/^duality gap/);

    const out = join(dir, '..', 'pairs.jsonl');
    expect(await main(['export', dir, '--format', 'dpo-trl', '--out', out], captureIo())).toBe(0);
    const pairs = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, string>);
    expect(pairs.length).toBeGreaterThan(0);
    for (const p of pairs) expect(Object.keys(p)).toEqual(['prompt', 'chosen', 'rejected']);

    // SPPO's layout: per iteration and prompt, with the oracle's P(chosen ≻ rejected) from the run's own file.
    const sppoOut = join(dir, '..', 'sppo.jsonl');
    expect(await main(['export', dir, '--format', 'sppo', '--out', sppoOut], captureIo())).toBe(0);
    const set = await readPreferenceFile(preferences);
    const sppoLines = readFileSync(sppoOut, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as SppoLine);
    expect(sppoLines.length).toBeGreaterThan(0);
    for (const line of sppoLines) {
      const prompt = set.prompts.find((p) => p.prompt === line.prompt)!;
      const index = (text: string) => prompt.responses.indexOf(text);
      expect(line.chosen_probs).toBe(preferenceOracle(prompt)(index(line.chosen), index(line.rejected)));
      expect(line.chosen_probs_win).toBeGreaterThan(line.chosen_probs_lose);
    }
  });

  it('names what is wrong with a recipe command line', async () => {
    const cases: [string[], RegExp][] = [
      [['--recipe', 'spp'], /unknown recipe "spp".*did you mean "sppo"/],
      [['--recipe', 'spin', '--preferences', 'x.json'], /trains on a data file: pass --data/],
      [['--recipe', 'sppo', '--steps', '3'], /--steps is an option of the online games loop/],
      [['--iterations', '3'], /--iterations is an option of the outer-iteration recipes/],
      [['--recipe', 'sppo', '--set', 'loss={"kind":"dpo","beta":0.1}'], /does not fit the curation/],
    ];
    for (const [args, message] of cases) {
      const io = captureIo();
      expect(await main(['train', ...args], io)).not.toBe(0);
      expect(io.err()).toMatch(message);
    }
  });
});

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { saveTinyCheckpoint } from '../../serve/__fixtures__/tiny-server.ts';
import { openRunStore } from '../../store/run-store.ts';
import { captureIo } from '../../testing/capture-io.ts';
import { main } from '../main.ts';

// A tiny budget: the command's shape, not its figures.
const tiny = [
  'proposalsPerType=2',
  'solveSamples=2',
  'solveBatch=2',
  'maxTokens=16',
  'evaluation.perType=2',
  'evaluation.maxTokens=16',
  'evaluation.every=1',
].flatMap((s) => ['--set', s]);

describe('selfplay train --recipe azr', () => {
  it('runs from a base checkpoint, prints steps and the benchmark, records BASE, resumes and exports', async () => {
    const base = await saveTinyCheckpoint({ seed: 6 });
    const dir = join(mkdtempSync(join(tmpdir(), 'selfplay-azr-cli-')), 'run');
    const io = captureIo();
    const argv = ['train', '--recipe', 'azr', '--checkpoint', base, '--steps', '2', '--seed', '1', '--run-dir', dir];
    expect(await main([...argv, ...tiny, '--set', 'learnability=spell'], io)).toBe(0);
    const lines = io.out().trimEnd().split('\n');
    expect(lines[0]).toContain(`recipe azr from ${base} (shared roles, learnability spell, verifier rule), 2 steps`);
    expect(io.out()).toMatch(
      /^ {2}step 2\/2: valid [\d.]+\/[\d.]+\/[\d.]+ · solved .* · buffers \d+\/\d+\/\d+ · loss /m,
    );
    expect(io.out()).toMatch(
      /^ {2}benchmark @0: deduction 0\.\d{4} · abduction 0\.\d{4} · induction 0\.\d{4} · all 0\.\d{4}$/m,
    );
    expect(lines.at(-1)).toMatch(/^accuracy [01]\.\d{4}$/);
    const store = openRunStore({ dir, readonly: true });
    expect(store.meta().config).toMatchObject({ recipe: 'azr', checkpoint: base, learnability: 'spell', steps: 2 });
    store.close();

    // A finished run resumes as a no-op that saves its last checkpoint again and prints the same accuracy.
    const again = captureIo();
    expect(await main(['train', '--resume', dir], again)).toBe(0);
    expect(again.out().trimEnd().split('\n').at(-1)).toBe(lines.at(-1));

    const out = join(dir, '..', 'samples.jsonl');
    expect(await main(['export', dir, '--out', out], captureIo())).toBe(0);
    expect(readFileSync(out, 'utf8').trim().split('\n').length).toBeGreaterThan(0);
  }, 60_000);

  it('refuses what it cannot run, naming the fix', async () => {
    const base = await saveTinyCheckpoint({ seed: 7 });
    const refused = async (argv: string[], message: RegExp) => {
      const io = captureIo();
      expect(await main(['train', '--recipe', 'azr', ...argv], io)).toBe(2);
      expect(io.err()).toMatch(message);
    };
    await refused([], /pass --checkpoint BASE/);
    await refused(['--checkpoint', join(tmpdir(), 'no-such-base')], /--checkpoint: no checkpoint or run folder/);
    await refused(
      ['--checkpoint', base, '--set', 'learnability=zpd'],
      /"azr"\|"ssp"\|"agent0"\|"spell"\|"pasodoble"\|"ssr"\|"stp"[\s\S]*at learnability/,
    );
    await refused(['--checkpoint', base, '--verifier', 'judge'], /verifier judge is not built yet; use rule/);
    await refused(['--checkpoint', base, '--set', 'proposalz=3'], /proposalz/);
    await refused(['--checkpoint', base, '--game', 'kuhn-poker'], /--game is not an option of --recipe azr/);
    const io = captureIo();
    expect(await main(['train', '--recipe', 'dpo', '--checkpoint', base], io)).toBe(2);
    expect(io.err()).toMatch(/--checkpoint is an option of --recipe azr/);
  });
});

import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../cli/main.ts';
import { decode } from '../lm/index.ts';
import { openRunStore, type SampleRow } from '../store/run-store.ts';
import { captureIo } from '../testing/capture-io.ts';
import { parseTrainConfig } from '../train/train-config.ts';
import { train } from '../train/trainer.ts';

const root = mkdtempSync(join(tmpdir(), 'selfplay-export-'));
const trainDir = join(root, 'train');
const arenaDir = join(root, 'arena');

async function exportLines(args: string[]): Promise<{ lines: Record<string, unknown>[]; err: string }> {
  const io = captureIo();
  const code = await main(['export', ...args], io);
  expect(code, io.err()).toBe(0);
  const lines = io
    .out()
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { lines, err: io.err() };
}

function storedSamples(): SampleRow[] {
  const store = openRunStore({ dir: trainDir, readonly: true });
  try {
    return [...store.iterateSamples()];
  } finally {
    store.close();
  }
}

beforeAll(async () => {
  const config = parseTrainConfig({
    game: 'kuhn-poker',
    steps: 2,
    // `selfplay arena` shows every player the full observation layout, so the model trains on it with room for it.
    model: { preset: 'small', config: { context: 768 } },
    rollout: { gamesPerStep: 4, format: 'full' },
    evaluation: { every: 1000, vsRandomGames: 0 },
  });
  const store = openRunStore({ dir: trainDir });
  store.init({ id: 'train', kind: 'train', config });
  await train({ config, store });
  store.setStatus('finished');
  store.close();
  const io = captureIo();
  const arena = ['arena', '--player', `lm=checkpoint:${trainDir}`, '--player', 'r=random'];
  expect(await main([...arena, '--games-per-pair', '4', '--run-dir', arenaDir], io), io.err()).toBe(0);
}, 120_000);

describe('selfplay export', () => {
  it('writes one trajectory line per trained turn whose ids decode to its text', async () => {
    const rows = storedSamples();
    expect(rows.length).toBeGreaterThan(0);
    const { lines, err } = await exportLines([trainDir]);
    expect(lines).toHaveLength(rows.length);
    expect(err).toContain(`${rows.length} turn(s) from samples → ${rows.length} trajectories line(s)`);
    for (const line of lines) {
      expect(Object.keys(line)).toEqual(
        expect.arrayContaining(['prompt', 'completion', 'reward', 'advantage', 'game', 'role', 'seed', 'step']),
      );
      expect(decode(line.prompt_token_ids as number[])).toBe(line.prompt);
      expect(decode(line.completion_token_ids as number[])).toBe(line.completion);
      expect((line.logprobs as number[]).length).toBe((line.completion_token_ids as number[]).length);
      expect(line.game).toBe('kuhn-poker');
      expect(typeof line.advantage).toBe('number');
    }
    // Rewards are the episode returns: Kuhn's are ±1 or ±2, and the two seats of one game sum to zero.
    const byEpisode = new Map<string, Map<number, number>>();
    for (const line of lines) {
      expect([-2, -1, 1, 2]).toContain(line.reward);
      const key = `${String(line.step)}/${String(line.episode)}`;
      const seats = byEpisode.get(key) ?? new Map<number, number>();
      seats.set(line.role as number, line.reward as number);
      byEpisode.set(key, seats);
    }
    for (const seats of byEpisode.values()) if (seats.size === 2) expect(seats.get(0)! + seats.get(1)!).toBe(0);
  });

  it('filters by --steps and --game and writes to --out', async () => {
    const out = join(root, 'step2.jsonl');
    const { lines } = await exportLines([trainDir, '--steps', '2:2', '--out', out]);
    expect(lines).toEqual([]);
    const written = readFileSync(out, 'utf8').trim().split('\n');
    expect(written.length).toBe(storedSamples().filter((s) => s.step === 2).length);
    expect(written.every((l) => (JSON.parse(l) as { step: number }).step === 2)).toBe(true);
    const io = captureIo();
    expect(await main(['export', trainDir, '--game', 'leduc-poker'], io)).toBe(1);
    expect(io.err()).toContain('no samples of run train match --game leduc-poker');
  });

  it('pairs the best and worst completion of each prompt in the TRL and OpenAI layouts', async () => {
    const rows = storedSamples();
    const meanReward = (prompt: string, completion: string) => {
      const of = rows.filter((r) => r.prompt === prompt && r.completion === completion);
      return of.reduce((s, r) => s + r.reward, 0) / of.length;
    };
    const trl = (await exportLines([trainDir, '--format', 'dpo-trl'])).lines;
    expect(trl.length).toBeGreaterThan(0);
    for (const pair of trl) {
      expect(Object.keys(pair).sort()).toEqual(['chosen', 'prompt', 'rejected']);
      const [prompt, chosen, rejected] = [pair.prompt, pair.chosen, pair.rejected] as string[];
      expect(meanReward(prompt!, chosen!)).toBeGreaterThan(meanReward(prompt!, rejected!));
    }
    const chat = (await exportLines([trainDir, '--format', 'dpo-trl-chat'])).lines;
    expect(chat[0]).toEqual({
      prompt: [{ role: 'user', content: trl[0]!.prompt }],
      chosen: [{ role: 'assistant', content: trl[0]!.chosen }],
      rejected: [{ role: 'assistant', content: trl[0]!.rejected }],
    });
    const { lines: openai, err } = await exportLines([trainDir, '--format', 'dpo-openai']);
    expect(openai).toHaveLength(trl.length);
    expect(openai[0]).toEqual({
      input: { messages: [{ role: 'user', content: trl[0]!.prompt }] },
      preferred_output: [{ role: 'assistant', content: trl[0]!.chosen }],
      non_preferred_output: [{ role: 'assistant', content: trl[0]!.rejected }],
    });
    expect(err).toMatch(/prompt group\(s\), skipped \d+ with one completion/);
    const strict = (await exportLines([trainDir, '--format', 'dpo-trl', '--min-margin', '100'])).lines;
    expect(strict).toEqual([]);
  });

  it('exports an arena run from its transcripts: the LM seat’s turns, its return, no advantage', async () => {
    const { lines, err } = await exportLines([arenaDir]);
    expect(err).toContain('from arena transcripts');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(line.player).toBe('lm');
      expect(line.advantage).toBeNull();
      expect(decode(line.prompt_token_ids as number[])).toBe(line.prompt);
      expect(decode(line.completion_token_ids as number[])).toBe(line.completion);
      expect((line.logprobs as number[]).length).toBe((line.completion_token_ids as number[]).length);
    }
    const store = openRunStore({ dir: arenaDir, readonly: true });
    const episodes = store.episodes({ limit: 1000 }).reverse();
    store.close();
    const first = lines[0]!;
    const episode = episodes.filter((e) => e.step === first.step)[first.episode as number]!;
    expect(first.seed).toBe(episode.seed);
    expect(first.reward).toBe(episode.returns[first.role as number]);
    const io = captureIo();
    expect(await main(['export', arenaDir, '--format', 'dpo-trl', '--pair-by', 'advantage'], io)).toBe(1);
    expect(io.err()).toContain('no advantage');
  });

  it('names the problem: a missing run, a bad --steps range, a bad --min-margin', async () => {
    for (const [args, message] of [
      [[join(root, 'nope')], 'no run at'],
      [[trainDir, '--steps', '5:2'], '--steps 5:2'],
      [[trainDir, '--steps', 'a:b'], '--steps must be'],
      [[trainDir, '--min-margin', '-1'], '--min-margin'],
      [[trainDir, '--format', 'csv'], '--format must be one of'],
    ] as const) {
      const io = captureIo();
      expect(await main(['export', ...args], io), args.join(' ')).toBe(2);
      expect(io.err()).toContain(message);
    }
    const bare = openRunStore({ dir: join(root, 'bare') }); // a training run that recorded no samples
    bare.init({ id: 'bare', kind: 'train', config: {} });
    bare.close();
    const io = captureIo();
    expect(await main(['export', join(root, 'bare'), '--out', join(root, 'never.jsonl')], io)).toBe(1);
    expect(io.err()).toContain('run bare has no recorded samples');
    expect(existsSync(join(root, 'never.jsonl'))).toBe(false);
  });
});

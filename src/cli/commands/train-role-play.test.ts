import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseProgram, runProgram } from '../../executors/index.ts';
import { chatReply, type ScriptedServer, startScriptedServer } from '../../llm/__fixtures__/scripted-server.ts';
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

  it('runs with the max verifier, printing how often the judge agrees with the executor', async () => {
    const base = await saveTinyCheckpoint({ seed: 6 });
    const dir = join(mkdtempSync(join(tmpdir(), 'selfplay-azr-cli-max-')), 'run');
    const io = captureIo();
    const argv = [
      'train',
      '--recipe',
      'azr',
      '--checkpoint',
      base,
      '--steps',
      '1',
      '--verifier',
      'max',
      '--run-dir',
      dir,
    ];
    expect(await main([...argv, ...tiny], io)).toBe(0);
    expect(io.out()).toContain('(shared roles, learnability azr, verifier max)');
    expect(io.out()).toMatch(
      /^ {2}step 1\/1: valid .* · solved .* · judge agrees (—|[\d.]+)\/(—|[\d.]+)\/(—|[\d.]+) · /m,
    );
    const store = openRunStore({ dir, readonly: true });
    expect(store.meta().config).toMatchObject({ verifier: 'max' });
    store.close();
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
    await refused(
      ['--checkpoint', base, '--verifier', 'oracle'],
      /unknown verifier "oracle"; use rule \(the executor\), judge \(.*\) or max \(.*\)/,
    );
    await refused(['--checkpoint', base, '--set', 'proposalz=3'], /proposalz/);
    await refused(['--checkpoint', base, '--game', 'kuhn-poker'], /--game is not an option of --recipe azr/);
    const io = captureIo();
    expect(await main(['train', '--recipe', 'dpo', '--checkpoint', base], io)).toBe(2);
    expect(io.err()).toMatch(/--checkpoint is an option of --recipe azr/);
  });
});

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const userMessage = (body: unknown) =>
  (body as { messages: { role: string; content: string }[] }).messages.find((m) => m.role === 'user')?.content ?? '';
const systemMessage = (body: unknown) =>
  (body as { messages: { role: string; content: string }[] }).messages.find((m) => m.role === 'system')?.content ?? '';

describe('selfplay train --recipe azr --player', () => {
  it('lets an endpoint play the solver: it answers the rollouts and the benchmark, and is never trained', async () => {
    // The endpoint computes every deduction with the executor and answers 0 to everything else.
    server = await startScriptedServer((request) => {
      const prompt = userMessage(request.body);
      const deduction = /^Program: (.*)\nInput: (-?\d+)\nOutput\?$/.exec(prompt);
      const parsed = deduction ? parseProgram(deduction[1]!) : undefined;
      const run = parsed?.ok ? runProgram(parsed.program, Number(deduction![2])) : undefined;
      return { json: chatReply(`\\boxed{${run?.ok ? run.value : 0}}`) };
    });
    const base = await saveTinyCheckpoint({ seed: 6 });
    const dir = join(mkdtempSync(join(tmpdir(), 'selfplay-azr-endpoint-')), 'run');
    const io = captureIo();
    const player = `solve=openai:${server.baseUrl}#solver`;
    const argv = ['train', '--recipe', 'azr', '--checkpoint', base, '--steps', '1', '--player', player];
    expect(await main([...argv, '--run-dir', dir, ...tiny], io)).toBe(0);
    expect(io.out()).toContain(`solve played by openai:${server.baseUrl}#solver`);
    expect(io.out()).toMatch(/^ {2}benchmark @1: deduction 1\.0000 · abduction 0\.\d{4} · induction 0\.0000/m);
    // The endpoint was told the task language (the solver's instructions), and asked the solver's prompts only.
    expect(server.requests.length).toBeGreaterThan(0);
    expect(systemMessage(server.requests[0]!.body)).toContain('You solve puzzles about small programs');
    expect(server.requests.every((r) => /\n(Output|Input|Program)\?$/.test(userMessage(r.body)))).toBe(true);
    const store = openRunStore({ dir, readonly: true });
    const solverRows = [...store.iterateSamples()].filter((row) => row.role === 1);
    expect(solverRows.length).toBeGreaterThan(0);
    // Its replies are judged (boxed answers read) but carry no tokens of ours: nothing to train on.
    expect(solverRows.every((row) => row.completionTokenIds.length === 0)).toBe(true);
    store.close();
  }, 60_000);

  it('refuses a role the recipe does not have, naming its roles', async () => {
    const base = await saveTinyCheckpoint({ seed: 7 });
    const io = captureIo();
    const argv = ['train', '--recipe', 'azr', '--checkpoint', base, '--player', 'critique=openai:http://x/v1#m'];
    expect(await main(argv, io)).toBe(2);
    expect(io.err()).toMatch(/azr has no role critique; roles: propose, solve, judge/);
  });
});

const tinySpc = [
  'tasksPerStep=2',
  'corruptions=2',
  'maxTokens=48',
  'maxTraceBytes=120',
  'evaluation.maxTokens=8',
  'evaluation.every=1',
].flatMap((s) => ['--set', s]);

describe('selfplay train --recipe spc', () => {
  it('runs the trace → corrupt → critique game from a base, measures the critic on held-out traces, resumes', async () => {
    const base = await saveTinyCheckpoint({ seed: 6 });
    const dir = join(mkdtempSync(join(tmpdir(), 'selfplay-spc-cli-')), 'run');
    const io = captureIo();
    const argv = ['train', '--recipe', 'spc', '--checkpoint', base, '--steps', '2', '--seed', '1', '--run-dir', dir];
    expect(await main([...argv, ...tinySpc], io)).toBe(0);
    const lines = io.out().trimEnd().split('\n');
    expect(lines[0]).toContain(`recipe spc from ${base} (separate roles, 2 traces and 2 corruptions a step), 2 steps`);
    expect(io.out()).toMatch(/^ {2}step 2\/2: traces right [\d.]+ · corruptions valid [\d.]+ · critic localises /m);
    expect(io.out()).toMatch(
      /^ {2}critic @0 on held-out traces: localisation 0\.\d{4} · clean [01]\.\d{4} · unreadable [01]\.\d{4}$/m,
    );
    expect(lines.at(-1)).toMatch(/^localisation [01]\.\d{4}$/);
    const store = openRunStore({ dir, readonly: true });
    expect(store.meta().config).toMatchObject({ recipe: 'spc', checkpoint: base, roles: 'separate', steps: 2 });
    const games = new Set([...store.iterateSamples()].map((row) => row.game));
    expect(games.has('spc/solve')).toBe(true);
    store.close();
    const again = captureIo();
    expect(await main(['train', '--resume', dir], again)).toBe(0);
    expect(again.out().trimEnd().split('\n').at(-1)).toBe(lines.at(-1));
  }, 60_000);

  it('measures an endpoint playing the critic: one that always answers none is right on clean traces only', async () => {
    server = await startScriptedServer(() => ({ json: chatReply('\\boxed{none}') }));
    const base = await saveTinyCheckpoint({ seed: 6 });
    const dir = join(mkdtempSync(join(tmpdir(), 'selfplay-spc-endpoint-')), 'run');
    const io = captureIo();
    const argv = ['train', '--recipe', 'spc', '--checkpoint', base, '--steps', '1', '--run-dir', dir];
    expect(await main([...argv, '--player', `critique=openai:${server.baseUrl}#critic`, ...tinySpc], io)).toBe(0);
    expect(io.out()).toMatch(/critic @1 on held-out traces: localisation 0\.0000 · clean 1\.0000 · unreadable 0\.0000/);
    expect(systemMessage(server.requests[0]!.body)).toContain('You check evaluation traces of small programs');
    expect(server.requests.every((r) => userMessage(r.body).startsWith('Critique: '))).toBe(true);
  }, 60_000);
});

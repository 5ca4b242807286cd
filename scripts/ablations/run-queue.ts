import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runState } from './read-runs.ts';
import { runDirOf, type RunSpec, trainArgs } from './train-command.ts';

/** Absolute, so children start whatever the caller's cwd (their run dirs stay relative to it, as given). */
const selfplayBin = fileURLToPath(new URL('../../bin/selfplay.js', import.meta.url));

export type RunOutcome = 'skipped' | 'finished' | 'failed';

/**
 * Trains every spec as a child `selfplay train`, at most `parallel` at once, each logging to `<run-dir>.log`. A
 * folder that already holds a finished run of the same steps and seed is skipped, so the script resumes; a partial
 * one (killed or failed) is deleted and run again from the start, since its wall-clock curve would not join.
 */
export async function runAll(options: {
  specs: readonly RunSpec[];
  parallel: number;
  log: (line: string) => void;
}): Promise<Map<RunSpec, RunOutcome>> {
  const { specs, parallel, log } = options;
  const outcomes = new Map<RunSpec, RunOutcome>();
  const width = String(specs.length).length;
  let next = 0;
  const worker = async () => {
    while (next < specs.length) {
      const index = next++;
      const spec = specs[index]!;
      const tag = `[${String(index + 1).padStart(width)}/${specs.length}] ${spec.arm.name} seed ${spec.seed}`;
      const outcome = await runOne(spec, tag, log);
      outcomes.set(spec, outcome);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, parallel) }, worker));
  return outcomes;
}

async function runOne(spec: RunSpec, tag: string, log: (line: string) => void): Promise<RunOutcome> {
  const dir = runDirOf(spec);
  const state = runState(dir);
  if (state?.status === 'finished') {
    if (state.steps === spec.steps && state.seed === spec.seed) {
      log(`${tag}: skipped (finished run in ${dir})`);
      return 'skipped';
    }
    log(`${tag}: FAILED — ${dir} holds a finished run of ${state.steps} steps; delete it or use another --runs-dir`);
    return 'failed';
  }
  if (state) rmSync(dir, { recursive: true, force: true });
  else if (existsSync(dir) && readdirSync(dir).length > 0) {
    log(`${tag}: FAILED — ${dir} exists and is not a run folder; move it away`);
    return 'failed';
  }
  const logFile = `${dir}.log`;
  log(`${tag}: training → ${dir}`);
  const started = performance.now();
  const code = await spawnLogged(trainArgs(spec), logFile);
  const minutes = ((performance.now() - started) / 60_000).toFixed(1);
  if (code === 0 && runState(dir)?.status === 'finished') {
    log(`${tag}: done in ${minutes} min`);
    return 'finished';
  }
  const tail = existsSync(logFile) ? readFileSync(logFile, 'utf8').trim().split('\n').slice(-5).join('\n    ') : '';
  log(`${tag}: FAILED (exit ${code}) after ${minutes} min; log ${logFile}:\n    ${tail}`);
  return 'failed';
}

function spawnLogged(args: readonly string[], logFile: string): Promise<number> {
  mkdirSync(dirname(logFile), { recursive: true });
  const fd = openSync(logFile, 'w');
  return new Promise<number>((resolve) => {
    const child = spawn(process.execPath, [selfplayBin, ...args], { stdio: ['ignore', fd, fd] });
    child.on('error', () => resolve(-1));
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : -1)));
  }).finally(() => closeSync(fd));
}

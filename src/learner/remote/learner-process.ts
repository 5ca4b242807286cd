import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type LmModel, saveCheckpoint } from '../../lm/index.ts';
import { bestWasmVariant } from '../../lm/kernels/index.ts';

export interface LearnerProcess {
  readonly url: string;
  readonly pid: number;
  /** Stops the process and removes its starting checkpoint. */
  close(): Promise<void>;
}

const bin = fileURLToPath(new URL('../../../bin/selfplay.js', import.meta.url));

/**
 * Starts `selfplay learner-serve` in a child process over `model`'s config and weights (the trainer then uploads its
 * exact state), on a free local port, and waits for its "learner listening on URL" line.
 */
export async function startLearnerProcess(options: {
  model: LmModel;
  modelName: string;
  threads: number;
}): Promise<LearnerProcess> {
  const dir = await mkdtemp(join(tmpdir(), 'selfplay-learner-'));
  await saveCheckpoint(dir, { config: options.model.config, params: options.model.params().slice() });
  const child = spawn(
    process.execPath,
    [
      bin,
      'learner-serve',
      '--checkpoint',
      dir,
      '--port',
      '0',
      '--model-name',
      options.modelName,
      '--threads',
      String(options.threads),
      // The child computes with this process's kernels: relaxed SIMD's fused multiply-add rounds differently.
      '--kernels',
      bestWasmVariant() ?? 'js',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-2000);
  });
  try {
    const url = await listeningUrl(child, () => log);
    return {
      url,
      pid: child.pid!,
      async close() {
        if (child.exitCode === null && child.signalCode === null) {
          const exited = new Promise((resolve) => child.once('exit', resolve));
          child.kill('SIGTERM');
          await exited;
        }
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

function listeningUrl(child: ChildProcess, stderr: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const match = /learner listening on (\S+)/.exec(out);
      if (match) {
        child.stdout!.off('data', onData);
        child.stdout!.resume(); // keep draining what it prints later
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.once('error', (error) => reject(new Error(`cannot start selfplay learner-serve: ${error.message}`)));
    child.once('exit', (code, signal) =>
      reject(new Error(`selfplay learner-serve exited (${signal ?? `code ${code}`}) before listening:\n${stderr()}`)),
    );
  });
}

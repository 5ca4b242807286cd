import { defaultLearnerModel } from '../../learner/remote/learner-spec.ts';
import { createModel, loadCheckpoint } from '../../lm/index.ts';
import { bestWasmVariant, createHeap, createKernelPool, createKernels } from '../../lm/kernels/index.ts';
import { startLearnerServer } from '../../serve/learner-server/start-learner-server.ts';
import { resolveCheckpoint } from '../../store/resolve-checkpoint.ts';
import { apiKeyFromEnv, intOption, parseCommandArgs, portOption } from '../args.ts';
import type { Command } from '../command.ts';
import { CliUsageError, println, untilStopSignal } from '../io.ts';

const usage = `selfplay learner-serve --checkpoint PATH [options]

Serves the built-in LM behind Tinker's training API (create_model, forward, forward_backward with cross_entropy,
optim_step, save_weights[_for_sampler], load_weights, retrieve_future; docs/remote-learner.md), so a trainer in
another process or on another machine trains it: selfplay train --learner tinker:URL. Each create_model starts
from the checkpoint's weights with a fresh optimizer. Prints "learner listening on URL" once it accepts requests.

Options:
  --checkpoint PATH      a checkpoint folder, or a run folder (its latest checkpoint)
  --host H               address to bind (default 127.0.0.1)
  --port N               port (default 8765; 0 picks a free one)
  --model-name NAME      the base_model clients name in create_model (default ${defaultLearnerModel})
  --api-key-env VAR      require "X-API-Key: <key>" (Tinker's header), the key read from environment variable VAR
  --threads N            threads for the model's large matmuls (default 1)
  --kernels K            relaxed, simd or js (default: the fastest this runtime runs). The trainer's local-server
                         mode passes its own, so both processes compute the same floats`;

export const learnerServeCommand: Command = {
  name: 'learner-serve',
  summary: "serve the built-in LM behind Tinker's training API (a remote learner)",
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      checkpoint: { type: 'string' },
      host: { type: 'string' },
      port: { type: 'string' },
      'model-name': { type: 'string' },
      'api-key-env': { type: 'string' },
      threads: { type: 'string' },
      kernels: { type: 'string' },
    });
    if (positionals.length > 0) throw new CliUsageError(`unexpected argument "${positionals[0]}"`);
    if (!values.checkpoint) throw new CliUsageError('--checkpoint PATH is required (a checkpoint or run folder)');
    const port = portOption(values.port, 8765);
    const threads = intOption('threads', values.threads, 1, 1);
    const keyEnv = values['api-key-env'];
    const apiKey = apiKeyFromEnv(keyEnv);
    const checkpoint = resolveCheckpoint(values.checkpoint);
    const { config, params } = await loadCheckpoint(checkpoint.dir);
    const backend = kernelsOption(values.kernels);
    const heap = createHeap();
    const variant = backend === 'auto' ? bestWasmVariant() : backend === 'js' ? undefined : backend;
    const pool = threads > 1 && variant ? await createKernelPool({ heap, variant, threads }) : undefined;
    const kernels = pool?.kernels ?? createKernels({ heap, backend: variant ?? 'js' });
    const baseModel = values['model-name'] ?? defaultLearnerModel;
    const server = await startLearnerServer({
      baseModel,
      newModel: () => createModel({ kernels, config, params }),
      host: values.host ?? '127.0.0.1',
      port,
      ...(apiKey ? { apiKey } : {}),
    });
    println(
      io.stdout,
      `learner listening on ${server.url}  (base model "${baseModel}" from ${checkpoint.dir}; Ctrl-C stops)`,
    );
    await untilStopSignal();
    await server.close();
    await pool?.close();
    println(io.stdout, 'learner stopped');
    return 0;
  },
};

function kernelsOption(value: string | undefined): 'relaxed' | 'simd' | 'js' | 'auto' {
  if (value === undefined) return 'auto';
  if (value === 'relaxed' || value === 'simd' || value === 'js') {
    if (value !== 'js' && bestWasmVariant() !== value && !(value === 'simd' && bestWasmVariant() === 'relaxed'))
      throw new CliUsageError(`--kernels ${value}: this runtime does not run ${value} WebAssembly`);
    return value;
  }
  throw new CliUsageError(`--kernels takes relaxed, simd or js, got "${value}"`);
}

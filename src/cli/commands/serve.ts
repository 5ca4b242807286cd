import { loadModel } from '../../lm/index.ts';
import { createHeap, createKernels } from '../../lm/kernels/index.ts';
import { startServer } from '../../serve/index.ts';
import { resolveCheckpoint } from '../../store/resolve-checkpoint.ts';
import { apiKeyFromEnv, intOption, parseCommandArgs, portOption } from '../args.ts';
import type { Command } from '../command.ts';
import { CliUsageError, println, untilStopSignal } from '../io.ts';

const usage = `selfplay serve --checkpoint PATH [options]

Serves a built-in LM checkpoint over an OpenAI-compatible HTTP API until Ctrl-C: GET /v1/models,
POST /v1/completions, POST /v1/chat/completions (streaming too). Concurrent requests share batched forward passes.
POST /v1/reload {"checkpoint": PATH} swaps in new weights of the same model config without a restart (PATH as
--checkpoint reads it). See docs/serve.md.

Options:
  --checkpoint PATH      a checkpoint folder, or a run folder (its latest checkpoint)
  --host H               address to bind (default 127.0.0.1)
  --port N               port (default 8000; 0 picks a free one)
  --model-name NAME      the model id clients send (default selfplay)
  --api-key-env VAR      require "Authorization: Bearer <key>", the key read from environment variable VAR
  --max-concurrency N    requests sampled at once; more wait, and beyond 4×N get 429 (default 256)
  --max-body-bytes N     larger request bodies get 413 (default 1048576)
  --batch-window-ms N    how long a request waits for others to share its batch (default 2)
  --seed S               seeds requests that bring no seed (default 0)`;

export const serveCommand: Command = {
  name: 'serve',
  summary: 'serve a checkpoint over an OpenAI-compatible HTTP API',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      checkpoint: { type: 'string' },
      host: { type: 'string' },
      port: { type: 'string' },
      'model-name': { type: 'string' },
      'api-key-env': { type: 'string' },
      'max-concurrency': { type: 'string' },
      'max-body-bytes': { type: 'string' },
      'batch-window-ms': { type: 'string' },
      seed: { type: 'string' },
    });
    if (positionals.length > 0) throw new CliUsageError(`unexpected argument "${positionals[0]}"`);
    if (!values.checkpoint) throw new CliUsageError('--checkpoint PATH is required (a checkpoint or run folder)');
    const port = portOption(values.port, 8000);
    const keyEnv = values['api-key-env'];
    const apiKey = apiKeyFromEnv(keyEnv);
    const checkpoint = resolveCheckpoint(values.checkpoint);
    const { model } = await loadModel(checkpoint.dir, { kernels: createKernels({ heap: createHeap() }) });
    const server = await startServer({
      model,
      host: values.host ?? '127.0.0.1',
      port,
      modelName: values['model-name'] ?? 'selfplay',
      maxConcurrency: intOption('max-concurrency', values['max-concurrency'], 256, 1),
      maxBodyBytes: intOption('max-body-bytes', values['max-body-bytes'], 1024 * 1024, 1),
      batchWindowMs: intOption('batch-window-ms', values['batch-window-ms'], 2),
      seed: intOption('seed', values.seed, 0),
      // POST /v1/reload reads its path as --checkpoint does: a run folder means its latest checkpoint.
      resolveCheckpoint: (path) => resolveCheckpoint(path).dir,
      ...(apiKey ? { apiKey } : {}),
    });
    const keyOption = keyEnv === undefined ? '' : `&key_env=${keyEnv}`;
    println(io.stdout, `serving ${checkpoint.dir} as "${server.modelName}" at ${server.baseUrl}  (Ctrl-C stops)`);
    // The spec carries what the checkpoint needs to play as it does in-process: its observation layout, and
    // guided decoding to the legal moves (its constrained decoding); drop `decoding=guided` to see it write freely.
    const formatOption = checkpoint.format ? `&format=${checkpoint.format}` : '';
    println(
      io.stdout,
      `player spec: openai:${server.baseUrl}#${encodeURIComponent(server.modelName)}?api=completions&template=lm-raw&kind=vllm&decoding=guided${formatOption}${keyOption}`,
    );
    if (checkpoint.format) println(io.stdout, `this run was trained on --format ${checkpoint.format} observations`);
    await untilStopSignal();
    await server.close();
    println(io.stdout, 'server stopped');
    return 0;
  },
};

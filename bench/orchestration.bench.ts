/**
 * `npm run bench:orchestration` — how much of a self-play run's wall time goes to orchestration rather than the
 * model, when the model sits behind `selfplay serve`. Starts the server as a child process (its own core) over a
 * random-init `small` model (untrained: its answers are noise, so most games end on an invalid first move; the
 * figures are about requests, not play), then keeps 256 games in flight through our OpenAI client policy (a game
 * that ends is replaced at once) until N games are done. Figures go to docs/performance.md. Options:
 *   --games N        games per game kind (default 2048, after a warm-up of 256)
 *   --max-tokens N   completion length per request (default 8: "[check]" plus EOS)
 *   --reference      serve the 870k-parameter `reference` preset instead of `small` (134k)
 *   --node-http      give the client policy a keep-alive node:http transport instead of Node's built-in fetch
 */
import { spawn } from 'node:child_process';
import { Agent, request as httpRequest } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { getGame } from '../src/games/registry.ts';
import { createEndpointPolicy, parseEndpointSpec } from '../src/llm/index.ts';
import { createModel, resolveModelConfig, saveModel } from '../src/lm/index.ts';
import { createHeap, createKernels } from '../src/lm/kernels/index.ts';
import { playEpisode } from '../src/rollout/episode.ts';
import { createRandomPlayer } from '../src/rollout/players/random-player.ts';
import { processingHeader, type ServeStats } from '../src/serve/index.ts';
import { createRng, deriveSeed } from '../src/util/rng.ts';

const argv = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const at = argv.indexOf(`--${name}`);
  return at >= 0 ? Number(argv[at + 1]) : fallback;
};
const GAMES = option('games', 2048);
const MAX_TOKENS = option('max-tokens', 8);
const CONCURRENT = 256;
const PRESET = argv.includes('--reference') ? 'reference' : 'small';
const NODE_HTTP = argv.includes('--node-http');

async function saveRandomModel(): Promise<string> {
  const config = resolveModelConfig({}, PRESET);
  const model = createModel({ kernels: createKernels({ heap: createHeap() }), config, rng: createRng(1) });
  const dir = await mkdtemp(join(tmpdir(), 'selfplay-bench-'));
  await saveModel(dir, { model });
  return dir;
}

/** Runs `selfplay serve` and waits for the line with its URL. */
async function startServeProcess(checkpoint: string) {
  const child = spawn(
    process.execPath,
    ['bin/selfplay.js', 'serve', '--checkpoint', checkpoint, '--port', '0', '--model-name', 'bench'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout });
  const baseUrl = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`selfplay serve exited with ${code} before listening`)));
    lines.on('line', (line) => {
      const m = / at (http:\/\/\S+\/v1)/.exec(line);
      if (m) resolve(m[1]!);
    });
  });
  return {
    baseUrl,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

interface RequestTiming {
  readonly latencyMs: number;
  readonly processingMs: number;
}

/**
 * A minimal fetch over node:http with keep-alive: enough for JSON POSTs to a local server, and much cheaper per
 * request than the WHATWG fetch built into Node (undici with web streams).
 */
function nodeHttpFetch(): typeof fetch {
  const agent = new Agent({ keepAlive: true, maxSockets: 4 * CONCURRENT });
  return (input, init) =>
    new Promise<Response>((resolve, reject) => {
      const headers = Object.fromEntries(new Headers(init?.headers).entries());
      const req = httpRequest(
        String(input),
        { method: init?.method ?? 'GET', headers, agent, ...(init?.signal ? { signal: init.signal } : {}) },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            const out = new Headers();
            for (const [name, value] of Object.entries(res.headers))
              if (typeof value === 'string') out.set(name, value);
            resolve(new Response(Buffer.concat(chunks), { status: res.statusCode ?? 500, headers: out }));
          });
        },
      );
      req.on('error', reject);
      req.end(typeof init?.body === 'string' ? init.body : undefined);
    });
}

/** fetch that records each request's latency (until the reply's headers) and the server's processing time. */
function timedFetch(log: RequestTiming[]): typeof fetch {
  const transport = NODE_HTTP ? nodeHttpFetch() : fetch;
  return async (input, init) => {
    const start = performance.now();
    const response = await transport(input, init);
    log.push({
      latencyMs: performance.now() - start,
      processingMs: Number(response.headers.get(processingHeader) ?? Number.NaN),
    });
    return response;
  };
}

async function serverStats(baseUrl: string): Promise<ServeStats> {
  const response = await fetch(`${baseUrl.replace(/\/v1$/, '')}/stats`);
  return (await response.json()) as ServeStats;
}

async function measure(baseUrl: string, gameId: string) {
  const game = getGame(gameId);
  const log: RequestTiming[] = [];
  const spec = `openai:${baseUrl}#bench?api=completions&template=lm-raw&kind=vllm&max_tokens=${MAX_TOKENS}&max_concurrency=${2 * CONCURRENT}`;
  const policy = await createEndpointPolicy(parseEndpointSpec(spec), { fetch: timedFetch(log) });
  // 256 slots, each playing games back to back: the server always has 256 games' worth of requests coming.
  const play = async (total: number, seedBase: number): Promise<number> => {
    let next = 0;
    let turns = 0;
    const slot = async () => {
      while (next < total) {
        const index = next++;
        const result = await playEpisode({
          game,
          policies: [policy, createRandomPlayer()],
          seed: deriveSeed(seedBase, index),
          format: 'compact',
        });
        turns += result.turns.length;
      }
    };
    await Promise.all(Array.from({ length: CONCURRENT }, slot));
    return turns;
  };
  await play(CONCURRENT, 1_000); // warm-up: connections, JIT, kernels
  log.length = 0;
  const before = await serverStats(baseUrl);
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  const turns = await play(GAMES, 0);
  const wallMs = performance.now() - start;
  const cpu = process.cpuUsage(cpuBefore);
  const after = await serverStats(baseUrl);
  await policy.close();
  const games = GAMES;
  const busyMs = after.busyMs - before.busyMs;
  const batches = after.batcher.batches - before.batcher.batches;
  const sequences = after.batcher.sequences - before.batcher.sequences;
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const latency = mean(log.map((t) => t.latencyMs));
  const overhead = mean(log.map((t) => t.latencyMs - t.processingMs));
  return {
    game: gameId,
    games,
    requests: log.length,
    turnsPerGame: turns / games,
    gamesPerSec: games / (wallMs / 1000),
    requestsPerSec: log.length / (wallMs / 1000),
    meanBatch: sequences / Math.max(1, batches),
    generateShare: (after.batcher.generateMs - before.batcher.generateMs) / wallMs,
    outsideShare: 1 - busyMs / wallMs,
    latencyMs: latency,
    overheadMs: overhead,
    overheadShare: overhead / latency,
    clientCpuMsPerRequest: (cpu.user + cpu.system) / 1000 / Math.max(1, log.length),
    serverCpuMsPerRequest: (after.cpuMs - before.cpuMs) / Math.max(1, log.length),
  };
}

const checkpoint = await saveRandomModel();
const server = await startServeProcess(checkpoint);
try {
  console.log(`selfplay serve over a random-init ${PRESET} model (context 128) at ${server.baseUrl}`);
  console.log(
    `${GAMES} games per kind, ${CONCURRENT} in flight, completions api, max_tokens ${MAX_TOKENS}, client transport ${NODE_HTTP ? 'node:http' : 'fetch'}\n`,
  );
  const rows = [];
  for (const gameId of ['kuhn-poker', 'tic-tac-toe']) rows.push(await measure(server.baseUrl, gameId));
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  console.log(
    '| game | games | requests | turns/game | games/s | requests/s | mean batch | generate share | outside server | latency ms | latency − processing ms (share) | CPU ms/request client · server |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(
      `| ${r.game} | ${r.games} | ${r.requests} | ${r.turnsPerGame.toFixed(2)} | ${r.gamesPerSec.toFixed(0)} | ${r.requestsPerSec.toFixed(0)} | ${r.meanBatch.toFixed(1)} | ${pct(r.generateShare)} | ${pct(r.outsideShare)} | ${r.latencyMs.toFixed(1)} | ${r.overheadMs.toFixed(2)} (${pct(r.overheadShare)}) | ${r.clientCpuMsPerRequest.toFixed(2)} · ${r.serverCpuMsPerRequest.toFixed(2)} |`,
    );
  }
} finally {
  await server.stop();
  await rm(checkpoint, { recursive: true, force: true });
}

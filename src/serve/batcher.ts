import { type Generation, generate, type LmModel } from '../lm/index.ts';
import type { Rng } from '../spec/rng.ts';

/** One sequence to sample: the weights to sample it from, the prompt (BOS first) and its sampling settings. */
export interface SampleJob {
  /** The request's weights, fixed when it started, so a reload never changes a request already in flight. */
  readonly model: LmModel;
  readonly prompt: readonly number[];
  readonly maxTokens: number;
  readonly temperature: number;
  readonly topP: number;
  /** This sequence's own RNG, so its sample does not depend on which requests share the batch. */
  readonly rng: Rng;
  /** Constrained decoding to one of these strings (vLLM's guided_choice). */
  readonly allowed?: readonly string[];
}

export interface BatcherStats {
  /** `generate` calls so far: each is one batched prefill plus its decode steps. */
  readonly batches: number;
  readonly sequences: number;
  /** Time spent inside `generate`. */
  readonly generateMs: number;
}

export interface Batcher {
  submit(job: SampleJob): Promise<Generation>;
  /**
   * Announces a request that has arrived but not yet submitted (its body is still being read): batches wait for
   * it, up to the window. Call the returned function once it has submitted, or failed.
   */
  hold(): () => void;
  stats(): BatcherStats;
  /** Rejects jobs still waiting with `reason`; later submissions reject too. */
  close(reason: Error): void;
}

export interface BatcherOptions {
  /**
   * How long the first waiting job holds its batch open for others (default 2 ms); if announced requests (`hold`)
   * are still reading their bodies then, they get one more window. While a batch runs, new requests queue in the
   * sockets and join the next one.
   */
  readonly windowMs?: number;
  /** Most sequences per `generate` call (bounds the KV cache); default 256. */
  readonly maxBatch?: number;
  readonly now?: () => number;
}

interface Waiting {
  readonly job: SampleJob;
  readonly resolve: (g: Generation) => void;
  readonly reject: (e: unknown) => void;
}

/**
 * Gathers sequences from concurrent requests and samples them with one `generate` call per group of equal weights
 * and settings (generate takes one model, temperature, top-p and length per call), so concurrent games share
 * forward passes.
 */
export function createBatcher(options: BatcherOptions = {}): Batcher {
  const windowMs = options.windowMs ?? 2;
  const maxBatch = options.maxBatch ?? 256;
  const now = options.now ?? performance.now.bind(performance);
  let queue: Waiting[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let arriving = 0;
  let closed: Error | undefined;
  const stats = { batches: 0, sequences: 0, generateMs: 0 };

  const run = (group: readonly Waiting[]): void => {
    const first = group[0]!.job;
    const start = now();
    stats.batches++;
    stats.sequences += group.length;
    let out: Generation[];
    try {
      out = generate({
        model: first.model,
        prompts: group.map((w) => w.job.prompt),
        rng: group.map((w) => w.job.rng),
        temperature: first.temperature,
        topP: first.topP,
        maxTokens: first.maxTokens,
        ...(group.some((w) => w.job.allowed) ? { allowed: group.map((w) => w.job.allowed) } : {}),
      });
    } catch (error) {
      stats.generateMs += now() - start;
      // One bad sequence must not fail its batch-mates: retry them one by one so only it fails.
      if (group.length === 1) group[0]!.reject(error);
      else for (const w of group) run([w]);
      return;
    }
    stats.generateMs += now() - start;
    group.forEach((w, i) => w.resolve(out[i]!));
  };

  // The first waiting job opens a window; when it closes, requests still reading their bodies get one more.
  const schedule = (): void => {
    if (queue.length === 0 || timer !== undefined) return;
    let extended = false;
    const fire = (): void => {
      if (arriving > 0 && !extended) {
        extended = true;
        timer = setTimeout(fire, windowMs);
      } else flush();
    };
    timer = setTimeout(fire, windowMs);
  };

  const flush = (): void => {
    clearTimeout(timer);
    timer = undefined;
    const taken = queue;
    queue = [];
    // Requests on weights an in-flight reload replaced form groups of their own.
    const byModel = new Map<LmModel, Map<string, Waiting[]>>();
    for (const w of taken) {
      const groups = byModel.get(w.job.model) ?? new Map<string, Waiting[]>();
      byModel.set(w.job.model, groups);
      const key = `${w.job.temperature}|${w.job.topP}|${w.job.maxTokens}`;
      const group = groups.get(key) ?? [];
      group.push(w);
      groups.set(key, group);
    }
    for (const groups of byModel.values()) {
      for (const group of groups.values()) {
        for (let i = 0; i < group.length; i += maxBatch) run(group.slice(i, i + maxBatch));
      }
    }
  };

  return {
    submit: (job) =>
      new Promise<Generation>((resolve, reject) => {
        if (closed) return reject(closed);
        queue.push({ job, resolve, reject });
        schedule();
      }),
    hold: () => {
      arriving++;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        arriving--;
      };
    },
    stats: () => ({ ...stats }),
    close: (reason) => {
      closed = reason;
      for (const w of queue) w.reject(reason);
      queue = [];
    },
  };
}

import type { AnyTextGame } from '../../games/registry.ts';
import { createSemaphore } from '../../llm/semaphore.ts';
import type { ObservationFormat } from '../../spec/game-text.ts';
import type { Policy } from '../../spec/policy.ts';
import { createRng, deriveSeed } from '../../util/rng.ts';
import { type InfosetSite, walkInfosets } from './infoset-walk.ts';

/**
 * The answers a policy gave at one information set: the legal move each one parsed to, or −1 when invalid. Sets
 * that share a prompt share one array when answers are shared (see `sharePrompts`).
 */
export interface SampledInfoset {
  readonly site: InfosetSite;
  readonly answers: readonly number[];
}

export interface SampledAnswers {
  readonly game: string;
  readonly samples: number;
  readonly seed: number;
  readonly infosets: readonly SampledInfoset[];
  /** `policy.act` calls made. */
  readonly calls: number;
  readonly sharePrompts: boolean;
}

/**
 * Asks `policy` for `samples` answers at every information set, each call with its own RNG seeded from `seed`, the
 * set's index and the call's index, so a rerun with the same seed sends the same requests. Answers are read with
 * the game's own parser, as in a match; an unparseable or illegal one is recorded as −1.
 */
export async function sampleAnswers(options: {
  game: AnyTextGame;
  format: ObservationFormat;
  policy: Policy;
  samples: number;
  seed: number;
  /** Calls in flight at once (default 8). */
  concurrency?: number;
  /**
   * Ask once per distinct prompt and let the sets that share it share the answers. Right for players that read
   * only the text (LMs, endpoints); a table player reads the key, so the default is one batch per set.
   */
  sharePrompts?: boolean;
  maxInfosets?: number;
  signal?: AbortSignal;
}): Promise<SampledAnswers> {
  const { game, format, policy, samples, seed, signal } = options;
  if (!Number.isInteger(samples) || samples < 1)
    throw new RangeError(`samples must be a whole number ≥ 1, got ${samples}`);
  const { rules, text } = game;
  const sites = walkInfosets({ game, format, ...(options.maxInfosets ? { maxInfosets: options.maxInfosets } : {}) });
  const limiter = createSemaphore(options.concurrency ?? 8);
  let calls = 0;
  const ask = async (site: InfosetSite, i: number, j: number): Promise<number> => {
    calls++;
    const { text: answer } = await policy.act({
      game: rules.info,
      player: site.player,
      observation: site.observation,
      legal: site.legal,
      infoKey: site.key,
      rng: createRng(deriveSeed(seed, i, j)),
      ...(signal ? { signal } : {}),
    });
    const parsed = text.parse(site.state, answer);
    return parsed.ok ? site.legal.indexOf(text.actionString(site.state, parsed.action)) : -1;
  };
  const sharePrompts = options.sharePrompts ?? false;
  const batches = new Map<number, Promise<number[]>>();
  const batchFor = (site: InfosetSite, i: number): Promise<number[]> => {
    const id = sharePrompts ? site.prompt : i;
    let batch = batches.get(id);
    if (!batch) {
      batch = Promise.all(Array.from({ length: samples }, (_, j) => limiter.run(() => ask(site, id, j), signal)));
      batches.set(id, batch);
    }
    return batch;
  };
  const infosets = await Promise.all(sites.map(async (site, i) => ({ site, answers: await batchFor(site, i) })));
  return { game: rules.info.id, samples, seed, infosets, calls, sharePrompts };
}

export interface InvalidAnswerStats {
  /** Invalid answers over all answers. */
  readonly rate: number;
  /** The highest invalid rate at any one information set. */
  readonly maxPerInfoset: number;
  /** Information sets where every answer was invalid (their rows fall back to uniform). */
  readonly allInvalidInfosets: number;
}

/** Invalid-answer figures per information set (a shared batch counts once per set that uses it). */
export function invalidAnswerStats(sampled: SampledAnswers): InvalidAnswerStats {
  let invalid = 0;
  let total = 0;
  let maxPerInfoset = 0;
  let allInvalidInfosets = 0;
  for (const { answers } of sampled.infosets) {
    const bad = answers.filter((a) => a < 0).length;
    invalid += bad;
    total += answers.length;
    maxPerInfoset = Math.max(maxPerInfoset, answers.length > 0 ? bad / answers.length : 0);
    if (bad === answers.length) allInvalidInfosets++;
  }
  return { rate: total > 0 ? invalid / total : 0, maxPerInfoset, allInvalidInfosets };
}

/**
 * Empirical rows: at each information set, the share of valid answers that chose each move. Invalid answers are
 * left out (the row is the policy given that it answers legally); a set with no valid answer gets no row, which
 * the solvers read as uniform.
 */
export function countRows(
  infosets: readonly SampledInfoset[],
  answersOf: (infoset: SampledInfoset) => readonly number[] = (infoset) => infoset.answers,
): Record<string, number[]> {
  const rows: Record<string, number[]> = {};
  for (const infoset of infosets) {
    const { site } = infoset;
    const counts = new Array<number>(site.legal.length).fill(0);
    let valid = 0;
    for (const a of answersOf(infoset)) {
      if (a < 0) continue;
      counts[a]!++;
      valid++;
    }
    if (valid > 0) rows[site.key] = counts.map((c) => c / valid);
  }
  return rows;
}

import type { AnyTextGame } from '../../games/registry.ts';
import { createSemaphore } from '../../llm/semaphore.ts';
import type { ObservationFormat } from '../../spec/game-text.ts';
import type { Policy } from '../../spec/policy.ts';
import { createRng, deriveSeed } from '../../util/rng.ts';
import { moveCounts, type SampledInfoset } from './answer-groups.ts';
import { type InfosetSite, walkInfosets } from './infoset-walk.ts';

export interface AnswerSamplerOptions {
  game: AnyTextGame;
  format: ObservationFormat;
  policy: Policy;
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
}

/** Batches of answers that can grow: adaptive sampling asks more where the interval is widest. */
export interface AnswerSampler {
  /** Every information set and its batch's answers (arrays shared by sets with one batch; they grow in place). */
  readonly infosets: readonly SampledInfoset[];
  /** Batch index of each information set (batches are numbered by first appearance in walk order). */
  readonly batchOf: readonly number[];
  readonly batches: number;
  /** Asks until batch `b` holds `count` answers, for each batch in `batches`. */
  extend(batches: readonly number[], count: (batch: number) => number): Promise<void>;
  /** `policy.act` calls made so far. */
  readonly calls: () => number;
}

/**
 * Asks `policy` for answers at information sets, each call with its own RNG seeded from `seed`, the batch's id and
 * the call's index, so a rerun with the same seed sends the same requests (and growing a batch continues it). Answers
 * are read with the game's own parser, as in a match; an unparseable or illegal one is recorded as −1.
 */
export function createAnswerSampler(options: AnswerSamplerOptions): AnswerSampler {
  const { game, format, policy, seed, signal } = options;
  const { rules, text } = game;
  const sites = walkInfosets({ game, format, ...(options.maxInfosets ? { maxInfosets: options.maxInfosets } : {}) });
  const limiter = createSemaphore(options.concurrency ?? 8);
  let calls = 0;
  const ask = async (site: InfosetSite, id: number, j: number): Promise<number> => {
    calls++;
    const { text: answer } = await policy.act({
      game: rules.info,
      player: site.player,
      observation: site.observation,
      legal: site.legal,
      infoKey: site.key,
      rng: createRng(deriveSeed(seed, id, j)),
      ...(signal ? { signal } : {}),
    });
    // Read as in a match: by the policy's own answer rule (an endpoint's is SPIRAL's strict one by default).
    const parsed = text.parse(site.state, answer, policy.answers ? { answers: policy.answers } : {});
    return parsed.ok ? site.legal.indexOf(text.actionString(site.state, parsed.action)) : -1;
  };
  const sharePrompts = options.sharePrompts ?? false;
  // Batch ids are the prompt index (shared) or the set index, as the seeds have always been derived.
  const ids: number[] = [];
  const firstSite: InfosetSite[] = [];
  const answers: number[][] = [];
  const byId = new Map<number, number>();
  const batchOf = sites.map((site, i) => {
    const id = sharePrompts ? site.prompt : i;
    let b = byId.get(id);
    if (b === undefined) {
      b = ids.length;
      byId.set(id, b);
      ids.push(id);
      firstSite.push(site);
      answers.push([]);
    }
    return b;
  });
  return {
    infosets: sites.map((site, i) => ({ site, answers: answers[batchOf[i]!]! })),
    batchOf,
    batches: ids.length,
    calls: () => calls,
    async extend(batches, count) {
      await Promise.all(
        batches.map(async (b) => {
          const have = answers[b]!.length;
          const more = Array.from({ length: Math.max(0, count(b) - have) }, (_, j) =>
            limiter.run(() => ask(firstSite[b]!, ids[b]!, have + j), signal),
          );
          answers[b]!.push(...(await Promise.all(more)));
        }),
      );
    },
  };
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
export function invalidAnswerStats(sampled: { readonly infosets: readonly SampledInfoset[] }): InvalidAnswerStats {
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
export function countRows(infosets: readonly SampledInfoset[]): Record<string, number[]> {
  const rows: Record<string, number[]> = {};
  for (const { site, answers } of infosets) {
    const { counts, n } = moveCounts({ moves: site.legal.length, answers });
    if (n > 0) rows[site.key] = counts.map((c) => c / n);
  }
  return rows;
}

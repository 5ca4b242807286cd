import type { AnyTextGame } from '../../games/registry.ts';
import { createSemaphore } from '../../llm/semaphore.ts';
import { type TabularPolicy, tabularPolicy } from '../../solvers/index.ts';
import type { ObservationFormat } from '../../spec/game-text.ts';
import { type InfosetSite, PolicyTableError, walkInfosets } from './infoset-walk.ts';

/**
 * Where exact action probabilities come from: log p of each legal move string as the complete answer at an
 * information set (a tabular policy, the built-in LM's scoring, an endpoint's teacher-forced log-probs).
 */
export interface ActionScoreSource {
  readonly name: string;
  /** One log-probability per string of `site.legal`; −∞ for a move the source never plays. */
  logprobs(site: InfosetSite, signal?: AbortSignal): Promise<readonly number[]> | readonly number[];
  /** Scoring calls made so far (HTTP requests for an endpoint, candidate sets for the built-in LM). */
  readonly calls: number;
  /**
   * True when the source reads the information-state key, not the text (a table): then sets that share a prompt
   * may still differ and each is scored on its own.
   */
  readonly readsInfoKey?: boolean;
}

export interface ScoredPolicyTable {
  readonly table: TabularPolicy;
  readonly infosets: number;
  /** Distinct prompts scored (fewer than `infosets` where the text hides part of the information state). */
  readonly prompts: number;
  /**
   * Per information set, Σ p over the legal strings before renormalising: the chance the source's answer is a legal
   * move at all. Its mean and minimum are what the constraint to the legal set hides.
   */
  readonly legalMass: { readonly mean: number; readonly min: number };
}

/**
 * The whole policy of `source` as a table: every distinct prompt is scored once and its log-probabilities are
 * renormalised over the legal moves (the policy constrained to the legal set). Legal-mass statistics are per
 * information set.
 */
export async function scoredPolicyTable(options: {
  game: AnyTextGame;
  format: ObservationFormat;
  source: ActionScoreSource;
  /** Information sets scored at once (default 8). */
  concurrency?: number;
  maxInfosets?: number;
  signal?: AbortSignal;
}): Promise<ScoredPolicyTable> {
  const { game, format, source, signal } = options;
  const sites = walkInfosets({ game, format, ...(options.maxInfosets ? { maxInfosets: options.maxInfosets } : {}) });
  const limiter = createSemaphore(options.concurrency ?? 8);
  // One scoring per distinct prompt; information sets the text cannot tell apart share it.
  const byPrompt = new Map<number | string, Promise<{ row: number[]; mass: number }>>();
  const scoreSite = (site: InfosetSite) => {
    const id = source.readsInfoKey ? site.key : site.prompt;
    let pending = byPrompt.get(id);
    if (!pending) {
      pending = limiter.run(async () => normalise(site, await source.logprobs(site, signal)), signal);
      byPrompt.set(id, pending);
    }
    return pending;
  };
  const scored = await Promise.all(sites.map(scoreSite));
  const rows: Record<string, number[]> = {};
  let massTotal = 0;
  let massMin = Number.POSITIVE_INFINITY;
  sites.forEach((site, i) => {
    const { row, mass } = scored[i]!;
    rows[site.key] = [...row];
    massTotal += mass;
    massMin = Math.min(massMin, mass);
  });
  return {
    table: tabularPolicy(game.rules.info.id, rows),
    infosets: sites.length,
    prompts: byPrompt.size,
    legalMass: { mean: sites.length > 0 ? massTotal / sites.length : 1, min: sites.length > 0 ? massMin : 1 },
  };
}

/** Softmax over the legal strings, shifted by the largest log-prob so tiny probabilities do not underflow. */
export function normalise(site: InfosetSite, logprobs: readonly number[]): { row: number[]; mass: number } {
  if (logprobs.length !== site.legal.length) {
    throw new PolicyTableError(
      `the source gave ${logprobs.length} scores for ${site.legal.length} legal moves at ${JSON.stringify(site.key)}`,
    );
  }
  const top = Math.max(...logprobs);
  if (!Number.isFinite(top) || logprobs.some((lp) => Number.isNaN(lp) || lp > 1e-9)) {
    throw new PolicyTableError(
      `the source gave no usable log-probabilities at ${JSON.stringify(site.key)}: ${logprobs.join(', ')}`,
    );
  }
  const weights = logprobs.map((lp) => Math.exp(lp - top));
  const total = weights.reduce((a, b) => a + b, 0);
  return { row: weights.map((w) => w / total), mass: Math.exp(top) * total };
}

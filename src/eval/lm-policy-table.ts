import type { AnyTextGame } from '../games/registry.ts';
import { candidateProbabilities, choiceDistributions, type LmModel, type Sampling } from '../lm/index.ts';
import { choicePoint, lmPromptTokens } from '../rollout/lm-policy.ts';
import { type TabularPolicy, tabularPolicy } from '../solvers/index.ts';
import type { ObservationFormat } from '../spec/game-text.ts';
import { type InfosetSite, PolicyTableError, walkInfosets } from './policy-table/infoset-walk.ts';
import type { ActionScoreSource } from './policy-table/scored-policy-table.ts';

export { PolicyTableError };

/**
 * The probability the built-in LM gives each legal move at `site`, constrained to the legal moves at temperature 1
 * (exactly how it plays) unless `sampling` says otherwise, by teacher-forced scoring of each move string, EOS
 * included, under the observation.
 */
export function lmMoveProbabilities(model: LmModel, site: InfosetSite, sampling?: Sampling): number[] {
  const probs = candidateProbabilities({
    model,
    prompt: lmPromptTokens(site.observation),
    candidates: site.legal,
    ...sampling,
  });
  return site.legal.map((s) => probs.find((p) => p.text === s)?.probability ?? 0);
}

/** The built-in LM as a source for `scoredPolicyTable`. */
export function lmActionScores(model: LmModel, name = 'lm'): ActionScoreSource {
  let calls = 0;
  return {
    name,
    get calls() {
      return calls;
    },
    logprobs: (site) => {
      calls++;
      return lmMoveProbabilities(model, site).map(Math.log);
    },
  };
}

/**
 * The built-in LM's full behaviour policy as a table: every information set reachable in the game tree, keyed as
 * the solvers expect, with the probability the model (constrained to the legal moves, temperature 1 — exactly how
 * it plays — unless `sampling` says otherwise) gives each legal move under the observation it would see there,
 * read by teacher forcing. The solvers then measure its exploitability exactly. Synchronous, for the trainer's
 * evaluation.
 */
export function lmPolicyTable(options: {
  game: AnyTextGame;
  model: LmModel;
  format: ObservationFormat;
  /** Measure the policy played at another temperature or top-p (default: temperature 1, as it trains). */
  sampling?: Sampling;
  /** Stop with an error past this many information sets (default 30,000, as `walkInfosets`). */
  maxInfosets?: number;
}): TabularPolicy {
  const { game, model, format } = options;
  const sites = walkInfosets({ game, format, ...(options.maxInfosets ? { maxInfosets: options.maxInfosets } : {}) });
  const rows: Record<string, number[]> = {};
  // Sets that read the same text get the same row, so each distinct prompt is read once (a game whose text is
  // Markov, as bargaining's compact layout, has far fewer prompts than information sets).
  const byPrompt = new Map<string, InfosetSite[]>();
  for (const site of sites) {
    const prompt = `${site.observation}\u0000${site.legal.join('\u0000')}`;
    const group = byPrompt.get(prompt);
    if (group) group.push(site);
    else byPrompt.set(prompt, [site]);
  }
  const groups = [...byPrompt.values()];
  const fill = (group: readonly InfosetSite[], row: readonly number[]) => {
    for (const same of group) rows[same.key] = [...row];
  };
  // Where the moves part at one token (most games), one pass per prompt reads the choice there and the tokens
  // around it are forced; elsewhere (bargaining's `[Offer: 1]` / `[Offer: 10]`) each move string is scored.
  const parting = groups.flatMap((group) => {
    const site = group[0]!;
    const point = choicePoint(site.legal);
    if (point)
      return [{ group, context: [...lmPromptTokens(site.observation), ...point.prefix], ids: point.choiceTokens }];
    fill(group, lmMoveProbabilities(model, site, options.sampling));
    return [];
  });
  const probs = choiceDistributions(model, parting, options.sampling ?? { temperature: 1, topP: 1 });
  parting.forEach(({ group }, i) => fill(group, Array.from(probs[i]!)));
  return tabularPolicy(game.rules.info.id, rows);
}

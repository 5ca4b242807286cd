import { choicePoint } from '../rollout/lm-policy.ts';
import type { ChoiceFit } from '../spec/learner.ts';
import type { ChoiceSample } from './magnet.ts';

/**
 * The legal-mass steps of a sampled step's turns (`loss.moveText` λ): one per distinct decision played under
 * constrained decoding whose legal moves part at one token. Each moves the full-vocabulary probability at the
 * choice token onto the legal moves' tokens without changing the policy over them (`ChoiceFit.legalMass`), so that
 * free decoding writes a legal move where constrained decoding chooses one. The forced tokens around it are the
 * policy-gradient samples' own (`LossSpec.moveText`).
 */
export function legalMassFits(samples: readonly ChoiceSample[], lambda: number): ChoiceFit[] {
  if (lambda <= 0) return [];
  const fits = new Map<string, ChoiceFit>();
  for (const s of samples) {
    if (!s.tokenMask || s.legal.length < 2) continue;
    const point = choicePoint(s.legal);
    if (!point) continue;
    const contextTokens = [...s.promptTokens, ...point.prefix];
    const key = contextTokens.join(',');
    if (!fits.has(key)) fits.set(key, { contextTokens, choiceTokens: point.choiceTokens, legalMass: lambda });
  }
  return [...fits.values()];
}

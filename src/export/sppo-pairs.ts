import { type PreferenceSet, preferenceOracle } from '../preference/index.ts';
import type { ExportSample } from './export-sample.ts';

/**
 * SPPO's pair layout (uclaml/SPPO's generated datasets: `prompt`, `chosen`, `rejected`, `chosen_probs` = P(chosen ≻
 * rejected), `chosen_probs_win` and `chosen_probs_lose` = each one's estimated win rate against the iterate), one
 * line per (iteration, prompt) of a preference recipe run: the best and the worst response by the reward the run
 * recorded (SPPO's runs: the win rate over all K samples; SPO's and DPO's: the win fraction over the other K − 1).
 * P(chosen ≻ rejected) comes from the run's own preference file, an unlisted response being "other".
 */
export function sppoPairLines(samples: Iterable<ExportSample>, preferences: PreferenceSet): Record<string, unknown>[] {
  const groups = new Map<string, { best: ExportSample; worst: ExportSample }>();
  for (const s of samples) {
    const key = `${s.step}\u0000${s.prompt}`;
    const group = groups.get(key);
    if (!group) groups.set(key, { best: s, worst: s });
    else if (s.reward > group.best.reward) group.best = s;
    else if (s.reward < group.worst.reward) group.worst = s;
  }
  const byPrompt = new Map(preferences.prompts.map((p) => [p.prompt, p]));
  return [...groups.values()].flatMap(({ best, worst }) => {
    const prompt = byPrompt.get(best.prompt);
    if (!prompt || best.completion === worst.completion || !(best.reward > worst.reward)) return [];
    const prefer = preferenceOracle(prompt);
    return [
      {
        prompt: best.prompt,
        chosen: best.completion,
        rejected: worst.completion,
        chosen_probs: prefer(prompt.responses.indexOf(best.completion), prompt.responses.indexOf(worst.completion)),
        chosen_probs_win: best.reward,
        chosen_probs_lose: worst.reward,
      },
    ];
  });
}

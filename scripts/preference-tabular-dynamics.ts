// SPPO's update with exact win rates on a preference file, tabular (no network, no sampling): π_{t+1} ∝
// π_t^{1/(1+ηα)} · μ^{ηα/(1+ηα)} · exp(η·P(y ≻ π_t)/(1+ηα)), with μ uniform over the listed responses (α 0: plain
// SPPO, multiplicative weights). Prints each prompt's duality gap at a few iterations (docs/recipes.md):
// node bin/run-ts.js scripts/preference-tabular-dynamics.ts [--file data/preferences/intransitive-5.json]
//   [--eta 2] [--alpha 0.05] [--iterations 100]
import { parseArgs } from 'node:util';
import { preferenceDualityGap, readPreferenceFile, replyWinRates } from '../src/preference/index.ts';

const { values } = parseArgs({
  options: {
    file: { type: 'string', default: 'data/preferences/intransitive-5.json' },
    eta: { type: 'string', default: '2' },
    alpha: { type: 'string', default: '0.05' },
    iterations: { type: 'string', default: '100' },
  },
});
const eta = Number(values.eta);
const alpha = Number(values.alpha);
const iterations = Number(values.iterations);
const report = new Set([5, 10, 20, 40, 60, 80, 100, iterations]);
const set = await readPreferenceFile(values.file);
console.log(`SPPO, exact win rates, η ${eta}, magnet α ${alpha} toward uniform`);
for (const prompt of set.prompts) {
  const n = prompt.responses.length;
  let pi = new Array<number>(n).fill(1 / n);
  const gaps: string[] = [];
  for (let t = 1; t <= iterations; t++) {
    const wins = replyWinRates(prompt, { probabilities: pi, other: 0 });
    const logits = pi.map((p, i) => (Math.log(p) + eta * wins[i]! + eta * alpha * Math.log(1 / n)) / (1 + eta * alpha));
    const top = Math.max(...logits);
    const weights = logits.map((l) => Math.exp(l - top));
    const total = weights.reduce((a, b) => a + b, 0);
    pi = weights.map((w) => w / total);
    if (report.has(t)) gaps.push(`${t}: ${preferenceDualityGap(prompt, { probabilities: pi, other: 0 }).toFixed(3)}`);
  }
  console.log(`"${prompt.prompt}" gap after iteration ${gaps.join(' · ')}`);
}

import { EOS_ID } from '../../lm/index.ts';
import type { OracleResponse, PreferenceOracle } from '../../preference/index.ts';
import type { ResponseSample } from './response-samples.ts';

/** P(samples[i] ≻ samples[j]) for two samples of one prompt, named by their index in the iteration's sample list. */
export type SamplePreferences = (i: number, j: number) => number;

/** The sample as the oracle sees it: a generation stopped by the model ends with EOS; one cut at the limit does not. */
export function oracleResponse(sample: ResponseSample): OracleResponse {
  return { text: sample.text, finished: sample.completionTokens.at(-1) === EOS_ID };
}

/**
 * The oracle's P(a ≻ b) for every ordered pair of each prompt's distinct responses (K samples repeat themselves),
 * the diagonal included: every comparison of every prompt is started before any is awaited, so a judge's requests
 * run together under its endpoint's concurrency limit. Then a lookup by sample index.
 */
export async function compareSamples(options: {
  samples: readonly ResponseSample[];
  oracle: PreferenceOracle;
}): Promise<SamplePreferences> {
  const { samples, oracle } = options;
  const distinct = new Map<number, { responses: OracleResponse[]; at: Map<string, number> }>();
  const position = samples.map((s) => {
    const response = oracleResponse(s);
    let prompt = distinct.get(s.prompt);
    if (!prompt) distinct.set(s.prompt, (prompt = { responses: [], at: new Map() }));
    const key = JSON.stringify([response.text, response.finished]);
    let at = prompt.at.get(key);
    if (at === undefined) {
      at = prompt.responses.push(response) - 1;
      prompt.at.set(key, at);
    }
    return at;
  });
  const matrices = new Map(
    await Promise.all(
      [...distinct].map(
        async ([prompt, { responses }]) =>
          [
            prompt,
            await Promise.all(responses.map((a) => Promise.all(responses.map((b) => oracle.prefer(prompt, a, b))))),
          ] as const,
      ),
    ),
  );
  return (i, j) => {
    const [a, b] = [samples[i]!, samples[j]!];
    if (a.prompt !== b.prompt) throw new RangeError(`samples ${i} and ${j} answer different prompts`);
    return matrices.get(a.prompt)![position[i]!]![position[j]!]!;
  };
}

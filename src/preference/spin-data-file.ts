import { z } from 'zod';
import { parseDataFile, promptFileSchema, readDataFile } from './data-file.ts';

/** One prompt of a SPIN data file: the data distribution p_data(· | prompt) over its listed responses. */
export interface SpinPrompt {
  readonly prompt: string;
  readonly responses: readonly string[];
  /** p_data of each response; non-negative, summing to 1. */
  readonly probabilities: readonly number[];
}

export interface SpinData {
  readonly prompts: readonly SpinPrompt[];
}

/** How far a prompt's probabilities may sum from 1: room for rounded decimals. */
export const probabilitySumTolerance = 1e-6;

const schema = promptFileSchema(1, { probabilities: z.array(z.number()) });

/** Parses and checks a SPIN data file's text; throws `DataFileError` naming the prompt and the entry at fault. */
export function parseSpinDataFile(text: string): SpinData {
  return parseDataFile({
    text,
    schema,
    what: 'SPIN data file',
    expected: '{"prompts": [{"prompt": "…", "responses": ["…", …], "probabilities": [p0, …]}]} (docs/preferences.md)',
    checkPrompt: checkProbabilities,
  });
}

export async function readSpinDataFile(path: string): Promise<SpinData> {
  return parseSpinDataFile(await readDataFile(path, 'SPIN data file'));
}

/** One probability per response, each ≥ 0, summing to 1. */
function checkProbabilities(p: SpinPrompt, fail: (message: string) => never): void {
  if (p.probabilities.length !== p.responses.length)
    fail(`${p.probabilities.length} probabilities for ${p.responses.length} responses; give one per response`);
  p.probabilities.forEach((v, i) => {
    if (!(v >= 0)) fail(`probability ${i} is ${v}; probabilities are ≥ 0`);
  });
  const total = p.probabilities.reduce((a, v) => a + v, 0);
  if (Math.abs(total - 1) > probabilitySumTolerance) fail(`probabilities sum to ${total}, need 1`);
}

import { describe, expect, it } from 'vitest';
import type { ActRequest, Policy } from '../../spec/policy.ts';
import { createRng } from '../../util/rng.ts';
import { policyWriter } from './policy-writer.ts';
import type { Writer } from './writer.ts';

function echo(prefix: string, seen: ActRequest[]): Policy {
  return {
    name: prefix,
    async act(request) {
      seen.push(request);
      // Answer out of order, so the writer must put each reply back in its prompt's place.
      await new Promise((resolve) => setTimeout(resolve, request.observation.length % 3));
      return { text: `${prefix}:${request.observation}` };
    },
  };
}

const fallback: Writer = async (role, prompts) =>
  prompts.map((p) => ({ text: `lm ${role}:${p}`, promptTokens: [1], completionTokens: [2, 3], logprobs: [-1, -2] }));

describe('policyWriter', () => {
  it("plays the bound roles by their policies, in the prompts' order, and leaves the rest to the fallback", async () => {
    const seen: ActRequest[] = [];
    const write = policyWriter({ policies: { solve: echo('api', seen) }, fallback, rng: createRng(1), concurrency: 3 });
    const prompts = ['a', 'bb', 'ccc', 'dddd', 'e'];
    const solved = await write('solve', prompts);
    expect(solved.map((r) => r.text)).toEqual(prompts.map((p) => `api:${p}`));
    // An endpoint's reply is judged on its text and never trained on: no tokens of ours.
    expect(solved.every((r) => r.completionTokens.length === 0 && r.logprobs.length === 0)).toBe(true);
    expect(seen.map((r) => r.legal)).toEqual(prompts.map(() => []));
    const proposed = await write('propose', ['x']);
    expect(proposed).toEqual([
      { text: 'lm propose:x', promptTokens: [1], completionTokens: [2, 3], logprobs: [-1, -2] },
    ]);
  });

  it('seeds every request from the run RNG: the same seed asks the same, another seed differently', async () => {
    const seeds = async (seed: number) => {
      const seen: ActRequest[] = [];
      const write = policyWriter({ policies: { judge: echo('j', seen) }, fallback, rng: createRng(seed) });
      await write('judge', ['p', 'q']);
      await write('judge', ['p', 'q']);
      return seen.sort((a, b) => a.infoKey.localeCompare(b.infoKey)).map((r) => r.rng.int(1_000_000));
    };
    expect(await seeds(7)).toEqual(await seeds(7));
    expect(await seeds(7)).not.toEqual(await seeds(8));
  });

  it("ends the call with the policy's error (a server still down after its retries)", async () => {
    const down: Policy = {
      name: 'down',
      act: async () => {
        throw new Error('the endpoint did not answer (gave up after 6 attempts)');
      },
    };
    const write = policyWriter({ policies: { propose: down }, fallback, rng: createRng(1) });
    await expect(write('propose', ['p'])).rejects.toThrow('gave up after 6 attempts');
  });
});

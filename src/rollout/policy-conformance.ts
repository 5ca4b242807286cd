import type { AnyTextGame } from '../games/registry.ts';
import type { ConformanceFailure } from '../spec/conformance.ts';
import type { ObservationFormat } from '../spec/game-text.ts';
import type { ActRequest, ActResponse, Policy } from '../spec/policy.ts';
import { createRng, deriveSeed } from '../util/rng.ts';
import { playEpisode } from './episode.ts';
import { createRandomPlayer } from './players/random-player.ts';

/** A `Policy` implementation under test, and what it promises beyond the contract. */
export interface PolicySubject {
  /** A fresh policy (the determinism check compares two); the suite closes each it makes. */
  make(): Policy | Promise<Policy>;
  /** Every answer is one of the legal move strings (constrained decoding, tabular and random players). */
  readonly legalOnly: boolean;
  /** The game whose turns the policy is asked to play. */
  readonly game: AnyTextGame;
  readonly format?: ObservationFormat;
}

/** Requests from real turns: a few seeded games of uniformly random play, every decision asked as the game asked. */
async function sampleRequests(game: AnyTextGame, format: ObservationFormat): Promise<ActRequest[]> {
  const requests: ActRequest[] = [];
  const random = createRandomPlayer();
  const recorder: Policy = {
    name: 'recorder',
    act: (request) => {
      requests.push(request);
      return random.act(request);
    },
  };
  for (let seed = 1; requests.length < 8; seed++) {
    const policies = Array.from({ length: game.rules.info.players }, () => recorder);
    await playEpisode({ game, policies, seed, format });
  }
  // Each request gets its own seeded RNG, so a run of the suite can replay it exactly.
  return requests.map((r, i) => ({ ...r, rng: createRng(deriveSeed(7, i)) }));
}

/** Answers every request at once (so batching policies batch), each with a fresh copy of its seeded RNG. */
async function answer(policy: Policy, requests: readonly ActRequest[]): Promise<ActResponse[]> {
  const fresh = requests.map((r, i) => ({ ...r, rng: createRng(deriveSeed(7, i)) }));
  if (!policy.sequential) return Promise.all(fresh.map((r) => policy.act(r)));
  const responses: ActResponse[] = [];
  for (const r of fresh) responses.push(await policy.act(r));
  return responses;
}

/** What is wrong with a reported token trace, if anything: lengths must agree and log-probs be log-probabilities. */
function traceProblem(response: ActResponse): string | undefined {
  const {
    promptTokenIds,
    completionTokenIds: ids,
    completionLogprobs: logprobs,
    completionChoiceMask: mask,
  } = response;
  if (promptTokenIds && promptTokenIds.length === 0) return 'an empty prompt token list';
  if (!ids) return logprobs || mask ? 'log-probs or a choice mask without completion token ids' : undefined;
  if (ids.some((t) => !Number.isInteger(t) || t < 0)) return `token ids that are not ids: ${ids.join(',')}`;
  if (logprobs && logprobs.length !== ids.length) return `${logprobs.length} log-probs for ${ids.length} tokens`;
  if (logprobs?.some((x) => !Number.isFinite(x) || x > 1e-6)) return `log-probs outside (−∞, 0]: ${logprobs.join(',')}`;
  if (mask && mask.length !== ids.length) return `a choice mask of ${mask.length} for ${ids.length} tokens`;
  return undefined;
}

/**
 * The `Policy` conformance suite, for every implementation (the built-in LM under legal and free decoding, random
 * and table players, an endpoint client): answers are strings (legal moves where the subject promises them), the
 * same for the same seeded requests, refused once the request's signal has aborted, and any token trace reported
 * is consistent. Returns the failures (none: the policy conforms).
 */
export async function checkPolicy(subject: PolicySubject): Promise<ConformanceFailure[]> {
  const failures: ConformanceFailure[] = [];
  const fail = (check: string, message: string) => failures.push({ check, message });
  const requests = await sampleRequests(subject.game, subject.format ?? 'compact');
  const [a, b] = [await subject.make(), await subject.make()];
  try {
    const [first, second] = [await answer(a, requests), await answer(b, requests)];
    first.forEach((response, i) => {
      const { legal } = requests[i]!;
      if (typeof response.text !== 'string') fail('answers', `answer ${i} is a ${typeof response.text}, not a string`);
      else if (subject.legalOnly && !legal.includes(response.text))
        fail('legal', `answer ${i} "${response.text}" is none of ${legal.join(', ')}`);
      const problem = traceProblem(response);
      if (problem) fail('trace', `answer ${i} reports ${problem}`);
    });
    const differ = first.findIndex((r, i) => r.text !== second[i]?.text);
    if (differ >= 0)
      fail('deterministic', `request ${differ}: "${first[differ]!.text}", then "${second[differ]!.text}"`);
    const aborted = new AbortController();
    aborted.abort(new Error('aborted by the suite'));
    const refused = await a.act({ ...requests[0]!, signal: aborted.signal }).then(
      (r) => `answered "${r.text}"`,
      () => undefined,
    );
    if (refused) fail('abort', `with an aborted signal the policy ${refused} instead of refusing`);
  } finally {
    await a.close?.();
    await b.close?.();
  }
  return failures;
}

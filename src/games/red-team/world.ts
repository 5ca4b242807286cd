import { z } from 'zod';

/**
 * The generated world of the red-team game: the toy stand-in for Self-RedTeam's seed prompts (research/systems.md
 * §2.11 (b), (g): "a toy version (rule 'harm' classifier over a synthetic vocabulary)"). A deal fixes the defender's
 * secret code word, which topics its usage policy forbids (the rest are permitted), and the attacker's goal, benign or
 * harmful. Requests and answers are finite menus, so a byte-level model with a 128-token context can play both seats.
 */

/** A request's target: a topic index (0-based, into `config.topics`), or this marker for the secret code word. */
export const SECRET = -1;

/** Request styles. `ask` is plain; `roleplay` and `story` wrap the same target in a persona or a fiction. */
export const wrappers = ['ask', 'roleplay', 'story'] as const;
export type Wrapper = (typeof wrappers)[number];

/** Defender moves, as action ids. */
export const REFUSE = 0;
export const HELP = 1;

const word = z
  .string()
  .regex(/^[a-z]+$/, 'use one lower-case word (a-z)')
  .refine((w) => w !== 'secret', 'the word `secret` names the code word target; pick another');

export const redTeamConfigSchema = z
  .object({
    /** Registry id; a variant (other world or payoffs) must carry its own. */
    id: z.string().min(1).default('red-team'),
    title: z.string().min(1).default('Red team (Self-RedTeam attacker vs defender, rule judge)'),
    /** Code words the defender may be dealt, uniformly. */
    secrets: z.array(word).min(1).max(8).default(['tulip', 'falcon', 'cobalt']),
    /** Help topics; each deal forbids `forbidden` of them (uniformly over subsets) and permits the rest. */
    topics: z.array(word).min(2).max(6).default(['cooking', 'math', 'chemistry']),
    /** How many topics a deal forbids; at least one must stay permitted so a benign goal exists. */
    forbidden: z.number().int().min(1).max(5).default(1),
    /**
     * Probability that the attacker's goal is harmful; Self-RedTeam draws harmful and benign seeds 50/50
     * (research/systems.md §2.11 (b)). A harmful goal targets the secret or one forbidden topic, a benign one a
     * permitted topic, uniformly within its kind.
     */
    harmfulProbability: z.number().min(0).max(1).default(0.5),
    /**
     * `general-sum`: Self-RedTeam's reward tables as its code plays them (judge.ts). `zero-sum`: the defender's table
     * alone, the attacker getting its negation; our construction, since the paper's zero-sum game is not implemented in
     * its code.
     */
    payoffs: z.enum(['general-sum', 'zero-sum']).default('general-sum'),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (new Set(c.secrets).size !== c.secrets.length)
      ctx.addIssue({ code: 'custom', path: ['secrets'], message: 'secrets must be distinct' });
    if (new Set(c.topics).size !== c.topics.length)
      ctx.addIssue({ code: 'custom', path: ['topics'], message: 'topics must be distinct' });
    if (c.forbidden >= c.topics.length)
      ctx.addIssue({
        code: 'custom',
        path: ['forbidden'],
        message: `forbid fewer than the ${c.topics.length} topics, so a benign goal exists`,
      });
  });

export type RedTeamConfig = z.output<typeof redTeamConfigSchema>;
export type RedTeamConfigInput = z.input<typeof redTeamConfigSchema>;

/** Thrown when a red-team config breaks the schema; says which field and how. */
export class RedTeamConfigError extends Error {
  override readonly name = 'RedTeamConfigError';
}

/** The attacker's goal: get help on a permitted topic (benign), or the secret or forbidden help (harmful). */
export interface Goal {
  readonly harmful: boolean;
  /** A topic index, or `SECRET` (harmful goals only). */
  readonly target: number;
}

/** One chance outcome: everything dealt before the attacker moves. */
export interface Scenario {
  /** Index into `config.secrets`. */
  readonly secret: number;
  /** Forbidden topic indices, ascending; every other topic is permitted. */
  readonly forbidden: readonly number[];
  readonly goal: Goal;
  readonly probability: number;
}

/** A request from the attacker's menu. */
export interface Request {
  readonly wrapper: number;
  /** A topic index, or `SECRET`. */
  readonly target: number;
}

export interface RedTeamWorld {
  readonly config: RedTeamConfig;
  /** Every deal with positive probability, in a fixed order; a deal's chance action is its index here. */
  readonly scenarios: readonly Scenario[];
  /** Attacker menu size: `wrappers × (topics + secret)`. */
  readonly requestCount: number;
  /** Request `id`, wrapper-major: for each wrapper, each topic in order, then the secret. */
  request(id: number): Request;
  /** Topic indices a scenario permits, ascending. */
  permitted(scenario: Scenario): number[];
  /** `secret` or the topic's word. */
  targetName(target: number): string;
}

/** Every k-subset of 0..n−1, ascending, in lexicographic order. */
function subsets(n: number, k: number): number[][] {
  if (k === 0) return [[]];
  const out: number[][] = [];
  for (let first = 0; first <= n - k; first++)
    for (const rest of subsets(n - first - 1, k - 1)) out.push([first, ...rest.map((x) => x + first + 1)]);
  return out;
}

/** Builds the world of `config`; throws `RedTeamConfigError` on a config outside the schema. */
export function createWorld(input: RedTeamConfigInput = {}): RedTeamWorld {
  const parsed = redTeamConfigSchema.safeParse(input);
  if (!parsed.success) throw new RedTeamConfigError(`red-team: invalid config: ${z.prettifyError(parsed.error)}`);
  const config = parsed.data;
  const topicCount = config.topics.length;
  const forbiddenSets = subsets(topicCount, config.forbidden);
  const pHarm = config.harmfulProbability;

  const scenarios: Scenario[] = [];
  for (let secret = 0; secret < config.secrets.length; secret++)
    for (const forbidden of forbiddenSets) {
      const base = 1 / (config.secrets.length * forbiddenSets.length);
      const harmTargets = [...forbidden, SECRET];
      const benignTargets = Array.from({ length: topicCount }, (_, t) => t).filter((t) => !forbidden.includes(t));
      for (const target of harmTargets) {
        const probability = (base * pHarm) / harmTargets.length;
        if (probability > 0) scenarios.push({ secret, forbidden, goal: { harmful: true, target }, probability });
      }
      for (const target of benignTargets) {
        const probability = (base * (1 - pHarm)) / benignTargets.length;
        if (probability > 0) scenarios.push({ secret, forbidden, goal: { harmful: false, target }, probability });
      }
    }

  const slots = topicCount + 1;
  return {
    config,
    scenarios,
    requestCount: wrappers.length * slots,
    request(id) {
      const slot = id % slots;
      return { wrapper: Math.floor(id / slots), target: slot === topicCount ? SECRET : slot };
    },
    permitted: (scenario) =>
      Array.from({ length: topicCount }, (_, t) => t).filter((t) => !scenario.forbidden.includes(t)),
    targetName: (target) => (target === SECRET ? 'secret' : (config.topics[target] ?? '?')),
  };
}

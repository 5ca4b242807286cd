import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { normaliseRow, PolicyError, type TabularPolicy } from './tabular-policy.ts';

/**
 * The tabular policy file: `{ "game": "kuhn-poker", "policy": { "0": [0.8, 0.2], "1pb": [0.47, 0.53], … } }`,
 * each row aligned with `legalActions` order at that information set (docs/solvers.md).
 */
const policyFileSchema = z.object({
  game: z.string().min(1),
  policy: z.record(z.string(), z.array(z.number())),
});
export type PolicyFile = z.infer<typeof policyFileSchema>;

/** JSON text of `policy` (rows in insertion order, full precision). */
export function policyToJson(policy: TabularPolicy): string {
  const file: PolicyFile = { game: policy.game, policy: Object.fromEntries(policy.rows) as PolicyFile['policy'] };
  return `${JSON.stringify(file, null, 1)}\n`;
}

/**
 * Reads a policy file; throws `PolicyError` on text that is not one, naming the key at fault. Rows are checked for
 * negative/NaN entries and zero sums here; their lengths are checked against the game when the policy is used.
 * Pass `game` to reject a file made for another game.
 */
export function policyFromJson(text: string, options: { game?: string } = {}): TabularPolicy {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw Object.assign(new PolicyError('policy file is not JSON; expected { "game": …, "policy": { key: [p, …] } }'), {
      cause,
    });
  }
  const result = policyFileSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    const key = issue?.path[0] === 'policy' && typeof issue.path[1] === 'string' ? issue.path[1] : undefined;
    throw new PolicyError(
      `not a policy file${key === undefined ? '' : ` (at key ${JSON.stringify(key)})`}: ${z.prettifyError(result.error)}; ` +
        'expected { "game": "<game id>", "policy": { "<info key>": [probabilities…] } }',
      key,
    );
  }
  const file = result.data;
  if (options.game !== undefined && file.game !== options.game)
    throw new PolicyError(`the policy file is for game "${file.game}", not "${options.game}"`);
  const rows = new Map<string, number[]>();
  for (const [key, row] of Object.entries(file.policy)) {
    normaliseRow(key, row, row.length);
    rows.set(key, row);
  }
  return { game: file.game, rows };
}

/** Reads a policy JSON file from disk for `game`; an unreadable file is a `PolicyError` naming it. */
export async function readPolicyFile(path: string, game: string): Promise<TabularPolicy> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw Object.assign(new PolicyError(`cannot read policy file "${path}": ${(cause as Error).message}`), { cause });
  }
  return policyFromJson(text, { game });
}

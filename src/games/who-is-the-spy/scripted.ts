import { z } from 'zod';
import type { ScriptedPlayerSpec } from '../../spec/game-text.ts';
import type { Rng } from '../../spec/rng.ts';
import type { SpyRules } from './rules.ts';
import type { Clue } from './world.ts';

/**
 * The scripted player of Who is the Spy, for measuring policies against fixed opponents. It decides from the seat's
 * information-state key alone (its role, its object, the clues so far; `SpyRules.informationStateKey`), and draws
 * every tie from `rng`.
 * - Clue, civilian: the truth about an attribute no one has named yet (any attribute once all are named).
 * - Clue, spy: echoes a clue another player gave (blending in), or tells the truth when no one has spoken.
 * - Vote: for the player whose clues contradict the reference object most, ties drawn uniformly; with no
 *   contradiction, for any other player. A civilian's reference is its own object; the spy's, attribute by attribute,
 *   the value the other players named most (its own where none was named or the count is tied).
 */
export function scriptedSpyPlayer(rules: SpyRules): ScriptedPlayerSpec {
  const { world, players, clueRounds } = rules.config;
  const clueTurns = clueRounds * players;
  const clueString = ({ attribute, value }: Clue): string => {
    const a = world.attributes[attribute]!;
    return `[${a.name}:${a.values[value]!}]`;
  };

  return {
    description: 'civilians name a fresh attribute truthfully, the spy echoes; all vote for the most contradicted',
    move(infoKey, legal, rng) {
      const seat = readKey(rules, infoKey);
      const chosen = seat.clues.length < clueTurns ? clueString(clueOf(seat, rng)) : voteOf(seat, legal, rng);
      if (!legal.includes(chosen))
        throw new RangeError(
          `${rules.info.id}: the scripted move ${chosen} at ${infoKey} is none of the legal moves ${legal.join(' ')}`,
        );
      return chosen;
    },
  };
}

/** What a seat knows, read back from its information-state key. */
interface SeatView {
  readonly player: number;
  readonly spy: boolean;
  /** Value index per attribute of the seat's own object. */
  readonly own: readonly number[];
  readonly clues: readonly { readonly seat: number; readonly clue: Clue }[];
}

/** `[player, role, own object's values, clues as [seat, attribute, value], own vote, all votes]`. */
const keySchema = z.tuple([
  z.number().int().min(0),
  z.enum(['spy', 'civilian']).nullable(),
  z.array(z.number().int().min(0)).nullable(),
  z.array(z.tuple([z.number().int().min(0), z.number().int().min(0), z.number().int().min(0)])),
  z.number().int().nullable(),
  z.array(z.number().int()).nullable(),
]);

function readKey(rules: SpyRules, infoKey: string): SeatView {
  let raw: unknown;
  try {
    raw = JSON.parse(infoKey);
  } catch {
    raw = undefined;
  }
  const parsed = keySchema.safeParse(raw);
  if (!parsed.success) throw new RangeError(`${rules.info.id}: "${infoKey}" is not an information-state key`);
  const [player, role, own, clues, ownVote] = parsed.data;
  if (role === null || own === null || ownVote !== null)
    throw new RangeError(`${rules.info.id}: the scripted player was asked to move at ${infoKey}, where it has none`);
  return {
    player,
    spy: role === 'spy',
    own,
    clues: clues.map(([seat, attribute, value]) => ({ seat, clue: { attribute, value } })),
  };
}

function clueOf(seat: SeatView, rng: Rng): Clue {
  const others = seat.clues.filter((c) => c.seat !== seat.player);
  if (seat.spy && others.length > 0) return pick(rng, others).clue;
  const named = new Set(seat.clues.map((c) => c.clue.attribute));
  const attributes = seat.own.map((_, a) => a);
  const fresh = attributes.filter((a) => !named.has(a));
  const attribute = pick(rng, fresh.length > 0 ? fresh : attributes);
  return { attribute, value: seat.own[attribute]! };
}

function voteOf(seat: SeatView, legal: readonly string[], rng: Rng): string {
  const reference = seat.spy ? seat.own.map((v, a) => majorityValue(seat, a) ?? v) : seat.own;
  const contradictions = new Map<number, number>();
  for (const { seat: speaker, clue } of seat.clues)
    if (clue.value !== reference[clue.attribute]) contradictions.set(speaker, (contradictions.get(speaker) ?? 0) + 1);
  const candidates = legal.flatMap((move) => {
    const target = /^\[vote (\d+)\]$/.exec(move)?.[1];
    return target === undefined ? [] : [{ move, score: contradictions.get(Number(target)) ?? 0 }];
  });
  const most = Math.max(...candidates.map((c) => c.score));
  return pick(
    rng,
    candidates.filter((c) => c.score === most),
  ).move;
}

/** The value of `attribute` the players other than the seat named most often; undefined when none or tied. */
function majorityValue(seat: SeatView, attribute: number): number | undefined {
  const counts = new Map<number, number>();
  for (const { seat: speaker, clue } of seat.clues)
    if (speaker !== seat.player && clue.attribute === attribute)
      counts.set(clue.value, (counts.get(clue.value) ?? 0) + 1);
  const ranked = [...counts].sort((x, y) => y[1] - x[1]);
  const [best, second] = ranked;
  if (!best || (second && second[1] === best[1])) return undefined;
  return best[0];
}

function pick<T>(rng: Rng, items: readonly T[]): T {
  const item = items[rng.int(items.length)];
  if (item === undefined) throw new RangeError('who-is-the-spy: the scripted player has nothing to pick from');
  return item;
}

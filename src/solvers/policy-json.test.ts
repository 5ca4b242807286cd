import { describe, expect, it } from 'vitest';
import { kuhnRules } from '../games/kuhn-poker/rules.ts';
import { buildTree } from './game-tree.ts';
import { kuhnNashPolicy } from './kuhn-nash.ts';
import { policyFromJson, policyToJson } from './policy-json.ts';
import { actionProbabilities, flattenPolicy, PolicyError, tabularPolicy, uniformPolicy } from './tabular-policy.ts';

const tree = buildTree(kuhnRules);

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('tabular policies', () => {
  it('round-trips through JSON exactly', () => {
    const policy = kuhnNashPolicy(0.2);
    const text = policyToJson(policy);
    const back = policyFromJson(text, { game: 'kuhn-poker' });
    expect(back.game).toBe('kuhn-poker');
    expect(Object.fromEntries(back.rows)).toEqual(Object.fromEntries(policy.rows));
    expect(Array.from(flattenPolicy(tree, back))).toEqual(Array.from(flattenPolicy(tree, policy)));
    expect(JSON.parse(text)).toMatchObject({ game: 'kuhn-poker', policy: { '0': [0.8, 0.2] } });
  });

  it('treats missing keys as uniform and renormalises rows', () => {
    const policy = tabularPolicy('kuhn-poker', { '0': [3, 1] });
    expect(actionProbabilities(policy, '0', 2)).toEqual([0.75, 0.25]);
    expect(actionProbabilities(policy, '1pb', 2)).toEqual([0.5, 0.5]);
    const flat = flattenPolicy(tree, policy);
    const i = tree.infosets.byKey.get('0')!;
    expect(flat[tree.infosets.slotStart[i]!]).toBe(0.75);
    expect(flattenPolicy(tree, uniformPolicy('kuhn-poker')).every((p) => p === 0.5)).toBe(true);
  });

  it('rejects malformed files, naming the key at fault', () => {
    const bad = (text: string) => () => policyFromJson(text);
    expect(bad('not json')).toThrow(PolicyError);
    expect(bad('{"policy": {}}')).toThrow(/game/);
    expect(bad('{"game": "kuhn-poker", "policy": {"1pb": [0.5, "x"]}}')).toThrow(/"1pb"/);
    expect(bad('{"game": "kuhn-poker", "policy": {"0": [1.5, -0.5]}}')).toThrow(/"0" has entry -0.5/);
    expect(bad('{"game": "kuhn-poker", "policy": {"2b": [0, 0]}}')).toThrow(/"2b" has no positive entry/);
    expect(() => policyFromJson('{"game": "leduc-poker", "policy": {}}', { game: 'kuhn-poker' })).toThrow(
      /for game "leduc-poker", not "kuhn-poker"/,
    );
    const error = thrown(bad('{"game": "kuhn-poker", "policy": {"0p": [-1, 2]}}'));
    expect(error).toBeInstanceOf(PolicyError);
    expect((error as PolicyError).key).toBe('0p');
  });

  it('rejects rows that do not fit the game, and keys the game never reaches', () => {
    expect(() => flattenPolicy(tree, tabularPolicy('kuhn-poker', { '1p': [0.2, 0.3, 0.5] }))).toThrow(
      /"1p" has 3 entries but the information set has 2 legal actions/,
    );
    expect(() => flattenPolicy(tree, tabularPolicy('kuhn-poker', { '1x': [1, 0] }))).toThrow(/"1x" is not an/);
    expect(() => flattenPolicy(tree, tabularPolicy('kuhn-poker', { '0': [Number.NaN, 1] }))).toThrow(/NaN/);
    expect(() => flattenPolicy(tree, uniformPolicy('leduc-poker'))).toThrow(/tree is of "kuhn-poker"/);
  });
});

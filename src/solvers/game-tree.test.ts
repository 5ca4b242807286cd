import { describe, expect, it } from 'vitest';
import { kuhnRules } from '../games/kuhn-poker/rules.ts';
import { leducRules } from '../games/leduc-poker/rules.ts';
import { CHANCE, type Game, TERMINAL } from '../spec/game.ts';
import { buildTree, type GameTree, TreeBuildError } from './game-tree.ts';

/** Structural invariants every solver loop relies on. */
function checkLayout(tree: GameTree): void {
  const { actor, firstChild, childCount, parent, chanceProbability, infoset, nodeCount } = tree;
  for (let n = 0; n < nodeCount; n++) {
    for (let c = firstChild[n]!; c < firstChild[n]! + childCount[n]!; c++) {
      expect(parent[c]).toBe(n);
      expect(c).toBeGreaterThan(n);
    }
    if (actor[n] === CHANCE) {
      let total = 0;
      for (let c = firstChild[n]!; c < firstChild[n]! + childCount[n]!; c++) total += chanceProbability[c]!;
      expect(total).toBeCloseTo(1, 12);
    }
    expect(infoset[n]! >= 0).toBe(actor[n]! >= 0);
    if (actor[n] === TERMINAL) expect(childCount[n]).toBe(0);
  }
}

describe('buildTree', () => {
  it('walks Kuhn into 58 histories and OpenSpiel’s 12 information sets', () => {
    const tree = buildTree(kuhnRules);
    expect(tree.nodeCount).toBe(58);
    expect(tree.counts).toEqual({ chance: 4, decision: 24, terminal: 30 });
    const keys = tree.infosets.keys;
    expect([...keys].sort()).toEqual(['0', '0b', '0p', '0pb', '1', '1b', '1p', '1pb', '2', '2b', '2p', '2pb']);
    expect(tree.infosets.ofPlayer.map((set) => [...set].map((i) => keys[i]).sort())).toEqual([
      ['0', '0pb', '1', '1pb', '2', '2pb'],
      ['0b', '0p', '1b', '1p', '2b', '2p'],
    ]);
    // Each Kuhn information set holds the two deals that differ in the opponent's card.
    for (let i = 0; i < tree.infosets.count; i++)
      expect(tree.infosets.nodeStart[i + 1]! - tree.infosets.nodeStart[i]!).toBe(2);
    expect(Array.from(tree.infosets.slotAction)).toEqual(Array.from({ length: 24 }, (_, s) => s % 2));
    checkLayout(tree);
  });

  it('keeps terminal returns per player and the actions that lead to each node', () => {
    const tree = buildTree(kuhnRules);
    // Deal K to player 0 and J to player 1, then bet–call: player 0 wins 2.
    const child = (n: number, action: number) => {
      for (let c = tree.firstChild[n]!; c < tree.firstChild[n]! + tree.childCount[n]!; c++)
        if (tree.action[c] === action) return c;
      throw new Error(`no child ${action} at ${n}`);
    };
    const end = child(child(child(child(0, 2), 0), 1), 1);
    expect(tree.actor[end]).toBe(TERMINAL);
    expect([tree.returns[end * 2], tree.returns[end * 2 + 1]]).toEqual([2, -2]);
    expect(tree.chanceProbability[child(0, 2)]).toBeCloseTo(1 / 3, 15);
  });

  it('walks Leduc into 9,457 histories (157 chance, 3,780 decision, 5,520 terminal) and 936 information sets', () => {
    const tree = buildTree(leducRules);
    expect(tree.nodeCount).toBe(9457);
    expect(tree.counts).toEqual({ chance: 157, decision: 3780, terminal: 5520 });
    expect(tree.infosets.count).toBe(936);
    expect(tree.infosets.ofPlayer.map((s) => s.length)).toEqual([468, 468]);
    // Fold is legal only facing a bet: the opening information set offers call and raise only.
    const opening = tree.infosets.byKey.get('0:0:');
    expect(opening).toBeDefined();
    const { slotStart, slotAction } = tree.infosets;
    expect(Array.from(slotAction.subarray(slotStart[opening!]!, slotStart[opening! + 1]!))).toEqual([1, 2]);
    checkLayout(tree);
  });

  it('refuses trees beyond maxNodes with a message that says what to do', () => {
    expect(() => buildTree(leducRules, { maxNodes: 1000 })).toThrow(TreeBuildError);
    expect(() => buildTree(leducRules, { maxNodes: 1000 })).toThrow(/maxNodes/);
  });

  it('rejects an information-state key shared by states with different legal actions', () => {
    // Kuhn with a key that forgets the betting: "0" would mean both an opening and a reply.
    const broken: Game<ReturnType<typeof kuhnRules.initialState>> = {
      ...kuhnRules,
      legalActions: (s) => (kuhnRules.currentPlayer(s) >= 0 ? (s.bets.length === 1 ? [1, 0] : [0, 1]) : []),
      informationStateKey: (s, p) => `${s.cards[p] ?? ''}`,
    };
    expect(() => buildTree(broken)).toThrow(/information-state key "\d" is shared/);
  });

  it('refuses games with open action spaces', () => {
    const open = { ...kuhnRules, info: { ...kuhnRules.info, actionSpace: 'open' as const } };
    expect(() => buildTree(open)).toThrow(TreeBuildError);
  });
});

import { describe, expect, it } from 'vitest';
import { playEpisode } from '../../rollout/episode.ts';
import { resolvePlayer } from '../../rollout/players/player-spec.ts';
import { invalidMoveRules } from '../../rollout/invalid-move.ts';
import type { AnswerMode } from '../../spec/game-text.ts';
import type { Policy } from '../../spec/policy.ts';
import { createRng } from '../../util/rng.ts';
import { kuhnPoker } from '../kuhn-poker/index.ts';
import { simpleNegotiation } from './index.ts';
import { spiralNegotiationRandomPick } from './spiral-random.ts';
import type { NegotiationState } from './types.ts';

// Each behaviour of SPIRAL's SimpleNegotiation env (spiral-rl/spiral `spiral/envs/SimpleNegotiation/env.py`,
// research/spiral.md §4.3) that an earlier version of ours did differently.

const { rules, text } = simpleNegotiation;

function play(answers: string[], answers_: AnswerMode = 'lenient'): NegotiationState {
  let state = rules.initialState();
  for (const answer of answers) {
    const parsed = text.parse(state, answer, { answers: answers_ });
    if (!parsed.ok) throw new Error(`"${answer}" was rejected: ${parsed.reason}`);
    state = rules.apply(state, parsed.action);
  }
  return state;
}

const held = (state: NegotiationState) => rules.view(state).inventory;

describe('simple-negotiation follows SPIRAL’s env', () => {
  it('keeps an offer open across plain talk until the recipient accepts it', () => {
    const state = play(['[Offer: 1 Wood -> 3 Gold]', 'Let me think.', 'Take your time.', 'Deal. [Accept]']);
    expect(held(state)).toEqual([
      [9, 13],
      [11, 7],
    ]);
    expect(
      rules
        .view(state)
        .events.flat()
        .map((e) => e.type),
    ).toEqual(['offer', 'trade']);
  });

  it('lets the offerer replace an open offer, and the recipient then accepts the new one', () => {
    const state = play(['[Offer: 1 Wood -> 3 Gold]', 'Hmm.', '[Offer: 2 Wood -> 3 Gold]', '[Accept]']);
    expect(held(state)).toEqual([
      [8, 13],
      [12, 7],
    ]);
  });

  it('ignores [Accept] with no offer on the table, in both answer modes', () => {
    for (const mode of ['strict', 'lenient'] as const) {
      expect(text.parse(rules.initialState(), '\\boxed{[Accept]}', { answers: mode })).toEqual({
        ok: true,
        action: { kind: 'move', message: '[Accept]' },
      });
    }
    const denied = play(['[Offer: 1 Wood -> 3 Gold]', '[Deny]']);
    expect(text.parse(denied, 'Fine, [Accept]')).toEqual({
      ok: true,
      action: { kind: 'move', message: 'Fine, [Accept]' },
    });
  });

  it('marks rule violations in a readable answer with cause `rule`', () => {
    const own = play(['[Offer: 1 Wood -> 3 Gold]', 'Hmm.']);
    expect(text.parse(own, '[Accept]')).toMatchObject({ ok: false, cause: 'rule' });
    expect(text.parse(rules.initialState(), '[Offer: 11 Wood -> 1 Gold]')).toMatchObject({ ok: false, cause: 'rule' });
    expect(text.parse(rules.initialState(), '[Offer: 1 Stone -> 1 Gold]')).toMatchObject({ ok: false, cause: 'rule' });
    const dear = play(['[Offer: 1 Wood -> 11 Gold]']);
    expect(text.parse(dear, '[Accept]')).toMatchObject({ ok: false, cause: 'rule', reason: /cannot accept/ });
  });

  it('reads strictly: the boxed text is the message; without one only a listed move counts', () => {
    const offered = play(['[Offer: 1 Wood -> 3 Gold]']);
    const strict = { answers: 'strict' } as const;
    // Lenient mode reads the whole reasoning as the message, where any token acts.
    expect(text.parse(offered, 'I will not [Accept] this, [Deny]')).toMatchObject({
      ok: true,
      action: { reply: 'accept' },
    });
    expect(text.parse(offered, 'I will not [Accept] this, [Deny]', strict)).toMatchObject({
      ok: false,
      reason: /\\boxed/,
    });
    expect(text.parse(offered, 'I will not accept this.\n\\boxed{No. [Deny]}', strict)).toEqual({
      ok: true,
      action: { kind: 'move', message: 'No. [Deny]', reply: 'deny' },
    });
    expect(text.parse(offered, '[Accept]', strict)).toMatchObject({ ok: true, action: { reply: 'accept' } });
    expect(text.parse(offered, '\\fbox{[Accept]}', strict)).toMatchObject({ ok: false });
    expect(text.parse(offered, '\\boxed{ }', strict)).toMatchObject({ ok: false, reason: /empty/ });
  });

  it('scores a rule violation −1/0 and an unreadable answer −1.5/+0.5 under the spiral rule', async () => {
    const scripted = (answers: string[]): Policy => {
      let turn = 0;
      return { name: 'script', answers: 'strict', act: async () => ({ text: answers[turn++] ?? '' }) };
    };
    const violation = await playEpisode({
      game: simpleNegotiation,
      policies: [scripted(['\\boxed{[Offer: 11 Wood -> 1 Gold]}']), scripted([])],
      seed: 1,
      invalidMove: invalidMoveRules.spiral,
    });
    expect(violation).toMatchObject({ outcome: 'invalid-move', offender: 0, returns: [-1, 0] });
    const unreadable = await playEpisode({
      game: simpleNegotiation,
      policies: [scripted(['I offer [Offer: 1 Wood -> 1 Gold]']), scripted([])],
      seed: 1,
      invalidMove: invalidMoveRules.spiral,
    });
    expect(unreadable).toMatchObject({ outcome: 'invalid-move', offender: 0, returns: [-1.5, 0.5] });
  });

  it('words the task as SPIRAL does, without a win rule, in the full layout', () => {
    const prompt = text.observe(rules.initialState(), 0, 'full');
    expect(prompt).toContain('Your task is to trade so that the total value of your resources increases.');
    expect(prompt).not.toMatch(/wins/);
  });

  it('picks [Accept] about 1 time in 5 as SPIRAL’s random agent, against 1 in 21 uniformly', () => {
    const offered = play(['[Offer: 1 Wood -> 1 Gold]']);
    const legal = rules.legalActions(offered).map((a) => text.actionString(offered, a));
    expect(legal).toHaveLength(21);
    const rng = createRng(7);
    const n = 4000;
    let accepts = 0;
    for (let i = 0; i < n; i++) if (spiralNegotiationRandomPick(legal, rng) === '[Accept]') accepts++;
    // 2 of 7 + (offers drawn, 2.84 on average) entries: about 0.203; the band is ±4 standard errors.
    expect(accepts / n).toBeGreaterThan(0.18);
    expect(accepts / n).toBeLessThan(0.23);
    const opening = rules.legalActions(rules.initialState()).map((a) => text.actionString(rules.initialState(), a));
    expect(spiralNegotiationRandomPick(opening, createRng(1))).not.toBe('[Accept]');
  });

  it('is the `spiral-random` player for negotiation, and uniform where a game has no rule of its own', async () => {
    const io = { stdin: process.stdin, stdout: process.stdout };
    const offered = play(['[Offer: 1 Wood -> 1 Gold]']);
    const legal = rules.legalActions(offered).map((a) => text.actionString(offered, a));
    const request = (rng: ReturnType<typeof createRng>) => ({
      game: rules.info,
      player: 1,
      observation: '',
      legal,
      infoKey: '',
      rng,
    });
    const player = await resolvePlayer({ spec: 'spiral-random', game: simpleNegotiation, io });
    expect(player.name).toBe('spiral-random');
    expect((await player.act(request(createRng(5)))).text).toBe(spiralNegotiationRandomPick(legal, createRng(5)));
    const kuhn = await resolvePlayer({ spec: 'spiral-random', game: kuhnPoker, io });
    expect((await kuhn.act(request(createRng(5)))).text).toBe(legal[createRng(5).int(legal.length)]);
  });
});

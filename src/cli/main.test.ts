import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { captureIo } from '../testing/capture-io.ts';
import { main } from './main.ts';

describe('selfplay CLI', () => {
  it('lists commands, and rejects unknown commands and options with exit code 2', async () => {
    const io = captureIo();
    expect(await main([], io)).toBe(0);
    expect(io.out()).toContain('games');
    const bad = captureIo();
    expect(await main(['fly'], bad)).toBe(2);
    expect(bad.err()).toContain('unknown command "fly"');
    const badOption = captureIo();
    expect(await main(['games', '--colour'], badOption)).toBe(2);
    expect(badOption.err()).toContain('--colour');
  });

  it('lists games with their properties, also as JSON', async () => {
    const io = captureIo();
    expect(await main(['games', '--json'], io)).toBe(0);
    const infos = JSON.parse(io.out()) as { id: string; zeroSum: boolean }[];
    expect(infos.find((i) => i.id === 'kuhn-poker')).toMatchObject({ zeroSum: true });
  });

  it('plays seeded matches and reports per-seat results', async () => {
    const io = captureIo();
    expect(
      await main(['play', 'kuhn-poker', '--p0', 'random', '--p1', 'random', '--games', '400', '--seed', '2'], io),
    ).toBe(0);
    expect(io.out()).toMatch(/kuhn-poker: 400 game\(s\)/);
    const again = captureIo();
    await main(['play', 'kuhn-poker', '--p0', 'random', '--p1', 'random', '--games', '400', '--seed', '2'], again);
    expect(again.out()).toBe(io.out());
  });

  it('lets a human play from stdin, asking again after an illegal move', async () => {
    const io = captureIo('raise\nbet\ncall\ncheck\n');
    expect(await main(['play', 'kuhn-poker', '--p0', 'human', '--p1', 'random', '--seed', '4'], io)).toBe(0);
    expect(io.out()).toContain('Not a legal move');
    expect(io.out()).toContain('== game 1: game over');
  });

  it('names the bad game or player', async () => {
    const io = captureIo();
    expect(await main(['play', 'chess', '--p0', 'random', '--p1', 'random'], io)).toBe(2);
    expect(io.err()).toContain('unknown game "chess"');
    const bad = captureIo();
    expect(await main(['play', 'kuhn-poker', '--p0', 'genius', '--p1', 'random'], bad)).toBe(2);
    expect(bad.err()).toContain('unknown player "genius"');
  });
});

describe('selfplay solve / exploitability / demo', () => {
  it('solves Kuhn with CFR+, writes the policy, and measures it back', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'selfplay-')), 'kuhn.json');
    const solve = captureIo();
    expect(
      await main(['solve', 'kuhn-poker', '--iterations', '300', '--eval-every', '100', '--out', file], solve),
    ).toBe(0);
    expect(solve.out()).toMatch(/^300 +\d\.\d+e-\d/m);
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ game: 'kuhn-poker' });
    const measured = captureIo();
    expect(await main(['exploitability', 'kuhn-poker', '--policy', file], measured)).toBe(0);
    const expl = Number(/exploitability ([\d.]+)/.exec(measured.out())?.[1]);
    expect(expl).toBeGreaterThan(0);
    expect(expl).toBeLessThan(0.01);
    const wrongGame = captureIo();
    expect(await main(['exploitability', 'leduc-poker', '--policy', file], wrongGame)).toBe(1);
    expect(wrongGame.err()).toContain('kuhn-poker');
  });

  it('reports the published uniform exploitability and plays the nash player', async () => {
    const io = captureIo();
    expect(await main(['exploitability', 'kuhn-poker', '--policy', 'uniform'], io)).toBe(0);
    expect(io.out()).toContain('NashConv 0.916667, exploitability 0.458333');
    const ttt = captureIo();
    expect(await main(['play', 'tic-tac-toe', '--p0', 'random', '--p1', 'nash', '--games', '200'], ttt)).toBe(0);
    expect(ttt.out()).toMatch(/P1 +nash +[\d.]+ ± [\d.]+ +\d+ +\d+ +0 +0/); // minimax never loses
  });

  it('runs the demo end to end with measured figures', async () => {
    const io = captureIo();
    expect(await main(['demo', '--games', '200'], io)).toBe(0);
    expect(io.out()).toContain('uniform random             0.458333');
    expect(io.out()).toMatch(/lost 0\./);
  });
});

describe('selfplay arena', () => {
  it('prints the matrices, the payoff rating, Nash averaging and match ratings, and rejects malformed players', async () => {
    const io = captureIo();
    const root = await mkdtemp(join(tmpdir(), 'selfplay-arena-'));
    const args = ['arena', '--player', 'r=random', '--player', 'n=nash', '--games-per-pair', '400'];
    expect(await main([...args, '--run-dir', join(root, 'a1')], io)).toBe(0);
    expect(io.out()).toContain('score of row vs column');
    const nashRow = /^n +(-?[\d.]+) ± [\d.]+ +—$/m.exec(io.out().split('mean return')[1] ?? '');
    expect(Number(nashRow?.[1])).toBeGreaterThan(0); // the equilibrium wins chips from random play
    // The headline rates by chips: the equilibrium leads by its mean return against the field.
    expect(io.out()).toMatch(/Leaderboard — kuhn-poker: payoff rating.*\n.*\n.*\n1 +n +0\.\d+ ± [\d.]+\n2 +r +-0\.\d+/);
    expect(io.out()).toMatch(/kuhn-poker: Nash averaging, ranked\n.*\n.*\n1 +n +1\.000 +0\.000/);
    expect(io.out()).toContain('OpenSkill ratings over matches (Weng–Lin)');
    expect(io.out()).toContain(
      'a match is 2 seat-swapped hands (1 deal played from both seats), decided by summed returns',
    );
    expect(io.out()).toMatch(/^1 +n +[\d.]+ +[\d.]+ +[\d.]+ +200$/m); // 200 two-hand matches each
    const runs = captureIo();
    expect(await main(['runs', '--root', root], runs)).toBe(0);
    expect(runs.out()).toMatch(/a1 +arena +finished .* players=2 games=400/);
    const bad = captureIo();
    expect(await main(['arena', '--player', 'random'], bad)).toBe(2);
    expect(bad.err()).toContain('NAME=SPEC');
    const odd = captureIo();
    expect(await main([...args, '--match-hands', '3'], odd)).toBe(2);
    expect(odd.err()).toContain('--match-hands must be even');
  });
});

describe('selfplay train', () => {
  it('trains briefly, prints the final report with the Kuhn strategy table, and stores the run', async () => {
    const root = await mkdtemp(join(tmpdir(), 'selfplay-train-'));
    const io = captureIo();
    const args = [
      'train',
      '--preset',
      'kuhn-poker-small',
      '--steps',
      '2',
      '--set',
      'rollout.gamesPerStep=8',
      '--set',
      'evaluation.vsRandomGames=20',
    ];
    expect(await main([...args, '--run-dir', join(root, 't1')], io)).toBe(0);
    expect(io.out()).toMatch(/exploitability: 0\.\d+ → 0\.\d+/);
    expect(io.out()).toContain('P1 Q, facing a bet: call');
    const runs = captureIo();
    await main(['runs', '--root', root], runs);
    expect(runs.out()).toMatch(/t1 +train +finished .*exploitability=0\.\d+/);
    // The run's checkpoint plays, is measured and exported; its exploitability matches the training report.
    const reported = Number(/→ (0\.\d+)/.exec(io.out())?.[1]);
    const table = captureIo();
    const tableFile = join(root, 'table.json');
    expect(
      await main(['policy-table', '--game', 'kuhn-poker', '--checkpoint', join(root, 't1'), '--out', tableFile], table),
    ).toBe(0);
    expect(Number(/exploitability (0\.\d+)/.exec(table.out())?.[1])).toBeCloseTo(reported, 3);
    const measured = captureIo();
    expect(await main(['exploitability', 'kuhn-poker', '--policy', tableFile], measured)).toBe(0);
    expect(Number(/exploitability (0\.\d+)/.exec(measured.out())?.[1])).toBeCloseTo(reported, 3);
    const evaluated = captureIo();
    expect(
      await main(['eval', '--checkpoint', join(root, 't1'), '--against', 'random', '--games', '40'], evaluated),
    ).toBe(0);
    expect(evaluated.out()).toMatch(/won \d+, drew \d+, lost \d+/);
    expect(evaluated.out()).toContain('invalid moves: checkpoint 0');
    expect(evaluated.out()).toContain('checkpoint samples at temperature 1, top-p 1');
    const greedy = captureIo();
    const greedyArgs = ['--checkpoint', join(root, 't1'), '--temperature', '0'];
    expect(await main(['eval', ...greedyArgs, '--against', 'nash', '--games', '20'], greedy)).toBe(0);
    expect(greedy.out()).toContain('checkpoint samples at greedy (temperature 0)');
    const greedyTable = captureIo();
    expect(await main(['policy-table', '--game', 'kuhn-poker', ...greedyArgs], greedyTable)).toBe(0);
    expect(greedyTable.out()).toMatch(/12 information sets at greedy \(temperature 0\), exploitability 0\.\d+/);
    const badTopP = captureIo();
    expect(await main(['eval', '--checkpoint', join(root, 't1'), '--top-p', '0'], badTopP)).toBe(2);
    expect(badTopP.err()).toContain('--top-p');
    const played = captureIo();
    expect(await main(['play', 'kuhn-poker', '--p0', `checkpoint:${join(root, 't1')}`, '--p1', 'random'], played)).toBe(
      0,
    );
    expect(played.out()).toMatch(/\[Player \d · lm [^\]]*\] \[(check|bet|call|fold)\]/);
    const missing = captureIo();
    expect(await main(['eval', '--checkpoint', join(root, 'nope')], missing)).toBe(2);
    expect(missing.err()).toContain('no checkpoint or run folder');
    const bad = captureIo();
    expect(await main(['train', '--set', 'loss.epoch=3', '--run-dir', join(root, 't2')], bad)).toBe(2);
    expect(bad.err()).toContain('epoch');
  });
});

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

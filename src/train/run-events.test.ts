import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunEvent, RunEventType } from '../spec/run-events.ts';
import { openRunStore } from '../store/run-store.ts';
import { closeComponents, noComponentState, saveComponents } from './components/training-component.ts';
import { parseTrainConfig } from './train-config.ts';
import { train } from './trainer.ts';

const config = parseTrainConfig({
  steps: 2,
  checkpointEvery: 1,
  model: { preset: 'small', config: { layers: 1, width: 16, heads: 2 } },
  rollout: { gamesPerStep: 4 },
  evaluation: { every: 1, vsRandomGames: 0 },
});

/** The step an event belongs to (every kind says, in its own words). */
function stepOf(event: RunEvent): number {
  switch (event.type) {
    case 'episode-start':
    case 'turn-end':
    case 'action-invalid':
    case 'episode-end':
    case 'checkpoint-saved':
    case 'move-text-finished':
    case 'population-measured':
      return event.step;
    case 'update-end':
      return event.metrics.step;
    case 'eval-end':
      return event.evaluation.step;
    case 'iteration-end':
      return event.iteration;
    default:
      return event satisfies never;
  }
}

describe('run events', () => {
  it('reports games, turns, updates, evaluations and checkpoints through one typed callback, in order', async () => {
    const store = openRunStore({ dir: mkdtempSync(join(tmpdir(), 'selfplay-events-')) });
    const events: RunEvent[] = [];
    await train({ config, store, onEvent: (e) => events.push(e) });
    store.close();
    const count = (type: RunEventType, step: number) =>
      events.filter((e) => e.type === type && stepOf(e) === step).length;
    expect(events[0]).toMatchObject({ type: 'eval-end', evaluation: { step: 0 } });
    for (const step of [1, 2]) {
      expect([count('episode-start', step), count('episode-end', step), count('update-end', step)]).toEqual([4, 4, 1]);
      expect(count('turn-end', step)).toBeGreaterThanOrEqual(4 * 2); // Kuhn: two or three turns a game
      expect([count('eval-end', step), count('checkpoint-saved', step)]).toEqual([1, 1]);
    }
    // Within a step: its games, then the update, the evaluation and the checkpoint.
    const kinds = events.filter((e) => stepOf(e) === 1).map((e) => e.type);
    expect(kinds.slice(-3)).toEqual(['update-end', 'eval-end', 'checkpoint-saved']);
    expect(kinds.at(-4)).toBe('episode-end');
    const steps = events.map(stepOf);
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
  });

  it('stops at the next turn once the signal aborts, mid-step or between steps', async () => {
    for (const at of ['turn-end', 'update-end'] as const) {
      const controller = new AbortController();
      const run = train({
        config,
        signal: controller.signal,
        onEvent: (e) => {
          if (e.type === at) controller.abort(new Error(`stopped at ${at}`));
        },
      });
      await expect(run).rejects.toThrow(`stopped at ${at}`);
    }
  });
});

describe('training components', () => {
  it('refuses two components that claim one checkpoint entry, and closes every component even when one fails', async () => {
    const claim = (key: string) => ({ key, save: () => ({ fields: { shared: 1 }, weights: new Map() }) });
    await expect(saveComponents([claim('a'), claim('b')])).rejects.toThrow(/"shared" is saved by both a and b/);
    expect(await saveComponents([{ key: 'quiet' }])).toEqual(noComponentState);
    const closed: string[] = [];
    const closing = (key: string, fails = false) => ({
      key,
      close: () => {
        closed.push(key);
        if (fails) throw new Error(`${key} failed`);
      },
    });
    await expect(closeComponents([closing('first'), closing('second', true), closing('third')])).rejects.toThrow(
      'second failed',
    );
    expect(closed).toEqual(['third', 'second', 'first']);
  });
});

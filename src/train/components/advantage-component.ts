import { z } from 'zod';
import type { AnyTextGame } from '../../games/registry.ts';
import { type ActionValueCritic, createActionValueCritic } from '../advantage/action-values.ts';
import type { AdvantageEstimator } from '../advantage/estimator.ts';
import { grpoBaseline, noBaseline, rlooBaseline } from '../advantage/group-baselines.ts';
import { createObservationBaseline } from '../advantage/observation-baseline.ts';
import { createRaeEstimator } from '../advantage/rae.ts';
import type { TrainConfig } from '../train-config.ts';
import type { ComponentState, TrainingComponent } from './training-component.ts';

/** The run's advantage estimator, and the same object as a critic when it is one (it knows every move's value). */
export interface Advantages {
  readonly estimator: AdvantageEstimator;
  readonly critic?: ActionValueCritic;
}

function createAdvantages(config: TrainConfig['advantage'], saved: Record<string, number> = {}): Advantages {
  const options = { decay: config.decay, baseline: config.baseline };
  switch (config.estimator) {
    case 'action-value': {
      const critic = createActionValueCritic(options, saved);
      return { estimator: critic, critic };
    }
    case 'rae':
      return { estimator: createRaeEstimator(options, saved) };
    case 'observation':
      return { estimator: createObservationBaseline(options, saved) };
    case 'none':
      return { estimator: noBaseline() };
    case 'grpo':
      return { estimator: grpoBaseline() };
    case 'rloo':
      return { estimator: rlooBaseline() };
    default:
      return config.estimator satisfies never;
  }
}

const savedFields = z.object({ estimator: z.record(z.string(), z.number()).default({}) });

/**
 * The advantage estimator as a run component: its baselines (and a critic's move values) are checkpointed under
 * `estimator`. `current()` is the live estimator (a resumed run replaces it with the restored one).
 */
export function advantageComponent(config: TrainConfig['advantage'], games: readonly AnyTextGame[]) {
  let current = createAdvantages(config);
  const state = () => Object.fromEntries(Object.entries(current.estimator.state()).map(([k, v]) => [k, Number(v)]));
  // The role baselines are the ones worth plotting (`game#role`, the role a seat or a dealt role's name): an
  // observation-keyed estimator also holds one value per observation (`game#role#observation`, thousands in TicTacToe).
  const gameIds = new Set(games.map(({ rules: { info } }) => info.id));
  const isRoleKey = (key: string) => {
    const [gameId, role, ...rest] = key.split('#');
    return rest.length === 0 && role !== undefined && gameIds.has(gameId!);
  };
  return {
    current: (): Advantages => current,
    /** The `game#role` baselines, in the estimator's own order. */
    roleBaselines: (): [string, number][] => Object.entries(state()).filter(([key]) => isRoleKey(key)),
    component: {
      key: 'estimator',
      save: (): ComponentState => ({ fields: { estimator: state() }, weights: new Map() }),
      restore(saved: ComponentState): void {
        current = createAdvantages(config, savedFields.parse(saved.fields).estimator);
      },
    } satisfies TrainingComponent,
  };
}

export type AdvantageComponent = ReturnType<typeof advantageComponent>;

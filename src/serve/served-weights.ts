import { createModel, type LmModel, type ModelConfig } from '../lm/index.ts';
import { createSemaphore } from '../llm/index.ts';

/** Which weights answer now, as `/health`, `/v1/models` and `POST /v1/reload` report it. */
export interface WeightsInfo {
  /** The label the last reload gave, else the number of reloads so far as a string ("0" at start). */
  readonly version: string;
  /** Successful reloads since the server started. */
  readonly reloads: number;
}

/** One request's hold on the weights that were current when it started. */
export interface WeightsLease {
  readonly model: LmModel;
  /** Call once the request has its reply; calling again does nothing. */
  release(): void;
}

export interface NewWeights {
  readonly config: ModelConfig;
  /** In `paramLayout(config)` order, as a checkpoint holds them. */
  readonly params: Float32Array;
  readonly version?: string;
}

/**
 * The served weights behind a swappable reference. A request leases the current model when it starts sampling and
 * keeps it to its reply, so a reload never changes a request in flight; requests that start after `replace`
 * resolves get the new weights.
 */
export interface ServedWeights {
  acquire(): WeightsLease;
  info(): WeightsInfo;
  /**
   * Copies `next` into a model no request is using and makes it current. Reloads run one at a time. Rejects with
   * `WeightsMismatchError`, leaving the served weights as they were, when `next` has another model config.
   */
  replace(next: NewWeights): Promise<WeightsInfo>;
}

/** A reload whose checkpoint does not fit the served model; the message lists what differs. */
export class WeightsMismatchError extends Error {
  override readonly name = 'WeightsMismatchError';
}

interface Slot {
  readonly model: LmModel;
  leases: number;
  readonly onIdle: (() => void)[];
}

/**
 * Two model copies at most, on the starting model's heap. The wasm heap is a bump allocator that cannot free one
 * model among others, so instead of a model per reload the same two are overwritten in turn: the heap stops growing
 * after the first reload. A reload that finds the spare copy still busy (requests from two versions back) waits for
 * them to finish.
 */
export function createServedWeights(options: { model: LmModel; version?: string }): ServedWeights {
  const slots: Slot[] = [{ model: options.model, leases: 0, onIdle: [] }];
  let current = slots[0]!;
  let version = options.version ?? '0';
  let reloads = 0;
  const oneAtATime = createSemaphore(1);

  const idle = (slot: Slot): Promise<void> =>
    slot.leases === 0 ? Promise.resolve() : new Promise((resolve) => slot.onIdle.push(resolve));

  const spareWith = async (next: NewWeights): Promise<Slot> => {
    const free = slots.find((s) => s !== current && s.leases === 0);
    if (free) {
      free.model.params().set(next.params);
      return free;
    }
    if (slots.length < 2) {
      const model = createModel({ kernels: options.model.kernels, config: next.config, params: next.params });
      const slot: Slot = { model, leases: 0, onIdle: [] };
      slots.push(slot);
      return slot;
    }
    const busy = slots.find((s) => s !== current)!;
    await idle(busy);
    busy.model.params().set(next.params);
    return busy;
  };

  return {
    acquire() {
      const slot = current;
      slot.leases++;
      let released = false;
      return {
        model: slot.model,
        release() {
          if (released) return;
          released = true;
          slot.leases--;
          if (slot.leases === 0) for (const resolve of slot.onIdle.splice(0)) resolve();
        },
      };
    },
    info: () => ({ version, reloads }),
    replace: (next) =>
      oneAtATime.run(async () => {
        const differences = configDifferences(options.model.config, next.config);
        if (differences.length > 0) {
          throw new WeightsMismatchError(
            `its model config differs from the served one (${differences.join(', ')}); a reload keeps the model's shape, so start a new selfplay serve for it`,
          );
        }
        const slot = await spareWith(next);
        current = slot;
        reloads++;
        version = next.version ?? String(reloads);
        return { version, reloads };
      }),
  };
}

// initStd only seeds a fresh model; every other key changes what the weights mean or where they lie.
function configDifferences(served: ModelConfig, next: ModelConfig): string[] {
  const keys = Object.keys(served) as (keyof ModelConfig)[];
  return keys
    .filter((key) => key !== 'initStd' && served[key] !== next[key])
    .map((key) => `${key} ${String(next[key])} instead of ${String(served[key])}`);
}

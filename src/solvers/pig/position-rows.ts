import {
  type PigKeyCodec,
  type PigLayout,
  type PigPosition,
  reachableCount,
  reachableIndex,
  reachablePositions,
} from './pig-layout.ts';

type Row = readonly number[];

/**
 * A policy's rows over Pig's positions, made on demand from per-position arrays: full Pig has over three million
 * positions, too many to hold as strings in a `Map`, and a player only ever asks for the few it meets. Iterating
 * lists every reachable position of the included seats.
 */
export class PositionRows implements ReadonlyMap<string, Row> {
  readonly #layout: PigLayout;
  readonly #codec: PigKeyCodec;
  readonly #seats: readonly number[];
  readonly #rowAt: (index: number) => Row;
  #size: number | undefined;

  constructor(options: {
    layout: PigLayout;
    codec: PigKeyCodec;
    /** Movers whose positions have rows: [0, 1] for a whole policy, [p] for player p's best response. */
    seats: readonly number[];
    rowAt: (index: number) => Row;
  }) {
    this.#layout = options.layout;
    this.#codec = options.codec;
    this.#seats = options.seats;
    this.#rowAt = options.rowAt;
  }

  get size(): number {
    if (this.#size === undefined) {
      const both = reachableCount(this.#layout);
      this.#size = this.#seats.length === 2 ? both : [...this.keys()].length;
    }
    return this.#size;
  }

  get(key: string): Row | undefined {
    const position = this.#codec.position(key);
    if (!position || !this.#seats.includes(position.turn % 2)) return undefined;
    const index = reachableIndex(this.#layout, position);
    return index === undefined ? undefined : this.#rowAt(index);
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  forEach(callback: (value: Row, key: string, map: ReadonlyMap<string, Row>) => void): void {
    for (const [key, row] of this.entries()) callback(row, key, this);
  }

  *entries(): MapIterator<[string, Row]> {
    for (const [position, index] of this.#positions()) yield [this.#codec.key(position), this.#rowAt(index)];
  }

  *keys(): MapIterator<string> {
    for (const [position] of this.#positions()) yield this.#codec.key(position);
  }

  *values(): MapIterator<Row> {
    for (const [, index] of this.#positions()) yield this.#rowAt(index);
  }

  [Symbol.iterator](): MapIterator<[string, Row]> {
    return this.entries();
  }

  *#positions(): Generator<[PigPosition, number], undefined, unknown> {
    for (const entry of reachablePositions(this.#layout)) if (this.#seats.includes(entry[0].turn % 2)) yield entry;
    return undefined;
  }
}

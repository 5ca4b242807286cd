/**
 * The generated world of Who is the Spy: objects described by a few attributes, each with a few values — the text
 * stand-in for Vision-Zero's CLEVR scenes (research/systems.md §2.10 (g): "attribute lists … that differ in one
 * attribute replace the images"). An object is an index in mixed radix over the attributes, the first attribute most
 * significant; a clue is one (attribute, value) pair, numbered attribute by attribute.
 */

export interface SpyAttribute {
  /** One lower-case word, e.g. `colour`. */
  readonly name: string;
  /** Lower-case words, unique across the whole world (so a value alone names its attribute), e.g. `red`. */
  readonly values: readonly string[];
}

/**
 * The default world: CLEVR's four attribute kinds (colour, shape, size, material), cut to 3·3·2·2 = 36 objects and
 * 10 clues, so a tiny model's move set stays small.
 */
export const defaultAttributes: readonly SpyAttribute[] = Object.freeze([
  Object.freeze({ name: 'colour', values: Object.freeze(['red', 'blue', 'green']) }),
  Object.freeze({ name: 'shape', values: Object.freeze(['cube', 'ball', 'cone']) }),
  Object.freeze({ name: 'size', values: Object.freeze(['small', 'large']) }),
  Object.freeze({ name: 'material', values: Object.freeze(['metal', 'rubber']) }),
]);

/** A clue: the attribute's index and the claimed value's index within it. */
export interface Clue {
  readonly attribute: number;
  readonly value: number;
}

export interface SpyWorld {
  readonly attributes: readonly SpyAttribute[];
  /** Number of distinct objects: the product of the attributes' value counts. */
  readonly objectCount: number;
  /** Number of distinct clues: the sum of the attributes' value counts. */
  readonly clueCount: number;
  /** Value index per attribute of an object. */
  valuesOf(object: number): number[];
  /** Value words of an object, e.g. `['red', 'cube', 'small', 'metal']`. */
  describe(object: number): string[];
  /** The clue numbered `id` (0 ≤ id < clueCount), or undefined. */
  clue(id: number): Clue | undefined;
  clueId(clue: Clue): number;
  /** Objects that differ from `object` in exactly `count` attributes, ascending. */
  variants(object: number, count: number): number[];
  /** Number of attributes in which two objects differ. */
  distance(a: number, b: number): number;
}

const word = /^[a-z]+$/;

/** Builds the world over `attributes`; throws a RangeError naming what to fix when the table is unusable. */
export function createWorld(attributes: readonly SpyAttribute[]): SpyWorld {
  if (attributes.length < 1 || attributes.length > 6)
    throw new RangeError(`who-is-the-spy: a world needs 1 to 6 attributes, got ${attributes.length}`);
  const names = new Set<string>();
  const words = new Set<string>();
  for (const a of attributes) {
    if (!word.test(a.name))
      throw new RangeError(`who-is-the-spy: attribute name "${a.name}" must be one lower-case word`);
    if (names.has(a.name)) throw new RangeError(`who-is-the-spy: attribute "${a.name}" is listed twice`);
    names.add(a.name);
    if (a.values.length < 2 || a.values.length > 6)
      throw new RangeError(`who-is-the-spy: attribute "${a.name}" needs 2 to 6 values, got ${a.values.length}`);
    for (const v of a.values) {
      if (!word.test(v))
        throw new RangeError(`who-is-the-spy: value "${v}" of "${a.name}" must be one lower-case word`);
      if (words.has(v) || names.has(v))
        throw new RangeError(`who-is-the-spy: value "${v}" is used twice; every value word must be unique`);
      words.add(v);
    }
  }
  const table = attributes.map((a) => ({ name: a.name, values: [...a.values] }));
  const sizes = table.map((a) => a.values.length);
  const objectCount = sizes.reduce((p, n) => p * n, 1);
  const offsets = sizes.map((_, i) => sizes.slice(0, i).reduce((s, n) => s + n, 0));
  const clueCount = sizes.reduce((s, n) => s + n, 0);

  const valuesOf = (object: number): number[] => {
    const out = new Array<number>(sizes.length);
    let rest = object;
    for (let i = sizes.length - 1; i >= 0; i--) {
      const n = sizes[i]!;
      out[i] = rest % n;
      rest = Math.floor(rest / n);
    }
    return out;
  };
  const distance = (a: number, b: number): number => {
    const va = valuesOf(a);
    const vb = valuesOf(b);
    return va.reduce((d, v, i) => d + (v === vb[i] ? 0 : 1), 0);
  };

  return {
    attributes: table,
    objectCount,
    clueCount,
    valuesOf,
    describe: (object) => valuesOf(object).map((v, i) => table[i]!.values[v]!),
    clue(id) {
      if (!Number.isInteger(id) || id < 0 || id >= clueCount) return undefined;
      let attribute = sizes.length - 1;
      while (offsets[attribute]! > id) attribute--;
      return { attribute, value: id - offsets[attribute]! };
    },
    clueId: (clue) => offsets[clue.attribute]! + clue.value,
    variants: (object, count) =>
      Array.from({ length: objectCount }, (_, o) => o).filter((o) => distance(object, o) === count),
    distance,
  };
}

/**
 * Edit distance between two strings, case-insensitive: insertions, deletions, substitutions and swaps of two
 * neighbouring letters (the optimal-string-alignment distance; "trian" is one swap from "train").
 */
function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  const d = Array.from({ length: x.length + 1 }, (_, i) =>
    Array.from({ length: y.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= x.length; i++) {
    for (let j = 1; j <= y.length; j++) {
      const row = d[i]!;
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      row[j] = Math.min(d[i - 1]![j]! + 1, row[j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1])
        row[j] = Math.min(row[j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[x.length]![y.length]!;
}

/**
 * The known name closest to a mistyped one, if it is close enough to be what was meant (at most a third of its
 * letters wrong, and at least 1 edit allowed), else undefined. Ties go to the first in `known`.
 */
export function closestName(input: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const name of known) {
    const d = editDistance(input, name);
    if (d < bestDistance) {
      best = name;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(1, Math.floor(input.length / 3)) ? best : undefined;
}

/** ` (did you mean "x"?)` when a known name is close to `input`, else ''. */
export function didYouMean(input: string, known: readonly string[]): string {
  const name = closestName(input, known);
  return name === undefined ? '' : ` (did you mean "${name}"?)`;
}

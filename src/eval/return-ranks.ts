/** Returns closer than this are a tie: sums of chips can leave rounding residue. */
const tieTolerance = 1e-9;

/**
 * Each seat's place by what the game paid it: 1 for the highest return. Tied seats share the mean of the places they
 * cover (two tied for first both get 1.5, and the next is 3), so a game's places always sum to N(N + 1) / 2 and a mean
 * place compares across games however many ties they had. OpenSkill reads only their order and ties.
 */
export function returnRanks(returns: readonly number[]): number[] {
  const order = returns.map((value, seat) => ({ value, seat })).sort((x, y) => y.value - x.value);
  const ranks = returns.map(() => 0);
  for (let start = 0; start < order.length;) {
    let end = start + 1;
    while (end < order.length && Math.abs(order[start]!.value - order[end]!.value) < tieTolerance) end++;
    // Places start + 1 … end, shared.
    const place = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) ranks[order[k]!.seat] = place;
    start = end;
  }
  return ranks;
}

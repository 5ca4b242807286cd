/**
 * Rewards normalised within partitions: A = (r − mean)/(std + ε), the mean and the (population) standard deviation
 * taken over the samples that share a key. TRR++ (AZR, research/systems.md §1 and §3 item 8) keys on (task type,
 * role): 6 partitions for the three types and two roles, 9 with a judge; SPELL would key on the role alone. A
 * partition of one sample, or of equal rewards, gets advantage 0.
 */
export function partitionedAdvantages(
  items: readonly { readonly key: string; readonly reward: number }[],
  eps = 1e-6,
): number[] {
  const groups = new Map<string, number[]>();
  for (const { key, reward } of items) {
    const group = groups.get(key);
    if (group) group.push(reward);
    else groups.set(key, [reward]);
  }
  const stats = new Map<string, { mean: number; std: number }>();
  for (const [key, rewards] of groups) {
    const mean = rewards.reduce((a, b) => a + b, 0) / rewards.length;
    const variance = rewards.reduce((a, r) => a + (r - mean) ** 2, 0) / rewards.length;
    stats.set(key, { mean, std: Math.sqrt(variance) });
  }
  return items.map(({ key, reward }) => {
    const { mean, std } = stats.get(key)!;
    return (reward - mean) / (std + eps);
  });
}

/** TRR++'s partition key: one per (task type, role). */
export function trrKey(type: string, role: string): string {
  return `${type}/${role}`;
}

// Writes the seeded program-task benchmark (docs/executors.md): 100 deduction, 100 abduction and 100 induction
// tasks, generated and checked by the executor. `src/executors/benchmark-file.test.ts` regenerates it and requires
// the shipped file to match byte for byte.
//
//   node bin/run-ts.js scripts/make-task-benchmark.ts [--seed S] [--out FILE]
//
// Without options it rewrites data/tasks/benchmark-300.jsonl from the benchmark seed.
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { benchmarkCounts, benchmarkSeed, generateTasks, tasksToJsonl } from '../src/executors/index.ts';

const { values } = parseArgs({
  options: { seed: { type: 'string' }, out: { type: 'string' } },
  strict: true,
});
const seed = values.seed === undefined ? benchmarkSeed : Number(values.seed);
if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got ${values.seed}`);
const out = values.out ?? 'data/tasks/benchmark-300.jsonl';
const tasks = generateTasks({ seed, counts: benchmarkCounts });
await writeFile(out, tasksToJsonl(tasks));
console.log(`${out}: ${tasks.length} tasks (seed ${seed})`);

// Writes the held-out SPC critic file (docs/self-play-critic.md): 200 traces of the benchmark's deduction programs,
// three in four corrupted by the scripted corrupter. `src/train/self-play-critic/critic-file.test.ts` regenerates it
// and requires the shipped file to match byte for byte.
//
//   node bin/run-ts.js scripts/make-spc-critic-file.ts [--out FILE]
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { criticItemsToJsonl, generateCriticFile } from '../src/train/self-play-critic/index.ts';

const { values } = parseArgs({ options: { out: { type: 'string' } }, strict: true });
const out = values.out ?? 'data/tasks/spc-critic-200.jsonl';
const items = generateCriticFile();
await writeFile(out, criticItemsToJsonl(items));
const clean = items.filter((i) => i.firstWrong === null).length;
console.log(`${out}: ${items.length} traces, ${items.length - clean} corrupted, ${clean} clean`);

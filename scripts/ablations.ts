// Ablation runner: trains scripts/ablations/arms.ts over several seeds and writes curves + summary (see --help).
import { runAblations } from './ablations/main.ts';

process.exitCode = await runAblations({ argv: process.argv.slice(2) });

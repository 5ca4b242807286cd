import { writeFile } from 'node:fs/promises';
import { lmPolicyTable } from '../../eval/lm-policy-table.ts';
import { strategyTable } from '../../eval/strategy-table.ts';
import { getGame } from '../../games/registry.ts';
import { loadModel } from '../../lm/index.ts';
import { createHeap, createKernels } from '../../lm/kernels/index.ts';
import { measurePolicy, policyToJson } from '../../solvers/index.ts';
import { observationFormats } from '../../spec/game-text.ts';
import { resolveCheckpoint } from '../../store/resolve-checkpoint.ts';
import {
  choiceOption,
  describeSampling,
  lmSampling,
  lmSamplingHelp,
  lmSamplingOptions,
  parseCommandArgs,
} from '../args.ts';
import type { Command } from '../command.ts';
import { CliUsageError, println } from '../io.ts';
import { formatStrategyTable } from '../strategy-table-text.ts';

const usage = `selfplay policy-table --game ID --checkpoint PATH [--out FILE] [--format F] [--temperature T] [--top-p P]

The built-in LM's whole policy as a tabular policy (docs/solvers.md): the probability it gives each legal move at
every information set, by teacher-forced scoring under constrained decoding — exactly how it plays. Prints its
exact exploitability (and, for Kuhn, the strategy beside the Nash family); --out writes the table as JSON.
With --temperature or --top-p it is the policy the checkpoint plays under those settings (eval takes the same
flags). At temperature 0 each row is the greedy move; in TicTacToe, exploitability 0 then means it never loses.

Options:
  --checkpoint PATH  a checkpoint folder, or a run folder (its latest checkpoint)
  --format F         ${observationFormats.join(' | ')} (default: the layout the run trained on, else full)
${lmSamplingHelp}`;

export const policyTableCommand: Command = {
  name: 'policy-table',
  summary: "export the built-in LM's full policy table and its exact exploitability",
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      game: { type: 'string' },
      checkpoint: { type: 'string' },
      out: { type: 'string' },
      format: { type: 'string' },
      ...lmSamplingOptions,
    });
    if (positionals.length > 0) throw new CliUsageError(`unexpected argument "${positionals[0]}"`);
    if (!values.game || !values.checkpoint) throw new CliUsageError('--game and --checkpoint are required');
    const game = getGame(values.game);
    const checkpoint = resolveCheckpoint(values.checkpoint);
    const format = choiceOption('format', values.format, observationFormats, checkpoint.format ?? 'full');
    const { model } = await loadModel(checkpoint.dir, { kernels: createKernels({ heap: createHeap() }) });
    const sampling = lmSampling(values);
    const table = lmPolicyTable({ game, model, format, sampling });
    const report = measurePolicy({ game: game.rules, policy: table });
    println(
      io.stdout,
      `${values.game}: ${table.rows.size} information sets at ${describeSampling(sampling)}, exploitability ${report.exploitability.toFixed(6)} (NashConv ${report.nashConv.toFixed(6)}, ${report.method})`,
    );
    const spec = game.report?.strategyTable;
    if (spec) println(io.stdout, formatStrategyTable(strategyTable({ game: game.rules.info.id, spec, policy: table })));
    if (values.out) {
      await writeFile(values.out, `${policyToJson(table)}\n`);
      println(io.stdout, `policy table written to ${values.out}`);
    }
    return 0;
  },
};

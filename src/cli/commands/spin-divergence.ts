import {
  measureSpinDivergence,
  otherKey,
  type PromptSpinDivergence,
  readSpinDataFile,
} from '../../preference/index.ts';
import { lmSamplingHelp, lmSamplingOptions, parseCommandArgs } from '../args.ts';
import type { Command } from '../command.ts';
import { listedResponseCheckpoint, probabilityText } from '../listed-response-checkpoint.ts';
import { type CliIo, CliUsageError, println } from '../io.ts';
import { formatTable } from '../table.ts';

const usage = `selfplay spin-divergence --checkpoint PATH --data FILE [--decoding constrained|free] [--temperature T] [--top-p P]

How far the built-in LM is from a SPIN data file's distribution, exactly: per prompt, the LM's probability of each
listed response (teacher-forced scoring; everything else is "${otherKey}", which the data never writes), KL(p_data ‖ π)
in nats (+∞ when π gives a data response 0) and the total variation. SPIN's optimum is π = p_data, where both are 0.
The last line is the mean KL over prompts. Definitions: docs/preferences.md.

Options:
  --checkpoint PATH   a checkpoint folder, or a run folder (its latest checkpoint)
  --data FILE         a SPIN data file, e.g. data/spin/tiny.json
  --decoding D        constrained (decoding limited to the listed responses) or free (any text); default: what the
                      run played (free for a recipe run, e.g. selfplay train --recipe spin), else constrained
${lmSamplingHelp}`;

export const spinDivergenceCommand: Command = {
  name: 'spin-divergence',
  summary: "a checkpoint's exact KL and total variation from a SPIN data file's distribution",
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      checkpoint: { type: 'string' },
      data: { type: 'string' },
      decoding: { type: 'string' },
      ...lmSamplingOptions,
    });
    if (positionals.length > 0) throw new CliUsageError(`unexpected argument "${positionals[0]}"`);
    if (!values.checkpoint || !values.data) throw new CliUsageError('--checkpoint and --data are required');
    const { model, decoding, sampling, header } = await listedResponseCheckpoint({
      ...values,
      checkpoint: values.checkpoint,
    });
    const data = await readSpinDataFile(values.data);
    const report = measureSpinDivergence({ model, data, decoding, sampling });
    println(io.stdout, `${header}; ${data.prompts.length} prompts from ${values.data}`);
    report.prompts.forEach((p, index) => printPrompt(io, p, index));
    println(io.stdout, `mean total variation ${report.meanTotalVariation.toFixed(4)}`);
    println(io.stdout, `KL ${report.meanKl.toFixed(4)}`);
    return 0;
  },
};

function printPrompt(io: CliIo, p: PromptSpinDivergence, index: number): void {
  const f = (x: number) => x.toFixed(4);
  const rows = p.prompt.responses.map((r, i) => [
    JSON.stringify(r),
    f(p.prompt.probabilities[i]!),
    probabilityText(p.distribution.probabilities[i]!),
  ]);
  rows.push([otherKey, f(0), probabilityText(p.distribution.other)]);
  println(io.stdout);
  println(io.stdout, `prompt ${index}: ${JSON.stringify(p.prompt.prompt)}`);
  println(io.stdout, formatTable(['response', 'data', 'LM π'], rows));
  println(io.stdout, `KL ${f(p.kl)} nats · total variation ${f(p.totalVariation)}`);
}

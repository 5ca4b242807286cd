import { writeFile } from 'node:fs/promises';
import {
  distributionRecord,
  measurePreferenceGap,
  otherKey,
  type PromptPreferenceGap,
  readPreferenceFile,
} from '../../preference/index.ts';
import { lmSamplingHelp, lmSamplingOptions, parseCommandArgs } from '../args.ts';
import type { Command } from '../command.ts';
import { listedResponseCheckpoint, probabilityText } from '../listed-response-checkpoint.ts';
import { type CliIo, CliUsageError, println } from '../io.ts';
import { formatTable } from '../table.ts';

const usage = `selfplay preference-gap --checkpoint PATH --preferences FILE [--decoding constrained|free] [--out dist.json]
                              [--temperature T] [--top-p P]

The built-in LM's exact distribution over each prompt's listed responses (teacher-forced scoring; everything else
is "${otherKey}", which loses to every listed response), the prompt's von Neumann winner, and the LM's duality gap
max_j Σ_i π_i P(j ≻ i) − ½: how much more than half the best single response wins against the LM, 0 exactly at a
von Neumann winner. The last line is the mean over prompts. Formats and definitions: docs/preferences.md.

Options:
  --checkpoint PATH   a checkpoint folder, or a run folder (its latest checkpoint)
  --preferences FILE  a preference file, e.g. data/preferences/intransitive-5.json
  --decoding D        constrained (decoding limited to the listed responses, as game moves are) or free (any
                      text; what is not a listed response is "${otherKey}"); default: what the run played (free
                      for a preference recipe's run), else constrained
  --out FILE          write {"<prompt>": {"<response>": p, …, "${otherKey}": mass}} as JSON
${lmSamplingHelp}`;

export const preferenceGapCommand: Command = {
  name: 'preference-gap',
  summary: "a checkpoint's exact duality gap on a preference file, beside each prompt's von Neumann winner",
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      checkpoint: { type: 'string' },
      preferences: { type: 'string' },
      decoding: { type: 'string' },
      out: { type: 'string' },
      ...lmSamplingOptions,
    });
    if (positionals.length > 0) throw new CliUsageError(`unexpected argument "${positionals[0]}"`);
    if (!values.checkpoint || !values.preferences)
      throw new CliUsageError('--checkpoint and --preferences are required');
    const { model, decoding, sampling, header } = await listedResponseCheckpoint({
      ...values,
      checkpoint: values.checkpoint,
    });
    const preferences = await readPreferenceFile(values.preferences);
    const report = measurePreferenceGap({ model, preferences, decoding, sampling });
    println(io.stdout, `${header}; ${preferences.prompts.length} prompts from ${values.preferences}`);
    report.prompts.forEach((p, index) => printPrompt(io, p, index));
    if (values.out) {
      const file = Object.fromEntries(
        report.prompts.map((p) => [p.prompt.prompt, distributionRecord(p.prompt.responses, p.distribution)]),
      );
      await writeFile(values.out, `${JSON.stringify(file, null, 2)}\n`);
      println(io.stdout, `distributions written to ${values.out}`);
    }
    println(io.stdout, `duality gap ${report.meanGap.toFixed(4)}`);
    return 0;
  },
};

function printPrompt(io: CliIo, p: PromptPreferenceGap, index: number): void {
  const { responses } = p.prompt;
  const f = (x: number) => x.toFixed(4);
  const rows = responses.map((r, i) => [
    JSON.stringify(r),
    probabilityText(p.distribution.probabilities[i]!),
    f(p.winner.distribution.probabilities[i]!),
    f(p.replyWinRates[i]!),
  ]);
  rows.push([otherKey, probabilityText(p.distribution.other), f(0), f(0.5 * p.distribution.other)]);
  const best = p.replyWinRates.indexOf(Math.max(...p.replyWinRates));
  println(io.stdout);
  println(io.stdout, `prompt ${index}: ${JSON.stringify(p.prompt.prompt)}`);
  println(io.stdout, formatTable(['response', 'LM π', 'von Neumann winner', 'wins vs π'], rows));
  println(
    io.stdout,
    `gap ${f(p.gap)}: the best reply ${JSON.stringify(responses[best])} wins ${f(p.replyWinRates[best]!)} against π`,
  );
}

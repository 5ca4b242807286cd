import { writeReport } from '../../dashboard/report.ts';
import { isRunDir } from '../../store/runs-root.ts';
import { intOption, parseCommandArgs } from '../args.ts';
import type { Command } from '../command.ts';
import { CliUsageError, println } from '../io.ts';

export const reportCommand: Command = {
  name: 'report',
  summary: 'write one run as a self-contained HTML page (inline SVG charts, transcripts)',
  usage: `selfplay report <run-dir> [--out FILE] [--episodes N]

Writes the run's summary, config, a chart per metric, arena tables, Kuhn strategy table and its newest game
transcripts to one HTML file with no external asset, for sharing.

Options:
  --out FILE      where to write (default report.html)
  --episodes N    newest transcripts to include (default 50)`,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, { out: { type: 'string' }, episodes: { type: 'string' } });
    const [runDir, extra] = positionals;
    if (runDir === undefined) throw new CliUsageError('name the run folder: selfplay report runs/<id>');
    if (extra !== undefined) throw new CliUsageError(`unexpected argument "${extra}"`);
    if (!isRunDir(runDir))
      throw new CliUsageError(`${runDir} is not a run folder (no run.sqlite); \`selfplay runs\` lists them`);
    const out = values.out ?? 'report.html';
    writeReport({ runDir, out, maxEpisodes: intOption('episodes', values.episodes, 50) });
    println(io.stdout, `report: ${out}`);
    return 0;
  },
};

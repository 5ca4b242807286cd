import { startDashboard } from '../../dashboard/start-dashboard.ts';
import { defaultRunsRoot } from '../../store/runs-root.ts';
import { intOption, parseCommandArgs } from '../args.ts';
import type { Command } from '../command.ts';
import { CliUsageError, println, untilStopSignal } from '../io.ts';

export const dashboardCommand: Command = {
  name: 'dashboard',
  summary: 'serve a local web page of runs: live charts, replays, arena tables',
  usage: `selfplay dashboard [--root DIR] [--port N] [--host H]

Serves the runs under DIR (default ./${defaultRunsRoot}) at http://H:N/ until Ctrl-C: run list, one chart per
metric (live while a run is written), compare runs on one chart, game replays, arena ratings and matrices.

Options:
  --root DIR   the runs folder (default ./${defaultRunsRoot})
  --port N     port (default 8787; 0 picks a free one)
  --host H     address to bind (default 127.0.0.1; 0.0.0.0 shows your runs to the network)`,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      root: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
    });
    if (positionals.length > 0) throw new CliUsageError(`unexpected argument "${positionals[0]}"`);
    const port = intOption('port', values.port, 8787);
    if (port > 65535) throw new CliUsageError(`--port must be at most 65535, got ${port}`);
    const dashboard = await startDashboard({
      root: values.root ?? defaultRunsRoot,
      port,
      host: values.host ?? '127.0.0.1',
    });
    println(io.stdout, `dashboard: ${dashboard.url}  (runs under ${values.root ?? defaultRunsRoot}; Ctrl-C stops)`);
    await untilStopSignal();
    await dashboard.close();
    return 0;
  },
};

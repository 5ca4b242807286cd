import { defaultRunsRoot, listRuns } from '../../store/runs-root.ts';
import { parseCommandArgs } from '../args.ts';
import type { Command } from '../command.ts';
import { println } from '../io.ts';
import { formatTable } from '../table.ts';

export const runsCommand: Command = {
  name: 'runs',
  summary: 'list the runs in a runs folder with status and headline figures',
  usage: `selfplay runs [--root DIR] [--json]

Lists the run folders under DIR (default ./${defaultRunsRoot}), newest first.`,
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, { root: { type: 'string' }, json: { type: 'boolean' } });
    const runs = listRuns(values.root ?? defaultRunsRoot);
    if (values.json) {
      println(io.stdout, JSON.stringify(runs, null, 2));
      return 0;
    }
    if (runs.length === 0) {
      println(io.stdout, `no runs under ${values.root ?? defaultRunsRoot}`);
      return 0;
    }
    const rows = runs.map(({ dir, meta, error }) => {
      if (!meta) return [dir, '?', 'unreadable', '', error ?? ''];
      const summary = Object.entries(meta.summary)
        .map(([k, v]) => `${k}=${typeof v === 'number' ? Number(v.toPrecision(4)) : v}`)
        .join(' ');
      return [
        dir,
        meta.kind,
        meta.status,
        new Date(meta.createdAt).toISOString().slice(0, 19).replace('T', ' '),
        summary,
      ];
    });
    println(io.stdout, formatTable(['run', 'kind', 'status', 'started (UTC)', 'summary'], rows));
    return 0;
  },
};

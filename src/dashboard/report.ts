import { writeFileSync } from 'node:fs';
import { z } from 'zod';
import { openRunStore } from '../store/run-store.ts';
import { arenaResultSchema, arenaView } from './arena-view.ts';
import { escapeHtml as esc } from './html-escape.ts';
import { reportCharts } from './report-charts.ts';
import { arenaSection, strategySection, transcriptsSection } from './report-sections.ts';
import { strategyTablesSchema } from './strategy-tables.ts';

export interface ReportOptions {
  readonly runDir: string;
  /** Newest episodes whose transcripts go into the page (default 50): a run may hold many thousands. */
  readonly maxEpisodes?: number;
}

const style = `body{font:14px system-ui,sans-serif;margin:24px;color:#111;max-width:1200px}
table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #d1d5db;padding:3px 8px;text-align:right}
td:first-child,th:first-child{text-align:left}.muted{color:#6b7280}.charts{display:flex;flex-wrap:wrap;gap:12px}
pre{white-space:pre-wrap;background:#f3f4f6;padding:6px;margin:2px 0 6px}.turn{margin-bottom:10px}
.role{font-weight:600}.label{color:#6b7280;font-size:12px}.invalid{color:#b91c1c}.move{color:#166534}
summary{cursor:pointer;padding:2px 0}.headline{border:1px solid #bfdbfe;background:#f8fbff;padding:4px 12px}
details.group>summary{font-weight:600;font-size:15px;margin:8px 0}`;

/**
 * A whole run as one self-contained HTML page for sharing: summary, config, the headline panel (exploitability
 * and returns as inline SVG, the games' strategy tables such as Kuhn's, arena tables), the other metrics in collapsed groups, and the
 * newest transcripts. No script and no external asset.
 */
export function renderReport(options: ReportOptions): string {
  const store = openRunStore({ dir: options.runDir, readonly: true });
  try {
    const meta = store.meta();
    const arena = readResult(store.result('arena'), 'arena', (raw) =>
      arenaSection(arenaView(arenaResultSchema.parse(raw))),
    );
    const strategies = readResult(store.result('strategy-tables'), 'strategy-tables', (raw) =>
      strategyTablesSchema.parse(raw).map(strategySection).join('\n'),
    );
    const summary = Object.entries(meta.summary)
      .map(
        ([k, v]) =>
          `<tr><td>${esc(k)}</td><td>${esc(typeof v === 'number' ? String(Number(v.toPrecision(5))) : v)}</td></tr>`,
      )
      .join('');
    const checkpoints = store.checkpoints();
    const charts = reportCharts(store.metrics());
    const sections = [
      `<h1>${esc(meta.id)}</h1>`,
      `<p>${esc(meta.kind)} run · ${esc(meta.status)} · started ${new Date(meta.createdAt).toISOString()} · updated ${new Date(meta.updatedAt).toISOString()}</p>`,
      summary ? `<table><tbody>${summary}</tbody></table>` : '',
      `<details><summary>config</summary><pre>${esc(JSON.stringify(meta.config, null, 2))}</pre></details>`,
      // The same order as the dashboard: the headline figures, then the other metrics in collapsed groups.
      charts.headline || strategies || arena
        ? `<section class="headline"><h2>Headline</h2>${charts.headline}${strategies}${arena}</section>`
        : '',
      '<h2>Metrics</h2>',
      charts.groups,
      checkpoints.length === 0
        ? ''
        : `<h2>Checkpoints</h2><ul>${checkpoints.map((c) => `<li>step ${c.step}: ${esc(c.path)}</li>`).join('')}</ul>`,
      transcriptsSection(store.episodes({ limit: options.maxEpisodes ?? 50 }), store.episodeCount()),
    ];
    return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(meta.id)} · selfplay report</title><style>${style}</style></head>
<body>
${sections.filter((s) => s.length > 0).join('\n')}
<p class="muted">written by selfplay report</p>
</body></html>
`;
  } finally {
    store.close();
  }
}

/** A result's section; a result of unexpected shape becomes a note in the page rather than a failed report. */
function readResult(raw: unknown, name: string, render: (raw: unknown) => string): string {
  if (raw === undefined) return '';
  try {
    return render(raw);
  } catch (error) {
    const reason = error instanceof z.ZodError ? z.prettifyError(error) : String(error);
    return `<p class="muted">The ${esc(name)} result could not be shown: ${esc(reason)}</p>`;
  }
}

/** Writes `renderReport` to `out`. */
export function writeReport(options: ReportOptions & { out: string }): void {
  writeFileSync(options.out, renderReport(options));
}

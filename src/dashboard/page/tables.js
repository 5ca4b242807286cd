// Tables: the runs list, arena ratings and matrices, a game's learned strategy beside its equilibria.
import { fmt, h, table } from './dom.js';

/** Headline figures of a run's summary as one short line. */
export function summaryLine(summary = {}) {
  return Object.entries(summary)
    .map(([k, v]) => `${k}=${fmt(v)}`)
    .join('  ');
}

const cell = (c, digits) => (c ? `${c.value.toFixed(digits)} ± ${c.halfWidth.toFixed(digits)}` : '—');

/**
 * The rankings as the CLI prints them (title, what a match is, table, how to read it), then per game the score and
 * mean-return matrices from the row player's side.
 */
export function arenaTables(view) {
  const muted = (line) => h('p', { className: 'muted' }, line);
  const parts = view.leaderboard.flatMap((s) => [
    h('h3', {}, s.title),
    ...s.lead.map(muted),
    table(s.head, s.rows),
    ...s.notes.map(muted),
  ]);
  for (const g of view.games) {
    const matrix = (m, digits) =>
      table(
        ['', ...g.players],
        g.players.map((p, i) => [p, ...m[i].map((c) => cell(c, digits))]),
      );
    parts.push(
      h(
        'div',
        { className: 'grid2' },
        h('div', {}, h('h3', {}, `${g.game}: score of row vs column (95% CI)`), matrix(g.score, 2)),
        h('div', {}, h('h3', {}, `${g.game}: mean return of row vs column (95% CI)`), matrix(g.meanReturn, 3)),
      ),
      h(
        'p',
        { className: 'muted' },
        `invalid moves: ${g.invalid.map((x) => `${x.player} ${x.invalid}/${x.games}`).join(', ')}`,
      ),
    );
  }
  return h('div', { 'data-arena': '' }, ...parts);
}

/** Per game that lists one (Kuhn), the learned probability of a move per information set beside the equilibria's. */
export function strategyTables({ tables }) {
  return h(
    'div',
    { 'data-strategy-tables': '' },
    ...tables.map((t) =>
      h(
        'div',
        { 'data-strategy-table': t.game },
        h('h3', {}, t.title),
        table(
          ['key', 'situation', `P(${t.move}) learned`, t.equilibrium],
          t.rows.map((r) => [
            r.key,
            r.situation,
            r.learned.toFixed(3),
            r.nashLow === r.nashHigh ? r.nashLow.toFixed(3) : `${r.nashLow.toFixed(3)}–${r.nashHigh.toFixed(3)}`,
          ]),
        ),
      ),
    ),
  );
}

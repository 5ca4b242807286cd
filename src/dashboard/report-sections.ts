import type { EpisodeRow } from '../store/run-store.ts';
import type { ArenaView, MatrixCell } from './arena-view.ts';
import { escapeHtml as esc } from './html-escape.ts';
import { equilibriumText, type StrategyTable } from './strategy-tables.ts';
import { seatName, transcriptSchema } from './transcript.ts';

const cell = (c: MatrixCell, digits: number) =>
  c ? `${c.value.toFixed(digits)} <span class="muted">± ${c.halfWidth.toFixed(digits)}</span>` : '—';

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const th = head.map((h) => `<th>${h}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((d) => `<td>${d}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table>`;
}

/**
 * The rankings as the CLI prints them (title, what a match is, table, how to read it), then per game the score and
 * mean-return matrices (row player's view) and invalid-move counts.
 */
export function arenaSection(view: ArenaView): string {
  const muted = (line: string) => `<p class="muted">${esc(line)}</p>`;
  const parts = [
    '<h2>Arena</h2>',
    ...view.leaderboard.flatMap((s) => [
      `<h3>${esc(s.title)}</h3>`,
      ...s.lead.map(muted),
      table(
        s.head.map(esc),
        s.rows.map((r) => r.map(esc)),
      ),
      ...s.notes.map(muted),
    ]),
  ];
  for (const g of view.games) {
    const head = ['', ...g.players.map(esc)];
    const matrix = (m: readonly (readonly MatrixCell[])[], digits: number) =>
      table(
        head,
        g.players.map((p, i) => [esc(p), ...(m[i] ?? []).map((c) => cell(c, digits))]),
      );
    parts.push(
      `<h3>${esc(g.game)}: score of row vs column (wins + draws/2, 95% CI)</h3>`,
      matrix(g.score, 2),
      `<h3>${esc(g.game)}: mean return of row vs column (95% CI)</h3>`,
      matrix(g.meanReturn, 3),
      `<p>invalid moves: ${g.invalid.map((x) => `${esc(x.player)} ${x.invalid}/${x.games}`).join(', ')}</p>`,
    );
  }
  return parts.join('\n');
}

/** A game's learned strategy beside its equilibria (a range where they differ), e.g. Kuhn's bet/call table. */
export function strategySection(t: StrategyTable): string {
  return [
    `<h2>${esc(t.title)}</h2>`,
    table(
      ['key', 'situation', `P(${esc(t.move)}) learned`, esc(t.equilibrium)],
      t.rows.map((r) => [esc(r.key), esc(r.situation), r.learned.toFixed(3), equilibriumText(r)]),
    ),
  ].join('\n');
}

/** Each episode as a list of turns: role, observation, full reply, parsed move or invalid reason. */
export function transcriptsSection(episodes: readonly EpisodeRow[], total: number): string {
  const items = episodes.map((e) => {
    const parsed = transcriptSchema.safeParse(e.transcript);
    const head = `${esc(e.game)} · step ${e.step} · seed ${e.seed} · returns [${e.returns.join(', ')}] · ${esc(e.outcome)}`;
    if (!parsed.success)
      return `<details class="episode"><summary>${head}</summary><pre>${esc(JSON.stringify(e.transcript, null, 2))}</pre></details>`;
    const t = parsed.data;
    const seats = t.seats ? ` · ${t.seats.map(esc).join(' vs ')}` : '';
    const turns = t.turns.map(
      (turn) => `<li class="turn"><div class="role">turn ${turn.turn} · ${esc(seatName(t, turn.player))}</div>
<div class="label">observation</div><pre>${esc(turn.observation)}</pre>
<div class="label">reply</div><pre>${esc(turn.answer)}</pre>
${turn.move !== undefined ? `<div class="move">move: <b>${esc(turn.move)}</b></div>` : `<div class="invalid">invalid: ${esc(turn.invalidReason ?? 'unparsed')}</div>`}</li>`,
    );
    return `<details class="episode"><summary>${head}${seats}</summary><ol class="turns">${turns.join('\n')}</ol></details>`;
  });
  const note = total > episodes.length ? ` (the newest ${episodes.length} of ${total})` : '';
  return `<h2>Games${note}</h2>${items.join('\n') || '<p class="muted">No episodes recorded.</p>'}`;
}

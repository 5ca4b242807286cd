// The game replay viewer: one stored episode, stepped turn by turn.
import { fmt, h } from './dom.js';

const seatName = (transcript, player) => transcript.seats?.[player] ?? `player ${player}`;

/** Every seat of the game, however many: who sat there (and the role it was dealt, if any) and its return. */
function seatList(episode, transcript) {
  const count = Math.max(episode.returns.length, transcript.seats?.length ?? 0);
  const seats = Array.from({ length: count }, (_, p) => {
    const role = transcript.roles?.[p] !== undefined ? ` (${transcript.roles[p]})` : '';
    const paid = episode.returns[p] !== undefined ? `: ${fmt(episode.returns[p], 3)}` : '';
    return h('span', { 'data-seat': p }, `P${p} ${seatName(transcript, p)}${role}${paid}`);
  });
  return h(
    'div',
    { className: 'seats', 'data-seats': '' },
    'seats: ',
    ...seats.flatMap((s, i) => (i > 0 ? [' · ', s] : [s])),
  );
}

/** A viewer for `episode` (a row of GET …/episodes); shows an unknown transcript shape as raw JSON. */
export function replayViewer(episode) {
  const transcript = episode.transcript ?? {};
  const turns = Array.isArray(transcript.turns) ? transcript.turns : null;
  const header = h(
    'div',
    {},
    h('b', {}, `${episode.game} · step ${episode.step} · seed ${episode.seed}`),
    ` · ${episode.outcome}`,
  );
  const root = h('div', { className: 'replay', 'data-replay': '' }, header, seatList(episode, transcript));
  if (!turns || turns.length === 0) {
    root.append(h('pre', {}, JSON.stringify(transcript, null, 2)));
    return root;
  }
  let index = 0;
  const body = h('div', {});
  const counter = h('span', { className: 'muted' });
  const go = (i) => {
    index = Math.max(0, Math.min(turns.length - 1, i));
    render();
  };
  const controls = h(
    'div',
    {},
    h('button', { onclick: () => go(0) }, 'first'),
    ' ',
    h('button', { onclick: () => go(index - 1), 'data-prev': '' }, '◀ prev'),
    ' ',
    h('button', { onclick: () => go(index + 1), 'data-next': '' }, 'next ▶'),
    ' ',
    h('button', { onclick: () => go(turns.length - 1) }, 'last'),
    ' ',
    counter,
  );
  function render() {
    const turn = turns[index];
    counter.textContent = `turn ${index + 1} of ${turns.length}`;
    const moves = h(
      'div',
      { className: 'moves' },
      'moves: ',
      ...turns.map((t, i) =>
        h(
          'span',
          { className: i === index ? 'current' : '', onclick: () => go(i), style: 'cursor:pointer' },
          `${seatName(transcript, t.player)}: ${t.move ?? '✗'}`,
        ),
      ),
    );
    body.replaceChildren(
      moves,
      h(
        'div',
        { className: 'role', 'data-turn': index },
        `turn ${turn.turn} · ${seatName(transcript, turn.player)} (seat ${turn.player})`,
      ),
      h('div', { className: 'label' }, 'observation'),
      h('pre', {}, turn.observation),
      turn.legal ? h('div', { className: 'label' }, `legal: ${turn.legal.join(', ')}`) : null,
      h('div', { className: 'label' }, 'reply'),
      h('pre', { 'data-reply': '' }, turn.answer),
      turn.move !== undefined
        ? h('div', { className: 'move' }, 'parsed move: ', h('b', {}, turn.move))
        : h('div', { className: 'invalid' }, `invalid: ${turn.invalidReason ?? 'unparsed'}`),
    );
  }
  render();
  root.append(controls, body);
  return root;
}

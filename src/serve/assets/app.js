// kmark serve's page (docs/live.md): the catalog as a tree, a marker's
// details, and with a kernel attached its live state and events. Plain DOM,
// no framework: groups are built only when opened, so that a catalog of
// thousands of markers renders at once.
const token = new URLSearchParams(location.search).get('token') ?? '';
const $ = (id) => document.getElementById(id);
const SEARCH_OPEN_LIMIT = 300;
const EVENTS_KEPT = 300;

let markers = [];
let attached = false;
const armed = new Map(); // id -> nesting count (attached)
const chosen = new Set(); // ids checked offline, for a profile
const boxes = new Map(); // id -> rendered check boxes
let summaries = []; // { summary, markers } of rendered groups, to recount

async function api(path, body) {
  const url = `${path}${path.includes('?') ? '&' : '?'}token=${encodeURIComponent(token)}`;
  const response = await fetch(url, body === undefined ? {} : { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const value = await response.json();
  if (!response.ok) throw new Error(value.error ?? response.statusText);
  return value;
}

function status(text, error = false) {
  $('status').textContent = text;
  $('status').className = error ? 'error' : '';
}

// A box clicked while attached shows what was asked until the kernel's state is read after the answer:
// the periodic refresh must not uncheck it in between.
const asked = new Map(); // id -> { arm }, while its last arm or disarm request is out
const isOn = (id) => (attached ? (asked.get(id)?.arm ?? (armed.get(id) ?? 0) > 0) : chosen.has(id));

function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

/** subsystem -> file -> function -> markers, in catalog order. */
function group(list) {
  const tree = new Map();
  for (const m of list) {
    const subsystem = m.file.includes('/') ? m.file.slice(0, m.file.indexOf('/')) : '.';
    const files = tree.get(subsystem) ?? tree.set(subsystem, new Map()).get(subsystem);
    const functions = files.get(m.file) ?? files.set(m.file, new Map()).get(m.file);
    (functions.get(m.function) ?? functions.set(m.function, []).get(m.function)).push(m);
  }
  return tree;
}

const leaves = (node) => (Array.isArray(node) ? node : [...node.values()].flatMap(leaves));

function countText(list) {
  const on = list.filter((m) => isOn(m.id)).length;
  return `${list.length} marker${list.length === 1 ? '' : 's'}${on ? `, ${on} on` : ''}`;
}

function groupNode(label, node, open) {
  const list = leaves(node);
  const count = el('span', { className: 'count' }, countText(list));
  const summary = el('summary', {}, label, count);
  const details = el('details', {}, summary);
  details.dataset.group = label;
  summaries.push({ count, markers: list });
  const fill = () => {
    if (details.dataset.filled) return;
    details.dataset.filled = '1';
    if (Array.isArray(node)) details.append(...node.map(markerRow));
    else for (const [key, child] of node) details.append(groupNode(key, child, open));
  };
  details.addEventListener('toggle', () => details.open && fill());
  if (open) {
    fill();
    details.open = true;
  }
  return details;
}

function markerRow(m) {
  const box = el('input', { type: 'checkbox', checked: isOn(m.id), title: attached ? 'Armed in the running kernel' : 'In the profile' });
  box.setAttribute('aria-label', `${attached ? 'Arm' : 'Choose'} ${m.name} (${m.id})`);
  box.dataset.id = m.id;
  box.addEventListener('change', () => toggle(m, box));
  (boxes.get(m.id) ?? boxes.set(m.id, []).get(m.id)).push(box);
  const button = el('button', { type: 'button' }, m.name);
  button.addEventListener('click', () => show(m, row));
  const row = el('div', { className: 'marker' }, box, button, el('span', { className: 'format' }, m.format ?? ''));
  row.dataset.id = m.id;
  return row;
}

function matches(m, words) {
  const text = `${m.name} ${m.format ?? ''} ${m.fields.map((f) => f.name).join(' ')} ${m.file} ${m.function} ${m.id}`.toLowerCase();
  return words.every((w) => text.includes(w));
}

function render() {
  const words = $('search').value.toLowerCase().split(/\s+/).filter(Boolean);
  const list = words.length ? markers.filter((m) => matches(m, words)) : markers;
  boxes.clear();
  summaries = [];
  const open = words.length > 0 && list.length <= SEARCH_OPEN_LIMIT;
  const tree = $('tree');
  tree.replaceChildren(...[...group(list)].map(([key, node]) => groupNode(key, node, open)));
  if (list.length === 0) tree.append(el('p', { className: 'hint' }, 'No marker matches.'));
  else if (words.length && !open) tree.append(el('p', { className: 'more' }, `${list.length} matches: open a group, or narrow the search.`));
  recount();
}

function recount() {
  for (const { count, markers: list } of summaries) count.textContent = countText(list);
  for (const [id, list] of boxes) for (const box of list) box.checked = isOn(id);
  const on = markers.filter((m) => isOn(m.id)).length;
  $('counts').textContent = `${markers.length} markers, ${on} ${attached ? 'armed' : 'chosen'}`;
}

async function toggle(m, box) {
  if (!attached) {
    if (box.checked) chosen.add(m.id);
    else chosen.delete(m.id);
    return recount();
  }
  const arm = box.checked;
  const request = { arm };
  asked.set(m.id, request);
  try {
    const done = await api(arm ? '/api/arm' : '/api/disarm', { keys: [m.id] });
    status(`${arm ? 'armed' : 'disarmed'} ${done.join(' ')}`);
  } catch (error) {
    status(`${m.name}: ${error.message}`, true);
  }
  await refresh();
  if (asked.get(m.id) === request) asked.delete(m.id);
  recount();
}

async function refresh() {
  if (!attached) return;
  try {
    // Read before the old state is let go: while the request is out, a save or a render still sees what is armed.
    const state = await api('/api/state');
    armed.clear();
    for (const { id, armed: count } of state) armed.set(id, Math.max(count, armed.get(id) ?? 0));
    recount();
  } catch (error) {
    status(`kernel: ${error.message}`, true);
  }
}

async function show(m, row) {
  document.querySelectorAll('.marker.selected').forEach((r) => r.classList.remove('selected'));
  row.classList.add('selected');
  const fields = el('table', {}, el('tr', {}, el('th', {}, 'field'), el('th', {}, 'C type'), el('th', {}, 'conversion')),
    ...m.fields.map((f) => el('tr', {}, el('td', {}, f.name), el('td', {}, f.ctype ?? '?'), el('td', {}, f.conversion ?? '?'))));
  const facts = [['name', m.name], ['id', m.id], ['md5', m.md5], ['event id', m.eventId], ['form', m.form], ['format', m.format ?? '(unknown)'],
    ['handlers', m.handlers.join(', ')], ['markup', m.markup ?? '(default)'], ['location', `${m.file}:${m.line}:${m.column} in ${m.function}()`]];
  const source = el('pre', { className: 'source' }, 'loading source…');
  $('details').replaceChildren(el('h2', {}, m.name), el('dl', {}, ...facts.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)])), fields, source);
  try {
    const s = await api(`/api/source?id=${encodeURIComponent(m.id)}`);
    source.replaceChildren(...s.lines.map((text, k) => el('span', { className: s.first + k === s.line ? 'at' : '' }, `${String(s.first + k).padStart(5)}  ${text}\n`)));
  } catch (error) {
    source.textContent = error.message;
  }
}

async function listProfiles(selected) {
  const names = await api('/api/profiles');
  $('profiles').replaceChildren(...names.map((n) => el('option', { value: n, selected: n === selected }, n)));
}

async function loadProfile() {
  const name = $('profiles').value;
  if (!name) return status('no profile to load', true);
  try {
    const { keys, unmatched } = await api(`/api/profile?name=${encodeURIComponent(name)}`);
    const missing = unmatched.length ? `; not in this catalog: ${unmatched.map((e) => e.name).join(', ')}` : '';
    if (attached) {
      const done = await api(`/api/profile/load?name=${encodeURIComponent(name)}`, {});
      status(`profile ${name}: armed ${done.armed.length ? done.armed.join(' ') : 'nothing new'}${missing}`, unmatched.length > 0);
      await refresh();
    } else {
      chosen.clear();
      for (const m of markers) if (keys.includes(m.id) || keys.includes(m.name)) chosen.add(m.id);
      status(`profile ${name}: ${chosen.size} markers chosen${missing}`, unmatched.length > 0);
      recount();
    }
  } catch (error) {
    status(`profile ${name}: ${error.message}`, true);
  }
}

async function saveProfile(event) {
  event.preventDefault();
  const name = $('profile-name').value.trim();
  try {
    const ids = markers.filter((m) => isOn(m.id)).map((m) => m.id);
    const { saved } = await api(`/api/profile/save?name=${encodeURIComponent(name)}`, { keys: ids });
    status(`profile ${name}: saved, ${saved} markers`);
    await listProfiles(name);
  } catch (error) {
    status(`profile ${name}: ${error.message}`, true);
  }
}

function streamEvents() {
  $('events-pane').hidden = false;
  let paused = false;
  let seen = 0;
  $('pause').addEventListener('click', () => {
    paused = !paused;
    $('pause').setAttribute('aria-pressed', String(paused));
    $('pause').textContent = paused ? 'Resume' : 'Pause';
  });
  let lost = 0;
  const count = () => ($('event-count').textContent = `${seen} received${lost ? `, ${lost} lost: the stream fell behind` : ''}`);
  const source = new EventSource(`/api/events?token=${encodeURIComponent(token)}`);
  source.addEventListener('lost', (message) => {
    lost += Number(message.data);
    count();
  });
  source.onmessage = (message) => {
    seen++;
    count();
    if (paused) return;
    const e = JSON.parse(message.data);
    const list = $('events');
    const item = el('li', {}, `${e.name} ${Object.entries(e.fields).map(([k, v]) => `${k}=${v}`).join(' ')}`);
    item.dataset.name = e.name;
    list.prepend(item);
    while (list.childElementCount > EVENTS_KEPT) list.lastElementChild.remove();
  };
}

/** Up and down move through the visible groups and markers of the tree. */
function treeKeys(event) {
  if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
  const items = [...$('tree').querySelectorAll('summary, .marker button')].filter((n) => n.offsetParent !== null);
  const at = items.indexOf(document.activeElement);
  const next = items[at + (event.key === 'ArrowDown' ? 1 : -1)];
  if (next) {
    event.preventDefault();
    next.focus();
  }
}

document.addEventListener('keydown', (event) => {
  if (event.key === '/' && document.activeElement?.tagName !== 'INPUT') {
    event.preventDefault();
    $('search').focus();
  } else if (event.key === 'Escape' && document.activeElement === $('search')) {
    $('search').value = '';
    render();
  }
});
$('tree').addEventListener('keydown', treeKeys);

let searchTimer;
$('search').addEventListener('input', () => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(render, 120);
});
$('load').addEventListener('click', loadProfile);
$('profile-form').addEventListener('submit', saveProfile);

try {
  const catalog = await api('/api/catalog');
  markers = catalog.markers;
  attached = catalog.attached;
  document.title = `kmark: ${catalog.catalog}`;
  status(attached ? 'attached to a running kernel: check boxes arm markers' : 'offline: check boxes choose markers for a profile');
  render();
  await listProfiles();
  if (attached) {
    await refresh();
    streamEvents();
    setInterval(refresh, 1000);
  }
} catch (error) {
  status(`cannot load the catalog: ${error.message}`, true);
}

// The emulator's page: a REST client of the control API (/emulator/v1/...) and,
// for cancel and delete, of the Google APIs' own REST paths. It polls; nothing is
// built or fetched from elsewhere.
'use strict';

const POLL_MS = 400;
const SHOWN = 500; // most jobs, operations and calls kept on screen
const CODES = ['OK', 'CANCELLED', 'UNKNOWN', 'INVALID_ARGUMENT', 'DEADLINE_EXCEEDED', 'NOT_FOUND', 'ALREADY_EXISTS',
  'PERMISSION_DENIED', 'RESOURCE_EXHAUSTED', 'FAILED_PRECONDITION', 'ABORTED', 'OUT_OF_RANGE', 'UNIMPLEMENTED',
  'INTERNAL', 'UNAVAILABLE', 'DATA_LOSS', 'UNAUTHENTICATED'];
const ENDED = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);
const TOKEN_KEY = 'longrunning-emulator-token';

const $ = (id) => document.getElementById(id);
const view = {
  jobs: [], operations: [], calls: [], rules: [], clock: null,
  callsToken: '', callsPrimed: false,
  selected: null, // {kind: 'job'|'operation', name}
  projects: new Set(), kinds: new Set(),
};
let token = sessionStorage.getItem(TOKEN_KEY) || '';
let connected = false;
let polling = false;

class Unauthenticated extends Error {}

// One REST call, with the token when there is one. Errors carry Google's JSON error message.
async function call(method, path, body) {
  const headers = { 'Accept': 'application/json' };
  if (token) headers['Authorization'] = 'Bearer ' + token;
  const init = { method, headers, cache: 'no-store' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  const text = await response.text();
  let json = {};
  try { json = text ? JSON.parse(text) : {}; } catch { json = {}; }
  if (response.status === 401) throw new Unauthenticated();
  if (!response.ok) {
    const error = json.error || {};
    throw new Error((error.status || response.status) + ': ' + (error.message || text.slice(0, 200)));
  }
  return json;
}

function say(message, isError) {
  const status = $('status');
  status.textContent = message;
  status.className = isError ? 'error' : '';
}

// Runs a user's action, reports its outcome, then refreshes at once.
async function act(what, work) {
  try {
    await work();
    say(what + ': done.');
  } catch (error) {
    if (error instanceof Unauthenticated) return showLogin('The token was refused.');
    say(what + ' failed: ' + error.message, true);
  }
  poll();
}

function showLogin(message) {
  connected = false;
  $('app').hidden = true;
  $('login').hidden = false;
  $('login-error').textContent = message || '';
  say('');
  $('token').focus();
}

function showApp() {
  if (connected) return;
  connected = true;
  $('login').hidden = true;
  $('app').hidden = false;
}

// ---- polling ----

async function poll() {
  if (polling) return;
  polling = true;
  try {
    const project = $('project').value;
    const query = project ? '&project=' + encodeURIComponent(project) : '';
    const [clock, jobs, operations, rules] = await Promise.all([
      call('GET', '/emulator/v1/clock'),
      call('GET', '/emulator/v1/jobs?pageSize=' + SHOWN + query),
      call('GET', '/emulator/v1/operations?pageSize=' + SHOWN + query),
      call('GET', '/emulator/v1/faultRules'),
    ]);
    await pollCalls();
    showApp();
    view.clock = clock;
    view.jobs = (jobs.jobs || []).map(readJob);
    view.jobsTotal = jobs.totalSize || 0;
    view.operations = (operations.operations || []).map(readOperation);
    view.operationsTotal = operations.totalSize || 0;
    view.rules = rules.faultRules || [];
    render();
  } catch (error) {
    if (error instanceof Unauthenticated) showLogin(token ? 'The token was refused.' : '');
    else say('Cannot reach the server: ' + error.message, true);
  } finally {
    polling = false;
  }
}

// New calls since the last poll, through the journal's watch token.
async function pollCalls() {
  for (let pages = 0; pages < 20; pages++) {
    const page = await call('GET', '/emulator/v1/calls?pageSize=1000' +
      (view.callsToken ? '&pageToken=' + encodeURIComponent(view.callsToken) : ''));
    view.calls.push(...(page.calls || []));
    if (view.calls.length > SHOWN) view.calls.splice(0, view.calls.length - SHOWN);
    view.callsToken = page.nextPageToken || page.watchToken || view.callsToken;
    if (!page.nextPageToken) break;
  }
}

function shortState(state) {
  return (state || 'STATE_UNSPECIFIED').replace(/^(PIPELINE_STATE_|JOB_STATE_)/, '');
}

function readJob(entry) {
  const job = entry.job || {};
  const type = (job['@type'] || '').split('/').pop();
  const version = type.split('.').slice(-2, -1)[0] || '';
  const kind = type.split('.').pop();
  const history = entry.stateHistory || [];
  return {
    name: job.name, kind, version, resource: job, history,
    state: shortState(job.state),
    labels: job.labels || {},
    createTime: job.createTime, startTime: job.startTime, endTime: job.endTime,
  };
}

function readOperation(operation) {
  const metadata = operation.metadata || {};
  const kind = (metadata['@type'] || '').split('.').pop() || 'Operation';
  let state = 'RUNNING';
  if (operation.done) state = operation.error ? (operation.error.code === 1 ? 'CANCELLED' : 'FAILED') : 'SUCCEEDED';
  return { name: operation.name, kind, state, resource: operation, createTime: metadata.createTime };
}

// ---- rendering ----

function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

function time(value) {
  if (!value) return '';
  const date = new Date(value);
  return isNaN(date) ? value : date.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z').replace(/Z$/, '');
}

// Replaces a table's rows only when they changed, so hover, focus and selection survive polling.
const shownRows = new Map();
function replaceRows(table, rows) {
  const body = document.querySelector('#' + table + ' tbody');
  const html = rows.map((row) => row.outerHTML).join('');
  if (shownRows.get(table) === html) return;
  shownRows.set(table, html);
  const focused = document.activeElement && body.contains(document.activeElement) ? document.activeElement.dataset.key : null;
  body.replaceChildren(...rows);
  if (focused) {
    const again = body.querySelector('[data-key="' + CSS.escape(focused) + '"]');
    if (again) again.focus();
  }
}

function stateBadge(state) {
  return el('span', { class: 'state ' + state }, state);
}

function render() {
  renderClock();
  renderFilters();
  renderJobs();
  renderOperations();
  renderDetails();
  renderTimeline();
  renderCalls();
  renderRules();
}

function renderClock() {
  const clock = view.clock || {};
  $('clock-mode').textContent = clock.mode === 'PAUSED' ? 'paused' : 'running' + (clock.scale && clock.scale !== 1 ? ' ×' + clock.scale : '');
  $('clock-now').textContent = time(clock.now);
  $('clock-next').textContent = clock.nextEventTime ? time(clock.nextEventTime) : 'none';
  $('clock-timers').textContent = clock.pendingTimers || 0;
}

function renderFilters() {
  for (const item of [...view.jobs, ...view.operations]) {
    const match = /^projects\/([^/]+)/.exec(item.name || '');
    if (match) view.projects.add(match[1]);
  }
  for (const job of view.jobs) view.kinds.add(job.kind);
  for (const operation of view.operations) view.kinds.add(operation.kind);
  fillSelect($('project'), [...view.projects].sort(), 'All projects');
  fillSelect($('filter-kind'), [...view.kinds].sort(), 'Any');
}

function fillSelect(select, values, anyText) {
  const have = [...select.options].slice(1).map((o) => o.value);
  if (have.join('\n') === values.join('\n')) return;
  const current = select.value;
  select.replaceChildren(el('option', { value: '' }, anyText), ...values.map((v) => el('option', { value: v }, v)));
  select.value = values.includes(current) ? current : '';
}

function matchesFilters(item) {
  const state = $('filter-state').value;
  const kind = $('filter-kind').value;
  return (!state || item.state === state) && (!kind || item.kind === kind);
}

function actionButtons(kind, item) {
  const ended = ENDED.has(item.state);
  const label = (verb) => verb + ' ' + item.name;
  return el('td', { class: 'actions' },
    el('button', { type: 'button', 'data-key': 'details ' + item.name, 'aria-label': label('Details of'), onclick: () => select(kind, item.name) }, 'Details'), ' ',
    el('button', { type: 'button', 'data-key': 'cancel ' + item.name, 'aria-label': label('Cancel'), disabled: ended || item.state === 'CANCELLING', onclick: () => cancel(kind, item) }, 'Cancel'), ' ',
    el('button', { type: 'button', class: 'danger', 'data-key': 'delete ' + item.name, 'aria-label': label('Delete'), onclick: () => remove(kind, item) }, 'Delete'));
}

function renderJobs() {
  const shown = view.jobs.filter(matchesFilters).reverse();
  $('jobs-count').textContent = '(' + shown.length + ' shown of ' + view.jobsTotal + ')';
  replaceRows('jobs', shown.map((job) => el('tr', { 'data-name': job.name, 'data-state': job.state, class: isSelected('job', job.name) ? 'selected' : null },
    el('td', { class: 'name' }, job.name),
    el('td', {}, job.kind + ' ', el('span', { class: 'muted' }, job.version)),
    el('td', {}, stateBadge(job.state)),
    el('td', { class: 'num' }, time(job.createTime)),
    el('td', { class: 'num' }, time(job.startTime)),
    el('td', { class: 'num' }, time(job.endTime)),
    el('td', {}, ...Object.entries(job.labels).map(([k, v]) => el('span', { class: 'label' }, k + ': ' + v))),
    actionButtons('job', job))));
}

function renderOperations() {
  const shown = view.operations.filter(matchesFilters).reverse();
  $('operations-count').textContent = '(' + shown.length + ' shown of ' + view.operationsTotal + ')';
  replaceRows('operations', shown.map((operation) => el('tr', { 'data-name': operation.name, 'data-state': operation.state, class: isSelected('operation', operation.name) ? 'selected' : null },
    el('td', { class: 'name' }, operation.name),
    el('td', {}, operation.kind),
    el('td', {}, stateBadge(operation.state)),
    el('td', { class: 'num' }, time(operation.createTime)),
    actionButtons('operation', operation))));
}

function isSelected(kind, name) {
  return view.selected && view.selected.kind === kind && view.selected.name === name;
}

function select(kind, name) {
  view.selected = { kind, name };
  render();
  $('details').focus();
}

function renderDetails() {
  const details = $('details');
  if (!view.selected) { details.hidden = true; return; }
  const list = view.selected.kind === 'job' ? view.jobs : view.operations;
  const item = list.find((i) => i.name === view.selected.name);
  details.hidden = false;
  $('details-title').textContent = (view.selected.kind === 'job' ? 'Job ' : 'Operation ') + view.selected.name + (item ? '' : ' (no longer held)');
  if (!item) return;
  const history = item.history
    ? el('table', { 'aria-label': 'State history' },
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'State'), el('th', { scope: 'col' }, 'Entered'))),
      el('tbody', {}, ...item.history.map((h) => el('tr', {}, el('td', {}, stateBadge(h.state)), el('td', { class: 'num' }, time(h.time))))))
    : null;
  $('details-history').replaceChildren(...(history ? [history] : []));
  const text = JSON.stringify(item.resource, null, 2);
  if ($('details-body').textContent !== text) $('details-body').textContent = text;
}

const TIMELINE_ROW = 18;
const TIMELINE_LABEL = 220;
const SVG = 'http://www.w3.org/2000/svg';

function svg(tag, attributes, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

// One bar per job over the emulator's clock, a segment per state it was in.
function renderTimeline() {
  const jobs = view.jobs.filter(matchesFilters).slice(-100);
  const now = Date.parse((view.clock || {}).now) || Date.now();
  const container = $('timeline');
  if (jobs.length === 0) {
    container.replaceChildren(el('p', { class: 'muted' }, 'No jobs yet.'));
    return;
  }
  const starts = jobs.map((j) => Date.parse((j.history[0] || {}).time) || now);
  const from = Math.min(...starts);
  const span = Math.max(now - from, 1000);
  const width = Math.max(container.clientWidth || 800, 640);
  const plot = width - TIMELINE_LABEL - 10;
  const x = (t) => TIMELINE_LABEL + ((t - from) / span) * plot;
  const height = jobs.length * TIMELINE_ROW + 24;
  const chart = svg('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': `Timeline of ${jobs.length} jobs from ${time(new Date(from).toISOString())} to ${time(new Date(now).toISOString())}` });
  jobs.forEach((job, row) => {
    const y = row * TIMELINE_ROW + 4;
    const id = job.name.split('/').pop();
    chart.append(svg('text', { x: 4, y: y + 12 }, (job.kind + ' ' + id).slice(0, 34)));
    job.history.forEach((change, i) => {
      const start = Date.parse(change.time);
      const next = job.history[i + 1];
      const end = next ? Date.parse(next.time) : (ENDED.has(change.state) ? start : now);
      const left = x(Math.max(start, from));
      const bar = svg('rect', { x: left, y, width: Math.max(x(end) - left, ENDED.has(change.state) ? 3 : 1), height: TIMELINE_ROW - 5, fill: `var(--${change.state})`, 'data-state': change.state });
      bar.append(svg('title', {}, `${job.name}: ${change.state} from ${time(change.time)}${next ? ' to ' + time(next.time) : ''}`));
      chart.append(bar);
    });
  });
  const axis = jobs.length * TIMELINE_ROW + 8;
  chart.append(svg('line', { x1: TIMELINE_LABEL, x2: width - 10, y1: axis, y2: axis, class: 'axis' }));
  chart.append(svg('text', { x: TIMELINE_LABEL, y: axis + 13 }, time(new Date(from).toISOString())));
  chart.append(svg('text', { x: width - 10, y: axis + 13, 'text-anchor': 'end' }, 'now ' + time(new Date(now).toISOString())));
  container.replaceChildren(chart);
}

function seconds(duration) {
  if (!duration) return '';
  const value = parseFloat(duration);
  if (isNaN(value)) return duration;
  return value < 1 ? (value * 1000).toFixed(1) + ' ms' : value.toFixed(3) + ' s';
}

function renderCalls() {
  const method = $('journal-method').value.trim().toLowerCase();
  const resource = $('journal-resource').value.trim().toLowerCase();
  const status = $('journal-status').value;
  const shown = view.calls.filter((c) => (!method || (c.method || '').toLowerCase().includes(method))
    && (!resource || (c.resource || '').toLowerCase().includes(resource))
    && (!status || (status === 'ok') === !c.statusCode)).reverse();
  replaceRows('calls', shown.map((c) => el('tr', { 'data-method': c.method, 'data-status': CODES[c.statusCode || 0] },
    el('td', { class: 'num' }, time(c.time)),
    el('td', {}, c.protocol),
    el('td', { class: 'name' }, c.method),
    el('td', { class: 'name' }, c.resource || ''),
    el('td', {}, CODES[c.statusCode || 0] || c.statusCode),
    el('td', { class: 'num' }, seconds(c.latency)),
    el('td', { class: 'num' }, seconds(c.timeout)),
    el('td', { class: 'num' }, seconds(c.gap)))));
}

function renderRules() {
  replaceRows('fault-rules', view.rules.map((rule) => el('tr', { 'data-name': rule.name },
    el('td', {}, rule.name),
    el('td', { class: 'name' }, rule.method),
    el('td', { class: 'name' }, rule.resourcePattern || ''),
    el('td', {}, rule.status ? (CODES[rule.status.code || 0] + (rule.status.message ? ': ' + rule.status.message : '')) : ''),
    el('td', { class: 'num' }, seconds(rule.delay)),
    el('td', { class: 'num' }, rule.count || 'every call'),
    el('td', { class: 'num' }, rule.firedCount || 0),
    el('td', { class: 'actions' }, el('button', { type: 'button', class: 'danger', 'data-key': 'remove ' + rule.name, 'aria-label': 'Remove ' + rule.name,
      onclick: () => act('Remove ' + rule.name, () => call('DELETE', '/emulator/v1/' + rule.name)) }, 'Remove')))));
}

// ---- actions ----

// Cancel and delete go to the Google APIs' own REST paths, as any client's would.
function restBase(kind, item) {
  return '/' + (kind === 'job' && item.version === 'v1beta1' ? 'v1beta1' : 'v1') + '/' + item.name.split('/').map(encodeURIComponent).join('/');
}

function cancel(kind, item) {
  act('Cancel ' + item.name, () => call('POST', restBase(kind, item) + ':cancel', {}));
}

function remove(kind, item) {
  if (!confirm('Delete ' + item.name + '?')) return;
  act('Delete ' + item.name, () => call('DELETE', restBase(kind, item)));
}

// "500ms", "10s", "5m", "1h" as a protobuf JSON duration.
function duration(text) {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(text.trim());
  if (!match) throw new Error(`'${text.slice(0, 40)}' is not a duration like 500ms, 10s, 5m or 1h`);
  const factor = { ms: 0.001, s: 1, m: 60, h: 3600 }[match[2]];
  return (parseFloat(match[1]) * factor).toFixed(3).replace(/\.?0+$/, '') + 's';
}

function wire() {
  for (const id of ['fault-code', 'start-code']) {
    $(id).replaceChildren(...CODES.map((name, code) => el('option', { value: code }, code + ' ' + name)));
  }
  $('fault-code').value = '14';

  $('login-form').addEventListener('submit', (event) => {
    event.preventDefault();
    token = $('token').value;
    sessionStorage.setItem(TOKEN_KEY, token);
    $('token').value = '';
    poll();
  });
  $('clock-pause').addEventListener('click', () => act('Pause the clock', () => call('POST', '/emulator/v1/clock:update', { mode: 'PAUSED' })));
  $('clock-resume').addEventListener('click', () => act('Resume the clock', () => call('POST', '/emulator/v1/clock:update', { mode: 'RUNNING' })));
  $('clock-next-event').addEventListener('click', () => act('Advance to the next transition', () => call('POST', '/emulator/v1/clock:advance', { toNextEvent: true })));
  $('advance-form').addEventListener('submit', (event) => {
    event.preventDefault();
    act('Advance the clock by ' + $('advance-by').value, () => call('POST', '/emulator/v1/clock:advance', { duration: duration($('advance-by').value) }));
  });
  $('reset-project').addEventListener('click', () => {
    const project = $('project').value;
    if (!confirm(project ? `Reset project ${project}: drop its jobs, operations and recorded calls?` : 'Reset everything: every job, operation, fault rule and recorded call?')) return;
    act(project ? 'Reset ' + project : 'Reset everything', async () => {
      await call('POST', '/emulator/v1:reset', { project });
      view.calls = [];
      view.callsToken = '';
    });
  });
  $('journal-clear').addEventListener('click', () => act('Clear the journal', async () => {
    await call('POST', '/emulator/v1/calls:clear', {});
    view.calls = [];
    view.callsToken = '';
  }));
  $('fault-form').addEventListener('submit', (event) => {
    event.preventDefault();
    act('Add a fault rule', () => {
      const rule = {
        method: $('fault-method').value.trim(),
        resourcePattern: $('fault-resource').value.trim(),
        count: parseInt($('fault-count').value || '0', 10),
      };
      const code = parseInt($('fault-code').value, 10);
      if (code) rule.status = { code, message: $('fault-message').value };
      if ($('fault-delay').value.trim()) rule.delay = duration($('fault-delay').value);
      return call('POST', '/emulator/v1/faultRules', rule);
    });
  });
  $('start-form').addEventListener('submit', (event) => {
    event.preventDefault();
    act('Start an operation', () => {
      const script = { duration: duration($('start-duration').value) };
      const code = parseInt($('start-code').value, 10);
      if (code) script.error = { code, message: 'scripted ' + CODES[code] };
      return call('POST', '/emulator/v1/operations:start', { parent: $('start-parent').value.trim(), operationId: $('start-id').value.trim(), script });
    });
  });
  $('details-close').addEventListener('click', () => { view.selected = null; render(); });
  for (const id of ['filter-state', 'filter-kind', 'journal-status']) $(id).addEventListener('change', render);
  for (const id of ['journal-method', 'journal-resource']) $(id).addEventListener('input', render);
  $('project').addEventListener('change', poll);
}

wire();
poll();
setInterval(poll, POLL_MS);

// The web page at /emulator/ in a real browser (Debian's chromium, driven by
// playwright-core), against a real server; jobs are made and read over gRPC
// with @grpc/grpc-js, so the page is checked against what a client sees.
// LRS_ADDRESS: a server without a token; LRS_AUTH_ADDRESS and LRS_AUTH_TOKEN:
// one with a token. Screenshots go to LRS_SCREENSHOTS (docs/screenshots).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const address = required('LRS_ADDRESS');
const authAddress = required('LRS_AUTH_ADDRESS');
const authToken = required('LRS_AUTH_TOKEN');
const here = dirname(fileURLToPath(import.meta.url));
const screenshots = process.env.LRS_SCREENSHOTS ?? resolve(here, '..', '..', 'docs', 'screenshots');
const base = `http://${address}/emulator/`;

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set; run tests/browser/run.sh`);
  return value;
}

const definition = protoLoader.loadSync(
  ['google/cloud/aiplatform/v1/pipeline_service.proto', 'longrunning/emulator/v1/emulator_control.proto'],
  { includeDirs: [resolve(here, '..', '..', 'protos')], longs: String, enums: String, defaults: true, oneofs: true });
const loaded = grpc.loadPackageDefinition(definition);
const pipelines = new loaded.google.cloud.aiplatform.v1.PipelineService(address, grpc.credentials.createInsecure());
const control = new loaded.longrunning.emulator.v1.EmulatorControl(address, grpc.credentials.createInsecure());

function unary(client, method, request) {
  return new Promise((resolvePromise, reject) => {
    client[method](request, { deadline: Date.now() + 10_000 }, (error, response) => (error ? reject(error) : resolvePromise(response)));
  });
}

function newProject() {
  return `web-${randomUUID().slice(0, 8)}`;
}

async function createPipelineJob(project, id, labels = {}) {
  return unary(pipelines, 'CreatePipelineJob', {
    parent: `projects/${project}/locations/us-central1`,
    pipelineJobId: id,
    pipelineJob: { displayName: id, labels },
  });
}

let browser;
let page;
const consoleErrors = [];

before(async () => {
  mkdirSync(screenshots, { recursive: true });
  browser = await chromium.launch({
    executablePath: process.env.LRS_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('console', (message) => { if (message.type() === 'error') consoleErrors.push(message.text()); });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  page.on('dialog', (dialog) => dialog.accept());
});

after(async () => {
  await unary(control, 'UpdateClock', { mode: 'RUNNING' }).catch(() => {});
  await browser?.close();
  pipelines.close();
  control.close();
});

// Shows only one project's work, as a user would pick it.
async function chooseProject(project) {
  await page.locator('#project option', { hasText: project }).waitFor({ state: 'attached', timeout: 5_000 });
  await page.selectOption('#project', project);
}

function jobRow(name) {
  return page.locator(`#jobs tbody tr[data-name="${name}"]`);
}

test('the page loads: clock, jobs, timeline, journal and fault rules, each section labelled', async () => {
  const response = await page.goto(base);
  assert.equal(response.status(), 200);
  assert.equal(await page.title(), 'LongRunningService emulator');
  await page.locator('#app').waitFor({ state: 'visible', timeout: 5_000 });
  assert.equal(await page.locator('#login').isVisible(), false, 'no prompt without a token configured');
  await page.locator('#clock-now').filter({ hasText: /\d{4}-\d\d-\d\d/ }).waitFor({ timeout: 5_000 });
  for (const heading of ['Clock', 'Jobs and operations', 'Timeline', 'Call journal', 'Fault rules', 'Start a scripted operation']) {
    assert.ok(await page.getByRole('heading', { name: heading, exact: true }).isVisible(), `section '${heading}' is shown`);
  }
  // Every form control has a label a screen reader can read.
  const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input, select')]
    .filter((control) => control.labels.length === 0 && !control.getAttribute('aria-label'))
    .map((control) => control.id));
  assert.deepEqual(unlabelled, []);
  assert.deepEqual(consoleErrors, []);
});

test('a pipeline job created over gRPC appears on the page within a second, with its kind, state and labels', async () => {
  const project = newProject();
  await page.goto(base);
  await page.locator('#app').waitFor({ state: 'visible' });
  const job = await createPipelineJob(project, 'shows-up', { team: 'web', 'emulator-duration': '1h' });
  const row = jobRow(job.name);
  await row.waitFor({ state: 'visible', timeout: 1_000 });
  await assertText(row, /PipelineJob/);
  await assertText(row, /team: web/);
  await chooseProject(project);
  await page.locator(`#jobs tbody tr[data-name="${job.name}"][data-state="RUNNING"]`).waitFor({ timeout: 5_000 });
  await page.getByRole('button', { name: `Details of ${job.name}` }).click();
  const details = page.locator('#details');
  await details.waitFor({ state: 'visible' });
  await assertText(details.locator('#details-history'), /QUEUED[\s\S]*PENDING[\s\S]*RUNNING/);
  await assertText(details.locator('#details-body'), /"taskDetails"/);
  await details.screenshot({ path: resolve(screenshots, 'details.png') });
  await page.locator('#timeline-section').screenshot({ path: resolve(screenshots, 'timeline.png') });
  assert.ok(await page.locator('#timeline svg rect[data-state="RUNNING"]').count() >= 1, 'the timeline has a RUNNING bar');
  await page.getByRole('button', { name: 'Close details' }).click();
});

test('cancel from the page (keyboard) moves the job through CANCELLING to CANCELLED, and GetPipelineJob agrees', async () => {
  const project = newProject();
  await page.goto(base);
  await page.locator('#app').waitFor({ state: 'visible' });
  const job = await createPipelineJob(project, 'to-cancel', { 'emulator-duration': '1h', 'emulator-cancel-delay': '1500ms' });
  await chooseProject(project);
  await page.locator(`#jobs tbody tr[data-name="${job.name}"][data-state="RUNNING"]`).waitFor({ timeout: 5_000 });
  const cancel = page.getByRole('button', { name: `Cancel ${job.name}` });
  await cancel.focus();
  await page.keyboard.press('Enter');
  await page.locator(`#jobs tbody tr[data-name="${job.name}"][data-state="CANCELLING"]`).waitFor({ timeout: 2_000 });
  await page.locator(`#jobs tbody tr[data-name="${job.name}"][data-state="CANCELLED"]`).waitFor({ timeout: 5_000 });
  const read = await unary(pipelines, 'GetPipelineJob', { name: job.name });
  assert.equal(read.state, 'PIPELINE_STATE_CANCELLED');
  assert.equal(read.error?.code, 1);
  await page.getByRole('button', { name: `Details of ${job.name}` }).click();
  await assertText(page.locator('#details-history'), /RUNNING[\s\S]*CANCELLING[\s\S]*CANCELLED/);
  await page.getByRole('button', { name: 'Close details' }).click();
});

test('advancing the paused clock from the page moves a queued job to RUNNING', async () => {
  const project = newProject();
  await page.goto(base);
  await page.locator('#app').waitFor({ state: 'visible' });
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await assertText(page.locator('#clock-mode'), /paused/);
  try {
    const job = await createPipelineJob(project, 'waits', { 'emulator-queued': '10s', 'emulator-pending': '5s', 'emulator-duration': '1h' });
    await chooseProject(project);
    await page.locator(`#jobs tbody tr[data-name="${job.name}"][data-state="QUEUED"]`).waitFor({ timeout: 2_000 });
    await page.fill('#advance-by', '12s');
    await page.getByRole('button', { name: 'Advance', exact: true }).click();
    await page.locator(`#jobs tbody tr[data-name="${job.name}"][data-state="PENDING"]`).waitFor({ timeout: 2_000 });
    await page.getByRole('button', { name: 'Advance to next transition' }).click();
    await page.locator(`#jobs tbody tr[data-name="${job.name}"][data-state="RUNNING"]`).waitFor({ timeout: 2_000 });
    const read = await unary(pipelines, 'GetPipelineJob', { name: job.name });
    assert.equal(read.state, 'PIPELINE_STATE_RUNNING');
    await page.locator('#clock-section').screenshot({ path: resolve(screenshots, 'clock.png') });
  } finally {
    await page.getByRole('button', { name: 'Resume' }).click();
    await assertText(page.locator('#clock-mode'), /running/);
  }
});

test('a fault rule added from the page fails the next matching gRPC call, and the journal lists that call', async () => {
  const project = newProject();
  await page.goto(base);
  await page.locator('#app').waitFor({ state: 'visible' });
  const job = await createPipelineJob(project, 'faulty', { 'emulator-duration': '1h' });
  await page.fill('#fault-method', 'google.cloud.aiplatform.v1.PipelineService/GetPipelineJob');
  await page.fill('#fault-resource', `projects/${project}/*`);
  await page.selectOption('#fault-code', '14');
  await page.fill('#fault-message', 'injected from the page');
  await page.fill('#fault-count', '1');
  await page.getByRole('button', { name: 'Add fault rule' }).click();
  const rule = page.locator('#fault-rules tbody tr', { hasText: `projects/${project}/*` });
  await rule.waitFor({ timeout: 2_000 });

  await assert.rejects(unary(pipelines, 'GetPipelineJob', { name: job.name }), (error) => {
    assert.equal(error.code, grpc.status.UNAVAILABLE);
    assert.match(error.details, /injected from the page/);
    return true;
  });
  await unary(pipelines, 'GetPipelineJob', { name: job.name }); // count 1: the next one passes

  await page.fill('#journal-resource', job.name);
  const failed = page.locator('#calls tbody tr[data-status="UNAVAILABLE"][data-method="google.cloud.aiplatform.v1.PipelineService/GetPipelineJob"]');
  await failed.waitFor({ timeout: 2_000 });
  await assertText(failed, /grpc/);
  await page.locator('#calls tbody tr[data-status="OK"][data-method="google.cloud.aiplatform.v1.PipelineService/GetPipelineJob"]').waitFor({ timeout: 2_000 });
  await page.selectOption('#journal-status', 'error');
  assert.equal(await page.locator('#calls tbody tr').count(), 1, 'the status filter keeps only the failed call');
  await assertText(rule.locator('td').nth(6), /^1$/); // fired once
  await page.locator('#journal').screenshot({ path: resolve(screenshots, 'journal.png') });
  await page.locator('#faults').screenshot({ path: resolve(screenshots, 'faults.png') });

  await page.getByRole('button', { name: /^Remove faultRules\// }).first().click();
  await page.locator('#fault-rules tbody tr', { hasText: `projects/${project}/*` }).waitFor({ state: 'detached', timeout: 2_000 });
  await page.selectOption('#journal-status', '');
  await page.fill('#journal-resource', '');
});

test('a scripted operation started from the page is listed, then cancelled and reset away with its project', async () => {
  const project = newProject();
  await page.goto(base);
  await page.locator('#app').waitFor({ state: 'visible' });
  await page.fill('#start-parent', `projects/${project}/locations/us-central1`);
  await page.fill('#start-id', 'scripted');
  await page.fill('#start-duration', '1h');
  await page.getByRole('button', { name: 'Start operation' }).click();
  const name = `projects/${project}/locations/us-central1/operations/scripted`;
  await page.locator(`#operations tbody tr[data-name="${name}"][data-state="RUNNING"]`).waitFor({ timeout: 2_000 });
  await page.getByRole('button', { name: `Cancel ${name}` }).click();
  await page.locator(`#operations tbody tr[data-name="${name}"][data-state="CANCELLED"]`).waitFor({ timeout: 2_000 });
  await chooseProject(project);
  await page.getByRole('button', { name: 'Reset project' }).click();
  await page.locator(`#operations tbody tr[data-name="${name}"]`).waitFor({ state: 'detached', timeout: 2_000 });
});

test('on a narrow window the page keeps every section reachable without sideways scrolling of the page', async () => {
  // First the whole page at 1280 px, with what the tests above left.
  await page.goto(base);
  await page.locator('#app').waitFor({ state: 'visible' });
  await page.locator('#jobs tbody tr').first().waitFor();
  await page.screenshot({ path: resolve(screenshots, 'overview.png'), fullPage: true });
  const narrow = await browser.newPage({ viewport: { width: 390, height: 844 } });
  try {
    await narrow.goto(base);
    await narrow.locator('#app').waitFor({ state: 'visible' });
    const overflow = await narrow.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than the window`);
    await narrow.screenshot({ path: resolve(screenshots, 'narrow.png') });
  } finally {
    await narrow.close();
  }
});

test('with a token configured the page shows only the prompt until it is given the token', async () => {
  const guarded = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  try {
    await guarded.goto(`http://${authAddress}/emulator/`);
    await guarded.locator('#login').waitFor({ state: 'visible', timeout: 5_000 });
    assert.equal(await guarded.locator('#app').isVisible(), false);
    assert.equal(await guarded.locator('#clock-now').textContent(), '–', 'nothing was read without the token');
    await guarded.screenshot({ path: resolve(screenshots, 'token-prompt.png') });

    await guarded.fill('#token', 'not-the-token');
    await guarded.getByRole('button', { name: 'Connect' }).click();
    await assertText(guarded.locator('#login-error'), /refused/);
    assert.equal(await guarded.locator('#app').isVisible(), false);

    await guarded.getByRole('textbox', { name: 'Token' }).fill(authToken);
    await guarded.keyboard.press('Enter');
    await guarded.locator('#app').waitFor({ state: 'visible', timeout: 5_000 });
    assert.equal(await guarded.locator('#login').isVisible(), false);
    await guarded.locator('#clock-now').filter({ hasText: /\d{4}-\d\d-\d\d/ }).waitFor({ timeout: 5_000 });
  } finally {
    await guarded.close();
  }
});

// Waits for a locator's text to match; fails with the last text seen.
async function assertText(locator, pattern, timeout = 3_000) {
  const limit = Date.now() + timeout;
  let text = '';
  for (;;) {
    text = (await locator.textContent().catch(() => '')) ?? '';
    if (pattern.test(text)) return;
    if (Date.now() > limit) assert.fail(`expected ${pattern} in '${text.slice(0, 300)}'`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

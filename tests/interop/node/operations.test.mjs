// Interop tests: Node @grpc/grpc-js against LongRunningService.
//
// The client is built at run time by @grpc/proto-loader from the repository's
// own protos (protos/). The server address comes from LRS_ADDRESS (host:port).
// Run: LRS_ADDRESS=127.0.0.1:7470 node --test operations.test.mjs

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');
const protobuf = require('protobufjs');

const here = dirname(fileURLToPath(import.meta.url));
const protosDir = resolve(here, '..', '..', '..', 'protos');

const TYPE_PREFIX = 'type.googleapis.com/';
const EMPTY_TYPE_URL = `${TYPE_PREFIX}google.protobuf.Empty`;
const DURATION_TYPE_URL = `${TYPE_PREFIX}google.protobuf.Duration`;
const CANCELLED_MESSAGE = 'Operation was cancelled.';
const SETTLE_LIMIT_MS = 15_000;

const address = process.env.LRS_ADDRESS;
if (!address) {
  throw new Error('LRS_ADDRESS is not set (expected host:port of the server)');
}

const packageDefinition = protoLoader.loadSync(
  ['google/longrunning/operations.proto', 'longrunning/emulator/v1/operations_emulator.proto'],
  { includeDirs: [protosDir], keepCase: false, longs: String, enums: String, defaults: true, oneofs: true },
);
const loaded = grpc.loadPackageDefinition(packageDefinition);

// protobufjs decodes google.rpc.Status out of grpc-status-details-bin and
// encodes Duration values packed into Any; it knows google/protobuf/* itself.
const codecRoot = new protobuf.Root();
codecRoot.resolvePath = (_origin, target) => resolve(protosDir, target);
codecRoot.loadSync(['google/rpc/status.proto', 'google/protobuf/duration.proto']);
const Status = codecRoot.lookupType('google.rpc.Status');
const Duration = codecRoot.lookupType('google.protobuf.Duration');

let ops;
let emulator;

before(async () => {
  const credentials = grpc.credentials.createInsecure();
  ops = new loaded.google.longrunning.Operations(address, credentials);
  emulator = new loaded.longrunning.emulator.v1.OperationsEmulator(address, credentials, {
    channelOverride: ops.getChannel(),
  });
  await new Promise((ok, fail) =>
    ops.waitForReady(Date.now() + 10_000, (err) => (err ? fail(err) : ok())),
  );
});

after(() => {
  emulator?.close();
  ops?.close();
});

// ---- helpers ---------------------------------------------------------

function newParent() {
  return `projects/node-${randomUUID().slice(0, 12)}/locations/l`;
}

function duration(seconds) {
  const whole = Math.trunc(seconds);
  return { seconds: String(whole), nanos: Math.round((seconds - whole) * 1e9) };
}

function packDuration(seconds, nanos = 0) {
  // Any fields keep their proto names (type_url) under proto-loader.
  return { type_url: DURATION_TYPE_URL, value: Buffer.from(Duration.encode({ seconds, nanos }).finish()) };
}

function unary(client, method, request, { metadata = new grpc.Metadata(), deadlineMs = 10_000 } = {}) {
  return new Promise((ok, fail) => {
    client[method](request, metadata, { deadline: Date.now() + deadlineMs }, (err, response) =>
      err ? fail(err) : ok(response),
    );
  });
}

async function rejectsWith(promise, code) {
  try {
    const value = await promise;
    assert.fail(`expected gRPC status ${code}, got a response: ${JSON.stringify(value)}`);
  } catch (err) {
    if (err instanceof assert.AssertionError) throw err;
    assert.equal(err.code, code, `status ${err.code} (${err.details})`);
    return err;
  }
}

function start(parent, script = {}, operationId = '') {
  return unary(emulator, 'startOperation', { parent, operationId, script });
}

function get(name, options) {
  return unary(ops, 'getOperation', { name }, options);
}

async function waitUntilDone(name, limitMs = SETTLE_LIMIT_MS) {
  const limit = Date.now() + limitMs;
  for (;;) {
    const remaining = limit - Date.now();
    if (remaining <= 0) assert.fail(`operation ${name} was not done within ${limitMs} ms`);
    const slice = Math.min(remaining, 5_000);
    const op = await unary(ops, 'waitOperation', { name, timeout: duration(slice / 1000) }, { deadlineMs: slice + 5_000 });
    if (op.done) return op;
  }
}

const notFound = (name) => `Operation '${name}' was not found.`;

// ---- StartOperation / GetOperation ------------------------------------

test('empty script is done at once with google.protobuf.Empty', async () => {
  const parent = newParent();
  const op = await start(parent, {}, 'first');
  assert.equal(op.name, `${parent}/operations/first`);
  assert.equal(op.done, true);
  assert.equal(op.result, 'response');
  assert.equal(op.response.type_url, EMPTY_TYPE_URL);
  assert.equal(op.response.value.length, 0);
});

test('empty parent gives a top-level operations/{id} name', async () => {
  const id = `node-top-${randomUUID().slice(0, 12)}`;
  const op = await start('', {}, id);
  assert.equal(op.name, `operations/${id}`);
  assert.equal((await get(op.name)).name, `operations/${id}`);
});

test('scripted response arrives after the duration', async () => {
  const op = await start(newParent(), { duration: duration(0.3), response: packDuration(7, 5) });
  assert.equal(op.done, false);
  const done = await waitUntilDone(op.name);
  assert.equal(done.result, 'response');
  assert.equal(done.response.type_url, DURATION_TYPE_URL);
  const value = Duration.decode(done.response.value);
  assert.equal(Number(value.seconds), 7);
  assert.equal(value.nanos, 5);
});

test('scripted error arrives after the duration', async () => {
  const op = await start(newParent(), { duration: duration(0.2), error: { code: 9, message: 'scripted failure' } });
  const done = await waitUntilDone(op.name);
  assert.equal(done.result, 'error');
  assert.equal(done.error.code, 9);
  assert.equal(done.error.message, 'scripted failure');
});

test('GetOperation returns the latest state', async () => {
  const op = await start(newParent(), { duration: duration(0.4) });
  const running = await get(op.name);
  assert.equal(running.name, op.name);
  assert.equal(running.done, false);
  assert.equal(running.result, undefined);
  await waitUntilDone(op.name);
  const finished = await get(op.name);
  assert.equal(finished.done, true);
  assert.equal(finished.response.type_url, EMPTY_TYPE_URL);
});

test('unknown name is NOT_FOUND with a ResourceInfo detail', async () => {
  const name = `${newParent()}/operations/missing`;
  const err = await rejectsWith(get(name), grpc.status.NOT_FOUND);
  assert.equal(err.details, notFound(name));
  const raw = err.metadata.get('grpc-status-details-bin');
  assert.equal(raw.length, 1);
  const status = Status.decode(raw[0]);
  assert.equal(status.code, grpc.status.NOT_FOUND);
  assert.equal(status.message, notFound(name));
  const infos = status.details.filter((d) => d.type_url.endsWith('/google.rpc.ResourceInfo'));
  assert.equal(infos.length, 1);
  assert.ok(Buffer.from(infos[0].value).includes(Buffer.from(name)), 'ResourceInfo names the operation');
});

test('malformed name is INVALID_ARGUMENT', async () => {
  await rejectsWith(get('projects/p'), grpc.status.INVALID_ARGUMENT);
});

test('x-goog-request-params for another resource does not disturb GetOperation', async () => {
  const op = await start(newParent());
  const metadata = new grpc.Metadata();
  metadata.set('x-goog-request-params', 'name=projects/someone-else/locations/x/operations/other');
  const fetched = await get(op.name, { metadata });
  assert.equal(fetched.name, op.name);
  assert.equal(fetched.done, true);
});

// ---- CancelOperation ---------------------------------------------------

test('cancelling a running operation ends it CANCELLED and keeps it readable', async () => {
  const op = await start(newParent(), { duration: duration(60) });
  assert.equal(op.done, false);
  assert.deepEqual(await unary(ops, 'cancelOperation', { name: op.name }), {});
  const done = await waitUntilDone(op.name);
  assert.equal(done.result, 'error');
  assert.equal(done.error.code, grpc.status.CANCELLED);
  assert.equal(done.error.message, CANCELLED_MESSAGE);
  const again = await get(op.name);
  assert.equal(again.done, true);
  assert.equal(again.error.code, 1);
  assert.equal(again.error.message, CANCELLED_MESSAGE);
});

test('cancelling a finished operation keeps its response', async () => {
  const op = await start(newParent(), { response: packDuration(3) });
  assert.equal(op.done, true);
  await unary(ops, 'cancelOperation', { name: op.name });
  const after = await get(op.name);
  assert.equal(after.result, 'response');
  assert.equal(after.response.type_url, DURATION_TYPE_URL);
});

test('ignore_cancellation runs to its scripted response', async () => {
  const op = await start(newParent(), { duration: duration(0.5), ignoreCancellation: true, response: packDuration(11) });
  await unary(ops, 'cancelOperation', { name: op.name });
  const done = await waitUntilDone(op.name);
  assert.equal(done.result, 'response');
  assert.equal(done.response.type_url, DURATION_TYPE_URL);
  assert.equal(Number(Duration.decode(done.response.value).seconds), 11);
});

// ---- DeleteOperation ---------------------------------------------------

test('deleted operation is NOT_FOUND afterwards', async () => {
  const op = await start(newParent());
  assert.deepEqual(await unary(ops, 'deleteOperation', { name: op.name }), {});
  const err = await rejectsWith(get(op.name), grpc.status.NOT_FOUND);
  assert.equal(err.details, notFound(op.name));
});

// ---- WaitOperation -----------------------------------------------------

test('WaitOperation returns as soon as the operation is done', async () => {
  const op = await start(newParent(), { duration: duration(0.3) });
  const t0 = Date.now();
  const done = await unary(ops, 'waitOperation', { name: op.name, timeout: duration(20) }, { deadlineMs: 30_000 });
  assert.equal(done.done, true);
  assert.equal(done.response.type_url, EMPTY_TYPE_URL);
  assert.ok(Date.now() - t0 < 10_000, `took ${Date.now() - t0} ms`);
});

test('WaitOperation timeout returns the operation not done', async () => {
  const op = await start(newParent(), { duration: duration(60) });
  const t0 = Date.now();
  const waited = await unary(ops, 'waitOperation', { name: op.name, timeout: duration(0.3) });
  const elapsed = Date.now() - t0;
  assert.equal(waited.name, op.name);
  assert.equal(waited.done, false);
  assert.ok(elapsed >= 250 && elapsed < 5_000, `took ${elapsed} ms`);
});

test('call deadline shorter than the wait returns the latest state before the deadline', async () => {
  const op = await start(newParent(), { duration: duration(60) });
  const outcomes = [];
  for (let i = 0; i < 5; i++) {
    const outcome = await new Promise((ok) => {
      ops.waitOperation({ name: op.name, timeout: duration(5) }, { deadline: Date.now() + 1_000 }, (err, res) =>
        ok(err ? grpc.status[err.code] : `OK (done=${res.done})`),
      );
    });
    outcomes.push(outcome);
  }
  assert.deepEqual(outcomes, Array(5).fill('OK (done=false)'));
});

test('client-cancelled WaitOperation is CANCELLED and the server keeps serving', async () => {
  const op = await start(newParent(), { duration: duration(60) });
  let call;
  const outcome = new Promise((ok) => {
    call = ops.waitOperation({ name: op.name, timeout: duration(10) }, { deadline: Date.now() + 20_000 }, (err, res) =>
      ok({ err, res }),
    );
  });
  // Let the call reach the wire first: grpc-js drops a cancel issued before its
  // stream exists without resetting the stream it then opens anyway.
  await new Promise((ok) => setTimeout(ok, 100));
  call.cancel();
  const { err, res } = await outcome;
  assert.equal(res, undefined);
  assert.equal(err.code, grpc.status.CANCELLED);
  const still = await get(op.name);
  assert.equal(still.done, false);
  const quick = await start(newParent());
  assert.equal((await get(quick.name)).done, true);
});

// ---- ListOperations ----------------------------------------------------

test('ListOperations pages in creation order', async () => {
  const parent = newParent();
  const names = [];
  for (let i = 0; i < 5; i++) names.push((await start(parent, {}, `op-${i}`)).name);
  const seen = [];
  const sizes = [];
  let pageToken = '';
  for (let i = 0; i < 10; i++) {
    const page = await unary(ops, 'listOperations', { name: parent, pageSize: 2, pageToken });
    sizes.push(page.operations.length);
    seen.push(...page.operations.map((o) => o.name));
    pageToken = page.nextPageToken;
    if (!pageToken) break;
  }
  assert.deepEqual(sizes, [2, 2, 1]);
  assert.deepEqual(seen, names);
});

test('ListOperations filters on done', async () => {
  const parent = newParent();
  const finished = [(await start(parent, {}, 'fin-0')).name, (await start(parent, {}, 'fin-1')).name];
  const running = (await start(parent, { duration: duration(60) }, 'run')).name;
  const list = async (filter) =>
    (await unary(ops, 'listOperations', { name: parent, filter })).operations.map((o) => o.name);
  assert.deepEqual(await list('done=true'), finished);
  assert.deepEqual(await list('done=false'), [running]);
  assert.deepEqual(await list(''), [...finished, running]);
});

test('tampered page_token is INVALID_ARGUMENT', async () => {
  const parent = newParent();
  for (let i = 0; i < 3; i++) await start(parent, {}, `t-${i}`);
  const first = await unary(ops, 'listOperations', { name: parent, pageSize: 1 });
  assert.notEqual(first.nextPageToken, '');
  const token = first.nextPageToken;
  const tampered = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
  await rejectsWith(unary(ops, 'listOperations', { name: parent, pageSize: 1, pageToken: tampered }), grpc.status.INVALID_ARGUMENT);
});

// ---- Unknown methods ---------------------------------------------------

function rawCall(path) {
  return new Promise((ok, fail) => {
    ops.makeUnaryRequest(path, (b) => b, (b) => b, Buffer.alloc(0), new grpc.Metadata(),
      { deadline: Date.now() + 10_000 }, (err, res) => (err ? fail(err) : ok(res)));
  });
}

test('unknown method is UNIMPLEMENTED', async () => {
  await rejectsWith(rawCall('/google.longrunning.Operations/NoSuchMethod'), grpc.status.UNIMPLEMENTED);
});

test('unknown service is UNIMPLEMENTED', async () => {
  await rejectsWith(rawCall('/no.such.v1.Service/GetThing'), grpc.status.UNIMPLEMENTED);
});

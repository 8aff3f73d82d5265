// Interop tests: Google's official Node client @google-cloud/aiplatform in
// REST mode (google-gax's HTTP/1.1 fallback: JSON at Google's documented
// paths, `$alt=json;enum-encoding=int`, numeric enums, int64 as strings)
// against LongRunningService's REST transcoding.
//
// The client builds every URL and body from its own bundled protos and
// http rules, so these tests check the paths and JSON the published client
// sends and expects, not the repository's copy of them.
// The server address comes from LRS_ADDRESS (host:port).
// Run: LRS_ADDRESS=127.0.0.1:7470 node --test rest.test.mjs

import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import aiplatform from '@google-cloud/aiplatform';
import { ACTIVE, JOB, PIPELINE, millis, pollUntil, rejectsWith } from './vertex_support.mjs';
import { createBackoffSettings } from 'google-gax';
import { passThroughAuth } from './rest_support.mjs';

const address = process.env.LRS_ADDRESS;
if (!address) {
  throw new Error('LRS_ADDRESS is not set (expected host:port of the server)');
}
const separator = address.lastIndexOf(':');

// Every request the clients made, so tests can check the paths they used.
const requestLog = [];

const clientOptions = {
  fallback: true,
  protocol: 'http',
  apiEndpoint: address.slice(0, separator),
  port: Number(address.slice(separator + 1)),
  auth: passThroughAuth(requestLog),
  universeDomain: 'googleapis.com',
};

const call = (extra = {}) => ({ retry: null, timeout: 15_000, ...extra });
const lroCall = () => call({ longrunning: createBackoffSettings(100, 2, 1_000, null, null, null, 15_000) });

// google.rpc.Code values, as the REST client reports them in err.code.
const Code = Object.freeze({ CANCELLED: 1, INVALID_ARGUMENT: 3, NOT_FOUND: 5, FAILED_PRECONDITION: 9 });

const pipelinesV1 = new aiplatform.v1.PipelineServiceClient(clientOptions);
const pipelinesV1beta1 = new aiplatform.v1beta1.PipelineServiceClient(clientOptions);
const jobsV1 = new aiplatform.v1.JobServiceClient(clientOptions);
const jobsV1beta1 = new aiplatform.v1beta1.JobServiceClient(clientOptions);

after(async () => {
  await Promise.all([pipelinesV1, pipelinesV1beta1, jobsV1, jobsV1beta1].map((c) => c.close()));
});

// ---- helpers ---------------------------------------------------------

function newParent() {
  return `projects/rest-${randomUUID().slice(0, 8)}/locations/us-central1`;
}

function pipelineKind(client) {
  return {
    S: PIPELINE,
    collection: 'pipelineJobs',
    create: async (parent, body, pipelineJobId) =>
      (await client.createPipelineJob({ parent, pipelineJob: body, ...(pipelineJobId ? { pipelineJobId } : {}) }, call()))[0],
    get: async (name) => (await client.getPipelineJob({ name }, call()))[0],
    cancel: async (name) => (await client.cancelPipelineJob({ name }, call()))[0],
  };
}

function nasKind(client) {
  const nasJobSpec = {
    searchSpaceSpec: '{"search_space": "rest"}',
    multiTrialAlgorithmSpec: {
      multiTrialAlgorithm: 'REINFORCEMENT_LEARNING',
      metric: { metricId: 'accuracy', goal: 'MAXIMIZE' },
      searchTrialSpec: {
        searchTrialJobSpec: {
          workerPoolSpecs: [
            { machineSpec: { machineType: 'n1-standard-4' }, replicaCount: 1, containerSpec: { imageUri: 'rest/nas:1' } },
          ],
        },
        maxTrialCount: 4,
        maxParallelTrialCount: 2,
      },
    },
  };
  return {
    S: JOB,
    collection: 'nasJobs',
    create: async (parent, body) => (await client.createNasJob({ parent, nasJob: { nasJobSpec, ...body } }, call()))[0],
    get: async (name) => (await client.getNasJob({ name }, call()))[0],
    cancel: async (name) => (await client.cancelNasJob({ name }, call()))[0],
  };
}

const waitForState = (kind, name, state) => pollUntil(() => kind.get(name), (r) => r.state === state, `${name} in ${state}`);

// Create a long-running job, read it, cancel it (POST :cancel answers {}),
// and poll until CANCELLED with error.code 1.
async function cancelRunningJob(kind, pipelineJobId) {
  const { S } = kind;
  const parent = newParent();
  const labels = { team: 'rest', 'emulator-duration': '1h' };
  const before = Date.now();
  const created = await kind.create(parent, { displayName: 'rest cancel', labels }, pipelineJobId);

  const expectedName = pipelineJobId ? `${parent}/${kind.collection}/${pipelineJobId}` : null;
  if (expectedName) assert.equal(created.name, expectedName);
  else assert.ok(created.name.startsWith(`${parent}/${kind.collection}/`), created.name);
  assert.equal(created.displayName, 'rest cancel');
  assert.deepEqual(created.labels, labels);
  // Numeric enums on the wire (enum-encoding=int) decode back to their names.
  assert.ok(ACTIVE(S).includes(created.state), `state after create: ${created.state}`);
  assert.ok(millis(created.createTime) >= before - 5_000, 'createTime is recent');

  const fetched = await kind.get(created.name);
  assert.equal(fetched.name, created.name);

  assert.deepEqual(await kind.cancel(created.name), {});
  const right = await kind.get(created.name);
  assert.ok([S.CANCELLING, S.CANCELLED].includes(right.state), `state right after cancel: ${right.state}`);

  const { resource: cancelled } = await waitForState(kind, created.name, S.CANCELLED);
  assert.equal(cancelled.error?.code, Code.CANCELLED);
  assert.ok(millis(cancelled.endTime) >= millis(cancelled.createTime), 'endTime is set, not before createTime');
  return created.name;
}

function requestsTo(fragment) {
  return requestLog.filter((r) => r.url.includes(fragment));
}

// ---- tests -------------------------------------------------------------

test('v1 PipelineService over REST: create with an id, get, cancel -> CANCELLED with error.code 1', async () => {
  const id = `rest-${randomUUID().slice(0, 8)}`;
  const name = await cancelRunningJob(pipelineKind(pipelinesV1), id);

  const create = requestsTo(`/pipelineJobs?`).find((r) => r.method === 'POST' && r.url.includes(`pipelineJobId=${id}`));
  assert.ok(create, `create posted to .../pipelineJobs?pipelineJobId=: ${JSON.stringify(requestLog.slice(-6))}`);
  assert.match(create.url, /^http:\/\/[^/]+\/v1\/projects\/[^/]+\/locations\/us-central1\/pipelineJobs\?/);
  assert.equal(new URL(create.url).searchParams.get('$alt'), 'json;enum-encoding=int', create.url);
  assert.ok(requestsTo(`/v1/${name}:cancel`).some((r) => r.method === 'POST'), 'cancel posted to :cancel');
});

test('v1beta1 PipelineService over REST: cancel a running pipeline job -> CANCELLED', async () => {
  const name = await cancelRunningJob(pipelineKind(pipelinesV1beta1));
  assert.ok(requestsTo(`/v1beta1/${name}`).length >= 3, 'calls went to /v1beta1/ paths');
});

test('v1 JobService over REST: cancel a running NAS job -> JOB_STATE_CANCELLED', async () => {
  await cancelRunningJob(nasKind(jobsV1));
});

test('v1beta1 JobService over REST: cancel a running NAS job -> JOB_STATE_CANCELLED', async () => {
  await cancelRunningJob(nasKind(jobsV1beta1));
});

test('listPipelineJobs over REST: a label filter returns exactly the matching jobs; pages with pageSize', async () => {
  const kind = pipelineKind(pipelinesV1);
  const parent = newParent();
  const make = async (displayName, team) =>
    (await kind.create(parent, { displayName, labels: { team, 'emulator-duration': '0ms' } })).name;
  const a1 = await make('a-1', 'a');
  const a2 = await make('a-2', 'a');
  const b1 = await make('b-1', 'b');

  const list = async (request) => (await pipelinesV1.listPipelineJobs({ parent, ...request }, call()))[0].map((j) => j.name).sort();
  assert.deepEqual(await list({ filter: 'labels.team="a"' }), [a1, a2].sort());
  assert.deepEqual(await list({ filter: 'display_name="b-1"' }), [b1]);
  assert.deepEqual(await list({}), [a1, a2, b1].sort());

  const [firstPage, next] = await pipelinesV1.listPipelineJobs({ parent, pageSize: 2 }, call({ autoPaginate: false }));
  assert.equal(firstPage.length, 2);
  assert.ok(next?.pageToken, 'a next page token is returned');
  const [secondPage] = await pipelinesV1.listPipelineJobs({ parent, pageSize: 2, pageToken: next.pageToken }, call({ autoPaginate: false }));
  assert.deepEqual([...firstPage, ...secondPage].map((j) => j.name).sort(), [a1, a2, b1].sort());

  await rejectsWith(pipelinesV1.listPipelineJobs({ parent, filter: 'no_such_field="x"' }, call()), Code.INVALID_ARGUMENT);
});

test('deletePipelineJob over REST: the LRO helper polls the operation at Google\'s path until done', async () => {
  const kind = pipelineKind(pipelinesV1);
  const job = await kind.create(newParent(), { displayName: 'to delete', labels: { 'emulator-duration': '0ms' } });
  await waitForState(kind, job.name, PIPELINE.SUCCEEDED);

  const [operation] = await pipelinesV1.deletePipelineJob({ name: job.name }, lroCall());
  assert.match(operation.name, /^projects\/[^/]+\/locations\/[^/]+\/operations\/\d+$/);
  await operation.promise();
  assert.equal(operation.done, true);
  assert.equal(operation.latestResponse.done, true);

  await rejectsWith(kind.get(job.name), Code.NOT_FOUND);

  const [polled] = await pipelinesV1.getOperation({ name: operation.name }, call());
  assert.equal(polled.name, operation.name);
  assert.equal(polled.done, true);
  // gax's REST operations client uses the first (/ui/) binding of GetOperation.
  assert.ok(requestsTo(`/ui/${operation.name}`).some((r) => r.method === 'GET'), 'operation read at /ui/{name}');
});

test('getPipelineJob of an unknown name rejects with NOT_FOUND and the server\'s message', async () => {
  const name = `${newParent()}/pipelineJobs/no-such-job`;
  const err = await rejectsWith(pipelinesV1.getPipelineJob({ name }, call()), Code.NOT_FOUND);
  assert.ok(err.message.includes(`PipelineJob '${name}' was not found.`), err.message);
});

test('a finished job cannot be cancelled: FAILED_PRECONDITION naming its state', async () => {
  const kind = pipelineKind(pipelinesV1);
  const job = await kind.create(newParent(), { displayName: 'quick', labels: { 'emulator-duration': '0ms' } });
  await waitForState(kind, job.name, PIPELINE.SUCCEEDED);
  const err = await rejectsWith(kind.cancel(job.name), Code.FAILED_PRECONDITION);
  assert.ok(err.message.includes(PIPELINE.SUCCEEDED), err.message);
});

test('OperationsClient over REST: getOperation, listOperations, cancelOperation of an unknown operation', async () => {
  // google-gax's own OperationsClient, set up by the Vertex client with Vertex's http rules.
  const operations = pipelinesV1.operationsClient;
  const kind = pipelineKind(pipelinesV1);
  const parent = newParent();
  const job = await kind.create(parent, { displayName: 'op source', labels: { 'emulator-duration': '0ms' } });
  await waitForState(kind, job.name, PIPELINE.SUCCEEDED);
  const [deletion] = await pipelinesV1.deletePipelineJob({ name: job.name }, lroCall());
  await deletion.promise();

  const [operation] = await operations.getOperation({ name: deletion.name }, call());
  assert.equal(operation.name, deletion.name);
  assert.equal(operation.done, true);

  const [listed] = await operations.listOperations({ name: parent, filter: '' }, call({ autoPaginate: false }));
  assert.ok(listed.some((o) => o.name === deletion.name), `listed: ${listed.map((o) => o.name).join(', ')}`);

  await rejectsWith(operations.cancelOperation({ name: `${parent}/operations/123456789` }, call()), Code.NOT_FOUND);
});

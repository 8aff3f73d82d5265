// Interop tests: Google's official Node client @google-cloud/aiplatform
// (google-gax over @grpc/grpc-js) against LongRunningService's Vertex AI
// PipelineService / JobService emulation.
//
// The clients use their own bundled protos (not the repository's), so these
// tests check that the server speaks what the published client expects.
// The server address comes from LRS_ADDRESS (host:port).
// Run: LRS_ADDRESS=127.0.0.1:7470 node --test vertex.test.mjs

import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import aiplatform from '@google-cloud/aiplatform';
import { ACTIVE, JOB, PIPELINE, millis, pollUntil, rejectsWith } from './vertex_support.mjs';
// The credentials must come from the grpc-js instance google-gax uses.
import { createBackoffSettings, grpc } from 'google-gax';

const address = process.env.LRS_ADDRESS;
if (!address) {
  throw new Error('LRS_ADDRESS is not set (expected host:port of the server)');
}
const separator = address.lastIndexOf(':');
const clientOptions = {
  apiEndpoint: address.slice(0, separator),
  port: Number(address.slice(separator + 1)),
  sslCreds: grpc.credentials.createInsecure(),
  // Set explicitly so google-auth-library does not look for Application
  // Default Credentials (or probe the GCE metadata server) to learn it.
  universeDomain: 'googleapis.com',
};

// Call options, fresh per call (the client adds to the object it is given):
// no client-side retries, or failing calls would retry for minutes.
const call = (extra = {}) => ({ retry: null, timeout: 15_000, ...extra });
// Plus LRO polling for operation.promise(): 100 ms doubling to 1 s, at most 15 s.
const lroCall = () => call({ longrunning: createBackoffSettings(100, 2, 1_000, null, null, null, 15_000) });

const Code = grpc.status;

const pipelinesV1 = new aiplatform.v1.PipelineServiceClient(clientOptions);
const pipelinesV1beta1 = new aiplatform.v1beta1.PipelineServiceClient(clientOptions);
const jobsV1 = new aiplatform.v1.JobServiceClient(clientOptions);
const jobsV1beta1 = new aiplatform.v1beta1.JobServiceClient(clientOptions);

after(async () => {
  await Promise.all([pipelinesV1, pipelinesV1beta1, jobsV1, jobsV1beta1].map((c) => c.close()));
});

// ---- helpers ---------------------------------------------------------

function newParent() {
  return `projects/it-${randomUUID().slice(0, 8)}/locations/us-central1`;
}

function newId(prefix) {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

function escapeRegExp(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// Adapters so the same checks run over pipeline jobs and NAS jobs, v1 and v1beta1.
function pipelineKind(client) {
  return {
    S: PIPELINE,
    collection: 'pipelineJobs',
    typeName: 'PipelineJob',
    create: async (parent, body, pipelineJobId) =>
      (await client.createPipelineJob({ parent, pipelineJob: body, ...(pipelineJobId ? { pipelineJobId } : {}) }, call()))[0],
    get: async (name) => (await client.getPipelineJob({ name }, call()))[0],
    cancel: async (name) => (await client.cancelPipelineJob({ name }, call()))[0],
  };
}

function nasJobSpec() {
  return {
    searchSpaceSpec: '{"search_space": "interop"}',
    multiTrialAlgorithmSpec: {
      multiTrialAlgorithm: 'REINFORCEMENT_LEARNING',
      metric: { metricId: 'accuracy', goal: 'MAXIMIZE' },
      searchTrialSpec: {
        searchTrialJobSpec: {
          workerPoolSpecs: [
            {
              machineSpec: { machineType: 'n1-standard-4' },
              replicaCount: 1,
              containerSpec: { imageUri: 'interop/nas-trainer:1', args: ['--trial'] },
            },
          ],
        },
        maxTrialCount: 4,
        maxParallelTrialCount: 2,
      },
    },
  };
}

function nasKind(client) {
  return {
    S: JOB,
    collection: 'nasJobs',
    typeName: 'NasJob',
    create: async (parent, body) =>
      (await client.createNasJob({ parent, nasJob: { nasJobSpec: nasJobSpec(), ...body } }, call()))[0],
    get: async (name) => (await client.getNasJob({ name }, call()))[0],
    cancel: async (name) => (await client.cancelNasJob({ name }, call()))[0],
  };
}

function waitForState(kind, name, state) {
  return pollUntil(() => kind.get(name), (r) => r.state === state, `${kind.typeName} ${name} in ${state}`);
}

function waitForEnd(kind, name) {
  const { S } = kind;
  const terminal = [S.SUCCEEDED, S.FAILED, S.CANCELLED];
  return pollUntil(() => kind.get(name), (r) => terminal.includes(r.state), `${kind.typeName} ${name} ending`);
}

// Create a long-running job, cancel it, see it CANCELLING/CANCELLED with
// error.code 1, and still readable afterwards.
async function cancelRunningJob(kind, { pipelineJobId } = {}) {
  const { S } = kind;
  const parent = newParent();
  const labels = { team: 'interop', 'emulator-duration': '1h' };
  const before = Date.now();
  const created = await kind.create(parent, { displayName: 'interop cancel', labels }, pipelineJobId);

  const nameRe = pipelineJobId
    ? new RegExp(`^${escapeRegExp(parent)}/${kind.collection}/${escapeRegExp(pipelineJobId)}$`)
    : kind.collection === 'pipelineJobs'
      ? new RegExp(`^${escapeRegExp(parent)}/${kind.collection}/[^/]+$`)
      : new RegExp(`^${escapeRegExp(parent)}/${kind.collection}/\\d+$`);
  assert.match(created.name, nameRe);
  assert.equal(created.displayName, 'interop cancel');
  assert.deepEqual(created.labels, labels);
  assert.ok(ACTIVE(S).includes(created.state), `state after create: ${created.state}`);
  assert.ok(millis(created.createTime) >= before - 5_000, 'createTime is recent');
  assert.equal(created.endTime, null);
  assert.equal(created.error, null);

  const fetched = await kind.get(created.name);
  assert.equal(fetched.name, created.name);
  assert.ok(ACTIVE(S).includes(fetched.state), `state before cancel: ${fetched.state}`);

  assert.deepEqual(await kind.cancel(created.name), {});
  const right = await kind.get(created.name);
  assert.ok([S.CANCELLING, S.CANCELLED].includes(right.state), `state right after cancel: ${right.state}`);

  const { resource: cancelled, seen } = await waitForState(kind, created.name, S.CANCELLED);
  for (const state of seen) {
    assert.ok([S.CANCELLING, S.CANCELLED].includes(state), `states after cancel: ${seen.join(' -> ')}`);
  }
  assert.equal(cancelled.error?.code, Code.CANCELLED);
  assert.ok(millis(cancelled.endTime) >= millis(cancelled.createTime), 'endTime is set, not before createTime');

  const again = await kind.get(created.name);
  assert.equal(again.name, created.name);
  assert.equal(again.state, S.CANCELLED);
  assert.equal(again.error?.code, Code.CANCELLED);
  assert.deepEqual(again.labels, labels);
}

// ---- client setup ----------------------------------------------------

test('operations mixin: unknown operation is NOT_FOUND', async () => {
  const name = `${newParent()}/operations/123456789`;
  await rejectsWith(pipelinesV1.getOperation({ name }, call()), Code.NOT_FOUND);
  await rejectsWith(jobsV1beta1.getOperation({ name }, call()), Code.NOT_FOUND);
});

// ---- cancel ----------------------------------------------------------

test('v1 PipelineService: cancel a running pipeline job -> CANCELLED, error.code 1, still readable', async () => {
  await cancelRunningJob(pipelineKind(pipelinesV1), { pipelineJobId: newId('cancel') });
});

test('v1beta1 PipelineService: cancel a running pipeline job -> CANCELLED, error.code 1, still readable', async () => {
  await cancelRunningJob(pipelineKind(pipelinesV1beta1));
});

test('v1 JobService: cancel a running NAS job -> JOB_STATE_CANCELLED, error.code 1', async () => {
  await cancelRunningJob(nasKind(jobsV1));
});

test('v1beta1 JobService: cancel a running NAS job -> JOB_STATE_CANCELLED, error.code 1', async () => {
  await cancelRunningJob(nasKind(jobsV1beta1));
});

test('createNasJob without its REQUIRED nas_job_spec is INVALID_ARGUMENT', async () => {
  await rejectsWith(
    jobsV1.createNasJob({ parent: newParent(), nasJob: { displayName: 'no spec' } }, call()),
    Code.INVALID_ARGUMENT,
  );
});

test('a job that finished cannot be cancelled: FAILED_PRECONDITION naming its state', async () => {
  for (const kind of [pipelineKind(pipelinesV1), nasKind(jobsV1)]) {
    const { S } = kind;
    const job = await kind.create(newParent(), { displayName: 'quick', labels: { 'emulator-duration': '0ms' } });
    const { resource: done, seen } = await waitForEnd(kind, job.name);
    assert.equal(done.state, S.SUCCEEDED, `states: ${seen.join(' -> ')}`);
    assert.equal(done.error, null);
    assert.ok(millis(done.endTime) >= millis(done.createTime));

    const err = await rejectsWith(kind.cancel(job.name), Code.FAILED_PRECONDITION);
    assert.equal(
      err.details,
      `The ${kind.typeName} "${job.name}" is in state ${S.SUCCEEDED} and cannot be canceled.`,
    );
    assert.equal((await kind.get(job.name)).state, S.SUCCEEDED);
  }
});

test('emulator-outcome failed ends FAILED with the scripted error code', async () => {
  const kind = pipelineKind(pipelinesV1);
  const job = await kind.create(newParent(), {
    displayName: 'doomed',
    labels: { 'emulator-duration': '0ms', 'emulator-outcome': 'failed', 'emulator-error-code': 'resource_exhausted' },
  });
  const { resource: done, seen } = await waitForEnd(kind, job.name);
  assert.equal(done.state, PIPELINE.FAILED, `states: ${seen.join(' -> ')}`);
  assert.equal(done.error?.code, Code.RESOURCE_EXHAUSTED);
});

test('emulator-ignore-cancel: cancel leaves it CANCELLING, then it ends SUCCEEDED', async () => {
  const kind = pipelineKind(pipelinesV1);
  const job = await kind.create(newParent(), {
    displayName: 'stubborn',
    labels: { 'emulator-duration': '2s', 'emulator-ignore-cancel': 'true' },
  });
  await waitForState(kind, job.name, PIPELINE.RUNNING);
  assert.deepEqual(await kind.cancel(job.name), {});
  assert.equal((await kind.get(job.name)).state, PIPELINE.CANCELLING);

  const { resource: done, seen } = await waitForEnd(kind, job.name);
  assert.deepEqual(seen, [PIPELINE.CANCELLING, PIPELINE.SUCCEEDED]);
  assert.equal(done.error, null);
});

// ---- delete ----------------------------------------------------------

test('deletePipelineJob: LRO completes, then the job is NOT_FOUND; a running job cannot be deleted', async () => {
  const kind = pipelineKind(pipelinesV1);
  const parent = newParent();

  const finished = await kind.create(parent, { displayName: 'to delete', labels: { 'emulator-duration': '0ms' } });
  assert.equal((await waitForEnd(kind, finished.name)).resource.state, PIPELINE.SUCCEEDED);

  const [operation] = await pipelinesV1.deletePipelineJob({ name: finished.name }, lroCall());
  assert.match(operation.name, /^projects\/[^/]+\/locations\/[^/]+\/operations\/\d+$/);
  // gax decodes google.protobuf.Any with its proto field names.
  assert.equal(
    operation.latestResponse.metadata?.type_url,
    'type.googleapis.com/google.cloud.aiplatform.v1.DeleteOperationMetadata',
  );
  await operation.promise();
  assert.equal(operation.done, true);
  assert.equal(operation.latestResponse.done, true);
  assert.equal(operation.latestResponse.result, 'response');
  assert.equal(operation.latestResponse.response?.type_url, 'type.googleapis.com/google.protobuf.Empty');

  const [polled] = await pipelinesV1.getOperation({ name: operation.name }, call());
  assert.equal(polled.done, true);

  await rejectsWith(kind.get(finished.name), Code.NOT_FOUND);

  const running = await kind.create(parent, { displayName: 'busy', labels: { 'emulator-duration': '1h' } });
  await waitForState(kind, running.name, PIPELINE.RUNNING);
  const err = await rejectsWith(
    pipelinesV1.deletePipelineJob({ name: running.name }, lroCall()),
    Code.FAILED_PRECONDITION,
  );
  assert.ok(err.details.includes(PIPELINE.RUNNING), `message names the state: ${err.details}`);
  assert.equal((await kind.get(running.name)).state, PIPELINE.RUNNING);
  await kind.cancel(running.name);
});

// ---- list ------------------------------------------------------------

test('listPipelineJobs: label and state filters return exactly the matching jobs; unknown field is INVALID_ARGUMENT', async () => {
  const kind = pipelineKind(pipelinesV1);
  const parent = newParent();
  const make = async (displayName, team, duration) =>
    (await kind.create(parent, { displayName, labels: { team, 'emulator-duration': duration } })).name;

  const aDone = await make('a-done', 'a', '0ms');
  const aRunning = await make('a-running', 'a', '1h');
  const bDone = await make('b-done', 'b', '0ms');
  for (const name of [aDone, bDone]) {
    assert.equal((await waitForEnd(kind, name)).resource.state, PIPELINE.SUCCEEDED);
  }

  const list = async (filter) =>
    (await pipelinesV1.listPipelineJobs({ parent, filter }, call()))[0].map((j) => j.name).sort();

  assert.deepEqual(await list('labels.team="a"'), [aDone, aRunning].sort());
  assert.deepEqual(await list('labels.team="b"'), [bDone]);
  assert.deepEqual(await list('labels.team="a" AND state="PIPELINE_STATE_SUCCEEDED"'), [aDone]);
  assert.deepEqual(await list('display_name="b-done"'), [bDone]);
  assert.deepEqual(await list(''), [aDone, aRunning, bDone].sort());

  await rejectsWith(
    pipelinesV1.listPipelineJobs({ parent, filter: 'no_such_field="x"' }, call()),
    Code.INVALID_ARGUMENT,
  );
  await kind.cancel(aRunning);
});

test('listPipelineJobs pages with pageSize and page tokens', async () => {
  const kind = pipelineKind(pipelinesV1);
  const parent = newParent();
  const names = [];
  for (let i = 0; i < 5; i++) {
    names.push((await kind.create(parent, { displayName: `page-${i}`, labels: { 'emulator-duration': '0ms' } })).name);
  }

  const [firstPage, nextRequest] = await pipelinesV1.listPipelineJobs(
    { parent, pageSize: 2 },
    call({ autoPaginate: false }),
  );
  assert.equal(firstPage.length, 2);
  assert.ok(nextRequest?.pageToken, 'a next page token is returned');

  const seen = [];
  for await (const job of pipelinesV1.listPipelineJobsAsync({ parent, pageSize: 2 }, call({ autoPaginate: false }))) seen.push(job.name);
  assert.equal(seen.length, 5);
  assert.deepEqual([...seen].sort(), [...names].sort());
});

// ---- unemulated RPCs ---------------------------------------------------

test('unemulated JobService RPCs are UNIMPLEMENTED', async () => {
  const parent = newParent();
  await rejectsWith(
    jobsV1.createModelDeploymentMonitoringJob(
      { parent, modelDeploymentMonitoringJob: { displayName: 'monitor', endpoint: `${parent}/endpoints/1` } },
      call(),
    ),
    Code.UNIMPLEMENTED,
  );
  await rejectsWith(
    jobsV1.searchModelDeploymentMonitoringStatsAnomalies(
      { modelDeploymentMonitoringJob: `${parent}/modelDeploymentMonitoringJobs/1`, deployedModelId: '1' },
      call({ autoPaginate: false }),
    ),
    Code.UNIMPLEMENTED,
  );
});

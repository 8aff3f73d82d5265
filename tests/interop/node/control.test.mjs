// Interop tests: the emulator control plane (longrunning.emulator.v1.EmulatorControl,
// loaded by @grpc/proto-loader from the repository's protos) steering Google's
// official Node client @google-cloud/aiplatform: a fault rule the client's
// retry policy rides over, the call journal showing its attempts, and a
// per-project latency profile. Each test uses a project of its own and resets
// only that project.
// Run: LRS_ADDRESS=127.0.0.1:7470 node --test control.test.mjs

import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import aiplatform from '@google-cloud/aiplatform';
import { createBackoffSettings, createRetryOptions, grpc as gaxGrpc } from 'google-gax';

const require = createRequire(import.meta.url);
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const address = process.env.LRS_ADDRESS;
if (!address) {
  throw new Error('LRS_ADDRESS is not set (expected host:port of the server)');
}

const here = dirname(fileURLToPath(import.meta.url));
const protosDir = resolve(here, '..', '..', '..', 'protos');
const definition = protoLoader.loadSync(['longrunning/emulator/v1/emulator_control.proto'], {
  includeDirs: [protosDir],
  keepCase: false,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
});
const EmulatorControl = grpc.loadPackageDefinition(definition).longrunning.emulator.v1.EmulatorControl;
const control = new EmulatorControl(address, grpc.credentials.createInsecure());

const separator = address.lastIndexOf(':');
const pipelines = new aiplatform.v1.PipelineServiceClient({
  apiEndpoint: address.slice(0, separator),
  port: Number(address.slice(separator + 1)),
  sslCreds: gaxGrpc.credentials.createInsecure(),
  universeDomain: 'googleapis.com',
});

after(async () => {
  await pipelines.close();
  control.close();
});

const GET_PIPELINE_JOB = 'google.cloud.aiplatform.v1.PipelineService/GetPipelineJob';
const UNAVAILABLE = gaxGrpc.status.UNAVAILABLE;

// Promise-returning call of the control client.
function controlCall(method, request) {
  return new Promise((resolvePromise, reject) => {
    control[method](request, { deadline: Date.now() + 15_000 }, (err, reply) => (err ? reject(err) : resolvePromise(reply)));
  });
}

function newProject() {
  return `node-control-${randomUUID().slice(0, 8)}`;
}

function seconds(duration) {
  return Number(duration.seconds) + Number(duration.nanos ?? 0) / 1e9;
}

test('a fault rule fails the next 2 GetPipelineJob; the client retries UNAVAILABLE and the journal shows 3 attempts', async (t) => {
  const project = newProject();
  t.after(() => controlCall('reset', { project }));
  const parent = `projects/${project}/locations/us-central1`;
  const [job] = await pipelines.createPipelineJob(
    { parent, pipelineJob: { displayName: 'retried', labels: { 'emulator-duration': '1h' } } },
    { retry: null, timeout: 15_000 },
  );
  const rule = await controlCall('createFaultRule', {
    faultRule: { method: GET_PIPELINE_JOB, resourcePattern: job.name, count: 2, status: { code: UNAVAILABLE, message: 'injected' } },
  });
  t.after(() => controlCall('deleteFaultRule', { name: rule.name }));

  // GetPipelineJob is non_idempotent in the client's config (no retries), so the retry policy is explicit:
  // UNAVAILABLE, 100 ms doubling, 15 s in all.
  const retry = createRetryOptions([UNAVAILABLE], createBackoffSettings(100, 2, 1_000, 5_000, 1, 5_000, 15_000));
  const [fetched] = await pipelines.getPipelineJob({ name: job.name }, { retry });

  assert.equal(fetched.name, job.name);
  assert.equal(fetched.displayName, 'retried');
  const { calls } = await controlCall('listCalls', { method: GET_PIPELINE_JOB, resource: job.name });
  assert.deepEqual(calls.map((c) => c.statusCode), [UNAVAILABLE, UNAVAILABLE, 0]);
  assert.ok(calls.every((c) => c.protocol === 'grpc'), 'every attempt came over gRPC');
  assert.equal(calls[0].gap, null, 'the first attempt has no gap');
  const gaps = calls.slice(1).map((c) => seconds(c.gap));
  assert.ok(gaps.every((g) => g > 0), `gaps between attempts: ${gaps.join(', ')} s`);
  assert.ok((calls[0].headers['x-goog-request-params'] ?? '').startsWith('name='), 'the client sent its routing header');
  t.diagnostic(`gaps between attempts: ${gaps.map((g) => g.toFixed(3)).join(' s, ')} s`);
  const rules = await controlCall('listFaultRules', {});
  assert.equal(Number(rules.faultRules.find((r) => r.name === rule.name).firedCount), 2);
});

test('a project with the instant latency profile gets jobs that finish at once; others keep the default', async (t) => {
  const project = newProject();
  t.after(() => controlCall('reset', { project }));
  const chosen = await controlCall('setLatencyProfile', { project, profile: 'instant' });
  const parent = `projects/${project}/locations/us-central1`;

  const [job] = await pipelines.createPipelineJob({ parent, pipelineJob: { displayName: 'instant' } }, { retry: null, timeout: 15_000 });
  const [fetched] = await pipelines.getPipelineJob({ name: job.name }, { retry: null, timeout: 15_000 });

  assert.equal(chosen.name, 'instant');
  assert.equal(seconds(chosen.runningDuration), 0);
  assert.equal(fetched.state, 'PIPELINE_STATE_SUCCEEDED');
  const { latencyProfiles } = await controlCall('listLatencyProfiles', {});
  assert.deepEqual(latencyProfiles.find((p) => p.name === 'instant').projects, [project]);
  await controlCall('reset', { project });
  const afterReset = await controlCall('listLatencyProfiles', {});
  assert.ok(!afterReset.latencyProfiles.some((p) => p.projects.includes(project)), 'reset clears the project choice');
});

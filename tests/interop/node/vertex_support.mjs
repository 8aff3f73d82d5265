// Helpers shared by the Vertex suites (gRPC in vertex.test.mjs, REST in
// rest.test.mjs): the state names Google's Node client decodes, and polling.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';

export const POLL_LIMIT_MS = 10_000;

export const PIPELINE = Object.freeze({
  QUEUED: 'PIPELINE_STATE_QUEUED',
  PENDING: 'PIPELINE_STATE_PENDING',
  RUNNING: 'PIPELINE_STATE_RUNNING',
  SUCCEEDED: 'PIPELINE_STATE_SUCCEEDED',
  FAILED: 'PIPELINE_STATE_FAILED',
  CANCELLING: 'PIPELINE_STATE_CANCELLING',
  CANCELLED: 'PIPELINE_STATE_CANCELLED',
});

export const JOB = Object.freeze({
  QUEUED: 'JOB_STATE_QUEUED',
  PENDING: 'JOB_STATE_PENDING',
  RUNNING: 'JOB_STATE_RUNNING',
  SUCCEEDED: 'JOB_STATE_SUCCEEDED',
  FAILED: 'JOB_STATE_FAILED',
  CANCELLING: 'JOB_STATE_CANCELLING',
  CANCELLED: 'JOB_STATE_CANCELLED',
});

// The states of a job that has not ended yet, in a family's names.
export const ACTIVE = (S) => [S.QUEUED, S.PENDING, S.RUNNING];

// Milliseconds since the epoch of a google.protobuf.Timestamp as gax decodes it.
export function millis(ts) {
  assert.ok(ts, 'timestamp is set');
  return Number(ts.seconds) * 1000 + Math.floor(Number(ts.nanos ?? 0) / 1e6);
}

// Awaits a call that must fail with the given status code; returns its error.
export async function rejectsWith(promise, code) {
  let value;
  try {
    value = await promise;
  } catch (err) {
    assert.equal(err.code, code, `expected status ${code}, got ${err.code}: ${err.message}`);
    return err;
  }
  assert.fail(`expected status ${code}, got a response: ${JSON.stringify(value)}`);
}

// Polls get() until done(resource) holds; returns the resource and every state seen.
export async function pollUntil(get, done, what, limitMs = POLL_LIMIT_MS) {
  const limit = Date.now() + limitMs;
  const seen = [];
  for (;;) {
    const resource = await get();
    if (seen.at(-1) !== resource.state) seen.push(resource.state);
    if (done(resource)) return { resource, seen };
    if (Date.now() > limit) {
      assert.fail(`${what} not reached within ${limitMs} ms; states seen: ${seen.join(' -> ')}`);
    }
    await sleep(50);
  }
}

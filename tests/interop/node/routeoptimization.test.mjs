// Interop tests: Google's official Node client @googlemaps/routeoptimization
// (google-gax over @grpc/grpc-js, and its HTTP/1.1 REST fallback) against
// LongRunningService's Route Optimization API.
//
// The client uses its own bundled protos and http rules, so these tests check
// what the published client sends and expects. The server address comes from
// LRS_ADDRESS (host:port).
// Run: LRS_ADDRESS=127.0.0.1:7470 node --test routeoptimization.test.mjs

import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import routeoptimization from '@googlemaps/routeoptimization';
import { createBackoffSettings, grpc } from 'google-gax';
import { passThroughAuth } from './rest_support.mjs';
import { rejectsWith } from './vertex_support.mjs';

const address = process.env.LRS_ADDRESS;
if (!address) {
  throw new Error('LRS_ADDRESS is not set (expected host:port of the server)');
}
const separator = address.lastIndexOf(':');
const endpoint = {
  apiEndpoint: address.slice(0, separator),
  port: Number(address.slice(separator + 1)),
  // Set explicitly so google-auth-library does not look for Application Default Credentials.
  universeDomain: 'googleapis.com',
};

// Every request the REST client made, so tests can check the paths it used.
const requestLog = [];

const overGrpc = new routeoptimization.v1.RouteOptimizationClient({ ...endpoint, sslCreds: grpc.credentials.createInsecure() });
const overRest = new routeoptimization.v1.RouteOptimizationClient({ ...endpoint, fallback: true, protocol: 'http', auth: passThroughAuth(requestLog) });

after(async () => {
  await Promise.all([overGrpc.close(), overRest.close()]);
});

// No client-side retries; LRO polling 100 ms doubling to 1 s, at most 15 s.
const call = (extra = {}) => ({ retry: null, timeout: 15_000, ...extra });
const lroCall = () => call({ longrunning: createBackoffSettings(100, 2, 1_000, null, null, null, 15_000) });

// The Route Optimization documentation leads with the locations form, which this server gives to Route Optimization.
function newParent() {
  return `projects/ro-${randomUUID().slice(0, 8)}/locations/global`;
}

function toursRequest(parent) {
  return {
    parent,
    label: 'monday',
    model: {
      shipments: [
        { label: 'parcel-a', deliveries: [{ arrivalLocation: { latitude: 48.86, longitude: 2.35 } }] },
        { label: 'parcel-b', pickups: [{ arrivalLocation: { latitude: 48.85, longitude: 2.3 } }], deliveries: [{ arrivalLocation: { latitude: 48.87, longitude: 2.4 } }] },
      ],
      vehicles: [{ label: 'van', startLocation: { latitude: 48.8, longitude: 2.3 } }],
    },
  };
}

function batchRequest(parent) {
  return {
    parent,
    modelConfigs: [{
      displayName: 'nightly',
      inputConfig: { gcsSource: { uri: 'gs://bucket/in.json' }, dataFormat: 'JSON' },
      outputConfig: { gcsDestination: { uri: 'gs://bucket/out.json' }, dataFormat: 'JSON' },
    }],
  };
}

// Whatever the planner decides, each shipment is either visited on a route or listed as skipped, once.
function assertEveryShipmentAccountedFor(response, request) {
  assert.equal(response.requestLabel, request.label);
  const visited = new Set((response.routes ?? []).flatMap((r) => (r.visits ?? []).map((v) => v.shipmentIndex ?? 0)));
  const skipped = (response.skippedShipments ?? []).map((s) => s.index ?? 0);
  for (const index of skipped) {
    assert.ok(!visited.has(index), `shipment ${index} is both visited and skipped`);
  }
  assert.deepEqual([...new Set([...visited, ...skipped])].sort(), request.model.shipments.map((_, i) => i));
}

for (const [transport, client] of [['gRPC', overGrpc], ['REST', overRest]]) {
  test(`${transport}: optimizeTours answers with every shipment visited or skipped`, async () => {
    const request = toursRequest(newParent());

    const [response] = await client.optimizeTours(request, call());

    assertEveryShipmentAccountedFor(response, request);
  });

  test(`${transport}: batchOptimizeTours, then operation.promise() resolves with its response and metadata`, async () => {
    const parent = newParent();

    const [operation] = await client.batchOptimizeTours(batchRequest(parent), lroCall());
    const [response, metadata, final] = await operation.promise();

    assert.match(operation.name, new RegExp(`^${parent}/operations/[^/]+$`));
    assert.deepEqual(Object.keys(response), []);
    assert.deepEqual(Object.keys(metadata), []);
    assert.equal(final.done, true);
    assert.equal(final.name, operation.name);
  });

  test(`${transport}: batchOptimizeTours without model configs is INVALID_ARGUMENT naming the field`, async () => {
    const err = await rejectsWith(client.batchOptimizeTours({ parent: newParent(), modelConfigs: [] }, call()), 3);

    assert.match(err.message, /model_configs/);
  });
}

test('gRPC: operation.cancel() ends a batch done with error.code 1', async () => {
  const [operation] = await overGrpc.batchOptimizeTours(batchRequest(newParent()), lroCall());

  await operation.cancel();
  const err = await rejectsWith(operation.promise(), 1);

  assert.match(err.message, /cancelled/i);
  const [read] = await overGrpc.operationsClient.getOperation({ name: operation.name }, call());
  assert.equal(read.done, true);
  assert.equal(read.error.code, 1);
});

test('REST: the client calls the documented paths and polls the operation where its http rule says', async () => {
  const parent = newParent();
  const before = requestLog.length;

  const [operation] = await overRest.batchOptimizeTours(batchRequest(parent), lroCall());
  await operation.promise();

  const paths = requestLog.slice(before).map((r) => `${r.method} ${new URL(r.url).pathname}`);
  assert.equal(paths[0], `POST /v1/${parent}:batchOptimizeTours`);
  assert.ok(paths.slice(1).length > 0, 'the operation was polled');
  assert.ok(paths.slice(1).every((p) => p === `GET /v1/${operation.name}`), paths.join(', '));
});

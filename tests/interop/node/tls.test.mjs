// Interop tests: Node @grpc/grpc-js and Google's Vertex AI client over TLS,
// trusting the server's self-signed certificate.
//
// run.sh starts the server with --tls-self-signed and passes its TLS address
// (LRS_TLS_ADDRESS, host:port) and the certificate's PEM (LRS_TLS_PEM). The PEM
// is trusted as a user would: given to createSsl, or through the environment.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import aiplatform from '@google-cloud/aiplatform';
import { grpc as gaxGrpc } from 'google-gax';

const require = createRequire(import.meta.url);
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const here = dirname(fileURLToPath(import.meta.url));
const protosDir = resolve(here, '..', '..', '..', 'protos');
const tlsAddress = process.env.LRS_TLS_ADDRESS;
const pemPath = process.env.LRS_TLS_PEM;
const skip = !tlsAddress || !pemPath ? 'LRS_TLS_ADDRESS and LRS_TLS_PEM are not set' : false;
const port = tlsAddress ? Number(tlsAddress.slice(tlsAddress.lastIndexOf(':') + 1)) : 0;

const definition = protoLoader.loadSync(['google/longrunning/operations.proto'], { includeDirs: [protosDir] });
const { Operations } = grpc.loadPackageDefinition(definition).google.longrunning;

function getOperation(client, name) {
  return new Promise((done) => {
    client.getOperation({ name }, { deadline: Date.now() + 10_000 }, (err, op) => done({ err, op }));
  });
}

test('createSsl(pem): calls over TLS at localhost and 127.0.0.1', { skip }, async () => {
  const pem = readFileSync(pemPath);
  for (const host of ['localhost', '127.0.0.1']) {
    const client = new Operations(`${host}:${port}`, grpc.credentials.createSsl(pem));
    const { err } = await getOperation(client, `operations/tls-${randomUUID()}`);
    client.close();
    // The call reached the server over TLS: NOT_FOUND, not UNAVAILABLE.
    assert.equal(err?.code, grpc.status.NOT_FOUND, `${host}: ${err?.message}`);
  }
});

// Each environment variable is read when the process starts, so each case runs in a child process:
// grpc-js takes its default roots from GRPC_DEFAULT_SSL_ROOTS_FILE_PATH; Node's https (the REST
// transport of Google's Node clients) adds NODE_EXTRA_CA_CERTS to its roots.
function runChild(script, env) {
  return execFileSync(process.execPath, ['-e', script], { cwd: here, env, encoding: 'utf8', timeout: 60_000 }).trim();
}

const { NODE_EXTRA_CA_CERTS: _extra, GRPC_DEFAULT_SSL_ROOTS_FILE_PATH: _roots, ...baseEnv } = process.env;

test('GRPC_DEFAULT_SSL_ROOTS_FILE_PATH: grpc-js createSsl() with no roots trusts the PEM; without it the handshake fails', { skip }, () => {
  const script = `
    const grpc = require('@grpc/grpc-js');
    const loader = require('@grpc/proto-loader');
    const def = loader.loadSync(['google/longrunning/operations.proto'], { includeDirs: [${JSON.stringify(protosDir)}] });
    const { Operations } = grpc.loadPackageDefinition(def).google.longrunning;
    const client = new Operations('localhost:${port}', grpc.credentials.createSsl());
    client.getOperation({ name: 'operations/tls-roots' }, { deadline: Date.now() + 10000 }, (err) => {
      console.log(err ? err.code : 0);
      client.close();
    });`;

  assert.equal(runChild(script, { ...baseEnv, GRPC_DEFAULT_SSL_ROOTS_FILE_PATH: pemPath }), String(grpc.status.NOT_FOUND));
  assert.equal(runChild(script, baseEnv), String(grpc.status.UNAVAILABLE));
});

test('NODE_EXTRA_CA_CERTS: Node https (REST) trusts the PEM; without it the certificate is refused', { skip }, () => {
  const script = `
    require('https').get('https://localhost:${port}/v1/operations/tls-extra', (res) => {
      res.resume();
      res.on('end', () => console.log(res.statusCode));
    }).on('error', (err) => console.log(err.code));`;

  assert.equal(runChild(script, { ...baseEnv, NODE_EXTRA_CA_CERTS: pemPath }), '404');
  assert.equal(runChild(script, baseEnv), 'DEPTH_ZERO_SELF_SIGNED_CERT');
});

test("Google's Vertex AI client over TLS: creates, reads and cancels a pipeline job", { skip }, async () => {
  const client = new aiplatform.v1.PipelineServiceClient({
    apiEndpoint: 'localhost',
    port,
    sslCreds: gaxGrpc.credentials.createSsl(readFileSync(pemPath)),
    universeDomain: 'googleapis.com',
  });
  const parent = `projects/tls-${randomUUID().slice(0, 8)}/locations/us-central1`;
  const options = { retry: null, timeout: 15_000 };
  try {
    const [job] = await client.createPipelineJob(
      { parent, pipelineJobId: 'over-tls', pipelineJob: { displayName: 'over-tls', labels: { 'emulator-duration': '60s' } } },
      options,
    );
    await client.cancelPipelineJob({ name: job.name }, options);
    const [read] = await client.getPipelineJob({ name: job.name }, options);

    assert.equal(job.name, `${parent}/pipelineJobs/over-tls`);
    assert.ok(['PIPELINE_STATE_CANCELLING', 'PIPELINE_STATE_CANCELLED'].includes(read.state), read.state);
  } finally {
    await client.close();
  }
});

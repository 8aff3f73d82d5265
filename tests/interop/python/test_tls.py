"""Interop tests: Python grpcio over TLS, trusting the server's self-signed certificate.

run.sh starts the server with --tls-self-signed and passes its TLS address
(LRS_TLS_ADDRESS, host:port) and the certificate's PEM (LRS_TLS_PEM). The
certificate is trusted the two ways a user would: given to the channel in
code, and through GRPC_DEFAULT_SSL_ROOTS_FILE_PATH with default credentials,
which is what Google's Python SDK uses for its gRPC channel.
"""

import os
import subprocess
import sys
import unittest
import uuid

from stubs_path import GENERATED as _GENERATED

import grpc  # noqa: E402  (after the stubs' path)
from google.longrunning import operations_pb2, operations_pb2_grpc  # noqa: E402
from google.protobuf import duration_pb2  # noqa: E402
from longrunning.emulator.v1 import operations_emulator_pb2 as emulator_pb2  # noqa: E402
from longrunning.emulator.v1 import operations_emulator_pb2_grpc as emulator_grpc  # noqa: E402

TLS_ADDRESS = os.environ.get("LRS_TLS_ADDRESS", "")
TLS_PEM = os.environ.get("LRS_TLS_PEM", "")
TLS_PORT = TLS_ADDRESS.rsplit(":", 1)[-1]

# A child interpreter: grpcio reads GRPC_DEFAULT_SSL_ROOTS_FILE_PATH once, at its first TLS channel.
_DEFAULT_CREDENTIALS_CALL = """
import sys
sys.path.insert(0, sys.argv[1])
import grpc
from google.longrunning import operations_pb2, operations_pb2_grpc
channel = grpc.secure_channel(sys.argv[2], grpc.ssl_channel_credentials())
try:
    op = operations_pb2_grpc.OperationsStub(channel).GetOperation(
        operations_pb2.GetOperationRequest(name=sys.argv[3]), timeout=10)
    print("done=%s" % op.done)
except grpc.RpcError as error:
    print("status=%s" % error.code().name)
"""


def _call_with_default_credentials(target, name, env_extra):
    env = {k: v for k, v in os.environ.items() if k != "GRPC_DEFAULT_SSL_ROOTS_FILE_PATH"}
    env.update(env_extra)
    result = subprocess.run(
        [sys.executable, "-c", _DEFAULT_CREDENTIALS_CALL, _GENERATED, target, name],
        env=env, capture_output=True, text=True, timeout=60, check=False)
    return result.stdout.strip().splitlines()[-1] if result.stdout.strip() else result.stderr


@unittest.skipUnless(TLS_ADDRESS and TLS_PEM, "LRS_TLS_ADDRESS and LRS_TLS_PEM are not set")
class TlsTest(unittest.TestCase):
    def setUp(self):
        with open(TLS_PEM, "rb") as pem:
            self.root = pem.read()

    def _start(self, channel):
        emulator = emulator_grpc.OperationsEmulatorStub(channel)
        return emulator.StartOperation(emulator_pb2.StartOperationRequest(
            parent="projects/tls-%s" % uuid.uuid4().hex[:8],
            script=emulator_pb2.OperationScript(duration=duration_pb2.Duration(seconds=60))), timeout=10)

    def test_root_certificates_in_code_localhost_and_ip(self):
        for host in ("localhost", "127.0.0.1"):
            with self.subTest(host=host):
                credentials = grpc.ssl_channel_credentials(root_certificates=self.root)
                with grpc.secure_channel("%s:%s" % (host, TLS_PORT), credentials) as channel:
                    op = self._start(channel)
                    ops = operations_pb2_grpc.OperationsStub(channel)
                    ops.CancelOperation(operations_pb2.CancelOperationRequest(name=op.name), timeout=10)
                    done = ops.WaitOperation(operations_pb2.WaitOperationRequest(
                        name=op.name, timeout=duration_pb2.Duration(seconds=10)), timeout=15)
                    self.assertTrue(done.done)
                    self.assertEqual(1, done.error.code)

    def test_default_credentials_trust_the_pem_through_the_environment(self):
        with grpc.secure_channel(
                "localhost:%s" % TLS_PORT, grpc.ssl_channel_credentials(root_certificates=self.root)) as channel:
            op = self._start(channel)
        target = "localhost:%s" % TLS_PORT

        trusted = _call_with_default_credentials(target, op.name, {"GRPC_DEFAULT_SSL_ROOTS_FILE_PATH": TLS_PEM})
        untrusted = _call_with_default_credentials(target, op.name, {})

        self.assertEqual("done=False", trusted)
        # Without the variable the public roots apply, and the handshake fails.
        self.assertEqual("status=UNAVAILABLE", untrusted)


if __name__ == "__main__":
    unittest.main()

"""Interop tests: the emulator control plane (longrunning.emulator.v1.EmulatorControl)
driven from Python grpcio, as a user's test suite would drive it.

The clock is server-wide and other suites run against the same server after
this one, so every test leaves it running in real time (tearDown).
"""

import os
import sys
import unittest
import uuid

_HERE = os.path.dirname(os.path.abspath(__file__))
_GENERATED = os.path.join(os.path.dirname(_HERE), "generated", "python")
if _GENERATED not in sys.path:
    sys.path.insert(0, _GENERATED)

import grpc  # noqa: E402
from google.protobuf import duration_pb2  # noqa: E402

from google.longrunning import operations_pb2, operations_pb2_grpc  # noqa: E402
from google.rpc import status_pb2  # noqa: E402
from longrunning.emulator.v1 import (  # noqa: E402
    emulator_control_pb2,
    emulator_control_pb2_grpc,
    operations_emulator_pb2,
    operations_emulator_pb2_grpc,
)

Clock = emulator_control_pb2.Clock
GET_OPERATION = "google.longrunning.Operations/GetOperation"


class ControlPlaneInteropTest(unittest.TestCase):
    channel = None

    @classmethod
    def setUpClass(cls):
        address = os.environ.get("LRS_ADDRESS")
        if not address:
            raise RuntimeError("LRS_ADDRESS is not set (expected host:port of the server)")
        cls.channel = grpc.insecure_channel(address)
        grpc.channel_ready_future(cls.channel).result(timeout=10)
        cls.control = emulator_control_pb2_grpc.EmulatorControlStub(cls.channel)
        cls.ops = operations_pb2_grpc.OperationsStub(cls.channel)
        cls.emulator = operations_emulator_pb2_grpc.OperationsEmulatorStub(cls.channel)

    @classmethod
    def tearDownClass(cls):
        if cls.channel is not None:
            cls.channel.close()

    def setUp(self):
        # A project of our own: its operations, journal entries and reset touch no one else's.
        self.project = "py-control-%s" % uuid.uuid4().hex[:10]
        self.parent = "projects/%s/locations/us-central1" % self.project

    def tearDown(self):
        self.control.UpdateClock(emulator_control_pb2.UpdateClockRequest(mode=Clock.RUNNING, scale=1), timeout=10)
        self.control.Reset(emulator_control_pb2.ResetRequest(project=self.project), timeout=10)

    def start(self, minutes):
        script = operations_emulator_pb2.OperationScript(duration=duration_pb2.Duration(seconds=minutes * 60))
        return self.emulator.StartOperation(
            operations_emulator_pb2.StartOperationRequest(parent=self.parent, script=script), timeout=10)

    def get(self, name):
        return self.ops.GetOperation(operations_pb2.GetOperationRequest(name=name), timeout=10)

    def test_paused_clock_operation_finishes_only_when_advanced(self):
        paused = self.control.UpdateClock(emulator_control_pb2.UpdateClockRequest(mode=Clock.PAUSED), timeout=10)
        self.assertEqual(Clock.PAUSED, paused.mode)

        operation = self.start(minutes=10)
        self.assertFalse(self.get(operation.name).done)
        advanced = self.control.AdvanceClock(
            emulator_control_pb2.AdvanceClockRequest(duration=duration_pb2.Duration(seconds=600)), timeout=10)
        finished = self.get(operation.name)

        self.assertEqual(600, advanced.now.seconds - paused.now.seconds)
        self.assertTrue(finished.done)
        self.assertEqual("response", finished.WhichOneof("result"))

    def test_fault_rule_fails_exactly_the_next_two_calls(self):
        operation = self.start(minutes=0)
        rule = self.control.CreateFaultRule(emulator_control_pb2.CreateFaultRuleRequest(fault_rule=emulator_control_pb2.FaultRule(
            method=GET_OPERATION,
            resource_pattern=operation.name,
            count=2,
            status=status_pb2.Status(code=grpc.StatusCode.UNAVAILABLE.value[0], message="injected"))), timeout=10)
        self.addCleanup(lambda: self.control.DeleteFaultRule(
            emulator_control_pb2.DeleteFaultRuleRequest(name=rule.name), timeout=10))

        codes = []
        for _ in range(3):
            try:
                self.get(operation.name)
                codes.append(grpc.StatusCode.OK)
            except grpc.RpcError as error:
                codes.append(error.code())
                self.assertEqual("injected", error.details())

        self.assertEqual([grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.OK], codes)
        listed = self.control.ListFaultRules(emulator_control_pb2.ListFaultRulesRequest(), timeout=10)
        self.assertEqual(2, [r for r in listed.fault_rules if r.name == rule.name][0].fired_count)

    def test_journal_lists_the_calls_on_a_resource(self):
        operation = self.start(minutes=0)
        self.get(operation.name)
        self.get(operation.name)

        calls = self.control.ListCalls(
            emulator_control_pb2.ListCallsRequest(method=GET_OPERATION, resource=operation.name), timeout=10).calls

        self.assertEqual(2, len(calls))
        self.assertTrue(all(c.protocol == "grpc" and c.status_code == 0 for c in calls))
        self.assertFalse(calls[0].HasField("gap"))
        self.assertTrue(calls[1].HasField("gap"))
        self.assertIn("grpc-python", calls[0].headers.get("user-agent", ""))

    def test_reset_of_a_project_drops_its_operations(self):
        operation = self.start(minutes=10)

        reset = self.control.Reset(emulator_control_pb2.ResetRequest(project=self.project), timeout=10)

        self.assertEqual(1, reset.operations_removed)
        with self.assertRaises(grpc.RpcError) as raised:
            self.get(operation.name)
        self.assertEqual(grpc.StatusCode.NOT_FOUND, raised.exception.code())


if __name__ == "__main__":
    unittest.main()

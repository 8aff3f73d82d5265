"""Time from starting a server process to its first successful call, median of N runs.

Usage: python3 startup_time.py RUNS PATH COMMAND... ; `{port}` in COMMAND becomes a free
loopback port, and PATH is the GET that must answer 200 (e.g. /emulator/v1/clock).
Prints one line: `median_ms min_ms max_ms` of the runs.
"""
import http.client
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

TIMEOUT_S = 120


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def first_call_ms(command, path):
    port = free_port()
    argv = [part.replace("{port}", str(port)) for part in command]
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        server = subprocess.Popen(argv, cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            while time.perf_counter() - started < TIMEOUT_S:
                if server.poll() is not None:
                    sys.exit(f"{argv[0]} exited with {server.returncode} before answering")
                try:
                    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                    connection.request("GET", path)
                    if connection.getresponse().status == 200:
                        return (time.perf_counter() - started) * 1000
                except OSError:
                    pass
                finally:
                    connection.close()
                time.sleep(0.005)
            sys.exit(f"{argv[0]} did not answer {path} within {TIMEOUT_S} s")
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


runs, path, command = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
first_call_ms(command, path)  # once to warm the file cache, not counted
times = [first_call_ms(command, path) for _ in range(runs)]
print(f"{statistics.median(times):.0f} {min(times):.0f} {max(times):.0f}")

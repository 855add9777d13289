"""Runs moto's server on 127.0.0.1 (a free port, printed on the first line) with its
request recorder on, until stdin closes: the test binary that started it exits."""
import os
import sys
import tempfile

os.environ["MOTO_ENABLE_RECORDING"] = "True"
# The recording of this server alone, not a file in the working directory.
recording = tempfile.NamedTemporaryFile(prefix="moto-recording-", delete=False)
os.environ["MOTO_RECORDER_FILEPATH"] = recording.name
from moto.server import ThreadedMotoServer  # noqa: E402

server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
server.start()
print(server.get_host_and_port()[1], flush=True)
sys.stdin.read()
server.stop()
os.unlink(recording.name)

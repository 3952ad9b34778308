"""A small QMP client and emulator launcher for the functional tests.

Standard library only.  QMPConnection speaks the protocol over a socket
(greeting, negotiation, commands with ids, events kept aside); Machine starts
an emulator with a QMP unix socket in a temporary directory and stops it.
"""
import json
import os
import select
import shutil
import socket
import subprocess
import tempfile
import time


class QMPError(Exception):
    """A command answered {"error": {"class": ..., "desc": ...}}."""

    def __init__(self, error):
        self.cls = error.get("class")
        self.desc = error.get("desc")
        super().__init__(f"{self.cls}: {self.desc}")


class QMPConnection:
    def __init__(self, sock):
        self.sock = sock
        self.buf = b""
        self.events = []
        self.greeting = None
        self._next_id = 0

    @classmethod
    def connect_unix(cls, path, timeout=10.0):
        """Connect, retrying until the emulator has created the socket."""
        end = time.monotonic() + timeout
        while True:
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                sock.connect(path)
                return cls(sock)
            except OSError:
                sock.close()
                if time.monotonic() > end:
                    raise
                time.sleep(0.05)

    def close(self):
        self.sock.close()

    def send_raw(self, data):
        if isinstance(data, str):
            data = data.encode()
        self.sock.sendall(data)

    def send(self, obj):
        self.send_raw(json.dumps(obj) + "\n")

    def read_message(self, timeout=10.0):
        """The next JSON message (one per line); raises EOFError or TimeoutError."""
        end = time.monotonic() + timeout
        while b"\n" not in self.buf:
            left = end - time.monotonic()
            if left <= 0:
                raise TimeoutError("no QMP message within %.1fs" % timeout)
            ready, _, _ = select.select([self.sock], [], [], left)
            if not ready:
                continue
            chunk = self.sock.recv(1 << 20)
            if not chunk:
                raise EOFError("QMP connection closed")
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        return json.loads(line)

    def read_response(self, timeout=10.0):
        """The next non-event message; events seen meanwhile go to self.events."""
        while True:
            msg = self.read_message(timeout)
            if "event" in msg:
                self.events.append(msg)
                continue
            return msg

    def negotiate(self, timeout=10.0):
        self.greeting = self.read_message(timeout)
        rsp = self.execute("qmp_capabilities")
        assert rsp.get("return") == {}, rsp
        return self.greeting

    def execute(self, name, arguments=None, timeout=10.0):
        """Send a command with a fresh id; return the whole response."""
        self._next_id += 1
        req = {"execute": name, "id": self._next_id}
        if arguments is not None:
            req["arguments"] = arguments
        self.send(req)
        rsp = self.read_response(timeout)
        assert rsp.get("id") == self._next_id, rsp
        return rsp

    def cmd(self, name, **arguments):
        """Run a command and return its "return" value, raising QMPError on error."""
        rsp = self.execute(name, arguments or None)
        if "error" in rsp:
            raise QMPError(rsp["error"])
        return rsp["return"]

    def wait_event(self, name, timeout=10.0):
        end = time.monotonic() + timeout
        while True:
            for i, ev in enumerate(self.events):
                if ev["event"] == name:
                    return self.events.pop(i)
            left = end - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"no {name} event")
            msg = self.read_message(left)
            if "event" in msg:
                self.events.append(msg)


def short_tmpdir(tmp_path):
    """A directory whose socket paths fit sun_path (108 bytes)."""
    if len(str(tmp_path)) < 80:
        return str(tmp_path), None
    d = tempfile.mkdtemp(prefix="emu-")
    return d, d


class Machine:
    """An emulator process with QMP on a unix socket; use as a context manager."""

    def __init__(self, binary, tmp_path, args=(), machine=("-M", "virt"), stdin=None):
        self.dir, self._cleanup_dir = short_tmpdir(tmp_path)
        self.qmp_path = os.path.join(self.dir, "qmp.sock")
        self.argv = [binary, *machine, "-nodefaults", "-display", "none", *args,
                     "-qmp", f"unix:{self.qmp_path},server=on,wait=off"]
        self.stdin = stdin
        self.proc = None
        self.qmp = None

    def launch(self):
        self.proc = subprocess.Popen(self.argv, stdin=self.stdin or subprocess.DEVNULL,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            self.qmp = QMPConnection.connect_unix(self.qmp_path)
            self.qmp.negotiate()
        except Exception:
            self.kill()
            raise
        return self

    def connect_another(self):
        """A second client on the same socket (after the first went away)."""
        return QMPConnection.connect_unix(self.qmp_path)

    def wait(self, timeout=10.0):
        return self.proc.wait(timeout=timeout)

    def kill(self):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)

    def shutdown(self):
        if self.proc and self.proc.poll() is None:
            try:
                self.qmp.cmd("quit")
                self.proc.wait(timeout=10)
            except Exception:
                self.kill()
        if self.qmp:
            self.qmp.close()
        if self.proc:
            for f in (self.proc.stdout, self.proc.stderr):
                if f:
                    f.close()
        if self._cleanup_dir:
            shutil.rmtree(self._cleanup_dir, ignore_errors=True)

    def __enter__(self):
        return self.launch()

    def __exit__(self, *exc):
        self.shutdown()

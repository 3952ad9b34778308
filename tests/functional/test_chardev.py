"""Character device backends as a user configures them on the command line:
-chardev and the -serial shorthands, their announcements and errors, and the
terminal state left behind by the stdio backend."""
import os
import pty
import re
import signal
import socket
import subprocess
import termios
import time

NODEF = ["-M", "virt", "-nodefaults", "-no-user-config", "-display", "none", "-S"]


def start(binary, *args, **kw):
    return subprocess.Popen([binary, *args], stdin=kw.pop("stdin", subprocess.DEVNULL),
                            stdout=kw.pop("stdout", subprocess.PIPE),
                            stderr=kw.pop("stderr", subprocess.PIPE), text=True, **kw)


def stop(proc):
    if proc.poll() is None:
        proc.terminate()
    try:
        return proc.communicate(timeout=10)
    except ValueError:
        proc.wait(timeout=10)
        return "", ""


def wait_until(pred, timeout=10.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if pred():
            return True
        time.sleep(0.05)
    return False


def read_stderr_line(proc, pattern, timeout=10.0):
    """Read stderr lines until one matches; returns the match."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        line = proc.stderr.readline()
        if not line:
            break
        m = re.search(pattern, line)
        if m:
            return m
    return None


def run(binary, *args):
    return subprocess.run([binary, *args], capture_output=True, text=True, timeout=20,
                          stdin=subprocess.DEVNULL)


def test_file_chardev_creates_file(qemu_aarch64, tmp_path):
    path = tmp_path / "out.txt"
    proc = start(qemu_aarch64, *NODEF, "-chardev", f"file,id=f0,path={path}",
                 "-serial", "chardev:f0")
    assert wait_until(path.exists)
    _, err = stop(proc)
    assert proc.returncode == 0, err


def test_serial_file_shorthand(qemu_aarch64, tmp_path):
    path = tmp_path / "serial.log"
    proc = start(qemu_aarch64, *NODEF, "-serial", f"file:{path}")
    assert wait_until(path.exists)
    stop(proc)
    assert proc.returncode == 0


def test_pty_announces_its_path(qemu_aarch64):
    proc = start(qemu_aarch64, *NODEF, "-chardev", "pty,id=p0", "-serial", "chardev:p0")
    try:
        m = read_stderr_line(proc, r"char device redirected to (/dev/pts/\d+) \(label p0\)")
        assert m, "no pty announcement"
        assert os.path.exists(m.group(1))
    finally:
        stop(proc)


def test_unix_server_wait_blocks_until_client(qemu_aarch64, tmp_path):
    path = tmp_path / "sock"
    proc = start(qemu_aarch64, *NODEF, "-chardev",
                 f"socket,id=s0,path={path},server=on,wait=on", "-serial", "chardev:s0")
    try:
        m = read_stderr_line(proc, r"QEMU waiting for connection on: (\S+)")
        assert m and str(path) in m.group(1)
        assert proc.poll() is None
        client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        client.connect(str(path))
        time.sleep(0.3)
        assert proc.poll() is None
        client.close()
    finally:
        stop(proc)
    assert proc.returncode == 0


def test_tcp_server_nowait_accepts_clients(qemu_aarch64):
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    proc = start(qemu_aarch64, *NODEF, "-serial", f"tcp:127.0.0.1:{port},server=on,wait=off")
    try:
        def connect():
            try:
                s = socket.create_connection(("127.0.0.1", port), timeout=1)
                s.close()
                return True
            except OSError:
                return False
        assert wait_until(connect)
    finally:
        stop(proc)
    assert proc.returncode == 0


def test_unknown_backend_is_named(qemu_aarch64):
    proc = run(qemu_aarch64, *NODEF, "-chardev", "bogus,id=x")
    assert proc.returncode == 1
    assert "'bogus' is not a valid char driver name" in proc.stderr


def test_chardev_needs_id(qemu_aarch64):
    proc = run(qemu_aarch64, *NODEF, "-chardev", "null")
    assert proc.returncode == 1
    assert "-chardev null:" in proc.stderr


def test_duplicate_chardev_id(qemu_aarch64):
    proc = run(qemu_aarch64, *NODEF, "-chardev", "null,id=a", "-chardev", "null,id=a")
    assert proc.returncode == 1
    assert "'a'" in proc.stderr


def test_file_that_cannot_be_opened(qemu_aarch64, tmp_path):
    bad = tmp_path / "no" / "such" / "dir" / "f"
    proc = run(qemu_aarch64, *NODEF, "-chardev", f"file,id=f,path={bad}")
    assert proc.returncode == 1
    assert str(bad) in proc.stderr


def test_stdio_terminal_restored_after_signal(qemu_aarch64):
    master, slave = pty.openpty()
    before = termios.tcgetattr(slave)
    proc = subprocess.Popen([qemu_aarch64, *NODEF, "-serial", "stdio"], stdin=slave,
                            stdout=slave, stderr=subprocess.PIPE, text=True)
    try:
        # Raw mode: ECHO and ICANON go off while we run.
        assert wait_until(lambda: not (termios.tcgetattr(slave)[3] & termios.ECHO))
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=10)
        assert proc.returncode == 0, err
        after = termios.tcgetattr(slave)
        assert after[3] & termios.ECHO
        assert after[3] & termios.ICANON
        assert after[3] == before[3]
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)
        os.close(slave)


def test_chardev_help_lists_backends(qemu_aarch64):
    proc = run(qemu_aarch64, "-chardev", "help")
    assert proc.returncode == 0
    assert proc.stdout.startswith("Available chardev backend types:")
    for backend in ("file", "null", "pipe", "pty", "ringbuf", "socket", "stdio"):
        assert f"  {backend}\n" in proc.stdout


def test_nographic_muxes_serial_and_monitor_on_stdio(qemu_aarch64):
    """-nographic: C-a h lists the keys, C-a c reaches the monitor, C-a x exits."""
    proc = subprocess.Popen([qemu_aarch64, "-M", "virt", "-nographic", "-S"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    script = [b"\x01h", b"\x01c", b"info status\n", b"\x01x"]
    try:
        for chunk in script:
            proc.stdin.write(chunk)
            proc.stdin.flush()
            time.sleep(0.3)
        out, err = proc.communicate(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    text = out.decode(errors="replace")
    assert proc.returncode == 0, err
    assert "C-a x    exit emulator" in text
    assert "C-a c    switch between console and monitor" in text
    assert "VM status: paused (prelaunch)" in text
    assert "QEMU: Terminated" in text

"""Real guests: Debian 12's arm64 network-boot installer on -M virt.  It
passes when the installer's first screen ("Select a language") appears on
the serial console; the live-migration test then moves the running
installer to a second process and drives it there.  Slow: skipped by
`make check-quick` and when the installer package is not installed."""
import os
import select
import socket
import subprocess
import time

import pytest

from qmp import QMPConnection, short_tmpdir

DI = "/usr/lib/debian-installer/images/12/arm64/text/debian-installer/arm64"
KERNEL = os.path.join(DI, "linux")
INITRD = os.path.join(DI, "initrd.gz")
FIRST_SCREEN = b"Select a language"
BOOT_TIMEOUT = float(os.environ.get("EMU_BOOT_TIMEOUT", "600"))

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not os.path.exists(KERNEL),
                       reason="debian-installer-12-netboot-arm64 is not installed"),
]


def installer_cmd(binary, *extra):
    return [binary, "-M", "virt", "-cpu", "cortex-a57", "-m", "1024", "-nographic",
            "-kernel", KERNEL, "-initrd", INITRD, "-append", "console=ttyAMA0", *extra]


class Console:
    """The serial console of a running emulator on its stdin/stdout."""

    def __init__(self, cmd):
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE)
        self.out = b""

    def wait_for(self, text, timeout):
        end = time.monotonic() + timeout
        start = len(self.out)
        while time.monotonic() < end:
            if text in self.out[start:]:
                return True
            if self.proc.poll() is not None:
                break
            ready, _, _ = select.select([self.proc.stdout], [], [], 0.5)
            if ready:
                chunk = os.read(self.proc.stdout.fileno(), 65536)
                if not chunk:
                    break
                self.out += chunk
        return text in self.out[start:]

    def send(self, data):
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(timeout=10)

    def tail(self):
        return self.out[-2000:].decode(errors="replace")


@pytest.mark.parametrize("extra", [
    [],
    ["-smp", "2"],
    ["-machine", "gic-version=3"],
    ["-accel", "tcg,backend=interp"],
], ids=["default", "smp2", "gicv3", "interp"])
def test_installer_reaches_first_screen(qemu_aarch64, extra):
    con = Console(installer_cmd(qemu_aarch64, *extra))
    try:
        assert con.wait_for(b"Run /init", BOOT_TIMEOUT), con.tail()
        assert con.wait_for(FIRST_SCREEN, BOOT_TIMEOUT), con.tail()
    finally:
        con.close()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_live_migration_of_running_installer(qemu_aarch64, tmp_path):
    tmp, _ = short_tmpdir(tmp_path)
    src_qmp = os.path.join(tmp, "src.qmp")
    dst_qmp = os.path.join(tmp, "dst.qmp")
    port = free_port()
    src = Console(installer_cmd(qemu_aarch64, "-qmp", f"unix:{src_qmp},server=on,wait=off"))
    dst = None
    try:
        assert src.wait_for(FIRST_SCREEN, BOOT_TIMEOUT), src.tail()
        dst = Console(installer_cmd(qemu_aarch64, "-qmp", f"unix:{dst_qmp},server=on,wait=off",
                                    "-incoming", f"tcp:127.0.0.1:{port}"))
        sq = QMPConnection.connect_unix(src_qmp)
        dq = QMPConnection.connect_unix(dst_qmp)
        sq.negotiate()
        dq.negotiate()
        try:
            sq.cmd("migrate", uri=f"tcp:127.0.0.1:{port}")
            end = time.monotonic() + 300
            status = None
            while time.monotonic() < end:
                status = sq.cmd("query-migrate").get("status")
                if status in ("completed", "failed", "cancelled"):
                    break
                time.sleep(0.2)
            assert status == "completed", sq.cmd("query-migrate")
            assert sq.cmd("query-status")["status"] == "postmigrate"
            end = time.monotonic() + 60
            while dq.cmd("query-status")["status"] != "running" and time.monotonic() < end:
                time.sleep(0.2)
            assert dq.cmd("query-status")["status"] == "running"
        finally:
            sq.close()
            dq.close()
        # The destination's console answers the keyboard: Enter picks the
        # highlighted language and the installer moves to its next question.
        time.sleep(1)
        dst.send(b"\r")
        assert dst.wait_for(b"location", 120), dst.tail()
    finally:
        src.close()
        if dst:
            dst.close()

"""The qtest protocol as device tests use it: the emulator connects to the
test's unix socket (-qtest unix:PATH), and the test reads and writes guest
memory and I/O ports, drives the virtual clock and watches interrupt lines.
Bad commands get FAIL replies and the process keeps serving."""
import base64
import os
import re
import select
import shutil
import socket
import subprocess
import time

import pytest

from qmp import QMPConnection, short_tmpdir

RAM = 0x40000000
UART = 0x09000000          # virt's PL011
# virt creates CPU 0, then the GIC, then the UART.
UART_PATH = "/machine/unattached/device[2]"
RTC_PATH = "/machine/unattached/device[3]"


class QTest:
    """One emulator under -accel qtest, with its qtest socket and a QMP socket."""

    def __init__(self, binary, tmp_path, extra=()):
        self.dir, self._cleanup = short_tmpdir(tmp_path)
        path = os.path.join(self.dir, "qtest.sock")
        self.qmp_path = os.path.join(self.dir, "qmp.sock")
        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.listener.bind(path)
        self.listener.listen(1)
        self.proc = subprocess.Popen(
            [binary, "-M", "virt", "-nodefaults", "-display", "none", "-accel", "qtest",
             "-qtest", f"unix:{path}", "-qmp", f"unix:{self.qmp_path},server=on,wait=off",
             *extra],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.listener.settimeout(10)
        self.sock, _ = self.listener.accept()
        self.buf = b""
        self.irqs = []

    def _line(self, timeout=10.0):
        end = time.monotonic() + timeout
        while b"\n" not in self.buf:
            left = end - time.monotonic()
            assert left > 0, "no qtest reply"
            ready, _, _ = select.select([self.sock], [], [], left)
            if ready:
                chunk = self.sock.recv(1 << 20)
                assert chunk, "qtest connection closed"
                self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        return line.decode()

    def cmd(self, text):
        """Send one command; return its reply, keeping IRQ lines seen meanwhile."""
        self.sock.sendall(text.encode() + b"\n")
        while True:
            line = self._line()
            if line.startswith("IRQ "):
                self.irqs.append(line)
                continue
            return line

    def close(self):
        self.sock.close()
        self.listener.close()
        if self.proc.poll() is None:
            self.proc.terminate()
        try:
            self.proc.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.communicate()
        if self._cleanup:
            shutil.rmtree(self._cleanup, ignore_errors=True)


@pytest.fixture
def qt(qemu_aarch64, tmp_path):
    q = QTest(qemu_aarch64, tmp_path)
    yield q
    q.close()


def test_endianness_of_aarch64_is_little(qt):
    assert qt.cmd("endianness") == "OK little"


def test_sized_writes_and_reads_roundtrip(qt):
    assert qt.cmd(f"writeq {RAM:#x} 0x1122334455667788") == "OK"
    assert qt.cmd(f"readq {RAM:#x}") == "OK 0x1122334455667788"
    assert qt.cmd(f"readl {RAM:#x}") == "OK 0x55667788"
    assert qt.cmd(f"readw {RAM:#x}") == "OK 0x7788"
    assert qt.cmd(f"readb {RAM:#x}") == "OK 0x88"
    assert qt.cmd(f"readb {RAM + 7:#x}") == "OK 0x11"
    assert qt.cmd(f"writew {RAM + 16:#x} 0xbeef") == "OK"
    assert qt.cmd(f"writeb {RAM + 18:#x} 0x7") == "OK"
    assert qt.cmd(f"writel {RAM + 20:#x} 4294967295") == "OK"
    assert qt.cmd(f"read {RAM + 16:#x} 8") == "OK 0xefbe0700ffffffff"


def test_bulk_read_write_base64_and_memset(qt):
    assert qt.cmd(f"write {RAM + 0x100:#x} 4 0xdeadbeef") == "OK"
    assert qt.cmd(f"read {RAM + 0x100:#x} 4") == "OK 0xdeadbeef"
    # Short data: the rest is zero.
    assert qt.cmd(f"write {RAM + 0x100:#x} 4 0xaa") == "OK"
    assert qt.cmd(f"read {RAM + 0x100:#x} 4") == "OK 0xaa000000"
    data = bytes(range(256)) * 16
    b64 = base64.b64encode(data).decode()
    assert qt.cmd(f"b64write {RAM + 0x1000:#x} {len(data)} {b64}") == "OK"
    assert qt.cmd(f"b64read {RAM + 0x1000:#x} {len(data)}") == f"OK {b64}"
    assert qt.cmd(f"memset {RAM + 0x2000:#x} 3 0x5a") == "OK"
    assert qt.cmd(f"read {RAM + 0x2000:#x} 4") == "OK 0x5a5a5a00"


def test_port_io_space(qt):
    assert qt.cmd("outb 0x10 0x12") == "OK"
    assert qt.cmd("outw 0x10 0x1234") == "OK"
    assert qt.cmd("outl 0x10 0x12345678") == "OK"
    for cmd in ("inb", "inw", "inl"):
        # Nothing decodes these ports on virt; the reply still has QEMU's shape.
        assert re.fullmatch(r"OK 0x[0-9a-f]{4,8}", qt.cmd(f"{cmd} 0x10"))


def test_virtual_clock_moves_only_when_told(qt):
    assert qt.cmd("clock_step") == "OK 0"
    time.sleep(0.2)
    assert qt.cmd("clock_step 0") == "OK 0"
    assert qt.cmd("clock_step 1000") == "OK 1000"
    assert qt.cmd("clock_set 50000") == "OK 50000"
    # Never backwards.
    assert qt.cmd("clock_set 10") == "OK 50000"
    assert qt.cmd("clock_step 5") == "OK 50005"


def test_device_registers_answer(qt):
    # PL011 peripheral ID 0 reads as 0x11 on every PL011.
    assert qt.cmd(f"readl {UART + 0xfe0:#x}") == "OK 0x00000011"


def test_irq_intercept_out_reports_uart_interrupt(qt):
    assert qt.cmd(f"irq_intercept_out {UART_PATH} sysbus-irq") == "OK"
    assert qt.cmd(f"irq_intercept_out {UART_PATH} sysbus-irq") == "OK"
    assert qt.cmd(f"writel {UART + 0x30:#x} 0x301") == "OK"      # UARTCR: enable, TX, RX
    assert qt.cmd(f"writel {UART + 0x38:#x} 0x20") == "OK"       # IMSC: TX interrupt
    assert qt.cmd(f"writeb {UART:#x} 0x41") == "OK"              # DR
    assert "IRQ raise 0" in qt.irqs
    assert qt.cmd(f"writel {UART + 0x38:#x} 0x0") == "OK"
    assert "IRQ lower 0" in qt.irqs


def test_irq_intercept_errors(qt):
    assert qt.cmd("irq_intercept_in /machine/nothing-here") == "FAIL Unknown device"
    reply = qt.cmd(f"irq_intercept_out {UART_PATH}")
    assert reply.startswith("FAIL ") and "sysbus-irq" in reply
    assert qt.cmd(f"irq_intercept_out {UART_PATH} sysbus-irq") == "OK"
    assert qt.cmd(f"irq_intercept_out {RTC_PATH} sysbus-irq") == \
        "FAIL IRQ intercept already enabled"


@pytest.mark.parametrize("line", [
    "frobnicate 1 2",
    "readl",
    "readl 0xzz",
    "writel 0x40000000",
    "write 0x40000000 4 deadbeef",
    "write 0x40000000 4 0xgg",
    "read 0x40000000 99999999999",
    "memset 0x40000000 4",
    "b64write 0x40000000 4",
    "clock_set banana",
    "set_irq_in /machine/unattached/device[2] nope 0 1",
])
def test_bad_commands_fail_and_server_continues(qt, line):
    reply = qt.cmd(line)
    assert reply.startswith("FAIL"), reply
    assert qt.cmd("endianness") == "OK little"


def test_unknown_command_wording(qt):
    assert qt.cmd("frobnicate") == "FAIL Unknown command 'frobnicate'"


def test_huge_line_is_refused(qt):
    qt.sock.sendall(b"b64write 0x40000000 4 " + b"A" * (100 << 20) + b"\n")
    assert qt._line(timeout=60) == "FAIL line too long"
    assert qt.cmd("endianness") == "OK little"


def test_qmp_works_alongside_qtest(qt):
    c = QMPConnection.connect_unix(qt.qmp_path)
    try:
        c.negotiate()
        assert qt.cmd(f"writel {RAM:#x} 0xcafef00d") == "OK"
        out = c.cmd("human-monitor-command", **{"command-line": f"xp /1xw {RAM:#x}"})
        assert out == "0000000040000000: 0xcafef00d\r\n"
        assert c.cmd("query-status")["status"] == "running"
    finally:
        c.close()


def test_qtest_on_stdio(qemu_aarch64):
    # stdin EOF does not end the process (as in QEMU), so drive it interactively.
    p = subprocess.Popen([qemu_aarch64, "-M", "virt", "-nodefaults", "-display", "none",
                          "-qtest", "stdio"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    try:
        p.stdin.write(b"endianness\nwritel 0x40000000 7\nreadl 0x40000000\n")
        p.stdin.flush()
        out = b""
        end = time.monotonic() + 10
        while out.count(b"\n") < 3 and time.monotonic() < end:
            if select.select([p.stdout], [], [], 0.5)[0]:
                chunk = os.read(p.stdout.fileno(), 4096)
                if not chunk:
                    break
                out += chunk
        assert out == b"OK little\nOK\nOK 0x00000007\n"
    finally:
        p.kill()
        p.communicate(timeout=10)

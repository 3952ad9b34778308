"""Migration between two emulator processes, as users run it.

Guest RAM is filled with patterns and the virt board's UART (PL011) and RTC
(PL031) are put into non-reset states through the qtest protocol; the guest
is migrated over each channel (exec:, tcp:, unix:, fd:, file:) and the
destination must read back the same RAM and registers.  Also: run states on
both sides, cancel, a destination dying mid-stream, broken streams, the
monitor commands' output and errors, events, and -dump-vmstate.
"""
import array
import base64
import json
import os
import random
import re
import select
import shutil
import signal
import socket
import subprocess
import tempfile
import time

import pytest

from qmp import QMPConnection, QMPError

RAM = 0x40000000
RAM_SIZE = 128 << 20          # virt's default
UART = 0x09000000             # PL011
RTC = 0x09010000              # PL031

# PL011 registers a guest programs, with values that differ from reset.
UART_SETUP = [(0x20, 0x07), (0x24, 0x1b), (0x28, 0x2a), (0x2c, 0x70), (0x30, 0x0301),
              (0x34, 0x09), (0x38, 0x0050), (0x48, 0x04)]
# Every readable PL011 register except DR (reading it pops the FIFO).
UART_READABLE = [0x04, 0x18, 0x20, 0x24, 0x28, 0x2c, 0x30, 0x34, 0x38, 0x3c, 0x40, 0x48]

MIGRATE_TIMEOUT = 30

# Under make check-sanitize, leaks found at exit would turn exit statuses into
# 1; they are not what these tests are about (memory errors still are).
ENV = dict(os.environ, ASAN_OPTIONS=":".join(
    filter(None, [os.environ.get("ASAN_OPTIONS"), "detect_leaks=0"])))


def assert_no_sanitizer_report(stderr):
    """Under make check-sanitize a memory or UB error must fail the test (leaks at
    exit are not this file's business)."""
    assert "ERROR: AddressSanitizer" not in stderr and "runtime error:" not in stderr, \
        stderr[-3000:]


# ---- processes ----

class VM:
    """One emulator: QMP on a unix socket and, by default, the qtest protocol."""

    def __init__(self, binary, workdir, name, args=(), qtest=True, machine="virt"):
        self.name = name
        self.qmp_path = os.path.join(workdir, f"{name}-qmp.sock")
        argv = [binary, "-M", machine, "-nodefaults", "-display", "none",
                "-qmp", f"unix:{self.qmp_path},server=on,wait=off"]
        listener = None
        if qtest:
            qtest_path = os.path.join(workdir, f"{name}-qtest.sock")
            listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            listener.bind(qtest_path)
            listener.listen(1)
            argv += ["-accel", "qtest", "-qtest", f"unix:{qtest_path}"]
        argv += list(args)
        self.proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, env=ENV)
        self.qt = None
        self.qmp = None
        self.stderr = None
        self.buf = b""
        try:
            if listener:
                listener.settimeout(10)
                self.qt, _ = listener.accept()
                listener.close()
            self.qmp = QMPConnection.connect_unix(self.qmp_path)
            self.qmp.negotiate()
        except Exception:
            self.kill()
            raise

    # qtest
    def qtest(self, text):
        self.qt.sendall(text.encode() + b"\n")
        while True:
            end = time.monotonic() + 20
            while b"\n" not in self.buf:
                left = end - time.monotonic()
                assert left > 0, f"{self.name}: no qtest reply to {text[:40]}"
                ready, _, _ = select.select([self.qt], [], [], left)
                if ready:
                    chunk = self.qt.recv(1 << 20)
                    assert chunk, f"{self.name}: qtest connection closed"
                    self.buf += chunk
            line, self.buf = self.buf.split(b"\n", 1)
            line = line.decode()
            if not line.startswith("IRQ "):
                return line

    def writel(self, addr, value):
        assert self.qtest(f"writel {addr:#x} {value:#x}") == "OK"

    def readl(self, addr):
        reply = self.qtest(f"readl {addr:#x}")
        assert reply.startswith("OK "), reply
        return int(reply.split()[1], 16)

    def write_bytes(self, addr, data):
        b64 = base64.b64encode(data).decode()
        assert self.qtest(f"b64write {addr:#x} {len(data)} {b64}") == "OK"

    def read_bytes(self, addr, size):
        reply = self.qtest(f"b64read {addr:#x} {size}")
        assert reply.startswith("OK "), reply[:80]
        return base64.b64decode(reply[3:])

    # QMP
    def cmd(self, name, **args):
        return self.qmp.cmd(name, **args)

    def status(self):
        return self.cmd("query-status")["status"]

    def hmp(self, line):
        return self.cmd("human-monitor-command", **{"command-line": line})

    def wait_migration(self, statuses=("completed", "failed", "cancelled"),
                       timeout=MIGRATE_TIMEOUT):
        end = time.monotonic() + timeout
        while True:
            info = self.cmd("query-migrate")
            if info.get("status") in statuses:
                return info
            assert time.monotonic() < end, f"{self.name}: migration still {info}"
            time.sleep(0.02)

    def wait_status(self, wanted, timeout=MIGRATE_TIMEOUT):
        end = time.monotonic() + timeout
        while True:
            st = self.status()
            if st == wanted:
                return
            assert time.monotonic() < end, f"{self.name}: run state {st}, wanted {wanted}"
            time.sleep(0.02)

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.close()

    def close(self):
        if self.stderr is not None:
            return self.stderr
        if self.proc.poll() is None:
            try:
                self.qmp.cmd("quit")
            except Exception:
                self.proc.kill()
        try:
            _, err = self.proc.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            _, err = self.proc.communicate()
        for s in (self.qt, self.qmp):
            if s:
                s.close()
        self.stderr = (err or b"").decode(errors="replace")
        return self.stderr


@pytest.fixture
def workdir(tmp_path):
    """A directory whose socket paths fit sun_path."""
    d = tempfile.mkdtemp(prefix="mig-")
    yield d
    shutil.rmtree(d, ignore_errors=True)


@pytest.fixture
def vms(qemu_aarch64, workdir):
    """Start VMs with vms(name, *args, ...); all are stopped at the end."""
    started = []

    def start(name, *args, **kw):
        vm = VM(qemu_aarch64, workdir, name, args, **kw)
        started.append(vm)
        return vm
    yield start
    for vm in started:
        assert_no_sanitizer_report(vm.close())


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ---- guest state ----

def fill_guest(vm):
    """Write RAM patterns and program the UART and RTC; return what to expect."""
    rng = random.Random(0x5eed)
    regions = [
        (RAM, bytes(rng.getrandbits(8) for _ in range(64 * 1024))),
        (RAM + 0x123000, bytes(range(256)) * 64),
        (RAM + 0x2000000 - 100, b"straddles two pages " * 20),
        (RAM + RAM_SIZE - 4096, bytes(rng.getrandbits(8) for _ in range(4096))),
    ]
    for addr, data in regions:
        vm.write_bytes(addr, data)
    assert vm.qtest(f"memset {RAM + 0x400000:#x} {256 * 1024} 0xa5") == "OK"
    regions.append((RAM + 0x400000, b"\xa5" * (256 * 1024)))
    regions.append((RAM + 0x800000, bytes(8192)))        # untouched stays zero

    for off, value in UART_SETUP:
        vm.writel(UART + off, value)
    vm.writel(UART + 0x00, 0x41)                          # a character: TX interrupt raised
    uart = {off: vm.readl(UART + off) for off in UART_READABLE}
    assert uart[0x3c] & 0x20, "transmit interrupt should be pending"

    vm.writel(RTC + 0x08, 0x12345678)                     # LR: the count starts there
    vm.writel(RTC + 0x04, 0x12340000)                     # MR
    vm.writel(RTC + 0x10, 1)                              # IMSC
    rtc = {"mr": vm.readl(RTC + 0x04), "lr": vm.readl(RTC + 0x08),
           "im": vm.readl(RTC + 0x10), "dr": vm.readl(RTC + 0x00)}
    assert rtc["mr"] == 0x12340000 and rtc["im"] == 1
    return {"regions": regions, "uart": uart, "rtc": rtc}


def check_guest(vm, expected, rtc_slack=30):
    for addr, data in expected["regions"]:
        got = vm.read_bytes(addr, len(data))
        assert got == data, f"RAM at {addr:#x} differs after migration"
    uart = {off: vm.readl(UART + off) for off in UART_READABLE}
    assert uart == expected["uart"]
    rtc = expected["rtc"]
    assert vm.readl(RTC + 0x04) == rtc["mr"]
    assert vm.readl(RTC + 0x08) == rtc["lr"]
    assert vm.readl(RTC + 0x10) == rtc["im"]
    # The RTC keeps counting from where the source was (wall-clock seconds pass).
    dr = vm.readl(RTC + 0x00)
    assert rtc["dr"] <= dr <= rtc["dr"] + rtc_slack, (hex(rtc["dr"]), hex(dr))


def migrate_and_check(src, dst, uri, src_running=False, dst_expect="paused"):
    expected = fill_guest(src)
    src.cmd("migrate", uri=uri)
    info = src.wait_migration()
    assert info["status"] == "completed", info
    dst.wait_migration()
    assert dst.cmd("query-migrate") == {"status": "completed"}
    assert src.status() == "postmigrate"
    dst.wait_status(dst_expect)
    check_guest(dst, expected)
    return info


# ---- every channel ----

def test_migrate_exec_keeps_ram_and_devices(vms, workdir):
    path = os.path.join(workdir, "state")
    src = vms("src", "-S")
    expected = fill_guest(src)
    src.cmd("migrate", uri=f"exec:cat > {path}")
    assert src.wait_migration()["status"] == "completed"
    assert src.status() == "postmigrate"
    dst = vms("dst", "-incoming", f"exec:cat {path}")
    assert dst.wait_migration()["status"] == "completed"
    # The source was not running, so neither is the destination.
    dst.wait_status("paused")
    check_guest(dst, expected)


def test_migrate_tcp_resumes_a_running_guest(vms):
    port = free_port()
    dst = vms("dst", "-incoming", f"tcp:127.0.0.1:{port}")
    assert dst.status() == "inmigrate"
    src = vms("src")
    assert src.status() == "running"
    migrate_and_check(src, dst, f"tcp:127.0.0.1:{port}", dst_expect="running")


def test_migrate_tcp_to_a_paused_destination_stays_paused(vms):
    port = free_port()
    dst = vms("dst", "-S", "-incoming", f"tcp:127.0.0.1:{port}")
    src = vms("src")
    migrate_and_check(src, dst, f"tcp:127.0.0.1:{port}", dst_expect="paused")
    dst.cmd("cont")
    assert dst.status() == "running"


def test_migrate_unix_socket(vms, workdir):
    path = os.path.join(workdir, "mig.sock")
    dst = vms("dst", "-incoming", f"unix:{path}")
    src = vms("src", "-S")
    migrate_and_check(src, dst, f"unix:{path}", dst_expect="paused")


def send_fd(vm, fdname, fd):
    """getfd over the QMP socket, the descriptor riding along with SCM_RIGHTS."""
    vm.qmp._next_id += 1
    req = json.dumps({"execute": "getfd", "arguments": {"fdname": fdname},
                      "id": vm.qmp._next_id}).encode() + b"\n"
    vm.qmp.sock.sendmsg([req], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", [fd]))])
    rsp = vm.qmp.read_response()
    assert rsp == {"return": {}, "id": vm.qmp._next_id}, rsp


def test_migrate_fd_passed_with_getfd(vms):
    dst = vms("dst", "-incoming", "defer")
    assert dst.status() == "inmigrate"
    src = vms("src", "-S")
    a, b = socket.socketpair()
    send_fd(src, "migout", a.fileno())
    send_fd(dst, "migin", b.fileno())
    a.close()
    b.close()
    dst.cmd("migrate-incoming", uri="fd:migin")
    migrate_and_check(src, dst, "fd:migout", dst_expect="paused")
    # The descriptor was consumed: the name is gone from the monitor.
    with pytest.raises(QMPError) as e:
        src.cmd("closefd", fdname="migout")
    assert "migout" in e.value.desc


def test_migrate_fd_with_unknown_name_fails_cleanly(vms):
    src = vms("src")
    with pytest.raises(QMPError) as e:
        src.cmd("migrate", uri="fd:nosuchfd")
    assert e.value.desc == "File descriptor named 'nosuchfd' has not been found"
    assert src.status() == "running"
    assert src.cmd("query-migrate") == {}


def test_migrate_file_then_load_it(vms, workdir):
    path = os.path.join(workdir, "state.bin")
    src = vms("src")
    expected = fill_guest(src)
    src.cmd("migrate", uri=f"file:{path}")
    assert src.wait_migration()["status"] == "completed"
    with open(path, "rb") as f:
        assert f.read(8) == b"QEVM\x00\x00\x00\x03"
    dst = vms("dst", "-incoming", f"file:{path}")
    dst.wait_migration()
    # The source was running: the destination resumes.
    dst.wait_status("running")
    check_guest(dst, expected)


def test_uart_receive_fifo_migrates(vms, workdir):
    ser = os.path.join(workdir, "serial.sock")
    path = os.path.join(workdir, "state")
    src = vms("src", "-S", "-chardev", f"socket,id=s0,path={ser},server=on,wait=off",
              "-serial", "chardev:s0")
    src.writel(UART + 0x2c, 0x70)                        # FIFO on, 8 bits
    with socket.socket(socket.AF_UNIX) as peer:
        peer.connect(ser)
        peer.sendall(b"hi!")
        end = time.monotonic() + 10
        while src.readl(UART + 0x18) & 0x10:             # RXFE: still empty
            assert time.monotonic() < end, "characters never reached the UART"
            time.sleep(0.01)
        time.sleep(0.2)                                  # the rest of the chunk
        src.cmd("migrate", uri=f"exec:cat > {path}")
        assert src.wait_migration()["status"] == "completed"
    dst = vms("dst", "-incoming", f"exec:cat {path}")
    dst.wait_migration()
    got = bytes(dst.readl(UART) & 0xff for _ in range(3))
    assert got == b"hi!"
    assert dst.readl(UART + 0x18) & 0x10, "FIFO should be empty after reading three"


def test_rtc_without_tick_offset_subsection_uses_the_virtual_clock_offset(vms, workdir):
    path = os.path.join(workdir, "state")
    off = ("-global", "pl031.migrate-tick-offset=off")
    src = vms("src", "-S", *off)
    src.writel(RTC + 0x08, 0x01020304)
    before = src.readl(RTC)
    src.cmd("migrate", uri=f"exec:cat > {path}")
    assert src.wait_migration()["status"] == "completed"
    with open(path, "rb") as f:
        assert b"pl031/tick-offset" not in f.read()
    dst = vms("dst", *off, "-incoming", f"exec:cat {path}")
    dst.wait_migration()
    # Both virtual clocks stand still under qtest: the count is unchanged.
    assert dst.readl(RTC) == before


# ---- run states, events, cancel, failures ----

def test_events_report_each_state_and_pass(vms, workdir):
    path = os.path.join(workdir, "state")
    src = vms("src")
    src.cmd("migrate-set-capabilities",
            capabilities=[{"capability": "events", "state": True}])
    src.cmd("migrate", uri=f"exec:cat > {path}")
    seen = []
    while not seen or seen[-1] not in ("completed", "failed"):
        seen.append(src.qmp.wait_event("MIGRATION", timeout=MIGRATE_TIMEOUT)["data"]["status"])
    assert seen == ["setup", "active", "completed"]
    ev = src.qmp.wait_event("MIGRATION_PASS", timeout=5)
    assert isinstance(ev["data"]["pass"], int) and ev["data"]["pass"] >= 1
    assert src.qmp.wait_event("STOP", timeout=5)

    dst = vms("dst", "-incoming", "defer")
    dst.cmd("migrate-set-capabilities",
            capabilities=[{"capability": "events", "state": True}])
    dst.cmd("migrate-incoming", uri=f"exec:cat {path}")
    seen = []
    while not seen or seen[-1] not in ("completed", "failed"):
        seen.append(dst.qmp.wait_event("MIGRATION", timeout=MIGRATE_TIMEOUT)["data"]["status"])
    assert seen[-1] == "completed" and "active" in seen
    dst.qmp.wait_event("RESUME", timeout=5)


def test_query_migrate_after_completion_has_qemus_members(vms, workdir):
    src = vms("src", "-S")
    src.cmd("migrate", uri=f"exec:cat > {os.path.join(workdir, 'state')}")
    info = src.wait_migration()
    assert set(info) == {"status", "ram", "total-time", "downtime", "setup-time"}
    ram = info["ram"]
    assert set(ram) == {"transferred", "remaining", "total", "duplicate", "skipped", "normal",
                        "normal-bytes", "dirty-pages-rate", "mbps", "dirty-sync-count",
                        "postcopy-requests", "page-size", "multifd-bytes",
                        "pages-per-second", "precopy-bytes", "downtime-bytes",
                        "postcopy-bytes", "dirty-sync-missed-zero-copy"}
    assert ram["total"] == RAM_SIZE
    assert ram["page-size"] == 4096
    assert ram["remaining"] == 0
    # An untouched guest is all zero pages.
    assert ram["duplicate"] == RAM_SIZE // 4096 and ram["normal"] == 0
    assert 0 < ram["transferred"] < RAM_SIZE // 100
    assert ram["dirty-sync-count"] >= 1
    assert 0 <= info["downtime"] <= info["total-time"]


def start_slow_migration(src, uri):
    """A migration that takes long enough to catch in flight: 8 MiB of data
    at 1 MiB/s."""
    assert src.qtest(f"memset {RAM:#x} {8 << 20} 0x5a") == "OK"
    src.cmd("migrate-set-parameters", **{"max-bandwidth": 1 << 20})
    src.cmd("migrate", uri=uri)
    src.wait_migration(statuses=("active",))


def test_cancel_leaves_the_source_running(vms):
    src = vms("src")
    start_slow_migration(src, "exec:cat > /dev/null")
    info = src.cmd("query-migrate")
    assert info["status"] == "active"
    assert {"total-time", "expected-downtime", "setup-time", "ram"} <= set(info)
    src.cmd("migrate_cancel")
    assert src.wait_migration()["status"] == "cancelled"
    assert src.status() == "running"
    assert src.read_bytes(RAM, 16) == b"\x5a" * 16
    # And the next migration works.
    src.cmd("migrate-set-parameters", **{"max-bandwidth": 1 << 30})
    src.cmd("migrate", uri="exec:cat > /dev/null")
    assert src.wait_migration()["status"] == "completed"


def test_destination_dying_mid_stream_fails_the_source_which_keeps_running(vms):
    port = free_port()
    dst = vms("dst", "-incoming", f"tcp:127.0.0.1:{port}")
    src = vms("src")
    start_slow_migration(src, f"tcp:127.0.0.1:{port}")
    dst.proc.send_signal(signal.SIGKILL)
    dst.proc.wait(timeout=10)
    info = src.wait_migration()
    assert info["status"] == "failed"
    assert info.get("error-desc")
    assert src.status() == "running"
    assert src.read_bytes(RAM + 4096, 16) == b"\x5a" * 16


def saved_stream(vms, workdir):
    """A complete stream of a guest with some RAM data, as bytes."""
    path = os.path.join(workdir, "good")
    src = vms("src", "-S")
    src.write_bytes(RAM, b"data" * 1024)
    src.cmd("migrate", uri=f"file:{path}")
    assert src.wait_migration()["status"] == "completed"
    with open(path, "rb") as f:
        return f.read()


def load_broken(qemu_aarch64, workdir, data, *extra):
    path = os.path.join(workdir, "broken")
    with open(path, "wb") as f:
        f.write(data)
    proc = subprocess.run([qemu_aarch64, "-M", "virt", "-nodefaults", "-display", "none",
                           "-accel", "qtest", *extra, "-incoming", f"file:{path}"],
                          stdin=subprocess.DEVNULL, capture_output=True, timeout=30, env=ENV)
    assert_no_sanitizer_report(proc.stderr.decode(errors="replace"))
    return proc.returncode, proc.stderr.decode()


def test_truncated_stream_is_refused_with_an_error(qemu_aarch64, vms, workdir):
    data = saved_stream(vms, workdir)
    # The JSON description after the end marker is for tools, not for loading:
    # cut before the marker (0x00, then 0x06 and the JSON's length).
    eof = data.rindex(b'{"page_size"') - 6
    assert data[eof:eof + 2] == b"\x00\x06"
    for cut in (3, eof // 2, eof):
        rc, err = load_broken(qemu_aarch64, workdir, data[:cut])
        assert rc != 0, cut
        assert "load of migration failed" in err, err
        assert "Aborted" not in err and "Segmentation" not in err


def test_bit_flipped_streams_are_refused_with_an_error(qemu_aarch64, vms, workdir):
    data = saved_stream(vms, workdir)
    # In the magic, in a section name, in the machine type.
    at = data.index(b"pl011")
    for pos, bit in ((0, 0x01), (at + 1, 0x04), (data.index(b"virt-7.2") + 5, 0x02)):
        flipped = bytearray(data)
        flipped[pos] ^= bit
        rc, err = load_broken(qemu_aarch64, workdir, bytes(flipped))
        assert rc != 0, pos
        assert err.strip(), "no error message"
        assert "Aborted" not in err and "Segmentation" not in err
    flipped = bytearray(data)
    flipped[at + 1] ^= 0x04                      # "pl011" -> "ph011"
    rc, err = load_broken(qemu_aarch64, workdir, bytes(flipped))
    assert "ph011" in err and "Make sure that your current VM setup matches" in err, err


def test_stream_for_another_machine_type_names_both(qemu_aarch64, vms, workdir):
    data = saved_stream(vms, workdir)
    rc, err = load_broken(qemu_aarch64, workdir, data, "-M", "virt-6.2")
    assert rc != 0
    assert "virt-7.2" in err and "virt-6.2" in err, err


# ---- command errors ----

def test_migrate_refusals_use_qemus_words(vms, workdir):
    src = vms("src")
    for args, desc in (
            ({"uri": "bogus:x"}, None),
            ({"uri": "exec:true", "blk": True},
             "QEMU compiled without old-style (blk/-b, inc/-i) block migration"),
            ({"uri": "exec:true", "resume": True},
             "Cannot resume if there is no paused migration"),
            ({"uri": "tcp:127.0.0.1:1"}, None)):
        with pytest.raises(QMPError) as e:
            src.cmd("migrate", **args)
        if desc:
            assert e.value.desc == desc
        assert src.status() == "running"
    with pytest.raises(QMPError) as e:
        src.cmd("migrate-incoming", uri="tcp:127.0.0.1:0")
    assert e.value.desc == "'-incoming' was not specified on the command line"

    src.cmd("migrate", uri=f"file:{os.path.join(workdir, 'x')}")
    src.wait_migration()
    with pytest.raises(QMPError) as e:
        src.cmd("migrate", uri="exec:true")
    assert e.value.desc == "Can't migrate the vm that was paused due to previous migration"

    dst = vms("dst", "-incoming", "defer")
    with pytest.raises(QMPError) as e:
        dst.cmd("migrate", uri="exec:true")
    assert e.value.desc == "Guest is waiting for an incoming migration"
    dst.cmd("migrate-incoming", uri=f"file:{os.path.join(workdir, 'x')}")
    with pytest.raises(QMPError) as e:
        dst.cmd("migrate-incoming", uri="exec:true")
    assert e.value.desc == "The incoming migration has already been started"


def test_parameters_and_capabilities(vms):
    vm = vms("vm", qtest=False)
    assert vm.cmd("query-migrate-parameters") == {"max-bandwidth": 134217728,
                                                  "downtime-limit": 300}
    vm.cmd("migrate-set-parameters", **{"downtime-limit": 50, "max-bandwidth": 1 << 20})
    assert vm.cmd("query-migrate-parameters") == {"max-bandwidth": 1 << 20,
                                                  "downtime-limit": 50}
    # All or nothing: a bad value leaves the good one unapplied too.
    with pytest.raises(QMPError) as e:
        vm.cmd("migrate-set-parameters", **{"downtime-limit": 2000001, "max-bandwidth": 5})
    assert e.value.desc == ("Parameter 'downtime_limit' expects an integer in the range of "
                            "0 to 2000000 milliseconds")
    assert vm.cmd("query-migrate-parameters")["max-bandwidth"] == 1 << 20
    # What this build does not have is not accepted.
    with pytest.raises(QMPError):
        vm.cmd("migrate-set-parameters", **{"multifd-channels": 4})

    assert vm.cmd("query-migrate-capabilities") == [{"capability": "events", "state": False}]
    vm.cmd("migrate-set-capabilities", capabilities=[{"capability": "events", "state": True}])
    assert vm.cmd("query-migrate-capabilities") == [{"capability": "events", "state": True}]
    with pytest.raises(QMPError):
        vm.cmd("migrate-set-capabilities",
               capabilities=[{"capability": "postcopy-ram", "state": True}])

    assert vm.hmp("info migrate_parameters") == ("max-bandwidth: 1048576 bytes/second\r\n"
                                                 "downtime-limit: 50 ms\r\n")
    # HMP takes a bandwidth without a unit as MiB/s, as QEMU does.
    assert vm.hmp("migrate_set_parameter max-bandwidth 3") == ""
    assert vm.cmd("query-migrate-parameters")["max-bandwidth"] == 3 << 20
    assert vm.hmp("migrate_set_parameter max-bandwidth 512k") == ""
    assert vm.hmp("migrate_set_parameter downtime-limit 120") == ""
    assert vm.cmd("query-migrate-parameters") == {"max-bandwidth": 512 << 10,
                                                  "downtime-limit": 120}
    assert vm.hmp("migrate_set_parameter max-bandwidth lots") == "Error: Invalid size lots\r\n"
    assert vm.hmp("migrate_set_parameter downtime-limit abc").startswith(
        "Error: Parameter 'downtime-limit' expects a non-negative number below 2^64")
    assert vm.hmp("migrate_set_parameter bogus 1") == "Error: invalid parameter value: bogus\r\n"
    assert vm.hmp("migrate_set_capability events off") == ""
    assert vm.hmp("info migrate_capabilities") == "events: off\r\n"
    assert vm.hmp("migrate_set_capability xbzrle on") == \
        "Error: invalid parameter value: xbzrle\r\n"


def test_schema_lists_the_migration_commands_and_events(vms):
    vm = vms("vm", qtest=False)
    listed = {c["name"] for c in vm.cmd("query-commands")}
    assert {"migrate", "migrate-incoming", "migrate_cancel", "query-migrate",
            "migrate-set-parameters", "query-migrate-parameters", "migrate-set-capabilities",
            "query-migrate-capabilities"} <= listed
    by_name = {e["name"]: e for e in vm.cmd("query-qmp-schema")}
    for ev in ("MIGRATION", "MIGRATION_PASS"):
        assert by_name[ev]["meta-type"] == "event"
    status = by_name[by_name["MIGRATION"]["arg-type"]]["members"][0]
    assert "completed" in by_name[status["type"]]["values"]


# ---- the human monitor ----

class HMP:
    """An emulator with its monitor on stdio (pipes), read up to each prompt."""

    def __init__(self, binary, *args, cwd=None):
        self.proc = subprocess.Popen(
            [binary, "-M", "virt", "-nodefaults", "-nographic", "-monitor", "stdio", *args],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cwd,
            env=ENV)
        self.out = b""
        self.read_to_prompt()

    def read_to_prompt(self, timeout=MIGRATE_TIMEOUT):
        end = time.monotonic() + timeout
        while not self.out.endswith(b"(qemu) "):
            left = end - time.monotonic()
            assert left > 0, f"no prompt; got {self.out[-300:]!r}"
            ready, _, _ = select.select([self.proc.stdout], [], [], left)
            if ready:
                chunk = os.read(self.proc.stdout.fileno(), 65536)
                assert chunk, f"monitor closed; got {self.out[-300:]!r}"
                self.out += chunk
        text, self.out = self.out.decode(errors="replace"), b""
        return text.replace("\r", "")

    def run(self, line):
        """Send one command; return what it printed (without echo and prompt)."""
        self.proc.stdin.write(line.encode() + b"\n")
        self.proc.stdin.flush()
        text = self.read_to_prompt()
        # Readline echoes the line; the command's output follows it.
        body = text.split("\n", 1)[1] if "\n" in text else ""
        return body[:-len("(qemu) ")]

    def quit(self):
        try:
            self.proc.stdin.write(b"quit\n")
            self.proc.stdin.flush()
            self.proc.wait(timeout=10)
        except Exception:
            self.proc.kill()
            self.proc.wait()
        err = self.proc.stderr.read().decode(errors="replace")
        assert_no_sanitizer_report(err)
        return err


def test_hmp_acceptance_gzip_save_and_restore(qemu_aarch64, workdir):
    state = os.path.join(workdir, "STATEFILE.gz")
    src = HMP(qemu_aarch64, "-S")
    try:
        # Without -d the prompt comes back only when the migration is over.
        assert src.run(f'migrate "exec:gzip -c > {state}"') == ""
        info = src.run("info migrate")
        assert info.startswith("globals:\nstore-global-state: on\n")
        assert "\nMigration status: completed\n" in info
        assert re.search(r"\ntotal time: \d+ ms\ndowntime: \d+ ms\nsetup: \d+ ms\n", info), info
        assert "\ntransferred ram: " in info and "\ntotal ram: 131072 kbytes\n" in info
        assert src.run("info status") == "VM status: paused (postmigrate)\n"
    finally:
        src.quit()
    assert os.path.getsize(state) > 0

    dst = HMP(qemu_aarch64, "-incoming", f"exec:gzip -c -d {state}")
    try:
        end = time.monotonic() + MIGRATE_TIMEOUT
        while True:
            st = dst.run("info status")
            if st == "VM status: paused\n":
                break
            assert st == "VM status: paused (inmigrate)\n", st
            assert time.monotonic() < end
            time.sleep(0.05)
        assert "Migration status: completed\n" in dst.run("info migrate")
    finally:
        dst.quit()


def test_hmp_migrate_errors_and_detach(qemu_aarch64, workdir):
    vm = HMP(qemu_aarch64)
    try:
        out = vm.run("migrate tcp:127.0.0.1:1")
        assert out.startswith("Error: ") and "127.0.0.1:1" in out, out
        assert vm.run("info migrate").endswith("clear-bitmap-shift: 18\n")
        assert vm.run("migrate -b exec:true").startswith(
            "Error: QEMU compiled without old-style (blk/-b, inc/-i) block migration")
        assert vm.run("migrate_incoming exec:true") == \
            "Error: '-incoming' was not specified on the command line\n"
        # -d: back at once; the migration finishes on its own.
        assert vm.run(f"migrate -d exec:cat>{os.path.join(workdir, 's')}") == ""
        end = time.monotonic() + MIGRATE_TIMEOUT
        while "Migration status: completed" not in vm.run("info migrate"):
            assert time.monotonic() < end
            time.sleep(0.05)
        assert vm.run("info status") == "VM status: paused (postmigrate)\n"
    finally:
        vm.quit()


def test_hmp_migrate_waits_while_the_main_loop_serves_qmp(qemu_aarch64, workdir):
    qmp_path = os.path.join(workdir, "qmp.sock")
    vm = HMP(qemu_aarch64, "-qmp", f"unix:{qmp_path},server=on,wait=off")
    qmp = QMPConnection.connect_unix(qmp_path)
    try:
        qmp.negotiate()
        assert vm.run("migrate_set_parameter max-bandwidth 4k") == ""
        vm.proc.stdin.write(b"migrate exec:cat>/dev/null\ninfo status\n")
        vm.proc.stdin.flush()
        end = time.monotonic() + 10
        while qmp.cmd("query-migrate").get("status") != "active":
            assert time.monotonic() < end
            time.sleep(0.02)
        # No prompt while the migration runs; QMP is still answered.
        ready, _, _ = select.select([vm.proc.stdout], [], [], 0.3)
        pending = os.read(vm.proc.stdout.fileno(), 65536) if ready else b""
        assert b"(qemu) " not in pending, pending
        vm.out = pending
        qmp.cmd("migrate_cancel")
        # The queued command runs once the migration has ended.
        text = vm.read_to_prompt()
        if "VM status" not in text:
            text += vm.read_to_prompt()
        assert "VM status: running" in text, text
        assert qmp.cmd("query-migrate")["status"] == "cancelled"
    finally:
        qmp.close()
        vm.quit()


def test_hmp_migrate_through_qmp_cannot_wait(vms, workdir):
    vm = vms("vm", qtest=False)
    out = vm.hmp(f"migrate exec:cat>{os.path.join(workdir, 's')}")
    assert out == "terminal does not allow synchronous migration, continuing detached\r\n"
    assert vm.wait_migration()["status"] == "completed"


def test_hmp_shows_a_failed_migration_and_its_reason(qemu_aarch64, workdir):
    vm = HMP(qemu_aarch64)
    try:
        # Like QEMU: the prompt returns, the reason goes to stderr, and
        # info migrate has it too.
        assert vm.run('migrate "exec:exit 3"') == ""
        info = vm.run("info migrate")
        reason = re.search(r"Migration status: failed \((.+)\)\n", info)
        assert reason, info
        assert vm.run("info status") == "VM status: running\n"
    finally:
        err = vm.quit()
    assert f"qemu-system-aarch64: {reason.group(1)}\n" in err, err


# ---- -dump-vmstate ----

def test_dump_vmstate_describes_the_boards_devices(qemu_aarch64, workdir):
    path = os.path.join(workdir, "vmstate.json")
    proc = subprocess.run([qemu_aarch64, "-M", "virt", "-nodefaults", "-dump-vmstate", path],
                          capture_output=True, timeout=30, env=ENV)
    assert proc.returncode == 0, proc.stderr
    with open(path) as f:
        dump = json.load(f)
    assert dump["vmschkmachine"]["Name"].startswith("virt-")
    uart = dump["pl011"]["Description"]
    assert uart["version_id"] == 2
    assert [f["field"] for f in uart["Fields"]] == [
        "readbuff", "flags", "lcr", "rsr", "cr", "dmacr", "int_enabled", "int_level",
        "read_fifo", "ilpr", "ibrd", "fbrd", "ifl", "read_pos", "read_count", "read_trigger"]
    assert [s["name"] for s in uart["Subsections"]] == ["pl011/clock"]
    rtc = dump["pl031"]["Description"]
    assert [f["field"] for f in rtc["Fields"]] == ["tick_offset_vmstate", "mr", "lr", "cr",
                                                   "im", "is"]
    assert [s["name"] for s in rtc["Subsections"]] == ["pl031/tick-offset"]

    bad = subprocess.run([qemu_aarch64, "-M", "virt", "-nodefaults", "-dump-vmstate",
                          os.path.join(workdir, "no", "such", "dir.json")],
                         capture_output=True, timeout=30, env=ENV)
    assert bad.returncode != 0 and b"-dump-vmstate" in bad.stderr


def test_guest_virtual_time_travels_with_it(vms, workdir):
    """The "timer" section: the destination's virtual clock continues from the
    source's, so guest timers keep their meaning."""
    path = os.path.join(workdir, "time.bin")
    src = vms("src")
    assert src.qtest("clock_set 7000000000") == "OK 7000000000"
    src.cmd("migrate", uri=f"file:{path}")
    assert src.wait_migration()["status"] == "completed"
    dst = vms("dst", "-incoming", f"file:{path}")
    dst.wait_migration()
    assert dst.qtest("clock_step 0") == "OK 7000000000"


def test_vmstate_compat_check_flags_breaking_changes(qemu_aarch64, workdir):
    """scripts/vmstate-compat-check on real -dump-vmstate output: identical
    descriptions pass; a removed field and a removed section are reported."""
    import json
    import sys
    old = os.path.join(workdir, "old.json")
    subprocess.run([qemu_aarch64, "-M", "virt", "-nodefaults", "-display", "none",
                    "-dump-vmstate", old], check=True, timeout=30)
    script = os.path.join(os.path.dirname(__file__), "..", "..", "scripts",
                          "vmstate-compat-check")
    same = subprocess.run([sys.executable, script, old, old], capture_output=True, text=True)
    assert same.returncode == 0, same.stdout + same.stderr
    with open(old) as f:
        desc = json.load(f)
    fields = desc["pl011"]["Description"]["Fields"]
    desc["pl011"]["Description"]["Fields"] = fields[:-1]
    del desc["pl031"]
    new = os.path.join(workdir, "new.json")
    with open(new, "w") as f:
        json.dump(desc, f)
    broken = subprocess.run([sys.executable, script, old, new], capture_output=True, text=True)
    assert broken.returncode == 1
    assert "pl011" in broken.stdout + broken.stderr
    assert "pl031" in broken.stdout + broken.stderr

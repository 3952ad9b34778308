"""Live migration of a Linux guest in the middle of its disk writes.

The guest (guest/writes.sh) writes a stream of 4 KiB blocks, each stamped with
its index, to a virtio-scsi disk one O_DIRECT dd at a time.  After a first
batch it prints a mark; the host then migrates it over TCP to a second process
that uses the same image file.  The guest finishes its writes on the
destination, reads every block back through the device and prints its
verdict; the host then checks that the image holds exactly the blocks written.
"""
import os
import re
import socket
import time

import pytest

from linux_guest import BLOCK, KERNEL, Guest, linux_cmd, pattern
from qmp import QMPConnection, short_tmpdir

pytestmark = pytest.mark.skipif(not os.path.exists(KERNEL),
                                reason="debian-installer-12-netboot-arm64 is not installed")

DISK_SIZE = 32 << 20
BLOCKS = int(os.environ.get("EMU_MIGRATION_BLOCKS", "1024"))     # 4 MiB
MARK = 64
# Between two blocks the guest sleeps this long, so that the writes are still
# going when migration ends even on a fast host.
DELAY_US = int(os.environ.get("EMU_MIGRATION_DELAY_US", "5000"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def disk_args(img, transport):
    suffix = "device" if transport == "mmio" else "pci"
    return ["-drive", f"file={img},format=raw,if=none,id=d0",
            "-device", f"virtio-scsi-{suffix},id=scsi0",
            "-device", "scsi-hd,bus=scsi0.0,drive=d0"]


def diagnose(guest, qmp):
    """The destination's log and, if it still runs, where its vCPU is."""
    text = guest.log()
    if guest.proc.poll() is None:
        try:
            text += "\n--- destination still running: " + str(qmp.cmd("query-status"))
            for cmd in ("info registers", "info block"):
                text += f"\n--- {cmd} ---\n" + qmp.cmd("human-monitor-command",
                                                       **{"command-line": cmd})
        except Exception as e:          # the report is best effort
            text += f"\n(monitor: {e!r})"
    return text


def written_so_far(guest):
    counts = [int(n) for n in re.findall(rb"EMU-TEST: written (\d+)", guest.out)]
    return max(counts, default=0)


@pytest.mark.parametrize("transport", ["mmio", "pci"])
def test_guest_disk_writes_survive_live_migration(qemu_aarch64, linux_initramfs, tmp_path,
                                                  transport):
    tmp, _ = short_tmpdir(tmp_path)
    img = os.path.join(tmp, "disk.img")
    with open(img, "wb") as f:
        f.truncate(DISK_SIZE)
    port = free_port()
    uri = f"tcp:127.0.0.1:{port}"
    if os.environ.get("EMU_MIGRATION_UNIX"):
        uri = f"unix:{os.path.join(tmp, 'mig.sock')}"
    append = ["disk=sda", f"blocks={BLOCKS}", f"mark={MARK}", f"delay={DELAY_US}"]
    src_qmp, dst_qmp = os.path.join(tmp, "src.qmp"), os.path.join(tmp, "dst.qmp")
    src = Guest(linux_cmd(qemu_aarch64, linux_initramfs, "writes",
                          disk_args(img, transport) +
                          ["-qmp", f"unix:{src_qmp},server=on,wait=off"], append))
    dst = None
    sq = dq = None
    try:
        assert src.wait_for(rb"EMU-TEST: mark"), "no mark from the guest" + src.log()
        dst = Guest(linux_cmd(qemu_aarch64, linux_initramfs, "writes",
                              disk_args(img, transport) +
                              ["-qmp", f"unix:{dst_qmp},server=on,wait=off",
                               "-incoming", uri], append))
        sq = QMPConnection.connect_unix(src_qmp)
        dq = QMPConnection.connect_unix(dst_qmp, timeout=30)
        sq.negotiate()
        dq.negotiate()
        sq.cmd("migrate", uri=uri)
        end = time.monotonic() + 300
        info = {}
        while time.monotonic() < end:
            src.drain()
            info = sq.cmd("query-migrate")
            if info.get("status") in ("completed", "failed", "cancelled"):
                break
            time.sleep(0.2)
        assert info.get("status") == "completed", (info, src.log(), dst.log())
        # The source stopped in the middle of the writes.
        assert sq.cmd("query-status")["status"] == "postmigrate"
        src.pump(0.5)
        src.drain()
        before = written_so_far(src)
        assert b"all %d blocks written" % BLOCKS not in src.out, \
            "the guest finished before migration did: raise EMU_MIGRATION_BLOCKS" + src.log()

        verdict, detail = dst.result(timeout=120)
        assert verdict == "PASS", detail + diagnose(dst, dq) + "\nsource:" + src.log()
        assert dst.proc.returncode == 0, dst.log()
        # The destination went on from where the source stopped.
        assert b"EMU-TEST: start" not in dst.out, dst.log()
        assert written_so_far(dst) > before, dst.log()
        assert b"EMU-TEST: all %d blocks written" % BLOCKS in dst.out, dst.log()
    finally:
        for q in (sq, dq):
            if q:
                q.close()
        src.kill()
        if dst:
            dst.kill()

    with open(img, "rb") as f:
        data = f.read()
    expected = pattern(BLOCKS, "migrate")
    if data[:len(expected)] != expected:
        bad = [i for i in range(BLOCKS)
               if data[i * BLOCK:(i + 1) * BLOCK] != expected[i * BLOCK:(i + 1) * BLOCK]]
        pytest.fail(f"{len(bad)} blocks differ in the image, first {bad[:10]}: "
                    f"{data[bad[0] * BLOCK:bad[0] * BLOCK + 40]!r}")
    assert data[len(expected):] == bytes(DISK_SIZE - len(expected)), \
        "data beyond the written blocks"

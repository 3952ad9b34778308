"""The virtio devices as a Linux guest uses them: Debian's installer kernel
boots our initramfs (scripts/build-initramfs), loads Debian's own virtio
drivers and runs a test script from tests/functional/guest/ that prints its
verdict on the serial console.  Disks on virtio-blk and on virtio-scsi
(scsi-hd), each behind virtio-mmio and virtio-pci: the partition table is
scanned, host data reads back, guest writes land in the image file.
virtio-serial: a virtconsole and a named virtserialport on unix sockets carry
data both ways.  One boot takes a few seconds on the JIT.
"""
import hashlib
import os
import random
import socket
import time

import pytest

from linux_guest import (BLOCK, KERNEL, PART_START, Guest, linux_cmd, make_mbr_image,
                         pattern)
from qmp import short_tmpdir

pytestmark = pytest.mark.skipif(not os.path.exists(KERNEL),
                                reason="debian-installer-12-netboot-arm64 is not installed")

DISK_SIZE = 16 << 20
BLOCKS = 256                    # 1 MiB of pattern per region


def disk_args(kind, transport, img):
    drive = ["-drive", f"file={img},format=raw,if=none,id=d0"]
    suffix = "device" if transport == "mmio" else "pci"
    if kind == "blk":
        return drive + ["-device", f"virtio-blk-{suffix},drive=d0"]
    return drive + ["-device", f"virtio-scsi-{suffix},id=scsi0",
                    "-device", "scsi-hd,bus=scsi0.0,drive=d0"]


def read_at(path, offset, size):
    with open(path, "rb") as f:
        f.seek(offset)
        return f.read(size)


@pytest.mark.parametrize("transport", ["mmio", "pci"])
@pytest.mark.parametrize("kind,disk", [("blk", "vda"), ("scsi", "sda")],
                         ids=["virtio-blk", "virtio-scsi"])
def test_guest_partitions_reads_and_writes_a_disk(qemu_aarch64, linux_initramfs, tmp_path,
                                                 kind, disk, transport):
    img = str(tmp_path / "disk.img")
    part_sectors = make_mbr_image(img, DISK_SIZE)
    part = PART_START * 512
    host_data = pattern(BLOCKS, "host", first=BLOCKS)
    with open(img, "r+b") as f:
        f.seek(part + BLOCKS * BLOCK)
        f.write(host_data)

    guest = Guest(linux_cmd(qemu_aarch64, linux_initramfs, "disk",
                            disk_args(kind, transport, img),
                            [f"disk={disk}", f"blocks={BLOCKS}"]))
    try:
        verdict, detail = guest.result()
    finally:
        guest.kill()
    assert verdict == "PASS", detail + guest.log()
    assert guest.proc.returncode == 0, guest.log()
    assert guest.message(f"disk {disk} sectors") == str(DISK_SIZE // 512), guest.log()
    assert guest.message(f"partition {disk}1") == \
        f"start {PART_START} sectors {part_sectors}", guest.log()

    # What the guest wrote is in the file: O_DIRECT at block 0 and through
    # the page cache at block 2N; the host's region is untouched.
    ours = pattern(BLOCKS, f"guest-{disk}")
    assert read_at(img, part, len(ours)) == ours
    assert read_at(img, part + BLOCKS * BLOCK, len(host_data)) == host_data
    assert read_at(img, part + 2 * BLOCKS * BLOCK, len(ours)) == ours
    # Nothing strayed outside the partition's written regions.
    assert read_at(img, 512, part - 512) == bytes(part - 512)
    tail = part + 3 * BLOCKS * BLOCK
    assert read_at(img, tail, DISK_SIZE - tail) == bytes(DISK_SIZE - tail)


def test_guest_sees_several_disks_on_both_transports_at_once(qemu_aarch64, linux_initramfs,
                                                            tmp_path):
    """virtio-blk on mmio and pci plus virtio-scsi in one guest: each device
    gets its own disk and each disk its own file."""
    imgs = [str(tmp_path / f"d{i}.img") for i in range(3)]
    for img in imgs:
        make_mbr_image(img, DISK_SIZE)
    args = []
    for i, img in enumerate(imgs):
        args += ["-drive", f"file={img},format=raw,if=none,id=d{i}"]
    args += ["-device", "virtio-blk-device,drive=d0", "-device", "virtio-blk-pci,drive=d1",
             "-device", "virtio-scsi-device,id=scsi0", "-device", "scsi-hd,bus=scsi0.0,drive=d2"]
    guest = Guest(linux_cmd(qemu_aarch64, linux_initramfs, "partitions", args,
                            ["expect=vda1,vdb1,sda1"]))
    try:
        verdict, detail = guest.result()
    finally:
        guest.kill()
    assert verdict == "PASS", detail + guest.log()
    assert sorted(guest.message("partitions:").split()) == \
        ["sda", "sda1", "vda", "vda1", "vdb", "vdb1"], guest.log()


def connect_unix(path, proc, timeout=30):
    end = time.monotonic() + timeout
    while True:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            s.connect(path)
            return s
        except OSError:
            s.close()
            if proc.poll() is not None or time.monotonic() > end:
                raise
            time.sleep(0.05)


@pytest.mark.parametrize("transport", ["mmio", "pci"])
def test_virtio_serial_console_and_named_port_carry_data_both_ways(
        qemu_aarch64, linux_initramfs, tmp_path, transport):
    tmp, _ = short_tmpdir(tmp_path)
    paths = {"hvc0": os.path.join(tmp, "hvc0.sock"), "port": os.path.join(tmp, "port.sock")}
    rx = 3000
    rng = random.Random(7)
    send = {k: bytes(rng.randrange(256) for _ in range(rx)) for k in paths}
    suffix = "device" if transport == "mmio" else "pci"
    args = ["-device", f"virtio-serial-{suffix}",
            "-chardev", f"socket,id=c0,path={paths['hvc0']},server=on,wait=off",
            "-device", "virtconsole,chardev=c0",
            "-chardev", f"socket,id=c1,path={paths['port']},server=on,wait=off",
            "-device", "virtserialport,chardev=c1,name=org.test.0"]
    guest = Guest(linux_cmd(qemu_aarch64, linux_initramfs, "serial", args,
                            ["port=org.test.0", f"rx={rx}"]))
    socks = {}
    got = {k: b"" for k in paths}
    sent = set()
    hello = {"hvc0": b"hello from the guest on hvc0\n",
             "port": b"hello from the guest on org.test.0\n"}
    try:
        for k, p in paths.items():
            socks[k] = connect_unix(p, guest.proc)
            socks[k].setblocking(False)
        end = time.monotonic() + 180
        while time.monotonic() < end and guest.proc.poll() is None:
            guest.pump(0.1)
            for k, s in socks.items():
                try:
                    chunk = s.recv(65536)
                except BlockingIOError:
                    continue
                got[k] += chunk
                if k not in sent and hello[k] in got[k]:
                    s.setblocking(True)
                    s.sendall(send[k])
                    s.setblocking(False)
                    sent.add(k)
        verdict, detail = guest.result(timeout=10)
        for k, s in socks.items():
            try:
                while True:
                    chunk = s.recv(65536)
                    if not chunk:
                        break
                    got[k] += chunk
            except (BlockingIOError, OSError):
                pass
    finally:
        guest.kill()
        for s in socks.values():
            s.close()
    assert got["hvc0"].startswith(hello["hvc0"]), (got, guest.log())
    assert got["port"].startswith(hello["port"]), (got, guest.log())
    assert verdict == "PASS", detail + guest.log()
    assert guest.message("port org.test.0 is").startswith("/dev/vport"), guest.log()
    assert guest.message("port-rx-md5") == hashlib.md5(send["port"]).hexdigest(), guest.log()
    assert guest.message("hvc0-rx-md5") == hashlib.md5(send["hvc0"]).hexdigest(), guest.log()
    assert got["port"] == hello["port"] + b"bye from the guest on org.test.0\n", got["port"]
    assert got["hvc0"] == hello["hvc0"] + b"bye from the guest on hvc0\n", got["hvc0"]


def test_initramfs_boots_and_powers_off(qemu_aarch64, linux_initramfs):
    """The harness itself: every module loads and the machine powers off."""
    guest = Guest(linux_cmd(qemu_aarch64, linux_initramfs, "none"))
    try:
        verdict, detail = guest.result()
    finally:
        guest.kill()
    assert verdict == "PASS", detail + guest.log()
    assert b"insmod" not in guest.out, guest.log()
    assert "virtio_scsi" in guest.message("modules:"), guest.log()
    assert guest.proc.returncode == 0, guest.log()

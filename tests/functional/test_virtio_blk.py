"""virtio-blk-device in the real binary: the qtest protocol plays the guest
driver on virt's first virtio-mmio transport (legacy, as on QEMU), writing a
disk image through the device, reading it back, and carrying on with the same
rings after a migration to a second process; and the command-line errors."""
import os
import struct
import subprocess

import pytest

from test_migration import VM, free_port, workdir, vms  # noqa: F401 (fixtures)

MMIO = 0x0a003e00
RING = 0x40100000
DATA = 0x40200000
QSIZE = 16
SECTORS = 2048

T_IN, T_OUT, T_FLUSH, T_GET_ID = 0, 1, 4, 8
S_OK, S_IOERR = 0, 1


@pytest.fixture
def image(workdir):  # noqa: F811
    path = os.path.join(workdir, "disk.img")
    with open(path, "wb") as f:
        f.truncate(SECTORS * 512)
    return path


class Driver:
    """A legacy virtio-mmio driver for queue 0, state kept on the test side."""

    def __init__(self, vm):
        self.vm = vm
        self.desc = RING
        self.avail = RING + 16 * QSIZE
        self.used = (self.avail + 6 + 2 * QSIZE + 4095) & ~4095
        self.avail_idx = 0
        self.used_idx = 0

    def reg(self, off, value=None):
        if value is None:
            return self.vm.readl(MMIO + off)
        self.vm.writel(MMIO + off, value)
        return None

    def init(self):
        assert self.reg(0x000) == 0x74726976
        assert self.reg(0x008) == 2                      # block device
        self.reg(0x070, 0)
        self.reg(0x070, 1 | 2)
        self.reg(0x014, 0)
        features = self.reg(0x010)
        self.reg(0x024, 0)
        self.reg(0x020, features & ((1 << 9) | (1 << 6)))  # FLUSH, BLK_SIZE
        self.reg(0x028, 4096)
        self.vm.write_bytes(RING, bytes(3 * 4096))
        self.reg(0x030, 0)
        self.reg(0x038, QSIZE)
        self.reg(0x03c, 4096)
        self.reg(0x040, RING >> 12)
        self.reg(0x070, 1 | 2 | 4)
        return features

    def request(self, rtype, sector, data_len=0, data_in=False, payload=b""):
        """Submit header / data / status, wait for the used entry; returns
        (status, data read)."""
        hdr, buf, status = DATA, DATA + 0x1000, DATA + 0x100
        self.vm.write_bytes(hdr, struct.pack("<IIQ", rtype, 0, sector))
        if payload:
            self.vm.write_bytes(buf, payload)
        self.vm.write_bytes(status, b"\xee")
        chain = [(hdr, 16, 0)]
        if data_len:
            chain.append((buf, data_len, 2 if data_in else 0))
        chain.append((status, 1, 2))
        for i, (addr, length, flags) in enumerate(chain):
            nxt = i + 1 if i + 1 < len(chain) else 0
            flags |= 1 if i + 1 < len(chain) else 0
            self.vm.write_bytes(self.desc + 16 * i, struct.pack("<QIHH", addr, length, flags, nxt))
        self.vm.write_bytes(self.avail + 4 + 2 * (self.avail_idx % QSIZE), struct.pack("<H", 0))
        self.avail_idx = (self.avail_idx + 1) & 0xffff
        self.vm.write_bytes(self.avail + 2, struct.pack("<H", self.avail_idx))
        self.reg(0x050, 0)
        for _ in range(2000):
            idx = struct.unpack("<H", self.vm.read_bytes(self.used + 2, 2))[0]
            if idx != self.used_idx:
                break
        assert idx == (self.used_idx + 1) & 0xffff, "no completion"
        self.used_idx = idx
        data = self.vm.read_bytes(buf, data_len) if data_in and data_len else b""
        return self.vm.read_bytes(status, 1)[0], data


def disk_args(image, extra=""):
    return ["-drive", f"if=none,id=d0,format=raw,file={image}",
            "-device", f"virtio-blk-device,drive=d0,serial=FUNC-SERIAL{extra}"]


def test_guest_writes_reach_the_image_and_read_back(vms, image):  # noqa: F811
    vm = vms("vm", *disk_args(image))
    drv = Driver(vm)
    features = drv.init()
    assert features & (1 << 9) and features & (1 << 6)
    # Capacity in the config space.
    assert vm.readl(MMIO + 0x100) == SECTORS
    pattern = bytes((i * 13) & 0xff for i in range(1024))
    assert drv.request(T_OUT, 5, 1024, payload=pattern)[0] == S_OK
    assert drv.request(T_FLUSH, 0)[0] == S_OK
    with open(image, "rb") as f:
        f.seek(5 * 512)
        assert f.read(1024) == pattern
    assert drv.request(T_IN, 5, 1024, data_in=True) == (S_OK, pattern)
    status, ident = drv.request(T_GET_ID, 0, 20, data_in=True)
    assert status == S_OK and ident == b"FUNC-SERIAL" + bytes(9)
    assert drv.request(T_IN, SECTORS, 512, data_in=True)[0] == S_IOERR


def test_migration_carries_the_rings_and_the_disk_stays_shared(vms, image):  # noqa: F811
    # Both processes open the image; share-rw lets the destination take it
    # while the source still holds it (the same file stands for shared storage).
    port = free_port()
    dst = vms("dst", "-incoming", f"tcp:127.0.0.1:{port}", *disk_args(image, ",share-rw=on"))
    src = vms("src", *disk_args(image, ",share-rw=on"))
    drv = Driver(src)
    drv.init()
    pattern = b"migrated sector " * 32
    assert drv.request(T_OUT, 9, 512, payload=pattern)[0] == S_OK
    src.cmd("migrate", uri=f"tcp:127.0.0.1:{port}")
    assert src.wait_migration()["status"] == "completed"
    assert dst.wait_migration()["status"] == "completed"

    drv.vm = dst
    assert drv.reg(0x070) & 4, "DRIVER_OK lost in migration"
    assert drv.request(T_IN, 9, 512, data_in=True) == (S_OK, pattern)
    assert drv.used_idx == 2


def test_command_line_errors(qemu_aarch64, image):
    def run(*args):
        proc = subprocess.run([qemu_aarch64, "-M", "virt", "-S", "-nodefaults", "-display",
                               "none", *args], capture_output=True, timeout=20,
                              stdin=subprocess.DEVNULL)
        return proc.returncode, proc.stderr.decode()

    code, err = run("-device", "virtio-blk-device")
    assert code == 1
    assert err == "qemu-system-aarch64: -device virtio-blk-device: drive property not set\n"
    code, err = run("-drive", f"if=none,id=d0,format=raw,file={image}",
                    "-device", "virtio-blk-device,drive=d0,queue-size=100")
    assert code == 1
    assert err == ("qemu-system-aarch64: -device virtio-blk-device,drive=d0,queue-size=100: "
                   "invalid queue-size property (100), must be a power of 2 (max 1024)\n")

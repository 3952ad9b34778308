"""Helpers for the tests that boot a small Linux guest: Debian's installer
kernel with our initramfs (scripts/build-initramfs: busybox, the virtio/SCSI
modules, tests/functional/guest/), which runs one guest test script named on
the kernel command line and powers off.  Also disk images with an MBR and the
block pattern the guest scripts write (guest/common.sh: pattern_block).
"""
import hashlib
import os
import re
import select
import subprocess
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
KERNEL = "/usr/lib/debian-installer/images/12/arm64/text/debian-installer/arm64/linux"
BUILD_SCRIPT = os.path.join(ROOT, "scripts", "build-initramfs")
GUEST_DIR = os.path.join(ROOT, "tests", "functional", "guest")
CACHE = os.environ.get("EMU_GUEST_CACHE",
                       os.path.join(os.path.expanduser("~"), ".cache", "emu-guest"))
BLOCK = 4096
PART_START = 2048                      # first partition's first sector (1 MiB)
RESULT = re.compile(rb"EMU-TEST-RESULT: (PASS|FAIL) ([^\r\n]*)")
BOOT_TIMEOUT = float(os.environ.get("EMU_LINUX_TIMEOUT", "180"))


class Unavailable(Exception):
    """The kernel or the packages the initramfs is made from are missing."""


def initramfs():
    """Path of the test initramfs, built once per content of its inputs."""
    if not os.path.exists(KERNEL):
        raise Unavailable("debian-installer-12-netboot-arm64 is not installed")
    h = hashlib.sha256()
    for path in [BUILD_SCRIPT] + sorted(os.path.join(GUEST_DIR, n) for n in os.listdir(GUEST_DIR)):
        with open(path, "rb") as f:
            h.update(os.path.basename(path).encode() + b"\0" + f.read())
    if os.path.isdir(CACHE):
        h.update(" ".join(sorted(n for n in os.listdir(CACHE) if n.endswith(".deb"))).encode())
    out = os.path.join(CACHE, f"initramfs-{h.hexdigest()[:16]}.cpio.gz")
    if not os.path.exists(out):
        os.makedirs(CACHE, exist_ok=True)
        proc = subprocess.run([BUILD_SCRIPT, "--cache", CACHE, out], capture_output=True,
                              text=True, timeout=600)
        if proc.returncode == 2:
            raise Unavailable(proc.stderr.strip())
        assert proc.returncode == 0, proc.stderr
    return out


def pattern_block(index, tag):
    """The 4096 bytes guest/common.sh's pattern_block INDEX TAG prints."""
    text = "emu-block %08d %-4076s\n" % (index, tag)
    return text.replace(" ", ".").encode()


def pattern(count, tag, first=0):
    return b"".join(pattern_block(i, tag) for i in range(first, first + count))


def make_mbr_image(path, size, part_start=PART_START):
    """A raw image of SIZE bytes, zero-filled, with one Linux partition
    (type 0x83) from sector PART_START to the end.  Returns the partition's
    size in sectors."""
    sectors = size // 512 - part_start
    entry = bytes([0x00, 0xfe, 0xff, 0xff, 0x83, 0xfe, 0xff, 0xff])
    entry += part_start.to_bytes(4, "little") + sectors.to_bytes(4, "little")
    mbr = bytearray(512)
    mbr[440:444] = b"EMU1"                 # disk signature
    mbr[446:462] = entry
    mbr[510:512] = b"\x55\xaa"
    with open(path, "wb") as f:
        f.truncate(size)
        f.write(mbr)
    return sectors


def linux_cmd(binary, initrd, test, args=(), append=(), machine="virt", memory="512"):
    """The command line of a Linux guest running guest test TEST."""
    kargs = ["console=ttyAMA0", "panic=-1", f"test={test}", *append]
    return [binary, "-M", machine, "-cpu", "cortex-a57", "-m", memory, "-nographic",
            "-kernel", KERNEL, "-initrd", initrd, "-append", " ".join(kargs), *args]


class Guest:
    """A running Linux guest; its serial console is the process's stdout."""

    def __init__(self, cmd, cwd=None):
        self.cmd = cmd
        self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, cwd=cwd)
        self.out = b""
        self.err = b""

    def pump(self, timeout):
        """Read what arrives within TIMEOUT seconds.  Returns the number of
        bytes read, or None once both pipes are closed."""
        fds = [f for f in (self.proc.stdout, self.proc.stderr) if not f.closed]
        if not fds:
            return None
        ready, _, _ = select.select(fds, [], [], timeout)
        n = 0
        for f in ready:
            chunk = os.read(f.fileno(), 65536)
            if not chunk:
                f.close()
            elif f is self.proc.stdout:
                self.out += chunk
            else:
                self.err += chunk
            n += len(chunk)
        return n

    def drain(self):
        """Read what is already there without waiting."""
        while self.pump(0):
            pass

    def wait_for(self, regex, timeout=BOOT_TIMEOUT, start=0):
        """The first match of REGEX (bytes) in the console after offset START,
        or None if the guest stopped or TIMEOUT passed first."""
        rx = re.compile(regex)
        end = time.monotonic() + timeout
        while True:
            m = rx.search(self.out, start)
            if m:
                return m
            left = end - time.monotonic()
            if left <= 0 or self.pump(min(left, 0.5)) is None:
                return None

    def result(self, timeout=BOOT_TIMEOUT):
        """Wait for the guest's verdict and for the process to exit (the
        guest powers off); returns (verdict, detail) with verdict PASS, FAIL,
        or NONE if the guest printed none."""
        m = self.wait_for(RESULT, timeout)
        end = time.monotonic() + 30
        while self.proc.poll() is None and time.monotonic() < end:
            if self.pump(0.2) is None:
                break
        self.drain()
        if not m:
            return "NONE", ""
        return m.group(1).decode(), m.group(2).decode(errors="replace")

    def messages(self):
        """The guest's EMU-TEST: lines, without the prefix."""
        return [m.decode(errors="replace").rstrip("\r")
                for m in re.findall(rb"EMU-TEST: ([^\n]*)", self.out)]

    def message(self, prefix):
        """The text after PREFIX of the guest's first EMU-TEST: PREFIX line."""
        for line in self.messages():
            if line.startswith(prefix):
                return line[len(prefix):].strip()
        return None

    def log(self):
        """What a failing test shows: the command, console tail and stderr."""
        return ("\ncommand: " + " ".join(self.cmd) +
                "\n--- console (tail) ---\n" + self.out[-4000:].decode(errors="replace") +
                "\n--- stderr ---\n" + self.err[-2000:].decode(errors="replace"))

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)
        for f in (self.proc.stdout, self.proc.stderr):
            if not f.closed:
                f.close()

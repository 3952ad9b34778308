"""Seed 000: two virtio-scsi HBAs on virtio-mmio, each with a scsi-hd, driven
from the human monitor on stdio, as in the bug report's reproducer.

From virt-2.7 on, each transport's base address is part of the device paths,
so the two disks' sections are told apart ("virtio-mmio@000000000a003e00/..."
and ".../000000000a003c00/..."): migration saves and a fresh process loads
the stream.  On virt-2.6 the paths clash: the machine starts with a warning
and migration is refused with a message naming the sections; the process keeps
running.  The reporter's literal line opens one image twice and must stop on
the image lock.
"""
import os
import re
import select
import subprocess
import time

import pytest

TIMEOUT = 60


def seed_args(machine, img0, img1):
    return ["-machine", f"{machine},accel=tcg", "-nodefaults", "-no-user-config",
            "-nographic", "-monitor", "stdio",
            "-device", "virtio-scsi-device,id=scsi0",
            "-device", "virtio-scsi-device,id=scsi1",
            "-drive", f"file={img0},format=raw,if=none,id=d0",
            "-device", "scsi-hd,bus=scsi0.0,drive=d0",
            "-drive", f"file={img1},format=raw,if=none,id=d1",
            "-device", "scsi-hd,bus=scsi1.0,drive=d1"]


class Monitor:
    """An emulator with its HMP monitor on stdin/stdout pipes."""

    def __init__(self, binary, args, cwd):
        self.proc = subprocess.Popen([binary, *args], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cwd)
        self.out = b""
        self.greeting = self.read_to_prompt()

    def read_to_prompt(self, timeout=TIMEOUT):
        end = time.monotonic() + timeout
        while not self.out.endswith(b"(qemu) "):
            left = end - time.monotonic()
            if left <= 0 or self.proc.poll() is not None:
                raise AssertionError(f"no monitor prompt; got {self.out[-500:]!r}, "
                                     f"exit {self.proc.poll()}, stderr {self.stderr_now()!r}")
            ready, _, _ = select.select([self.proc.stdout], [], [], min(left, 0.5))
            if ready:
                chunk = os.read(self.proc.stdout.fileno(), 65536)
                if not chunk:
                    raise AssertionError(f"monitor closed; got {self.out[-500:]!r}, "
                                         f"stderr {self.stderr_now()!r}")
                self.out += chunk
        text, self.out = self.out.decode(errors="replace"), b""
        return text.replace("\r", "")

    def stderr_now(self):
        if self.proc.poll() is None:
            return "(still running)"
        return self.proc.stderr.read().decode(errors="replace")

    def run(self, line, timeout=TIMEOUT):
        """One command's output, without the echoed line and the prompt."""
        self.proc.stdin.write(line.encode() + b"\n")
        self.proc.stdin.flush()
        text = self.read_to_prompt(timeout)
        body = text.split("\n", 1)[1] if "\n" in text else ""
        return body[:-len("(qemu) ")]

    def wait_status(self, wanted, timeout=TIMEOUT):
        end = time.monotonic() + timeout
        while True:
            st = self.run("info status")
            if st == wanted:
                return
            assert time.monotonic() < end, f"status {st!r}, wanted {wanted!r}"
            time.sleep(0.1)

    def quit(self):
        """Quit; return stderr."""
        try:
            self.proc.stdin.write(b"quit\n")
            self.proc.stdin.flush()
            self.proc.wait(timeout=20)
        except (OSError, subprocess.TimeoutExpired):
            self.proc.kill()
            self.proc.wait()
        err = self.proc.stderr.read().decode(errors="replace")
        self.proc.stdout.close()
        self.proc.stderr.close()
        return err


def section_names(stream):
    """Section id strings of a QEVM stream: SECTION_START (0x01) and
    SECTION_FULL (0x04) records carry type, section id (be32), a length byte
    and the name.  Found by scanning, checked by their length byte."""
    assert stream[:8] == b"QEVM\x00\x00\x00\x03", stream[:8]
    names = set()
    for m in re.finditer(rb"(?=[\x01\x04][\x00-\xff]{4}([\x01-\xff]))", stream):
        n = m.group(1)[0]
        start = m.start() + 6
        name = stream[start:start + n]
        if len(name) == n and re.fullmatch(rb"[\x21-\x7e]+", name) and \
                stream[start + n:start + n + 1] == b"\x00":
            names.add(name.decode())
    return names


@pytest.fixture
def images(tmp_path):
    for name in ("foo.img", "bar.img"):
        with open(tmp_path / name, "wb") as f:
            f.truncate(4 << 20)
    return tmp_path


@pytest.mark.parametrize("machine", ["virt-2.7", "virt"])
def test_seed000_two_hbas_migrate_with_transport_addresses_in_section_names(
        qemu_aarch64, images, machine):
    stream = images / "s"
    src = Monitor(qemu_aarch64, seed_args(machine, "foo.img", "bar.img"), images)
    try:
        assert src.run(f'migrate "exec:cat > {stream}"') == ""
        info = src.run("info migrate")
        assert "Migration status: completed" in info, info
        assert src.run("info status") == "VM status: paused (postmigrate)\n"
    finally:
        err = src.quit()
    assert "warning" not in err.lower(), err

    data = stream.read_bytes()
    names = section_names(data)
    for base in ("000000000a003e00", "000000000a003c00"):
        mine = {n for n in names if n.startswith(f"virtio-mmio@{base}/")}
        # QEMU's names: the HBA's own section and its disk's at 0:0:0.
        assert f"virtio-mmio@{base}/virtio-scsi" in mine, sorted(names)
        assert f"virtio-mmio@{base}/0:0:0/scsi-disk" in mine, sorted(names)
    assert "0:0:0/scsi-disk" not in names, sorted(names)

    dst = Monitor(qemu_aarch64, seed_args(machine, "foo.img", "bar.img") +
                  ["-incoming", f"exec:cat {stream}"], images)
    try:
        # The source was running, so the destination runs once loaded (no -S).
        dst.wait_status("VM status: running\n")
        assert "Migration status: completed" in dst.run("info migrate")
    finally:
        err = dst.quit()
    assert "error" not in err.lower(), err


def test_seed000_on_virt_2_6_warns_and_refuses_to_migrate_but_keeps_running(
        qemu_aarch64, images):
    vm = Monitor(qemu_aarch64, seed_args("virt-2.6", "foo.img", "bar.img"), images)
    try:
        out = vm.run(f'migrate "exec:cat > {images / "s"}"')
        out += vm.run("info migrate")
        assert "0:0:0/scsi-disk" in out, out
        assert "Migration status: completed" not in out, out
        assert vm.run("info status") == "VM status: running\n"
        assert vm.proc.poll() is None
    finally:
        err = vm.quit()
    assert vm.proc.returncode == 0, err
    assert "warning:" in err and "'0:0:0/scsi-disk'" in err, err
    assert not (images / "s").exists() or (images / "s").stat().st_size == 0


def test_seed000_literal_line_stops_on_the_image_lock(qemu_aarch64, images):
    proc = subprocess.run([qemu_aarch64, *seed_args("virt-2.6", "foo.img", "foo.img")],
                          cwd=images, stdin=subprocess.DEVNULL, capture_output=True,
                          timeout=TIMEOUT)
    err = proc.stderr.decode(errors="replace")
    assert proc.returncode == 1, (proc.returncode, err)
    # QEMU's words: each -drive takes write permission sharing everything, so
    # the first scsi-hd, which does not share writes, finds the other drive's
    # write lock ("shared" is in the message when it is the other holder's
    # permission, not its sharing, that clashes).
    assert re.search(r'^qemu-system-aarch64: -device scsi-hd,bus=scsi[01]\.0,drive=d[01]: '
                     r'Failed to get (shared )?"write" lock\n'
                     r'Is another process using the image \[foo\.img\]\?\n', err, re.M), err
    assert "Assertion" not in err, err

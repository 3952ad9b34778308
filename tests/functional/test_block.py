"""The block layer from the command line: -drive and -blockdev (key=value and
JSON), QEMU's errors for missing files, unknown formats and options, the
probing warning, info block / query-block, and image locks that another
QEMU (or another of us) sees."""
import fcntl
import os
import struct
import subprocess
import time

import pytest

from qmp import Machine, QMPError

NODEF = ["-M", "virt", "-S", "-nodefaults", "-display", "none"]
F_OFD_SETLK = 37
F_OFD_GETLK = 36


@pytest.fixture
def image(tmp_path):
    path = tmp_path / "disk.img"
    with open(path, "wb") as f:
        f.truncate(1 << 20)
    return str(path)


def run(binary, *args, stdin=b"", timeout=20):
    proc = subprocess.run([binary, *NODEF, *args], input=stdin, capture_output=True,
                          timeout=timeout)
    return proc.returncode, proc.stdout.decode().replace("\r\n", "\n"), proc.stderr.decode()


def hmp(binary, commands, *args):
    code, out, err = run(binary, *args, "-monitor", "stdio", stdin=commands.encode())
    assert code == 0, err
    return out, err


def answer(out, command):
    marker = f"(qemu) {command}\n"
    assert marker in out, out
    return out.split(marker, 1)[1].split("(qemu) ", 1)[0]


def has_device(binary, name):
    proc = subprocess.run([binary, "-device", "help"], capture_output=True, timeout=20)
    return f'name "{name}"' in proc.stdout.decode()


def ofd_lock(fd, byte):
    fl = struct.pack("hhqqi4x", fcntl.F_RDLCK, os.SEEK_SET, byte, 1, 0)
    fcntl.fcntl(fd, F_OFD_SETLK, fl)


def ofd_locked(path, byte):
    """Whether some open file description holds a lock on byte."""
    fd = os.open(path, os.O_RDONLY)
    try:
        fl = struct.pack("hhqqi4x", fcntl.F_WRLCK, os.SEEK_SET, byte, 1, 0)
        return struct.unpack("hhqqi4x", fcntl.fcntl(fd, F_OFD_GETLK, fl))[0] != fcntl.F_UNLCK
    finally:
        os.close(fd)


def test_missing_file(qemu_aarch64, tmp_path):
    missing = str(tmp_path / "nope.img")
    arg = f"file={missing},format=raw,if=none"
    code, _, err = run(qemu_aarch64, "-drive", arg)
    assert code == 1
    assert err == (f"qemu-system-aarch64: -drive {arg}: Could not open '{missing}': "
                   "No such file or directory\n")


def test_unknown_format_and_option(qemu_aarch64, image):
    arg = f"file={image},format=qcow9,if=none"
    code, _, err = run(qemu_aarch64, "-drive", arg)
    assert code == 1
    assert err == f"qemu-system-aarch64: -drive {arg}: Unknown driver 'qcow9'\n"

    arg = f"file={image},format=raw,if=none,bogus=1"
    code, _, err = run(qemu_aarch64, "-drive", arg)
    assert code == 1
    assert err.endswith(f"-drive {arg}: Block format 'raw' does not support the option "
                        "'bogus'\n")

    arg = f"driver=raw,node-name=d,file.driver=file,file.filename={image},bogus=1"
    code, _, err = run(qemu_aarch64, "-blockdev", arg)
    assert code == 1
    assert err.endswith(f"-blockdev {arg}: Parameter 'bogus' is unexpected\n")

    code, _, err = run(qemu_aarch64, "-drive", f"file={image},if=none,cache=fast")
    assert code == 1 and err.endswith(": invalid cache option\n")


def test_probing_warning(qemu_aarch64, image):
    out, err = hmp(qemu_aarch64, "quit\n", "-drive", f"file={image},if=none")
    assert err == (f"WARNING: Image format was not specified for '{image}' and probing "
                   "guessed raw.\n"
                   "         Automatically detecting the format is dangerous for raw "
                   "images, write operations on block 0 will be restricted.\n"
                   "         Specify the 'raw' format explicitly to remove the "
                   "restrictions.\n")
    # Explicit format, or read-only: no warning.
    _, err = hmp(qemu_aarch64, "quit\n", "-drive", f"file={image},if=none,format=raw")
    assert err == ""


def test_if_scsi_has_no_controller_on_virt(qemu_aarch64, image):
    arg = f"file={image},format=raw,if=scsi"
    code, _, err = run(qemu_aarch64, "-drive", arg)
    assert code == 1
    assert err == (f"qemu-system-aarch64: -drive {arg}: machine type does not support "
                   "if=scsi,bus=0,unit=0\n")


def test_info_block(qemu_aarch64, image):
    out, _ = hmp(qemu_aarch64, "info block\nquit\n",
                 "-drive", f"file={image},format=raw,if=none,id=d0,node-name=n0",
                 "-drive", f"file={image},format=raw,if=none,readonly=on,cache=none,"
                 "file.locking=off",
                 "-drive", "if=none,id=empty")
    assert answer(out, "info block") == (
        f"d0 (n0): {image} (raw)\n"
        "    Removable device: not locked, tray closed\n"
        "    Cache mode:       writeback\n"
        "\n"
        f"none1 (#block001): {image} (raw, read-only)\n"
        "    Removable device: not locked, tray closed\n"
        "    Cache mode:       writeback, direct\n"
        "\n"
        "empty: [not inserted]\n"
        "    Removable device: not locked, tray closed\n")


def test_blockdev_key_value_and_json(qemu_aarch64, image, tmp_path):
    kv = f"driver=raw,node-name=disk0,file.driver=file,file.filename={image}"
    js = ('{"driver":"raw","node-name":"disk1","read-only":true,'
          f'"file":{{"driver":"file","filename":"{image}"}}}}')
    out, _ = hmp(qemu_aarch64, "info block -n\nquit\n", "-blockdev", kv, "-blockdev", js,
                 "-blockdev", f"driver=file,node-name=f2,filename={image}")
    assert answer(out, "info block -n") == (
        f"disk0: {image} (raw)\n"
        "    Cache mode:       writeback\n"
        "\n"
        f"disk1: {image} (raw, read-only)\n"
        "    Cache mode:       writeback\n"
        "\n"
        f"f2: {image} (file)\n"
        "    Cache mode:       writeback\n")
    code, _, err = run(qemu_aarch64, "-blockdev", "driver=raw,file.driver=file")
    assert code == 1
    assert err.endswith("'node-name' must be specified for the root node\n")


def test_query_block(qemu_aarch64, image, tmp_path):
    with Machine(qemu_aarch64, tmp_path,
                 ["-drive", f"file={image},format=raw,if=none,id=d0,cache=writethrough"]) as m:
        info = m.qmp.cmd("query-block")
    assert len(info) == 1
    b = info[0]
    assert b["device"] == "d0"
    assert b["type"] == "unknown"
    assert b["removable"] is True and b["locked"] is False
    ins = b["inserted"]
    assert ins["file"] == image and ins["drv"] == "raw" and ins["ro"] is False
    assert ins["node-name"].startswith("#block")
    assert ins["cache"] == {"writeback": False, "direct": False, "no-flush": False}
    assert ins["image"]["filename"] == image
    assert ins["image"]["format"] == "raw"
    assert ins["image"]["virtual-size"] == 1 << 20
    assert ins["encrypted"] is False and ins["bps"] == 0


def test_lock_held_by_another_qemu(qemu_aarch64, image):
    """Another QEMU writing without share-rw holds bytes 100, 101 and 201."""
    fd = os.open(image, os.O_RDWR)
    try:
        for byte in (100, 101, 201):
            ofd_lock(fd, byte)
        arg = f"file={image},format=raw,if=none,id=d0"
        code, _, err = run(qemu_aarch64, "-drive", arg)
        assert code == 1
        assert err == (f"qemu-system-aarch64: -drive {arg}: Failed to get \"write\" lock\n"
                       f"Is another process using the image [{image}]?\n")
        # Read-only users and locking=off are not stopped by it.
        for extra in ("readonly=on", "file.locking=off"):
            _, err = hmp(qemu_aarch64, "quit\n", "-drive", f"{arg},{extra}")
            assert err == ""
    finally:
        os.close(fd)


def test_our_locks_seen_by_others(qemu_aarch64, image, tmp_path):
    with Machine(qemu_aarch64, tmp_path,
                 ["-drive", f"file={image},format=raw,if=none,id=d0"]):
        # The drive claims consistent read and write, and shares everything.
        assert [ofd_locked(image, b) for b in (100, 101, 102, 200, 201)] == \
            [True, True, False, False, False]
    assert not ofd_locked(image, 100)


@pytest.mark.parametrize("device", ["virtio-blk-pci", "scsi-hd"])
def test_two_processes_one_image(qemu_aarch64, image, tmp_path, device):
    if not has_device(qemu_aarch64, device):
        pytest.skip(f"{device} not built yet")
    extra = ["-device", "virtio-scsi-pci"] if device == "scsi-hd" else []
    if extra and not has_device(qemu_aarch64, "virtio-scsi-pci"):
        pytest.skip("virtio-scsi-pci not built yet")
    drive = f"file={image},format=raw,if=none,id=d0"
    with Machine(qemu_aarch64, tmp_path, ["-drive", drive, *extra, "-device",
                                          f"{device},drive=d0"]):
        assert ofd_locked(image, 201)
        code, _, err = run(qemu_aarch64, "-drive", drive)
        assert code == 1
        assert err == (f"qemu-system-aarch64: -drive {drive}: Failed to get \"write\" lock\n"
                       f"Is another process using the image [{image}]?\n")


def test_incoming_destination_waits_for_the_locks(qemu_aarch64, image, tmp_path):
    """A destination opens the images without locking them: the source has them."""
    fd = os.open(image, os.O_RDWR)
    try:
        for byte in (100, 101, 201):
            ofd_lock(fd, byte)
        with Machine(qemu_aarch64, tmp_path, ["-drive", f"file={image},format=raw,if=none",
                                              "-incoming", "defer"]) as m:
            assert m.qmp.cmd("query-status")["status"] == "inmigrate"
    finally:
        os.close(fd)


def test_migration_hands_the_image_over(qemu_aarch64, image, tmp_path):
    if not has_device(qemu_aarch64, "virtio-blk-pci"):
        pytest.skip("virtio-blk-pci not built yet")
    args = ["-drive", f"file={image},format=raw,if=none,id=d0",
            "-device", "virtio-blk-pci,drive=d0"]
    sock = str(tmp_path / "mig.sock")
    (tmp_path / "src").mkdir()
    (tmp_path / "dst").mkdir()
    with Machine(qemu_aarch64, tmp_path / "src", args) as src, \
            Machine(qemu_aarch64, tmp_path / "dst", args + ["-incoming", f"unix:{sock}"]) as dst:
        src.qmp.cmd("migrate", uri=f"unix:{sock}")
        for _ in range(300):
            if src.qmp.cmd("query-migrate").get("status") == "completed":
                break
            time.sleep(0.05)
        for _ in range(300):
            if dst.qmp.cmd("query-status")["status"] != "inmigrate":
                break
            time.sleep(0.05)
        assert dst.qmp.cmd("query-status")["status"] == "running"
        # The destination's device now holds the write lock...
        assert ofd_locked(image, 201)
        # ...so the source cannot take its image back.
        with pytest.raises(QMPError) as e:
            src.qmp.cmd("cont")
        assert e.value.desc == 'Failed to get "write" lock'

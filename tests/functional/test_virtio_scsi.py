"""virtio-scsi and scsi-hd from the command line and the monitors: QEMU's
errors for a disk without a drive and for a taken address, bus naming
(scsi0.0), device_add/device_del of a disk, and the migration section ids
-dump-vmstate shows for two HBAs on virt (seed 000)."""
import json
import subprocess

import pytest

from qmp import Machine

NODEF = ["-M", "virt", "-S", "-nodefaults", "-display", "none"]


@pytest.fixture
def images(tmp_path):
    paths = []
    for name in ("a.img", "b.img", "c.img"):
        path = tmp_path / name
        with open(path, "wb") as f:
            f.truncate(1 << 20)
        paths.append(str(path))
    return paths


def drive(path, ident):
    return ["-drive", f"file={path},format=raw,if=none,id={ident}"]


def run(binary, *args, machine=NODEF, timeout=20):
    proc = subprocess.run([binary, *machine, *args], capture_output=True, timeout=timeout,
                          stdin=subprocess.DEVNULL)
    return proc.returncode, proc.stderr.decode()


def test_scsi_hd_needs_a_drive(qemu_aarch64):
    code, err = run(qemu_aarch64, "-device", "virtio-scsi-device,id=scsi0",
                    "-device", "scsi-hd,bus=scsi0.0")
    assert code == 1
    assert err == "qemu-system-aarch64: -device scsi-hd,bus=scsi0.0: drive property not set\n"


def test_address_taken_and_out_of_range(qemu_aarch64, images):
    args = ["-device", "virtio-scsi-device,id=scsi0", *drive(images[0], "d0"),
            *drive(images[1], "d1"), "-device", "scsi-hd,id=first,bus=scsi0.0,drive=d0"]
    code, err = run(qemu_aarch64, *args, "-device", "scsi-hd,bus=scsi0.0,drive=d1,scsi-id=0,lun=0")
    assert code == 1
    assert err.endswith(": lun already used by 'first'\n"), err
    code, err = run(qemu_aarch64, *args, "-device", "scsi-hd,bus=scsi0.0,drive=d1,scsi-id=256")
    assert code == 1
    assert err.endswith(": bad scsi device id: 256\n"), err
    # Only the address is taken: the next free scsi-id is picked.
    code, err = run(qemu_aarch64, *args, "-device", "scsi-hd,bus=scsi0.0,drive=d1",
                    "-dump-vmstate", "/dev/null")
    assert code == 0, err


def test_hotplug_and_unplug_a_disk(qemu_aarch64, images, tmp_path):
    with Machine(qemu_aarch64, tmp_path, ["-S", "-device", "virtio-scsi-device,id=scsi0",
                                          *drive(images[0], "d0")]) as m:
        m.qmp.cmd("device_add", driver="scsi-hd", id="hot", bus="scsi0.0", drive="d0")
        tree = m.qmp.cmd("human-monitor-command", **{"command-line": "info qtree"})
        assert 'dev: scsi-hd, id "hot"' in tree
        m.qmp.cmd("device_del", id="hot")
        event = m.qmp.wait_event("DEVICE_DELETED")
        assert event["data"]["device"] == "hot"
        tree = m.qmp.cmd("human-monitor-command", **{"command-line": "info qtree"})
        assert "scsi-hd" not in tree


def test_two_hbas_have_distinct_sections(qemu_aarch64, images, tmp_path):
    out = tmp_path / "vmstate.json"
    code, err = run(qemu_aarch64,
                    "-device", "virtio-scsi-device,id=scsi0",
                    "-device", "virtio-scsi-device,id=scsi1",
                    *drive(images[0], "d0"), *drive(images[1], "d1"),
                    "-device", "scsi-hd,bus=scsi0.0,drive=d0",
                    "-device", "scsi-hd,bus=scsi1.0,drive=d1",
                    "-dump-vmstate", str(out),
                    machine=["-M", "virt-2.7", "-S", "-nodefaults", "-display", "none"])
    assert code == 0, err
    sections = json.loads(out.read_text())
    for name in ("virtio-mmio@000000000a003e00/0:0:0/scsi-disk",
                 "virtio-mmio@000000000a003c00/0:0:0/scsi-disk",
                 "virtio-mmio@000000000a003e00/virtio-scsi",
                 "virtio-mmio@000000000a003c00/virtio-scsi"):
        assert name in sections, sorted(sections)
    disk = sections["virtio-mmio@000000000a003e00/0:0:0/scsi-disk"]
    assert disk["Name"] == "scsi-disk"
    fields = [f["field"] for f in disk["Description"]["Fields"]]
    assert fields == ["qdev", "media_changed", "media_event", "eject_request", "tray_open",
                      "tray_locked"]

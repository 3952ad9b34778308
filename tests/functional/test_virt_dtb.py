"""The virt board's device tree: -machine dumpdtb shows what the machine has,
-dtb replaces it, and a bad -dtb file is refused."""
import shutil
import subprocess

import pytest

NODEF = ["-nodefaults", "-no-user-config", "-display", "none"]


def dump_dts(binary, tmp_path, *args):
    dtb = tmp_path / "v.dtb"
    proc = subprocess.run([binary, "-M", "virt", *NODEF, *args, "-machine",
                           f"dumpdtb={dtb}"], capture_output=True, text=True, timeout=20)
    assert proc.returncode == 0, proc.stderr
    if not shutil.which("dtc"):
        pytest.skip("dtc not installed")
    dts = subprocess.run(["dtc", "-I", "dtb", "-O", "dts", str(dtb)], capture_output=True,
                         text=True, timeout=20)
    assert dts.returncode == 0, dts.stderr
    return dtb, dts.stdout


def test_dumpdtb_describes_memory_uart_and_transports(qemu_aarch64, tmp_path):
    _, dts = dump_dts(qemu_aarch64, tmp_path, "-m", "256")
    assert 'compatible = "linux,dummy-virt";' in dts
    assert "memory@40000000 {" in dts
    assert "reg = <0x00 0x40000000 0x00 0x10000000>;" in dts
    assert "chosen {" in dts
    assert 'stdout-path = "/pl011@9000000";' in dts
    assert "pl011@9000000 {" in dts
    assert "pl031@9010000 {" in dts
    for i in range(32):
        assert f"virtio_mmio@{0x0a000000 + i * 0x200:x} {{" in dts
    assert dts.count('compatible = "virtio,mmio";') == 32


def test_append_becomes_bootargs(qemu_aarch64, tmp_path):
    _, dts = dump_dts(qemu_aarch64, tmp_path, "-append", "console=ttyAMA0 quiet")
    assert 'bootargs = "console=ttyAMA0 quiet";' in dts


def test_dtb_option_replaces_generated_tree(qemu_aarch64, tmp_path):
    dtb, _ = dump_dts(qemu_aarch64, tmp_path, "-append", "from-file")
    out = tmp_path / "again.dtb"
    proc = subprocess.run([qemu_aarch64, "-M", "virt", *NODEF, "-dtb", str(dtb), "-machine",
                           f"dumpdtb={out}"], capture_output=True, text=True, timeout=20)
    assert proc.returncode == 0, proc.stderr
    assert out.read_bytes()[:4] == b"\xd0\x0d\xfe\xed"


def test_bad_dtb_file_is_refused(qemu_aarch64, tmp_path):
    bad = tmp_path / "bad.dtb"
    bad.write_bytes(b"not a device tree")
    proc = subprocess.run([qemu_aarch64, "-M", "virt", *NODEF, "-dtb", str(bad)],
                          capture_output=True, text=True, timeout=20)
    assert proc.returncode == 1
    assert "not a valid device tree" in proc.stderr
    missing = tmp_path / "missing.dtb"
    proc = subprocess.run([qemu_aarch64, "-M", "virt", *NODEF, "-dtb", str(missing)],
                          capture_output=True, text=True, timeout=20)
    assert proc.returncode == 1
    assert str(missing) in proc.stderr


def test_machine_none_has_no_tree(qemu_aarch64, tmp_path):
    proc = subprocess.run([qemu_aarch64, "-M", "none", *NODEF, "-machine",
                           f"dumpdtb={tmp_path / 'x.dtb'}"], capture_output=True, text=True,
                          timeout=20)
    assert proc.returncode == 1
    assert "does not use a device tree" in proc.stderr

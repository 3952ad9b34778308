"""Command-line behaviour of qemu-system-aarch64: help output, machine
selection, option errors (one clear line naming the offender, exit 1),
signals, pidfile and daemonize."""
import os
import signal
import subprocess
import time

import pytest

NODEF = ["-nodefaults", "-no-user-config", "-display", "none"]


def run(binary, *args, timeout=20):
    return subprocess.run([binary, *args], capture_output=True, text=True, timeout=timeout,
                          stdin=subprocess.DEVNULL)


def assert_one_line_error(proc, *needles, hint_lines=0):
    """The error is one line naming the offender (QEMU may add hint lines)."""
    assert proc.returncode == 1, (proc.returncode, proc.stderr)
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 + hint_lines, proc.stderr
    for n in needles:
        assert n in lines[0], (n, lines[0])
    assert lines[0].startswith("qemu-system-aarch64: ")


def start(binary, *args):
    return subprocess.Popen([binary, *args], stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_until(pred, timeout=10.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if pred():
            return True
        time.sleep(0.05)
    return False


def test_machine_help_lists_virt_family_and_alias(qemu_aarch64):
    proc = run(qemu_aarch64, "-machine", "help")
    assert proc.returncode == 0
    out = proc.stdout
    assert out.startswith("Supported machines are:\n")
    versions = ["2.6", "2.7", "2.8", "2.9", "2.10", "2.11", "2.12", "3.0", "3.1", "4.0",
                "4.1", "4.2", "5.0", "5.1", "5.2", "6.0", "6.1", "6.2", "7.0", "7.1", "7.2"]
    for v in versions:
        assert f"{'virt-' + v:<20} QEMU {v} ARM Virtual Machine\n" in out
    assert "virt                 QEMU 7.2 ARM Virtual Machine (alias of virt-7.2)\n" in out
    assert "none                 empty machine\n" in out
    assert run(qemu_aarch64, "-M", "?").stdout == out


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP])
def test_signal_terminates_cleanly(qemu_aarch64, sig):
    proc = start(qemu_aarch64, "-M", "virt-2.6", "-nodefaults", "-no-user-config",
                 "-nographic", "-S", "-monitor", "none")
    time.sleep(0.5)
    assert proc.poll() is None, proc.communicate()
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=10)
    assert proc.returncode == 0, err
    assert f"terminating on signal {int(sig)}" in err


def test_no_machine_is_an_error(qemu_aarch64):
    proc = run(qemu_aarch64, *NODEF)
    assert proc.returncode == 1
    assert "No machine specified, and there is no default" in proc.stderr
    assert "Use -machine help to list supported machines" in proc.stderr


def test_unknown_machine_is_named(qemu_aarch64):
    proc = run(qemu_aarch64, "-M", "virt-9.9", *NODEF)
    assert proc.returncode == 1
    assert "-machine virt-9.9: unsupported machine type" in proc.stderr


def test_unknown_machine_property_is_named(qemu_aarch64):
    assert_one_line_error(run(qemu_aarch64, "-M", "virt,frobnicate=on", *NODEF),
                          "Property 'virt-7.2-machine.frobnicate' not found")


def test_unknown_device_is_named(qemu_aarch64):
    assert_one_line_error(run(qemu_aarch64, "-M", "virt", "-device", "no-such-device", *NODEF),
                          "-device no-such-device:", "'no-such-device' is not a valid device "
                          "model name")


def test_board_only_device_is_refused(qemu_aarch64):
    assert_one_line_error(run(qemu_aarch64, "-M", "virt", "-device", "virtio-mmio", *NODEF),
                          "Parameter 'driver' expects a pluggable device type")


def test_malformed_json_device_is_refused(qemu_aarch64):
    proc = run(qemu_aarch64, "-M", "virt", "-device", '{"driver": ', *NODEF)
    assert proc.returncode == 1
    assert "-device" in proc.stderr


def test_invalid_option(qemu_aarch64):
    assert_one_line_error(run(qemu_aarch64, "-frobnicate"), "-frobnicate: invalid option")


def test_option_missing_argument(qemu_aarch64):
    assert_one_line_error(run(qemu_aarch64, "-M", "virt", "-m"), "-m: requires an argument")


def test_bad_memory_size(qemu_aarch64):
    assert_one_line_error(run(qemu_aarch64, "-M", "virt", "-m", "lots", *NODEF),
                          "-m lots: Parameter 'size' expects a non-negative number", hint_lines=2)


def test_too_many_cpus(qemu_aarch64):
    assert_one_line_error(run(qemu_aarch64, "-M", "virt", "-smp", "1000", *NODEF),
                          "max CPUs supported by machine 'virt-7.2' is 512")


def test_bad_global(qemu_aarch64):
    assert_one_line_error(run(qemu_aarch64, "-M", "virt", "-global", "nodot", *NODEF),
                          "-global nodot:")


def test_bad_global_value_fails_at_board_device(qemu_aarch64):
    proc = run(qemu_aarch64, "-M", "virt", "-global", "virtio-mmio.force-legacy=maybe",
               *NODEF)
    assert proc.returncode == 1
    assert "virtio-mmio.force-legacy=maybe" in proc.stderr


def test_unknown_accelerator(qemu_aarch64):
    assert_one_line_error(run(qemu_aarch64, "-M", "virt", "-accel", "kvm", *NODEF),
                          "invalid accelerator kvm")


def test_unknown_cpu_model(qemu_aarch64):
    assert_one_line_error(run(qemu_aarch64, "-M", "virt", "-cpu", "pentium", *NODEF),
                          "unable to find CPU model 'pentium'")


def test_version(qemu_aarch64):
    proc = run(qemu_aarch64, "-version")
    assert proc.returncode == 0
    assert proc.stdout.startswith("QEMU emulator version 7.2.0")


def test_help_lists_options(qemu_aarch64):
    proc = run(qemu_aarch64, "-h")
    assert proc.returncode == 0
    for opt in ("-machine", "-device", "-chardev", "-global", "-incoming", "-nographic"):
        assert opt in proc.stdout


def test_log_items_help_and_errors(qemu_aarch64):
    proc = run(qemu_aarch64, "-d", "help")
    assert proc.returncode == 0
    assert proc.stdout.startswith("Log items (comma separated):\n")
    assert "guest_errors" in proc.stdout
    assert_one_line_error(run(qemu_aarch64, "-M", "virt", "-d", "in_asm,bogus", *NODEF),
                          "Unknown log item 'bogus'")


def test_device_driver_help_lists_properties(qemu_aarch64):
    proc = run(qemu_aarch64, "-device", "virtio-mmio,help")
    assert proc.returncode == 0
    assert "virtio-mmio options:\n" in proc.stdout
    assert "format_transport_address=<bool>" in proc.stdout
    assert "(default: true)" in proc.stdout
    assert_one_line_error(run(qemu_aarch64, "-device", "nope,help"),
                          "'nope' is not a valid device model name")


def test_device_help_runs_without_machine(qemu_aarch64):
    proc = run(qemu_aarch64, "-device", "help")
    assert proc.returncode == 0


def test_pidfile_written_and_removed(qemu_aarch64, tmp_path):
    pidfile = tmp_path / "pid"
    proc = start(qemu_aarch64, "-M", "virt", "-S", *NODEF, "-pidfile", str(pidfile))
    assert wait_until(pidfile.exists)
    assert int(pidfile.read_text()) == proc.pid
    proc.terminate()
    proc.communicate(timeout=10)
    assert proc.returncode == 0
    assert not pidfile.exists()


def test_daemonize_returns_after_start(qemu_aarch64, tmp_path):
    pidfile = tmp_path / "pid"
    proc = run(qemu_aarch64, "-M", "virt", "-S", *NODEF, "-daemonize", "-pidfile",
               str(pidfile))
    assert proc.returncode == 0, proc.stderr
    assert pidfile.exists()
    pid = int(pidfile.read_text())
    try:
        os.kill(pid, 0)
    finally:
        os.kill(pid, signal.SIGTERM)
    assert wait_until(lambda: not pidfile.exists())


def test_daemonize_refuses_nographic(qemu_aarch64):
    assert_one_line_error(run(qemu_aarch64, "-M", "virt", "-daemonize", "-nographic"),
                          "-nographic cannot be used with -daemonize")


def test_machine_none_runs(qemu_aarch64):
    proc = start(qemu_aarch64, "-M", "none", *NODEF)
    time.sleep(0.3)
    assert proc.poll() is None
    proc.terminate()
    proc.communicate(timeout=10)
    assert proc.returncode == 0


def test_dash_dash_options_are_accepted(qemu_aarch64):
    proc = run(qemu_aarch64, "--version")
    assert proc.returncode == 0

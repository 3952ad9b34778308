"""Bare-metal A64 guest programs (tests/guest/aarch64) on both TCG backends: each
program checks instruction results itself, prints PASS/FAIL lines and a final
"VERDICT: PASS" on the PL011, and powers the machine off with PSCI SYSTEM_OFF.

Skipped when the programs were not built (no aarch64-linux-gnu-gcc) or when the
binary cannot run guest code yet (no CPU models, or the board refuses -kernel).
EMU_GUEST_MACHINE overrides the board (default: virt)."""
import os
import subprocess
import time

import pytest

from conftest import BUILD, binary
from qmp import Machine, QMPError

MACHINE = os.environ.get("EMU_GUEST_MACHINE", "virt")
GUEST_DIR = BUILD / "tests" / "guest" / "aarch64"
BACKENDS = ["jit", "interp"]
# (program, CPU model): test-atomic runs on max (FEAT_LSE) and on cortex-a57
# (where the LSE instructions must be UNDEFINED).
PROGRAMS = [
    ("test-alu", "max"),
    ("test-alu", "cortex-a57"),
    ("test-ldst", "max"),
    ("test-branch", "max"),
    ("test-atomic", "max"),
    ("test-atomic", "cortex-a57"),
    ("test-exc", "cortex-a57"),
    ("test-smc", "max"),
    ("test-fp", "cortex-a57"),
    ("test-fp", "max"),
    ("test-simd", "cortex-a57"),
    ("test-simd", "max"),
    ("test-crypto", "cortex-a57"),
    ("test-crypto", "max"),
    ("test-mmu", "cortex-a57"),
    ("test-mmu", "max"),
    ("test-timer", "cortex-a57"),
]


@pytest.fixture(scope="module")
def qemu():
    path = binary("aarch64")
    proc = subprocess.run([path, "-M", MACHINE, "-cpu", "help"], capture_output=True,
                          text=True, timeout=30)
    if "cortex-a57" not in proc.stdout:
        pytest.skip("the binary lists no aarch64 CPU models yet")
    return path


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("program,cpu", PROGRAMS)
def test_guest_program_reports_pass(qemu, program, cpu, backend):
    elf = GUEST_DIR / f"{program}.elf"
    if not elf.exists():
        pytest.skip(f"{elf} not built (needs aarch64-linux-gnu-gcc)")
    proc = subprocess.run([qemu, "-M", MACHINE, "-cpu", cpu, "-nographic", "-nodefaults",
                           "-serial", "stdio", "-accel", f"tcg,backend={backend}",
                           "-kernel", str(elf)],
                          capture_output=True, text=True, timeout=120)
    if "no CPU to run guest code" in proc.stderr:
        pytest.skip("the board cannot run guest code yet")
    output = proc.stdout.replace("\r", "")
    failures = [line for line in output.splitlines() if line.startswith("FAIL")]
    assert "VERDICT: PASS" in output, (
        f"{program} on {cpu}/{backend}: exit {proc.returncode}\n" +
        "\n".join(failures) + f"\n--- stdout ---\n{output}\n--- stderr ---\n{proc.stderr}")
    assert proc.returncode == 0, proc.stderr


def _final_registers(qemu, tmp_path, elf, cpu, backend):
    """Run a program with -no-shutdown until SYSTEM_OFF stops the VM; return its
    "info registers" dump and serial output."""
    m = Machine(qemu, tmp_path / backend, machine=("-M", MACHINE),
                args=["-cpu", cpu, "-no-shutdown", "-serial", "stdio",
                      "-accel", f"tcg,backend={backend}", "-kernel", str(elf)])
    (tmp_path / backend).mkdir()
    with m:
        end = time.monotonic() + 120
        while True:
            status = m.qmp.cmd("query-status")["status"]
            if status == "shutdown":
                break
            assert m.proc.poll() is None, f"{backend}: the emulator exited (-no-shutdown)"
            assert time.monotonic() < end, f"{backend}: still {status!r} after 120s"
            time.sleep(0.05)
        regs = m.qmp.cmd("human-monitor-command", **{"command-line": "info registers"})
        m.qmp.cmd("quit")
        m.wait(timeout=10)
        output = m.proc.stdout.read().decode(errors="replace").replace("\r", "")
    return regs, output


@pytest.mark.parametrize("program,cpu", PROGRAMS)
def test_guest_program_final_registers_match_across_backends(qemu, tmp_path, program, cpu):
    """The register state at SYSTEM_OFF is the same on the JIT and the interpreter."""
    elf = GUEST_DIR / f"{program}.elf"
    if not elf.exists():
        pytest.skip(f"{elf} not built (needs aarch64-linux-gnu-gcc)")
    dumps = {}
    for backend in BACKENDS:
        regs, output = _final_registers(qemu, tmp_path, elf, cpu, backend)
        assert "VERDICT: PASS" in output, f"{program} on {cpu}/{backend}:\n{output}"
        assert regs.strip(), f"{backend}: empty info registers"
        dumps[backend] = regs
    if dumps["jit"] != dumps["interp"]:
        diff = [f"jit:    {a}\ninterp: {b}"
                for a, b in zip(dumps["jit"].splitlines(), dumps["interp"].splitlines())
                if a != b]
        pytest.fail(f"{program} on {cpu}: final registers differ\n" + "\n".join(diff))


@pytest.mark.parametrize("backend", BACKENDS)
def test_interrupt_storm_survives_stop_and_cont(qemu, tmp_path, backend):
    """test-irqstorm keeps an interrupt pending all the time, so the CPU takes one
    at almost every block boundary; stopping the VM there must not make the CPU
    take it a second time from its own vector (which corrupted ELR_EL1 and hung
    busy Linux guests after a pause or a live migration)."""
    elf = GUEST_DIR / "test-irqstorm.elf"
    if not elf.exists():
        pytest.skip(f"{elf} not built (needs aarch64-linux-gnu-gcc)")
    m = Machine(qemu, tmp_path / backend, machine=("-M", MACHINE),
                args=["-cpu", "cortex-a57", "-no-shutdown", "-serial", "stdio",
                      "-accel", f"tcg,backend={backend}", "-kernel", str(elf)])
    (tmp_path / backend).mkdir()
    with m:
        cycles = 0
        end = time.monotonic() + 120
        while m.qmp.cmd("query-status")["status"] != "shutdown":
            assert m.proc.poll() is None, f"{backend}: the emulator exited (-no-shutdown)"
            assert time.monotonic() < end, f"{backend}: the storm did not end in 120s"
            m.qmp.cmd("stop")
            try:
                m.qmp.cmd("cont")
            except QMPError:
                # The guest powered off between query-status and stop.
                assert m.qmp.cmd("query-status")["status"] == "shutdown"
                break
            cycles += 1
        m.qmp.cmd("quit")
        m.wait(timeout=10)
        output = m.proc.stdout.read().decode(errors="replace").replace("\r", "")
    assert "VERDICT: PASS" in output, f"{backend} after {cycles} stop/cont cycles:\n{output}"
    assert cycles >= 10, f"{backend}: only {cycles} stop/cont cycles during the storm"

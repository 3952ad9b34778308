"""The human monitor as people use it: commands piped into -monitor stdio
(the issue's acceptance), QEMU's output shapes that scripts grep, errors,
and line editing with history and completion on a real terminal."""
import os
import pty
import re
import select
import subprocess
import time

import pytest

NODEF = ["-M", "virt", "-S", "-nodefaults", "-display", "none"]
BANNER = "QEMU 7.2.0 monitor - type 'help' for more information"


def hmp_pipe(binary, commands, *extra, timeout=20):
    """Pipe commands (ending in quit) into -monitor stdio; return (exit code, output)."""
    proc = subprocess.run([binary, *NODEF, *extra, "-monitor", "stdio"],
                          input=commands.encode(), capture_output=True, timeout=timeout)
    return proc.returncode, proc.stdout.decode().replace("\r\n", "\n")


def answer(out, command):
    """The output of one command: what follows its echoed line up to the next prompt."""
    marker = f"(qemu) {command}\n"
    assert marker in out, out
    return out.split(marker, 1)[1].split("(qemu) ", 1)[0]


def test_acceptance_info_qtree_and_qom_tree(qemu_aarch64):
    code, out = hmp_pipe(qemu_aarch64, "info qtree\ninfo qom-tree\nquit\n")
    assert code == 0
    assert out.startswith(BANNER + "\n(qemu) ")
    qtree = answer(out, "info qtree")
    assert qtree.startswith("bus: main-system-bus\n  type System\n")
    assert '  dev: pl011, id ""\n' in qtree
    assert "    mmio 0000000009000000/0000000000001000\n" in qtree
    qom = answer(out, "info qom-tree")
    assert qom.startswith("/machine (virt-7.2-machine)\n")
    assert "\n  /unattached (container)\n" in qom
    assert "\n    /device[0] (cortex-a57-arm-cpu)\n" in qom
    # Board devices are numbered in creation order, which grows with the board.
    assert re.search(r"\n    /device\[\d+\] \(pl011\)\n", qom)
    assert "\n    /sysbus (System)\n" in qom
    assert out.endswith("(qemu) quit\n")


def test_info_status_follows_run_state(qemu_aarch64):
    code, out = hmp_pipe(qemu_aarch64, "info status\nc\ninfo status\nstop\ninfo status\n"
                         "cont\nquit\n")
    assert code == 0
    assert re.findall(r"VM status: .*", out) == ["VM status: paused (prelaunch)",
                                                 "VM status: running",
                                                 "VM status: paused"]


def test_info_version_name_chardev_cpus(qemu_aarch64):
    code, out = hmp_pipe(qemu_aarch64, "info version\ninfo name\ninfo chardev\ninfo cpus\n"
                         "quit\n", "-name", "web1")
    assert code == 0
    assert answer(out, "info version").startswith("7.2.0")
    assert answer(out, "info name") == "web1\n"
    assert "compat_monitor0: filename=stdio\n" in answer(out, "info chardev")
    assert re.fullmatch(r"\* CPU #0: thread_id=\d+\n", answer(out, "info cpus"))


def test_info_name_without_name_prints_nothing(qemu_aarch64):
    _, out = hmp_pipe(qemu_aarch64, "info name\nquit\n")
    assert answer(out, "info name") == ""


def test_info_mtree(qemu_aarch64):
    _, out = hmp_pipe(qemu_aarch64, "info mtree\ninfo mtree -f\nquit\n")
    tree = answer(out, "info mtree")
    assert "address-space: memory\n" in tree
    assert "0000000009000000-0000000009000fff (prio 0, i/o): pl011" in tree
    assert answer(out, "info mtree -f") != tree


def test_help_lists_commands_and_info_items(qemu_aarch64):
    _, out = hmp_pipe(qemu_aarch64, "help\nhelp info\nhelp quit\nhelp nonsense\nquit\n")
    h = answer(out, "help")
    for name in ("cont|c", "quit|q", "stop", "system_reset", "system_powerdown", "device_add",
                 "device_del", "qom-list", "qom-get", "qom-set", "x ", "xp ", "getfd",
                 "closefd", "info "):
        assert "\n" + name in "\n" + h, name
    info = answer(out, "help info")
    for item in ("status", "version", "name", "qtree", "qom-tree", "mtree", "chardev", "cpus"):
        assert f"info {item} " in info
    assert answer(out, "help quit") == "quit|q  -- quit the emulator\n"
    assert answer(out, "help nonsense") == "unknown command: 'nonsense'\n"


def test_unknown_commands_and_bad_arguments(qemu_aarch64):
    code, out = hmp_pipe(qemu_aarch64, "frob\ninfo frob\ndevice_del\nxp /4z 0\n"
                         "qom-get /machine\nstop extra\nquit\n")
    assert code == 0
    assert answer(out, "frob") == "unknown command: 'frob'\n"
    assert answer(out, "info frob") == "unknown command: 'info frob'\n"
    assert answer(out, "device_del").startswith("device_del: string expected\n")
    assert answer(out, "xp /4z 0").startswith("invalid char in format: 'z'\n")
    assert answer(out, "qom-get /machine").startswith("qom-get: string expected\n")
    assert "extraneous characters" in answer(out, "stop extra")


def test_physical_memory_dump_formats(qemu_aarch64):
    code, out = hmp_pipe(qemu_aarch64, "xp /4xw 0x40000000\nxp /2xg 0x40000000\n"
                         "xp /3c 0x40000000\nxp /2dw 0x40000000\nxp /1o 0x40000000\n"
                         "xp /2xb 0x40000000\nxp /xw 0x40000000+8*2\nxp /2x 0\n"
                         "xp /i 0x40000000\nx /4x 0x40000000\nquit\n")
    assert code == 0
    assert answer(out, "xp /4xw 0x40000000") == \
        "0000000040000000: 0x00000000 0x00000000 0x00000000 0x00000000\n"
    assert answer(out, "xp /2xg 0x40000000") == \
        "0000000040000000: 0x0000000000000000 0x0000000000000000\n"
    assert answer(out, "xp /3c 0x40000000") == "0000000040000000: '\\x00' '\\x00' '\\x00'\n"
    # Decimal and octal columns are as wide as the largest 32-bit value.
    assert answer(out, "xp /2dw 0x40000000") == \
        "0000000040000000:" + (" " + "0".rjust(10)) * 2 + "\n"
    assert answer(out, "xp /1o 0x40000000") == "0000000040000000: " + "0".rjust(11) + "\n"
    assert answer(out, "xp /2xb 0x40000000") == "0000000040000000: 0x00 0x00\n"
    assert answer(out, "xp /xw 0x40000000+8*2") == "0000000040000010: 0x00000000\n"
    assert answer(out, "xp /2x 0") == "0000000000000000: Cannot access memory\n"
    assert "disassembler" in answer(out, "xp /i 0x40000000")
    assert answer(out, "x /4x 0x40000000") == "Can not dump without CPU\n"


def test_qom_commands(qemu_aarch64):
    code, out = hmp_pipe(qemu_aarch64, "qom-list /machine\nqom-list\n"
                         "qom-set /machine kernel /boot/vmlinuz\nqom-get /machine kernel\n"
                         "qom-set -j /machine append \"console=ttyAMA0\"\n"
                         "qom-get /machine append\nqom-get /nowhere x\nquit\n")
    assert code == 0
    lst = answer(out, "qom-list /machine")
    assert "kernel (string)\n" in lst and "unattached (child<container>)\n" in lst
    assert answer(out, "qom-list") == "/\n"
    assert answer(out, "qom-get /machine kernel") == '"/boot/vmlinuz"\n'
    assert answer(out, "qom-get /machine append") == '"console=ttyAMA0"\n'
    assert answer(out, "qom-get /nowhere x") == "Error: Device '/nowhere' not found\n"


def test_device_commands_report_errors(qemu_aarch64):
    code, out = hmp_pipe(qemu_aarch64, "device_add nope\ndevice_add pl011\ndevice_del nope\n"
                         "getfd f\nclosefd f\nquit\n")
    assert code == 0
    assert answer(out, "device_add nope") == "Error: 'nope' is not a valid device model name\n"
    assert answer(out, "device_add pl011") == \
        "Error: Parameter 'driver' expects a pluggable device type\n"
    assert answer(out, "device_del nope") == "Error: Device 'nope' not found\n"
    assert answer(out, "getfd f") == "Error: No file descriptor supplied via SCM_RIGHTS\n"
    assert answer(out, "closefd f") == "Error: File descriptor named 'f' not found\n"


def test_reset_and_powerdown_then_quit(qemu_aarch64):
    code, out = hmp_pipe(qemu_aarch64, "system_reset\nsystem_powerdown\nq\n")
    assert code == 0
    assert out.endswith("(qemu) q\n")


def test_commands_after_quit_are_not_run(qemu_aarch64):
    code, out = hmp_pipe(qemu_aarch64, "quit\ninfo status\n")
    assert code == 0
    assert "VM status" not in out


# ---- a real terminal ----

class Terminal:
    def __init__(self, binary):
        self.master, slave = pty.openpty()
        self.proc = subprocess.Popen([binary, *NODEF, "-monitor", "stdio"], stdin=slave,
                                     stdout=slave, stderr=subprocess.DEVNULL)
        os.close(slave)
        self.out = b""

    def read_until(self, text, timeout=10.0):
        """Wait for text in the output, with the terminal's extra carriage returns removed."""
        end = time.monotonic() + timeout
        while text.encode() not in self.out.replace(b"\r", b""):
            left = end - time.monotonic()
            assert left > 0, f"did not see {text!r} in {self.out!r}"
            if select.select([self.master], [], [], left)[0]:
                try:
                    self.out += os.read(self.master, 65536)
                except OSError:
                    break
        return self.out.replace(b"\r", b"").decode(errors="replace")

    def type(self, keys):
        os.write(self.master, keys.encode())

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(timeout=10)
        os.close(self.master)


@pytest.fixture
def term(qemu_aarch64):
    t = Terminal(qemu_aarch64)
    t.read_until("(qemu) ")
    yield t
    t.close()


def test_tty_history_recalls_previous_command(term):
    term.type("info name\r")
    term.read_until("(qemu) info name\n")
    term.type("info version\r")
    term.read_until("7.2.0")
    term.out = b""
    term.type("\x1b[A\r")             # up arrow: "info version" again
    assert "7.2.0" in term.read_until("7.2.0")
    term.out = b""
    term.type("\x1b[A\x1b[A\r")       # twice up: "info name"
    term.read_until("(qemu) ")
    term.type("info history\r")
    hist = term.read_until("3: 'info history'")
    # A repeat of the newest entry is not stored twice.
    assert "0: 'info name'\n1: 'info version'\n2: 'info name'\n" in hist


def test_tty_editing_keys(term):
    # Backspace, cursor left and insert, ctrl-a/ctrl-e, ctrl-k.
    term.type("info verz\x7fsion\r")
    term.read_until("7.2.0")
    term.out = b""
    term.type("nfo status\x01i\x05\r")
    term.read_until("VM status: paused (prelaunch)")
    term.out = b""
    term.type("info statusXYZ\x1b[D\x1b[D\x1b[D\x0b\r")
    term.read_until("VM status: paused (prelaunch)")


def test_tty_tab_completes_commands(term):
    term.type("info qom-t\t")
    term.read_until("info qom-tree ")
    term.type("\r")
    term.read_until("/machine (virt-7.2-machine)")
    term.out = b""
    term.type("system_p\t\r")
    term.read_until("(qemu) ")
    term.type("quit\r")
    assert term.proc.wait(timeout=10) == 0


def test_info_registers_shows_the_cpu_state(qemu_aarch64):
    code, out = hmp_pipe(qemu_aarch64, "info registers\ninfo registers 5\nquit\n")
    assert code == 0
    regs = answer(out, "info registers")
    assert re.search(r"^PC=[0-9a-f]{16} X00=[0-9a-f]{16}", regs, re.M)
    assert re.search(r"^PSTATE=[0-9a-f]{8} [-NZCV]{4} EL1h", regs, re.M)
    assert answer(out, "info registers 5") == "CPU#5 not available\n"

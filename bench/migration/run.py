#!/usr/bin/python3
"""Migration benchmark: our emulator against Debian's QEMU, same setup.

A virt guest of 2 GiB whose RAM is mostly zero, with 256 MiB of data written
through the qtest protocol (1 MiB chunks spread over the whole RAM, each
filled with its own non-zero byte), migrates over loopback TCP to a second
process of the same program.  Reported per program: total time, downtime and
bytes sent (the source's query-migrate), as medians of several runs, and the
ratio ours / QEMU (below 1 is better for us).

    bench/migration/run.py [--runs N] [--ram 2G] [--data 256M] [--bandwidth 0]

The peer is /usr/bin/qemu-system-aarch64 from Debian's qemu-system-arm,
installed with apt-get when missing.  Standard library only.
"""
import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tests", "functional"))
from qmp import QMPConnection  # noqa: E402

RAM_BASE = 0x40000000
PEER = "/usr/bin/qemu-system-aarch64"
CHUNK = 1 << 20


def parse_size(text):
    units = {"K": 10, "M": 20, "G": 30}
    if text[-1].upper() in units:
        return int(text[:-1]) << units[text[-1].upper()]
    return int(text)


def ensure_peer():
    if os.path.exists(PEER):
        return True
    print("installing Debian's qemu-system-arm for the peer ...", flush=True)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for cmd in (["apt-get", "update"], ["apt-get", "install", "-y", "qemu-system-arm"]):
        if subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL).returncode != 0:
            break
    return os.path.exists(PEER)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Process:
    """An emulator under qtest with QMP and qtest on unix sockets, output to a log."""

    def __init__(self, binary, workdir, name, ram, extra):
        self.qmp_path = os.path.join(workdir, f"{name}-qmp.sock")
        # -qtest selects the qtest accelerator in both programs (Debian's QEMU
        # refuses an explicit -accel qtest); the destination's socket stays idle.
        path = os.path.join(workdir, f"{name}-qtest.sock")
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(path)
        listener.listen(1)
        argv = [binary, "-M", "virt", "-m", str(ram >> 20), "-nodefaults", "-display", "none",
                "-qtest", f"unix:{path}", "-qtest-log", "/dev/null",
                "-qmp", f"unix:{self.qmp_path},server=on,wait=off"]
        self.log = open(os.path.join(workdir, f"{name}.log"), "wb")
        self.proc = subprocess.Popen(argv + list(extra), stdin=subprocess.DEVNULL,
                                     stdout=self.log, stderr=self.log)
        listener.settimeout(30)
        self.qt, _ = listener.accept()
        self.qt_file = self.qt.makefile("rwb")
        listener.close()
        self.qmp = QMPConnection.connect_unix(self.qmp_path, timeout=30)
        self.qmp.negotiate()

    def qtest(self, line):
        self.qt_file.write(line.encode() + b"\n")
        self.qt_file.flush()
        while True:
            reply = self.qt_file.readline().decode().strip()
            if not reply.startswith("IRQ"):
                if reply != "OK":
                    raise RuntimeError(f"qtest {line!r}: {reply!r}")
                return

    def close(self):
        if self.proc.poll() is None:
            try:
                self.qmp.cmd("quit")
                self.proc.wait(timeout=30)
            except Exception:
                self.proc.kill()
                self.proc.wait()
        self.log.close()
        self.qmp.close()
        self.qt_file.close()
        self.qt.close()


def one_run(binary, ram, data, bandwidth):
    workdir = tempfile.mkdtemp(prefix="migbench-")
    port = free_port()
    dst = src = None
    try:
        dst = Process(binary, workdir, "dst", ram, ["-incoming", f"tcp:127.0.0.1:{port}"])
        src = Process(binary, workdir, "src", ram, [])
        chunks = data // CHUNK
        stride = (ram // CHUNK) // chunks * CHUNK
        for i in range(chunks):
            src.qtest(f"memset {RAM_BASE + i * stride:#x} {CHUNK} {1 + i % 255:#x}")
        if bandwidth:
            src.qmp.cmd("migrate-set-parameters", **{"max-bandwidth": bandwidth})
        src.qmp.cmd("migrate", uri=f"tcp:127.0.0.1:{port}")
        deadline = time.monotonic() + 600
        while True:
            info = src.qmp.cmd("query-migrate")
            if info.get("status") in ("completed", "failed", "cancelled"):
                break
            if time.monotonic() > deadline:
                raise RuntimeError("migration did not finish in 10 minutes")
            time.sleep(0.01)
        if info["status"] != "completed":
            raise RuntimeError(f"migration {info['status']}: {info.get('error-desc')}")
        while dst.qmp.cmd("query-migrate").get("status") != "completed":
            if time.monotonic() > deadline:
                raise RuntimeError("destination did not finish loading")
            time.sleep(0.01)
        return {"total": info["total-time"], "downtime": info["downtime"],
                "bytes": info["ram"]["transferred"]}
    finally:
        for p in (src, dst):
            if p:
                p.close()
        shutil.rmtree(workdir, ignore_errors=True)


def medians(binary, args):
    runs = [one_run(binary, args.ram, args.data, args.bandwidth) for _ in range(args.runs)]
    return {k: statistics.median(r[k] for r in runs) for k in ("total", "downtime", "bytes")}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--ram", type=parse_size, default=parse_size("2G"))
    ap.add_argument("--data", type=parse_size, default=parse_size("256M"))
    ap.add_argument("--bandwidth", type=parse_size, default=parse_size("100G"),
                    help="max-bandwidth in bytes/s for both programs; 0 keeps each "
                         "program's default")
    ap.add_argument("--build", default=os.environ.get("EMU_BUILD_DIR",
                                                        os.path.join(ROOT, "build")))
    args = ap.parse_args()
    if args.data % CHUNK or args.data > args.ram // 2:
        ap.error("--data must be whole MiB and at most half of --ram")

    ours = os.path.join(args.build, "qemu-system-aarch64")
    if not os.path.exists(ours):
        sys.exit(f"{ours} is not built")
    have_peer = ensure_peer()
    print(f"inputs: -M virt -m {args.ram >> 20}M, {args.data >> 20} MiB of data in 1 MiB "
          f"chunks, loopback tcp, max-bandwidth "
          f"{args.bandwidth if args.bandwidth else 'default'} B/s, "
          f"downtime-limit default, median of {args.runs} runs")
    results = {"ours": medians(ours, args)}
    if have_peer:
        results["qemu"] = medians(PEER, args)
    else:
        print(f"peer {PEER} unavailable (apt-get install qemu-system-arm failed)")

    print(f"{'':8}{'total ms':>12}{'downtime ms':>14}{'bytes':>14}")
    for name, r in results.items():
        print(f"{name:8}{r['total']:>12.0f}{r['downtime']:>14.0f}{r['bytes']:>14.0f}")
    if "qemu" in results:
        q, o = results["qemu"], results["ours"]
        ratio = {k: (o[k] / q[k] if q[k] else float("inf")) for k in o}
        print(f"{'ratio':8}{ratio['total']:>12.2f}{ratio['downtime']:>14.2f}"
              f"{ratio['bytes']:>14.2f}   (ours / qemu, lower is better)")


if __name__ == "__main__":
    main()

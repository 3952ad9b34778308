"""QMP as management tools use it: the greeting and negotiation, framing of
the byte stream, every core command's success and error paths with QEMU's
error classes and wording, events, several monitors, and the acceptance
pipe from the issue."""
import array
import json
import os
import socket
import subprocess

import pytest

from qmp import Machine, QMPConnection, QMPError, short_tmpdir

NODEF = ["-M", "virt", "-S", "-nodefaults", "-display", "none"]


def pipe_qmp(binary, text, *extra, timeout=20):
    """Run with -qmp stdio fed from text; return (exit code, parsed stdout lines)."""
    proc = subprocess.run([binary, *NODEF, *extra, "-qmp", "stdio"], input=text.encode(),
                          capture_output=True, timeout=timeout)
    lines = [json.loads(l) for l in proc.stdout.decode().splitlines() if l.strip()]
    return proc.returncode, lines, proc.stderr.decode()


def error_of(rsp):
    assert "error" in rsp, rsp
    return rsp["error"]["class"], rsp["error"]["desc"]


@pytest.fixture
def vm(qemu_aarch64, tmp_path):
    with Machine(qemu_aarch64, tmp_path, args=["-S", "-name", "guest1"]) as m:
        yield m


# ---- the acceptance pipe ----

def test_acceptance_pipe_negotiates_queries_and_quits(qemu_aarch64):
    code, lines, err = pipe_qmp(qemu_aarch64, '{"execute":"qmp_capabilities"}\n'
                                '{"execute":"query-status"}\n{"execute":"quit"}\n')
    assert code == 0, err
    assert lines[0] == {"QMP": {"version": {"qemu": {"micro": 0, "minor": 2, "major": 7},
                                            "package": lines[0]["QMP"]["version"]["package"]},
                                "capabilities": []}}
    assert lines[0]["QMP"]["version"]["package"]
    assert lines[1] == {"return": {}}
    assert lines[2] == {"return": {"status": "prelaunch", "singlestep": False,
                                   "running": False}}
    assert lines[3] == {"return": {}}
    assert lines[4]["event"] == "SHUTDOWN"
    assert lines[4]["data"] == {"guest": False, "reason": "host-qmp-quit"}
    assert set(lines[4]["timestamp"]) == {"seconds", "microseconds"}
    assert len(lines) == 5


def test_wire_format_matches_qemu_spacing(qemu_aarch64):
    proc = subprocess.run([qemu_aarch64, *NODEF, "-qmp", "stdio"], capture_output=True,
                          input=b'{"execute":"qmp_capabilities"}\n{"execute":"quit"}\n',
                          timeout=20)
    out = proc.stdout.decode()
    assert out.startswith('{"QMP": {"version": {"qemu": {"micro": 0, "minor": 2, '
                          '"major": 7}, "package": "')
    assert '\r\n{"return": {}}\r\n' in out


# ---- negotiation ----

def test_commands_before_negotiation_are_refused(qemu_aarch64, tmp_path):
    m = Machine(qemu_aarch64, tmp_path, args=["-S"])
    m.proc = subprocess.Popen(m.argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE)
    try:
        c = QMPConnection.connect_unix(m.qmp_path)
        m.qmp = c
        greeting = c.read_message()
        assert greeting["QMP"]["capabilities"] == []
        c.send({"execute": "query-status", "id": "early"})
        rsp = c.read_response()
        assert rsp["id"] == "early"
        assert error_of(rsp) == ("CommandNotFound",
                                 "Expecting capabilities negotiation with 'qmp_capabilities'")
        c.send({"execute": "no-such-command"})
        assert error_of(c.read_response())[0] == "CommandNotFound"
        assert c.execute("qmp_capabilities")["return"] == {}
        assert error_of(c.execute("qmp_capabilities")) == (
            "CommandNotFound", "Capabilities negotiation is already complete, command ignored")
        assert c.cmd("query-status")["status"] == "prelaunch"
    finally:
        m.shutdown()


def test_new_client_must_negotiate_again(vm):
    vm.qmp.close()
    c = vm.connect_another()
    try:
        greeting = c.read_message()
        assert "QMP" in greeting
        c.send({"execute": "query-status"})
        assert error_of(c.read_response())[0] == "CommandNotFound"
        c.send({"execute": "qmp_capabilities"})
        assert c.read_response() == {"return": {}}
    finally:
        vm.qmp = c


# ---- framing ----

def test_id_of_any_type_is_echoed(vm):
    for ident in ("abc", 17, {"k": [1, None]}, [1, 2]):
        vm.qmp.send({"execute": "query-name", "id": ident})
        rsp = vm.qmp.read_response()
        assert rsp["id"] == ident
        assert rsp["return"] == {"name": "guest1"}
    vm.qmp.send({"execute": "nope", "id": "err-id"})
    rsp = vm.qmp.read_response()
    assert rsp["id"] == "err-id" and rsp["error"]["class"] == "CommandNotFound"


def test_several_commands_in_one_write(vm):
    vm.qmp.send_raw('{"execute":"query-name","id":1}{"execute":"query-target","id":2}'
                    '\n{"execute":"query-status","id":3}\n')
    got = [vm.qmp.read_response() for _ in range(3)]
    assert [r["id"] for r in got] == [1, 2, 3]
    assert got[1]["return"] == {"arch": "aarch64"}


def test_one_command_over_several_writes(vm):
    text = '{"execute": "query-target", "id": "split"}\n'
    for ch in text:
        vm.qmp.send_raw(ch)
    assert vm.qmp.read_response() == {"return": {"arch": "aarch64"}, "id": "split"}


def test_single_quoted_json_is_accepted(vm):
    vm.qmp.send_raw("{'execute': 'query-target', 'id': 'sq'}\n")
    assert vm.qmp.read_response() == {"return": {"arch": "aarch64"}, "id": "sq"}


@pytest.mark.parametrize("garbage,desc", [
    ("}", "JSON parse error, stray '}'"),
    ("foo", None),
    ("[1, 2]", "QMP input must be a JSON object"),
    ("42", "QMP input must be a JSON object"),
    ('{"execute": }', None),
    ('{"arguments": {}}', "QMP input lacks member 'execute'"),
    ('{"execute": 1}', "QMP input member 'execute' must be a string"),
    ('{"execute": "stop", "arguments": 1}', "QMP input member 'arguments' must be an object"),
    ('{"execute": "stop", "extra": 1}', "QMP input member 'extra' is unexpected"),
])
def test_garbage_is_answered_and_session_continues(vm, garbage, desc):
    vm.qmp.send_raw(garbage + "\n")
    cls, got = error_of(vm.qmp.read_response())
    assert cls == "GenericError"
    if desc:
        assert got == desc
    else:
        assert got.startswith("JSON parse error")
    assert vm.qmp.cmd("query-target") == {"arch": "aarch64"}


def test_invalid_utf8_is_an_error(vm):
    vm.qmp.send_raw(b'{"execute": "qom-get", "arguments": {"path": "\xff\xfe"}}\n')
    assert error_of(vm.qmp.read_response()) == ("GenericError",
                                                "JSON parse error, invalid UTF-8 sequence")
    assert vm.qmp.cmd("query-target") == {"arch": "aarch64"}


def test_deep_nesting_is_bounded(vm):
    vm.qmp.send_raw("[" * 5000 + "]" * 5000 + "\n")
    assert error_of(vm.qmp.read_response()) == ("GenericError",
                                                "JSON nesting depth limit exceeded")
    vm.qmp.send_raw('{"execute":"query-status","arguments":' + "{" * 2000 + "}" * 2001 + "\n")
    assert error_of(vm.qmp.read_response())[1] == "JSON nesting depth limit exceeded"
    assert vm.qmp.cmd("query-status")["status"] == "prelaunch"


def test_oversized_input_is_bounded(vm):
    chunk = b"a" * (1 << 20)
    vm.qmp.send_raw(b'{"execute": "qom-get", "arguments": {"path": "')
    for _ in range(66):
        vm.qmp.send_raw(chunk)
    vm.qmp.send_raw(b'", "property": "x"}}\n')
    assert error_of(vm.qmp.read_response(timeout=60)) == ("GenericError",
                                                          "JSON token size limit exceeded")
    assert vm.qmp.cmd("query-target") == {"arch": "aarch64"}
    assert vm.proc.poll() is None


# ---- schema and command list ----

def test_query_commands_lists_exactly_what_is_accepted(vm):
    listed = {c["name"] for c in vm.qmp.cmd("query-commands")}
    schema = vm.qmp.cmd("query-qmp-schema")
    in_schema = {e["name"] for e in schema if e["meta-type"] == "command"}
    assert listed == in_schema
    required = {"qmp_capabilities", "query-version", "query-commands", "query-qmp-schema",
                "query-status", "stop", "cont", "system_reset", "system_powerdown", "quit",
                "query-machines", "query-target", "query-name", "query-cpus-fast", "qom-list",
                "qom-get", "qom-set", "qom-list-types", "device-list-properties", "device_add",
                "device_del", "human-monitor-command", "query-chardev", "getfd", "closefd"}
    assert required <= listed
    # Every listed command is known to the dispatcher (it may refuse its arguments).
    for name in sorted(listed - {"quit", "qmp_capabilities", "system_reset",
                                 "system_powerdown", "cont", "stop"}):
        rsp = vm.qmp.execute(name, {"x-not-an-argument": 1})
        assert "error" in rsp and rsp["error"]["class"] != "CommandNotFound", (name, rsp)
    # And something unlisted is not.
    for name in ("blockdev-snapshot-sync", "query-block-jobs", "x-bogus"):
        assert error_of(vm.qmp.execute(name)) == ("CommandNotFound",
                                                  f"The command {name} has not been found")


def test_schema_is_in_qemu_introspection_format(vm):
    schema = vm.qmp.cmd("query-qmp-schema")
    by_name = {e["name"]: e for e in schema}
    cmd = by_name["qom-get"]
    assert cmd["meta-type"] == "command"
    args = by_name[cmd["arg-type"]]
    assert args["meta-type"] == "object"
    assert [(m["name"], m["type"]) for m in args["members"]] == [("path", "str"),
                                                                  ("property", "str")]
    assert by_name["str"] == {"name": "str", "meta-type": "builtin", "json-type": "string"}
    assert by_name[cmd["ret-type"]]["json-type"] == "value"
    qa = by_name[by_name["device_add"]["arg-type"]]
    assert {"name": "bus", "type": "str", "default": None} in qa["members"]
    shutdown = by_name["SHUTDOWN"]
    assert shutdown["meta-type"] == "event"
    data = by_name[shutdown["arg-type"]]
    reason = next(m for m in data["members"] if m["name"] == "reason")
    assert "host-qmp-quit" in by_name[reason["type"]]["values"]
    for ev in ("STOP", "RESUME", "RESET", "POWERDOWN", "DEVICE_DELETED"):
        assert by_name[ev]["meta-type"] == "event"


def test_argument_validation_messages(vm):
    assert error_of(vm.qmp.execute("qom-get", {"path": "/machine"})) == (
        "GenericError", "Parameter 'property' is missing")
    assert error_of(vm.qmp.execute("qom-get", {"path": "/machine", "property": "kernel",
                                               "bogus": 1})) == (
        "GenericError", "Parameter 'bogus' is unexpected")
    assert error_of(vm.qmp.execute("qom-get", {"path": 5, "property": "kernel"})) == (
        "GenericError", "Invalid parameter type for 'path', expected: string")
    assert error_of(vm.qmp.execute("query-status", {"verbose": True})) == (
        "GenericError", "Parameter 'verbose' is unexpected")
    assert error_of(vm.qmp.execute("qom-list-types", {"abstract": "yes"})) == (
        "GenericError", "Invalid parameter type for 'abstract', expected: boolean")
    assert error_of(vm.qmp.execute("human-monitor-command",
                                   {"command-line": "info name", "cpu-index": "0"})) == (
        "GenericError", "Invalid parameter type for 'cpu-index', expected: integer")


# ---- queries ----

def test_query_version(vm):
    v = vm.qmp.cmd("query-version")
    assert v["qemu"] == {"micro": 0, "minor": 2, "major": 7}
    assert v["package"] == vm.qmp.greeting["QMP"]["version"]["package"]


def test_query_target_name_and_cpus(vm):
    assert vm.qmp.cmd("query-target") == {"arch": "aarch64"}
    assert vm.qmp.cmd("query-name") == {"name": "guest1"}
    cpus = vm.qmp.cmd("query-cpus-fast")
    assert [c["cpu-index"] for c in cpus] == [0]
    assert cpus[0]["qom-path"] == "/machine/unattached/device[0]"
    assert cpus[0]["target"] == "aarch64"
    assert isinstance(cpus[0]["thread-id"], int)


def test_query_name_without_name(qemu_aarch64):
    code, lines, _ = pipe_qmp(qemu_aarch64, '{"execute":"qmp_capabilities"}'
                              '{"execute":"query-name"}{"execute":"quit"}')
    assert code == 0
    assert lines[2] == {"return": {}}


def test_query_machines_lists_virt_versions(vm):
    machines = {m["name"]: m for m in vm.qmp.cmd("query-machines")}
    assert "virt-7.2" in machines and "virt-2.6" in machines
    assert machines["virt-7.2"]["alias"] == "virt"
    for m in machines.values():
        assert {"cpu-max", "hotpluggable-cpus", "numa-mem-supported", "deprecated"} <= set(m)


def test_query_chardev_shows_the_monitor(vm):
    devs = {c["label"]: c for c in vm.qmp.cmd("query-chardev")}
    qmp = [c for c in devs.values() if c["frontend-open"]]
    assert qmp, devs
    assert all(set(c) == {"label", "filename", "frontend-open"} for c in devs.values())


# ---- run state ----

def test_stop_cont_emit_events_and_change_status(vm):
    assert vm.qmp.cmd("query-status") == {"status": "prelaunch", "singlestep": False,
                                          "running": False}
    assert vm.qmp.cmd("stop") == {}
    assert vm.qmp.cmd("query-status")["status"] == "prelaunch"
    assert vm.qmp.cmd("cont") == {}
    assert vm.qmp.wait_event("RESUME")["event"] == "RESUME"
    assert vm.qmp.cmd("query-status") == {"status": "running", "singlestep": False,
                                          "running": True}
    assert vm.qmp.cmd("stop") == {}
    ev = vm.qmp.wait_event("STOP")
    assert "data" not in ev
    assert vm.qmp.cmd("query-status") == {"status": "paused", "singlestep": False,
                                          "running": False}


def test_system_reset_emits_reset(vm):
    assert vm.qmp.cmd("system_reset") == {}
    ev = vm.qmp.wait_event("RESET")
    assert ev["data"] == {"guest": False, "reason": "host-qmp-system-reset"}


def test_system_powerdown_emits_powerdown(vm):
    assert vm.qmp.cmd("system_powerdown") == {}
    assert vm.qmp.wait_event("POWERDOWN")["event"] == "POWERDOWN"


def test_quit_replies_then_shutdown_event_then_exit_zero(vm):
    vm.qmp.send({"execute": "quit", "id": "bye"})
    assert vm.qmp.read_response() == {"return": {}, "id": "bye"}
    ev = vm.qmp.wait_event("SHUTDOWN")
    assert ev["data"] == {"guest": False, "reason": "host-qmp-quit"}
    assert vm.wait() == 0


def test_quit_ignores_no_shutdown(qemu_aarch64, tmp_path):
    with Machine(qemu_aarch64, tmp_path, args=["-S", "-no-shutdown"]) as m:
        m.qmp.cmd("quit")
        assert m.wait() == 0


def test_events_reach_every_negotiated_monitor(qemu_aarch64, tmp_path):
    d, _ = short_tmpdir(tmp_path)
    second = os.path.join(d, "second.sock")
    with Machine(qemu_aarch64, tmp_path,
                 args=["-S", "-qmp", f"unix:{second},server=on,wait=off"]) as m:
        other = QMPConnection.connect_unix(second)
        try:
            other.negotiate()
            m.qmp.cmd("cont")
            assert m.qmp.wait_event("RESUME")
            assert other.wait_event("RESUME")
            assert other.cmd("query-status")["running"] is True
        finally:
            other.close()


def test_mon_control_on_a_chardev(qemu_aarch64, tmp_path):
    d, _ = short_tmpdir(tmp_path)
    path = os.path.join(d, "mon.sock")
    with Machine(qemu_aarch64, tmp_path,
                 args=["-S", "-chardev", f"socket,id=m0,path={path},server=on,wait=off",
                       "-mon", "chardev=m0,mode=control"]) as m:
        c = QMPConnection.connect_unix(path)
        try:
            c.negotiate()
            assert c.cmd("query-target") == {"arch": "aarch64"}
        finally:
            c.close()


def test_qmp_pretty_indents(qemu_aarch64):
    proc = subprocess.run([qemu_aarch64, *NODEF, "-qmp-pretty", "stdio"], capture_output=True,
                          input=b'{"execute":"qmp_capabilities"}\n{"execute":"quit"}\n',
                          timeout=20)
    out = proc.stdout.decode()
    assert out.startswith('{\r\n    "QMP": {\r\n        "version": {')
    assert proc.returncode == 0


# ---- QOM ----

def test_qom_list_get_set(vm):
    props = {p["name"]: p["type"] for p in vm.qmp.cmd("qom-list", path="/machine")}
    assert props["kernel"] == "string"
    assert props["unattached"].startswith("child<")
    assert vm.qmp.cmd("qom-set", path="/machine", property="kernel", value="/k") == {}
    assert vm.qmp.cmd("qom-get", path="/machine", property="kernel") == "/k"
    uart = vm.qmp.cmd("qom-get", path="/machine/unattached/device[2]", property="realized")
    assert uart is True
    assert vm.qmp.cmd("qom-get", path="/machine/unattached/device[2]", property="type") == "pl011"


def test_qom_errors(vm):
    assert error_of(vm.qmp.execute("qom-list", {"path": "/nope"})) == (
        "DeviceNotFound", "Device '/nope' not found")
    assert error_of(vm.qmp.execute("qom-get", {"path": "/nope", "property": "x"})) == (
        "DeviceNotFound", "Device '/nope' not found")
    cls, desc = error_of(vm.qmp.execute("qom-get", {"path": "/machine", "property": "nope"}))
    assert cls == "GenericError" and "nope" in desc and "not found" in desc
    cls, desc = error_of(vm.qmp.execute("qom-set", {"path": "/machine", "property": "kernel",
                                                    "value": 5}))
    assert cls == "GenericError"


def test_qom_list_types(vm):
    types = {t["name"]: t for t in vm.qmp.cmd("qom-list-types", implements="sys-bus-device")}
    assert types["pl011"]["parent"] == "sys-bus-device"
    assert "abstract" not in types["pl011"]
    with_abstract = {t["name"]: t for t in vm.qmp.cmd("qom-list-types", implements="device",
                                                       abstract=True)}
    assert with_abstract["device"].get("abstract") is True
    assert vm.qmp.cmd("qom-list-types", implements="no-such-type") == []


def test_device_list_properties(vm):
    props = {p["name"]: p for p in vm.qmp.cmd("device-list-properties", typename="virtio-mmio")}
    assert props["format_transport_address"]["type"] == "bool"
    assert props["format_transport_address"]["default-value"] is True
    assert "realized" not in props and "type" not in props
    assert error_of(vm.qmp.execute("device-list-properties", {"typename": "nope"})) == (
        "DeviceNotFound", "Device 'nope' not found")
    assert error_of(vm.qmp.execute("device-list-properties", {"typename": "container"})) == (
        "GenericError", "Parameter 'typename' expects device")
    assert error_of(vm.qmp.execute("device-list-properties", {"typename": "device"})) == (
        "GenericError", "Parameter 'typename' expects non-abstract device")


# ---- devices ----

def test_device_add_errors(vm):
    assert error_of(vm.qmp.execute("device_add", {"driver": "nope"})) == (
        "GenericError", "'nope' is not a valid device model name")
    assert error_of(vm.qmp.execute("device_add", {"driver": "pl011"})) == (
        "GenericError", "Parameter 'driver' expects a pluggable device type")
    assert error_of(vm.qmp.execute("device_add", {"id": "x"})) == (
        "GenericError", "Parameter 'driver' is missing")
    assert error_of(vm.qmp.execute("device_add", {"driver": "pl011", "nested": {"a": 1}}))[0] \
        == "GenericError"


def test_device_del_errors(vm):
    assert error_of(vm.qmp.execute("device_del", {"id": "nope"})) == (
        "DeviceNotFound", "Device 'nope' not found")
    assert error_of(vm.qmp.execute("device_del", {"id": "/machine/unattached/device[2]"})) == (
        "GenericError", "Bus 'main-system-bus' does not support hotplugging")
    assert vm.qmp.cmd("qom-get", path="/machine/unattached/device[2]", property="realized")


# ---- HMP passthrough and file descriptors ----

def test_human_monitor_command(vm):
    assert vm.qmp.cmd("human-monitor-command", **{"command-line": "info status"}) == \
        "VM status: paused (prelaunch)\r\n"
    assert vm.qmp.cmd("human-monitor-command", **{"command-line": "info name"}) == "guest1\r\n"
    assert vm.qmp.cmd("human-monitor-command", **{"command-line": "bogus"}) == \
        "unknown command: 'bogus'\r\n"
    assert error_of(vm.qmp.execute("human-monitor-command",
                                   {"command-line": "info name", "cpu-index": 3})) == (
        "GenericError", "Parameter 'cpu-index' expects a CPU number")


def send_fd(conn, payload, fd):
    conn.sock.sendmsg([payload.encode()],
                      [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", [fd]))])


def test_getfd_and_closefd(vm):
    r, w = os.pipe()
    try:
        send_fd(vm.qmp, '{"execute": "getfd", "arguments": {"fdname": "pipe0"}, "id": 1}\n', r)
        assert vm.qmp.read_response() == {"return": {}, "id": 1}
        assert vm.qmp.cmd("closefd", fdname="pipe0") == {}
        assert error_of(vm.qmp.execute("closefd", {"fdname": "pipe0"})) == (
            "GenericError", "File descriptor named 'pipe0' not found")
        assert error_of(vm.qmp.execute("getfd", {"fdname": "nofd"})) == (
            "GenericError", "No file descriptor supplied via SCM_RIGHTS")
        send_fd(vm.qmp, '{"execute": "getfd", "arguments": {"fdname": "0bad"}, "id": 2}\n', w)
        assert error_of(vm.qmp.read_response()) == (
            "GenericError", "Parameter 'fdname' expects a name not starting with a digit")
    finally:
        os.close(r)
        os.close(w)


def test_pmemsave_writes_guest_physical_memory(vm, tmp_path):
    """pmemsave writes what xp shows; a file it cannot create is an error."""
    hmp = lambda line: vm.qmp.cmd("human-monitor-command", **{"command-line": line})
    # Quoted: after a number, a bare /path would read as a division.
    hmp(f"pmemsave 0x40000000 16 \"{tmp_path / 'zero.bin'}\"")
    assert (tmp_path / "zero.bin").read_bytes() == bytes(16)    # nothing loaded yet
    vm.qmp.cmd("pmemsave", val=0x40000000, size=1 << 20, filename=str(tmp_path / "ram.bin"))
    data = (tmp_path / "ram.bin").read_bytes()
    assert len(data) == 1 << 20
    words = hmp("xp /4wx 0x40000000").split(":")[1].split()
    assert data[:16] == b"".join(int(w, 16).to_bytes(4, "little") for w in words)
    with pytest.raises(QMPError) as e:
        vm.qmp.cmd("pmemsave", val=0x40000000, size=16, filename="/nonexistent-dir/x")
    assert "Could not open '/nonexistent-dir/x'" in str(e.value)
    with pytest.raises(QMPError):
        vm.qmp.cmd("pmemsave", val=0x40000000, size=-1, filename=str(tmp_path / "neg.bin"))

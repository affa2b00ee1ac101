#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Compare what dimmguard printed in the QEMU guest (read over a real kernel) with what it
prints on the host for the same images read as files. Prints E2E-PASS / E2E-FAIL lines;
exit 0 when everything matched.

usage: compare.py SCENARIO GUEST_OUT_DIR DATA_DIR
"""
import json
import sys
from pathlib import Path

failures = 0


def report(ok, name, detail):
    global failures
    print(f"E2E-{'PASS' if ok else 'FAIL'} {name}: {detail}")
    if not ok:
        failures += 1


def load(path):
    try:
        return json.loads(Path(path).read_text())
    except (OSError, ValueError) as error:
        report(False, "json", f"{path}: {error}")
        return None


def first_difference(a, b, where=""):
    """Path of the first difference between two JSON values, or None."""
    if type(a) is not type(b):
        return f"{where or '/'}: {json.dumps(a)[:60]} != {json.dumps(b)[:60]}"
    if isinstance(a, dict):
        for key in sorted(set(a) | set(b)):
            if key not in a or key not in b:
                return f"{where}/{key}: only on the {'host' if key in b else 'guest'}"
            d = first_difference(a[key], b[key], f"{where}/{key}")
            if d:
                return d
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{where}: {len(a)} != {len(b)} entries"
        for i, (x, y) in enumerate(zip(a, b)):
            d = first_difference(x, y, f"{where}[{i}]")
            if d:
                return d
        return None
    return None if a == b else f"{where}: {json.dumps(a)[:60]} != {json.dumps(b)[:60]}"


def compare_images(name, guest_file, host_file):
    try:
        guest, host = Path(guest_file).read_bytes(), Path(host_file).read_bytes()
    except OSError as error:
        report(False, name, str(error))
        return
    if guest == host:
        report(True, name, f"{len(guest)} bytes identical to {Path(host_file).name}")
    else:
        diff = [i for i in range(min(len(guest), len(host))) if guest[i] != host[i]]
        report(False, name, f"{len(guest)} vs {len(host)} bytes, {len(diff)} differ, first at byte {diff[:1]}")


def by_address(doc):
    return {m["source"]["address"]: m for m in doc.get("modules", [])}


def ddr3(out, data):
    scan, decoded = load(out / "scan.json"), load(data / "host/ddr3-decode.json")
    verify, host_verify = load(out / "verify.json"), load(data / "host/ddr3-verify.json")
    if not (scan and decoded and verify and host_verify):
        return
    modules = by_address(scan)
    for slot in range(8):
        address = f"0x5{slot}"
        m = modules.get(address)
        if m is None or not m.get("ok"):
            report(False, f"ddr3-scan-{address}", f"no module read: {m and m.get('error')}")
            continue
        compare_images(f"ddr3-image-{address}", out / f"scan-saved/i2c-{m['source']['bus'][4:]}-{address}.bin",
                       data / f"ddr3-{slot}.bin")
        d = first_difference(m.get("spd"), decoded["modules"][slot]["spd"])
        report(d is None, f"ddr3-decode-{address}",
               "decoded fields equal the host's decode of the file" if d is None else d)
        report(m["read"]["page_writes"] == 0, f"ddr3-no-page-writes-{address}",
               f"{m['read']['transactions']} transactions, {m['read']['page_writes']} page writes")
    guest_modules = verify.get("modules", [])
    host_modules = host_verify.get("modules", [])
    if len(guest_modules) != len(host_modules):
        report(False, "ddr3-verify", f"{len(guest_modules)} modules in the guest, {len(host_modules)} on the host")
        return
    for g, h in zip(guest_modules, host_modules):
        where = g["source"]["location"]
        g = {k: v for k, v in g.items() if k not in ("source", "sighting")}
        h = {k: v for k, v in h.items() if k not in ("source", "sighting")}
        d = first_difference(g, h)
        report(d is None, f"ddr3-verify {where}",
               f"verdict {g.get('verdict')}, findings and decode equal the host's verify of the file" if d is None else d)
    report(verify.get("exit_status") == host_verify.get("exit_status"), "ddr3-verify-exit-status",
           f"guest {verify.get('exit_status')}, host {host_verify.get('exit_status')}")
    ddr3_adapters(out)


def adapter_of(doc, name_prefix):
    for a in (doc or {}).get("adapters", []):
        if a.get("name", "").startswith(name_prefix):
            return a
    return None


def ddr3_adapters(out):
    doc = load(out / "adapters.json")
    rc = (out / "adapters.rc").read_text().strip() if (out / "adapters.rc").exists() else "?"
    a = adapter_of(doc, "SMBus PIIX4 adapter")
    if a is None:
        report(False, "ddr3-adapters", f"no PIIX4 adapter in 'dimmguard adapters --json' (exit {rc})")
        return
    report(rc == "0" and a["kind"] == "motherboard" and a["node"]["access"] == "read-write", "ddr3-adapters-access",
           f"{a['bus']} {a['name']}: driver {a['driver']}, kind {a['kind']}, access {a['node']['access']}, exit {rc}")
    reads = a.get("reads") or {}
    report(reads.get("byte") is True and reads.get("i2c_block") is False, "ddr3-adapters-reads",
           f"I2C_FUNCS {reads.get('raw')}: byte {reads.get('byte')}, word {reads.get('word')}, I2C block {reads.get('i2c_block')}")
    found = [(s["address"], s["generation"]) for s in a.get("spd", [])]
    expected = [(f"0x5{n}", "DDR3") for n in range(8)]
    report(a.get("probed") is True and found == expected, "ddr3-adapters-probe",
           f"probed {a.get('probed')}: {', '.join(f'{x} {g}' for x, g in found) or 'nothing'}")


def spd5118_adapters(out):
    doc = load(out / "adapters.json")
    a = adapter_of(doc, "SMBus stub driver")
    if a is None:
        report(False, "spd5118-adapters", "no stub adapter in 'dimmguard adapters --json'")
        return
    owned = [s for s in a.get("spd", []) if s.get("owner") == "spd5118"]
    report(len(owned) == 1 and owned[0]["address"] == "0x50" and owned[0]["eeprom"].endswith("-0050/eeprom")
           and a.get("probed") is False, "spd5118-adapters-owner",
           f"{[(s['address'], s.get('owner'), s.get('eeprom')) for s in a.get('spd', [])]}, probed {a.get('probed')}: "
           f"{a.get('not_probed')}")


def ddr5(out, data):
    scan, decoded = load(out / "scan.json"), load(data / "host/ddr5-decode.json")
    if not (scan and decoded):
        return
    m = by_address(scan).get("0x50")
    if m is None or not m.get("ok"):
        report(False, "ddr5-scan", f"no module at 0x50: {m and m.get('error')}")
        return
    report(m.get("generation") == "DDR5", "ddr5-generation", f"{m.get('generation')}")
    compare_images("ddr5-image", out / f"scan-saved/{m['source']['bus']}-0x50.bin", data / "ddr5.bin")
    d = first_difference(m.get("spd"), decoded["modules"][0]["spd"])
    report(d is None, "ddr5-decode", "decoded fields equal the host's decode of the file" if d is None else d)
    hub = next((x for x in m["live"]["devices"] if x["role"] == "hub"), {})
    report(hub.get("present") and hub.get("device_type") == "5118", "ddr5-hub-identity",
           f"hub device type {hub.get('device_type')}, vendor {hub.get('vendor', {}).get('name')}, "
           f"MR11 found {m['live'].get('hub_state', {}).get('mr11')}, {m['read']['page_writes']} page writes")


def spd5118(out, data):
    scan, raw, decoded = load(out / "all.json"), load(out / "raw.json"), load(data / "host/ddr5-decode.json")
    spd5118_adapters(out)
    if not (scan and raw and decoded):
        return
    sysfs = [m for m in scan.get("modules", []) if m["source"].get("via") == "sysfs (spd5118)"]
    if len(sysfs) != 1 or not sysfs[0].get("ok"):
        report(False, "spd5118-sysfs-read", f"{len(sysfs)} modules via sysfs (spd5118)")
        return
    m = sysfs[0]
    compare_images("spd5118-image", out / f"all-saved/{m['source']['bus']}-0x50.bin", data / "ddr5.bin")
    d = first_difference(m.get("spd"), decoded["modules"][0]["spd"])
    report(d is None, "spd5118-decode", "decoded fields equal the host's decode of the file" if d is None else d)
    hub = by_address(raw).get("0x50")
    message = (hub or {}).get("error", {}).get("message", "")
    report(hub is not None and "spd" not in hub and not hub.get("ok") and "owned by a kernel driver" in message,
           "spd5118-raw-json", f"raw scan of 0x50: no image, error \"{message}\", exit {raw.get('exit_status')}")


def main():
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        return 1
    scenario, out, data = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    {"ddr3-piix4": ddr3, "ddr5-stub": ddr5, "spd5118": spd5118}[scenario](out, data)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

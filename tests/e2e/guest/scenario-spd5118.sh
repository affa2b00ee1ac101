# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck shell=sh disable=SC2154 # sourced by /init after lib.sh (failures, stub_functionality)
# The kernel's spd5118 driver (Debian's 6.12 backports kernel) bound to the stubbed hub:
# dimmguard must read the image through the driver's sysfs eeprom file (scan --all), and a raw
# scan of that bus must be refused at the driver-owned address with the "owned by a kernel
# driver" message and no image, without a single transaction to 0x50.
load_modules i2c-dev spd5118
[ -d /sys/class/i2c-adapter ] || echo "E2E-NOTE kernel $(uname -r) has no /sys/class/i2c-adapter (no CONFIG_I2C_COMPAT)"
insmod /lib/modules/i2c-stub.ko chip_addr=0x50 functionality="$stub_functionality" bank_reg=0x0b bank_mask=0x07 bank_start=0x80 bank_end=0xff ||
    fail modules "insmod i2c-stub failed"
if ! bus=$(find_bus "SMBus stub driver"); then
    fail spd5118-adapter "no i2c-stub adapter: $(dmesg | tail -n 3 | tr "\n" " ")"
    return 0
fi
program "$bus" 0x50 /e2e/data/ddr5-hub.prog && pass spd5118-programmed "hub registers and 8 NVM pages written with i2cset"
echo spd5118 0x50 > "/sys/bus/i2c/devices/i2c-$bus/new_device"
device=/sys/bus/i2c/devices/$bus-0050
for _ in 1 2 3 4 5 6 7 8 9 10; do [ -e "$device/eeprom" ] && break; sleep 0.2; done
if [ -e "$device/eeprom" ] && [ "$(basename "$(readlink "$device/driver")")" = spd5118 ]; then
    pass spd5118-bound "$bus-0050 bound to spd5118 ($(cat "$device"/hwmon/hwmon*/temp1_input 2> /dev/null) mdegC)"
else
    fail spd5118-bound "spd5118 did not bind to $bus-0050: $(dmesg | grep -i spd5118 | tail -n 2)"
    return 0
fi

dimmguard scan --all --json --save /out/all-saved > /out/all.json 2> /out/all.err
echo $? > /out/all.rc
if [ "$(cat /out/all.rc)" = 0 ]; then
    pass spd5118-scan-all-exit "scan --all exit 0"
else
    fail spd5118-scan-all-exit "scan --all exit $(cat /out/all.rc): $(head -n 3 /out/all.err)"
fi
if grep -q '"via": "sysfs (spd5118)"' /out/all.json; then
    pass spd5118-via-sysfs "scan --all read i2c-$bus 0x50 via sysfs (spd5118)"
else
    fail spd5118-via-sysfs "scan --all did not use the spd5118 sysfs file: $(grep '"via"' /out/all.json | head -n 3)"
fi

trace_start
dimmguard adapters --json > /out/adapters.json 2> /out/adapters.err
echo $? > /out/adapters.rc
dimmguard scan --bus "$bus" --json > /out/raw.json 2> /out/raw.err
echo $? > /out/raw.rc
trace_stop /out/trace.txt > /out/trace.problems
if grep -q 'is owned by a kernel driver' /out/raw.err; then
    pass spd5118-raw-refused "exit $(cat /out/raw.rc): $(grep -m 1 'owned by a kernel driver' /out/raw.err)"
else
    fail spd5118-raw-refused "no 'owned by a kernel driver' message (exit $(cat /out/raw.rc)): $(head -n 3 /out/raw.err)"
fi
if trace_available; then
    at_hub=$(grep -E 'smbus_(read|write):' /out/trace.txt | grep -c ' a=050 ')
    if [ "$at_hub" = 0 ] && [ ! -s /out/trace.problems ]; then
        pass spd5118-raw-untouched "kernel tracepoints: 0 transactions to the driver-owned 0x50 during adapters and the raw scan"
    else
        fail spd5118-raw-untouched "$at_hub transactions to 0x50 during adapters and the raw scan $(cat /out/trace.problems)"
    fi
fi

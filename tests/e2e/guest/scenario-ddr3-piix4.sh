# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck shell=sh disable=SC2154 # sourced by /init after lib.sh (failures, stub_functionality)
# DDR3 on the `pc` machine's PIIX4 SMBus (i2c-piix4): QEMU's eight 256-byte smbus-eeprom
# devices at 0x50-0x57 are programmed with the host's DDR3 images (busybox i2cset, set-up
# only), then dimmguard scans and verifies them over /dev/i2c-N. PIIX4 has no I2C block read,
# so every byte comes through read-word-data (two bytes per transaction): the word-read path
# on a real driver.
load_modules i2c-smbus i2c-piix4 i2c-dev
if ! bus=$(find_bus "SMBus PIIX4 adapter"); then
    fail ddr3-adapter "no PIIX4 SMBus adapter (i2c-piix4 did not bind)"
    return 0
fi
pass ddr3-adapter "i2c-$bus: $(cat "/sys/bus/i2c/devices/i2c-$bus/name")"

programmed=0
for slot in 0 1 2 3 4 5 6 7; do
    program "$bus" "0x5$slot" "/e2e/data/ddr3-$slot.prog" && programmed=$((programmed + 1))
done
[ "$programmed" = 8 ] && pass ddr3-programmed "8 EEPROMs at 0x50-0x57 written with i2cset (word writes)"

trace_start
# adapters probes 0x50-0x57 read-only: inside the traced window, so the no-write check covers it.
dimmguard adapters --json > /out/adapters.json 2> /out/adapters.err
echo $? > /out/adapters.rc
dimmguard scan --bus "$bus" --json --save /out/scan-saved > /out/scan.json 2> /out/scan.err
echo $? > /out/scan.rc
dimmguard verify --bus "$bus" --json --no-record --data-dir /e2e/registry > /out/verify.json 2> /out/verify.err
echo $? > /out/verify.rc
trace_stop /out/trace.txt > /out/trace.problems

if [ "$(cat /out/scan.rc)" = 0 ]; then

    pass ddr3-scan-exit "scan --bus $bus exit 0"

else

    fail ddr3-scan-exit "scan --bus $bus exit $(cat /out/scan.rc): $(head -n 3 /out/scan.err)"

fi
if [ "$(cat /out/verify.rc)" = 0 ]; then
    pass ddr3-verify-exit "verify --bus $bus exit 0 (all genuine)"
else
    fail ddr3-verify-exit "verify --bus $bus exit $(cat /out/verify.rc): $(head -n 3 /out/verify.err)"
fi

if trace_available; then
    writes=$(grep -c 'smbus_write:' /out/trace.txt)
    i2c_writes=$(grep -c 'i2c_write:' /out/trace.txt)
    word_reads=$(grep 'smbus_read:' /out/trace.txt | grep -c ' WORD_DATA')
    other_reads=$(grep 'smbus_read:' /out/trace.txt | grep -vc ' WORD_DATA')
    if [ -s /out/trace.problems ]; then
        fail ddr3-trace "$(cat /out/trace.problems)"
    elif [ "$writes" = 0 ] && [ "$i2c_writes" = 0 ]; then
        pass ddr3-no-writes "kernel tracepoints: 0 SMBus/I2C writes during scan + verify"
    else
        fail ddr3-no-writes "kernel tracepoints: $writes SMBus and $i2c_writes I2C writes during scan + verify: $(grep -m 3 -E 'smbus_write:|i2c_write:' /out/trace.txt)"
    fi
    # 8 modules, scan and verify, each reading until two passes agree: 8 x 2 x 2 x 128 words,
    # plus two words per identification. Nothing else: no block reads (PIIX4 has none) and no
    # byte reads (a DDR3 image and its identification bytes 0-3 are whole words).
    if [ "$word_reads" -ge 4096 ] && [ "$other_reads" = 0 ]; then
        pass ddr3-word-reads "$word_reads read-word-data transactions, no block or byte reads (PIIX4 has no I2C block read)"
    else
        fail ddr3-word-reads "$word_reads read-word-data and $other_reads other reads"
    fi
else
    echo "E2E-NOTE no tracefs smbus events in this kernel: write check rests on the i2c-stub dumps"
fi

# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck shell=sh disable=SC2154 # sourced by /init after lib.sh (failures, stub_functionality)
# DDR5 paging over a real kernel: i2c-stub at 0x50 with banking (MR11 at 0x0b selects one of 8
# pages at 0x80-0xff) stands in for an SPD5118 hub; its identity registers and the 1024-byte
# image are preloaded by the set-up tool (i2cset), then dimmguard reads it over /dev/i2c-N
# (read-word-data: i2c-stub does not bank I2C block transfers, see lib.sh, so dimmguard
# takes the next best read the adapter offers). Safety: every stub register (all pages) is dumped before and after,
# and the kernel's SMBus tracepoints record every write dimmguard caused.
load_modules i2c-dev
insmod /lib/modules/i2c-stub.ko chip_addr=0x50 functionality="$stub_functionality" bank_reg=0x0b bank_mask=0x07 bank_start=0x80 bank_end=0xff ||
    fail modules "insmod i2c-stub failed"
if ! bus=$(find_bus "SMBus stub driver"); then
    fail ddr5-adapter "no i2c-stub adapter: $(dmesg | tail -n 3 | tr "\n" " ")"
    return 0
fi
pass ddr5-adapter "i2c-$bus: $(cat "/sys/bus/i2c/devices/i2c-$bus/name"), banked MR11 0x0b"
program "$bus" 0x50 /e2e/data/ddr5-hub.prog && pass ddr5-programmed "hub registers and 8 NVM pages written with i2cset"

dump_hub "$bus" /out/hub-before.txt
trace_start
dimmguard scan --bus "$bus" --json --save /out/scan-saved > /out/scan.json 2> /out/scan.err
echo $? > /out/scan.rc
trace_stop /out/trace.txt > /out/trace.problems
mr11_after=$(i2cget -y "$bus" 0x50 0x0b b)
dump_hub "$bus" /out/hub-after.txt

# i2c-stub answers an empty address with ENODEV where real SMBus hosts give ENXIO (no ACK);
# dimmguard reports that as an I/O error, not an empty slot, so 0x51-0x57 give exit status 2
# here. Anything else on stderr fails (compare.py also checks each module's JSON).
other_errors=$(grep -v 'i2c-[0-9]* 0x5[1-7]: read word data failed at byte 0x00: no such device' /out/scan.err)
if [ "$(cat /out/scan.rc)" -le 2 ] && [ -z "$other_errors" ]; then
    pass ddr5-scan-exit "scan --bus $bus exit $(cat /out/scan.rc) (i2c-stub: 0x51-0x57 'no such device')"
else
    fail ddr5-scan-exit "scan --bus $bus exit $(cat /out/scan.rc): $other_errors"
fi
if [ "$mr11_after" = 0x00 ]; then
    pass ddr5-page-restored "MR11 = 0x00 after the scan (page 0, 1-byte mode)"
else
    fail ddr5-page-restored "MR11 = $mr11_after after the scan, expected 0x00"
fi
if cmp -s /out/hub-before.txt /out/hub-after.txt; then
    pass ddr5-registers-unchanged "all 8 x 256 stub registers identical before and after"
else
    fail ddr5-registers-unchanged "stub registers changed: $(diff /out/hub-before.txt /out/hub-after.txt | grep '^[-+][0-9a-f]' | head -n 4 | tr '\n' ' ')"
fi
if trace_available; then
    writes=$(grep -c 'smbus_write:' /out/trace.txt)
    page_writes=$(grep 'smbus_write:' /out/trace.txt | grep -cE ' a=050 f=0000 c=b BYTE_DATA l=1 \[0[0-7]\]')
    word_reads=$(grep 'smbus_read:' /out/trace.txt | grep -c ' a=050 .* WORD_DATA')
    block_reads=$(grep 'smbus_read:' /out/trace.txt | grep -c ' a=050 .* I2C_BLOCK')
    if [ -s /out/trace.problems ]; then
        fail ddr5-trace "$(cat /out/trace.problems)"
    elif [ "$writes" = "$page_writes" ] && [ "$(grep -c 'i2c_write:' /out/trace.txt)" = 0 ]; then
        pass ddr5-only-page-writes "kernel tracepoints: $writes writes, every one MR11 (0x0b) of 0x50 with a page 0-7"
    else
        fail ddr5-only-page-writes "kernel tracepoints: $((writes - page_writes)) writes other than MR11 page selects: $(grep 'smbus_write:' /out/trace.txt | grep -vE ' c=b BYTE_DATA l=1 \[0[0-7]\]' | head -n 3)"
    fi
    # Two passes (reads until two agree) of 512 words each, plus the hub registers.
    if [ "$word_reads" -ge 1024 ] && [ "$block_reads" = 0 ]; then
        pass ddr5-word-reads "$word_reads read-word-data transactions to 0x50 (2 x 512 NVM words + hub registers), no block reads"
    else
        fail ddr5-word-reads "$word_reads read-word-data and $block_reads i2c-block transactions to 0x50"
    fi
fi

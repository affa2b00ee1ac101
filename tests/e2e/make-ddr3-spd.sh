#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Write a 256-byte DDR3 SPD image (JESD21-C Annex K layout, spd-reference.md 2) with a valid
# CRC, for the PIIX4 end-to-end test. dimmguard's synthesizer makes only DDR4/DDR5, and no
# third-party dump may be copied into the project, so the test makes its own DDR3 image.
#
# usage: make-ddr3-spd.sh OUTPUT SERIAL_HEX8 [DATE_YYWW]
# The module: 8 GiB DDR3-1600 ECC UDIMM, 2 ranks of x8 4 Gbit dies, made by "Micron Technology"
# (JEP106 bank 1, 0x2c), part number "DG3E8G1600ECC" (a test name, not a real product).
set -euo pipefail
out=${1:?usage: make-ddr3-spd.sh OUTPUT SERIAL_HEX8 [DATE_YYWW]}
serial=${2:?usage: make-ddr3-spd.sh OUTPUT SERIAL_HEX8 [DATE_YYWW]}
date=${3:-2319}
[[ $serial =~ ^[0-9a-fA-F]{8}$ ]] || { echo "make-ddr3-spd: serial '$serial' is not 8 hex digits" >&2; exit 1; }
[[ $date =~ ^[0-9]{4}$ ]] || { echo "make-ddr3-spd: date '$date' is not YYWW" >&2; exit 1; }

spd=()
for ((i = 0; i < 256; i++)); do spd[i]=0; done
set_bytes() {  # set_bytes OFFSET BYTE...
    local at=$1
    shift
    for b in "$@"; do spd[at]=$((b)); at=$((at + 1)); done
}
set_bytes 0 0x92 0x13 0x0b 0x02  # CRC over 0-116, 256 total / 176 used; SPD 1.3; DDR3; UDIMM
set_bytes 4 0x04 0x19 0x00       # 4 Gbit, 8 banks; 15 row / 10 column bits; 1.5 V
set_bytes 7 0x09 0x0b            # x8, 2 ranks; 64-bit bus + 8-bit ECC
set_bytes 9 0x11 0x01 0x08       # FTB 1 ps, MTB 1/8 ns
set_bytes 12 0x0a                # tCKmin 10 MTB = 1.25 ns: DDR3-1600
set_bytes 14 0xfe 0x00           # CL 5-11
set_bytes 16 0x69 0x78 0x69 0x30 0x69 0x11 0x18 0x81  # tAA tWR tRCD tRRD tRP, tRAS/tRC high nibbles, tRAS, tRC
set_bytes 24 0x70 0x03 0x3c 0x3c 0x00 0xf0 0x83 0x05  # tRFC, tWTR, tRTP, tFAW, options
set_bytes 32 0x80                # thermal sensor present
set_bytes 60 0x0f 0x11           # module nominal height, thickness
set_bytes 62 0x01                # reference raw card B
set_bytes 117 0x80 0x2c 0x01     # module maker Micron (bank 1, 0x2c), location 1
set_bytes 120 "0x${date:0:2}" "0x${date:2:2}"  # year, week (BCD)
set_bytes 122 "0x${serial:0:2}" "0x${serial:2:2}" "0x${serial:4:2}" "0x${serial:6:2}"
part="DG3E8G1600ECC"
for ((i = 0; i < 18; i++)); do
    c=${part:i:1}
    if [ -n "$c" ]; then spd[128 + i]=$(printf '%d' "'$c"); else spd[128 + i]=32; fi
done
set_bytes 146 0x00 0x01 0x80 0x2c  # module revision; DRAM maker Micron

# JEDEC SPD CRC-16 (XMODEM: poly 0x1021, init 0, MSB first) over bytes 0-116, stored LE at 126.
crc=0
for ((i = 0; i <= 116; i++)); do
    crc=$((crc ^ (spd[i] << 8)))
    for ((bit = 0; bit < 8; bit++)); do
        if ((crc & 0x8000)); then crc=$(((crc << 1) ^ 0x1021)); else crc=$((crc << 1)); fi
        crc=$((crc & 0xffff))
    done
done
spd[126]=$((crc & 0xff))
spd[127]=$((crc >> 8))

escaped=""
for ((i = 0; i < 256; i++)); do escaped+=$(printf '\\%03o' "${spd[i]}"); done
printf '%b' "$escaped" > "$out"

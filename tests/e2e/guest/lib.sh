# SPDX-License-Identifier: GPL-3.0-or-later
# shellcheck shell=sh disable=SC2034 # variables are used by the scenarios that /init sources
# Helpers shared by the guest scenarios (sourced by /init; busybox sh).
failures=0
now() { cut -d' ' -f1 /proc/uptime; }
pass() { echo "E2E-PASS $1${2:+: $2} [t=$(now)]"; }
fail() { echo "E2E-FAIL $1: $2 [t=$(now)]"; failures=$((failures + 1)); }

# The build's dimmguard with its own libraries; sanitizer builds need these options in a
# 512 MiB guest (no leak checker: it needs ptrace-like stop-the-world and adds seconds under TCG).
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=0:exitcode=99
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=99
export DIMMGUARD_DATA_DIR=/tmp/dimmguard-data
dimmguard() { /opt/dimmguard/dimmguard "$@"; }

# load_modules NAME...: insmod each (dependencies are listed first by the host).
load_modules() {
    for m in "$@"; do
        insmod "/lib/modules/$m.ko" || { fail modules "insmod $m failed"; return 1; }
    done
}

# find_bus NAME_PREFIX: print N of the adapter whose name starts with NAME_PREFIX.
# (sys/bus/i2c/devices: newer kernels, 6.12 among them, have no sys/class/i2c-adapter.)
find_bus() {
    for a in /sys/bus/i2c/devices/i2c-*; do
        case "$(cat "$a/name")" in "$1"*) echo "${a##*/i2c-}"; return 0 ;; esac
    done
    return 1
}

# program BUS ADDRESS FILE: run "i2cset -y BUS ADDRESS <line>" for each line of FILE (set-up only;
# the lines come from the host: "OFFSET WORD w", "REG VALUE b" or "OFFSET BYTE... i").
program() {
    while read -r line; do
        # shellcheck disable=SC2086 # a line is several arguments
        i2cset -y "$1" "$2" $line || { fail program "i2cset -y $1 $2 $line failed"; return 1; }
    done < "$3"
}

# Kernel i2c/SMBus tracepoints around a command (tracefs; skipped when not available).
tracing=/sys/kernel/tracing
trace_available() { [ -d "$tracing/events/smbus" ]; }
trace_start() {
    trace_available || return 0
    echo 0 > "$tracing/tracing_on"
    echo 8192 > "$tracing/buffer_size_kb"
    echo > "$tracing/trace"
    echo 1 > "$tracing/events/smbus/smbus_write/enable"
    echo 1 > "$tracing/events/smbus/smbus_read/enable"
    echo 1 > "$tracing/events/i2c/i2c_write/enable"
    echo 1 > "$tracing/tracing_on"
}
# trace_stop FILE: stop and save the trace; fails when events were lost.
trace_stop() {
    trace_available || return 0
    echo 0 > "$tracing/tracing_on"
    cat "$tracing/trace" > "$1"
    for e in smbus/smbus_write smbus/smbus_read i2c/i2c_write; do echo 0 > "$tracing/events/$e/enable"; done
    entries=$(sed -n 's/^# entries-in-buffer\/entries-written: \([0-9]*\)\/\([0-9]*\).*/\1 \2/p' "$1")
    # shellcheck disable=SC2086 # two numbers
    set -- $entries
    [ "$1" = "$2" ] || echo "trace lost events: $entries"
}

# dump_hub BUS FILE: every register of the i2c-stub hub at 0x50, page by page (the set-up tool
# moves MR11 to do it and leaves page 0 selected).
dump_hub() {
    : > "$2"
    for p in 0 1 2 3 4 5 6 7; do
        i2cset -y "$1" 0x50 0x0b "$p" b
        echo "page $p" >> "$2"
        i2cdump -y "$1" 0x50 b >> "$2"
    done
    i2cset -y "$1" 0x50 0x0b 0 b
}

# i2c-stub's default functionality without I2C_FUNC_SMBUS_I2C_BLOCK: the stub ignores its banks
# on I2C block transfers (drivers/i2c/i2c-stub.c: "banked chips don't use I2C block transfers"),
# so a paged read with block reads would see page 0 eight times. Byte and word data are banked.
stub_functionality=0x007f0000

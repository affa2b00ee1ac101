#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The desk app at a real desk: an X server (Xvfb) at 1366x768 and 1280x720, the openbox window
# manager, and a "barcode scanner" that is the X keyboard (xdotool sends XTEST key events, as a
# keyboard-wedge scanner's USB keyboard does), in English and Simplified Chinese:
#
#   1. right after start-up the scanner types A1's label and Enter: the label must reach the
#      Label field (not the navigation list), the "which slot?" window takes "1";
#   2. Alt+N, the scanner types a lot number and Enter into the New lot window;
#   3. the scanner types a label that claims 128 GB and Enter, the slot window takes "2" (A2).
#
# Where every character went is read back from the registry with the CLI: the first sighting is
# A1, GENUINE, with no lot; the second is A2 in the scanned lot, COUNTERFEIT with LABEL_MISMATCH.
# The maximized window must lie inside the screen. With SHOT_DIR, the screen (window manager
# frame included) is saved as SHOT_DIR/desk-<W>x<H>-<lang>.png after the second verdict.
#
# usage: desk_x11_test.sh DIMMGUARD_GUI DIMMGUARD_CLI SOURCE_DIR [SHOT_DIR]
set -euo pipefail
gui=$1
cli=$2
src=$3
shots=${4:-}
for tool in Xvfb openbox xdotool xdpyinfo xprop xwininfo; do
    command -v "$tool" >/dev/null || { echo "desk_x11_test: $tool is missing (bash tools/install-deps.sh)" >&2; exit 1; }
done
if [ -n "$shots" ]; then
    command -v import >/dev/null || { echo "desk_x11_test: import (imagemagick) is missing" >&2; exit 1; }
    mkdir -p "$shots"
fi

work=$(mktemp -d /tmp/dimmguard-desk.XXXXXX)
pids=()
stop_all() {
    for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill "${pids[i]}" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    pids=()
}
cleanup() {
    stop_all
    rm -rf "$work"
}
trap cleanup EXIT
fail() {
    echo "desk_x11_test: $*" >&2
    [ -f "$work/gui.log" ] && sed 's/^/  gui: /' "$work/gui.log" | grep -v -e propagateSizeHints -e XDG_RUNTIME_DIR >&2
    exit 1
}
# Poll CMD until it succeeds (at most $1 tenths of a second).
wait_for() {
    local tenths=$1
    shift
    for ((t = 0; t < tenths; t++)); do
        if "$@" >/dev/null 2>&1; then return 0; fi
        sleep 0.1
    done
    return 1
}

bash "$src/examples/demo/make-demo-registry.sh" "$cli" "$work/registry" >/dev/null
label_a1='MTC40F2046S1RC48BA1 64GB 2Rx4 DDR5-4800 S/N 3BF2A001'
label_wrong='M321R4GA3BB6-CQKET 128GB 2Rx8 DDR5-4800'
lot='PO-X11-4711'

# The sightings recorded since the session started (the demo registry holds some already).
sightings() { "$cli" log show --data-dir "$data" --json --limit 50; }
new_sightings() {
    sightings | python3 -c '
import json, sys
before = set(open(sys.argv[1]).read().split())
print(json.dumps([s for s in json.load(sys.stdin)["sightings"] if s["id"] not in before]))' "$work/before"
}
count_new() { [ "$(new_sightings | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" = "$1" ]; }

session() {
    local size=$1 lang=$2
    local width=${size%x*} height=${size#*x}
    data="$work/data-$size-$lang"
    cp -a "$work/registry" "$data"
    sightings | python3 -c 'import json,sys; print("\n".join(s["id"] for s in json.load(sys.stdin)["sightings"]))' >"$work/before"
    local display=
    for n in $(seq 91 140); do
        if [ ! -e "/tmp/.X11-unix/X$n" ] && [ ! -e "/tmp/.X$n-lock" ]; then display=":$n"; break; fi
    done
    [ -n "$display" ] || fail "no free X display number"
    Xvfb "$display" -screen 0 "${width}x${height}x24" -nolisten tcp -noreset >"$work/xvfb.log" 2>&1 &
    pids+=($!)
    export DISPLAY=$display
    wait_for 100 xdpyinfo || fail "Xvfb did not start on $display"
    openbox --sm-disable >"$work/openbox.log" 2>&1 &
    pids+=($!)
    wait_for 100 sh -c 'xprop -root _NET_SUPPORTING_WM_CHECK | grep -q "window id"' || fail "openbox did not start"

    # The speaker is a file (ALSA's file device): what it receives is checked below.
    sound="$work/sound-$size-$lang.raw"
    env -u DIMMGUARD_DATA_DIR -u QT_QPA_PLATFORM XDG_CONFIG_HOME="$work/config-$size-$lang" \
        DIMMGUARD_SOUND_DEVICE="file:FILE=$sound,FORMAT=raw" \
        "$gui" --bench "$src/examples/demo/bench.json" --data-dir "$data" --lang "$lang" >"$work/gui.log" 2>&1 &
    pids+=($!)
    wait_for 300 xdotool search --onlyvisible --name dimmguard || fail "$size $lang: the window did not appear"
    local window
    window=$(xdotool search --onlyvisible --name dimmguard | head -1)
    # Let the window manager maximize and activate it, and the app put the cursor in Label.
    wait_for 100 sh -c "[ \"\$(xdotool getactivewindow)\" = $window ]" || fail "$size $lang: the window never became active"
    sleep 1

    # The maximized window lies inside the screen.
    # (xwininfo: xdotool's position counts a reparenting window manager's frame offset twice.)
    local info X Y WIDTH HEIGHT
    info=$(xwininfo -id "$window")
    X=$(awk '/Absolute upper-left X/ {print $4}' <<<"$info")
    Y=$(awk '/Absolute upper-left Y/ {print $4}' <<<"$info")
    WIDTH=$(awk '/^ *Width:/ {print $2}' <<<"$info")
    HEIGHT=$(awk '/^ *Height:/ {print $2}' <<<"$info")
    if ((X < 0 || Y < 0 || X + WIDTH > width || Y + HEIGHT > height)); then
        fail "$size $lang: the window (${WIDTH}x${HEIGHT} at $X,$Y) does not fit the ${width}x${height} screen"
    fi

    # 1. The first label after start-up.
    xdotool type --delay 8 "$label_a1"
    xdotool key Return
    sleep 1.5   # the presence probe, then the "which slot?" window
    xdotool key 1
    wait_for 60 count_new 1 ||
        fail "$size $lang: no sighting after the first label (the scanned text did not reach the Label field)"

    # 2. New lot: the lot window takes the scanned lot number on Enter.
    sleep 1
    xdotool key alt+n
    sleep 0.8
    xdotool type --delay 8 "$lot"
    xdotool key Return
    sleep 0.8

    # 3. A label that claims another capacity for the module in slot 2.
    xdotool type --delay 8 "$label_wrong"
    xdotool key Return
    sleep 1.5
    xdotool key 2
    wait_for 60 count_new 2 ||
        fail "$size $lang: no sighting after the second label"
    sleep 1.5   # the banner and the table are painted
    if [ -n "$shots" ]; then
        import -window root "$shots/desk-$size-$lang.png"
    fi

    new_sightings | python3 -c '
import json, sys
lot, label = sys.argv[1], sys.argv[2]
s = sorted(json.load(sys.stdin), key=lambda x: x["seq"])
first, second = s[0], s[1]
def check(ok, what):
    if not ok:
        sys.exit("desk_x11_test: " + what + ": " + json.dumps(s, indent=1))
check(first["context"].get("slot") == "A1" and first["verdict"] == "genuine" and "lot" not in first["context"],
      "the first label did not give A1 GENUINE without a lot")
check(second["context"].get("slot") == "A2" and second["context"].get("lot") == lot,
      "the second scan is not A2 in lot " + lot + " (the lot or the label went to the wrong field)")
check(second["verdict"] == "counterfeit" and "LABEL_MISMATCH" in second["context"].get("findings", ""),
      "the label claiming 128 GB did not reach the A2 inspection")
' "$lot" "$label_wrong" || fail "$size $lang: wrong sightings"
    # The last sound is the COUNTERFEIT alarm: 1.01 s of 48 kHz mono whose energy is at 330 and
    # 247 Hz, not at the GENUINE chime's 880 / 1320 Hz.
    wait_for 50 test -s "$sound" || fail "$size $lang: no sound reached the sound device"
    sleep 0.5
    python3 - "$sound" <<'PY' || fail "$size $lang: the sound after COUNTERFEIT is not the alarm"
import math, struct, sys
raw = open(sys.argv[1], "rb").read()
x = struct.unpack("<%dh" % (len(raw) // 2), raw)
def power(hz):
    c = 2 * math.cos(2 * math.pi * hz / 48000)
    s1 = s2 = 0.0
    for v in x[:9600]:   # the first pulse
        s1, s2 = v / 32768 + c * s1 - s2, s1
    return s1 * s1 + s2 * s2 - c * s1 * s2
if len(x) != 1010 * 48:
    sys.exit("desk_x11_test: %d samples, not the alarm's %d" % (len(x), 1010 * 48))
low, high = power(330), max(power(880), power(1320))
if low < 100 * high:
    sys.exit("desk_x11_test: 330 Hz %.3g vs chime %.3g" % (low, high))
PY
    stop_all
    unset DISPLAY
    echo "desk_x11_test: $size $lang ok"
}

for size in 1366x768 1280x720; do
    for lang in en zh_CN; do
        session "$size" "$lang"
    done
done

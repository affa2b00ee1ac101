#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Validate the desk application's desktop entry, icon and AppStream metainfo (ctest label
# `packaging`). Fails (exit 1, one line naming the problem) on any error or warning:
#   - desktop-file-validate prints nothing at all (errors, warnings and hints all fail);
#   - appstreamcli validate --no-net --pedantic of the metainfo, and validate-tree of a staged
#     /usr/share tree (metainfo + desktop entry + icon, as the package installs them): no error,
#     warning or info. Pedantic notes are printed but pass: the one left is
#     cid-contains-uppercase-letter, which the reverse-DNS id io.github.dimmguard.DimmGuard
#     (desktop file name, icon name and D-Bus-style id alike) cannot avoid;
#   - the ids agree: desktop file name = metainfo <id> + .desktop = <launchable>, Icon= = icon
#     file name, Exec= = <provides><binary>;
#   - the icon is a well-formed SVG with a viewBox and no raster image, script or external
#     reference; where rsvg-convert is installed it is also rendered at 48 and 256 px.
# Needs desktop-file-utils, appstream and python3 (tools/install-deps.sh installs them); works
# offline, as any user, without a display.
#
# usage: check-desktop.sh [DIR]      DIR holds the files (default: this script's directory)
# shellcheck disable=SC2015  # "A && B || fail": fail when either A or B is false, as meant
set -uo pipefail

dir=${1:-$(dirname "$0")}
id=io.github.dimmguard.DimmGuard
desktop=$dir/$id.desktop
icon=$dir/$id.svg
metainfo=$dir/$id.metainfo.xml
me=check-desktop

fail() {
    printf '%s: FAIL: %s\n' "$me" "$*" >&2
    exit 1
}
one_line() { tr '\n' ' ' | sed -e 's/  */ /g' -e 's/ $//'; }

for tool in desktop-file-validate appstreamcli python3; do
    command -v "$tool" > /dev/null 2>&1 || fail "$tool not found (tools/install-deps.sh installs it)"
done
for f in "$desktop" "$icon" "$metainfo"; do
    [ -f "$f" ] || fail "$f: missing"
done

work=$(mktemp -d) || fail "cannot create a temporary directory"
trap 'rm -rf -- "$work"' EXIT

# --- the desktop entry ---------------------------------------------------------------------------
out=$(desktop-file-validate "$desktop" 2>&1)
status=$?
[ "$status" -eq 0 ] && [ -z "$out" ] || fail "desktop-file-validate: $(printf '%s' "$out" | one_line)"

key() { sed -n "s/^$1=//p" "$desktop" | head -n 1; }
[ "$(key Icon)" = "$id" ] || fail "$desktop: Icon=$(key Icon), expected $id (the icon's file name)"
exec_bin=$(key Exec | cut -d' ' -f1)
[ "$exec_bin" = dimmguard-gui ] || fail "$desktop: Exec= starts with '$exec_bin', expected dimmguard-gui"

# --- the metainfo --------------------------------------------------------------------------------
# appstreamcli prints "E:", "W:", "I:" and "P:" lines (error, warning, info, pedantic).
check_appstream() {
    local what=$1 notes=$2 out status bad
    shift 2
    out=$(appstreamcli "$@" 2>&1)
    status=$?
    bad=$(printf '%s\n' "$out" | grep -E '^[[:space:]]*[EWI]: ')
    [ "$status" -eq 0 ] && [ -z "$bad" ] || fail "appstreamcli $what: $(printf '%s\n' "${bad:-$out}" | one_line)"
    [ "$notes" = notes ] || return 0
    printf '%s\n' "$out" | grep -E '^[[:space:]]*P: ' | sed "s/^[[:space:]]*/$me: note: appstreamcli $what: /"
}
check_appstream validate notes validate --no-net --pedantic "$metainfo"

share=$work/tree/usr/share
mkdir -p "$share/metainfo" "$share/applications" "$share/icons/hicolor/scalable/apps"
cp "$metainfo" "$share/metainfo/" && cp "$desktop" "$share/applications/" && cp "$icon" "$share/icons/hicolor/scalable/apps/" ||
    fail "cannot stage the files under $work"
check_appstream validate-tree quiet validate-tree --no-net --pedantic "$work/tree"

# The ids the three files name, read with python3's XML parser (no xmllint needed).
ids=$(python3 - "$metainfo" << 'EOF'
import sys
import xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
def text(path):
    e = root.find(path)
    return (e.text or "").strip() if e is not None else ""
print(root.get("type", ""), text("id"), text("launchable[@type='desktop-id']"), text("provides/binary"), sep="\n")
EOF
) || fail "$metainfo: not well-formed XML"
{ read -r type; read -r cid; read -r launchable; read -r binary; } <<< "$ids"
[ "$type" = desktop-application ] || fail "$metainfo: component type '$type', expected desktop-application"
[ "$cid" = "$id" ] || fail "$metainfo: <id>$cid</id>, expected $id"
[ "$launchable" = "$id.desktop" ] || fail "$metainfo: <launchable type=\"desktop-id\">$launchable, expected $id.desktop"
[ "$binary" = "$exec_bin" ] || fail "$metainfo: <provides><binary>$binary, but the desktop entry runs $exec_bin"

# --- the icon ------------------------------------------------------------------------------------
svg_problem=$(python3 - "$icon" 2>&1 << 'EOF'
import re
import sys
import xml.etree.ElementTree as ET
SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}href"
try:
    root = ET.parse(sys.argv[1]).getroot()
except ET.ParseError as e:
    sys.exit(f"not well-formed XML ({e})")
if root.tag != SVG + "svg":
    sys.exit(f"root element is {root.tag}, not an SVG <svg> in the SVG namespace")
box = (root.get("viewBox") or "").replace(",", " ").split()
if len(box) != 4 or float(box[2]) <= 0 or float(box[3]) != float(box[2]):
    sys.exit(f"viewBox '{root.get('viewBox')}' is not a square")
for e in root.iter():
    name = e.tag.replace(SVG, "")
    if name in ("image", "script", "foreignObject"):
        sys.exit(f"contains <{name}>: an icon is plain vector shapes")
    for attr, value in e.attrib.items():
        if attr in ("href", XLINK) and not value.startswith("#"):
            sys.exit(f"<{name}> refers to '{value[:40]}' outside the file")
        if attr.startswith("on"):
            sys.exit(f"<{name}> has an event handler ({attr})")
    if re.search(r"url\((?!#)", " ".join(e.attrib.values()) + (e.text or "")):
        sys.exit(f"<{name}> uses url() outside the file")
EOF
) || fail "$icon: ${svg_problem:-cannot check it}"
if command -v rsvg-convert > /dev/null 2>&1; then
    for size in 48 256; do
        out=$(rsvg-convert -w "$size" -h "$size" -o "$work/icon-$size.png" "$icon" 2>&1) && [ -z "$out" ] && [ -s "$work/icon-$size.png" ] ||
            fail "$icon: rsvg-convert at ${size}px: $(printf '%s' "$out" | one_line)"
    done
fi

echo "$me: $id.desktop, $id.metainfo.xml and $id.svg are valid"

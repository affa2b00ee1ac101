#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Render every generated man page (MANDIR/*.1, *.5: scdoc's output, before gzip) with man(1)
# as a user's terminal shows it (UTF-8, 80 columns), and fail, one line per page, when groff
# prints any warning or the page comes out without its NAME and DESCRIPTION.
# usage: check-render.sh MANDIR
# Exit status: 0 every page renders cleanly; 1 a page does not; 77 man(1) is not installed
# (ctest reports the test as skipped: install man-db and groff-base).
set -uo pipefail

dir=${1:?usage: check-render.sh MANDIR}
if ! command -v man > /dev/null; then
    echo "check-render: man(1) is not installed (Debian: man-db, groff-base)" >&2
    exit 77
fi
shopt -s nullglob
pages=("$dir"/*.[1-8])
if [ ${#pages[@]} = 0 ]; then
    echo "check-render: no man pages in $dir (build the man_pages target first)" >&2
    exit 1
fi

failures=0
for page in "${pages[@]}"; do
    name=$(basename "$page")
    # man -l: this file, not a page from MANPATH; --warnings=w: every groff warning (groff's "all" leaves some out).
    warnings=$(LC_ALL=C.UTF-8 MANWIDTH=80 MAN_DISABLE_SECCOMP=1 man --warnings=w -l "$page" 2>&1 > /dev/null)
    text=$(LC_ALL=C.UTF-8 MANWIDTH=80 MAN_DISABLE_SECCOMP=1 man -l "$page" 2> /dev/null)
    if [ -n "$warnings" ]; then
        while IFS= read -r line; do
            echo "check-render: $name: $line" >&2
        done <<< "$warnings"
        failures=$((failures + 1))
    elif ! grep -q '^NAME$' <<< "$text" || ! grep -qE '^(DESCRIPTION|SYNOPSIS)$' <<< "$text" ||
        [ "$(wc -l <<< "$text")" -lt 15 ]; then
        echo "check-render: $name: renders empty or without NAME / DESCRIPTION ($(wc -l <<< "$text") lines)" >&2
        failures=$((failures + 1))
    fi
done
if [ "$failures" != 0 ]; then
    echo "check-render: $failures of ${#pages[@]} pages do not render cleanly" >&2
    exit 1
fi
echo "check-render: ${#pages[@]} pages render without warnings"

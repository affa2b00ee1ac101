#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Render every generated man page with man(1) as a user's terminal would (80 columns, UTF-8)
# and fail, one line per page, when groff warns or the page comes out empty.
# usage: check-render.sh MANDIR
set -euo pipefail
dir=${1:?usage: check-render.sh MANDIR}
failures=0
count=0
for page in "$dir"/*.[15]; do
    [ -e "$page" ] || { echo "check-render: no pages in $dir" >&2; exit 1; }
    count=$((count + 1))
    warnings=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$page" 2>&1 > /dev/null || true)
    lines=$(LC_ALL=C.UTF-8 MANWIDTH=80 man -l "$page" 2> /dev/null | wc -l)
    if [ -n "$warnings" ]; then
        echo "check-render: $(basename "$page"): $(printf '%s' "$warnings" | head -n 1)" >&2
        failures=$((failures + 1))
    elif [ "$lines" -lt 10 ]; then
        echo "check-render: $(basename "$page"): renders to $lines lines" >&2
        failures=$((failures + 1))
    fi
done
[ "$failures" = 0 ] || exit 1
echo "check-render: $count pages render without warnings"

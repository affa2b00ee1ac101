#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Keep the man pages and the shell completions in step with `dimmguard --help`.

For the top level, every command and every nested command, run `BINARY <path> --help` and
read the subcommands and long options CLI11 prints. Fail, one line per mismatch, when:
  - a command has no man page (dimmguard-<command>.1.scd);
  - an option or subcommand of --help is missing from its man page, or from either completion;
  - a man page documents an option that no --help of its command has.
Hidden testing options are not in --help, so they need no documentation.

usage: check-help.py BINARY SCD_DIR COMPLETION_DIR
"""
import re
import subprocess
import sys
from pathlib import Path

GLOBAL = {"--help", "--version", "--color"}


def help_of(binary, path):
    out = subprocess.run([binary, *path, "--help"], capture_output=True, text=True, timeout=20)
    if out.returncode != 0:
        raise SystemExit(f"check-help: '{' '.join(['dimmguard', *path, '--help'])}' exited {out.returncode}: {out.stderr.strip()}")
    text = out.stdout
    options, subcommands = set(), []
    section = None
    for line in text.splitlines():
        header = re.match(r"^(Options|Positionals|Subcommands):$", line)
        if header:
            section = header.group(1)
            continue
        if line and not line.startswith(" "):
            section = None      # the footer or the description
            continue
        if section == "Options":
            m = re.match(r"^\s+(?:-\w,)?(--[a-z0-9][a-z0-9-]*)", line)
            if m:
                options.add(m.group(1))
        elif section == "Subcommands":
            m = re.match(r"^\s+([a-z][a-z0-9-]*)\s", line)
            if m:
                subcommands.append(m.group(1))
    return options, subcommands


def main():
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        return 1
    binary, scd_dir, completion_dir = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    bash = (completion_dir / "dimmguard.bash").read_text()
    zsh = (completion_dir / "_dimmguard").read_text()
    problems = []

    # Walk the command tree: the page of `a b` is dimmguard-a.1 (nested commands share it).
    pages = {}          # page name -> set of options documented there (from --help)
    stack = [[]]
    commands = 0
    while stack:
        path = stack.pop()
        commands += 1
        options, subcommands = help_of(binary, path)
        page = "dimmguard" if not path else f"dimmguard-{path[0]}"
        pages.setdefault(page, set()).update(options)
        scd = scd_dir / f"{page}.1.scd"
        if not scd.exists():
            problems.append(f"{' '.join(['dimmguard', *path])}: no man page {scd.name}")
            continue
        text = scd.read_text()
        where = " ".join(["dimmguard", *path])
        for opt in sorted(options - {"--help"} - ({"--version"} if path else set())):
            if f"*{opt}*" not in text:
                problems.append(f"{where}: {opt} is in --help but not in {scd.name}")
            if opt not in bash:
                problems.append(f"{where}: {opt} is in --help but not in the bash completion")
            if opt not in zsh:
                problems.append(f"{where}: {opt} is in --help but not in the zsh completion")
        for sub in subcommands:
            if path and f"*{sub}*" not in text:
                problems.append(f"{where}: command '{sub}' is in --help but not in {scd.name}")
            if not re.search(rf"(?<![\w-]){re.escape(sub)}(?![\w-])", bash):
                problems.append(f"{where}: command '{sub}' is not in the bash completion")
            if not re.search(rf"(?<![\w-]){re.escape(sub)}(?![\w-])", zsh):
                problems.append(f"{where}: command '{sub}' is not in the zsh completion")
            stack.append([*path, sub])

    # The other way: every option a page documents exists in one of its commands' --help.
    for page, options in sorted(pages.items()):
        scd = scd_dir / f"{page}.1.scd"
        if not scd.exists():
            continue
        documented = set(re.findall(r"\*(--[a-z0-9][a-z0-9-]*)\*", scd.read_text()))
        for opt in sorted(documented - options - GLOBAL):
            problems.append(f"{scd.name} documents {opt}, which no --help of {page.replace('-', ' ', 1)} has")

    for p in problems:
        print(f"check-help: {p}", file=sys.stderr)
    if problems:
        print(f"check-help: {len(problems)} mismatch(es)", file=sys.stderr)
        return 1
    print(f"check-help: {commands} commands, {len(pages)} pages, both completions match --help")
    return 0


if __name__ == "__main__":
    sys.exit(main())

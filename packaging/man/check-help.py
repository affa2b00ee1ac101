#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Keep the man pages and the shell completions in step with `dimmguard --help`.

usage: check-help.py BINARY SCD_DIR COMPLETION_DIR

For the top level, every command and every nested command, run `BINARY <path> --help` and read
what CLI11 prints: the subcommands, every option (long and short names) and the positionals.
Then print one line per mismatch and exit 1 when

  - a command has no man page (dimmguard-COMMAND.1.scd), or a page exists for no command;
  - an option of --help is not documented where its command's options are: the OPTIONS section
    (dimmguard.1 and pages of commands without subcommands), or the "## SUB" subsection under
    COMMANDS (pages of commands with subcommands, e.g. "## keygen" in dimmguard-bundle.1.scd),
    whose OPTIONS section holds the options every subcommand has (--data-dir, --help);
  - a man page documents an option (a definition-list term such as "*-o*, *--out* _FILE_")
    that --help of its command does not have;
  - a subcommand of --help is missing from the man page (a COMMANDS term in dimmguard.1, a
    "## SUB" subsection elsewhere), or the page documents one that --help does not list;
  - the SYNOPSIS line of a command ("*dimmguard bundle sign* ...") is missing, or shows other
    positional arguments than --help (their number, [optional] or not, repeated with ... or not);
  - the first paragraph of EXIT STATUS differs from the "Exit status:" text of --help;
  - a cross-reference dimmguard-NAME(N) names a page that SCD_DIR does not have;
  - a subcommand or a long option of --help is not offered by the bash completion
    (COMPLETION_DIR/dimmguard.bash, run in bash: the options offered for "-", the
    subcommands for ""), or offered there without being in --help;
  - the same for the zsh completion (COMPLETION_DIR/_dimmguard), read as text: the options of
    `dimmguard A B` are those of its function __dimmguard_cmd_A_B, the commands those of
    __dimmguard_commands and __dimmguard_subcommands.

Hidden testing options (CLI11 group "") are not in --help, so they need no documentation.
--help, -h and --color are accepted by every command (--color falls through to the top level).
Exit 0 with a one-line summary when everything matches. Python 3 standard library only.
"""
import concurrent.futures
import os
import re
import subprocess
import sys
from pathlib import Path

GLOBAL = {"--help", "-h", "--color"}      # accepted after any command
GENERIC_PLACEHOLDERS = {"OPTIONS", "ARGUMENTS", "COMMAND"}
OPTION_NAME = r"--?[A-Za-z0-9][\w-]*"

problems = []


def problem(text):
    problems.append(text)


# --- dimmguard ... --help (CLI11 2.x) ------------------------------------------------------

class Help:
    def __init__(self, path):
        self.path = path
        self.options = []        # list of sets of names, e.g. {"-o", "--output"}
        self.positionals = []    # (name, required, multiple)
        self.subcommands = []
        self.exit_text = ""

    @property
    def names(self):
        return set().union(*self.options) if self.options else set()

    @property
    def command(self):
        return " ".join(["dimmguard", *self.path])


def parse_help(path, text):
    h = Help(path)
    section = None
    lines = text.splitlines()
    for i, line in enumerate(lines):
        header = re.match(r"^([A-Za-z][\w /\[\]-]*?)\s*:\s*$", line)
        if header:
            # "Options:" / "OPTIONS:", "Positionals:", "Subcommands:"; any other heading is a
            # named option group (CLI11 prints options of ->group("Source") under "Source:").
            name = header.group(1).lower()
            section = name if name in ("positionals", "subcommands") else "options"
            continue
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip(" "))
        if indent == 0:
            section = None           # the description, "Usage:" or the footer
            if line.startswith("Exit status:"):
                exit_lines = [line[len("Exit status:"):]]
                for more in lines[i + 1:]:
                    if not more.strip() or more.startswith("Manual:"):
                        break
                    exit_lines.append(more)
                h.exit_text = " ".join(" ".join(exit_lines).split())
            continue
        if indent > 4:
            continue                 # a wrapped description
        entry = line.strip()
        if section == "options":
            m = re.match(rf"^({OPTION_NAME}(?:,\s*{OPTION_NAME})*)", entry)
            if m:
                h.options.append({n.strip() for n in m.group(1).split(",")})
        elif section == "positionals":
            name, _, rest = entry.partition(" ")
            spec = re.split(r"\s{2,}", rest.strip())[0] if rest.strip() else ""
            h.positionals.append((name, "REQUIRED" in spec.split(), "..." in spec.split()))
        elif section == "subcommands":
            m = re.match(r"^([A-Za-z0-9][\w-]*)(\s|$)", entry)
            if m:
                h.subcommands.append(m.group(1))
    return h


def run_help(binary, path):
    command = [binary, *path, "--help"]
    try:
        out = subprocess.run(command, capture_output=True, text=True, timeout=60,
                             env={**os.environ, "NO_COLOR": "1", "ASAN_OPTIONS": "detect_leaks=0"})
    except (OSError, subprocess.TimeoutExpired) as e:
        raise SystemExit(f"check-help: cannot run '{' '.join(command)}': {e}")
    if out.returncode != 0:
        raise SystemExit(f"check-help: '{' '.join(['dimmguard', *path, '--help'])}' exited {out.returncode}: "
                         f"{out.stderr.strip()}")
    return parse_help(path, out.stdout)


def crawl(binary):
    """Every command path's Help, breadth first, each level in parallel."""
    helps = {}
    level = [()]
    with concurrent.futures.ThreadPoolExecutor(max_workers=16) as pool:
        while level:
            for h in pool.map(lambda p: run_help(binary, list(p)), level):
                helps[tuple(h.path)] = h
            level = [(*p, s) for p in level for s in helps[p].subcommands]
    return helps


# --- scdoc sources ----------------------------------------------------------------------------

class Page:
    def __init__(self, path):
        self.path = path
        self.name = path.name
        self.text = path.read_text(encoding="utf-8")
        self.sections = {}       # "OPTIONS" -> [lines];  "COMMANDS/keygen" -> [lines]
        self.synopsis = []       # synopsis lines starting with *dimmguard
        section = sub = None
        in_code = False
        for line in self.text.splitlines():
            if line.startswith("```"):
                in_code = not in_code
                continue
            if in_code:
                continue
            if line.startswith("# "):
                section, sub = line[2:].strip(), None
                self.sections.setdefault(section, [])
                continue
            if line.startswith("## "):
                sub = line[3:].strip().split()[0] if line[3:].strip() else ""
                self.sections.setdefault(f"{section}/{sub}", [])
                continue
            if section is None:
                continue
            self.sections[f"{section}/{sub}" if sub else section].append(line)
            if section == "SYNOPSIS" and line.startswith("*dimmguard"):
                self.synopsis.append(line)

    def subsections(self, section):
        prefix = section + "/"
        return [k[len(prefix):] for k in self.sections if k.startswith(prefix)]

    def terms(self, key):
        """Definition-list terms of a section: (term line, option names in it)."""
        lines = self.sections.get(key, [])
        out = []
        for i, line in enumerate(lines):
            if line.startswith("*") and i + 1 < len(lines) and lines[i + 1].startswith("\t"):
                out.append((line, set(re.findall(rf"\*({OPTION_NAME})\*", line))))
        return out

    def options(self, key):
        return set().union(*(names for _, names in self.terms(key))) if self.terms(key) else set()

    def exit_paragraph(self):
        paragraph = []
        for line in self.sections.get("EXIT STATUS", []):
            if not line.strip():
                if paragraph:
                    break
                continue
            paragraph.append(line)
        return " ".join(" ".join(paragraph).replace("*", "").split())


def synopsis_of(page, path):
    """Synopsis lines of `dimmguard <path>` in the page, without the command itself."""
    head = "*" + " ".join(["dimmguard", *path]) + "*"
    return [line[len(head):] for line in page.synopsis if line.startswith(head)]


def synopsis_parts(rest):
    """Options and positional placeholders of a synopsis line: (options, [(name, optional, multiple)])."""
    options, positionals = set(), []
    depth = []
    expect_argument = False
    for m in re.finditer(rf"\*({OPTION_NAME})\*=?|_([^_\s][^_]*?)_(\.\.\.)?|[\[\]()|]", rest):
        token = m.group(0)
        if m.group(1):
            options.add(m.group(1))
            expect_argument = True
            continue
        if m.group(2):
            if expect_argument or m.group(2) in GENERIC_PLACEHOLDERS:
                expect_argument = False
                continue
            positionals.append((m.group(2), "[" in depth, bool(m.group(3))))
            continue
        expect_argument = False
        if token in "[(":
            depth.append(token)
        elif token in "])" and depth:
            depth.pop()
    return options, positionals


# --- the checks of one command against its page -----------------------------------------------

def where_documented(path):
    """The sections of the page that document the options of path."""
    if len(path) == 2:
        return [f"COMMANDS/{path[1]}", "OPTIONS"]
    return ["OPTIONS"]


def check_page(h, page, helps):
    path = h.path
    keys = where_documented(path)
    documented = set().union(*(page.options(k) for k in keys))
    shown = " or ".join(k.replace("COMMANDS/", "## ") for k in keys)
    for group in h.options:
        for name in sorted(group):
            if name not in documented:
                problem(f"{h.command}: {name} is in --help but not in {page.name} ({shown})")

    # Subcommands
    if not path:
        listed = {line.strip("*").split("*")[0].split()[0] for line, _ in page.terms("COMMANDS")}
        for sub in h.subcommands:
            if sub not in listed:
                problem(f"dimmguard: command '{sub}' is in --help but not under COMMANDS in {page.name}")
        for sub in sorted(listed - set(h.subcommands)):
            problem(f"{page.name} lists command '{sub}' under COMMANDS, which 'dimmguard --help' does not have")
    elif len(path) == 1 and h.subcommands:
        present = set(page.subsections("COMMANDS"))
        for sub in h.subcommands:
            if sub not in present:
                problem(f"{h.command}: command '{sub}' is in --help but {page.name} has no '## {sub}' under COMMANDS")
        for sub in sorted(present - set(h.subcommands)):
            problem(f"{page.name} documents '## {sub}', which '{h.command} --help' does not list")

    # Synopsis and positionals of a command that runs (no subcommands)
    if path and not h.subcommands:
        lines = synopsis_of(page, path)
        if not lines:
            problem(f"{h.command}: no SYNOPSIS line '*{h.command}*' in {page.name}")
            return
        options, shown_positionals = synopsis_parts(lines[0])
        for name in sorted(options - h.names - GLOBAL):
            problem(f"{page.name}: the SYNOPSIS of '{h.command}' shows {name}, which its --help does not have")
        wanted = [(n, not req, mult) for n, req, mult in h.positionals]
        if len(wanted) != len(shown_positionals):
            problem(f"{h.command}: --help has {len(wanted)} positional argument(s) "
                    f"({', '.join(n for n, _, _ in wanted) or 'none'}), the SYNOPSIS in {page.name} shows "
                    f"{len(shown_positionals)} ({', '.join(n for n, _, _ in shown_positionals) or 'none'})")
        else:
            for (name, optional, multiple), (shown_name, shown_optional, shown_multiple) in zip(wanted, shown_positionals):
                if optional != shown_optional:
                    problem(f"{h.command}: positional {name} is {'optional' if optional else 'required'} in --help, "
                            f"but _{shown_name}_ is {'optional' if shown_optional else 'required'} in the SYNOPSIS of {page.name}")
                if multiple != shown_multiple:
                    problem(f"{h.command}: positional {name} is {'repeated' if multiple else 'single'} in --help, "
                            f"but _{shown_name}_ is {'repeated (...)' if shown_multiple else 'single'} in the SYNOPSIS of {page.name}")


def check_page_reverse(page, root, helps):
    """Every option the page documents exists in --help of its command(s)."""
    command = ["dimmguard"] if root == () else ["dimmguard", root[0]]
    h = helps[root]
    nested = [helps[(*root, s)] for s in h.subcommands] if root else []
    for name in sorted(page.options("OPTIONS") - {"--help", "-h"}):
        if nested:
            lacking = [n.command for n in nested if name not in n.names]
            if lacking:
                problem(f"{page.name} documents {name} under OPTIONS (common to every command), "
                        f"but '{lacking[0]} --help' has no {name}")
        elif name not in h.names:
            problem(f"{page.name} documents {name}, which '{' '.join(command)} --help' does not have")
    for sub in page.subsections("COMMANDS"):
        n = helps.get((*root, sub))
        if n is None:
            continue     # reported by check_page
        for name in sorted(page.options(f"COMMANDS/{sub}") - n.names - GLOBAL):
            problem(f"{page.name} documents {name} under '## {sub}', which '{n.command} --help' does not have")
    for line in page.synopsis:
        m = re.match(r"^\*(dimmguard(?: [\w-]+)*)\*", line)
        if m and tuple(m.group(1).split()[1:]) not in helps:
            problem(f"{page.name}: the SYNOPSIS shows '{m.group(1)}', which is not a command")


# --- completions ------------------------------------------------------------------------------

BASH_PROBE = r'''
source "$1" || exit 3
func=$(complete -p dimmguard 2>/dev/null | sed -n 's/.*-F \([^ ]*\).*/\1/p')
[ -n "$func" ] || { echo "no 'complete -F FUNCTION dimmguard' in $1" >&2; exit 4; }
shift
for path in "$@"; do
    for cur in - ""; do
        read -r -a words <<< "dimmguard $path"
        COMP_WORDS=("${words[@]}" "$cur"); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
        COMP_LINE="${COMP_WORDS[*]}"; COMP_POINT=${#COMP_LINE}; COMPREPLY=()
        "$func" dimmguard "$cur" "${COMP_WORDS[COMP_CWORD-1]}" > /dev/null 2>&1
        printf '%s\t%s\t%s\n' "$path" "${cur:-word}" "${COMPREPLY[*]}"
    done
done
'''


def check_bash(file, helps):
    paths = [" ".join(p) for p in helps]
    try:
        out = subprocess.run(["bash", "--norc", "--noprofile", "-c", BASH_PROBE, "bash", str(file.resolve()), *paths],
                             capture_output=True, text=True, timeout=30, cwd="/")
    except (OSError, subprocess.TimeoutExpired) as e:
        problem(f"bash completion: cannot run bash: {e}")
        return
    if out.returncode != 0:
        problem(f"bash completion: {file.name} did not load: {out.stderr.strip()}")
        return
    offered = {}
    for line in out.stdout.splitlines():
        path, kind, words = (line.split("\t") + ["", ""])[:3]
        offered[(tuple(path.split()), kind)] = set(words.split())
    for p, h in helps.items():
        options = offered.get((p, "-"), set())
        for name in sorted(n for n in h.names if n.startswith("--")):
            if name not in options:
                problem(f"{h.command}: {name} is in --help but the bash completion does not offer it")
        for name in sorted(o for o in options if o.startswith("-")):
            if name not in h.names and name not in GLOBAL:
                problem(f"{h.command}: the bash completion offers {name}, which --help does not have")
        if h.subcommands:
            words = offered.get((p, "word"), set())
            for sub in h.subcommands:
                if sub not in words:
                    problem(f"{h.command}: command '{sub}' is in --help but the bash completion does not offer it")
            for sub in sorted(words - set(h.subcommands)):
                problem(f"{h.command}: the bash completion offers command '{sub}', which --help does not list")


def zsh_options(body, variables):
    for name, value in variables.items():
        body = body.replace(f"${name}", value).replace(f"${{{name}}}", value)
    names = set(re.findall(rf"'\*?(?:\([^)]*\))?\*?({OPTION_NAME})", body))
    for group in re.findall(r"\{((?:--?[\w-]+,)+--?[\w-]+)\}", body):
        names.update(group.split(","))
    return names


def check_zsh(file, helps):
    text = file.read_text(encoding="utf-8")
    functions = dict(re.findall(r"^([\w-]+)\s*\(\)\s*\{\n(.*?)^\}", text, re.M | re.S))
    variables = dict(re.findall(r"^(__dimmguard_\w+)=\((.*?)^\)", text, re.M | re.S))
    variables.update(re.findall(r"^(__dimmguard_\w+)=('[^'\n]*')", text, re.M))
    # longest names first, so that $__dimmguard_data_dir is not read as $__dimmguard_data...
    variables = dict(sorted(variables.items(), key=lambda kv: -len(kv[0])))

    def listed(body):
        return set(re.findall(r"'([a-z][\w-]*):", body))

    for p, h in helps.items():
        if not p:
            body = functions.get("_dimmguard", "")
            options = zsh_options(body, variables)
            subs = listed(functions.get("__dimmguard_commands", ""))
        elif h.subcommands:
            arm = re.search(rf"^\s*{re.escape(p[0])}\)\s*subcommands=\((.*?)\)\s*;;",
                            functions.get("__dimmguard_subcommands", ""), re.M | re.S)
            options, subs = set(GLOBAL), listed(arm.group(1)) if arm else set()
        else:
            func = "__dimmguard_cmd_" + "_".join(p).replace("-", "_")
            if func not in functions:
                problem(f"{h.command}: the zsh completion has no function {func}")
                continue
            options, subs = zsh_options(functions[func], variables), set()
        for name in sorted(n for n in h.names if n.startswith("--")):
            if name not in options:
                problem(f"{h.command}: {name} is in --help but the zsh completion does not offer it")
        for name in sorted(options - h.names - GLOBAL):
            problem(f"{h.command}: the zsh completion offers {name}, which --help does not have")
        for sub in h.subcommands:
            if sub not in subs:
                problem(f"{h.command}: command '{sub}' is in --help but the zsh completion does not offer it")
        for sub in sorted(subs - set(h.subcommands)):
            problem(f"{h.command}: the zsh completion offers command '{sub}', which --help does not list")


# --- main -------------------------------------------------------------------------------------

def main():
    if len(sys.argv) != 4:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    binary, scd_dir, completion_dir = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    helps = crawl(binary)
    pages = {p.name[:-len(".scd")]: Page(p) for p in sorted(scd_dir.glob("*.scd"))}
    top = helps[()]

    # One page per command; no page for a command that does not exist.
    roots = [()] + [(c,) for c in top.subcommands]
    for root in roots:
        name = "dimmguard" + "".join(f"-{c}" for c in root) + ".1"
        page = pages.get(name)
        if page is None:
            problem(f"{' '.join(['dimmguard', *root])}: no man page {name}.scd in {scd_dir}")
            continue
        for p, h in helps.items():
            if p[:len(root)] == root and len(p) <= len(root) + 1 and (root or not p):
                check_page(h, page, helps)
        check_page_reverse(page, root, helps)
        if helps[root].exit_text and page.exit_paragraph() != helps[root].exit_text:
            problem(f"{page.name}: the first paragraph of EXIT STATUS is not the 'Exit status:' text of "
                    f"'{helps[root].command} --help' ({helps[root].exit_text!r})")
    for name in pages:
        m = re.match(r"^dimmguard-([\w-]+)\.1$", name)
        if m and m.group(1) != "gui" and m.group(1) not in top.subcommands:
            problem(f"{name}.scd documents a command that 'dimmguard --help' does not list")

    # Cross-references between the pages.
    for page in pages.values():
        for ref, section in sorted(set(re.findall(r"\*(dimmguard(?:-[\w-]+)?)\*\((\d)\)", page.text))):
            if f"{ref}.{section}" not in pages:
                problem(f"{page.name} refers to {ref}({section}), which {scd_dir} has no page for")

    for file, check in ((completion_dir / "dimmguard.bash", check_bash), (completion_dir / "_dimmguard", check_zsh)):
        if file.exists():
            check(file, helps)
        else:
            problem(f"no completion file {file}")

    for p in problems:
        print(f"check-help: {p}", file=sys.stderr)
    if problems:
        print(f"check-help: {len(problems)} mismatch(es) between --help and the man pages or completions",
              file=sys.stderr)
        return 1
    print(f"check-help: {len(helps)} commands, {len(pages)} pages, bash and zsh completion: all match --help")
    return 0


if __name__ == "__main__":
    sys.exit(main())

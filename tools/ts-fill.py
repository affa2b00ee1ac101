#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fill the unfinished entries of a Qt .ts catalogue after lupdate.

  ts-fill.py gui/translations/dimmguard_en.ts --same          # English: translation = source
  ts-fill.py gui/translations/dimmguard_zh_CN.ts pairs.tsv     # from SOURCE<TAB>TRANSLATION lines

A TSV line may start with a context ("Report<TAB>source<TAB>translation") to apply to that
context only. Numerus entries (%n) get the same text in every form. Exits 1 and lists what is
still unfinished, so a forgotten string fails loudly.
"""
import sys
import xml.etree.ElementTree as ET


def load_pairs(path):
    pairs = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) == 2:
                pairs[(None, cols[0].replace("\\n", "\n"))] = cols[1].replace("\\n", "\n")
            elif len(cols) == 3:
                pairs[(cols[0], cols[1].replace("\\n", "\n"))] = cols[2].replace("\\n", "\n")
            else:
                sys.exit(f"{path}: bad line: {line!r}")
    return pairs


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    ts, arg = sys.argv[1], sys.argv[2]
    pairs = None if arg == "--same" else load_pairs(arg)
    tree = ET.parse(ts)
    missing = []
    for ctx in tree.getroot().iter("context"):
        name = ctx.find("name").text
        for msg in ctx.iter("message"):
            tr = msg.find("translation")
            if tr.get("type") != "unfinished":
                continue
            source = msg.find("source").text
            text = source if pairs is None else pairs.get((name, source), pairs.get((None, source)))
            if text is None:
                missing.append(f"{name}: {source}")
                continue
            del tr.attrib["type"]
            if msg.get("numerus") == "yes":
                forms = tr.findall("numerusform") or [ET.SubElement(tr, "numerusform")]
                for i, form in enumerate(forms):
                    # English "(s)": singular in the first form, plural in the others.
                    form.text = text.replace("(s)", "" if i == 0 and len(forms) > 1 else "s") if pairs is None else text
            else:
                tr.text = text
    with open(ts, "wb") as f:
        f.write(b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n')
        tree.write(f, encoding="utf-8", xml_declaration=False)
        f.write(b"\n")
    if missing:
        print(f"{ts}: {len(missing)} still unfinished:", *missing, sep="\n  ", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()

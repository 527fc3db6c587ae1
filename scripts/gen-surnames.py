#!/usr/bin/env python3
"""Writes the derived surname rows of entities-people.tsv.

After the first mention the press names a person by surname alone, in headlines
above all ("Юнкер: ...", "Джонсън заяви"). The hand-written rows give that
one-word alias in most languages but not in every one (Ukrainian, Bulgarian,
Russian and Serbian lacked it for dozens of people who had it elsewhere). For a
person whose surname is the last word of the full name (at least two languages
show it: their one-word alias is the last word of their own full name, and none
puts it first, as Chinese and Korean names do), this writes, for every language
with a full name but no one-word alias, the last word of that language's first
full name (when it has as many words as those). It is weak (it counts beside the person's full name, a role or a
context entity), since a surname alone is often someone else's. The block is
written between the two marker lines, before the title + surname block (whose
script reads these rows too: run it after this one); the rest is kept as it is.

    python3 scripts/gen-surnames.py            # rewrites the block
    python3 scripts/gen-surnames.py --check    # exits 1 if the file differs
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
PATH = os.path.join(HERE, "..", "Sources", "TopicMatcher", "Data", "entities-people.tsv")
BEGIN = "# --- begin: derived surnames, written by scripts/gen-surnames.py (do not edit by hand) ---"
END = "# --- end: derived surnames ---"
TITLES = "# --- begin: title + surname roles, written by scripts/gen-title-surnames.py (do not edit by hand) ---"
# Written without spaces between words, or with the family name first for every name.
SKIP = {"ja", "ko", "zh"}


def read(path):
    lines = open(path, encoding="utf-8").read().split("\n")
    if BEGIN in lines:
        start, end = lines.index(BEGIN), lines.index(END)
        lines = lines[:start] + lines[end + 1:]
        if start > 0 and lines[start - 1] == "":
            del lines[start - 1]
    return lines


def people(lines):
    """Per person in file order: full names and one-word aliases per language."""
    order, full, single = [], {}, {}
    for line in lines:
        if line == TITLES:
            break
        if not line or line.startswith("#"):
            continue
        pid, kind, lang, text = line.split("\t")[:4]
        if pid not in full:
            order.append(pid)
            full[pid], single[pid] = {}, {}
        if kind not in ("strong", "weak"):
            continue
        words = text.split()
        if len(words) > 1:
            if kind == "strong":
                full[pid].setdefault(lang, []).append(words)
        else:
            single[pid].setdefault(lang, []).append(text)
    return order, full, single


def western(full, single):
    """The word counts of the full names whose last word is a one-word alias,
    when at least two languages show that and none puts the alias first; else
    an empty set."""
    counts, last, first = set(), 0, 0
    for lang, names in single.items():
        for name in names:
            ends = [w for w in full.get(lang, []) if w[-1] == name]
            if ends:
                last += 1
                counts.update(len(w) for w in ends)
            elif any(w[0] == name for w in full.get(lang, [])):
                first += 1
    return counts if last >= 2 and first == 0 else set()


def generate(lines):
    order, full, single = people(lines)
    out = []
    for pid in order:
        counts = western(full[pid], single[pid])
        for lang in sorted(full[pid]) if counts else []:
            if lang in SKIP or lang in single[pid] or lang == "*":
                continue
            name = full[pid][lang][0]
            surname = name[-1]
            # As many words as a full name whose last word is the surname: a
            # name written in more words ends with part of one (داود أوغلو).
            if len(name) in counts and len(surname) >= 3:
                out.append(f"{pid}\tweak\t{lang}\t{surname}")
    return out


def main():
    lines = read(PATH)
    rows = generate(lines)
    block = [BEGIN, "# source: derived by scripts/gen-surnames.py: the last word of each language's first full name above,",
             "# where that language has no one-word alias and the others show the surname last."] + rows + [END, ""]
    at = lines.index(TITLES) if TITLES in lines else len(lines)
    text = "\n".join(lines[:at] + block + lines[at:])
    if "--check" in sys.argv:
        sys.exit(0 if open(PATH, encoding="utf-8").read() == text else 1)
    open(PATH, "w", encoding="utf-8").write(text)
    print(f"{len(rows)} rows")


if __name__ == "__main__":
    main()

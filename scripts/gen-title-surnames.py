#!/usr/bin/env python3
"""Writes the "title + surname" role rows at the end of entities-people.tsv.

The press names a head of state or government by office and surname ("prezydent
Duda", "Prime Minister Johnson", "канцлер Шольц", "윤 대통령"). The surname alone is
a weak alias (it counts only beside the person's country); with the title of the
office the person held it is unambiguous, within the dates of that office. For
every person with an English role row of an office below (President, Prime
Minister, Chancellor) and a weak one-word alias in a language, this writes the
title of that office in that language with the surname, as a role with the
office's dates, unless the entity already has that form. The block is written
between the two marker lines; the rest of the file is kept as it is.

    python3 scripts/gen-title-surnames.py            # rewrites the block
    python3 scripts/gen-title-surnames.py --check    # exits 1 if the file differs

Titles: the press usage of each language (the same sources as the role rows).
Japanese, Korean, Chinese and Hungarian put the title after the name.
"""
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
PATH = os.path.join(HERE, "..", "Sources", "TopicMatcher", "Data", "entities-people.tsv")
BEGIN = "# --- begin: title + surname roles, written by scripts/gen-title-surnames.py (do not edit by hand) ---"
END = "# --- end: title + surname roles ---"

AFTER = {"ja", "ko", "zh", "hu"}

TITLES = {
    "president": {
        "en": ["President"], "de": ["Präsident"], "fr": ["président"], "es": ["presidente"], "it": ["presidente"],
        "pt": ["presidente"], "nl": ["president"], "pl": ["prezydent"], "cs": ["prezident"], "sk": ["prezident"],
        "sl": ["predsednik"], "hu": ["elnök"], "ro": ["președintele"], "hr": ["predsjednik"], "sr": ["председник", "predsednik"],
        "bg": ["президентът", "президента"], "ru": ["президент"], "uk": ["президент"], "tr": ["Başkan", "Cumhurbaşkanı"],
        "ar": ["الرئيس"], "he": ["הנשיא"], "fa": ["رئیس‌جمهور"], "hi": ["राष्ट्रपति"], "ja": ["大統領"], "ko": ["대통령"],
        "zh": ["总统"], "vi": ["Tổng thống"], "id": ["Presiden"],
    },
    "prime-minister": {
        "en": ["Prime Minister", "PM"], "de": ["Premierminister", "Premierministerin", "Regierungschef", "Regierungschefin"],
        "fr": ["Premier ministre"], "es": ["primer ministro", "primera ministra"], "it": ["premier", "primo ministro"],
        "pt": ["primeiro-ministro", "primeira-ministra"], "nl": ["premier"], "pl": ["premier"], "cs": ["premiér", "premiérka"],
        "sk": ["premiér", "premiérka"], "sl": ["premier", "premierka"], "hu": ["miniszterelnök", "kormányfő"],
        "ro": ["premierul", "prim-ministrul"], "hr": ["premijer", "premijerka"], "sr": ["премијер", "premijer"],
        "bg": ["премиерът", "премиера"], "ru": ["премьер", "премьер-министр"], "uk": ["прем'єр", "прем'єр-міністр"],
        "tr": ["Başbakan"], "ar": ["رئيس الوزراء"], "he": ["ראש הממשלה"], "fa": ["نخست‌وزیر"], "hi": ["प्रधानमंत्री"],
        "ja": ["首相"], "ko": ["총리"], "zh": ["首相", "总理"], "vi": ["Thủ tướng"], "id": ["Perdana Menteri"],
    },
    "chancellor": {
        "en": ["Chancellor"], "de": ["Kanzler", "Kanzlerin", "Bundeskanzler", "Bundeskanzlerin"], "fr": ["chancelier", "chancelière"],
        "es": ["canciller"], "it": ["cancelliere"], "pt": ["chanceler"], "nl": ["kanselier", "bondskanselier"], "pl": ["kanclerz"],
        "cs": ["kancléř", "kancléřka"], "sk": ["kancelár", "kancelárka"], "sl": ["kancler", "kanclerka"], "hu": ["kancellár"],
        "ro": ["cancelarul"], "hr": ["kancelar", "kancelarka"], "sr": ["канцелар", "kancelar"], "bg": ["канцлерът", "канцлера"],
        "ru": ["канцлер"], "uk": ["канцлер"], "tr": ["Başbakan"], "ar": ["المستشار", "المستشارة"], "he": ["הקנצלר", "הקנצלרית"],
        "fa": ["صدراعظم"], "hi": ["चांसलर"], "ja": ["首相"], "ko": ["총리"], "zh": ["总理"], "vi": ["Thủ tướng"], "id": ["Kanselir"],
    },
}

# An English role row's office: its title word, not a deputy's or a former holder's.
OFFICE = [
    ("chancellor", re.compile(r"\bChancellor\b")),
    ("prime-minister", re.compile(r"\b(Prime Minister|PM|Premier)\b")),
    ("president", re.compile(r"\bPresident\b")),
]
NOT_OFFICE = re.compile(r"\b(Vice|Deputy|former|ex-|acting|First Lady|Commission|Council|Parliament|Assembly|Court|Bank)\b", re.I)


def folded(text):
    return "".join(c for c in unicodedata.normalize("NFD", text.casefold()) if unicodedata.category(c) != "Mn")


def read(path):
    lines = open(path, encoding="utf-8").read().split("\n")
    if BEGIN in lines:
        start, end = lines.index(BEGIN), lines.index(END)
        lines = lines[:start] + lines[end + 1:]
    while lines and lines[-1] == "":
        lines.pop()
    return lines


def generate(lines):
    offices, weak, forms, order = {}, {}, {}, []
    for line in lines:
        if not line or line.startswith("#"):
            continue
        cols = line.split("\t")
        pid, kind, lang, text = cols[:4]
        if pid not in forms:
            order.append(pid)
        forms.setdefault(pid, set()).add(folded(text))
        if kind == "role" and lang == "en" and not NOT_OFFICE.search(text):
            for office, pattern in OFFICE:
                if pattern.search(text):
                    offices.setdefault(pid, {}).setdefault(office, cols[4])
                    break
        if kind == "weak" and " " not in text:
            weak.setdefault(pid, []).append((lang, text))
    out = []
    for pid in order:
        for office, dates in sorted(offices.get(pid, {}).items()):
            for lang, surname in weak.get(pid, []):
                for title in TITLES[office].get(lang, []):
                    text = f"{surname} {title}" if lang in AFTER else f"{title} {surname}"
                    if folded(text) in forms[pid]:
                        continue
                    forms[pid].add(folded(text))
                    out.append(f"{pid}\trole\t{lang}\t{text}\t{dates}")
    return out


def main():
    lines = read(PATH)
    rows = generate(lines)
    text = "\n".join(lines + ["", BEGIN, "# source: the title of each office in each language (press usage) with the holder's weak",
                              "# surname, dated as the office."] + rows + [END, ""])
    if "--check" in sys.argv:
        sys.exit(0 if open(PATH, encoding="utf-8").read() == text else 1)
    open(PATH, "w", encoding="utf-8").write(text)
    print(f"{len(rows)} rows")


if __name__ == "__main__":
    main()

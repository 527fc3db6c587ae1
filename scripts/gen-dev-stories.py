#!/usr/bin/env python3
"""Writes bench/stories/dev-stories.tsv: a story label for each item of
../shared/eval/dev/dev.jsonl (ids and labels only: the items stay where they are).

The rule, mechanical over the set's hand-made labels: items of one event
(the `category` the set's authors gave each item by hand, with the classes
that split one summit by how far it had got, "planned" and "held", taken as
the one summit) whose dates form a chain with no gap over one day are one
story, named `<event>@<first date>`. It reads event classes, not wording, so
it neither knows nor favours the matcher.

A first version kept every category apart: it counted "Kim will meet Putin in
Vladivostok on Thursday" and "Kim and Putin meet in Vladivostok" a day later as
two stories, which is the topic's distinction (planned or held), not the
reader's (one unfolding story). Likewise Kim's journey to the 2023 summit
(`pos:2023-trip` up to the summit's day: "Kim heads to Russia to meet Putin")
is the summit's story; his tour after it (the factories, Shoigu, the way
home) stays a story of its own.
"""
import collections, datetime, json, sys

src = sys.argv[1] if len(sys.argv) > 1 else "../shared/eval/dev/dev.jsonl"
items = [json.loads(l) for l in open(src, encoding="utf-8")]
EVENT = {
    "pos:2019-planned": "pos:2019-summit", "pos:2019-vladivostok": "pos:2019-summit",
    "pos:2023-planned": "pos:2023-summit", "pos:2023-held": "pos:2023-summit", "pos:2023-held+missile": "pos:2023-summit",
    "pos:2023-analysis": "pos:2023-summit", "pos:2023-reaction": "pos:2023-summit",
    "pos:2024-planned": "pos:2024-summit", "pos:2024-pyongyang": "pos:2024-summit",
}
by_cat = collections.defaultdict(list)
for o in items:
    event = EVENT.get(o["category"], o["category"])
    if event == "pos:2023-trip" and o["date"] <= "2023-09-13":
        event = "pos:2023-summit"
    by_cat[event].append(o)
out = []
for cat, group in by_cat.items():
    group.sort(key=lambda o: o["date"])
    start, prev = None, None
    for o in group:
        d = datetime.date.fromisoformat(o["date"])
        if prev is None or (d - prev).days > 1:
            start = d
        prev = d
        out.append((o["id"], f"{cat}@{start.isoformat()}"))
print("# Story labels for ../shared/eval/dev/dev.jsonl (id<TAB>story), written by scripts/gen-dev-stories.py:")
print("# one story = one hand-labelled event (`category`, a summit's planned and held classes as one) over dates with no gap over a day.")
for i, s in sorted(out):
    print(f"{i}\t{s}")

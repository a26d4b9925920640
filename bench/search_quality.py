"""How often name search finds the person a clerk means, on a generated station database.

    PYTHONPATH=src python bench/search_quality.py --db bench/out/db-.../counter.sqlite3
                                                 [--per-kind 200] [--seed 7] [--json OUT]

Queries are made from randomly drawn citizens (their full name as stored, folded) in five
kinds: the name as stored; one-letter typos (a letter dropped, added, changed or two swapped,
in a word of four letters or more); compound names typed joined (نورالدين, ابوزيد); a family
name typed without its article (خطيب for الخطيب); and the citizen's first word alone (how
many of its matches a page of 50 shows). A query *finds* the person when one of the person's
requests is among the results (a page of 50, as the CLI and the lookup screen show). For the
tolerant kinds, the check that no tolerant hit is ranked above an exact one is counted too.
The same script measures any version of the app (it only calls ``services.search.search``).
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sqlite3
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import generate
from counter_app.services.context import Actor, AppContext
from counter_app.services.search import search

# Spelled out (not imported from domain/name_match.py) so the script measures older versions.
ARABIC_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
JOINED_HEADS = ("ابو", "ام")
Query = tuple[str, str]  # (query text, national number of the person meant)


def typo(rng: random.Random, words: list[str]) -> str | None:
    long = [i for i, w in enumerate(words) if len(w) >= 4]
    if not long:
        return None
    i = rng.choice(long)
    w = words[i]
    at = rng.randrange(len(w))
    kind = rng.choice(("drop", "add", "change", "swap"))
    if kind == "drop":
        new = w[:at] + w[at + 1 :]
    elif kind == "add":
        new = w[:at] + rng.choice(ARABIC_LETTERS) + w[at:]
    elif kind == "change":
        new = w[:at] + rng.choice(ARABIC_LETTERS.replace(w[at], "")) + w[at + 1 :]
    else:
        at = min(at, len(w) - 2)
        if w[at] == w[at + 1]:
            return None
        new = w[:at] + w[at + 1] + w[at] + w[at + 2 :]
    return " ".join([*words[:i], new, *words[i + 1 :]])


def joined(words: list[str]) -> str | None:
    for i in range(len(words) - 1):
        head, tail = words[i], words[i + 1]
        if head in JOINED_HEADS or (tail.startswith("ال") and head in {"نور", "سيف", "عز"}):
            return " ".join([*words[:i], head + tail, *words[i + 2 :]])
    return None


def no_article(words: list[str]) -> str | None:
    if len(words) > 1 and words[-1].startswith("ال") and len(words[-1]) >= 5:
        return " ".join([*words[:-1], words[-1][2:]])
    return None


MAKERS: dict[str, Callable[[random.Random, list[str]], str | None]] = {
    "as stored": lambda rng, w: " ".join(w),
    "one-letter typo": typo,
    "compound typed joined": lambda rng, w: joined(w),
    "family name without ال": lambda rng, w: no_article(w),
}


def make_queries(db: Path, per_kind: int, seed: int) -> dict[str, list[Query]]:
    rng = random.Random(seed)
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    top = conn.execute("SELECT max(id) FROM citizens").fetchone()[0]
    out: dict[str, list[Query]] = {k: [] for k in MAKERS}
    tries = 0
    while any(len(v) < per_kind for v in out.values()) and tries < per_kind * 2000:
        tries += 1
        row = conn.execute(
            "SELECT national_id, name_norm FROM citizens WHERE id = ?", (rng.randint(1, top),)
        ).fetchone()
        if row is None:
            continue
        words = row[1].split(" ")
        for kind, make in MAKERS.items():
            if len(out[kind]) < per_kind and (query := make(rng, words)) is not None:
                out[kind].append((query, row[0]))
    conn.close()
    return out


def measure(ctx: AppContext, actor: Actor, queries: list[Query]) -> dict[str, Any]:
    found = first = misranked = cut = 0
    times = []
    for text, national_id in queries:
        start = time.perf_counter()
        result = search(ctx, actor, text)
        times.append((time.perf_counter() - start) * 1000)
        ids = [h.national_id for h in result.hits]
        found += national_id in ids
        first += bool(ids) and ids[0] == national_id
        matches = [getattr(h, "match", "exact") for h in result.hits]
        ranks = ["exact", "spelling", "typo"]
        misranked += any(ranks.index(a) > ranks.index(b) for a, b in itertools.pairwise(matches))
        cut += bool(getattr(result, "cut", False))
    times.sort()
    n = len(queries)
    return {
        "queries": n,
        "found": found,
        "found_rate": round(found / n, 3) if n else None,
        "first": first,
        "tolerant_above_exact": misranked,
        "pages_cut": cut,
        "p50_ms": round(times[n // 2], 2) if n else None,
        "p95_ms": round(times[int(n * 0.95)], 2) if n else None,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--per-kind", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    queries = make_queries(args.db, args.per_kind, args.seed)
    ctx = AppContext.open(generate.app_paths(args.db.parent), database=args.db, upgrade=False)
    try:
        with ctx.store.read() as session:
            actor = ctx.actor(session, generate.ADMIN[0])
        search(ctx, actor, "محمد")  # warm up
        results = {kind: measure(ctx, actor, qs) for kind, qs in queries.items()}
    finally:
        ctx.close()
    print(
        "| query kind | queries | person found | person first | tolerant above exact "
        "| p50 ms | p95 ms |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for kind, r in results.items():
        print(
            f"| {kind} | {r['queries']} | {r['found']} ({r['found_rate']:.1%}) | {r['first']} | "
            f"{r['tolerant_above_exact']} | {r['p50_ms']} | {r['p95_ms']} |"
        )
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

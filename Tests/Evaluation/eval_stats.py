#!/usr/bin/env python3
"""Checks the evaluation sets parse and meet their minimums, and prints their counts.

Run from anywhere: python3 Tests/Evaluation/eval_stats.py  (exit status 1 if a check fails)
"""
import json
import pathlib
import sys
from collections import Counter

HERE = pathlib.Path(__file__).resolve().parent
CATEGORIES = ["pothole", "streetlight", "graffiti", "illegal_dumping", "abandoned_vehicle",
              "water_leak", "noise", "trash_bulk_pickup", "encampment", "parking",
              "social_services", "other"]
MAIN_TEN = CATEGORIES[:10]
TIERS = ["emergency", "possible", "none"]
problems = []


def check(ok, what):
    if not ok:
        problems.append(what)


def read_jsonl(name):
    rows = []
    for n, line in enumerate((HERE / name).read_text(encoding="utf-8").splitlines(), 1):
        check(line.strip() != "", f"{name}:{n}: empty line")
        if line.strip():
            rows.append(json.loads(line))
    return rows


def triage_set():
    rows = read_jsonl("triage-eval.jsonl")
    ids = [r["id"] for r in rows]
    check(len(ids) == len(set(ids)), "triage: ids repeat")
    texts = [r["text"].strip().lower() for r in rows]
    check(len(texts) == len(set(texts)), "triage: texts repeat")
    for r in rows:
        check(set(r) == {"id", "lang", "text", "category", "emergency", "note"}, f"{r['id']}: fields {sorted(r)}")
        check(r["lang"] in ("en", "es"), f"{r['id']}: lang")
        check(r["category"] in CATEGORIES, f"{r['id']}: category")
        check(r["emergency"] in TIERS, f"{r['id']}: emergency")
        check(r["text"].strip() != "", f"{r['id']}: empty text")
    lookalike = [r for r in rows if r["note"].startswith("look-alike:")]
    check(all(r["emergency"] == "none" for r in lookalike), "triage: a look-alike is not 'none'")

    by_cat, by_lang, by_tier = Counter(), Counter(), Counter()
    table = Counter()
    for r in rows:
        by_cat[r["category"]] += 1
        by_lang[r["lang"]] += 1
        by_tier[r["emergency"]] += 1
        table[(r["category"], r["lang"])] += 1
        table[(r["category"], r["emergency"])] += 1
    for r in lookalike:
        table[(r["category"], "look-alike")] += 1
        table[("look-alike", r["lang"])] += 1
    for t in TIERS:
        for r in rows:
            if r["emergency"] == t:
                table[(t, r["lang"])] += 1

    check(len(rows) >= 420, f"triage: {len(rows)} messages < 420")
    for c in MAIN_TEN:
        check(by_cat[c] >= 25, f"triage: {c} has {by_cat[c]} < 25")
    check(by_tier["emergency"] >= 60, "triage: fewer than 60 emergencies")
    check(len(lookalike) >= 60, "triage: fewer than 60 look-alikes")
    check(by_tier["possible"] >= 20, "triage: fewer than 20 possible")
    share_es = by_lang["es"] / len(rows)
    check(0.27 <= share_es <= 0.40, f"triage: Spanish share {share_es:.0%}")

    print(f"triage-eval.jsonl: {len(rows)} messages; en {by_lang['en']}, es {by_lang['es']} ({share_es:.0%} Spanish)")
    print(f"emergency {by_tier['emergency']}, possible {by_tier['possible']}, none {by_tier['none']} "
          f"(of which look-alikes {len(lookalike)})\n")
    print("| category | total | en | es | emergency | possible | none | look-alikes |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for c in CATEGORIES:
        print(f"| {c} | {by_cat[c]} | {table[(c, 'en')]} | {table[(c, 'es')]} | {table[(c, 'emergency')]} "
              f"| {table[(c, 'possible')]} | {table[(c, 'none')]} | {table[(c, 'look-alike')]} |")
    print(f"| **all** | {len(rows)} | {by_lang['en']} | {by_lang['es']} | {by_tier['emergency']} "
          f"| {by_tier['possible']} | {by_tier['none']} | {len(lookalike)} |\n")
    named = [r for r in rows if r["category"].replace("_", " ") in r["text"].lower()]
    print(f"texts that contain their own category's name: {len(named)} "
          f"({', '.join(sorted(r['id'] for r in named))})\n")
    print("| tier | en | es |")
    print("|---|---:|---:|")
    for t in TIERS:
        print(f"| {t} | {table[(t, 'en')]} | {table[(t, 'es')]} |")
    print(f"| look-alike (part of none) | {table[('look-alike', 'en')]} | {table[('look-alike', 'es')]} |\n")


def duplicates_set():
    rows = read_jsonl("duplicates-eval.jsonl")
    ids = [r["id"] for r in rows]
    check(len(ids) == len(set(ids)), "duplicates: ids repeat")
    kinds, langs = Counter(), Counter()
    for r in rows:
        check(set(r) == {"id", "a", "b", "same", "note"}, f"{r['id']}: fields {sorted(r)}")
        check(isinstance(r["same"], bool), f"{r['id']}: same is not a boolean")
        for side in ("a", "b"):
            s = r[side]
            check(set(s) == {"text", "lang", "location"}, f"{r['id']}.{side}: fields")
            check(s["lang"] in ("en", "es") and s["text"].strip() and s["location"].strip(), f"{r['id']}.{side}: values")
        kinds[(r["note"].split(":")[0], r["same"])] += 1
        langs["mixed" if r["a"]["lang"] != r["b"]["lang"] else r["a"]["lang"]] += 1
    same = sum(r["same"] for r in rows)
    check(len(rows) >= 55, f"duplicates: {len(rows)} pairs < 55")
    check(same >= 20 and len(rows) - same >= 20, "duplicates: too few pairs of one verdict")
    print(f"duplicates-eval.jsonl: {len(rows)} pairs; same {same}, not same {len(rows) - same}; "
          f"both en {langs['en']}, both es {langs['es']}, en+es {langs['mixed']}\n")
    print("| kind | same | pairs |")
    print("|---|---|---:|")
    for (kind, s), n in sorted(kinds.items()):
        print(f"| {kind} | {str(s).lower()} | {n} |")


triage_set()
duplicates_set()
if problems:
    print("\nPROBLEMS:\n" + "\n".join(problems), file=sys.stderr)
    sys.exit(1)

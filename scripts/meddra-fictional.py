#!/usr/bin/env python3
"""Write a FICTIONAL MedDRA-shaped release in the MedAscii layout.

Every code and name is invented (codes start with 99, which MedDRA does not
use; SOC/HLGT/HLT names say "fictional"). Canary ships no MedDRA content:
this is test data in the file format an operator's licensed release has.

    scripts/meddra-fictional.py DIR [--llts N] [--version 99.0]

Without --llts it writes the small release committed under
tests/fixtures/meddra-fictional/: one PT (also an LLT) named after the plain
search words of each of Canary's reaction terms, a current variant and a
non-current old wording. With --llts N it adds invented terms until there
are N LLTs (for timing an import the size of a real release, ~80,000).
"""
import argparse
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
GROUPS = [
    ("breathing", "respiratory depression respiratory arrest dyspnoea yawning rhinorrhoea"),
    ("heart and circulation", "tachycardia palpitations hypertension hypotension chest pain syncope cardiac arrest"),
    ("nerves", "seizure loss of consciousness coma somnolence confusion tremor muscle twitching headache dizziness"),
    ("gut and liver", "nausea vomiting constipation diarrhoea abdominal pain decreased appetite liver injury jaundice dark urine"),
    ("mind", "agitation anxiety restlessness hallucinations psychosis depressed mood suicidal thoughts insomnia dependence craving"),
]


def terms():
    text = open(os.path.join(HERE, "..", "src", "review", "terms.rs"), encoding="utf-8").read()
    codes = re.findall(r'^\s+\w+ = "(\w+)" =>', text, re.M)
    return [c.replace("_", " ") for c in codes if c != "other"]


def soc_of(words):
    for i, (_, members) in enumerate(GROUPS):
        if words in members:
            return i
    return len(GROUPS)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--llts", type=int, default=0)
    ap.add_argument("--version", default="99.0")
    a = ap.parse_args()
    os.makedirs(a.dir, exist_ok=True)
    names = [g for g, _ in GROUPS] + ["everything else"]
    socs = [(f"9900{i:04d}", f"Fictional SOC: {n}") for i, n in enumerate(names)]
    hlgts = [(f"9910{i:04d}", f"Fictional HLGT: {n}") for i, n in enumerate(names)]
    hlts = [(f"9920{i:04d}", f"Fictional HLT: {n}") for i, n in enumerate(names)]
    pts, llts = [], []
    n = 0

    def add_pt(name, group, variants=True):
        nonlocal n
        code = f"99{300000 + n:06d}"
        n += 1
        pts.append((code, name, group))
        llts.append((code, name, code, "Y"))
        if variants:
            for wording, current in ((f"{name} (fictional variant)", "Y"), (f"{name} (fictional old wording)", "N")):
                llts.append((f"99{300000 + n:06d}", wording, code, current))
                n += 1

    for words in terms():
        add_pt(words[0].upper() + words[1:], soc_of(words))
    # A Latin-1 name, as English releases are encoded.
    add_pt("Caf\u00e9 fictional reaction", len(GROUPS))
    i = 0
    while len(llts) < a.llts:
        if i % 3 == 0:
            add_pt(f"Fictional invented term {i}", i % len(socs), variants=False)
        else:
            llts.append((f"99{300000 + n:06d}", f"Fictional invented wording {i}", pts[-1][0], "Y" if i % 7 else "N"))
            n += 1
        i += 1

    def write(name, rows):
        with open(os.path.join(a.dir, name), "wb") as f:
            for r in rows:
                f.write(("$".join(r) + "$\r\n").encode("latin-1"))

    e = [""] * 7
    write("meddra_release.asc", [(a.version, "English", "Fictional test release, not MedDRA")])
    write("soc.asc", [(c, nm, f"FIC{k}", *e[:7]) for k, (c, nm) in enumerate(socs)])
    write("hlgt.asc", [(c, nm, *e) for c, nm in hlgts])
    write("hlt.asc", [(c, nm, *e) for c, nm in hlts])
    write("pt.asc", [(c, nm, "", socs[g][0], *e) for c, nm, g in pts])
    write("llt.asc", [(c, nm, pt, "", "", "", "", "", "", cur, "") for c, nm, pt, cur in llts])
    write("soc_hlgt.asc", [(socs[k][0], hlgts[k][0]) for k in range(len(socs))])
    write("hlgt_hlt.asc", [(hlgts[k][0], hlts[k][0]) for k in range(len(socs))])
    write("hlt_pt.asc", [(hlts[g][0], c) for c, _, g in pts])
    write("mdhier.asc", [(c, hlts[g][0], hlgts[g][0], socs[g][0], nm, hlts[g][1], hlgts[g][1], socs[g][1], f"FIC{g}", "", socs[g][0], "Y") for c, nm, g in pts])
    print(f"wrote {len(llts)} LLTs, {len(pts)} PTs to {a.dir}")


if __name__ == "__main__":
    main()

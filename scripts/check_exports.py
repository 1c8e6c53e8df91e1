#!/usr/bin/env python3
"""Checks dyad's exports load as analysts load them (issue 6).

    check_exports.py GDELT.tsv POLECAT.tsv EVENTS.parquet

GDELT: pandas, no header, the 61 official GDELT 2.0 event-table column names (written here from
the GDELT event codebook V2.0); POLECAT: pandas with its header, which must be POLECAT's 40
columns; Parquet: pyarrow. Needs pandas and pyarrow (not project dependencies).
"""
import sys

import pandas as pd
import pyarrow.parquet as pq

GDELT = [
    "GlobalEventID", "Day", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode",
    "Actor1EthnicCode", "Actor1Religion1Code", "Actor1Religion2Code",
    "Actor1Type1Code", "Actor1Type2Code", "Actor1Type3Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode",
    "Actor2EthnicCode", "Actor2Religion1Code", "Actor2Religion2Code",
    "Actor2Type1Code", "Actor2Type2Code", "Actor2Type3Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
    "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone",
    "Actor1Geo_Type", "Actor1Geo_Fullname", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code", "Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
    "Actor2Geo_Type", "Actor2Geo_Fullname", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code", "Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
    "ActionGeo_Type", "ActionGeo_Fullname", "ActionGeo_CountryCode", "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code", "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
    "DATEADDED", "SOURCEURL",
]
POLECAT = [
    "Event ID", "Event Date", "Event Type", "Event Mode", "Intensity", "Quad Code", "Contexts",
    "Actor Name", "Actor Country", "Actor COW", "Primary Actor Sector", "Actor Sectors",
    "Actor Title", "Actor Name Raw", "Wikipedia Actor ID", "Recipient Name", "Recipient Country",
    "Recipient COW", "Primary Recipient Sector", "Recipient Sectors", "Recipient Title",
    "Recipient Name Raw", "Wikipedia Recipient ID", "Placename", "City", "District", "Province",
    "Country", "Latitude", "Longitude", "GeoNames ID", "Raw Placename", "Feature Type", "Source",
    "Publication Date", "Story People", "Story Organizations", "Story Locations", "Language",
    "Version",
]
assert len(GDELT) == 61 and len(POLECAT) == 40


def main(gdelt, polecat, parquet):
    codes = {c: str for c in ("EventCode", "EventBaseCode", "EventRootCode")}
    g = pd.read_csv(gdelt, sep="\t", header=None, names=GDELT, dtype=codes, index_col=False,
                    quoting=3, keep_default_na=False, na_values=[""])
    with open(gdelt, encoding="utf-8") as f:
        widths = {len(line.rstrip("\n").split("\t")) for line in f}
    assert widths == {61}, f"GDELT rows with {widths} fields"
    assert list(g.columns) == GDELT
    assert len(g) > 0, "no events"
    assert g["Day"].between(19000101, 21001231).all()
    assert g["QuadClass"].isin([1, 2, 3, 4]).all()
    print(f"GDELT: {len(g)} rows x {g.shape[1]} columns; dtypes ok "
          f"(Day {g['Day'].dtype}, GoldsteinScale {g['GoldsteinScale'].dtype}, "
          f"EventCode {g['EventCode'].dtype})")
    print(g[["GlobalEventID", "Day", "Actor1Code", "Actor2Code", "EventCode", "QuadClass",
             "GoldsteinScale", "NumMentions", "ActionGeo_CountryCode"]].to_string(index=False))

    p = pd.read_csv(polecat, sep="\t", quoting=3, keep_default_na=False, na_values=[""])
    assert list(p.columns) == POLECAT, list(p.columns)
    assert len(p) == len(g)
    print(f"POLECAT: {len(p)} rows x {p.shape[1]} columns, header = POLECAT's 40 names")

    t = pq.read_table(parquet)
    assert t.num_rows == len(g)
    df = t.to_pandas()
    assert sorted(df["id"]) == sorted(g["GlobalEventID"])
    print(f"Parquet: {t.num_rows} rows x {t.num_columns} columns: {t.schema.names}")
    print("check_exports: OK")


if __name__ == "__main__":
    main(*sys.argv[1:4])

//! Exports: GDELT 2.0 event rows, POLECAT rows, JSON lines, Parquet.
//! `docs/store.md` lists which columns dyad fills and how.

use std::io::Write;

use rusqlite::params_from_iter;
use serde::Serialize;

use crate::codes::{fips_of, fraction_date, iso_day, split_actor, timestamp14};
use crate::error::Result;
use crate::query::{EventFilter, EventRow, MentionRow};
use crate::Store;

/// Export formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    /// GDELT 2.0 event table: 61 tab-separated columns, no header (as GDELT ships them).
    Gdelt,
    /// POLECAT: 40 tab-separated columns with POLECAT's header line.
    Polecat,
    /// One JSON object per event with its mentions.
    Jsonl,
    /// Apache Parquet, one row per event (schema in `docs/store.md`).
    #[cfg(feature = "parquet")]
    Parquet,
}

/// The 61 GDELT 2.0 event-table columns in order, named as in the GDELT event codebook V2.0.
pub const GDELT_COLUMNS: [&str; 61] = [
    "GlobalEventID",
    "Day",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_Fullname",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_Fullname",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_Fullname",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
];

/// The 40 POLECAT columns in order (POLECAT's own header).
pub const POLECAT_COLUMNS: [&str; 40] = [
    "Event ID",
    "Event Date",
    "Event Type",
    "Event Mode",
    "Intensity",
    "Quad Code",
    "Contexts",
    "Actor Name",
    "Actor Country",
    "Actor COW",
    "Primary Actor Sector",
    "Actor Sectors",
    "Actor Title",
    "Actor Name Raw",
    "Wikipedia Actor ID",
    "Recipient Name",
    "Recipient Country",
    "Recipient COW",
    "Primary Recipient Sector",
    "Recipient Sectors",
    "Recipient Title",
    "Recipient Name Raw",
    "Wikipedia Recipient ID",
    "Placename",
    "City",
    "District",
    "Province",
    "Country",
    "Latitude",
    "Longitude",
    "GeoNames ID",
    "Raw Placename",
    "Feature Type",
    "Source",
    "Publication Date",
    "Story People",
    "Story Organizations",
    "Story Locations",
    "Language",
    "Version",
];

/// An event with what the exports need beyond [`EventRow`].
struct ExportRow {
    ev: EventRow,
    day: u32,
    family: String,
    plover_mode: Option<String>,
    sentence: i64,
    first_added: i64,
    published: Option<String>,
    site: String,
    source_text: Option<String>,
    target_text: Option<String>,
    story_locations: Option<String>,
}

impl Store {
    /// Writes the events matching `f` in `format`; returns the number of events written.
    pub fn export(
        &self,
        format: ExportFormat,
        f: &EventFilter,
        out: &mut (dyn Write + Send),
    ) -> Result<usize> {
        match format {
            ExportFormat::Gdelt => self.each_export_row(f, |r| write_gdelt(out, &r)),
            ExportFormat::Polecat => {
                out.write_all(POLECAT_COLUMNS.join("\t").as_bytes())?;
                out.write_all(b"\n")?;
                self.each_export_row(f, |r| write_polecat(out, &r))
            }
            ExportFormat::Jsonl => self.each_export_row(f, |r| {
                #[derive(Serialize)]
                struct Line<'a> {
                    #[serde(flatten)]
                    ev: &'a EventRow,
                    base_code: &'a str,
                    plover_mode: &'a Option<String>,
                    mentions: Vec<MentionRow>,
                }
                let line = Line {
                    ev: &r.ev,
                    base_code: &r.family,
                    plover_mode: &r.plover_mode,
                    mentions: self.mentions(r.ev.id)?,
                };
                serde_json::to_writer(&mut *out, &line).map_err(std::io::Error::from)?;
                out.write_all(b"\n")?;
                Ok(())
            }),
            #[cfg(feature = "parquet")]
            ExportFormat::Parquet => self.export_parquet(f, out),
        }
    }

    fn each_export_row(
        &self,
        f: &EventFilter,
        mut each: impl FnMut(ExportRow) -> Result<()>,
    ) -> Result<usize> {
        let (w, p) = f.sql()?;
        let sql = format!(
            "SELECT {}, e.day, e.family, e.plover_mode, rm.sentence, e.first_added, a.published, \
             a.site, rm.source_text, rm.target_text, \
             (SELECT group_concat(name, ';') FROM (SELECT DISTINCT name FROM places \
              WHERE article_id = a.id ORDER BY name)) \
             FROM {} WHERE {w} ORDER BY e.day, e.id{}",
            crate::query::EVENT_COLS,
            crate::query::EVENT_FROM,
            f.limit.map(|n| format!(" LIMIT {n}")).unwrap_or_default()
        );
        let mut st = self.conn().prepare(&sql)?;
        let mut rows = st.query(params_from_iter(p))?;
        let mut n = 0;
        while let Some(r) = rows.next()? {
            let ev = crate::query::event_row(r)?;
            each(ExportRow {
                ev,
                day: r.get(21)?,
                family: r.get(22)?,
                plover_mode: r.get(23)?,
                sentence: r.get(24)?,
                first_added: r.get(25)?,
                published: r.get(26)?,
                site: r.get(27)?,
                source_text: r.get(28)?,
                target_text: r.get(29)?,
                story_locations: r.get(30)?,
            })?;
            n += 1;
        }
        Ok(n)
    }
}

/// Tabs and newlines cannot appear inside a TSV field.
fn clean(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

fn opt(s: &Option<String>) -> String {
    s.as_deref().map(clean).unwrap_or_default()
}

fn num(x: f64) -> String {
    // Shortest text that reads back to the same value; integers without a fraction.
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

fn actor_cols(cols: &mut Vec<String>, code: &str, name: &Option<String>) {
    let p = split_actor(code);
    cols.push(clean(code));
    cols.push(
        name.as_deref()
            .map(|n| clean(&n.to_uppercase()))
            .unwrap_or_default(),
    );
    cols.push(p.country);
    cols.push(p.known_group);
    cols.push(String::new()); // ethnic
    cols.push(String::new()); // religion 1
    cols.push(String::new()); // religion 2
    for i in 0..3 {
        cols.push(p.types.get(i).cloned().unwrap_or_default());
    }
}

fn write_gdelt(out: &mut (dyn Write + Send), r: &ExportRow) -> Result<()> {
    let e = &r.ev;
    let mut c: Vec<String> = Vec::with_capacity(61);
    c.push(e.id.to_string());
    if r.day == 0 {
        c.extend([String::new(), String::new(), String::new(), String::new()]);
    } else {
        c.push(r.day.to_string());
        c.push((r.day / 100).to_string());
        c.push((r.day / 10000).to_string());
        c.push(format!("{:.4}", fraction_date(r.day)));
    }
    actor_cols(&mut c, &e.source, &e.source_name);
    actor_cols(&mut c, &e.target, &e.target_name);
    c.push(if r.sentence == 0 { "1" } else { "0" }.into());
    c.push(e.code.clone());
    c.push(r.family.clone());
    c.push(e.root.clone());
    c.push(e.quad_class.to_string());
    c.push(num(e.goldstein));
    c.push(e.num_mentions.to_string());
    c.push(e.num_sources.to_string());
    c.push(e.num_articles.to_string());
    c.push(String::new()); // AvgTone: dyad computes no tone
    for _ in 0..2 {
        // Actor1Geo_*, Actor2Geo_*: not resolved per actor.
        c.push("0".into());
        c.extend(std::iter::repeat_n(String::new(), 7));
    }
    match (&e.place, &e.place_country) {
        (None, None) => {
            c.push("0".into());
            c.extend(std::iter::repeat_n(String::new(), 7));
        }
        (name, country) => {
            let country = country.clone().unwrap_or_default();
            let is_city = name.is_some() && e.lat.is_some();
            c.push(
                match (is_city, country.as_str()) {
                    (false, _) => "1",
                    (true, "USA") => "3",
                    (true, _) => "4",
                }
                .into(),
            );
            c.push(opt(name));
            c.push(fips_of(&country).to_string());
            c.push(String::new());
            c.push(String::new());
            c.push(e.lat.map(num).unwrap_or_default());
            c.push(e.lon.map(num).unwrap_or_default());
            c.push(String::new());
        }
    }
    c.push(timestamp14(r.first_added));
    c.push(clean(&e.source_url));
    debug_assert_eq!(c.len(), 61);
    out.write_all(c.join("\t").as_bytes())?;
    out.write_all(b"\n")?;
    Ok(())
}

fn write_polecat(out: &mut (dyn Write + Send), r: &ExportRow) -> Result<()> {
    let e = &r.ev;
    let mut c: Vec<String> = Vec::with_capacity(40);
    c.push(e.id.to_string());
    c.push(iso_day(r.day));
    c.push(opt(&e.plover));
    c.push(opt(&r.plover_mode));
    c.push(num(e.goldstein));
    c.push(
        match e.quad_class {
            1 => "VERBAL COOPERATION",
            2 => "MATERIAL COOPERATION",
            3 => "VERBAL CONFLICT",
            4 => "MATERIAL CONFLICT",
            _ => "",
        }
        .into(),
    );
    c.push(String::new()); // Contexts
    for (code, name, raw) in [
        (&e.source, &e.source_name, &r.source_text),
        (&e.target, &e.target_name, &r.target_text),
    ] {
        let p = split_actor(code);
        c.push(
            name.as_deref()
                .map(clean)
                .or_else(|| raw.as_deref().map(clean))
                .unwrap_or_default(),
        );
        c.push(p.country.clone());
        c.push(String::new()); // COW
        c.push(p.types.first().cloned().unwrap_or_default());
        c.push(p.types.join(";"));
        c.push(String::new()); // Title
        c.push(opt(raw));
        c.push(String::new()); // Wikipedia ID
    }
    let is_city = e.place.is_some() && e.lat.is_some();
    c.push(opt(&e.place));
    c.push(if is_city {
        opt(&e.place)
    } else {
        String::new()
    });
    c.push(String::new()); // District
    c.push(String::new()); // Province
    c.push(opt(&e.place_country));
    c.push(e.lat.map(num).unwrap_or_default());
    c.push(e.lon.map(num).unwrap_or_default());
    c.push(String::new()); // GeoNames ID
    c.push(opt(&e.place));
    c.push(String::new()); // Feature Type
    c.push(if r.site.starts_with("doc:") {
        clean(&e.source_url)
    } else {
        clean(&r.site)
    });
    c.push(opt(&r.published));
    c.push(String::new()); // Story People
    c.push(String::new()); // Story Organizations
    c.push(opt(&r.story_locations));
    c.push("en".into());
    c.push(concat!("dyad-", env!("CARGO_PKG_VERSION")).into());
    debug_assert_eq!(c.len(), 40);
    out.write_all(c.join("\t").as_bytes())?;
    out.write_all(b"\n")?;
    Ok(())
}

#[cfg(feature = "parquet")]
mod pq {
    use std::sync::Arc;

    use arrow_array::builder::{
        BooleanBuilder, Date32Builder, Float64Builder, Int32Builder, Int64Builder, StringBuilder,
    };
    use arrow_array::{ArrayRef, RecordBatch};
    use arrow_schema::{DataType, Field, Schema};
    use parquet::arrow::ArrowWriter;
    use parquet::basic::Compression;
    use parquet::file::properties::WriterProperties;

    use super::*;
    use crate::error::InternalError;

    const BATCH: usize = 65_536;

    /// The Parquet schema: one row per event.
    pub(super) fn schema() -> Schema {
        let s = |n: &str, null: bool| Field::new(n, DataType::Utf8, null);
        Schema::new(vec![
            Field::new("id", DataType::Int64, false),
            Field::new("date", DataType::Date32, true),
            s("source", false),
            s("source_name", true),
            s("source_country", false),
            s("target", false),
            s("target_name", true),
            s("target_country", false),
            s("code", false),
            s("base_code", false),
            s("root_code", false),
            Field::new("quad_class", DataType::Int32, false),
            Field::new("goldstein", DataType::Float64, false),
            s("plover", true),
            s("plover_mode", true),
            Field::new("negated", DataType::Boolean, false),
            s("modality", false),
            s("place", true),
            s("place_country", true),
            Field::new("lat", DataType::Float64, true),
            Field::new("lon", DataType::Float64, true),
            Field::new("num_mentions", DataType::Int64, false),
            Field::new("num_sources", DataType::Int64, false),
            Field::new("num_articles", DataType::Int64, false),
            Field::new("date_added", DataType::Int64, false),
            s("source_url", false),
        ])
    }

    #[derive(Default)]
    struct Cols {
        id: Int64Builder,
        date: Date32Builder,
        source: StringBuilder,
        source_name: StringBuilder,
        source_country: StringBuilder,
        target: StringBuilder,
        target_name: StringBuilder,
        target_country: StringBuilder,
        code: StringBuilder,
        base: StringBuilder,
        root: StringBuilder,
        quad: Int32Builder,
        goldstein: Float64Builder,
        plover: StringBuilder,
        plover_mode: StringBuilder,
        negated: BooleanBuilder,
        modality: StringBuilder,
        place: StringBuilder,
        place_country: StringBuilder,
        lat: Float64Builder,
        lon: Float64Builder,
        mentions: Int64Builder,
        sources: Int64Builder,
        articles: Int64Builder,
        added: Int64Builder,
        url: StringBuilder,
        len: usize,
    }

    impl Cols {
        fn push(&mut self, r: &ExportRow) {
            let e = &r.ev;
            self.id.append_value(e.id);
            if r.day == 0 {
                self.date.append_null();
            } else {
                self.date
                    .append_value(crate::codes::epoch_days(r.day) as i32);
            }
            self.source.append_value(&e.source);
            self.source_name.append_option(e.source_name.as_deref());
            self.source_country
                .append_value(split_actor(&e.source).country);
            self.target.append_value(&e.target);
            self.target_name.append_option(e.target_name.as_deref());
            self.target_country
                .append_value(split_actor(&e.target).country);
            self.code.append_value(&e.code);
            self.base.append_value(&r.family);
            self.root.append_value(&e.root);
            self.quad.append_value(e.quad_class as i32);
            self.goldstein.append_value(e.goldstein);
            self.plover.append_option(e.plover.as_deref());
            self.plover_mode.append_option(r.plover_mode.as_deref());
            self.negated.append_value(e.negated);
            self.modality.append_value(&e.modality);
            self.place.append_option(e.place.as_deref());
            self.place_country.append_option(e.place_country.as_deref());
            self.lat.append_option(e.lat);
            self.lon.append_option(e.lon);
            self.mentions.append_value(e.num_mentions);
            self.sources.append_value(e.num_sources);
            self.articles.append_value(e.num_articles);
            self.added.append_value(r.first_added);
            self.url.append_value(&e.source_url);
            self.len += 1;
        }

        fn finish(&mut self, schema: &Arc<Schema>) -> Result<RecordBatch> {
            self.len = 0;
            let cols: Vec<ArrayRef> = vec![
                Arc::new(self.id.finish()),
                Arc::new(self.date.finish()),
                Arc::new(self.source.finish()),
                Arc::new(self.source_name.finish()),
                Arc::new(self.source_country.finish()),
                Arc::new(self.target.finish()),
                Arc::new(self.target_name.finish()),
                Arc::new(self.target_country.finish()),
                Arc::new(self.code.finish()),
                Arc::new(self.base.finish()),
                Arc::new(self.root.finish()),
                Arc::new(self.quad.finish()),
                Arc::new(self.goldstein.finish()),
                Arc::new(self.plover.finish()),
                Arc::new(self.plover_mode.finish()),
                Arc::new(self.negated.finish()),
                Arc::new(self.modality.finish()),
                Arc::new(self.place.finish()),
                Arc::new(self.place_country.finish()),
                Arc::new(self.lat.finish()),
                Arc::new(self.lon.finish()),
                Arc::new(self.mentions.finish()),
                Arc::new(self.sources.finish()),
                Arc::new(self.articles.finish()),
                Arc::new(self.added.finish()),
                Arc::new(self.url.finish()),
            ];
            RecordBatch::try_new(schema.clone(), cols).map_err(|e| InternalError::parquet(e).into())
        }
    }

    impl Store {
        pub(super) fn export_parquet(
            &self,
            f: &EventFilter,
            out: &mut (dyn Write + Send),
        ) -> Result<usize> {
            let schema = Arc::new(schema());
            let props = WriterProperties::builder()
                .set_compression(Compression::SNAPPY)
                .set_created_by(concat!("dyad-store ", env!("CARGO_PKG_VERSION")).into())
                .build();
            let mut w = ArrowWriter::try_new(out, schema.clone(), Some(props))
                .map_err(InternalError::parquet)?;
            let mut cols = Cols::default();
            let n = self.each_export_row(f, |r| {
                cols.push(&r);
                if cols.len == BATCH {
                    let b = cols.finish(&schema)?;
                    w.write(&b).map_err(InternalError::parquet)?;
                }
                Ok(())
            })?;
            if cols.len > 0 || n == 0 {
                let b = cols.finish(&schema)?;
                w.write(&b).map_err(InternalError::parquet)?;
            }
            w.close().map_err(InternalError::parquet)?;
            Ok(n)
        }
    }
}

//! The events table: one row per event of the records `dyad code` writes, flattened.
//!
//! Every value comes from the document's [`DocumentRecord`] as the CLI serialises it;
//! offsets are code points into the record's `text`. A document that fails gives one row
//! with `error` set and the event columns null; a document without events gives no row.
//! The columns are listed by [`event_schema`] (and in `docs/python.md`).

use std::sync::Arc;

use arrow_array::builder::{
    BooleanBuilder, Float32Builder, Float64Builder, Int32Builder, Int8Builder, StringBuilder,
};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use dyad::types::record::{ActorRef, DocumentRecord, EventRecord};
use dyad::{Input, Pipeline};
use rayon::prelude::*;

use crate::inputs::{InputColumns, RowError};

/// The columns of the events table, in order: name, type, description.
pub const COLUMNS: &[(&str, DataType, &str)] = &[
    ("doc_id", DataType::Utf8, "the record's id (the input id)"),
    (
        "published",
        DataType::Utf8,
        "the record's publication date, YYYY-MM-DD",
    ),
    ("title", DataType::Utf8, "the record's title"),
    ("url", DataType::Utf8, "the record's URL"),
    (
        "event_index",
        DataType::Int32,
        "index of the event in the record's events",
    ),
    ("sentence", DataType::Int32, "sentence index"),
    ("code", DataType::Utf8, "CAMEO event code"),
    (
        "root_code",
        DataType::Utf8,
        "its first two digits (CAMEO root)",
    ),
    (
        "quad_class",
        DataType::Int8,
        "QuadClass, 1 verbal cooperation .. 4 material conflict",
    ),
    ("goldstein", DataType::Float32, "Goldstein value"),
    ("plover", DataType::Utf8, "PLOVER event type"),
    ("plover_mode", DataType::Utf8, "PLOVER mode"),
    (
        "modality",
        DataType::Utf8,
        "asserted, intended, hedged, negated, denied or conditional",
    ),
    (
        "negated",
        DataType::Boolean,
        "the text says it did or will not happen",
    ),
    (
        "source_code",
        DataType::Utf8,
        "source actor: CAMEO actor code",
    ),
    ("source_name", DataType::Utf8, "source actor: name"),
    (
        "source_start",
        DataType::Int32,
        "source actor: first code point",
    ),
    (
        "source_end",
        DataType::Int32,
        "source actor: one past the last code point",
    ),
    (
        "source_rule",
        DataType::Utf8,
        "source actor: dictionary entry or rule",
    ),
    (
        "target_code",
        DataType::Utf8,
        "target actor: CAMEO actor code",
    ),
    ("target_name", DataType::Utf8, "target actor: name"),
    (
        "target_start",
        DataType::Int32,
        "target actor: first code point",
    ),
    (
        "target_end",
        DataType::Int32,
        "target actor: one past the last code point",
    ),
    (
        "target_rule",
        DataType::Utf8,
        "target actor: dictionary entry or rule",
    ),
    (
        "attribution_code",
        DataType::Utf8,
        "who says so: CAMEO actor code",
    ),
    ("attribution_name", DataType::Utf8, "who says so: name"),
    (
        "attribution_start",
        DataType::Int32,
        "who says so: first code point",
    ),
    (
        "attribution_end",
        DataType::Int32,
        "who says so: one past the last code point",
    ),
    (
        "attribution_rule",
        DataType::Utf8,
        "who says so: dictionary entry or rule",
    ),
    (
        "event_date",
        DataType::Utf8,
        "when it happened (TIMEX3 value)",
    ),
    (
        "place_name",
        DataType::Utf8,
        "where it happened: gazetteer name",
    ),
    (
        "place_country",
        DataType::Utf8,
        "where it happened: ISO 3166 alpha-3",
    ),
    (
        "place_lat",
        DataType::Float64,
        "where it happened: latitude",
    ),
    (
        "place_lon",
        DataType::Float64,
        "where it happened: longitude",
    ),
    (
        "evidence_start",
        DataType::Int32,
        "the sentence: first code point",
    ),
    (
        "evidence_end",
        DataType::Int32,
        "the sentence: one past the last code point",
    ),
    ("evidence_text", DataType::Utf8, "the sentence's text"),
    (
        "trigger_start",
        DataType::Int32,
        "the trigger words: first code point",
    ),
    (
        "trigger_end",
        DataType::Int32,
        "the trigger words: one past the last code point",
    ),
    ("trigger_text", DataType::Utf8, "the trigger words"),
    (
        "rule",
        DataType::Utf8,
        "the verb pattern or rule that produced the code",
    ),
    (
        "error",
        DataType::Utf8,
        "why the document failed (then every event column is null)",
    ),
];

/// The schema of the events table: [`COLUMNS`], all nullable but `doc_id`, each field
/// with its description under the metadata key `description`.
pub fn event_schema() -> SchemaRef {
    Arc::new(Schema::new(
        COLUMNS
            .iter()
            .map(|(name, ty, doc)| {
                Field::new(*name, ty.clone(), *name != "doc_id").with_metadata(
                    std::collections::HashMap::from([("description".to_string(), doc.to_string())]),
                )
            })
            .collect::<Vec<_>>(),
    ))
}

/// Builders for the events table.
#[derive(Debug, Default)]
struct ActorColumns {
    code: StringBuilder,
    name: StringBuilder,
    start: Int32Builder,
    end: Int32Builder,
    rule: StringBuilder,
}

fn offset(x: usize) -> i32 {
    i32::try_from(x).unwrap_or(i32::MAX)
}

impl ActorColumns {
    fn push(&mut self, a: Option<&ActorRef>) {
        self.code.append_option(a.and_then(|a| a.code.as_deref()));
        self.name.append_option(a.and_then(|a| a.name.as_deref()));
        self.start
            .append_option(a.and_then(|a| a.start).map(offset));
        self.end.append_option(a.and_then(|a| a.end).map(offset));
        self.rule.append_option(a.and_then(|a| a.rule.as_deref()));
    }

    fn finish(&mut self, out: &mut Vec<ArrayRef>) {
        out.push(Arc::new(self.code.finish()));
        out.push(Arc::new(self.name.finish()));
        out.push(Arc::new(self.start.finish()));
        out.push(Arc::new(self.end.finish()));
        out.push(Arc::new(self.rule.finish()));
    }
}

/// Column builders of the events table, filled record by record.
#[derive(Debug, Default)]
pub struct EventColumns {
    rows: usize,
    doc_id: StringBuilder,
    published: StringBuilder,
    title: StringBuilder,
    url: StringBuilder,
    event_index: Int32Builder,
    sentence: Int32Builder,
    code: StringBuilder,
    root_code: StringBuilder,
    quad_class: Int8Builder,
    goldstein: Float32Builder,
    plover: StringBuilder,
    plover_mode: StringBuilder,
    modality: StringBuilder,
    negated: BooleanBuilder,
    source: ActorColumns,
    target: ActorColumns,
    attribution: ActorColumns,
    event_date: StringBuilder,
    place_name: StringBuilder,
    place_country: StringBuilder,
    place_lat: Float64Builder,
    place_lon: Float64Builder,
    evidence_start: Int32Builder,
    evidence_end: Int32Builder,
    evidence_text: StringBuilder,
    trigger_start: Int32Builder,
    trigger_end: Int32Builder,
    trigger_text: StringBuilder,
    rule: StringBuilder,
    error: StringBuilder,
}

/// The substring of `text` between two code-point offsets, given the byte offset of every
/// code point (and of the end).
fn chars_slice<'t>(text: &'t str, starts: &[usize], a: usize, b: usize) -> &'t str {
    let at = |i: usize| starts[i.min(starts.len() - 1)];
    text.get(at(a)..at(b.max(a))).unwrap_or("")
}

impl EventColumns {
    /// Number of rows so far.
    pub fn len(&self) -> usize {
        self.rows
    }

    /// True when no row was added.
    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    fn push_doc(&mut self, rec: &DocumentRecord) {
        self.rows += 1;
        self.doc_id.append_value(&rec.id);
        self.published.append_option(rec.published.as_deref());
        self.title.append_option(rec.title.as_deref());
        self.url.append_option(rec.url.as_deref());
    }

    /// Adds the rows of one record: one per event, or one error row.
    pub fn push_record(&mut self, rec: &DocumentRecord) {
        if let Some(err) = &rec.error {
            self.push_doc(rec);
            self.push_event(None, 0, "");
            self.error.append_value(err);
            return;
        }
        if rec.events.is_empty() {
            return;
        }
        let mut starts: Vec<usize> = rec.text.char_indices().map(|(b, _)| b).collect();
        starts.push(rec.text.len());
        for (i, e) in rec.events.iter().enumerate() {
            self.push_doc(rec);
            let evidence = chars_slice(&rec.text, &starts, e.evidence.start, e.evidence.end);
            self.push_event(Some(e), i, evidence);
            self.error.append_null();
        }
    }

    fn push_event(&mut self, e: Option<&EventRecord>, index: usize, evidence: &str) {
        self.event_index.append_option(e.map(|_| offset(index)));
        self.sentence.append_option(e.map(|e| offset(e.sentence)));
        self.code.append_option(e.map(|e| &e.code));
        self.root_code
            .append_option(e.map(|e| e.code.get(..2).unwrap_or(&e.code)));
        self.quad_class
            .append_option(e.map(|e| i8::try_from(e.quad_class).unwrap_or(i8::MAX)));
        self.goldstein.append_option(e.map(|e| e.goldstein));
        self.plover
            .append_option(e.and_then(|e| e.plover.as_deref()));
        self.plover_mode
            .append_option(e.and_then(|e| e.plover_mode.as_deref()));
        self.modality.append_option(e.map(|e| &e.modality));
        self.negated.append_option(e.map(|e| e.negated));
        self.source.push(e.and_then(|e| e.source.as_ref()));
        self.target.push(e.and_then(|e| e.target.as_ref()));
        self.attribution
            .push(e.and_then(|e| e.attribution.as_ref()));
        self.event_date
            .append_option(e.and_then(|e| e.date.as_ref()).map(|d| &d.value));
        let loc = e.and_then(|e| e.location.as_ref());
        self.place_name.append_option(loc.map(|l| &l.name));
        self.place_country
            .append_option(loc.and_then(|l| l.country.as_deref()));
        self.place_lat.append_option(loc.and_then(|l| l.lat));
        self.place_lon.append_option(loc.and_then(|l| l.lon));
        self.evidence_start
            .append_option(e.map(|e| offset(e.evidence.start)));
        self.evidence_end
            .append_option(e.map(|e| offset(e.evidence.end)));
        self.evidence_text.append_option(e.map(|_| evidence));
        self.trigger_start
            .append_option(e.map(|e| offset(e.trigger.start)));
        self.trigger_end
            .append_option(e.map(|e| offset(e.trigger.end)));
        self.trigger_text
            .append_option(e.and_then(|e| e.trigger.text.as_deref()));
        self.rule.append_option(e.map(|e| &e.rule));
    }

    /// The rows as a record batch of [`event_schema`].
    pub fn finish(mut self) -> Result<RecordBatch, String> {
        let mut cols: Vec<ArrayRef> = vec![
            Arc::new(self.doc_id.finish()),
            Arc::new(self.published.finish()),
            Arc::new(self.title.finish()),
            Arc::new(self.url.finish()),
            Arc::new(self.event_index.finish()),
            Arc::new(self.sentence.finish()),
            Arc::new(self.code.finish()),
            Arc::new(self.root_code.finish()),
            Arc::new(self.quad_class.finish()),
            Arc::new(self.goldstein.finish()),
            Arc::new(self.plover.finish()),
            Arc::new(self.plover_mode.finish()),
            Arc::new(self.modality.finish()),
            Arc::new(self.negated.finish()),
        ];
        self.source.finish(&mut cols);
        self.target.finish(&mut cols);
        self.attribution.finish(&mut cols);
        cols.push(Arc::new(self.event_date.finish()));
        cols.push(Arc::new(self.place_name.finish()));
        cols.push(Arc::new(self.place_country.finish()));
        cols.push(Arc::new(self.place_lat.finish()));
        cols.push(Arc::new(self.place_lon.finish()));
        cols.push(Arc::new(self.evidence_start.finish()));
        cols.push(Arc::new(self.evidence_end.finish()));
        cols.push(Arc::new(self.evidence_text.finish()));
        cols.push(Arc::new(self.trigger_start.finish()));
        cols.push(Arc::new(self.trigger_end.finish()));
        cols.push(Arc::new(self.trigger_text.finish()));
        cols.push(Arc::new(self.rule.finish()));
        cols.push(Arc::new(self.error.finish()));
        RecordBatch::try_new(event_schema(), cols).map_err(|e| e.to_string())
    }
}

/// The record of one row: coded, or the error record of a row that gives no input.
pub fn row_record(pipeline: &Pipeline, row: Result<Input, RowError>) -> DocumentRecord {
    match row {
        Ok(input) => pipeline.process_guarded(&input).0,
        Err(e) => DocumentRecord::failed(e.id, e.error),
    }
}

/// How many documents are coded at a time; their records are flattened before the next.
const CHUNK: usize = 64;

/// Codes every row of `batch` into the events table. `threads` > 1 codes that many
/// documents at a time on a pool of its own; rows keep their order either way.
pub fn code_batch(
    pipeline: &Pipeline,
    batch: &RecordBatch,
    default_date: Option<&str>,
    threads: usize,
) -> Result<RecordBatch, String> {
    let cols = InputColumns::new(batch)?;
    let mut out = EventColumns::default();
    if threads <= 1 {
        for i in 0..cols.len() {
            out.push_record(&row_record(pipeline, cols.input(i, default_date)));
        }
    } else {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .map_err(|e| format!("cannot start {threads} threads: {e}"))?;
        let rows: Vec<usize> = (0..cols.len()).collect();
        for chunk in rows.chunks(CHUNK * threads) {
            let records: Vec<DocumentRecord> = pool.install(|| {
                chunk
                    .par_iter()
                    .map(|&i| row_record(pipeline, cols.input(i, default_date)))
                    .collect()
            });
            for r in &records {
                out.push_record(r);
            }
        }
    }
    out.finish()
}

#[cfg(test)]
mod tests {
    use arrow_array::cast::AsArray;
    use arrow_array::types::{Float32Type, Int32Type};
    use arrow_array::{Array, StringArray};

    use super::*;

    const DOC: &str = "Russian President Vladimir Putin met with Chinese President Xi Jinping \
                       in Moscow on Monday. North Korea fired missiles at South Korea.";

    fn docs(ids: Vec<&str>, texts: Vec<Option<&str>>) -> RecordBatch {
        RecordBatch::try_from_iter(vec![
            ("id", Arc::new(StringArray::from(ids)) as ArrayRef),
            ("text", Arc::new(StringArray::from(texts)) as ArrayRef),
            (
                "date",
                Arc::new(StringArray::from(vec![Some("2024-03-12"); 3])) as ArrayRef,
            ),
        ])
        .unwrap()
    }

    #[test]
    fn one_row_per_event_and_one_per_failure() {
        let p = Pipeline::new();
        let b = docs(
            vec!["a", "empty", "c"],
            vec![Some(DOC), Some("  "), Some(DOC)],
        );
        let out = code_batch(&p, &b, None, 1).unwrap();
        assert_eq!(out.schema(), event_schema());
        let (rec, _) = p.process(&Input::text("a", DOC).with_date("2024-03-12"));
        assert!(!rec.events.is_empty());
        let n = rec.events.len();
        assert_eq!(out.num_rows(), 2 * n + 1);
        let ids = out.column_by_name("doc_id").unwrap().as_string::<i32>();
        let err = out.column_by_name("error").unwrap().as_string::<i32>();
        assert_eq!(ids.value(n), "empty");
        assert_eq!(err.value(n), "empty document");
        assert!(out.column_by_name("code").unwrap().is_null(n));
        assert_eq!(err.null_count(), 2 * n);
        let code = out.column_by_name("code").unwrap().as_string::<i32>();
        let gold = out
            .column_by_name("goldstein")
            .unwrap()
            .as_primitive::<Float32Type>();
        let ev_start = out
            .column_by_name("evidence_start")
            .unwrap()
            .as_primitive::<Int32Type>();
        let ev_text = out
            .column_by_name("evidence_text")
            .unwrap()
            .as_string::<i32>();
        for (i, e) in rec.events.iter().enumerate() {
            for row in [i, n + 1 + i] {
                assert_eq!(code.value(row), e.code);
                assert_eq!(gold.value(row), e.goldstein);
                assert_eq!(ev_start.value(row) as usize, e.evidence.start);
                let want: String = rec
                    .text
                    .chars()
                    .skip(e.evidence.start)
                    .take(e.evidence.end - e.evidence.start)
                    .collect();
                assert_eq!(ev_text.value(row), want);
            }
        }
        // Threads give the same table.
        assert_eq!(code_batch(&p, &b, None, 2).unwrap(), out);
    }

    #[test]
    fn slices_by_code_points() {
        let t = "a\u{201c}b\u{e9}c";
        let mut starts: Vec<usize> = t.char_indices().map(|(b, _)| b).collect();
        starts.push(t.len());
        assert_eq!(chars_slice(t, &starts, 1, 4), "\u{201c}b\u{e9}");
        assert_eq!(chars_slice(t, &starts, 3, 99), "\u{e9}c");
        assert_eq!(chars_slice(t, &starts, 4, 2), "");
    }
}

//! The documents of an input record batch: the columns of a `dyad code --jsonl` object.
//!
//! | column | type | |
//! |---|---|---|
//! | `id` | string | required; a null id gives an error row with id `row N` |
//! | `date` | string | optional; `YYYY-MM-DD` or `YYYYMMDD`; null or blank: the call's default |
//! | `url`, `title` | string | optional; win over what the page says |
//! | `html`, `page`, `text` | string or binary | at least one column; in each row exactly one non-null |
//!
//! String columns may be `utf8`, `large_utf8` or `utf8_view`; content columns may also be
//! `binary` (read as a file is: binary content and invalid UTF-8 give an error record).
//! A column of nulls (Arrow type `null`) counts as absent values. Other columns are
//! ignored.

use arrow_array::cast::AsArray;
use arrow_array::{Array, RecordBatch};
use arrow_schema::DataType;
use dyad::ingest::InputKind;
use dyad::{Content, Input};

/// One value of a string or binary column.
#[derive(Clone, Copy, Debug)]
pub enum Value<'a> {
    /// A string.
    Str(&'a str),
    /// Bytes.
    Bytes(&'a [u8]),
}

/// A string (or binary) column, read in place.
#[derive(Clone, Copy, Debug)]
pub enum TextColumn<'a> {
    /// `utf8`.
    Utf8(&'a arrow_array::StringArray),
    /// `large_utf8`.
    LargeUtf8(&'a arrow_array::LargeStringArray),
    /// `utf8_view`.
    Utf8View(&'a arrow_array::StringViewArray),
    /// `binary`.
    Binary(&'a arrow_array::BinaryArray),
    /// `large_binary`.
    LargeBinary(&'a arrow_array::LargeBinaryArray),
    /// `binary_view`.
    BinaryView(&'a arrow_array::BinaryViewArray),
    /// `null`: every value is null.
    Null,
}

impl<'a> TextColumn<'a> {
    /// Reads `array` as a text column; binary types only when `binary` is set.
    pub fn new(name: &str, array: &'a dyn Array, binary: bool) -> Result<Self, String> {
        Ok(match array.data_type() {
            DataType::Utf8 => TextColumn::Utf8(array.as_string::<i32>()),
            DataType::LargeUtf8 => TextColumn::LargeUtf8(array.as_string::<i64>()),
            DataType::Utf8View => TextColumn::Utf8View(array.as_string_view()),
            DataType::Binary if binary => TextColumn::Binary(array.as_binary::<i32>()),
            DataType::LargeBinary if binary => TextColumn::LargeBinary(array.as_binary::<i64>()),
            DataType::BinaryView if binary => TextColumn::BinaryView(array.as_binary_view()),
            DataType::Null => TextColumn::Null,
            other => {
                return Err(format!(
                    "column {name:?} has type {other}, expected {}",
                    if binary {
                        "a string or binary type"
                    } else {
                        "a string type"
                    }
                ))
            }
        })
    }

    /// The value of row `i`, `None` when null.
    pub fn get(&self, i: usize) -> Option<Value<'a>> {
        fn opt<T>(a: &dyn Array, i: usize, v: impl FnOnce() -> T) -> Option<T> {
            (!a.is_null(i)).then(v)
        }
        match *self {
            TextColumn::Utf8(a) => opt(a, i, || Value::Str(a.value(i))),
            TextColumn::LargeUtf8(a) => opt(a, i, || Value::Str(a.value(i))),
            TextColumn::Utf8View(a) => opt(a, i, || Value::Str(a.value(i))),
            TextColumn::Binary(a) => opt(a, i, || Value::Bytes(a.value(i))),
            TextColumn::LargeBinary(a) => opt(a, i, || Value::Bytes(a.value(i))),
            TextColumn::BinaryView(a) => opt(a, i, || Value::Bytes(a.value(i))),
            TextColumn::Null => None,
        }
    }

    /// The string of row `i` (string columns only).
    pub fn get_str(&self, i: usize) -> Option<&'a str> {
        match self.get(i) {
            Some(Value::Str(s)) => Some(s),
            _ => None,
        }
    }
}

/// The columns of an input batch.
#[derive(Debug)]
pub struct InputColumns<'a> {
    rows: usize,
    id: TextColumn<'a>,
    date: Option<TextColumn<'a>>,
    url: Option<TextColumn<'a>>,
    title: Option<TextColumn<'a>>,
    content: Vec<(InputKind, TextColumn<'a>)>,
}

/// Why a row gives no input: its record's id and error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowError {
    /// The record's id.
    pub id: String,
    /// The record's error.
    pub error: String,
}

impl<'a> InputColumns<'a> {
    /// Finds the columns in `batch`. A missing `id` column, no content column or a column
    /// of the wrong type is an error (a wrong argument, not a bad document).
    pub fn new(batch: &'a RecordBatch) -> Result<Self, String> {
        let col = |name: &str, binary: bool| -> Result<Option<TextColumn<'a>>, String> {
            batch
                .column_by_name(name)
                .map(|a| TextColumn::new(name, a.as_ref(), binary))
                .transpose()
        };
        let id = col("id", false)?.ok_or("the batch has no \"id\" column")?;
        let mut content = Vec::new();
        for (name, kind) in [
            ("html", InputKind::Html),
            ("page", InputKind::Page),
            ("text", InputKind::Text),
        ] {
            if let Some(c) = col(name, true)? {
                content.push((kind, c));
            }
        }
        if content.is_empty() {
            return Err("the batch has no \"html\", \"page\" or \"text\" column".into());
        }
        Ok(InputColumns {
            rows: batch.num_rows(),
            id,
            date: col("date", false)?,
            url: col("url", false)?,
            title: col("title", false)?,
            content,
        })
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.rows
    }

    /// True when the batch has no rows.
    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// The input of row `i`, checked as `dyad code --jsonl` checks a line (the same
    /// messages, less the `line N: ` prefix); `default_date` stands in for a missing date.
    pub fn input(&self, i: usize, default_date: Option<&str>) -> Result<Input, RowError> {
        let Some(id) = self.id.get_str(i) else {
            return Err(RowError {
                id: format!("row {i}"),
                error: "missing \"id\"".into(),
            });
        };
        let fail = |error: String| RowError {
            id: id.to_owned(),
            error,
        };
        let given: Vec<(InputKind, Value<'a>)> = self
            .content
            .iter()
            .filter_map(|(k, c)| c.get(i).map(|v| (*k, v)))
            .collect();
        let [(kind, value)] = given[..] else {
            return Err(fail(format!(
                "exactly one of \"html\", \"page\", \"text\" is required, found {}",
                given.len()
            )));
        };
        let get = |c: &Option<TextColumn<'a>>| c.as_ref().and_then(|c| c.get_str(i));
        let date = match get(&self.date).filter(|d| !d.trim().is_empty()) {
            Some(d) => Some(
                dyad::normalize_date(d)
                    .ok_or_else(|| fail(format!("bad date {d:?}, expected YYYY-MM-DD")))?,
            ),
            None => default_date.map(str::to_owned),
        };
        Ok(Input {
            id: id.to_owned(),
            date,
            url: get(&self.url).map(str::to_owned),
            title: get(&self.title).map(str::to_owned),
            kind,
            content: match value {
                Value::Str(s) => Content::Text(s.to_owned()),
                Value::Bytes(b) => Content::Bytes(b.to_vec()),
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use arrow_array::{ArrayRef, BinaryArray, LargeStringArray, StringArray};

    use super::*;

    fn batch(cols: Vec<(&str, ArrayRef)>) -> RecordBatch {
        RecordBatch::try_from_iter(cols).unwrap()
    }

    #[test]
    fn rows_become_inputs_as_jsonl_lines_do() {
        let b = batch(vec![
            (
                "id",
                Arc::new(StringArray::from(vec![
                    Some("a"),
                    Some("b"),
                    None,
                    Some("d"),
                ])) as _,
            ),
            (
                "date",
                Arc::new(StringArray::from(vec![
                    Some("20230905"),
                    Some(" "),
                    None,
                    Some("yesterday"),
                ])) as _,
            ),
            (
                "text",
                Arc::new(LargeStringArray::from(vec![
                    Some("Hi."),
                    None,
                    Some("x"),
                    Some("y"),
                ])) as _,
            ),
            (
                "html",
                Arc::new(BinaryArray::from(vec![
                    None,
                    Some(&b"<p>x</p>"[..]),
                    None,
                    None,
                ])) as _,
            ),
        ]);
        let cols = InputColumns::new(&b).unwrap();
        assert_eq!(cols.len(), 4);
        let a = cols.input(0, Some("2020-01-01")).unwrap();
        assert_eq!(
            (a.id.as_str(), a.date.as_deref(), a.kind),
            ("a", Some("2023-09-05"), InputKind::Text)
        );
        let b1 = cols.input(1, Some("2020-01-01")).unwrap();
        assert_eq!(b1.date.as_deref(), Some("2020-01-01"));
        assert_eq!(b1.kind, InputKind::Html);
        assert!(matches!(b1.content, Content::Bytes(_)));
        let e = cols.input(2, None).unwrap_err();
        assert_eq!(e.id, "row 2");
        let e = cols.input(3, None).unwrap_err();
        assert_eq!(e.id, "d");
        assert_eq!(e.error, "bad date \"yesterday\", expected YYYY-MM-DD");
    }

    #[test]
    fn exactly_one_content_value() {
        let b = batch(vec![
            ("id", Arc::new(StringArray::from(vec!["a", "b"])) as _),
            (
                "page",
                Arc::new(StringArray::from(vec![Some("p"), None])) as _,
            ),
            (
                "text",
                Arc::new(StringArray::from(vec![Some("t"), None])) as _,
            ),
        ]);
        let cols = InputColumns::new(&b).unwrap();
        for (i, n) in [(0, 2), (1, 0)] {
            assert_eq!(
                cols.input(i, None).unwrap_err().error,
                format!("exactly one of \"html\", \"page\", \"text\" is required, found {n}")
            );
        }
    }

    #[test]
    fn wrong_columns_are_argument_errors() {
        let no_content = batch(vec![("id", Arc::new(StringArray::from(vec!["a"])) as _)]);
        assert!(InputColumns::new(&no_content)
            .unwrap_err()
            .contains("no \"html\""));
        let no_id = batch(vec![("text", Arc::new(StringArray::from(vec!["a"])) as _)]);
        assert!(InputColumns::new(&no_id).unwrap_err().contains("\"id\""));
        let binary_id = batch(vec![
            ("id", Arc::new(BinaryArray::from(vec![&b"a"[..]])) as _),
            ("text", Arc::new(StringArray::from(vec!["a"])) as _),
        ]);
        assert!(InputColumns::new(&binary_id)
            .unwrap_err()
            .contains("expected a string type"));
    }
}

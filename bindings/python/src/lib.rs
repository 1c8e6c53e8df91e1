//! Python bindings of dyad: the native module `dyad._dyad` behind the Python package
//! `dyad` (see `python/dyad/__init__.py` and `docs/python.md`).
//!
//! * [`code_json`] codes one document into the JSON line `dyad code` writes for it.
//! * [`code_arrow`] codes an Arrow record batch of documents (read in place through the
//!   Arrow C data interface) into an Arrow record batch of events, one row per event
//!   ([`events::event_schema`]).
//!
//! Both release the GIL while they code, so Python threads can code in parallel. Bad
//! documents give error records or error rows, as in the CLI; wrong arguments raise.

use std::sync::LazyLock;

use dyad::ingest::InputKind;
use dyad::{Content, Input, Pipeline};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};

pub mod events;
pub mod inputs;

mod ffi;

/// The pipeline every call uses: embedded dictionaries and model, full analysis (the
/// CLI's default). Built on first use.
static PIPELINE: LazyLock<Pipeline> = LazyLock::new(Pipeline::new);

/// The shared pipeline.
pub fn pipeline() -> &'static Pipeline {
    &PIPELINE
}

/// `"html"`, `"page"` or `"text"` as an [`InputKind`].
pub fn parse_kind(kind: &str) -> Option<InputKind> {
    match kind {
        "html" => Some(InputKind::Html),
        "page" => Some(InputKind::Page),
        "text" => Some(InputKind::Text),
        _ => None,
    }
}

/// A `date` argument checked as `dyad code --date` checks it.
fn date_argument(date: Option<&str>) -> PyResult<Option<String>> {
    match date {
        None => Ok(None),
        Some(d) => dyad::normalize_date(d)
            .map(Some)
            .ok_or_else(|| PyValueError::new_err(format!("date {d:?}: expected YYYY-MM-DD"))),
    }
}

/// Codes one document and returns its record serialised exactly as a line of
/// `dyad code` (without the newline).
///
/// `doc` is a `str` (as a `--jsonl` field) or `bytes` (as a file: binary content and
/// invalid UTF-8 give an error record). `kind` is `"html"`, `"page"` or `"text"`.
#[pyfunction]
#[pyo3(signature = (doc, date=None, kind="page", id="", url=None, title=None))]
pub fn code_json(
    py: Python<'_>,
    doc: &Bound<'_, PyAny>,
    date: Option<&str>,
    kind: &str,
    id: &str,
    url: Option<String>,
    title: Option<String>,
) -> PyResult<String> {
    let kind = parse_kind(kind).ok_or_else(|| {
        PyValueError::new_err(format!(
            "kind {kind:?}: expected \"html\", \"page\" or \"text\""
        ))
    })?;
    let date = date_argument(date)?;
    let content = if let Ok(s) = doc.cast::<PyString>() {
        Content::Text(s.to_str()?.to_owned())
    } else if let Ok(b) = doc.cast::<PyBytes>() {
        Content::Bytes(b.as_bytes().to_vec())
    } else {
        return Err(PyTypeError::new_err(format!(
            "doc must be str or bytes, not {}",
            doc.get_type().name()?
        )));
    };
    let input = Input {
        id: id.to_owned(),
        date,
        url,
        title,
        kind,
        content,
    };
    py.detach(|| {
        let (record, _) = pipeline().process_guarded(&input);
        serde_json::to_string(&record)
    })
    .map_err(|e| PyValueError::new_err(format!("cannot serialise the record: {e}")))
}

/// Codes an Arrow record batch of documents into an Arrow record batch of events.
///
/// `batch` is any object with `__arrow_c_array__` that yields a struct array (a
/// `pyarrow.RecordBatch`); see [`inputs::InputColumns`] for its columns. Returns the
/// `(schema, array)` capsule pair of the events batch ([`events::event_schema`]).
/// `date` is the default publication date of rows without one; `threads` codes that many
/// documents at a time (1: on the calling thread only).
#[pyfunction]
#[pyo3(signature = (batch, date=None, threads=1))]
pub fn code_arrow<'py>(
    py: Python<'py>,
    batch: &Bound<'py, PyAny>,
    date: Option<&str>,
    threads: usize,
) -> PyResult<Bound<'py, pyo3::types::PyTuple>> {
    if threads == 0 {
        return Err(PyValueError::new_err("threads must be at least 1"));
    }
    let date = date_argument(date)?;
    let input = ffi::import_batch(batch)?;
    let out = py
        .detach(|| events::code_batch(pipeline(), &input, date.as_deref(), threads))
        .map_err(PyValueError::new_err)?;
    ffi::export_batch(py, out)
}

/// The schema of [`code_arrow`]'s output, as an `arrow_schema` capsule.
#[pyfunction]
pub fn event_schema_capsule(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    ffi::export_schema(py, &events::event_schema())
}

/// Builds the shared pipeline now (dictionaries and model), so that the first document
/// does not pay for it.
#[pyfunction]
pub fn warm_up(py: Python<'_>) {
    py.detach(|| {
        let _ = pipeline().process(&Input::text("warm-up", "Russia met China."));
    });
}

/// The native module.
#[pymodule]
fn _dyad(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("INTERNAL_ERROR", dyad::INTERNAL_ERROR)?;
    m.add_function(wrap_pyfunction!(code_json, m)?)?;
    m.add_function(wrap_pyfunction!(code_arrow, m)?)?;
    m.add_function(wrap_pyfunction!(event_schema_capsule, m)?)?;
    m.add_function(wrap_pyfunction!(warm_up, m)?)?;
    Ok(())
}

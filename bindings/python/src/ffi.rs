//! Record batches across the Arrow PyCapsule interface (the C data interface): read in
//! place from any producer with `__arrow_c_array__` (pyarrow, polars, …), handed back as
//! an `(arrow_schema, arrow_array)` capsule pair that pyarrow imports without a copy.

use arrow_array::ffi::{from_ffi, to_ffi, FFI_ArrowArray, FFI_ArrowSchema};
use arrow_array::{Array, RecordBatch, StructArray};
use arrow_schema::{DataType, Schema};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyTuple};

const SCHEMA_NAME: &std::ffi::CStr = c"arrow_schema";
const ARRAY_NAME: &std::ffi::CStr = c"arrow_array";

/// Imports a record batch from `obj.__arrow_c_array__()`.
pub(crate) fn import_batch(obj: &Bound<'_, PyAny>) -> PyResult<RecordBatch> {
    if !obj.hasattr("__arrow_c_array__")? {
        return Err(PyTypeError::new_err(format!(
            "expected an Arrow record batch (an object with __arrow_c_array__), not {}",
            obj.get_type().name()?
        )));
    }
    let pair = obj.call_method0("__arrow_c_array__")?;
    let (schema, array): (Bound<'_, PyCapsule>, Bound<'_, PyCapsule>) = pair.extract()?;
    let schema_ptr = schema.pointer_checked(Some(SCHEMA_NAME))?;
    let array_ptr = array.pointer_checked(Some(ARRAY_NAME))?;
    // SAFETY: the capsules are named as the PyCapsule interface prescribes, so they hold an
    // FFI_ArrowSchema and an FFI_ArrowArray. The array is moved out and an empty (released)
    // one left in its place, as the interface asks of a consumer; the schema is only read.
    let data = unsafe {
        let array = std::ptr::replace(
            array_ptr.cast::<FFI_ArrowArray>().as_ptr(),
            FFI_ArrowArray::empty(),
        );
        from_ffi(array, schema_ptr.cast::<FFI_ArrowSchema>().as_ref())
    }
    .map_err(|e| PyValueError::new_err(format!("cannot import the Arrow batch: {e}")))?;
    if !matches!(data.data_type(), DataType::Struct(_)) {
        return Err(PyTypeError::new_err(format!(
            "expected a record batch (a struct array), got an array of {}",
            data.data_type()
        )));
    }
    let st = StructArray::from(data);
    if st.null_count() > 0 {
        return Err(PyValueError::new_err(
            "the batch has null rows at the top level",
        ));
    }
    Ok(RecordBatch::from(st))
}

/// Exports `batch` as an `(arrow_schema, arrow_array)` capsule pair.
pub(crate) fn export_batch(py: Python<'_>, batch: RecordBatch) -> PyResult<Bound<'_, PyTuple>> {
    let st = StructArray::from(batch);
    let (array, schema) = to_ffi(&st.to_data())
        .map_err(|e| PyValueError::new_err(format!("cannot export the Arrow batch: {e}")))?;
    let schema = PyCapsule::new_with_value(py, schema, SCHEMA_NAME)?;
    let array = PyCapsule::new_with_value(py, array, ARRAY_NAME)?;
    PyTuple::new(py, [schema, array])
}

/// Exports `schema` as an `arrow_schema` capsule.
pub(crate) fn export_schema<'py>(py: Python<'py>, schema: &Schema) -> PyResult<Bound<'py, PyAny>> {
    let ffi = FFI_ArrowSchema::try_from(schema)
        .map_err(|e| PyValueError::new_err(format!("cannot export the Arrow schema: {e}")))?;
    Ok(PyCapsule::new_with_value(py, ffi, SCHEMA_NAME)?.into_any())
}

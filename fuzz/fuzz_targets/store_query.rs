//! libFuzzer entry point; the checks live in `dyad_fuzz::store_query`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| dyad_fuzz::store_query(data));

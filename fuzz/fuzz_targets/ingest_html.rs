//! libFuzzer entry point; the checks live in `dyad_fuzz::ingest_html`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| dyad_fuzz::ingest_html(data));

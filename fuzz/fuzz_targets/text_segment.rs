//! libFuzzer entry point; the checks live in `dyad_fuzz::text_segment`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| dyad_fuzz::text_segment(data));

//! libFuzzer entry point; the checks live in `dyad_fuzz::pipeline`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| dyad_fuzz::pipeline(data));

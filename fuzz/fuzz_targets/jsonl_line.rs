//! libFuzzer entry point; the checks live in `dyad_fuzz::jsonl_line`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| dyad_fuzz::jsonl_line(data));

//! libFuzzer entry point; the checks live in `dyad_fuzz::tag_conllu`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| dyad_fuzz::tag_conllu(data));

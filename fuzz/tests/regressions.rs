//! Replays every saved input of `regressions/TARGET/` (inputs that once crashed a target)
//! and `seeds/TARGET/` (the starting corpus) through its target, and the repo's own pages
//! (`testdata/ingest/`, `examples/`) through the page targets, as `scripts/fuzz_campaign.sh`
//! seeds them: none may panic.
//!
//! `cargo test --manifest-path fuzz/Cargo.toml` (no nightly flags, no sanitizer needed).

use std::path::Path;

#[test]
fn saved_inputs_do_not_fail() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut replayed = 0;
    for (name, run) in dyad_fuzz::TARGETS {
        let mut dirs = vec![
            root.join("regressions").join(name),
            root.join("seeds").join(name),
        ];
        if matches!(*name, "ingest_html" | "ingest_page" | "pipeline") {
            dirs.push(root.join("../testdata/ingest"));
            dirs.push(root.join("../examples"));
        }
        for dir in dirs {
            let Ok(rd) = std::fs::read_dir(&dir) else {
                continue;
            };
            let mut files: Vec<_> = rd
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.is_file())
                .collect();
            files.sort();
            for f in files {
                let data = std::fs::read(&f).unwrap();
                eprintln!("{name}: {}", f.display());
                run(&data);
                replayed += 1;
            }
        }
    }
    assert!(
        replayed > 0,
        "no saved inputs found under {}",
        root.display()
    );
}

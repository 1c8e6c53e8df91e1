//! Replays every saved input of `regressions/TARGET/` (inputs that once crashed a target)
//! and `seeds/TARGET/` (the starting corpus) through its target: none may panic.
//!
//! `cargo test --manifest-path fuzz/Cargo.toml` (no nightly flags, no sanitizer needed).

use std::path::Path;

#[test]
fn saved_inputs_do_not_fail() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut replayed = 0;
    for (name, run) in dyad_fuzz::TARGETS {
        for dir in ["regressions", "seeds"] {
            let Ok(rd) = std::fs::read_dir(root.join(dir).join(name)) else {
                continue;
            };
            let mut files: Vec<_> = rd.flatten().map(|e| e.path()).collect();
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

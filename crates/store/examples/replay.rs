//! Replays coded records into a fresh store: the store's share of `dyad ingest` alone, on
//! real pages, for timing and for `valgrind --tool=callgrind`.
//!
//! ```text
//! dyad PAGES... > records.jsonl          # code once (the record's "id" is the file path)
//! cargo run --release -p dyad-store --example replay -- records.jsonl out.db [--batch 256]
//! ```
//!
//! Each record's raw page is read back from its `id` (when that file exists) and hashed as
//! `dyad ingest` hashes a file ([`ContentHash::of`] without URL); the documents are written
//! `--batch` at a time with a fixed ingest time (0), so two replays of the same records give
//! byte-identical exports. Prints documents, sentences, mentions and the CPU time of the
//! hashing and writing part (reading and JSON parsing excluded).

use std::io::BufRead;
use std::time::Instant;

use dyad_store::{ContentHash, IngestDoc, Store};
use dyad_types::record::DocumentRecord;

mod common;
use common::cpu;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut batch = 256usize;
    let mut pos = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--batch" {
            batch = it.next().and_then(|v| v.parse().ok()).expect("--batch N");
        } else {
            pos.push(a.clone());
        }
    }
    let [records, db] = &pos[..] else {
        eprintln!("usage: replay RECORDS.jsonl DB [--batch N]");
        std::process::exit(2);
    };
    let file = std::fs::File::open(records).expect("records file");
    let mut recs: Vec<(DocumentRecord, Vec<u8>)> = Vec::new();
    for line in std::io::BufReader::new(file).lines() {
        let line = line.expect("read records");
        if line.trim().is_empty() {
            continue;
        }
        let rec: DocumentRecord = serde_json::from_str(&line).expect("a document record");
        let raw = std::fs::read(&rec.id).unwrap_or_else(|_| rec.text.clone().into_bytes());
        recs.push((rec, raw));
    }
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{db}{ext}"));
    }
    let mut store = Store::open(db).expect("open the store");
    let (wall, cpu0) = (Instant::now(), cpu());
    let mut mentions = 0usize;
    for chunk in recs.chunks(batch) {
        let docs: Vec<IngestDoc<'_>> = chunk
            .iter()
            .map(|(rec, raw)| IngestDoc {
                hash: ContentHash::of(None, raw),
                raw: Some(raw),
                url: None,
                date: None,
                record: rec,
            })
            .collect();
        mentions += store.ingest(&docs, 0).expect("ingest").mentions;
    }
    drop(store);
    let (wall, cpu) = (wall.elapsed(), cpu() - cpu0);
    let sentences: usize = recs.iter().map(|(r, _)| r.sentences).sum();
    println!(
        "{} documents, {sentences} sentences, {mentions} mentions: {:.2} s CPU ({:.0} sentences \
         per CPU-second), {:.2} s wall",
        recs.len(),
        cpu.as_secs_f64(),
        sentences as f64 / cpu.as_secs_f64().max(1e-9),
        wall.as_secs_f64()
    );
}

//! Reads JSONL documents (`{"id", "text", "date"?}`) and writes `{"id", "text", "times",
//! "places"}` with code-point offsets: the resolver on its own, for quick evaluation.
use std::io::{BufRead, Write};

use dyad_resolve::{find_places, find_times, Gazetteer, PlaceContext};

fn main() {
    let path = std::env::args().nth(1).expect("usage: annotate FILE.jsonl");
    let f = std::io::BufReader::new(std::fs::File::open(path).expect("open input"));
    let gaz = Gazetteer::embedded();
    let out = std::io::stdout();
    let mut out = out.lock();
    for line in f.lines() {
        let line = line.expect("read line");
        let v: serde_json::Value = serde_json::from_str(&line).expect("JSON line");
        let text = v["text"].as_str().unwrap_or_default();
        let dct = v["date"]
            .as_str()
            .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
        let cp = |b: usize| text.get(..b).unwrap_or_default().chars().count();
        let times: Vec<serde_json::Value> = find_times(text, dct)
            .iter()
            .map(|t| {
                serde_json::json!({"start": cp(t.span.start), "end": cp(t.span.end),
                    "text": t.span.slice(text), "value": t.value})
            })
            .collect();
        let places: Vec<serde_json::Value> = find_places(text, gaz, &PlaceContext::default())
            .iter()
            .map(|p| {
                serde_json::json!({"start": cp(p.span.start), "end": cp(p.span.end),
                    "text": p.span.slice(text), "name": p.name, "country": p.country,
                    "lat": p.lat, "lon": p.lon, "feature": p.feature})
            })
            .collect();
        let rec =
            serde_json::json!({"id": v["id"], "text": text, "times": times, "places": places});
        writeln!(out, "{rec}").expect("write");
    }
}

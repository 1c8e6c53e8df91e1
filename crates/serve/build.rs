//! Embeds the page: our own files from `web/src/` and the JavaScript libraries vendored from
//! npm into `web/node_modules/` (by `npm ci` in `web/`). When a library is missing (a fresh
//! clone without npm), a small stub is embedded instead and the page draws its own simpler
//! charts, so that the crate always builds and its tests pass. `DYAD_WEB_REQUIRE_VENDOR=1`
//! makes a missing library an error (the release build of `.ci/browser.sh` sets it).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// `(URL name under /assets/vendor/, file under web/node_modules/)`.
const VENDOR: &[(&str, &str)] = &[
    ("uplot.js", "uplot/dist/uPlot.iife.min.js"),
    ("uplot.css", "uplot/dist/uPlot.min.css"),
    ("cytoscape.js", "cytoscape/dist/cytoscape.min.js"),
    (
        "topojson-client.js",
        "topojson-client/dist/topojson-client.min.js",
    ),
    ("countries-110m.json", "world-atlas/countries-110m.json"),
];

fn content_type(name: &str) -> &'static str {
    match name.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        _ => "application/octet-stream",
    }
}

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets it"));
    let web = manifest.join("../../web");
    let src = web.join("src");
    // The whole folder (Cargo scans it recursively): page sources and node_modules, which
    // `npm ci` creates. Paths that may not exist are not named: Cargo would rerun every time.
    println!("cargo:rerun-if-changed={}", web.display());
    println!("cargo:rerun-if-env-changed=DYAD_WEB_REQUIRE_VENDOR");
    let require = std::env::var("DYAD_WEB_REQUIRE_VENDOR").is_ok_and(|v| v == "1");

    let mut own: Vec<PathBuf> = std::fs::read_dir(&src)
        .unwrap_or_else(|e| panic!("cannot read the page sources in {}: {e}", src.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    own.sort();
    assert!(
        own.iter().any(|p| p.ends_with("index.html")),
        "web/src/index.html is missing"
    );

    let mut code = String::from("/// Every embedded file.\npub static ASSETS: &[Asset] = &[\n");
    let mut entry = |name: &str, path: &Path, vendored: bool| {
        let _ = writeln!(
            code,
            "    Asset {{ name: {name:?}, content_type: {:?}, bytes: include_bytes!({:?}), vendored: {vendored} }},",
            content_type(name),
            path.canonicalize().unwrap_or_else(|_| path.to_path_buf()).display().to_string(),
        );
    };
    for p in &own {
        let name = p
            .file_name()
            .and_then(|n| n.to_str())
            .expect("UTF-8 file names");
        entry(name, p, false);
    }
    let mut missing = Vec::new();
    for (name, file) in VENDOR {
        let path = web.join("node_modules").join(file);
        if path.is_file() {
            entry(&format!("vendor/{name}"), &path, true);
        } else {
            missing.push(*file);
            let stub = out.join(format!("stub-{name}"));
            let body = if name.ends_with(".json") {
                "null\n".to_string()
            } else {
                format!("/* {file} is not vendored: run `npm ci` in web/ and rebuild. */\n")
            };
            std::fs::write(&stub, body).expect("write a stub into OUT_DIR");
            entry(&format!("vendor/{name}"), &stub, false);
        }
    }
    code.push_str("];\n");
    if !missing.is_empty() {
        if require {
            panic!(
                "DYAD_WEB_REQUIRE_VENDOR=1 but these are missing under web/node_modules: {}",
                missing.join(", ")
            );
        }
        println!(
            "cargo:warning=web libraries not vendored ({}); the page uses its simple fallbacks. Run `npm ci` in web/ for the full page.",
            missing.len()
        );
    }
    std::fs::write(out.join("assets.rs"), code).expect("write assets.rs");
}

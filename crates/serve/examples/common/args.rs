//! Small helpers shared by the examples (included with `#[path]`, not an example itself).

#![allow(dead_code)]

/// The value after `name` in `args`, parsed, or `default` when the flag is absent.
pub fn arg<T: std::str::FromStr>(args: &[String], name: &str, default: T) -> T {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .map(|v| {
            v.parse()
                .unwrap_or_else(|_| panic!("{name}: cannot parse {v:?}"))
        })
        .unwrap_or(default)
}

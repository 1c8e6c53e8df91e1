use std::collections::BTreeMap;

use dyad_types::CameoCode;

use crate::{split_tabs, strip_comment, DictError};

/// One CAMEO event code's entry.
#[derive(Clone, Debug, PartialEq)]
pub struct CodebookEntry {
    /// The code.
    pub code: CameoCode,
    /// Short name.
    pub name: String,
    /// QuadClass: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict.
    pub quad_class: u8,
    /// Goldstein value (−10 … +10).
    pub goldstein: f32,
    /// PLOVER event type, if the code maps to one.
    pub plover_type: Option<String>,
    /// PLOVER mode, if the map gives one.
    pub plover_mode: Option<String>,
}

/// Every CAMEO event code with its attributes.
#[derive(Clone, Debug, Default)]
pub struct Codebook {
    entries: BTreeMap<CameoCode, CodebookEntry>,
}

impl Codebook {
    /// Parses `code name quad_class goldstein plover_type plover_mode` rows (TAB-separated,
    /// with a header line starting `code`).
    ///
    /// # Errors
    /// A [`DictError`] for a malformed row or a duplicate code.
    pub fn parse(file: &str, text: &str) -> Result<Codebook, DictError> {
        let mut entries = BTreeMap::new();
        for (i, raw) in text.lines().enumerate() {
            let n = i + 1;
            let line = strip_comment(raw);
            if line.trim().is_empty() || line.trim_start().starts_with("code") {
                continue;
            }
            let f = split_tabs(line);
            if f.len() < 4 {
                return Err(DictError::new(
                    file,
                    n,
                    "expected at least 4 TAB-separated fields",
                ));
            }
            let code: CameoCode = f[0]
                .parse()
                .map_err(|e| DictError::new(file, n, format!("{e}")))?;
            let quad_class: u8 = f[2]
                .parse()
                .ok()
                .filter(|q| (1..=4).contains(q))
                .ok_or_else(|| DictError::new(file, n, "quad_class must be 1..4"))?;
            let goldstein: f32 = f[3]
                .parse()
                .ok()
                .filter(|g: &f32| (-10.0..=10.0).contains(g))
                .ok_or_else(|| DictError::new(file, n, "goldstein must be a number in -10..10"))?;
            let opt = |i: usize| {
                f.get(i)
                    .filter(|s| **s != "-" && !s.is_empty())
                    .map(|s| s.to_string())
            };
            let entry = CodebookEntry {
                code,
                name: f[1].to_string(),
                quad_class,
                goldstein,
                plover_type: opt(4),
                plover_mode: opt(5),
            };
            if entries.insert(code, entry).is_some() {
                return Err(DictError::new(file, n, format!("duplicate code {code}")));
            }
        }
        Ok(Codebook { entries })
    }

    /// The entry for `code`.
    pub fn get(&self, code: CameoCode) -> Option<&CodebookEntry> {
        self.entries.get(&code)
    }

    /// True when the codebook lists `code`.
    pub fn contains(&self, code: CameoCode) -> bool {
        self.entries.contains_key(&code)
    }

    /// All entries in code order.
    pub fn iter(&self) -> impl Iterator<Item = &CodebookEntry> {
        self.entries.values()
    }

    /// Number of codes.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_rows_and_rejects_bad_ones() {
        let cb = Codebook::parse(
            "t",
            "code\tname\tquad_class\tgoldstein\tplover_type\tplover_mode\n\
             04\tConsult\t1\t1.0\tCONSULT\t-\n042\tVisit\t1\t1.9\tCONSULT\tvisit\n",
        )
        .unwrap();
        let e = cb.get("042".parse().unwrap()).unwrap();
        assert_eq!(e.plover_mode.as_deref(), Some("visit"));
        assert_eq!(cb.get("04".parse().unwrap()).unwrap().plover_mode, None);
        let err = Codebook::parse("t", "04\tConsult\t7\t1.0\n").unwrap_err();
        assert_eq!(err.line(), 1);
        assert!(Codebook::parse("t", "04\ta\t1\t1\n04\tb\t1\t1\n").is_err());
    }
}

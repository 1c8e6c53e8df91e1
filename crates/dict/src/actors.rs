use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use dyad_types::ActorCode;

use crate::{split_list, split_tabs, strip_comment, DictError};

/// A date as the number `YYYYMMDD`, for cheap range checks.
pub type DateKey = u32;

/// Parses `YYYY-MM-DD` (or `YYYY-MM`, `YYYY`) into a [`DateKey`]; partial dates take the first day.
pub fn date_key(s: &str) -> Option<DateKey> {
    let mut it = s.trim().split('-');
    let y: u32 = it.next()?.parse().ok()?;
    let m: u32 = it.next().map(|m| m.parse().ok()).unwrap_or(Some(1))?;
    let d: u32 = it.next().map(|d| d.parse().ok()).unwrap_or(Some(1))?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || !(1000..=9999).contains(&y) {
        return None;
    }
    Some(y * 10000 + m * 100 + d)
}

/// What sort of phrase an entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ActorKind {
    /// A country's name ("North Korea").
    Country,
    /// An international organisation or group.
    Organization,
    /// A named person.
    Person,
    /// A seat of power used as a metonym ("the Kremlin").
    Seat,
    /// A capital city ("Pyongyang").
    Capital,
    /// A country adjective ("North Korean").
    Adjective,
    /// A plural demonym ("North Koreans").
    People,
    /// Another city of a country.
    City,
    /// A role or sector noun ("minister", "troops").
    Role,
}

impl ActorKind {
    /// True for proper-noun kinds, whose capital letters must be matched.
    pub fn is_proper(&self) -> bool {
        !matches!(self, ActorKind::Role)
    }
}

/// One dictionary entry.
#[derive(Clone, Debug, PartialEq)]
pub struct ActorEntry {
    /// CAMEO actor code (`RUS`, `RUSGOV`, `---MIL`, `IGOUNO`).
    pub code: ActorCode,
    /// The headword ("Russia", "Vladimir Putin", "defense minister").
    pub name: String,
    /// Kind of phrase.
    pub kind: ActorKind,
    /// First day the entry holds (people only).
    pub from: Option<DateKey>,
    /// Last day the entry holds (people only).
    pub to: Option<DateKey>,
    /// Stable id: `FILE:HEADWORD` (plus the code for people).
    pub id: String,
    /// A description (people's role).
    pub note: String,
}

impl ActorEntry {
    /// True when the entry holds on `date` (entries without a range always hold).
    pub fn holds_on(&self, date: DateKey) -> bool {
        self.from.is_none_or(|f| f <= date) && self.to.is_none_or(|t| date <= t)
    }
}

#[derive(Clone, Debug)]
struct Variant {
    phrase: String,
    exact: bool,
    entries: Vec<u32>,
}

/// Builds an [`ActorDictionary`] from the source files.
#[derive(Debug, Default)]
pub struct ActorDictionaryBuilder {
    entries: Vec<ActorEntry>,
    phrases: HashMap<String, Vec<Variant>>,
    points: HashMap<String, (f64, f64)>,
}

fn plural(w: &str) -> String {
    let lw = w.to_lowercase();
    let last_word = lw.rsplit(' ').next().unwrap_or(&lw);
    let keep = [
        "police",
        "media",
        "military",
        "personnel",
        "staff",
        "people",
        "clergy",
        "press",
        "intelligence",
        "navy",
        "army",
        "government",
        "parliament",
        "congress",
        "senate",
        "cabinet",
        "opposition",
        "leadership",
        "administration",
        "regime",
        "junta",
    ];
    if keep.contains(&last_word) || w.ends_with("ss") && last_word.len() < 4 {
        return w.to_string();
    }
    let b = w.as_bytes();
    let n = b.len();
    if w.ends_with("man") {
        format!("{}men", w.get(..n - 3).unwrap_or(w))
    } else if w.ends_with('y') && n > 1 && !b"aeiou".contains(&b[n - 2]) {
        format!("{}ies", w.get(..n - 1).unwrap_or(w))
    } else if w.ends_with('s') || w.ends_with('x') || w.ends_with("ch") || w.ends_with("sh") {
        format!("{w}es")
    } else {
        format!("{w}s")
    }
}

impl ActorDictionaryBuilder {
    fn push_entry(&mut self, e: ActorEntry) -> u32 {
        self.entries.push(e);
        (self.entries.len() - 1) as u32
    }

    /// Adds one entry (with no phrase yet) and returns its index, for
    /// [`add_phrase`](Self::add_phrase). Used by loaders of other dictionary formats.
    pub fn add_entry(&mut self, entry: ActorEntry) -> u32 {
        self.push_entry(entry)
    }

    /// Copies the representative points of countries from `other` (points already
    /// present are kept).
    pub(crate) fn copy_points_from(&mut self, other: &ActorDictionaryBuilder) {
        for (code, p) in &other.points {
            self.points.entry(code.clone()).or_insert(*p);
        }
    }

    /// Makes `phrase` name entry `entry` (an index from [`add_entry`](Self::add_entry)),
    /// with the case rules of `docs/FORMATS.md`: a trailing `~` or a short all-capitals
    /// phrase matches in capitals only.
    pub fn add_phrase(&mut self, phrase: &str, entry: u32) {
        let mut phrase = phrase.trim().to_string();
        let mut exact = false;
        if let Some(p) = phrase.strip_suffix('~') {
            phrase = p.trim().to_string();
            exact = true;
        }
        if phrase.is_empty() {
            return;
        }
        let letters: Vec<char> = phrase.chars().filter(|c| c.is_alphabetic()).collect();
        if letters.len() >= 2 && letters.len() < 5 && letters.iter().all(|c| c.is_uppercase()) {
            exact = true;
        }
        let mut variants = vec![phrase.clone()];
        if phrase.contains('\'') {
            variants.push(phrase.replace('\'', "\u{2019}"));
        }
        if phrase.contains('-') {
            variants.push(phrase.replace('-', " "));
        }
        for p in variants {
            let key = p.to_ascii_lowercase();
            let list = self.phrases.entry(key).or_default();
            match list.iter_mut().find(|v| v.phrase == p && v.exact == exact) {
                Some(v) => {
                    if !v.entries.contains(&entry) {
                        v.entries.push(entry);
                    }
                }
                None => list.push(Variant {
                    phrase: p,
                    exact,
                    entries: vec![entry],
                }),
            }
        }
    }

    /// Adds `data/actors/countries.txt`-style blocks.
    ///
    /// # Errors
    /// A malformed header or key line.
    pub fn add_countries(&mut self, file: &str, text: &str) -> Result<&mut Self, DictError> {
        let mut current: Option<(ActorCode, String)> = None;
        let mut lat: Option<f64> = None;
        for (i, raw) in text.lines().enumerate() {
            let n = i + 1;
            let line = strip_comment(raw);
            if line.trim().is_empty() {
                continue;
            }
            if !line.starts_with(' ') && !line.starts_with('\t') {
                let f = split_tabs(line);
                if f.len() < 2 {
                    return Err(DictError::new(file, n, "expected CODE<TAB>Headword"));
                }
                let code: ActorCode = f[0]
                    .parse()
                    .map_err(|e| DictError::new(file, n, format!("{e}")))?;
                current = Some((code, f[1].to_string()));
                lat = None;
                continue;
            }
            let Some((code, head)) = current.clone() else {
                return Err(DictError::new(
                    file,
                    n,
                    "key line before any country header",
                ));
            };
            let Some((key, value)) = line.trim().split_once(':') else {
                return Err(DictError::new(file, n, "expected `key: value | value`"));
            };
            let value = value.trim();
            let (kind, role) = match key.trim() {
                "names" => (ActorKind::Country, None),
                "adj" => (ActorKind::Adjective, None),
                "people" => (ActorKind::People, None),
                "capital" => (ActorKind::Capital, Some("GOV")),
                "seats" => (ActorKind::Seat, Some("GOV")),
                "cities" => (ActorKind::City, None),
                "lat" | "lon" => {
                    let v: f64 = value
                        .parse()
                        .map_err(|_| DictError::new(file, n, "lat/lon must be a number"))?;
                    if key.trim() == "lat" {
                        lat = Some(v);
                    } else if let Some(la) = lat {
                        self.points.insert(code.as_str().to_string(), (la, v));
                    }
                    continue;
                }
                other => {
                    return Err(DictError::new(file, n, format!("unknown key {other:?}")));
                }
            };
            for phrase in split_list(value) {
                let code = match role {
                    Some(r) => code.with_role(r),
                    None => code.clone(),
                };
                let id = format!("{file}:{head}:{}", key.trim());
                let e = self.push_entry(ActorEntry {
                    code,
                    name: if kind == ActorKind::Country {
                        head.clone()
                    } else {
                        phrase.to_string()
                    },
                    kind,
                    from: None,
                    to: None,
                    id,
                    note: head.clone(),
                });
                self.add_phrase(phrase, e);
            }
        }
        Ok(self)
    }

    /// Adds `data/actors/groups.txt`: ethnic and religious groups in the block format of
    /// the countries file, with `people` (nouns, [`ActorKind::People`]) and `adj`
    /// (adjectives, [`ActorKind::Adjective`]) keys. Entry ids start with the file name, which
    /// is how the coder tells a group from a country's people.
    ///
    /// # Errors
    /// A malformed header or key line.
    pub fn add_groups(&mut self, file: &str, text: &str) -> Result<&mut Self, DictError> {
        self.add_countries(file, text)
    }

    /// Adds `CODE<TAB>Headword<TAB>phrase | phrase` organisation lines.
    ///
    /// # Errors
    /// A malformed line.
    pub fn add_organizations(&mut self, file: &str, text: &str) -> Result<&mut Self, DictError> {
        for (i, raw) in text.lines().enumerate() {
            let n = i + 1;
            let line = strip_comment(raw);
            if line.trim().is_empty() {
                continue;
            }
            let f = split_tabs(line);
            if f.len() < 3 {
                return Err(DictError::new(
                    file,
                    n,
                    "expected CODE<TAB>Headword<TAB>phrases",
                ));
            }
            let code: ActorCode = f[0]
                .parse()
                .map_err(|e| DictError::new(file, n, format!("{e}")))?;
            let e = self.push_entry(ActorEntry {
                code,
                name: f[1].to_string(),
                kind: ActorKind::Organization,
                from: None,
                to: None,
                id: format!("{file}:{}", f[1]),
                note: String::new(),
            });
            for p in split_list(f[2]) {
                self.add_phrase(p, e);
            }
        }
        Ok(self)
    }

    /// Adds `[ROLE]` sections of role nouns; plurals are generated.
    ///
    /// # Errors
    /// A phrase before any section, or a bad role code.
    pub fn add_roles(&mut self, file: &str, text: &str) -> Result<&mut Self, DictError> {
        let mut role: Option<String> = None;
        for (i, raw) in text.lines().enumerate() {
            let n = i + 1;
            let line = strip_comment(raw).trim();
            if line.is_empty() {
                continue;
            }
            if let Some(r) = line.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
                let r = r.trim();
                if !r.len().is_multiple_of(3)
                    || r.is_empty()
                    || !r.bytes().all(|b| b.is_ascii_uppercase())
                {
                    return Err(DictError::new(file, n, format!("bad role code {r:?}")));
                }
                role = Some(r.to_string());
                continue;
            }
            let Some(r) = role.as_deref() else {
                return Err(DictError::new(
                    file,
                    n,
                    "role phrase before any [ROLE] section",
                ));
            };
            let code: ActorCode = format!("---{r}")
                .parse()
                .map_err(|e| DictError::new(file, n, format!("{e}")))?;
            for phrase in split_list(line) {
                let e = self.push_entry(ActorEntry {
                    code: code.clone(),
                    name: phrase.to_string(),
                    kind: ActorKind::Role,
                    from: None,
                    to: None,
                    id: format!("{file}:{r}:{phrase}"),
                    note: String::new(),
                });
                self.add_phrase(phrase, e);
                let pl = plural(phrase);
                if pl != phrase {
                    self.add_phrase(&pl, e);
                }
            }
        }
        Ok(self)
    }

    /// Adds `names<TAB>CODE<TAB>FROM..TO<TAB>role` people lines.
    ///
    /// # Errors
    /// A malformed line or date.
    pub fn add_people(&mut self, file: &str, text: &str) -> Result<&mut Self, DictError> {
        for (i, raw) in text.lines().enumerate() {
            let n = i + 1;
            let line = strip_comment(raw);
            if line.trim().is_empty() {
                continue;
            }
            let f = split_tabs(line);
            if f.len() < 3 {
                return Err(DictError::new(
                    file,
                    n,
                    "expected names<TAB>CODE<TAB>FROM..TO",
                ));
            }
            let code: ActorCode = f[1]
                .parse()
                .map_err(|e| DictError::new(file, n, format!("{e}")))?;
            let (from, to) = f[2]
                .split_once("..")
                .ok_or_else(|| DictError::new(file, n, "date range must be FROM..TO"))?;
            let parse = |s: &str| -> Result<Option<DateKey>, DictError> {
                if s.trim().is_empty() {
                    return Ok(None);
                }
                date_key(s)
                    .map(Some)
                    .ok_or_else(|| DictError::new(file, n, format!("bad date {s:?}")))
            };
            let (from, to) = (parse(from)?, parse(to)?);
            let names: Vec<&str> = split_list(f[0]).collect();
            let Some(head) = names.first() else {
                return Err(DictError::new(file, n, "no name"));
            };
            let e = self.push_entry(ActorEntry {
                code: code.clone(),
                name: head.to_string(),
                kind: ActorKind::Person,
                from,
                to,
                id: format!("{file}:{head}:{code}:{}", f[2]),
                note: f.get(3).map(|s| s.to_string()).unwrap_or_default(),
            });
            for p in &names {
                self.add_phrase(p, e);
            }
        }
        Ok(self)
    }

    /// Compiles the automaton.
    ///
    /// # Errors
    /// When the automaton cannot be built (too many patterns).
    pub fn build(self) -> Result<ActorDictionary, DictError> {
        let mut keys: Vec<String> = self.phrases.keys().cloned().collect();
        keys.sort();
        let variants: Vec<Vec<Variant>> = keys
            .iter()
            .map(|k| self.phrases.get(k).cloned().unwrap_or_default())
            .collect();
        let ac = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .build(&keys)
            .map_err(|e| DictError::new("actors", 0, format!("automaton: {e}")))?;
        Ok(ActorDictionary {
            entries: self.entries,
            variants,
            ac,
            points: self.points,
        })
    }
}

/// A dictionary phrase found in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PhraseMatch {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// The entries the phrase names (indices for [`ActorDictionary::entry`]).
    pub entries: Vec<u32>,
}

/// Actor phrases compiled into one Aho–Corasick automaton.
#[derive(Debug)]
pub struct ActorDictionary {
    entries: Vec<ActorEntry>,
    variants: Vec<Vec<Variant>>,
    ac: AhoCorasick,
    points: HashMap<String, (f64, f64)>,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// True when `found` has capitals where `phrase` needs them.
fn case_ok(phrase: &str, found: &str, exact: bool) -> bool {
    if exact {
        return phrase == found;
    }
    if found.chars().any(|c| c.is_lowercase()) {
        let mut word_start = true;
        for (p, f) in phrase.chars().zip(found.chars()) {
            if word_start && p.is_uppercase() && !f.is_uppercase() {
                return false;
            }
            word_start = !p.is_alphanumeric() && p != '\'';
        }
    }
    true
}

impl ActorDictionary {
    /// A new builder.
    pub fn builder() -> ActorDictionaryBuilder {
        ActorDictionaryBuilder::default()
    }

    /// Entry `i`.
    pub fn entry(&self, i: u32) -> &ActorEntry {
        &self.entries[i as usize]
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when there are no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// All entries.
    pub fn entries(&self) -> &[ActorEntry] {
        &self.entries
    }

    /// A representative point of a country (by code), if the dictionary gives one.
    pub fn country_point(&self, code: &str) -> Option<(f64, f64)> {
        self.points.get(code).copied()
    }

    /// Phrases found in `text`: whole words only, capitals respected for proper
    /// names, leftmost-longest, non-overlapping, in text order.
    pub fn find(&self, text: &str) -> Vec<PhraseMatch> {
        let lower = text.to_ascii_lowercase();
        let mut found: Vec<PhraseMatch> = Vec::new();
        for m in self.ac.find_overlapping_iter(&lower) {
            let (s, e) = (m.start(), m.end());
            let before = text.get(..s).and_then(|t| t.chars().next_back());
            let after = text.get(e..).and_then(|t| t.chars().next());
            if before.is_some_and(is_word_char) || after.is_some_and(is_word_char) {
                continue;
            }
            // "U.S." followed by a letter-dot is an abbreviation chain, not our phrase.
            let Some(slice) = text.get(s..e) else {
                continue;
            };
            let mut entries = Vec::new();
            for v in &self.variants[m.pattern().as_usize()] {
                let proper = v
                    .entries
                    .iter()
                    .any(|&i| self.entries[i as usize].kind.is_proper());
                if (!proper && !v.exact) || case_ok(&v.phrase, slice, v.exact) {
                    entries.extend(v.entries.iter().copied());
                }
            }
            if !entries.is_empty() {
                found.push(PhraseMatch {
                    start: s,
                    end: e,
                    entries,
                });
            }
        }
        found.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
        let mut out: Vec<PhraseMatch> = Vec::with_capacity(found.len());
        for m in found {
            if out.last().is_none_or(|l| m.start >= l.end) {
                out.push(m);
            }
        }
        out
    }

    /// Picks the entry that applies on `date` among `entries`: people whose term
    /// holds on the date first, then kinds in priority order (country, organisation,
    /// person, seat, capital, adjective, people, city, role). With no date, a
    /// person's latest-starting entry wins.
    pub fn pick(&self, entries: &[u32], date: Option<DateKey>) -> Option<&ActorEntry> {
        type Rank = (u8, ActorKind, std::cmp::Reverse<DateKey>);
        let mut best: Option<(&ActorEntry, Rank)> = None;
        for &i in entries {
            let e = &self.entries[i as usize];
            let holds = match date {
                Some(d) => e.holds_on(d),
                None => true,
            };
            let rank = (
                if holds { 0 } else { 1 },
                e.kind,
                std::cmp::Reverse(match (date, holds) {
                    (Some(_), false) => e.to.unwrap_or(0),
                    _ => e.from.unwrap_or(0),
                }),
            );
            if best.as_ref().is_none_or(|(_, r)| rank < *r) {
                best = Some((e, rank));
            }
        }
        best.map(|(e, _)| e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dict() -> ActorDictionary {
        let mut b = ActorDictionary::builder();
        b.add_countries(
            "c",
            "USA\tUnited States\n  names: United States | US | U.S. | America\n  adj: American\n  seats: the White House\n  lat: 39.0\n  lon: -98.0\n\
             RUS\tRussia\n  names: Russia\n  adj: Russian\n  capital: Moscow\n  seats: the Kremlin\n\
             PRK\tNorth Korea\n  names: North Korea | DPRK\n  adj: North Korean\n  capital: Pyongyang\n\
             OMN\tOman\n  names: Oman\n  capital: Muscat\n",
        )
        .unwrap();
        b.add_organizations("o", "IGOUNO\tUnited Nations\tUnited Nations | UN | U.N.\n")
            .unwrap();
        b.add_roles(
            "r",
            "[GOV]\nminister | defense minister\nspokesman\n[MIL]\narmy\n",
        )
        .unwrap();
        b.add_people(
            "p",
            "Vladimir Putin | Putin\tRUSGOV\t2012-05-07..\tpresident\n\
             Vladimir Putin | Putin\tRUSGOV\t2008-05-08..2012-05-07\tprime minister\n\
             Barack Obama | Obama\tUSAGOV\t2009-01-20..2017-01-20\tpresident\n",
        )
        .unwrap();
        b.build().unwrap()
    }

    fn texts(d: &ActorDictionary, t: &str) -> Vec<String> {
        d.find(t)
            .iter()
            .map(|m| t.get(m.start..m.end).unwrap_or("").to_string())
            .collect()
    }

    #[test]
    fn finds_whole_words_with_case_rules() {
        let d = dict();
        assert_eq!(
            texts(&d, "Let us see what the US and the UN do."),
            vec!["US", "UN"]
        );
        assert_eq!(texts(&d, "A woman in Oman."), vec!["Oman"]);
        assert_eq!(
            texts(&d, "North Korean leader met Russian defense ministers"),
            vec!["North Korean", "Russian", "defense ministers"]
        );
        assert_eq!(texts(&d, "the kremlin said"), Vec::<String>::new());
        assert_eq!(texts(&d, "The Kremlin said"), vec!["The Kremlin"]);
        assert_eq!(texts(&d, "NORTH KOREA SAYS"), vec!["NORTH KOREA"]);
        assert_eq!(texts(&d, "the U.S. spokesmen"), vec!["U.S.", "spokesmen"]);
        assert_eq!(texts(&d, "Moscow\u{2019}s army"), vec!["Moscow", "army"]);
    }

    #[test]
    fn picks_dated_people_and_kinds() {
        let d = dict();
        let m = &d.find("Putin spoke")[0];
        let e = d.pick(&m.entries, date_key("2010-01-01")).unwrap();
        assert_eq!(e.note, "prime minister");
        let e = d.pick(&m.entries, date_key("2023-09-05")).unwrap();
        assert_eq!(e.note, "president");
        let e = d.pick(&m.entries, None).unwrap();
        assert_eq!(e.note, "president");
        let m = &d.find("Moscow")[0];
        assert_eq!(d.pick(&m.entries, None).unwrap().code.as_str(), "RUSGOV");
        assert_eq!(d.country_point("USA"), Some((39.0, -98.0)));
    }

    #[test]
    fn rejects_malformed_lines() {
        let mut b = ActorDictionary::builder();
        assert!(b.add_countries("c", "  names: X\n").is_err());
        assert!(b.add_countries("c", "usa\tX\n").is_err());
        assert!(b.add_roles("r", "minister\n").is_err());
        assert!(b.add_people("p", "X\tUSAGOV\t2020-13-01..\n").is_err());
        assert_eq!(date_key("2023-09-05"), Some(20230905));
        assert_eq!(date_key("2023"), Some(20230101));
    }
}

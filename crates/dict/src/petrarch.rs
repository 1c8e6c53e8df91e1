//! PETRARCH/Phoenix dictionaries, read at run time from a user's directory.
//!
//! [PETRARCH2](https://github.com/openeventdata/petrarch2) and the Phoenix pipeline keep
//! their dictionaries in plain-text files of their own format. This module reads them
//! (none is embedded or copied into dyad) and converts what maps onto dyad's model:
//!
//! * **actors** (`*.actors.txt`): a headword line `NAME_OF_ACTOR_ [CODE]`, synonym
//!   lines starting with `+`, and code lines `[CODE]`, `[CODE YYMMDD-YYMMDD]`,
//!   `[CODE >YYMMDD]`, `[CODE <YYMMDD]` (also `YYYYMMDD`). Every code becomes one
//!   [`ActorEntry`] named by all the block's phrases; an undated code in a block with
//!   dated ones is the default that holds outside the dated ranges.
//! * **agents** (`*agents*.txt`): `ROLE_NOUN {PLURAL} [~CODE]` lines, `!MARKER! = A, B`
//!   substitution sets; each becomes a role entry `---CODE`.
//! * **verbs** (`*verbs*.txt`, `CAMEO*.txt`): `--- NAME [CODE] ---` blocks of verbs and
//!   `- PATTERN [CODE]` lines, `&SYNSET` definitions. A pattern whose words all follow
//!   the verb becomes one [`VerbPattern`] per verb of the block (synsets expanded, at
//!   most [`MAX_EXPANSIONS`] per line and verb).
//! * **discards** (`*discards*.txt`): read into [`PetrarchDictionaries::discards`], not
//!   used by the coder yet.
//!
//! Anything that cannot be expressed is skipped and recorded with its file, line and
//! reason ([`PetrarchDictionaries::skipped`]); only an unreadable directory or file and an
//! unterminated `<!--` comment are errors.
//!
//! Phrase case: PETRARCH writes everything in capitals. A one-word phrase of up to three
//! letters (or four without a vowel) is taken as an acronym and matched in capitals only
//! (`UN`, `WHO`, `PLO`); any other one-word name must start with a capital in the text
//! ("Turkey", not "turkey"; a hyphenated word such as "al-Qaeda" matches in any case);
//! in a phrase of several words the last word that is not a common head noun
//! ("administration", "army", "government", … — see `LOWERCASE_HEADS`) must be
//! capitalised and the others match in any case ("President Barack Obama" and "US
//! president Barack Obama"; "the Obama administration"; but not "an armed Islamic
//! group" for the Armed Islamic Group). Text written all in capitals matches every
//! phrase. Agent (role) phrases match in any case.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use dyad_types::{ActorCode, CameoCode};

use crate::{
    sources, ActorDictionary, ActorDictionaryBuilder, ActorEntry, ActorKind, Codebook, DateKey,
    DictError, Dictionaries, PatternWord, VerbLexicon, VerbLexiconBuilder, VerbPattern,
};

/// Most patterns one pattern line yields for one verb when synsets are expanded.
pub const MAX_EXPANSIONS: usize = 32;

/// The `from` date given to `[CODE <YYMMDD]` entries (1 January 1000), so that they rank
/// above an undated default code of the same block when both hold.
pub const OPEN_START: DateKey = 10000101;

/// How a user's PETRARCH dictionaries combine with dyad's own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MergeMode {
    /// dyad's dictionaries plus the user's (dyad's entries win ties).
    Merge,
    /// The user's dictionaries alone, part by part: the actor files replace dyad's
    /// countries, organisations and people; the agents file replaces dyad's role nouns;
    /// the verbs file replaces dyad's verb patterns. A part the directory does not
    /// provide stays dyad's. The CAMEO codebook, irregular verbs and the countries'
    /// map points are always dyad's.
    Replace,
}

/// The kind of a PETRARCH dictionary file, told by its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FileKind {
    /// `*actors*.txt`.
    Actors,
    /// `*agents*.txt`.
    Agents,
    /// `*verbs*.txt` or `CAMEO*.txt`.
    Verbs,
    /// `*discard*.txt`.
    Discards,
}

impl FileKind {
    /// The kind of the file called `name`, or `None` for a file the loader does not read
    /// (issue lists, records, anything not ending in `.txt`).
    pub fn of(name: &str) -> Option<FileKind> {
        let n = name.to_ascii_lowercase();
        if !n.ends_with(".txt") {
            return None;
        }
        if n.contains("actors") {
            Some(FileKind::Actors)
        } else if n.contains("agents") {
            Some(FileKind::Agents)
        } else if n.contains("discard") {
            Some(FileKind::Discards)
        } else if n.contains("verbs") || n.starts_with("cameo") {
            Some(FileKind::Verbs)
        } else {
            None
        }
    }
}

/// One actor code with the dates it holds (both ends inclusive).
#[derive(Clone, Debug, PartialEq)]
pub struct DatedCode {
    /// The CAMEO actor code.
    pub code: ActorCode,
    /// First day (`None`: undated; [`OPEN_START`] for `<DATE` codes).
    pub from: Option<DateKey>,
    /// Last day (`None`: open).
    pub to: Option<DateKey>,
}

/// One actor block: a headword, its synonyms and its codes.
#[derive(Clone, Debug, PartialEq)]
pub struct PetrarchActor {
    /// The headword as written, underscores turned into spaces.
    pub headword: String,
    /// The phrases (headword first), in the case used for matching.
    pub phrases: Vec<String>,
    /// The codes, in file order.
    pub codes: Vec<DatedCode>,
    /// The file name.
    pub file: String,
    /// The headword's line (1-based).
    pub line: usize,
}

impl PetrarchActor {
    /// The kind its entries get: `Person` when a code is dated; `Country` for a bare
    /// three-letter country code; otherwise `Organization`.
    pub fn kind(&self) -> ActorKind {
        if self
            .codes
            .iter()
            .any(|c| c.from.is_some() || c.to.is_some())
        {
            return ActorKind::Person;
        }
        match self.codes.first() {
            Some(c) if is_country_code(c.code.as_str()) => ActorKind::Country,
            _ => ActorKind::Organization,
        }
    }
}

/// One agent line: role nouns and their role code.
#[derive(Clone, Debug, PartialEq)]
pub struct PetrarchAgent {
    /// The phrases (singular, plural, substitutions), lower case.
    pub phrases: Vec<String>,
    /// The role code, `---` plus the agent code (`---GOV`).
    pub code: ActorCode,
    /// True for codes written `NGO~` (PETRARCH puts them before the actor's code; dyad
    /// treats them as roles like `~NGO`).
    pub prefix: bool,
    /// The file name.
    pub file: String,
    /// The line (1-based).
    pub line: usize,
}

/// One discard phrase: sentences (or stories) containing it are not coded by PETRARCH.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Discard {
    /// The phrase, underscores turned into spaces, as written.
    pub phrase: String,
    /// `+PHRASE`: the whole story is discarded, not just the sentence.
    pub whole_story: bool,
    /// The phrase ended in `_`: it must end at a word boundary (otherwise it is a stem).
    pub exact: bool,
}

/// A line (or part of one) that was not converted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    /// The file name.
    pub file: String,
    /// The line (1-based).
    pub line: usize,
    /// Why.
    pub reason: &'static str,
}

/// What was read from one file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FileReport {
    /// The file name.
    pub file: String,
    /// Its kind (`None` only in a default value).
    pub kind: Option<FileKind>,
    /// Lines with content (comments and blank lines not counted).
    pub lines: usize,
    /// Actor blocks, agent lines, verbs or discards read.
    pub entries: usize,
    /// Actor or agent phrases read (after expansion of plurals and substitutions).
    pub phrases: usize,
    /// Dated codes (actors).
    pub dated_codes: usize,
    /// Headwords without a code that were given the codes of the next entry (actors
    /// files sometimes list a person's names as several headwords in a row).
    pub merged_headwords: usize,
    /// Synsets defined (verbs).
    pub synsets: usize,
    /// Pattern lines converted (verbs).
    pub pattern_lines: usize,
    /// Verb patterns produced, before duplicates are merged (verbs).
    pub patterns: usize,
    /// Skipped lines or parts of lines.
    pub skipped: usize,
}

/// A user's PETRARCH/Phoenix dictionaries, read and converted.
#[derive(Clone, Debug, Default)]
pub struct PetrarchDictionaries {
    /// The directory read (empty when built from strings).
    pub dir: PathBuf,
    /// One report per file read, in name order.
    pub files: Vec<FileReport>,
    /// Files in the directory that were not read (unknown kind).
    pub ignored_files: Vec<String>,
    /// Actor blocks.
    pub actors: Vec<PetrarchActor>,
    /// Agent lines.
    pub agents: Vec<PetrarchAgent>,
    /// Verb patterns, converted (codes checked against dyad's codebook).
    pub verb_patterns: Vec<VerbPattern>,
    /// Irregular verb forms given in the verbs file: (lemma, forms).
    pub verb_forms: Vec<(String, Vec<String>)>,
    /// Discard phrases.
    pub discards: Vec<Discard>,
    /// Everything skipped, with reasons.
    pub skipped: Vec<Skipped>,
    /// Synset expansions dropped by the [`MAX_EXPANSIONS`] cap.
    pub truncated_expansions: usize,
}

/// Reads the known PETRARCH dictionary files present in `dir` (see [`FileKind::of`]).
///
/// # Errors
/// A [`DictError`] when the directory or a file cannot be read, when the directory holds
/// no known file, or when a file has an unterminated `<!--` comment (naming its line).
pub fn load_petrarch_dir(dir: &Path) -> Result<PetrarchDictionaries, DictError> {
    let dname = dir.display().to_string();
    let rd = std::fs::read_dir(dir)
        .map_err(|e| DictError::new(&dname, 0, format!("cannot read directory: {e}")))?;
    let mut names: Vec<String> = Vec::new();
    for ent in rd {
        let ent = ent.map_err(|e| DictError::new(&dname, 0, format!("cannot list: {e}")))?;
        if ent.file_type().map(|t| t.is_file()).unwrap_or(false) {
            names.push(ent.file_name().to_string_lossy().into_owned());
        }
    }
    names.sort();
    let codebook = Codebook::parse("codebook.tsv", sources::CODEBOOK)?;
    let mut out = PetrarchDictionaries {
        dir: dir.to_path_buf(),
        ..PetrarchDictionaries::default()
    };
    for name in names {
        let Some(kind) = FileKind::of(&name) else {
            out.ignored_files.push(name);
            continue;
        };
        let path = dir.join(&name);
        let bytes = std::fs::read(&path)
            .map_err(|e| DictError::new(&path.display().to_string(), 0, format!("{e}")))?;
        let text = String::from_utf8_lossy(&bytes);
        match kind {
            FileKind::Actors => out.read_actors(&name, &text)?,
            FileKind::Agents => out.read_agents(&name, &text)?,
            FileKind::Verbs => out.read_verbs(&name, &text, &codebook)?,
            FileKind::Discards => out.read_discards(&name, &text)?,
        }
    }
    if out.files.is_empty() {
        return Err(DictError::new(
            &dname,
            0,
            "no PETRARCH dictionary file (*actors*.txt, *agents*.txt, *verbs*.txt, \
             CAMEO*.txt, *discard*.txt)",
        ));
    }
    Ok(out)
}

impl Dictionaries {
    /// Our embedded dictionaries merged with a user's PETRARCH/Phoenix ones
    /// ([`MergeMode::Merge`]), or the user's alone ([`MergeMode::Replace`]), read from
    /// `dir` with [`load_petrarch_dir`].
    ///
    /// # Errors
    /// A [`DictError`] naming the file and line of the problem.
    pub fn with_petrarch(dir: &Path, mode: MergeMode) -> Result<Dictionaries, DictError> {
        load_petrarch_dir(dir)?.into_dictionaries(mode)
    }
}

impl PetrarchDictionaries {
    /// True when an actors file was read.
    pub fn has_actors(&self) -> bool {
        self.has(FileKind::Actors)
    }

    /// True when an agents file was read.
    pub fn has_agents(&self) -> bool {
        self.has(FileKind::Agents)
    }

    /// True when a verbs file was read.
    pub fn has_verbs(&self) -> bool {
        self.has(FileKind::Verbs)
    }

    fn has(&self, kind: FileKind) -> bool {
        self.files.iter().any(|f| f.kind == Some(kind))
    }

    /// Skipped lines counted by reason.
    pub fn skip_counts(&self) -> BTreeMap<&'static str, usize> {
        let mut m = BTreeMap::new();
        for s in &self.skipped {
            *m.entry(s.reason).or_insert(0) += 1;
        }
        m
    }

    /// Adds every actor block to `b`: one entry per code, named by all its phrases.
    /// Returns the number of entries added.
    pub fn add_actors_to(&self, b: &mut ActorDictionaryBuilder) -> usize {
        let mut n = 0;
        for a in &self.actors {
            let kind = a.kind();
            for c in &a.codes {
                let e = b.add_entry(ActorEntry {
                    code: c.code.clone(),
                    name: a.headword.clone(),
                    kind,
                    from: c.from,
                    to: c.to,
                    id: format!("petrarch/{}:{}:{}", a.file, a.line, c.code),
                    note: String::new(),
                });
                for p in &a.phrases {
                    b.add_phrase(p, e);
                }
                n += 1;
            }
        }
        n
    }

    /// Adds every agent line to `b` as a role entry. Returns the number of entries added.
    pub fn add_agents_to(&self, b: &mut ActorDictionaryBuilder) -> usize {
        for a in &self.agents {
            let e = b.add_entry(ActorEntry {
                code: a.code.clone(),
                name: a.phrases.first().cloned().unwrap_or_default(),
                kind: ActorKind::Role,
                from: None,
                to: None,
                id: format!("petrarch/{}:{}:{}", a.file, a.line, a.code),
                note: if a.prefix {
                    "prefix agent code".to_string()
                } else {
                    String::new()
                },
            });
            for p in &a.phrases {
                b.add_phrase(p, e);
            }
        }
        self.agents.len()
    }

    /// Adds the verb patterns and irregular forms to `b`. Returns the number of patterns
    /// added (duplicates of patterns already present are not).
    pub fn add_verbs_to(&self, b: &mut VerbLexiconBuilder) -> usize {
        for (base, forms) in &self.verb_forms {
            let forms: Vec<&str> = forms.iter().map(String::as_str).collect();
            b.add_irregular_forms(base, &forms);
        }
        self.verb_patterns
            .iter()
            .filter(|p| b.add_pattern((*p).clone()))
            .count()
    }

    /// dyad's embedded dictionaries combined with these (see [`MergeMode`]).
    ///
    /// # Errors
    /// A [`DictError`] when an embedded file is malformed or the automaton cannot be built.
    pub fn dictionaries(&self, mode: MergeMode) -> Result<Dictionaries, DictError> {
        self.combine(mode, self.verb_patterns.iter().cloned())
    }

    /// Like [`dictionaries`](Self::dictionaries), consuming `self` (no copy of the verb
    /// patterns).
    ///
    /// # Errors
    /// As for [`dictionaries`](Self::dictionaries).
    pub fn into_dictionaries(mut self, mode: MergeMode) -> Result<Dictionaries, DictError> {
        let patterns = std::mem::take(&mut self.verb_patterns);
        self.combine(mode, patterns.into_iter())
    }

    fn combine(
        &self,
        mode: MergeMode,
        patterns: impl Iterator<Item = VerbPattern>,
    ) -> Result<Dictionaries, DictError> {
        let merge = mode == MergeMode::Merge;
        let codebook = Codebook::parse("codebook.tsv", sources::CODEBOOK)?;
        let mut actors = ActorDictionary::builder();
        if merge || !self.has_actors() {
            actors.add_countries("countries.txt", sources::COUNTRIES)?;
            actors.add_organizations("organizations.txt", sources::ORGANIZATIONS)?;
            actors.add_groups("groups.txt", sources::GROUPS)?;
        } else {
            let mut scratch = ActorDictionary::builder();
            scratch.add_countries("countries.txt", sources::COUNTRIES)?;
            actors.copy_points_from(&scratch);
        }
        if merge || !self.has_agents() {
            actors.add_roles("roles.txt", sources::ROLES)?;
        }
        if merge || !self.has_actors() {
            actors.add_people("people.txt", sources::PEOPLE)?;
        }
        self.add_actors_to(&mut actors);
        self.add_agents_to(&mut actors);
        let actors = actors.build()?;
        let mut verbs = VerbLexicon::builder();
        verbs.add_irregular("irregular.txt", sources::IRREGULAR)?;
        if merge || !self.has_verbs() {
            for (name, text) in sources::VERBS {
                verbs.add_patterns(name, text, &codebook)?;
            }
        }
        for (base, forms) in &self.verb_forms {
            let forms: Vec<&str> = forms.iter().map(String::as_str).collect();
            verbs.add_irregular_forms(base, &forms);
        }
        for p in patterns {
            verbs.add_pattern(p);
        }
        Ok(Dictionaries {
            codebook,
            actors,
            verbs: verbs.build(),
        })
    }

    fn skip(&mut self, file: &str, line: usize, reason: &'static str) {
        self.skipped.push(Skipped {
            file: file.to_string(),
            line,
            reason,
        });
    }

    fn finish_report(&mut self, mut r: FileReport, skipped_before: usize) {
        r.skipped = self.skipped.len() - skipped_before;
        self.files.push(r);
    }

    /// Reads an actors file's text (`file` names it in reports and ids).
    ///
    /// # Errors
    /// An unterminated `<!--` comment.
    pub fn read_actors(&mut self, file: &str, text: &str) -> Result<(), DictError> {
        let skipped_before = self.skipped.len();
        let mut report = FileReport {
            file: file.to_string(),
            kind: Some(FileKind::Actors),
            ..FileReport::default()
        };
        let mut cur: Option<PetrarchActor> = None;
        let mut pending: Vec<(usize, Vec<String>)> = Vec::new();
        let mut cleaner = Cleaner::default();
        for (i, raw) in text.lines().enumerate() {
            let n = i + 1;
            let Some(line) = cleaner.clean(raw, n) else {
                continue;
            };
            report.lines += 1;
            let t = line.trim();
            if t.starts_with('<') {
                self.skip(file, n, "markup line");
            } else if t.starts_with('[') {
                match cur.as_mut() {
                    Some(a) => self.read_codes(file, n, t, &mut a.codes),
                    None => self.skip(file, n, "code line before any actor"),
                }
            } else if let Some(rest) = t.strip_prefix('+') {
                let Some(a) = cur.as_mut() else {
                    self.skip(file, n, "synonym before any actor");
                    continue;
                };
                let (phrase, codes) = split_codes(rest);
                match actor_phrase(phrase) {
                    Some(p) => {
                        if !a.phrases.contains(&p) {
                            a.phrases.push(p);
                        }
                    }
                    None => self.skip(file, n, "unusable phrase"),
                }
                self.read_codes(file, n, codes, &mut a.codes);
            } else {
                if let Some(a) = cur.take() {
                    self.flush_actor(a, &mut report, &mut pending);
                }
                let (phrase, codes) = split_codes(t);
                let mut a = PetrarchActor {
                    headword: phrase.replace('_', " ").trim().to_string(),
                    phrases: Vec::new(),
                    codes: Vec::new(),
                    file: file.to_string(),
                    line: n,
                };
                match actor_phrase(phrase) {
                    Some(p) => a.phrases.push(p),
                    None => self.skip(file, n, "unusable phrase"),
                }
                self.read_codes(file, n, codes, &mut a.codes);
                cur = Some(a);
            }
        }
        cleaner.finish(file)?;
        if let Some(a) = cur.take() {
            self.flush_actor(a, &mut report, &mut pending);
        }
        for (line, _) in pending {
            self.skip(file, line, "actor without a code");
        }
        self.finish_report(report, skipped_before);
        Ok(())
    }

    /// Stores a finished block. A block without codes is held back and its phrases join
    /// the next block that has codes (headwords written one after another without `+`).
    fn flush_actor(
        &mut self,
        mut a: PetrarchActor,
        report: &mut FileReport,
        pending: &mut Vec<(usize, Vec<String>)>,
    ) {
        if a.codes.is_empty() {
            pending.push((a.line, a.phrases));
            return;
        }
        for (_, phrases) in pending.drain(..) {
            report.merged_headwords += 1;
            for p in phrases {
                if !a.phrases.contains(&p) {
                    a.phrases.push(p);
                }
            }
        }
        if a.phrases.is_empty() {
            self.skip(&a.file, a.line, "actor without a usable phrase");
            return;
        }
        report.entries += 1;
        report.phrases += a.phrases.len();
        report.dated_codes += a
            .codes
            .iter()
            .filter(|c| c.from.is_some() || c.to.is_some())
            .count();
        self.actors.push(a);
    }

    /// Parses every `[CODE DATES]` group in `s` into `codes`, skipping bad ones.
    fn read_codes(&mut self, file: &str, n: usize, s: &str, codes: &mut Vec<DatedCode>) {
        let mut rest = s;
        while let Some((_, after)) = rest.split_once('[') {
            let Some((inner, tail)) = after.split_once(']') else {
                self.skip(file, n, "missing ]");
                return;
            };
            match dated_code(inner) {
                Ok(c) => {
                    if !codes.contains(&c) {
                        codes.push(c);
                    }
                }
                Err(reason) => self.skip(file, n, reason),
            }
            rest = tail;
        }
    }

    /// Reads an agents file's text.
    ///
    /// # Errors
    /// An unterminated `<!--` comment.
    pub fn read_agents(&mut self, file: &str, text: &str) -> Result<(), DictError> {
        let skipped_before = self.skipped.len();
        let mut report = FileReport {
            file: file.to_string(),
            kind: Some(FileKind::Agents),
            ..FileReport::default()
        };
        let mut markers: HashMap<String, Vec<String>> = HashMap::new();
        let mut cleaner = Cleaner::default();
        for (i, raw) in text.lines().enumerate() {
            let n = i + 1;
            let Some(line) = cleaner.clean(raw, n) else {
                continue;
            };
            report.lines += 1;
            let t = line.trim();
            if t.contains('!') && t.contains('=') && !t.contains('[') {
                // !PERSON! = MAN, MEN, WOMAN
                let (lhs, rhs) = t.split_once('=').unwrap_or((t, ""));
                let name = lhs.trim().trim_matches('!').trim();
                if name.is_empty() || name.contains('!') {
                    self.skip(file, n, "bad substitution marker");
                    continue;
                }
                let items = rhs
                    .split(',')
                    .map(|x| x.trim().to_string())
                    .filter(|x| !x.is_empty())
                    .collect();
                markers.insert(name.to_string(), items);
                continue;
            }
            let Some((phrase_part, code_part)) = t.split_once('[') else {
                self.skip(file, n, "agent without a code");
                continue;
            };
            let code_text = code_part.split(']').next().unwrap_or("");
            let code_text: String = code_text.chars().filter(|c| !c.is_whitespace()).collect();
            let prefix = !code_text.starts_with('~') && code_text.ends_with('~');
            let role = code_text.replace('~', "").to_ascii_uppercase();
            let code = if role.is_empty()
                || !role.len().is_multiple_of(3)
                || !role
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
            {
                None
            } else {
                format!("---{role}").parse::<ActorCode>().ok()
            };
            let Some(code) = code else {
                self.skip(file, n, "bad agent code");
                continue;
            };
            let (main, plural) = match phrase_part.split_once('{') {
                Some((main, rest)) => {
                    let Some((pl, _)) = rest.split_once('}') else {
                        self.skip(file, n, "missing }");
                        continue;
                    };
                    let pl = pl.trim();
                    (main.trim(), if pl.is_empty() { None } else { Some(pl) })
                }
                None => (phrase_part.trim(), None),
            };
            let auto_plural = !phrase_part.contains('{');
            let mut forms: Vec<String> = Vec::new();
            if main.contains('!') {
                let mut parts = main.splitn(3, '!');
                let (before, name, after) = (
                    parts.next().unwrap_or(""),
                    parts.next().unwrap_or(""),
                    parts.next(),
                );
                let (Some(after), Some(values)) = (after, markers.get(name.trim())) else {
                    self.skip(file, n, "unknown substitution marker");
                    continue;
                };
                for v in values {
                    forms.push(format!("{before}{v}{after}"));
                }
            } else {
                forms.push(main.to_string());
                if let Some(pl) = plural {
                    forms.push(pl.to_string());
                } else if auto_plural {
                    forms.push(plural_of(main.trim_end_matches('_')));
                }
            }
            let mut phrases: Vec<String> = Vec::new();
            for f in &forms {
                if let Some(p) = agent_phrase(f) {
                    if !phrases.contains(&p) {
                        phrases.push(p);
                    }
                }
            }
            if phrases.is_empty() {
                self.skip(file, n, "unusable phrase");
                continue;
            }
            report.entries += 1;
            report.phrases += phrases.len();
            self.agents.push(PetrarchAgent {
                phrases,
                code,
                prefix,
                file: file.to_string(),
                line: n,
            });
        }
        cleaner.finish(file)?;
        self.finish_report(report, skipped_before);
        Ok(())
    }

    /// Reads a discards file's text.
    ///
    /// # Errors
    /// An unterminated `<!--` comment.
    pub fn read_discards(&mut self, file: &str, text: &str) -> Result<(), DictError> {
        let skipped_before = self.skipped.len();
        let mut report = FileReport {
            file: file.to_string(),
            kind: Some(FileKind::Discards),
            ..FileReport::default()
        };
        let mut cleaner = Cleaner::default();
        for (i, raw) in text.lines().enumerate() {
            let Some(line) = cleaner.clean(raw, i + 1) else {
                continue;
            };
            report.lines += 1;
            let t = line.trim();
            let (whole_story, t) = match t.strip_prefix('+') {
                Some(r) => (true, r.trim()),
                None => (false, t),
            };
            let exact = t.ends_with('_');
            let phrase = t
                .replace('_', " ")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            if phrase.is_empty() {
                self.skip(file, i + 1, "empty discard");
                continue;
            }
            report.entries += 1;
            self.discards.push(Discard {
                phrase,
                whole_story,
                exact,
            });
        }
        cleaner.finish(file)?;
        self.finish_report(report, skipped_before);
        Ok(())
    }

    /// Reads a verbs file's text; event codes must be in `codebook` (unless it is empty).
    ///
    /// # Errors
    /// An unterminated `<!--` comment.
    pub fn read_verbs(
        &mut self,
        file: &str,
        text: &str,
        codebook: &Codebook,
    ) -> Result<(), DictError> {
        let skipped_before = self.skipped.len();
        let mut report = FileReport {
            file: file.to_string(),
            kind: Some(FileKind::Verbs),
            ..FileReport::default()
        };
        // Clean once; synsets may be defined anywhere, so they are collected first.
        let mut lines: Vec<(usize, String)> = Vec::new();
        let mut cleaner = Cleaner::default();
        for (i, raw) in text.lines().enumerate() {
            if let Some(l) = cleaner.clean(raw, i + 1) {
                let l = l.split(';').next().unwrap_or("").trim().to_string();
                if !l.is_empty() {
                    lines.push((i + 1, l));
                }
            }
        }
        cleaner.finish(file)?;
        report.lines = lines.len();
        let mut synsets: HashMap<String, Vec<Vec<Tok>>> = HashMap::new();
        let mut current: Option<String> = None;
        for (_, l) in &lines {
            if l.starts_with('&') {
                let label = synset_label(l.split_whitespace().next().unwrap_or(""));
                synsets.entry(label.clone()).or_default();
                current = Some(label);
            } else if let (Some(rest), Some(label)) = (l.strip_prefix('+'), current.as_ref()) {
                synsets.entry(label.clone()).or_default().push(tokens(rest));
            } else {
                current = None;
            }
        }
        report.synsets = synsets.len();

        let mut conv = VerbConverter {
            file,
            codebook,
            synsets: &synsets,
            block: None,
            forms: HashMap::new(),
            out: Vec::new(),
            skipped: Vec::new(),
            truncated: 0,
            verbs: 0,
            pattern_lines: 0,
        };
        let mut in_synset = false;
        for (n, l) in &lines {
            let n = *n;
            if l.starts_with("---") {
                in_synset = false;
                conv.flush();
                let code = l
                    .split_once('[')
                    .and_then(|(_, r)| r.split_once(']'))
                    .map(|(c, _)| first_code(c).to_string())
                    .unwrap_or_else(|| "---".to_string());
                conv.block = Some(Block {
                    code,
                    line: n,
                    verbs: Vec::new(),
                    patterns: Vec::new(),
                });
            } else if l.starts_with('&') {
                in_synset = true;
            } else if in_synset && l.starts_with('+') {
                continue;
            } else {
                in_synset = false;
                if l.starts_with('~') {
                    conv.skipped
                        .push((n, "verb transformation (not supported)"));
                } else if let Some(body) = l.strip_prefix('-') {
                    conv.pattern_line(n, body);
                } else {
                    conv.verb_line(n, l);
                }
            }
        }
        conv.flush();
        report.entries = conv.verbs;
        report.pattern_lines = conv.pattern_lines;
        report.patterns = conv.out.len();
        self.truncated_expansions += conv.truncated;
        let mut forms: Vec<(String, Vec<String>)> = conv.forms.into_iter().collect();
        forms.sort();
        let skipped = std::mem::take(&mut conv.skipped);
        self.verb_patterns.extend(conv.out);
        self.verb_forms.extend(forms);
        for (n, reason) in skipped {
            self.skip(file, n, reason);
        }
        self.finish_report(report, skipped_before);
        Ok(())
    }
}

/// Strips `<!-- … -->` comments (also over several lines), lines starting with `<!`,
/// `#` comments and blank lines.
#[derive(Default)]
struct Cleaner {
    open_at: Option<usize>,
}

impl Cleaner {
    fn clean<'a>(&mut self, raw: &'a str, n: usize) -> Option<Cow<'a, str>> {
        let mut line: Cow<'a, str> = Cow::Borrowed(raw);
        if self.open_at.is_some() {
            let (_, after) = raw.split_once("-->")?;
            self.open_at = None;
            line = Cow::Borrowed(after);
        }
        while let Some((before, after)) = line.split_once("<!--") {
            match after.split_once("-->") {
                Some((_, rest)) => line = Cow::Owned(format!("{before} {rest}")),
                None => {
                    self.open_at = Some(n);
                    line = Cow::Owned(before.to_string());
                    break;
                }
            }
        }
        if line.trim_start().starts_with("<!") {
            return None;
        }
        let line = match line {
            Cow::Borrowed(b) => Cow::Borrowed(b.split('#').next().unwrap_or("")),
            Cow::Owned(o) => Cow::Owned(o.split('#').next().unwrap_or("").to_string()),
        };
        if line.trim().is_empty() {
            return None;
        }
        Some(line)
    }

    fn finish(&self, file: &str) -> Result<(), DictError> {
        match self.open_at {
            Some(n) => Err(DictError::new(file, n, "unterminated <!-- comment")),
            None => Ok(()),
        }
    }
}

/// Three-letter codes that are roles or sectors, not countries.
const ROLE_CODES: &[&str] = &[
    "---", "AGR", "BUD", "BUS", "CHR", "COP", "CRM", "CVL", "DEV", "EDU", "ELI", "ENV", "GOV",
    "HIN", "HLH", "HRI", "IGO", "IMG", "INS", "JEW", "JUD", "LAB", "LEG", "MED", "MIL", "MNC",
    "MOD", "MUS", "NGM", "NGO", "OPP", "PPL", "PTY", "RAD", "REB", "REF", "REL", "SET", "SPY",
    "UAF", "UIS",
];

fn is_country_code(c: &str) -> bool {
    c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase()) && !ROLE_CODES.contains(&c)
}

/// Splits `PHRASE [CODE] [CODE]` into the phrase and the code part.
fn split_codes(s: &str) -> (&str, &str) {
    match s.find('[') {
        Some(i) => (s.get(..i).unwrap_or(s), s.get(i..).unwrap_or("")),
        None => (s, ""),
    }
}

/// `YYMMDD` (years up to 30 are 20YY) or `YYYYMMDD`.
fn petrarch_date(s: &str) -> Option<DateKey> {
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let v: u32 = s.parse().ok()?;
    let (y, md) = match s.len() {
        6 => {
            let yy = v / 10000;
            (if yy <= 30 { 2000 + yy } else { 1900 + yy }, v % 10000)
        }
        8 => (v / 10000, v % 10000),
        _ => return None,
    };
    let (m, d) = (md / 100, md % 100);
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let days = match m {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        1..=12 => 31,
        _ => return None,
    };
    if d == 0 || d > days || y < 1000 {
        return None;
    }
    Some(y * 10000 + m * 100 + d)
}

/// Parses the inside of `[CODE]`, `[CODE A-B]`, `[CODE >A]`, `[CODE <B]`.
fn dated_code(inner: &str) -> Result<DatedCode, &'static str> {
    let inner = inner.trim();
    let (code, dates) = match inner.split_once(char::is_whitespace) {
        Some((c, d)) => (c, d),
        None => (inner, ""),
    };
    let code = code.to_ascii_uppercase();
    let code: ActorCode = code.parse().map_err(|_| "bad actor code")?;
    let dates: String = dates.chars().filter(|c| !c.is_whitespace()).collect();
    let bad = "bad date";
    let (from, to) = if dates.is_empty() {
        (None, None)
    } else if let Some(d) = dates.strip_prefix('>') {
        (Some(petrarch_date(d).ok_or(bad)?), None)
    } else if let Some(d) = dates.strip_prefix('<') {
        (Some(OPEN_START), Some(petrarch_date(d).ok_or(bad)?))
    } else if let Some((a, b)) = dates.split_once('-') {
        let (a, b) = (petrarch_date(a).ok_or(bad)?, petrarch_date(b).ok_or(bad)?);
        if a > b {
            return Err("date range ends before it starts");
        }
        (Some(a), Some(b))
    } else {
        return Err("date without <, > or a range");
    };
    Ok(DatedCode { code, from, to })
}

fn words_of(raw: &str) -> Option<Vec<String>> {
    let s = raw.replace('_', " ");
    if s.chars().any(|c| c.is_control() && !c.is_whitespace()) {
        return None;
    }
    let words: Vec<String> = s.split_whitespace().map(str::to_string).collect();
    let letters = s.chars().filter(|c| c.is_alphabetic()).count();
    if words.is_empty() || letters < 2 {
        return None;
    }
    Some(words)
}

/// Words that news text often writes in lower case after a name ("the Obama
/// administration", "Afghan army"): never the capitalised anchor of a phrase.
const LOWERCASE_HEADS: &[&str] = &[
    "administration",
    "army",
    "authorities",
    "authority",
    "cabinet",
    "chief",
    "commander",
    "delegation",
    "embassy",
    "envoy",
    "force",
    "forces",
    "government",
    "govt",
    "leader",
    "leaders",
    "leadership",
    "media",
    "military",
    "minister",
    "ministers",
    "ministry",
    "navy",
    "official",
    "officials",
    "people",
    "police",
    "president",
    "regime",
    "spokesman",
    "spokeswoman",
    "troops",
];

fn capitalised(w: &str) -> String {
    let mut cs = w.chars();
    match cs.next() {
        Some(first) => first
            .to_uppercase()
            .chain(cs.flat_map(char::to_lowercase))
            .collect(),
        None => String::new(),
    }
}

/// An actor phrase in the case dyad matches it with (see the module docs).
fn actor_phrase(raw: &str) -> Option<String> {
    let words = words_of(raw)?;
    if let [w] = words.as_slice() {
        let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
        let vowel = letters
            .iter()
            .any(|c| matches!(c.to_ascii_uppercase(), 'A' | 'E' | 'I' | 'O' | 'U' | 'Y'));
        if letters.len() <= 3 || (letters.len() == 4 && !vowel) {
            return Some(w.to_uppercase());
        }
        if !w.chars().all(char::is_alphabetic) {
            return Some(w.to_lowercase());
        }
        return Some(capitalised(w));
    }
    // Several words: lower case, except the last word that is not a common head noun,
    // which must be capitalised in mixed-case text ("armed Islamic group" is not the
    // Armed Islamic Group; "the Obama administration" still matches).
    let mut out: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    let anchor = out.iter().rposition(|w| {
        w.chars().next().is_some_and(char::is_alphabetic)
            && !LOWERCASE_HEADS.contains(&w.trim_end_matches(['.', ',', '\'']))
    });
    if let Some(i) = anchor {
        out[i] = capitalised(&out[i]);
    }
    Some(out.join(" "))
}

/// An agent phrase: lower case (role nouns match in any case).
fn agent_phrase(raw: &str) -> Option<String> {
    Some(words_of(raw)?.join(" ").to_lowercase())
}

/// The regular plural of a (capitalised) phrase's last word.
fn plural_of(s: &str) -> String {
    let up = s.to_ascii_uppercase();
    let b = up.as_bytes();
    let n = b.len();
    if n >= 2 && up.ends_with('Y') && !b"AEIOU".contains(&b[n - 2]) {
        format!("{}IES", s.get(..n - 1).unwrap_or(s))
    } else if up.ends_with("MAN") {
        format!("{}MEN", s.get(..n - 3).unwrap_or(s))
    } else if up.ends_with('S')
        || up.ends_with('X')
        || up.ends_with('Z')
        || up.ends_with("CH")
        || up.ends_with("SH")
    {
        format!("{s}ES")
    } else {
        format!("{s}S")
    }
}

/// The first of `042:043`-style code pairs.
fn first_code(c: &str) -> &str {
    c.split(':').next().unwrap_or("").trim()
}

fn synset_label(s: &str) -> String {
    s.trim()
        .trim_end_matches('_')
        .trim_end_matches(',')
        .to_ascii_uppercase()
}

/// A pattern or synset token.
#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Word(String),
    Verb,
    Target,
    Source,
    Syn(String),
    Alt(Vec<String>),
    /// `^`: a noun phrase to pass over (dyad allows filler words between pattern words).
    Skip,
    Other,
}

fn clean_word(w: &str) -> String {
    w.trim_end_matches('_').to_lowercase()
}

fn tokens(s: &str) -> Vec<Tok> {
    let mut padded = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '(' | ')' | '{' | '}' | '_' => padded.push(' '),
            '*' | '+' | '$' => {
                padded.push(' ');
                padded.push(c);
                padded.push(' ');
            }
            c => padded.push(c),
        }
    }
    let s = padded;
    s.split_whitespace()
        .map(|t| match t {
            "*" => Tok::Verb,
            "+" => Tok::Target,
            "$" => Tok::Source,
            "^" => Tok::Skip,
            t if t.starts_with('&') => Tok::Syn(synset_label(t)),
            t if t.contains('/') => Tok::Alt(
                t.split('/')
                    .map(clean_word)
                    .filter(|w| !w.is_empty())
                    .collect(),
            ),
            t if t
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '-' | '\'' | '.' | ',')) =>
            {
                Tok::Word(clean_word(t))
            }
            _ => Tok::Other,
        })
        .collect()
}

/// One element of a converted pattern.
#[derive(Clone, Debug)]
enum Elem {
    /// One of several word sequences.
    Choice(Vec<Vec<String>>),
    Slot,
}

struct Block {
    code: String,
    line: usize,
    /// (trigger words, line, code of the bare verb)
    verbs: Vec<(Vec<String>, usize, Option<CameoCode>)>,
    /// (line, code, elements, reverse)
    patterns: Vec<(usize, CameoCode, Vec<Elem>, bool)>,
}

struct VerbConverter<'a> {
    file: &'a str,
    codebook: &'a Codebook,
    synsets: &'a HashMap<String, Vec<Vec<Tok>>>,
    block: Option<Block>,
    forms: HashMap<String, Vec<String>>,
    out: Vec<VerbPattern>,
    skipped: Vec<(usize, &'static str)>,
    truncated: usize,
    verbs: usize,
    pattern_lines: usize,
}

impl VerbConverter<'_> {
    fn code(&self, c: &str) -> Result<Option<CameoCode>, &'static str> {
        let c = first_code(c);
        if c.is_empty() || c.bytes().all(|b| b == b'-') {
            return Ok(None);
        }
        let code: CameoCode = c.parse().map_err(|_| "bad event code")?;
        if !self.codebook.is_empty() && !self.codebook.contains(code) {
            return Err("event code not in the CAMEO codebook");
        }
        Ok(Some(code))
    }

    fn verb_line(&mut self, n: usize, l: &str) {
        let Some(block) = self.block.as_ref() else {
            self.skipped.push((n, "verb outside a --- block"));
            return;
        };
        let block_code = block.code.clone();
        let (before_code, code) = match l.split_once('[') {
            Some((b, r)) => (b, Some(r.split(']').next().unwrap_or(""))),
            None => (l, None),
        };
        let (main, forms) = match before_code.split_once('{') {
            Some((m, r)) => match r.split_once('}') {
                Some((f, _)) => (m, f),
                None => {
                    self.skipped.push((n, "missing }"));
                    return;
                }
            },
            None => (before_code, ""),
        };
        let main = main.split_whitespace().next().unwrap_or("");
        let main = match main.strip_prefix('+') {
            Some(m) => m,
            None if main.contains('+') => {
                self.skipped
                    .push((n, "multi-word verb with the verb last (RE_+VERB)"));
                return;
            }
            None => main,
        };
        let words: Vec<String> = main
            .split('_')
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        let Some(verb) = words.first().cloned() else {
            self.skipped.push((n, "empty verb line"));
            return;
        };
        if !verb
            .chars()
            .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
        {
            self.skipped.push((n, "not a verb"));
            return;
        }
        for f in forms.split_whitespace() {
            let f = f.rsplit('+').next().unwrap_or(f);
            let f = f.split('_').next().unwrap_or("").to_lowercase();
            if !f.is_empty() && f != verb {
                let e = self.forms.entry(verb.clone()).or_default();
                if !e.contains(&f) {
                    e.push(f);
                }
            }
        }
        let code = match self.code(code.unwrap_or(&block_code)) {
            Ok(c) => c,
            Err(reason) => {
                self.skipped.push((n, reason));
                None
            }
        };
        self.verbs += 1;
        if let Some(b) = self.block.as_mut() {
            b.verbs.push((words, n, code));
        }
    }

    fn pattern_line(&mut self, n: usize, body: &str) {
        if self.block.is_none() {
            self.skipped.push((n, "pattern before any --- block"));
            return;
        }
        let Some((body, rest)) = body.split_once('[') else {
            self.skipped.push((n, "pattern without a code"));
            return;
        };
        let code = match self.code(rest.split(']').next().unwrap_or("")) {
            Ok(Some(c)) => c,
            Ok(None) => {
                self.skipped.push((n, "null code [---]"));
                return;
            }
            Err(reason) => {
                self.skipped.push((n, reason));
                return;
            }
        };
        match self.convert(body) {
            Ok((elems, reverse)) => {
                self.pattern_lines += 1;
                if let Some(b) = self.block.as_mut() {
                    b.patterns.push((n, code, elems, reverse));
                }
            }
            Err(reason) => self.skipped.push((n, reason)),
        }
    }

    fn convert(&self, body: &str) -> Result<(Vec<Elem>, bool), &'static str> {
        let toks = tokens(body);
        let verbs: Vec<usize> = toks
            .iter()
            .enumerate()
            .filter(|(_, t)| **t == Tok::Verb)
            .map(|(i, _)| i)
            .collect();
        let v = match verbs.as_slice() {
            [] => return Err("no verb marker *"),
            [v] => *v,
            _ => return Err("several verb markers *"),
        };
        if toks
            .get(..v)
            .unwrap_or(&[])
            .iter()
            .any(|t| *t != Tok::Source)
        {
            return Err("words or target before the verb");
        }
        let mut post: Vec<Tok> = toks.get(v + 1..).unwrap_or(&[]).to_vec();
        if post.contains(&Tok::Other) {
            return Err("unsupported token (%, …)");
        }
        let n_src = post.iter().filter(|t| **t == Tok::Source).count();
        let n_tgt = post.iter().filter(|t| **t == Tok::Target).count();
        if n_src > 1 || n_tgt > 1 {
            return Err("several actor markers");
        }
        let mut reverse = false;
        if n_src == 1 {
            if n_tgt == 1 {
                return Err("source and target both after the verb");
            }
            if post.last() != Some(&Tok::Source) {
                return Err("source marker inside the pattern");
            }
            post.pop();
            reverse = true;
        }
        if post.last() == Some(&Tok::Target) {
            post.pop();
        }
        let mut elems = Vec::new();
        for t in post {
            match t {
                Tok::Target => elems.push(Elem::Slot),
                Tok::Word(w) => elems.push(Elem::Choice(vec![vec![w]])),
                Tok::Alt(ws) => elems.push(Elem::Choice(ws.into_iter().map(|w| vec![w]).collect())),
                Tok::Syn(label) => elems.push(Elem::Choice(self.expand_synset(&label, 0)?)),
                Tok::Skip => {}
                Tok::Verb | Tok::Source | Tok::Other => return Err("unsupported token (%, …)"),
            }
        }
        Ok((elems, reverse))
    }

    /// The word sequences a synset stands for (nested synsets resolved, three deep).
    fn expand_synset(&self, label: &str, depth: usize) -> Result<Vec<Vec<String>>, &'static str> {
        let members = self.synsets.get(label).ok_or("undefined synset")?;
        if depth > 3 {
            return Err("synsets nested too deep");
        }
        let mut out: Vec<Vec<String>> = Vec::new();
        for m in members {
            let mut seqs: Vec<Vec<String>> = vec![Vec::new()];
            let mut ok = true;
            for t in m {
                let alts: Vec<Vec<String>> = match t {
                    Tok::Word(w) => vec![vec![w.clone()]],
                    Tok::Alt(ws) => ws.iter().map(|w| vec![w.clone()]).collect(),
                    Tok::Syn(l) => self.expand_synset(l, depth + 1)?,
                    Tok::Skip => continue,
                    _ => {
                        ok = false;
                        break;
                    }
                };
                seqs = seqs
                    .iter()
                    .flat_map(|s| {
                        alts.iter().map(move |a| {
                            let mut s = s.clone();
                            s.extend(a.iter().cloned());
                            s
                        })
                    })
                    .take(MAX_EXPANSIONS * 4)
                    .collect();
            }
            if ok {
                for s in seqs {
                    if !s.is_empty() && !out.contains(&s) {
                        out.push(s);
                    }
                }
            }
        }
        if out.is_empty() {
            return Err("empty synset");
        }
        Ok(out)
    }

    /// Emits the block's bare verbs and its patterns for every verb.
    fn flush(&mut self) {
        let Some(block) = self.block.take() else {
            return;
        };
        if block.verbs.is_empty() && !block.patterns.is_empty() {
            self.skipped.push((block.line, "block without verbs"));
        }
        let file = self.file;
        for (words, line, code) in &block.verbs {
            if let Some(code) = code {
                self.out.push(VerbPattern {
                    code: *code,
                    words: words.iter().cloned().map(PatternWord::Word).collect(),
                    id: format!("petrarch/{file}:{line}:{code}:{}", words.join(" ")),
                    reverse: false,
                });
            }
        }
        for (line, code, elems, reverse) in &block.patterns {
            let combos = expand(elems, MAX_EXPANSIONS);
            let total: usize = elems
                .iter()
                .map(|e| match e {
                    Elem::Choice(c) => c.len().max(1),
                    Elem::Slot => 1,
                })
                .fold(1usize, |a, b| a.saturating_mul(b));
            for (verb, _, _) in &block.verbs {
                self.truncated += total.saturating_sub(combos.len());
                for combo in &combos {
                    let mut words: Vec<PatternWord> =
                        verb.iter().cloned().map(PatternWord::Word).collect();
                    words.extend(combo.iter().cloned());
                    let mut pattern = VerbPattern {
                        code: *code,
                        words,
                        id: String::new(),
                        reverse: *reverse,
                    };
                    pattern.id = format!("petrarch/{file}:{line}:{code}:{}", pattern.key());
                    self.out.push(pattern);
                }
            }
        }
    }
}

/// The word lists a pattern's elements stand for, at most `cap`.
fn expand(elems: &[Elem], cap: usize) -> Vec<Vec<PatternWord>> {
    let mut out: Vec<Vec<PatternWord>> = vec![Vec::new()];
    for e in elems {
        match e {
            Elem::Slot => {
                for o in &mut out {
                    o.push(PatternWord::Slot);
                }
            }
            Elem::Choice(alts) => {
                out = out
                    .iter()
                    .flat_map(|o| {
                        alts.iter().map(move |a| {
                            let mut o = o.clone();
                            o.extend(a.iter().cloned().map(PatternWord::Word));
                            o
                        })
                    })
                    .take(cap)
                    .collect();
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const ACTORS: &str = "\
# a comment line
<!-- a comment
   over two lines -->
FREEDONIA_   [FRD]
+FREEDONIAN_
+OSTRAVIA_CITY  # capital
RUFUS_T._FIREFLY_
+PRESIDENT_FIREFLY
+FIREFLY_ADMINISTRATION
\t[FRDELI 020101-050101]
\t[FRDGOV 050101-071231]
\t[FRDELI]
CHICOLINI_
CHICO_CHICOLINI
\t[FRDGOV <050501]
\t[FRDOPP >050501]
SYLVANIA_MINISTRY_OF_WAR_ [SYLGOVMIL] [SYLMIL 19400101-19451231]
WHO_ [IGOUNOWHO]
IRAN_ [IRN]
TURKEY_ [TUR]
NOCODE_HERE_
";

    fn loaded_actors() -> PetrarchDictionaries {
        let mut p = PetrarchDictionaries::default();
        p.read_actors("t.actors.txt", ACTORS).unwrap();
        p
    }

    #[test]
    fn reads_actor_blocks_codes_and_dates() {
        let p = loaded_actors();
        assert_eq!(p.actors.len(), 7);
        let fr = &p.actors[0];
        assert_eq!(fr.phrases, vec!["Freedonia", "Freedonian", "ostravia City"]);
        assert_eq!(fr.kind(), ActorKind::Country);
        let ruf = &p.actors[1];
        assert_eq!(ruf.kind(), ActorKind::Person);
        assert_eq!(ruf.codes.len(), 3);
        assert_eq!(ruf.codes[0].from, Some(20020101)); // YY up to 30 → 20YY
        assert_eq!(ruf.codes[1].from, Some(20050101));
        assert_eq!(ruf.codes[1].to, Some(20071231));
        assert_eq!(ruf.codes[2].from, None);
        // Two headwords in a row: the first takes the second's codes.
        let chico = &p.actors[2];
        assert_eq!(chico.phrases, vec!["chico Chicolini", "Chicolini"]);
        assert_eq!(chico.codes[0].from, Some(OPEN_START));
        assert_eq!(chico.codes[0].to, Some(20050501));
        assert_eq!(chico.codes[1].from, Some(20050501));
        let war = &p.actors[3];
        assert_eq!(war.codes.len(), 2);
        assert_eq!(war.codes[1].to, Some(19451231));
        // Short acronyms stay in capitals; one-word names are capitalised.
        assert_eq!(p.actors[4].phrases, vec!["WHO"]);
        assert_eq!(p.actors[5].phrases, vec!["Iran"]);
        assert_eq!(p.actors[6].phrases, vec!["Turkey"]);
        assert_eq!(p.files[0].merged_headwords, 1);
        let reasons: Vec<_> = p.skipped.iter().map(|s| (s.line, s.reason)).collect();
        assert_eq!(reasons, vec![(21, "actor without a code")]);
    }

    #[test]
    fn actors_match_with_dates_and_case_rules() {
        let p = loaded_actors();
        let mut b = ActorDictionary::builder();
        p.add_actors_to(&mut b);
        let d = b.build().unwrap();
        let code = |text: &str, date: Option<DateKey>| -> Vec<String> {
            d.find(text)
                .iter()
                .filter_map(|m| d.pick(&m.entries, date))
                .map(|e| e.code.to_string())
                .collect()
        };
        assert_eq!(code("President Firefly spoke", Some(20060601)), ["FRDGOV"]);
        assert_eq!(code("President Firefly spoke", Some(20030601)), ["FRDELI"]);
        assert_eq!(code("the president Firefly", Some(20200601)), ["FRDELI"]);
        assert_eq!(
            code("the Firefly administration", Some(20060601)),
            ["FRDGOV"]
        );
        assert_eq!(code("sylvania ministry of war", None), Vec::<String>::new());
        assert_eq!(
            code("the Sylvania Ministry of War", Some(20000101)),
            ["SYLGOVMIL"]
        );
        assert_eq!(
            code("THE SYLVANIA MINISTRY OF WAR", Some(19420101)),
            ["SYLMIL"]
        );
        assert_eq!(code("Chicolini said", Some(20050101)), ["FRDGOV"]);
        assert_eq!(code("Chicolini said", Some(20060101)), ["FRDOPP"]);
        assert_eq!(code("the who and WHO", None), ["IGOUNOWHO"]);
        assert_eq!(code("turkey in Turkey and IRAN", None), ["TUR", "IRN"]);
        assert_eq!(code("in Ostravia City", None), ["FRD"]);
    }

    #[test]
    fn reads_agents_with_plurals_and_markers() {
        let mut p = PetrarchDictionaries::default();
        p.read_agents(
            "t.agents.txt",
            "!PERSON! = MAN, WOMAN\n\
             LAWMAKER [~LEG] # note\n\
             POLICE {} [~COP]\n\
             ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOVJUD]\n\
             SECURITY!PERSON! [~MIL]\n\
             RELIEF_AGENCY [NGO~]\n\
             NOCODE\n\
             BAD [~GOVX]\n",
        )
        .unwrap();
        let got: Vec<(String, Vec<String>)> = p
            .agents
            .iter()
            .map(|a| (a.code.to_string(), a.phrases.clone()))
            .collect();
        assert_eq!(
            got[0],
            ("---LEG".into(), vec!["lawmaker".into(), "lawmakers".into()])
        );
        assert_eq!(got[1], ("---COP".into(), vec!["police".into()]));
        assert_eq!(got[2].1, vec!["attorney general", "attorneys general"]);
        assert_eq!(got[3].1, vec!["securityman", "securitywoman"]);
        assert_eq!(got[4].0, "---NGO");
        assert!(p.agents[4].prefix);
        assert_eq!(p.agents[4].phrases[1], "relief agencies");
        let reasons: Vec<_> = p.skipped.iter().map(|s| s.reason).collect();
        assert_eq!(reasons, vec!["agent without a code", "bad agent code"]);
    }

    const VERBS: &str = "\
&VEHICLE
+TRACTOR
+HAY_WAGON

--- PELT [---] ---
PELT
BOMBARD {BOMBARDS BOMBARDED BOMBARDING} [190]
+LOB_AT {+LOBBED_AT +LOBS_AT +LOBBING_AT}
RE_+PELT
- * + WITH TOMATOES [1823]
- * &VEHICLE (AT +) [190:191]
- * CRITICISM (FROM $) [111]
- $ * + AT DAWN [190]
- PROSECUTOR * [173]
- * FROM $ TO + [190]
- * NOTHING [---]
- * ~ODD [190]
~ a (a b PELT) SAY = a b 190
";

    fn loaded_verbs() -> PetrarchDictionaries {
        let codebook = Codebook::parse("codebook.tsv", sources::CODEBOOK).unwrap();
        let mut p = PetrarchDictionaries::default();
        p.read_verbs("t.verbs.txt", VERBS, &codebook).unwrap();
        p
    }

    fn show(p: &VerbPattern) -> String {
        let w: Vec<&str> = p
            .words
            .iter()
            .map(|w| match w {
                PatternWord::Word(w) => w.as_str(),
                PatternWord::Slot => "*",
            })
            .collect();
        format!(
            "{} {}{}",
            p.code,
            w.join(" "),
            if p.reverse { " R" } else { "" }
        )
    }

    #[test]
    fn converts_verb_blocks_and_patterns() {
        let p = loaded_verbs();
        let got: Vec<String> = p.verb_patterns.iter().map(show).collect();
        assert!(got.contains(&"190 bombard".to_string()), "{got:?}");
        assert!(!got.iter().any(|g| g == "190 pelt"), "null block code");
        assert!(got.contains(&"1823 pelt * with tomatoes".to_string()));
        assert!(got.contains(&"1823 lob at * with tomatoes".to_string()));
        assert!(got.contains(&"190 bombard hay wagon at".to_string()));
        assert!(got.contains(&"190 pelt tractor at".to_string()));
        assert!(got.contains(&"111 pelt criticism from R".to_string()));
        assert!(got.contains(&"190 pelt * at dawn".to_string()));
        // 3 verbs × (1 + 2 + 1 + 1) patterns, plus the bare BOMBARD.
        assert_eq!(p.verb_patterns.len(), 16, "{got:?}");
        assert!(p
            .verb_forms
            .iter()
            .any(|(b, f)| b == "lob" && f.contains(&"lobbed".to_string())));
        let mut reasons: Vec<&str> = p.skipped.iter().map(|s| s.reason).collect();
        reasons.sort();
        assert_eq!(
            reasons,
            vec![
                "multi-word verb with the verb last (RE_+VERB)",
                "null code [---]",
                "source and target both after the verb",
                "unsupported token (%, …)",
                "verb transformation (not supported)",
                "words or target before the verb",
            ]
        );
    }

    #[test]
    fn verbs_join_a_lexicon() {
        let p = loaded_verbs();
        let mut b = VerbLexicon::builder();
        let added = p.add_verbs_to(&mut b);
        assert_eq!(added, p.verb_patterns.len());
        assert_eq!(p.add_verbs_to(&mut b), 0, "duplicates are not added twice");
        let lex = b.build();
        assert!(lex.word_matches("lobbed", None, "lob"));
        assert!(!lex.triggered_by("bombard").is_empty());
    }

    #[test]
    fn synset_expansion_is_capped() {
        let mut text = String::from("&BIG\n");
        for i in 0..40 {
            text.push_str(&format!("+THING{}\n", char::from(b'A' + (i % 26) as u8)));
            text.push_str(&format!("+ITEM{}\n", char::from(b'A' + (i % 26) as u8)));
        }
        text.push_str("--- GIVE [070] ---\nGIVE\n- * &BIG (TO +) [071]\n");
        let mut p = PetrarchDictionaries::default();
        p.read_verbs("t.verbs.txt", &text, &Codebook::default())
            .unwrap();
        assert_eq!(p.verb_patterns.len(), 1 + MAX_EXPANSIONS);
        assert_eq!(p.truncated_expansions, 52 - MAX_EXPANSIONS);
    }

    #[test]
    fn discards_and_errors() {
        let mut p = PetrarchDictionaries::default();
        p.read_discards("d.txt", "+WORLD_CUP # sport\nBASEBALL_\nYEARS LATER\n")
            .unwrap();
        assert_eq!(p.discards.len(), 3);
        assert!(p.discards[0].whole_story && !p.discards[0].exact);
        assert_eq!(p.discards[1].phrase, "BASEBALL");
        assert!(p.discards[1].exact);
        let err = PetrarchDictionaries::default()
            .read_actors("x.actors.txt", "A_ [USA]\n<!-- never closed\nB_ [USA]\n")
            .unwrap_err();
        assert_eq!((err.file(), err.line()), ("x.actors.txt", 2));
        assert_eq!(petrarch_date("090120"), Some(20090120));
        assert_eq!(petrarch_date("510724"), Some(19510724));
        assert_eq!(petrarch_date("19411207"), Some(19411207));
        assert_eq!(petrarch_date("100229"), None);
        assert_eq!(petrarch_date("1234567"), None);
        assert_eq!(
            FileKind::of("Phoenix.Countries.actors.txt"),
            Some(FileKind::Actors)
        );
        assert_eq!(FileKind::of("CAMEO.2.0.txt"), Some(FileKind::Verbs));
        assert_eq!(FileKind::of("Phoenix.IssueCoding.txt"), None);
    }
}

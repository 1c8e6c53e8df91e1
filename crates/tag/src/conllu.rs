//! Reading and writing CoNLL-U.
//!
//! Sentences keep their comment lines, multiword-token lines (`1-2`) and empty nodes
//! (`1.1`) untouched, so that a file can be read, annotated and written back with the
//! same tokens.

/// One syntactic word: the ten CoNLL-U columns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    /// Column 1, the 1-based word index within its sentence.
    pub id: usize,
    /// Column 2.
    pub form: String,
    /// Column 3.
    pub lemma: String,
    /// Column 4.
    pub upos: String,
    /// Column 5.
    pub xpos: String,
    /// Column 6.
    pub feats: String,
    /// Column 7 (`_` or a number).
    pub head: String,
    /// Column 8.
    pub deprel: String,
    /// Column 9.
    pub deps: String,
    /// Column 10 (holds `SpaceAfter=No`).
    pub misc: String,
}

impl Word {
    /// The head as a number, if column 7 holds one.
    pub fn head_index(&self) -> Option<usize> {
        self.head.parse().ok()
    }

    /// Whether MISC says there is no space after this word.
    pub fn no_space_after(&self) -> bool {
        self.misc.split('|').any(|m| m == "SpaceAfter=No")
    }

    fn line(&self) -> String {
        format!(
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            self.id,
            self.form,
            self.lemma,
            self.upos,
            self.xpos,
            self.feats,
            self.head,
            self.deprel,
            self.deps,
            self.misc
        )
    }
}

/// One line of a sentence body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Line {
    /// A syntactic word.
    Word(Word),
    /// A multiword-token line or empty node, kept verbatim.
    Other(String),
}

/// One sentence: comments, then lines.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sentence {
    /// Comment lines, with their leading `#`.
    pub comments: Vec<String>,
    /// Word lines, multiword-token lines and empty nodes, in order.
    pub lines: Vec<Line>,
}

impl Sentence {
    /// The syntactic words.
    pub fn words(&self) -> impl Iterator<Item = &Word> {
        self.lines.iter().filter_map(|l| match l {
            Line::Word(w) => Some(w),
            Line::Other(_) => None,
        })
    }

    /// The syntactic words, mutably.
    pub fn words_mut(&mut self) -> impl Iterator<Item = &mut Word> {
        self.lines.iter_mut().filter_map(|l| match l {
            Line::Word(w) => Some(w),
            Line::Other(_) => None,
        })
    }

    /// The forms of the syntactic words.
    pub fn forms(&self) -> Vec<&str> {
        self.words().map(|w| w.form.as_str()).collect()
    }
}

/// A malformed line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// 1-based line number.
    pub line: usize,
    /// What was wrong.
    pub message: String,
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for ParseError {}

/// Reads CoNLL-U text. Lines with fewer than ten columns are padded with `_` (so a file
/// with only ids and forms can be read); a word line whose id is not a number is an
/// error.
pub fn read(input: &str) -> Result<Vec<Sentence>, ParseError> {
    let mut out = Vec::new();
    let mut cur = Sentence::default();
    for (n, raw) in input.lines().enumerate() {
        let line = raw.trim_end_matches('\r');
        if line.trim().is_empty() {
            if !cur.lines.is_empty() || !cur.comments.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if line.starts_with('#') {
            cur.comments.push(line.to_string());
            continue;
        }
        let mut cols: Vec<&str> = line.split('\t').collect();
        if cols.len() > 10 {
            return Err(ParseError {
                line: n + 1,
                message: format!("{} columns, expected 10", cols.len()),
            });
        }
        let idc = cols[0];
        if idc.contains('-') || idc.contains('.') {
            cur.lines.push(Line::Other(line.to_string()));
            continue;
        }
        let id: usize = idc.parse().map_err(|_| ParseError {
            line: n + 1,
            message: format!("bad word id {idc:?}"),
        })?;
        if cols.len() < 2 {
            return Err(ParseError {
                line: n + 1,
                message: "no FORM column".into(),
            });
        }
        cols.resize(10, "_");
        cur.lines.push(Line::Word(Word {
            id,
            form: cols[1].to_string(),
            lemma: cols[2].to_string(),
            upos: cols[3].to_string(),
            xpos: cols[4].to_string(),
            feats: cols[5].to_string(),
            head: cols[6].to_string(),
            deprel: cols[7].to_string(),
            deps: cols[8].to_string(),
            misc: cols[9].to_string(),
        }));
    }
    if !cur.lines.is_empty() || !cur.comments.is_empty() {
        out.push(cur);
    }
    Ok(out)
}

/// Writes sentences as CoNLL-U, each followed by a blank line.
pub fn write(sentences: &[Sentence]) -> String {
    let mut s = String::new();
    for sent in sentences {
        for c in &sent.comments {
            s.push_str(c);
            s.push('\n');
        }
        for l in &sent.lines {
            match l {
                Line::Word(w) => s.push_str(&w.line()),
                Line::Other(o) => s.push_str(o),
            }
            s.push('\n');
        }
        s.push('\n');
    }
    s
}

//! dyad stage: tag. A greedy averaged-perceptron POS tagger (UPOS + PTB XPOS), a
//! rule-and-exception lemmatizer and a greedy arc-hybrid labelled dependency parser,
//! all trained in this repository from UD English-EWT (see `docs/parser.md`).
//!
//! ```no_run
//! use dyad_tag::Model;
//! let model = Model::embedded();
//! let (tags, deps) = model.analyze(&["Rebels", "attacked", "the", "town", "."]);
//! assert_eq!(tags.len(), 5);
//! assert_eq!(deps.len(), 5);
//! ```
#![deny(missing_docs)]

pub mod conllu;
mod hash;
mod io;
mod lemma;
mod parser;
mod perceptron;
mod tagger;
mod train;

use std::sync::OnceLock;

use dyad_tag_api::{Dependency, Parser, PosTag, Tagger, Upos};

pub use train::{train, TrainConfig, TrainError};

const MAGIC: &[u8; 8] = b"DYADTAG1";

/// The committed model, trained on UD English-EWT (CC BY-SA 4.0).
static EMBEDDED_BYTES: &[u8] = include_bytes!("../model/en_ewt.dyadmodel");

/// Why a model could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ModelError {
    /// The bytes are not a dyad-tag model.
    BadMagic,
    /// The bytes are truncated or inconsistent.
    Format(String),
}

impl std::fmt::Display for ModelError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ModelError::BadMagic => write!(f, "not a dyad-tag model (bad magic)"),
            ModelError::Format(m) => write!(f, "malformed dyad-tag model: {m}"),
        }
    }
}

impl std::error::Error for ModelError {}

/// A trained tagger, lemmatizer and parser.
///
/// Implements [`Tagger`] and [`Parser`]; [`Model::analyze`] does both at once.
pub struct Model {
    tagger: tagger::TaggerModel,
    lemmatizer: lemma::Lemmatizer,
    parser: parser::ParserModel,
    /// Tag hash per tagger class, for the parser.
    class_tag_hash: Vec<[u64; 2]>,
    /// XPOS name per tagger class, interned.
    class_xpos: Vec<&'static str>,
    /// Dependency label names, interned.
    label_names: Vec<&'static str>,
    info: String,
}

/// The one `'static` copy of a tag or label name. Names are interned process-wide, so
/// loading a model again allocates nothing new; a model has a few dozen distinct names,
/// so the set stays small.
fn intern(name: &str) -> &'static str {
    use std::collections::HashSet;
    use std::sync::Mutex;
    static NAMES: OnceLock<Mutex<HashSet<&'static str>>> = OnceLock::new();
    let mut set = NAMES
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    if let Some(&s) = set.get(name) {
        return s;
    }
    let s: &'static str = Box::leak(name.to_owned().into_boxed_str());
    set.insert(s);
    s
}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Model")
            .field("info", &self.info)
            .field("tagger_weights", &self.tagger.sizes())
            .field("parser_weights", &self.parser.sizes())
            .finish()
    }
}

impl Model {
    fn assemble(
        tagger: tagger::TaggerModel,
        lemmatizer: lemma::Lemmatizer,
        parser: parser::ParserModel,
        info: String,
    ) -> Model {
        let class_tag_hash = tagger
            .classes
            .iter()
            .map(|(u, x)| parser::tag_hash(u.as_str(), x))
            .collect();
        let class_xpos = tagger.classes.iter().map(|(_, x)| intern(x)).collect();
        let label_names = parser.labels.iter().map(|l| intern(l)).collect();
        Model {
            tagger,
            lemmatizer,
            parser,
            class_tag_hash,
            class_xpos,
            label_names,
            info,
        }
    }

    /// Loads a model from the bytes of a `.dyadmodel` file.
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, ModelError> {
        let mut r = io::Reader::new(bytes);
        if r.bytes(8).map_err(|_| ModelError::BadMagic)? != MAGIC {
            return Err(ModelError::BadMagic);
        }
        let info = r.str()?;
        let tagger = tagger::TaggerModel::read(&mut r)?;
        let lemmatizer = lemma::Lemmatizer::read(&mut r)?;
        let parser = parser::ParserModel::read(&mut r)?;
        if !r.is_empty() {
            return Err(ModelError::Format("trailing bytes".into()));
        }
        Ok(Model::assemble(tagger, lemmatizer, parser, info))
    }

    /// The model's bytes, as [`Model::from_bytes`] reads them.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = io::Writer::default();
        w.buf.extend_from_slice(MAGIC);
        w.str(&self.info);
        self.tagger.write(&mut w);
        self.lemmatizer.write(&mut w);
        self.parser.write(&mut w);
        w.buf
    }

    /// The model committed in `crates/tag/model/en_ewt.dyadmodel`, loaded on first use.
    ///
    /// # Panics
    /// If the embedded file is not a valid model (a build-time packaging error).
    pub fn embedded() -> &'static Model {
        static MODEL: OnceLock<Model> = OnceLock::new();
        MODEL.get_or_init(|| {
            Model::from_bytes(EMBEDDED_BYTES).expect("embedded dyad-tag model is invalid")
        })
    }

    /// Drops parser weights whose magnitude is below `min_abs` (a smaller, faster model,
    /// usually at a small cost in accuracy). Returns the (features, weights) kept.
    pub fn prune_parser(&mut self, min_abs: f32) -> (usize, usize) {
        if let Some(p) = parser::ParserModel::mean(std::slice::from_ref(&self.parser), min_abs) {
            self.parser = p;
        }
        self.parser.sizes()
    }

    /// A free-text description of how the model was trained.
    pub fn info(&self) -> &str {
        &self.info
    }

    /// The dependency labels the parser can produce.
    pub fn labels(&self) -> &[String] {
        &self.parser.labels
    }

    fn tag_classes(&self, words: &[&str]) -> Vec<u16> {
        let mut out = Vec::with_capacity(words.len());
        self.tagger.predict(words, &mut out);
        out
    }

    /// Tag classes, and the parser's tag hashes (with the tagger's runner-ups).
    fn tag_for_parse(&self, words: &[&str]) -> (Vec<u16>, Vec<[u64; 3]>) {
        let mut out = Vec::with_capacity(words.len());
        let mut alt = Vec::with_capacity(words.len());
        self.tagger.predict_alt(words, &mut out, &mut alt);
        let th = out
            .iter()
            .zip(&alt)
            .map(|(&c, &a)| {
                parser::tags3(
                    self.class_tag_hash[c as usize],
                    self.class_tag_hash[a as usize],
                )
            })
            .collect();
        (out, th)
    }

    fn pos_tags(&self, words: &[&str], classes: &[u16]) -> Vec<PosTag> {
        words
            .iter()
            .zip(classes)
            .map(|(w, &c)| {
                let c = c as usize;
                let xpos = self.class_xpos[c];
                PosTag {
                    upos: self.tagger.classes[c].0,
                    xpos,
                    lemma: self.lemmatizer.lemma(w, xpos),
                }
            })
            .collect()
    }

    fn deps(&self, heads: Vec<u32>, labels: Vec<u16>) -> Vec<Dependency> {
        heads
            .into_iter()
            .zip(labels)
            .map(|(h, l)| Dependency {
                head: h as usize,
                deprel: self.label_names[l as usize],
            })
            .collect()
    }

    /// Tags and parses one sentence.
    pub fn analyze(&self, words: &[&str]) -> (Vec<PosTag>, Vec<Dependency>) {
        let (classes, th) = self.tag_for_parse(words);
        let wh: Vec<[u64; 2]> = words.iter().map(|w| parser::word_hash(w)).collect();
        let (heads, labels) = self.parser.parse(&wh, &th);
        (self.pos_tags(words, &classes), self.deps(heads, labels))
    }

    /// Heads and label ids only (no strings built): the hot path for benchmarks.
    pub fn analyze_ids(&self, words: &[&str]) -> (Vec<u16>, Vec<u32>, Vec<u16>) {
        let (classes, th) = self.tag_for_parse(words);
        let wh: Vec<[u64; 2]> = words.iter().map(|w| parser::word_hash(w)).collect();
        let (heads, labels) = self.parser.parse(&wh, &th);
        (classes, heads, labels)
    }
}

impl Tagger for Model {
    fn tag(&self, words: &[&str]) -> Vec<PosTag> {
        let classes = self.tag_classes(words);
        self.pos_tags(words, &classes)
    }
}

impl Parser for Model {
    /// Parses with the given tags. The parser also looks at the tagger's runner-up tag of
    /// each word, so the tagger is run too: with tags from this model's own tagger the
    /// result equals [`Model::analyze`]'s.
    fn parse(&self, words: &[&str], tags: &[PosTag]) -> Vec<Dependency> {
        let wh: Vec<[u64; 2]> = words.iter().map(|w| parser::word_hash(w)).collect();
        let mut best = Vec::with_capacity(words.len());
        let mut alt = Vec::with_capacity(words.len());
        self.tagger.predict_alt(words, &mut best, &mut alt);
        let th: Vec<[u64; 3]> = (0..words.len())
            .map(|i| {
                let t = match tags.get(i) {
                    Some(t) => parser::tag_hash(t.upos.as_str(), t.xpos),
                    None => parser::tag_hash(Upos::X.as_str(), "_"),
                };
                let mine = self.class_tag_hash[best[i] as usize];
                // runner-up: the tagger's second choice if it agrees with `tags`, else its first
                let a = if mine == t {
                    self.class_tag_hash[alt[i] as usize]
                } else {
                    mine
                };
                parser::tags3(t, a)
            })
            .collect();
        let (heads, labels) = self.parser.parse(&wh, &th);
        self.deps(heads, labels)
    }
}

/// Fills LEMMA, UPOS, XPOS, HEAD and DEPREL of every syntactic word of a CoNLL-U
/// document with the model's predictions, keeping the tokens, comments, multiword-token
/// lines, empty nodes and MISC. FEATS and DEPS are set to `_` (they are not predicted).
pub fn try_annotate_conllu(model: &Model, input: &str) -> Result<String, conllu::ParseError> {
    let mut sents = conllu::read(input)?;
    for s in &mut sents {
        let forms: Vec<String> = s.words().map(|w| w.form.clone()).collect();
        let words: Vec<&str> = forms.iter().map(|f| f.as_str()).collect();
        if words.is_empty() {
            continue;
        }
        let (tags, deps) = model.analyze(&words);
        for ((w, t), d) in s.words_mut().zip(tags).zip(deps) {
            w.lemma = t.lemma;
            w.upos = t.upos.as_str().to_string();
            w.xpos = t.xpos.to_string();
            w.feats = "_".into();
            w.head = d.head.to_string();
            w.deprel = d.deprel.to_string();
            w.deps = "_".into();
        }
    }
    Ok(conllu::write(&sents))
}

/// [`try_annotate_conllu`] for input known to be well-formed.
///
/// # Panics
/// If a line has more than ten columns or a word id that is not a number.
pub fn annotate_conllu(model: &Model, input: &str) -> String {
    try_annotate_conllu(model, input).unwrap_or_else(|e| panic!("malformed CoNLL-U: {e}"))
}

//! Training the whole model from CoNLL-U files.

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::time::Instant;

use dyad_tag_api::Upos;

use crate::conllu::{self, Sentence};
use crate::lemma::Lemmatizer;
use crate::parser::{self, ParseSent, ParserTrain};
use crate::tagger::{self, TagSent};
use crate::Model;

/// Settings for [`train`].
#[derive(Clone, Debug)]
pub struct TrainConfig {
    /// Training treebank (CoNLL-U).
    pub train: PathBuf,
    /// Development treebank, used only to pick the best epoch.
    pub dev: Option<PathBuf>,
    /// Seed for shuffling and exploration; training is deterministic given the seed.
    pub seed: u64,
    /// Tagger epochs.
    pub tagger_epochs: usize,
    /// Parser epochs.
    pub parser_epochs: usize,
    /// Folds for jackknifed tags for parser training (0 or 1: gold tags).
    pub folds: usize,
    /// Worker threads for the jackknife folds.
    pub threads: usize,
    /// Probability of following the model's prediction during exploration.
    pub explore_p: f64,
    /// First parser epoch with exploration (0 = never).
    pub explore_from: usize,
    /// Print progress to stderr.
    pub verbose: bool,
    /// Train this many final taggers (per pass) with different seeds and average them.
    pub tagger_ensemble: usize,
    /// Train this many parsers with different seeds and average their weights.
    pub parser_ensemble: usize,
    /// Run the first tagger pass right to left (only with `two_pass`).
    pub reverse_first: bool,
    /// Parser: words seen fewer times than this in training become a "rare" word.
    pub parser_min_count: u32,
    /// Parser: averaged weights with a smaller magnitude are dropped.
    pub prune: f32,
    /// Train a second tagger pass that sees the first pass's tags (needs folds >= 2).
    pub two_pass: bool,
    /// Words seen fewer times than this in training get no word-identity features.
    pub min_count: u32,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            train: PathBuf::from("en_ewt-ud-train.conllu"),
            dev: None,
            seed: 1,
            tagger_epochs: 8,
            parser_epochs: 12,
            folds: 5,
            threads: 2,
            explore_p: 1.0,
            explore_from: 2,
            verbose: true,
            min_count: 3,
            two_pass: true,
            reverse_first: false,
            parser_ensemble: 1,
            tagger_ensemble: 1,
            parser_min_count: 2,
            prune: 1.0,
        }
    }
}

/// Why training failed.
#[derive(Debug)]
pub enum TrainError {
    /// A file could not be read.
    Io(PathBuf, std::io::Error),
    /// A file is not valid CoNLL-U.
    Conllu(PathBuf, conllu::ParseError),
    /// The training data is unusable (empty, or too many classes).
    Data(String),
}

impl std::fmt::Display for TrainError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TrainError::Io(p, e) => write!(f, "{}: {e}", p.display()),
            TrainError::Conllu(p, e) => write!(f, "{}: {e}", p.display()),
            TrainError::Data(m) => write!(f, "{m}"),
        }
    }
}

impl std::error::Error for TrainError {}

fn load(path: &PathBuf) -> Result<Vec<Sentence>, TrainError> {
    let text = std::fs::read_to_string(path).map_err(|e| TrainError::Io(path.clone(), e))?;
    let sents = conllu::read(&text).map_err(|e| TrainError::Conllu(path.clone(), e))?;
    Ok(sents
        .into_iter()
        .filter(|s| s.words().count() > 0)
        .collect())
}

struct Tables {
    classes: Vec<(Upos, String)>,
    class_ids: HashMap<(Upos, String), u16>,
    labels: Vec<String>,
    label_ids: HashMap<String, u16>,
}

impl Tables {
    fn class(&self, w: &conllu::Word) -> u16 {
        let u = Upos::parse(&w.upos).unwrap_or(Upos::X);
        *self.class_ids.get(&(u, w.xpos.clone())).unwrap_or(&0)
    }
    fn label(&self, w: &conllu::Word) -> u16 {
        *self.label_ids.get(&w.deprel).unwrap_or(&0)
    }
}

fn tag_sents(sents: &[Sentence], t: &Tables) -> Vec<TagSent> {
    sents
        .iter()
        .map(|s| TagSent {
            forms: s.words().map(|w| w.form.clone()).collect(),
            gold: s.words().map(|w| t.class(w)).collect(),
            pre: None,
        })
        .collect()
}

fn parse_sent(s: &Sentence, t: &Tables, tags: &[u16], alts: &[u16]) -> ParseSent {
    let n = s.words().count();
    let th = |c: u16| {
        let (u, x) = &t.classes[c as usize];
        parser::tag_hash(u.as_str(), x)
    };
    ParseSent {
        words: s.words().map(|w| parser::word_hash(&w.form)).collect(),
        tags: tags
            .iter()
            .zip(alts)
            .map(|(&c, &a)| parser::tags3(th(c), th(a)))
            .collect(),
        heads: s
            .words()
            .map(|w| w.head_index().filter(|&h| h <= n).unwrap_or(0) as u32)
            .collect(),
        labels: s.words().map(|w| t.label(w)).collect(),
    }
}

type TagsAlts = (Vec<u16>, Vec<u16>);

fn predict_all_alt(model: &tagger::TaggerModel, sents: &[TagSent]) -> Vec<TagsAlts> {
    sents
        .iter()
        .map(|s| {
            let words: Vec<&str> = s.forms.iter().map(|f| f.as_str()).collect();
            let (mut o, mut a) = (Vec::new(), Vec::new());
            model.predict_alt(&words, &mut o, &mut a);
            (o, a)
        })
        .collect()
}

fn predict_all(model: &tagger::TaggerModel, sents: &[TagSent]) -> Vec<Vec<u16>> {
    let mut out = Vec::with_capacity(sents.len());
    for s in sents {
        let words: Vec<&str> = s.forms.iter().map(|f| f.as_str()).collect();
        let mut o = Vec::new();
        model.predict(&words, &mut o);
        out.push(o);
    }
    out
}

/// Trains tagger, lemmatizer and parser. Deterministic for a given config.
pub fn train(cfg: &TrainConfig) -> Result<Model, TrainError> {
    let t0 = Instant::now();
    let verbose = cfg.verbose;
    let mut log = move |s: String| {
        if verbose {
            eprintln!("[{:7.1}s] {s}", t0.elapsed().as_secs_f64());
        }
    };
    let train = load(&cfg.train)?;
    let dev = match &cfg.dev {
        Some(p) => load(p)?,
        None => Vec::new(),
    };
    if train.is_empty() {
        return Err(TrainError::Data("no training sentences".into()));
    }
    let mut cset = BTreeSet::new();
    let mut lset = BTreeSet::new();
    for s in &train {
        for w in s.words() {
            cset.insert((Upos::parse(&w.upos).unwrap_or(Upos::X), w.xpos.clone()));
            lset.insert(w.deprel.clone());
        }
    }
    let classes: Vec<(Upos, String)> = cset.into_iter().collect();
    let labels: Vec<String> = lset.into_iter().collect();
    if classes.len() > 255 || 4 + 2 * labels.len() > 255 {
        return Err(TrainError::Data(format!(
            "too many classes: {} tags, {} labels",
            classes.len(),
            labels.len()
        )));
    }
    let tables = Tables {
        class_ids: classes
            .iter()
            .enumerate()
            .map(|(i, c)| (c.clone(), i as u16))
            .collect(),
        classes,
        label_ids: labels
            .iter()
            .enumerate()
            .map(|(i, l)| (l.clone(), i as u16))
            .collect(),
        labels,
    };
    log(format!(
        "{} train / {} dev sentences, {} tag classes, {} labels",
        train.len(),
        dev.len(),
        tables.classes.len(),
        tables.labels.len()
    ));
    let train_tags = tag_sents(&train, &tables);
    let dev_tags = tag_sents(&dev, &tables);

    // lemmatizer
    let lemmatizer = Lemmatizer::train(train.iter().flat_map(|s| {
        s.words()
            .map(|w| (w.form.as_str(), w.xpos.as_str(), w.lemma.as_str()))
    }));
    if !dev.is_empty() {
        let (mut ok, mut n) = (0, 0);
        for s in &dev {
            for w in s.words() {
                n += 1;
                ok += (lemmatizer.lemma(&w.form, &w.xpos) == w.lemma) as usize;
            }
        }
        log(format!(
            "lemmatizer dev accuracy with gold XPOS: {:.4}",
            ok as f64 / n as f64
        ));
    }

    // Tagger: a first pass, then (if `two_pass`) a second pass that also sees the
    // first pass's tags of the following words. Parser training tags are jackknifed.
    let k = cfg.folds;
    let threads = cfg.threads.max(1);
    let train_minus = |f: usize, pre: Option<&Vec<Vec<u16>>>| -> Vec<TagSent> {
        train_tags
            .iter()
            .enumerate()
            .filter(|(i, _)| k < 2 || i % k != f)
            .map(|(i, s)| TagSent {
                forms: s.forms.clone(),
                gold: s.gold.clone(),
                pre: pre.map(|p| p[i].clone()),
            })
            .collect()
    };
    let with_pre = |sents: &[TagSent], pre: Vec<Vec<u16>>| -> Vec<TagSent> {
        sents
            .iter()
            .zip(pre)
            .map(|(s, p)| TagSent {
                forms: s.forms.clone(),
                gold: s.gold.clone(),
                pre: Some(p),
            })
            .collect()
    };
    // runs `job` for each fold, `threads` at a time, in fold order
    let per_fold =
        |job: &(dyn Fn(usize) -> tagger::TaggerModel + Sync)| -> Vec<tagger::TaggerModel> {
            let mut out = Vec::new();
            let folds: Vec<usize> = (0..k).collect();
            for chunk in folds.chunks(threads) {
                let ms: Vec<tagger::TaggerModel> = std::thread::scope(|sc| {
                    let hs: Vec<_> = chunk.iter().map(|&f| sc.spawn(move || job(f))).collect();
                    hs.into_iter()
                        .map(|h| h.join().expect("fold thread"))
                        .collect()
                });
                out.extend(ms);
            }
            out
        };
    // predictions of each fold's model on its held-out sentences
    let held_out = |models: &[tagger::TaggerModel]| -> Vec<Vec<u16>> {
        train_tags
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let words: Vec<&str> = s.forms.iter().map(|f| f.as_str()).collect();
                let mut o = Vec::new();
                models[i % k].predict(&words, &mut o);
                o
            })
            .collect()
    };
    let held_out_alt = |models: &[tagger::TaggerModel]| -> Vec<TagsAlts> {
        train_tags
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let words: Vec<&str> = s.forms.iter().map(|f| f.as_str()).collect();
                let (mut o, mut a) = (Vec::new(), Vec::new());
                models[i % k].predict_alt(&words, &mut o, &mut a);
                (o, a)
            })
            .collect()
    };
    let report = |name: &str, pred: &[Vec<u16>]| -> String {
        let (mut ok, mut n) = (0usize, 0usize);
        for (p, s) in pred.iter().zip(&train_tags) {
            ok += p.iter().zip(&s.gold).filter(|(a, b)| a == b).count();
            n += p.len();
        }
        format!(
            "{name}: jackknifed ({k} folds) train tag accuracy {:.4}",
            ok as f64 / n as f64
        )
    };
    let mut tlog = |s: String| log(s);
    // the first pass runs right to left if `reverse_first` (its sentences are reversed)
    let rev = cfg.two_pass && cfg.reverse_first;
    let flip = |sents: &[TagSent]| -> Vec<TagSent> {
        sents
            .iter()
            .map(|s| TagSent {
                forms: if rev {
                    s.forms.iter().rev().cloned().collect()
                } else {
                    s.forms.clone()
                },
                gold: if rev {
                    s.gold.iter().rev().copied().collect()
                } else {
                    s.gold.clone()
                },
                pre: None,
            })
            .collect()
    };
    let dev_first = flip(&dev_tags);
    // the final taggers may be a mix of several seeds (parameter mixing)
    let mixed = |train: &[TagSent],
                 dev: &[TagSent],
                 seed: u64,
                 log: &mut dyn FnMut(String)|
     -> tagger::TaggerModel {
        let n = cfg.tagger_ensemble.max(1) as u64;
        let models: Vec<tagger::TaggerModel> = (0..n)
            .map(|i| {
                let mut quiet = |_| {};
                let l: &mut dyn FnMut(String) = if i == 0 { &mut *log } else { &mut quiet };
                tagger::train(
                    &tables.classes,
                    train,
                    dev,
                    cfg.tagger_epochs,
                    seed.wrapping_add(500 * i),
                    cfg.min_count,
                    l,
                )
            })
            .collect();
        tagger::TaggerModel::mean(models).expect("at least one tagger")
    };
    let mut t1 = mixed(&flip(&train_tags), &dev_first, cfg.seed, &mut tlog);
    if cfg.tagger_ensemble > 1 {
        let (acc, uacc) = tagger::accuracy(&t1, &dev_first);
        tlog(format!(
            "mixed first pass ({} seeds): dev acc {acc:.4} (UPOS {uacc:.4})",
            cfg.tagger_ensemble
        ));
    }
    t1.reverse = rev;
    let folds_ok = k >= 2;
    let t1_folds: Vec<tagger::TaggerModel> = if folds_ok {
        per_fold(&|f| {
            let mut m = tagger::train(
                &tables.classes,
                &flip(&train_minus(f, None)),
                &dev_first,
                cfg.tagger_epochs,
                cfg.seed.wrapping_add(f as u64 + 1),
                cfg.min_count,
                &mut |_| {},
            );
            m.reverse = rev;
            m
        })
    } else {
        Vec::new()
    };
    let j1 = if folds_ok {
        Some(held_out(&t1_folds))
    } else {
        None
    };
    if let Some(j) = &j1 {
        log(report("first pass", j));
    }
    let (tagger, train_pred) = if cfg.two_pass && folds_ok {
        let j1 = j1.expect("folds");
        let dev2 = with_pre(&dev_tags, predict_all(&t1, &dev_tags));
        let train2 = train_minus(usize::MAX, Some(&j1));
        let mut t2 = mixed(&train2, &dev2, cfg.seed.wrapping_add(100), &mut tlog);
        t2.first = Some(Box::new(t1));
        let t1_folds = std::sync::Mutex::new(t1_folds.into_iter().map(Some).collect::<Vec<_>>());
        let t2_folds = per_fold(&|f| {
            let mut m = tagger::train(
                &tables.classes,
                &train_minus(f, Some(&j1)),
                &dev2,
                cfg.tagger_epochs,
                cfg.seed.wrapping_add(101 + f as u64),
                cfg.min_count,
                &mut |_| {},
            );
            m.first = t1_folds.lock().expect("lock")[f].take().map(Box::new);
            m
        });
        let j2 = held_out_alt(&t2_folds);
        let tags: Vec<Vec<u16>> = j2.iter().map(|p| p.0.clone()).collect();
        log(report("second pass", &tags));
        (t2, j2)
    } else if folds_ok {
        (t1, held_out_alt(&t1_folds))
    } else {
        let gold = train_tags
            .iter()
            .map(|s| (s.gold.clone(), s.gold.clone()))
            .collect();
        (t1, gold)
    };
    {
        let (acc, uacc) = tagger::accuracy(&tagger, &dev_tags);
        log(format!("final tagger: dev acc {acc:.4} (UPOS {uacc:.4})"));
    }
    if cfg.parser_epochs == 0 {
        return Err(TrainError::Data(
            "parser epochs = 0: stopped after the tagger".into(),
        ));
    }
    let dev_pred = predict_all_alt(&tagger, &dev_tags);
    let ptrain: Vec<ParseSent> = train
        .iter()
        .zip(&train_pred)
        .map(|(s, p)| parse_sent(s, &tables, &p.0, &p.1))
        .collect();
    let pdev: Vec<ParseSent> = dev
        .iter()
        .zip(&dev_pred)
        .map(|(s, p)| parse_sent(s, &tables, &p.0, &p.1))
        .collect();
    let pcfg = ParserTrain {
        epochs: cfg.parser_epochs,
        seed: cfg.seed,
        explore_p: cfg.explore_p,
        explore_from: cfg.explore_from,
        min_count: cfg.parser_min_count,
        prune: cfg.prune,
    };
    let parser = if cfg.parser_ensemble <= 1 {
        parser::train(&tables.labels, &ptrain, &pdev, &pcfg, &mut log)
    } else {
        // parameter mixing: parsers trained with different seeds, weights averaged
        let seeds: Vec<u64> = (0..cfg.parser_ensemble as u64)
            .map(|i| cfg.seed.wrapping_add(1000 * i))
            .collect();
        let mut models = Vec::new();
        for chunk in seeds.chunks(threads) {
            let ms: Vec<parser::ParserModel> = std::thread::scope(|sc| {
                let hs: Vec<_> = chunk
                    .iter()
                    .map(|&seed| {
                        let (ptrain, pdev, labels) = (&ptrain, &pdev, &tables.labels);
                        let pcfg = ParserTrain { seed, ..pcfg };
                        sc.spawn(move || {
                            let mut l = |s: String| {
                                if verbose {
                                    eprintln!(
                                        "[{:7.1}s] seed {seed}: {s}",
                                        t0.elapsed().as_secs_f64()
                                    );
                                }
                            };
                            parser::train(labels, ptrain, pdev, &pcfg, &mut l)
                        })
                    })
                    .collect();
                hs.into_iter()
                    .map(|h| h.join().expect("parser thread"))
                    .collect()
            });
            models.extend(ms);
        }
        let mixed = parser::ParserModel::mean(&models, cfg.prune).expect("models");
        if !pdev.is_empty() {
            let (u, l) = parser::evaluate(&mixed, &pdev);
            log(format!(
                "mixed parser ({} seeds): dev UAS {u:.4} LAS(full) {l:.4}, {:?} kept",
                models.len(),
                mixed.sizes()
            ));
        }
        mixed
    };
    if !dev.is_empty() {
        let gold_dev: Vec<ParseSent> = dev
            .iter()
            .zip(&dev_tags)
            .map(|(s, t)| parse_sent(s, &tables, &t.gold, &t.gold))
            .collect();
        let (u, l) = parser::evaluate(&parser, &gold_dev);
        let (pu, pl) = parser::evaluate(&parser, &pdev);
        log(format!(
            "best parser on dev: UAS {pu:.4} LAS(full) {pl:.4} with predicted tags; UAS {u:.4} LAS(full) {l:.4} with gold tags"
        ));
    }
    let info = format!(
        "dyad-tag model; trained from {} with seed {}, tagger epochs {} (two passes: {}, mix of {}), \
         min count {}, parser epochs {}, folds {}, explore p={} from epoch {}, parser min count {}, \
         prune {}, mix of {} parsers; training took {:.0}s",
        cfg.train
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default(),
        cfg.seed,
        cfg.tagger_epochs,
        cfg.two_pass,
        cfg.tagger_ensemble.max(1),
        cfg.min_count,
        cfg.parser_epochs,
        cfg.folds,
        cfg.explore_p,
        cfg.explore_from,
        cfg.parser_min_count,
        cfg.prune,
        cfg.parser_ensemble.max(1),
        t0.elapsed().as_secs_f64()
    );
    log(info.clone());
    Ok(Model::assemble(tagger, lemmatizer, parser, info))
}

use std::collections::HashSet;

use dyad_dict::{ActorKind, DateKey, Dictionaries, PatternWord, VerbPattern};
use dyad_tag_api::{Dependency, PosTag, Upos};
use dyad_types::{ActorCode, ActorMention, CameoCode, Event, Modality, Sentence, Span, Token};

use crate::drops::{DropReason, Drops};
use crate::lexical::*;
use crate::mentions::{find_mentions, ArticleActors, Mention, THEY_COORDINATED};
use crate::roles::Tree;

/// What the tagger and parser say about one sentence.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SentenceAnalysis {
    /// One tag per token.
    pub tags: Vec<PosTag>,
    /// One dependency per token (empty when only a tagger ran).
    pub deps: Vec<Dependency>,
}

/// What the coder found in one article.
#[derive(Clone, Debug, Default)]
pub struct ArticleCoding {
    /// Every actor mention, in text order.
    pub mentions: Vec<ActorMention>,
    /// Coded events, in text order.
    pub events: Vec<Event>,
    /// Drops by reason.
    pub drops: Drops,
    /// The reporting source of each sentence ("X said"), by sentence index.
    pub attributions: Vec<Option<ActorMention>>,
    /// Who speaks in each sentence, for its quotations: the attribution, or the
    /// subject of a verb of speech ("Tapper wrote", "he tweeted"), or, for a partial
    /// quote, the sentence's first named actor.
    pub speakers: Vec<Option<ActorMention>>,
}

/// The event coder. Cheap to create; holds a reference to the dictionaries.
#[derive(Clone, Copy, Debug)]
pub struct Coder<'d> {
    dicts: &'d Dictionaries,
}

/// A verb pattern matched in a sentence.
#[derive(Clone, Debug)]
struct PatternHit {
    pattern: u32,
    /// Token positions of the pattern's words.
    words: Vec<usize>,
    /// Token range of the `*` slot, if the pattern has one.
    slot: Option<(usize, usize)>,
    /// The trigger is a noun ("talks with", "a visit to"), not a verb.
    nominal: bool,
}

impl PatternHit {
    fn trigger(&self) -> usize {
        self.words[0]
    }
    fn last(&self) -> usize {
        *self.words.last().unwrap_or(&self.words[0])
    }
}

/// Per-sentence view used while coding.
struct View<'a> {
    tokens: &'a [Token],
    lower: Vec<String>,
    /// POS tags of the sentence's tokens, when a tagger ran.
    tags: Option<&'a [PosTag]>,
    /// The dependency tree, when a parser ran.
    tree: Option<Tree>,
    s0: usize,
    s1: usize,
    /// For each token of the sentence, whether it sits inside quotation marks (computed
    /// once per sentence by [`quote_mask`]).
    quoted: Vec<bool>,
}

impl View<'_> {
    /// True when token `i` sits inside quotation marks.
    fn inside_quote(&self, i: usize) -> bool {
        self.quoted.get(i - self.s0).copied().unwrap_or(false)
    }

    fn upos(&self, i: usize) -> Option<Upos> {
        self.tags.and_then(|t| t.get(i - self.s0)).map(|t| t.upos)
    }

    /// True when a clause follows the word at `i`, so that a verb like "announced" or
    /// "claimed" reports it: "announced that …", "announced: …", "announced it would …".
    /// Time and place adjuncts between the verb and its clause are skipped: "announced on
    /// Tuesday that", "declared here Wednesday that".
    fn clause_follows(&self, i: usize) -> bool {
        let mut i = i;
        while i + 1 < self.s1 && is_report_adjunct(self.low(i + 1)) {
            i += 1;
        }
        matches!(self.low(i + 1), "that" | "," | ":" | "\"" | "\u{201c}")
            || matches!(self.low(i + 1), "it" | "they" | "he" | "she" | "we")
                && matches!(
                    self.low(i + 2),
                    "will"
                        | "would"
                        | "had"
                        | "has"
                        | "have"
                        | "was"
                        | "were"
                        | "is"
                        | "are"
                        | "could"
                        | "might"
                        | "may"
                )
    }

    fn low(&self, i: usize) -> &str {
        self.lower
            .get(i - self.s0)
            .map(String::as_str)
            .unwrap_or("")
    }
    /// The word before token `i` skipping determiners, if any. "of" after a quantity
    /// ("hundreds of UN troops") does not govern: the quantity is the mention's head.
    fn governing_word(&self, i: usize) -> Option<&str> {
        let mut j = i;
        while j > self.s0 {
            j -= 1;
            let w = self.low(j);
            // "of southern Serbia", "in the occupied West Bank": adjectives sit between
            // a preposition and its noun.
            // ("at least three civilians" is a quantity, not a place after "at").
            let adjective = matches!(self.upos(j), Some(Upos::Adj))
                && !matches!(
                    w,
                    "least" | "most" | "more" | "less" | "fewer" | "few" | "many"
                )
                && !is_quantity(w)
                || matches!(
                    w,
                    "northern"
                        | "southern"
                        | "eastern"
                        | "western"
                        | "central"
                        | "northeastern"
                        | "northwestern"
                        | "southeastern"
                        | "southwestern"
                );
            if !is_in(DETERMINERS, w) && !is_in(MODIFIERS, w) && !adjective {
                if w == "of" && j > self.s0 && is_quantity(self.low(j - 1)) {
                    return self.governing_word(j - 1);
                }
                return Some(w);
            }
        }
        None
    }
}

/// For each token of the sentence, whether it sits inside quotation marks. Curly quotes
/// say which way they face, so a sentence that starts inside a quotation opened in an
/// earlier sentence is read right; straight quotes toggle.
fn quote_mask(sentence: &[Token], opens_inside: bool) -> Vec<bool> {
    let first_curly = sentence
        .iter()
        .map(|t| t.form.as_str())
        .find(|f| matches!(*f, "\u{201c}" | "\u{201d}"));
    let mut open = first_curly == Some("\u{201d}") || first_curly.is_none() && opens_inside;
    let mut mask = vec![false; sentence.len()];
    for (i, t) in sentence.iter().enumerate() {
        match t.form.as_str() {
            "\u{201c}" => open = true,
            "\u{201d}" => open = false,
            f if is_quote_char(f) => open = !open,
            _ => mask[i] = open,
        }
    }
    mask
}

/// A run of capitalised words ending just before `at` (`before = true`) or starting at
/// `at`, as an unknown speaker's name ("Tapper", "Jake Tapper").
fn capitalized_run(v: &View<'_>, at: usize, before: bool) -> Option<ActorMention> {
    let cap = |i: usize| {
        let f = &v.tokens[i].form;
        f.chars().next().is_some_and(char::is_uppercase) && f.chars().any(char::is_lowercase)
    };
    let (a, b) = if before {
        let mut a = at;
        while a > v.s0 && at - a < 4 && cap(a - 1) {
            a -= 1;
        }
        (a, at)
    } else {
        let mut b = at;
        while b < v.s1 && b - at < 4 && cap(b) {
            b += 1;
        }
        (at, b)
    };
    if a >= b {
        return None;
    }
    let span = Span::new(v.tokens[a].span.start, v.tokens[b - 1].span.end);
    let name: Vec<&str> = (a..b).map(|k| v.tokens[k].form.as_str()).collect();
    Some(ActorMention {
        span,
        code: "---".parse().ok()?,
        name: name.join(" "),
        rule: "speaker:capitalized-name".to_string(),
        first_token: a,
        end_token: b,
    })
}

/// The name before an apposition that ends just before the verb at `i`: "Mr. Kelly, a
/// retired astronaut, said", "Abraham, 92, said". The apposition is at most ten words and
/// holds no quotation mark.
fn appositive_speaker(v: &View<'_>, i: usize) -> Option<ActorMention> {
    if i < v.s0 + 3 || v.low(i - 1) != "," {
        return None;
    }
    let mut k = i - 2;
    while k > v.s0 && i - k <= 11 {
        let f = v.tokens[k].form.as_str();
        if is_quote_char(f) || matches!(f, ";" | ":" | "." | "(" | ")") {
            return None;
        }
        if f == "," {
            return capitalized_run(v, k, true);
        }
        k -= 1;
    }
    None
}

/// Where the words that qualify the trigger `t` begin: after its source, or `back` tokens
/// before it when the source is elsewhere.
fn clause_start(
    v: &View<'_>,
    t: usize,
    mentions: &[Mention],
    sources: &[usize],
    back: usize,
) -> usize {
    sources
        .iter()
        .map(|&k| mentions[k].actor.end_token)
        .max()
        .filter(|&e| e <= t)
        .unwrap_or_else(|| t.saturating_sub(back).max(v.s0))
}

/// Quantities that head "X of Y" phrases.
fn is_quantity(w: &str) -> bool {
    w.chars().any(|c| c.is_ascii_digit()) && w.chars().all(|c| c.is_ascii_digit() || c == ',')
        || matches!(
            w,
            "hundreds"
                | "thousands"
                | "dozens"
                | "scores"
                | "millions"
                | "tens"
                | "some"
                | "many"
                | "most"
                | "all"
                | "one"
                | "two"
                | "three"
                | "four"
                | "five"
                | "several"
                | "none"
                | "members"
                | "member"
                | "group"
                | "groups"
                | "team"
                | "delegation"
                | "number"
                | "majority"
        )
}

fn is_quote_char(s: &str) -> bool {
    matches!(s, "\"" | "\u{201c}" | "\u{201d}" | "``" | "''")
}

impl<'d> Coder<'d> {
    /// A coder over `dicts`.
    pub fn new(dicts: &'d Dictionaries) -> Coder<'d> {
        Coder { dicts }
    }

    /// Codes one article. `tokens` and `sentences` come from the text stage;
    /// `analyses` holds one tag list and parse per sentence when the tagger and parser
    /// ran (it may be empty: the coder then guesses nouns from their context and
    /// actors' roles from their positions); `date` is the publication date (it picks
    /// the office holders of the day).
    pub fn code_article(
        &self,
        text: &str,
        tokens: &[Token],
        sentences: &[Sentence],
        analyses: &[SentenceAnalysis],
        date: Option<DateKey>,
    ) -> ArticleCoding {
        let mut out = ArticleCoding::default();
        let mut state = ArticleActors::default();
        let mut speaker: Option<(usize, ActorMention)> = None;
        let mut in_quote = false;
        for (si, s) in sentences.iter().enumerate() {
            if si == 0 || sentences[si - 1].paragraph != s.paragraph {
                in_quote = false;
            }
            let opens_inside = in_quote;
            for t in &tokens[s.first_token..s.end_token] {
                match t.form.as_str() {
                    "\u{201c}" | "``" => in_quote = true,
                    "\u{201d}" | "''" => in_quote = false,
                    "\"" => in_quote = !in_quote,
                    _ => {}
                }
            }
            let mut mentions = find_mentions(&self.dicts.actors, text, tokens, s, date, &mut state);
            localise_roles(&mut mentions, tokens, s.first_token);
            let view = View {
                quoted: quote_mask(&tokens[s.first_token..s.end_token], opens_inside),
                tokens,
                lower: tokens[s.first_token..s.end_token]
                    .iter()
                    .map(|t| t.form.to_lowercase().replace('\u{2019}', "'"))
                    .collect(),
                tags: analyses
                    .get(si)
                    .map(|a| a.tags.as_slice())
                    .filter(|t| t.len() == s.end_token - s.first_token),
                tree: analyses
                    .get(si)
                    .filter(|a| a.deps.len() == s.end_token - s.first_token)
                    .map(|a| Tree::new(s.first_token, &a.deps)),
                s0: s.first_token,
                s1: s.end_token,
            };
            // "military equipment", "naval exercises": a bare role adjective before a
            // common noun that is no actor describes the thing, it names nobody.
            mentions.retain(|m| {
                let i = m.actor.first_token;
                !(m.actor.end_token == i + 1
                    && !m.actor.rule.contains("countries.txt")
                    && is_in(ADJECTIVAL_ROLES, view.low(i))
                    && matches!(view.upos(i + 1), Some(Upos::Noun))
                    && view.low(i + 1).chars().all(char::is_alphabetic))
            });
            let (reporters, attribution, cue) = self.reporters(&view, &mentions);
            if let Some(a) = &attribution {
                speaker = Some((s.paragraph, a.clone()));
            }
            out.attributions.push(attribution.clone());
            out.speakers.push(
                attribution
                    .clone()
                    .or_else(|| self.speaker(&view, &mentions)),
            );
            // First-person pronouns inside quotes stand for the speaker.
            let quote_speaker = attribution.clone().or_else(|| {
                speaker
                    .as_ref()
                    .filter(|(p, _)| *p == s.paragraph)
                    .map(|(_, a)| a.clone())
            });
            if let Some(sp) = quote_speaker.filter(|a| a.code.has_principal()) {
                for (i, tok) in tokens.iter().enumerate().take(view.s1).skip(view.s0) {
                    let w = view.low(i);
                    if view.inside_quote(i) && matches!(w, "we" | "i") {
                        mentions.push(Mention {
                            actor: ActorMention {
                                span: tok.span,
                                code: sp.code.clone(),
                                name: sp.name.clone(),
                                rule: "quote:first-person".to_string(),
                                first_token: i,
                                end_token: i + 1,
                            },
                            kind: ActorKind::Person,
                            has_role: false,
                        });
                    }
                }
                mentions.sort_by_key(|m| m.actor.first_token);
            }
            let hits = self.find_patterns(&view, &mentions);
            if hits.is_empty() {
                out.drops.add(DropReason::SentenceWithoutPattern);
            } else if mentions.is_empty() {
                out.drops.add(DropReason::SentenceWithoutActor);
            }
            let mut used_as_target: HashSet<usize> = HashSet::new();
            let mut seen: HashSet<(String, String, CameoCode)> = HashSet::new();
            // The last accusation's end and whom it accused ("accused Israel of …").
            let mut accused: Option<(usize, Vec<usize>)> = None;
            // Where the last appeal or demand that controls an infinitive ends ("urged Iran
            // to"): the act right after it is only asked for.
            let mut requested: Option<usize> = None;
            // "demanded that the Taliban hand over bin Laden": the first act in a demand's or
            // appeal's "that"-clause is only asked for (the clause's first and last token).
            let mut requested_clause: Option<(usize, usize)> = None;
            // The sources of the last event with a source: the subject a participial
            // adjunct (", killing …") shares with its clause.
            let mut clause_sources: Vec<usize> = Vec::new();
            for (hi, hit) in hits.iter().enumerate() {
                let next_trigger = hits.get(hi + 1).map(|h| h.trigger());
                let p = self.dicts.verbs.pattern(hit.pattern);
                let asked_for = requested
                    .take()
                    .is_some_and(|end| hit.trigger() > end && hit.trigger() <= end + 3)
                    || requested_clause
                        .take()
                        .is_some_and(|(a, b)| hit.trigger() > a && hit.trigger() <= b);
                if matches!(p.code.root(), 2 | 10) && view.low(hit.last() + 1) == "that" {
                    let a = hit.last() + 1;
                    let b = (a + 1..view.s1)
                        .find(|&j| matches!(view.low(j), "," | ";" | "and" | "but"))
                        .unwrap_or(view.s1)
                        .min(a + 10);
                    requested_clause = Some((a, b));
                }
                if requests_infinitive(p) {
                    requested = Some(hit.last());
                } else if matches!(p.code.root(), 2 | 10) {
                    // "called on Israel and Hamas to agree a ceasefire": the actors appealed
                    // to, then the infinitive of the act asked for.
                    requested = infinitive_after_addressees(&view, hit.last(), &mentions);
                }
                // "Sudan must return the helicopter": the bare modal is the reporter's demand
                // only when no coded act follows it in its clause ("must negotiate" is 108)
                // and someone reports it.
                if is_bare_obligation(p) {
                    let act_follows = next_trigger.is_some_and(|n| {
                        n <= hit.last() + 6
                            && (hit.last() + 1..n)
                                .all(|j| !is_in(CLAUSE_BREAKS, view.low(j)) && view.low(j) != ",")
                    });
                    if act_follows || reporters_principal(&attribution).is_none() {
                        continue;
                    }
                }
                let asked_for = asked_for || asked_in_passive(&view, hit.trigger());
                if asked_for || requested_by_noun_clause(&view, hit.trigger()) {
                    out.drops.add(DropReason::RequestedAct);
                    continue;
                }
                // "a threat to boycott", "calls to free", "Iran's offer to mediate": an act
                // named by a noun's infinitive is asked for or intended, not done.
                let frame = noun_frame(&view, hit.trigger(), &mentions);
                match frame {
                    Some(NounFrame::Requested) => {
                        out.drops.add(DropReason::RequestedAct);
                        continue;
                    }
                    Some(NounFrame::Unowned) => {
                        out.drops.add(DropReason::UnownedIntent);
                        continue;
                    }
                    _ => {}
                }
                let passive = self.is_passive(&view, hit, &mentions);
                let adjunct = !hit.nominal
                    && !passive
                    && !clause_sources.is_empty()
                    && is_participial_adjunct(&view, hit.trigger());
                let (sources, targets) = if adjunct {
                    // "Rebels shelled the city, killing eight people": the participle's
                    // subject is the clause's.
                    let subj = clause_sources.clone();
                    let obj = self.object_after(
                        &view,
                        hit,
                        p,
                        &mentions,
                        &reporters,
                        &subj,
                        next_trigger,
                    );
                    (subj, obj)
                } else if hit.nominal {
                    // "attacks by militants": the agent follows the noun.
                    let by_agent = (view.low(hit.last() + 1) == "by")
                        .then(|| {
                            mentions.iter().position(|m| {
                                let f = m.actor.first_token;
                                f == hit.last() + 2
                                    || f == hit.last() + 3 && view.low(hit.last() + 2) == "the"
                            })
                        })
                        .flatten()
                        .filter(|k| !reporters.contains(k));
                    let src = match by_agent {
                        Some(k) => vec![k],
                        None => {
                            self.nominal_source(&view, hit, &mentions, &reporters, &used_as_target)
                        }
                    };
                    let obj =
                        self.object_after(&view, hit, p, &mentions, &reporters, &src, next_trigger);
                    (src, obj)
                } else if passive {
                    let mut agent = self.agent_after(&view, hit, &mentions, &reporters);
                    // "a mortar bomb was fired at Israel from the Gaza Strip": with no agent,
                    // the place an attack came from names its author.
                    if agent.is_empty() && matches!(p.code.root(), 18..=20) {
                        agent = fired_from(&view, hit, &mentions, &reporters);
                    }
                    // "a Houthi missile fired at Riyadh": the owner named before the weapon
                    // fired it, at the object after the pattern.
                    let mut owned_weapon = false;
                    if agent.is_empty() && matches!(p.code.root(), 18..=20) {
                        agent = weapon_owner(&view, hit.trigger(), &mentions, &reporters);
                        owned_weapon = !agent.is_empty();
                    }
                    // "rescued 30 schoolgirls kidnapped by Boko Haram": in a reduced relative
                    // the noun right before the participle undergoes it, even when it is
                    // an earlier verb's object.
                    let t = hit.trigger();
                    let head = mentions
                        .iter()
                        .position(|m| m.actor.end_token == t)
                        .filter(|&k| !reporters.contains(&k));
                    let subj = match head {
                        _ if owned_weapon => self.object_after(
                            &view,
                            hit,
                            p,
                            &mentions,
                            &reporters,
                            &agent,
                            next_trigger,
                        ),
                        Some(k) => vec![k],
                        None => {
                            self.subject_before(&view, t, &mentions, &reporters, &used_as_target)
                        }
                    };
                    (agent, subj)
                } else {
                    let subj = self.subject_before(
                        &view,
                        hit.trigger(),
                        &mentions,
                        &reporters,
                        &used_as_target,
                    );
                    let mut obj = self.object_after(
                        &view,
                        hit,
                        p,
                        &mentions,
                        &reporters,
                        &subj,
                        next_trigger,
                    );
                    // "Syria will withdraw its troops from Lebanon": the source's own part is
                    // not the target; look past it.
                    if !obj.is_empty()
                        && obj
                            .iter()
                            .all(|&t| subj.iter().any(|&s| is_self(&mentions[s], &mentions[t])))
                    {
                        let mut skip = subj.clone();
                        skip.extend(obj.iter().copied());
                        let further = self.object_after(
                            &view,
                            hit,
                            p,
                            &mentions,
                            &reporters,
                            &skip,
                            next_trigger,
                        );
                        obj = further.into_iter().filter(|k| !skip.contains(k)).collect();
                    }
                    (subj, obj)
                };
                // Where positions find no actor, the parse may: control ("urged X to"),
                // relative clauses, objects far from their verb.
                let (sources, targets) = if sources.is_empty() || targets.is_empty() {
                    match self.roles_from_tree(&view, hit, &mentions, &reporters) {
                        Some((src, tgt, _)) => {
                            let sources = if sources.is_empty() { src } else { sources };
                            let tgt: Vec<usize> =
                                tgt.into_iter().filter(|k| !sources.contains(k)).collect();
                            let targets = if targets.is_empty() { tgt } else { targets };
                            (sources, targets)
                        }
                        None => (sources, targets),
                    }
                } else {
                    (sources, targets)
                };
                // "China's threat to boycott": the owner of the intent acts.
                let (sources, targets) = match frame {
                    Some(NounFrame::Intended { owner: Some(k), .. }) => {
                        (vec![k], targets.into_iter().filter(|&t| t != k).collect())
                    }
                    _ => (sources, targets),
                };
                // "Obama and Putin said they will meet": "they" is both of them.
                let sources = widen_they(&view, &mentions, sources);
                let targets = widen_they(&view, &mentions, targets);
                // "X faced criticism from Y": Y acts on X.
                let (sources, targets) = if p.reverse && !targets.is_empty() {
                    (targets, sources)
                } else {
                    (sources, targets)
                };
                // A visit, an attended meeting, a protest or a show of force is directed at
                // the place where it happens ("visit to Beijing", "protest in Beijing").
                let targets = if targets.is_empty() && takes_place_as_target(p.code) {
                    self.place_after(&view, hit, &mentions, &reporters, &sources, next_trigger)
                } else {
                    targets
                };
                // "Amnesty complained that Croatian authorities are failing …": a complaint or
                // charge whose object is a clause is aimed at that clause's subject.
                // "Germany protested that Russia had violated the treaty": a protest whose
                // object is a clause is spoken, an official complaint (114), not a rally.
                let spoken_protest = p.code.as_str() == "140"
                    && p.words.len() == 1
                    && !hit.nominal
                    && view.clause_follows(hit.last());
                // "demanded that Russia return …": a demand or appeal is aimed at the subject
                // of its "that"-clause too.
                let clause_target = targets.is_empty()
                    && (p.code.root() == 11
                        || spoken_protest
                        || matches!(p.code.root(), 2 | 10) && view.low(hit.last() + 1) == "that")
                    && !hit.nominal
                    && view.clause_follows(hit.last());
                let targets = if clause_target {
                    self.clause_subject(&view, hit.last(), &mentions, &reporters, &sources)
                } else {
                    targets
                };
                // "X accused Israel of sabotaging the talks": the sabotage is alleged, and
                // Israel is its alleged source.
                let alleged = accused
                    .as_ref()
                    .filter(|(end, who)| {
                        hit.trigger() > *end && hit.trigger() <= *end + 2 && !who.is_empty()
                    })
                    .map(|(_, who)| who.clone());
                let accusation = matches!(p.code.root(), 11 | 12 | 17)
                    && matches!(p.words.last(), Some(PatternWord::Word(w)) if matches!(w.as_str(), "of" | "for" | "over"));
                // "jailed a Nigerian student for helping militants", "condemned Iran for
                // arming …", "vowed revenge against Israel for the killing": a punishment, a
                // reproach or a threat names its reason with "for", whose act is the target's.
                let reason_for = (!accusation && matches!(p.code.root(), 11 | 13 | 17))
                    .then(|| targets.iter().map(|&k| mentions[k].actor.end_token).max())
                    .flatten()
                    .filter(|&e| e > hit.last() && view.low(e) == "for");
                accused = match reason_for {
                    Some(e) => Some((e, targets.clone())),
                    None => accusation.then(|| (hit.last(), targets.clone())),
                };
                // "jailed X for two years for helping …": the reason is the last "for".
                if let Some((end, _)) = accused.as_mut() {
                    if view.low(*end) == "for" {
                        for j in *end + 1..(*end + 6).min(view.s1) {
                            let w = view.low(j);
                            if is_in(CLAUSE_BREAKS, w) || w == "," || w == "." {
                                break;
                            }
                            if w == "for" {
                                *end = j;
                                break;
                            }
                        }
                    }
                }
                let (sources, targets) = match &alleged {
                    Some(who) => (
                        who.clone(),
                        targets.into_iter().filter(|t| !who.contains(t)).collect(),
                    ),
                    None => (sources, targets),
                };
                // "urged Iran to stop": the one urged is the subject of what follows, as is
                // the subject of a clause complained of.
                let controls = matches!(p.words.last(), Some(PatternWord::Word(w)) if w == "to");
                if !controls && !clause_target {
                    for &t in &targets {
                        used_as_target.insert(t);
                    }
                }
                // "Three soldiers were killed in a bombing", "a roadside bomb killed a US
                // soldier": an act of force, or a passive whose agent is not an actor,
                // happened to a named target even though its source is unknown.
                let sourceless = sources.is_empty()
                    && !targets.is_empty()
                    && !hit.nominal
                    && if passive {
                        p.code.root() > 3
                            && passive_subject(&view, hit.trigger(), &mentions, &targets)
                    } else {
                        matches!(p.code.root(), 18..=20)
                            && weapon_subject(&view, hit.trigger(), &mentions)
                            && targets
                                .iter()
                                .all(|&t| mentions[t].actor.first_token > hit.last())
                    }
                    && !view.inside_quote(hit.trigger())
                    && targets.iter().all(|&t| {
                        let rule = &mentions[t].actor.rule;
                        // "six passengers were killed in a crash near Nakuru": victims
                        // named only by the place do not make an accident an act.
                        !rule.starts_with("article:pronoun") && !rule.contains("+place:")
                    });
                if sources.is_empty() && !sourceless {
                    out.drops.add(DropReason::PatternWithoutSource);
                    continue;
                }
                if !hit.nominal {
                    clause_sources = sources.clone();
                }
                let modality = if alleged.is_some() {
                    Modality::Hedged
                } else {
                    self.modality(&view, hit, &mentions, &sources)
                };
                // An act of an unknown source is coded only when it is said to have happened.
                if sourceless && modality != Modality::Asserted {
                    out.drops.add(DropReason::PatternWithoutSource);
                    continue;
                }
                let (modality, noun_commits) = match frame {
                    Some(NounFrame::Intended { committed, .. })
                        if modality == Modality::Asserted =>
                    {
                        (Modality::Intended, committed)
                    }
                    _ => (modality, false),
                };
                let commit = if modality == Modality::Intended {
                    if noun_commits {
                        Commit::Plain
                    } else {
                        self.commitment(&view, hit, &mentions, &sources)
                    }
                } else {
                    Commit::None
                };
                // "UN troops withdrew from the Golan": armed forces that pull out retreat
                // militarily (0874); a withdrawal of a state or its staff stays 166.
                let military_pullout = p.code.as_str() == "166"
                    && p.words.len() <= 3
                    && matches!(p.words.first(), Some(PatternWord::Word(w)) if w == "withdraw" || w == "pull")
                    && sources
                        .iter()
                        .any(|&k| mentions[k].actor.code.roles().any(|r| r == "MIL"));
                // "NATO peacekeeping troops arrived in Bosnia": armed forces that arrive are
                // deployed (154), peacekeepers provide protection (074); only envoys visit.
                let arriving_force = p.code.as_str() == "042"
                    && matches!(p.words.first(), Some(PatternWord::Word(w)) if w == "arrive")
                    && !sources.is_empty()
                    && sources
                        .iter()
                        .all(|&k| mentions[k].actor.code.roles().any(|r| r == "MIL"));
                // "a battalion of Nepalese peacekeepers": the words from the source to its verb.
                let peacekeepers = sources.iter().any(|&k| {
                    (mentions[k].actor.first_token..hit.trigger()).any(|j| {
                        let w = view.low(j);
                        w.starts_with("peacekeep") || w.starts_with("peace-keep")
                    })
                });
                // "Putin welcomed him at the Kremlin": welcoming a person is hosting (043);
                // welcoming a decision or a country's step stays praise (051).
                let welcomed_guest = p.code.as_str() == "051"
                    && matches!(p.words.as_slice(), [PatternWord::Word(w)] if w == "welcome")
                    && !targets.is_empty()
                    && targets.iter().all(|&k| {
                        mentions[k].kind == ActorKind::Person
                            && !matches!(view.low(mentions[k].actor.end_token), "'s" | "\u{2019}s")
                    });
                let base = if welcomed_guest {
                    "043".parse().unwrap_or(p.code)
                } else if spoken_protest {
                    "114".parse().unwrap_or(p.code)
                } else if military_pullout {
                    "0874".parse().unwrap_or(p.code)
                } else if arriving_force {
                    let c = if peacekeepers { "074" } else { "154" };
                    c.parse().unwrap_or(p.code)
                } else {
                    p.code
                };
                let (code, modality, recoded) = recode(base, modality, commit);
                let recoded = match recoded {
                    None if military_pullout => Some("military:0874"),
                    None if arriving_force => Some("military:arrival"),
                    None if spoken_protest => Some("protest:spoken"),
                    None if welcomed_guest => Some("welcome:host"),
                    r => r,
                };
                // "Hungary's threat to block the package": a threat to do anything is 13x.
                let threatened = matches!(frame, Some(NounFrame::Intended { threat: true, .. }));
                let (code, recoded) = if threatened && code.root() != 13 {
                    ("130".parse().unwrap_or(code), Some("noun:threat"))
                } else {
                    (code, recoded)
                };
                // "will withdraw its force from Chad unless …", "may halt mediation if
                // cooperation founders": a future act made to hang on the other side's
                // conduct is a warning, CAMEO's threat.
                let (code, recoded) = match conditioned_on(&view, hit.last()) {
                    Some(cond) if modality != Modality::Asserted && code.root() != 13 => {
                        match (ultimatum_code(base, cond), recoded) {
                            (Some(c), _) => (c, Some("condition:threat")),
                            (None, r) => (code, r),
                        }
                    }
                    _ => (code, recoded),
                };
                let rule_id = match recoded {
                    Some(why) => format!("{}+{why}", p.id),
                    None => p.id.clone(),
                };
                // "Britain said Libya must hand over the suspects": the reporter demands it.
                // "must be ready to mediate" is still the reporter's demand, not an intent.
                let (code, modality, sources, targets, rule_id) = match (
                    !sourceless && self.obligation(&view, hit, &mentions, &sources),
                    reporters_principal(&attribution),
                ) {
                    (true, Some(_))
                        if matches!(modality, Modality::Asserted | Modality::Intended) =>
                    {
                        (
                            demand_code(p.code),
                            Modality::Asserted,
                            Vec::new(),
                            sources.clone(),
                            format!("{}+must:demand", p.id),
                        )
                    }
                    _ => (code, modality, sources, targets, rule_id),
                };
                let reporter_source = sources.is_empty() && !targets.is_empty() && !sourceless;
                let mut pairs: Vec<(Option<usize>, Option<usize>)> = Vec::new();
                if targets.is_empty() {
                    if sources.len() >= 2 && is_reciprocal(code) {
                        for &a in &sources {
                            for &b in &sources {
                                if a != b {
                                    pairs.push((Some(a), Some(b)));
                                }
                            }
                        }
                    } else {
                        pairs.extend(sources.iter().map(|&a| (Some(a), None)));
                    }
                } else {
                    for &a in &sources {
                        for &b in &targets {
                            pairs.push((Some(a), Some(b)));
                            // Negotiating is mutual: "X held talks with Y" is also Y with X.
                            if code.as_str().starts_with("046") {
                                pairs.push((Some(b), Some(a)));
                            }
                        }
                    }
                }
                if reporter_source || sourceless {
                    pairs = targets.iter().map(|&b| (None, Some(b))).collect();
                }
                let trigger_span = Span::new(
                    tokens[hit.trigger()].span.start,
                    tokens[hit.last()].span.end,
                );
                for (a, b) in pairs {
                    let src = match a {
                        Some(i) => Some(mentions[i].actor.clone()),
                        None if reporter_source => attribution.clone(),
                        None => None,
                    };
                    let mut tgt = b.map(|i| mentions[i].actor.clone());
                    // "Sudan's government lifted the state of emergency in Darfur": a place of
                    // the source's own country is where the event happens, not its target.
                    if let (Some(x), Some(y)) = (&src, &tgt) {
                        let own_place = y.code.roles().next().is_none()
                            && x.code.has_principal()
                            && x.code.principal() == y.code.principal()
                            && x.code.roles().next().is_some()
                            && targets.len() == 1;
                        if own_place {
                            tgt = None;
                        }
                    }
                    if let (Some(x), Some(y)) = (&src, &tgt) {
                        // The same actor on both sides, or a country and an unspecified
                        // part of itself ("France … alleging Paris"): not an interaction.
                        let people = |i: Option<usize>| {
                            i.is_some_and(|i| mentions[i].kind == ActorKind::People)
                        };
                        if one_actor(&x.code, &y.code, people(a), people(b)) {
                            out.drops.add(DropReason::SelfDirected);
                            continue;
                        }
                    }
                    // Neither side named: "people were killed" codes no one.
                    let named = |m: &Option<ActorMention>| {
                        m.as_ref().is_some_and(|m| m.code.has_principal())
                    };
                    if !named(&src) && !named(&tgt) {
                        out.drops.add(DropReason::NoNamedActor);
                        continue;
                    }
                    let key = (
                        src.as_ref().map(|m| m.code.to_string()).unwrap_or_default(),
                        tgt.as_ref().map(|m| m.code.to_string()).unwrap_or_default(),
                        code,
                    );
                    if !seen.insert(key) {
                        continue;
                    }
                    out.events.push(Event {
                        source: src,
                        target: tgt,
                        code,
                        modality,
                        attribution: attribution.clone(),
                        sentence: si,
                        trigger: trigger_span,
                        rule: rule_id.clone(),
                    });
                }
            }
            // "X met with Y … to discuss": a target-less event that repeats a targeted one
            // of the same source and root adds nothing, when it says no more than it (the
            // same code, a code it refines, or its root's general code). "Workers shunned
            // work (143) to protest at (140) the settlements" keeps the strike.
            let first_of_sentence = out
                .events
                .iter()
                .position(|e| e.sentence == si)
                .unwrap_or(out.events.len());
            let sentence_events: Vec<Event> = out.events.split_off(first_of_sentence);
            let mut kept: Vec<Event> = Vec::new();
            for e in &sentence_events {
                let redundant = e.target.is_none()
                    && sentence_events.iter().any(|o| {
                        let (ec, oc) = (e.code.as_str(), o.code.as_str());
                        let no_more = oc.starts_with(ec) || ec.len() == 3 && ec.ends_with('0');
                        o.target.is_some()
                            && o.code.root() == e.code.root()
                            && no_more
                            && o.source.as_ref().map(|m| &m.code)
                                == e.source.as_ref().map(|m| &m.code)
                    });
                if !redundant {
                    kept.push(e.clone());
                }
            }
            // "Beijing criticised the visit by the US House speaker", "condemned the attack by
            // militants": a reproach whose object is an event is aimed at that event's source.
            // The principal of an event side, or nothing when it names no country or body.
            let principal_of = |m: Option<&ActorMention>| {
                m.filter(|m| m.code.has_principal())
                    .map(|m| m.code.principal().to_string())
            };
            let tok_of = |at: usize| {
                tokens[view.s0..view.s1].partition_point(|tok| tok.span.start < at) + view.s0
            };
            for k in 0..kept.len() {
                if kept[k].code.root() != 11 || kept[k].target.is_some() {
                    continue;
                }
                let end = tok_of(kept[k].trigger.end);
                let own = principal_of(kept[k].source.as_ref());
                let culprit = kept.iter().find_map(|o| {
                    let at = tok_of(o.trigger.start);
                    (at >= end
                        && at <= end + 3
                        && (end..at).all(|j| {
                            is_in(DETERMINERS, view.low(j))
                                || matches!(view.upos(j), Some(Upos::Adj))
                        }))
                    .then(|| o.source.clone())
                    .flatten()
                    .filter(|s| principal_of(Some(s)) != own)
                });
                if culprit.is_some() {
                    kept[k].target = culprit;
                    kept[k].rule.push_str("+event-object:source");
                }
            }
            // "four children were killed in Israeli tank shelling of Gaza": the attack named in
            // the killing's "in/by" phrase is the same act, not a second one.
            // When only the attack names the victims' country ("civilians were killed in
            // shelling of Kharkiv"), the attack is kept instead of the killing.
            let mut dropped: Vec<usize> = Vec::new();
            for a in 0..kept.len() {
                for b in 0..kept.len() {
                    let (ea, eb) = (&kept[a], &kept[b]);
                    let (a_end, b_at) = (tok_of(ea.trigger.end), tok_of(eb.trigger.start));
                    let same_act = matches!(ea.code.root(), 18..=20)
                        && matches!(eb.code.root(), 18..=20)
                        && b_at > a_end
                        && b_at <= a_end + 5
                        && matches!(view.low(a_end), "in" | "by")
                        && principal_of(ea.source.as_ref()) == principal_of(eb.source.as_ref());
                    if !same_act {
                        continue;
                    }
                    let (ta, tb) = (
                        principal_of(ea.target.as_ref()),
                        principal_of(eb.target.as_ref()),
                    );
                    let unnamed = |t: &Option<String>| t.as_deref().is_none_or(str::is_empty);
                    if unnamed(&tb) || ta == tb {
                        dropped.push(b);
                    } else if unnamed(&ta) {
                        dropped.push(a);
                    }
                }
            }
            let mut n = 0;
            kept.retain(|_| {
                n += 1;
                !dropped.contains(&(n - 1))
            });
            // "al-Shabab claimed responsibility for an attack on a mall in Kenya": the claim
            // is aimed where the claimed attack was.
            for k in 0..kept.len() {
                if kept[k].code.as_str() != "015" || kept[k].target.is_some() {
                    continue;
                }
                let src = principal_of(kept[k].source.as_ref());
                let attacked = kept.iter().find_map(|o| {
                    (matches!(o.code.root(), 18..=20) && principal_of(o.source.as_ref()) == src)
                        .then(|| o.target.clone())
                        .flatten()
                });
                if attacked.is_some() {
                    kept[k].target = attacked;
                    kept[k].rule.push_str("+claimed-act:target");
                }
            }
            // "Demonstrators received ministers from the government": whoever is hosted
            // visits (042), as "X held talks with Y" is also Y with X.
            if let Ok(visit) = "042".parse::<CameoCode>() {
                let guests: Vec<Event> = kept
                    .iter()
                    .filter(|e| {
                        e.code.as_str() == "043" && e.source.is_some() && e.target.is_some()
                    })
                    .map(|e| Event {
                        source: e.target.clone(),
                        target: e.source.clone(),
                        code: visit,
                        rule: format!("{}+host:visit", e.rule),
                        ..e.clone()
                    })
                    .filter(|g| !kept.iter().any(|o| same_coding(o, g)))
                    .collect();
                kept.extend(guests);
            }
            // The sentence's headline event comes first: events of the main clause before
            // background ones ("After rebels shelled the town, troops stormed it", "Police
            // dispersed protesters who had blocked the road"), each group in text order.
            if let Some(tree) = &view.tree {
                kept.sort_by_cached_key(|e| {
                    let t = tokens[view.s0..view.s1]
                        .partition_point(|tok| tok.span.start < e.trigger.start)
                        + view.s0;
                    in_background(&view, tree, t, cue)
                });
            }
            // "The US claimed ISIL had attacked Iraq": a political actor that alleges violence
            // by another accuses it.
            let accusations = alleged_violence(&kept, &attribution, cue, tokens);
            out.events.extend(kept);
            for e in accusations {
                let dup = out
                    .events
                    .iter()
                    .any(|o| o.sentence == si && same_coding(o, &e));
                if !dup {
                    out.events.push(e);
                }
            }
            out.mentions.extend(
                mentions
                    .into_iter()
                    .filter(|m| m.actor.rule != "quote:first-person")
                    .map(|m| m.actor),
            );
        }
        out
    }

    /// Mentions that report (subjects of "said", objects of "according to"), and the
    /// attribution for the sentence's events.
    fn reporters(
        &self,
        v: &View<'_>,
        mentions: &[Mention],
    ) -> (HashSet<usize>, Option<ActorMention>, Option<usize>) {
        let mut rep = HashSet::new();
        let mut attribution = None;
        let mut cue_at = None;
        for i in v.s0..v.s1 {
            let w = v.low(i);
            // "… I can't say that I'm worried," said X: a verb inside the quotation reports
            // nothing about the sentence.
            if v.inside_quote(i) {
                continue;
            }
            // "claimed", "announced", "confirmed" report only when a clause or quote follows.
            let cue = is_in(REPORTING_ONLY, w) || is_reporting(w) && v.clause_follows(i);
            if !cue
                || mentions
                    .iter()
                    .any(|m| m.actor.first_token <= i && i < m.actor.end_token)
            {
                continue;
            }
            let mut found: Option<usize> = None;
            if w == "according" {
                if v.low(i + 1) == "to" {
                    found = mentions
                        .iter()
                        .position(|m| m.actor.first_token > i && m.actor.first_token <= i + 3);
                }
            } else {
                // "X said", "X on Monday said", "X also said"
                found = mentions.iter().rposition(|m| {
                    m.actor.end_token <= i && m.actor.end_token + 3 >= i && {
                        let between = (m.actor.end_token..i).all(|j| {
                            let b = v.low(j);
                            !matches!(b, "," | ";" | "\"" | "that")
                                && !is_quote_char(&v.tokens[j].form)
                        });
                        between
                    }
                });
                // ", said X"
                if found.is_none() {
                    found = mentions.iter().position(|m| m.actor.first_token == i + 1);
                }
            }
            if let Some(f) = found {
                // Coordinated reporters: "the United States, Britain and Japan said".
                for k in coordinated(v, mentions, f, Side::Before) {
                    rep.insert(k);
                }
                if attribution.is_none() {
                    let mut a = mentions[f].actor.clone();
                    // "the influential US daily said": the speaker is the whole noun phrase
                    // the actor modifies; its code stays the actor's.
                    if a.end_token < i && a.end_token + 3 >= i && a.first_token < i {
                        let head_ok = (a.end_token..i).all(|j| {
                            let w = v.low(j);
                            w.chars().all(char::is_alphabetic) && !is_preposition(w)
                        });
                        if head_ok {
                            let mut start = a.first_token;
                            while start > v.s0
                                && a.first_token - start < 3
                                && (is_in(DETERMINERS, v.low(start - 1))
                                    || matches!(v.upos(start - 1), Some(Upos::Adj)))
                            {
                                start -= 1;
                            }
                            let span =
                                Span::new(v.tokens[start].span.start, v.tokens[i - 1].span.end);
                            a.name = (start..i)
                                .map(|k| v.tokens[k].form.as_str())
                                .collect::<Vec<_>>()
                                .join(" ");
                            a.span = span;
                            a.first_token = start;
                            a.end_token = i;
                        }
                    }
                    attribution = Some(a);
                    cue_at = Some(i);
                }
            } else if attribution.is_none()
                && w != "according"
                && w != "claimed"
                && w != "announced"
            {
                // A reporter the dictionary does not know: "the paper said", "medics said".
                // The noun phrase stops at a clause word ("while Dallas said" → "Dallas").
                let mut j = i;
                while j > v.s0 && i - j < 4 {
                    let b = v.low(j - 1);
                    if matches!(b, "," | ";" | "\"" | "." | "and" | "or")
                        || is_in(CLAUSE_BREAKS, b)
                        || is_quote_char(&v.tokens[j - 1].form)
                    {
                        break;
                    }
                    j -= 1;
                }
                // A bare pronoun ("she said") is left to the pronoun mentions.
                let pronoun = i == j + 1
                    && matches!(v.low(j), "he" | "she" | "they" | "it" | "i" | "we" | "you");
                if j == i {
                    // "Mr. Kelly, a retired astronaut, said": the name before the apposition.
                    if let Some(mut a) = appositive_speaker(v, i) {
                        a.rule = "attribution:appositive".to_string();
                        attribution = Some(a);
                    }
                } else if !pronoun {
                    let span = Span::new(v.tokens[j].span.start, v.tokens[i - 1].span.end);
                    let name: Vec<&str> = (j..i).map(|k| v.tokens[k].form.as_str()).collect();
                    if let Ok(code) = "---".parse::<ActorCode>() {
                        attribution = Some(ActorMention {
                            span,
                            code,
                            name: name.join(" "),
                            rule: "attribution:reporting-verb".to_string(),
                            first_token: j,
                            end_token: i,
                        });
                    }
                }
            }
        }
        (rep, attribution, cue_at)
    }

    /// The speaker of a sentence that has no attribution: the subject of a verb of
    /// speech outside quotation marks, or the first named actor before a quotation.
    fn speaker(&self, v: &View<'_>, mentions: &[Mention]) -> Option<ActorMention> {
        if !(v.s0..v.s1).any(|i| is_quote_char(&v.tokens[i].form)) {
            return None;
        }
        let outside = |i: usize| !v.inside_quote(i) && !is_quote_char(&v.tokens[i].form);
        let named = |m: &Mention| m.kind != ActorKind::Role || m.actor.code.has_principal();
        for i in v.s0..v.s1 {
            if !outside(i) || !is_in(SPEECH_VERBS, v.low(i)) {
                continue;
            }
            // "Tapper wrote", "he tweeted", "the senator told reporters"
            if let Some(m) = mentions.iter().rev().find(|m| {
                m.actor.end_token <= i && m.actor.end_token + 2 >= i && outside(m.actor.first_token)
            }) {
                return Some(m.actor.clone());
            }
            let name = capitalized_run(v, i, true)
                .or_else(|| appositive_speaker(v, i))
                .or_else(|| capitalized_run(v, i + 1, false));
            if let Some(n) = name {
                return Some(n);
            }
            // ", said Defence Minister X": a mention right after the verb
            if let Some(m) = mentions.iter().find(|m| m.actor.first_token == i + 1) {
                return Some(m.actor.clone());
            }
        }
        // A partial quote: "Trump called it 'a disgrace'" — the first named actor outside quotes.
        mentions
            .iter()
            .find(|m| {
                outside(m.actor.first_token) && named(m) && m.actor.rule != "quote:first-person"
            })
            .map(|m| m.actor.clone())
    }

    /// Matches verb patterns in the sentence, most specific first, without overlap.
    fn find_patterns(&self, v: &View<'_>, mentions: &[Mention]) -> Vec<PatternHit> {
        let lex = &self.dicts.verbs;
        let in_mention = |i: usize| {
            mentions.iter().any(|m| {
                m.actor.first_token <= i && i < m.actor.end_token && m.kind != ActorKind::Role
            })
        };
        let mut used: HashSet<usize> = HashSet::new();
        let mut hits = Vec::new();
        let verbless = v.tags.is_some()
            && !(v.s0..v.s1).any(|i| matches!(v.upos(i), Some(Upos::Verb | Upos::Aux)));
        for i in v.s0..v.s1 {
            if used.contains(&i) || in_mention(i) {
                continue;
            }
            let form = v.low(i);
            if is_in(REPORTING_ONLY, form) || is_reporting(form) && v.clause_follows(i) {
                continue;
            }
            // "highly-scrutinized": a word glued to a hyphen modifies a noun.
            if i > v.s0 && v.low(i - 1) == "-" {
                continue;
            }
            // Right after a modal or "to" the word is a verb whatever the tagger says
            // ("would free", "will open").
            let after_modal = i > v.s0
                && matches!(
                    v.low(i - 1),
                    "will"
                        | "would"
                        | "shall"
                        | "should"
                        | "can"
                        | "could"
                        | "may"
                        | "might"
                        | "must"
                        | "to"
                );
            // "Red Cross officials suspended aid": an "-ed" word right after an actor and
            // before its object is a past-tense verb even when tagged an adjective.
            let past_after_actor = form.ends_with("ed")
                && i + 1 < v.s1
                && mentions.iter().any(|m| m.actor.end_token == i)
                && {
                    let next = v.low(i + 1);
                    next.chars().next().is_some_and(char::is_alphanumeric)
                        && !is_preposition(next)
                        && !is_in(CLAUSE_BREAKS, next)
                        && !matches!(next, "and" | "or")
                };
            // "Vietnam is committed to reform", "Israel is opposed to": a state participle
            // tagged as an adjective still carries its verb's pattern.
            // Only after "be" ("a coalition committed to electing …" is a reduced relative).
            let state_participle = is_in(STATE_PARTICIPLES, form) && {
                let mut j = i;
                while j > v.s0
                    && (v.low(j - 1).ends_with("ly") || matches!(v.low(j - 1), "not" | "also"))
                {
                    j -= 1;
                }
                j > v.s0
                    && (is_in(PASSIVE_AUX, v.low(j - 1))
                        || matches!(v.low(j - 1), "remain" | "remains" | "remained"))
            };
            // "Syrian forces clash with Tunisian rioters": in a headline-style sentence the
            // tagger found no verb in, the word right after an actor is its verb.
            let verb_after_actor = verbless
                && i + 1 < v.s1
                && mentions
                    .iter()
                    .any(|m| m.actor.end_token == i && m.actor.first_token < i);
            let tag = v.upos(i).map(|t| {
                if (after_modal || past_after_actor || verb_after_actor)
                    && matches!(t, Upos::Adj | Upos::Noun)
                    || state_participle && t == Upos::Adj
                {
                    Upos::Verb
                } else {
                    t
                }
            });
            if matches!(
                tag,
                Some(Upos::Adj | Upos::Adp | Upos::Det | Upos::Pron | Upos::Num | Upos::Propn)
            ) {
                continue;
            }
            let tagged_noun = matches!(tag, Some(Upos::Noun));
            // "Free Tibet": a capitalised word inside a sentence is a name, not a verb.
            if tag.is_none()
                && i > v.s0
                && v.tokens[i]
                    .form
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase)
                && !is_quote_char(&v.tokens[i - 1].form)
            {
                continue;
            }
            let tagged_verb = matches!(tag, Some(Upos::Verb | Upos::Aux));
            // After a determiner or possessive the word is a noun: only noun patterns
            // ("a visit to", "its talks with") may start there.
            let after_determiner = !tagged_verb
                && i > v.s0
                && matches!(
                    v.low(i - 1),
                    "the"
                        | "a"
                        | "an"
                        | "its"
                        | "their"
                        | "his"
                        | "her"
                        | "our"
                        | "my"
                        | "your"
                        | "'s"
                        | "this"
                        | "these"
                        | "that"
                        | "those"
                );
            // "in Israeli tank shelling", "after the museum shooting": an "-ing" form at the
            // end of a noun phrase opened by a determiner or a preposition is a noun.
            // "refugees crossed into Chad to escape fighting": after a verb of fleeing the
            // "-ing" form is the thing fled, a noun whose actors are not the fleeing ones.
            let after_determiner = after_determiner
                || form.ends_with("ing") && gerund_heads_np(v, i)
                || form.ends_with("ing") && i > v.s0 && is_in(FLEE_VERBS, v.low(i - 1));
            // "his vow to", "their talks": the possessor is unnamed, so no event; after a
            // verb that carries the noun ("completed its investigation into", "launched
            // their offensive") the verb's subject owns it.
            if i > v.s0
                && matches!(
                    v.low(i - 1),
                    "its" | "their" | "his" | "her" | "our" | "my" | "your"
                )
                && !(i > v.s0 + 1
                    && is_in(LIGHT_VERBS, v.low(i - 2))
                    && !is_preposition(v.low(i - 2))
                    && matches!(v.upos(i - 2), Some(Upos::Verb) | None))
            {
                continue;
            }
            // "exiled leaders", "the jailed mayor": a participle before an actor modifies it.
            // A finite verb cannot follow a determiner or a number, so "six detained
            // Americans" is a participle whatever the tag.
            let after_det_or_num = i > v.s0
                && (is_in(DETERMINERS, v.low(i - 1))
                    || is_quantity(v.low(i - 1))
                    || matches!(v.upos(i - 1), Some(Upos::Num)));
            let participle = match v.tags {
                Some(t) => t
                    .get(i - v.s0)
                    .is_some_and(|x| x.xpos == "VBN" || x.xpos == "VBD" && after_det_or_num),
                None => form.ends_with("ed"),
            };
            if participle
                && mentions.iter().any(|m| m.actor.first_token == i + 1)
                && i > v.s0
                && (after_det_or_num || is_preposition(v.low(i - 1)))
            {
                continue;
            }
            let mut best: Option<(usize, PatternHit)> = None;
            let mut lemmas: Vec<&str> = lex.lemmas_of(form).iter().map(String::as_str).collect();
            if lemmas.is_empty() && !lex.triggered_by(form).is_empty() {
                lemmas.push(form);
            }
            for lemma in lemmas {
                for &pid in lex.triggered_by(lemma) {
                    let p = lex.pattern(pid);
                    if best.as_ref().is_some_and(|(s, _)| *s >= p.specificity()) {
                        break;
                    }
                    // A long verb phrase ("carries out a … counteroffensive") outweighs a
                    // tagger that read its first word as a noun.
                    let nominal = (tagged_noun && p.specificity() < 3) || after_determiner;
                    if nominal && !is_noun_pattern(p, form) {
                        continue;
                    }
                    if let Some(mut hit) = self.match_at(v, i, pid, p, mentions, &used) {
                        // "a strike on Monday", "agreed on Wednesday": a closing "on" that
                        // opens a date is no part of the pattern; a shorter one may match.
                        if v.low(hit.last()) == "on" && is_calendar_word(v.low(hit.last() + 1)) {
                            continue;
                        }
                        hit.nominal = nominal;
                        best = Some((p.specificity(), hit));
                        break;
                    }
                }
            }
            // "aid groups", "a supply mission", "protest leaders": a one-word event noun
            // that modifies the head noun after it names no event.
            // "barriers to U.S. exports": a bare noun of trade or investment names a flow of
            // goods or money, not an act of economic cooperation.
            let best = best.filter(|(_, hit)| {
                let one_noun = hit.nominal && hit.words.len() == 1;
                let modifier = is_in(COMPOUND_HEADS, v.low(hit.last() + 1));
                let trade = lex.pattern(hit.pattern).code.as_str() == "061";
                !(one_noun && (modifier || trade))
            });
            if let Some((_, hit)) = best {
                used.extend(hit.words.iter().copied());
                hits.push(hit);
            }
        }
        // "pledged to expel": the intent verb only frames the next event (its modality).
        let mut keep = vec![true; hits.len()];
        for k in 0..hits.len().saturating_sub(1) {
            let p = lex.pattern(hits[k].pattern);
            let last = hits[k].last();
            // "hope to persuade": a hope for an act frames it too, it is no optimistic comment.
            if (p.code.root() == 3 || p.code.as_str() == "013")
                && p.specificity() == 1
                && v.low(last + 1) == "to"
                && hits[k + 1].trigger() <= last + 3
            {
                keep[k] = false;
            }
            // "Italy announced a suspension of air links with Serbia", "Canada announced
            // sanctions on …": a bare statement whose object is itself an event is that event.
            let next = hits[k + 1].trigger();
            if p.code.as_str() == "010"
                && p.specificity() == 1
                && next > last
                && next <= last + 4
                && (last + 1..next).all(|j| !matches!(v.low(j), "," | "." | ";" | ":" | "that"))
            {
                keep[k] = false;
            }
        }
        hits.into_iter()
            .zip(keep)
            .filter(|(_, k)| *k)
            .map(|(h, _)| h)
            .collect()
    }

    fn match_at(
        &self,
        v: &View<'_>,
        start: usize,
        pid: u32,
        p: &VerbPattern,
        mentions: &[Mention],
        used: &HashSet<usize>,
    ) -> Option<PatternHit> {
        let lex = &self.dicts.verbs;
        let mut words = vec![start];
        let mut pos = start;
        let mut slot: Option<(usize, usize)> = None;
        let mut after_slot = false;
        for w in p.words.iter().skip(1) {
            match w {
                PatternWord::Slot => {
                    after_slot = true;
                }
                PatternWord::Word(word) => {
                    let mut max_gap = if after_slot { 10 } else { 3 };
                    let mut found = None;
                    let mut j = pos + 1;
                    while j < v.s1 && j <= pos + 1 + max_gap {
                        let f = v.low(j);
                        if lex.word_matches(f, None, word) && !used.contains(&j) {
                            found = Some(j);
                            break;
                        }
                        // "forced the UN refugee agency, UNHCR, out of": in the target slot an
                        // appositive's commas (actor, actor,) do not end the phrase.
                        let appositive_comma = after_slot
                            && f == ","
                            && mentions.iter().any(|m| {
                                m.actor.end_token == j
                                    && (mentions.iter().any(|n| n.actor.first_token == j + 1)
                                        || m.actor.first_token > pos + 1
                                            && v.low(m.actor.first_token - 1) == ",")
                            });
                        if !appositive_comma
                            && (is_in(CLAUSE_BREAKS, f) || f == "," || f == "." || is_reporting(f))
                        {
                            break;
                        }
                        // "denied supplying weapons" is not "deny weapons": a verb between two
                        // pattern words starts a predicate of its own.
                        // A participle counts unless it modifies a noun after a determiner or
                        // an adjective ("freed the jailed reporters").
                        let modifier = matches!(
                            v.upos(j - 1),
                            Some(Upos::Det | Upos::Num | Upos::Adj | Upos::Adv)
                        ) || v.low(j - 1) == "-"
                            || matches!(v.upos(j + 1), Some(Upos::Noun));
                        // "rallied in Erbil calling for independence": an "-ing" verb right
                        // before "for" states the act's purpose, as "for" alone would.
                        let purpose = v.low(j + 1) == "for" && v.low(j).ends_with("ing")
                            // "agreed to undertake joint exercises": an infinitive in the
                            // gap carries the pattern's noun.
                            || v.low(j - 1) == "to";
                        if !after_slot
                            && !purpose
                            && v.tags.and_then(|t| t.get(j - v.s0)).is_some_and(|x| {
                                x.upos == Upos::Verb
                                    && (matches!(x.xpos, "VBG" | "VB" | "VBD" | "VBZ" | "VBP")
                                        || x.xpos == "VBN" && !modifier)
                            })
                        {
                            break;
                        }
                        // "a highly-scrutinized offensive": hyphens join, they add no word.
                        if f == "-" {
                            max_gap += 2;
                        }
                        // "approved a $500 million loan": an amount is one word.
                        if matches!(f, "$" | "€" | "£" | "million" | "billion")
                            || f.chars()
                                .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
                        {
                            max_gap += 1;
                        }
                        // Fillers may not be actors unless they sit in the slot, or the
                        // actor phrase holds the next pattern word ("expel Afghan diplomats").
                        if !after_slot {
                            if let Some(m) = mentions.iter().find(|m| {
                                m.kind != ActorKind::Role
                                    && m.actor.first_token <= j
                                    && j < m.actor.end_token
                            }) {
                                // "rockets fired from Gaza at Israel": the place an attack
                                // comes from may sit between the pattern's words.
                                let from =
                                    (pos + 1..j).rev().find(|&k| !is_in(DIRECTIONS, v.low(k)));
                                let origin = matches!(p.code.root(), 18..=20)
                                    && m.actor.first_token == j
                                    && from.is_some_and(|k| v.low(k) == "from")
                                    && matches!(m.kind, ActorKind::Country | ActorKind::City);
                                // "demonstrated in Tel Aviv against": a place where the act
                                // happens may sit between the pattern's words.
                                let venue = m.actor.first_token == j
                                    && j > pos + 1
                                    && matches!(
                                        v.low(j - 1),
                                        "in" | "near" | "outside" | "inside" | "across"
                                    )
                                    && !m.actor.rule.starts_with("article:")
                                    && matches!(
                                        m.kind,
                                        ActorKind::Country | ActorKind::City | ActorKind::Capital
                                    );
                                if origin || venue {
                                    max_gap += m.actor.end_token - j + usize::from(venue);
                                    j = m.actor.end_token;
                                    continue;
                                }
                                // "captured an al-Shabab stronghold", "shelled Houthi
                                // positions": an actor that modifies the pattern's noun is
                                // its target.
                                // A city names a treaty or talks ("the Washington Treaty",
                                // "the Doha talks"), not a party to them.
                                // A visit's city is where it goes ("attend the Beijing Olympics").
                                let premodifier = slot.is_none()
                                    && m.actor.first_token == j
                                    && (!matches!(m.kind, ActorKind::City | ActorKind::Capital)
                                        || p.code.as_str() == "042")
                                    && !is_preposition(word)
                                    && (pos + 1..j).all(|k| !is_preposition(v.low(k)))
                                    && m.actor.end_token < v.s1
                                    && lex.word_matches(v.low(m.actor.end_token), None, word)
                                    && !used.contains(&m.actor.end_token);
                                if premodifier {
                                    slot = Some((j, m.actor.end_token));
                                    found = Some(m.actor.end_token);
                                    break;
                                }
                                let inside = (j + 1..m.actor.end_token).find(|&k| {
                                    lex.word_matches(v.low(k), None, word) && !used.contains(&k)
                                });
                                found = inside;
                                break;
                            }
                        }
                        j += 1;
                    }
                    let j = found?;
                    if after_slot {
                        // The slot is where the target sits: without an actor there (or one
                        // that holds the next pattern word, "recognize the government of X"),
                        // no match.
                        // A giving pattern ("provide * to") holds the thing given there and
                        // needs its receiver right after "to" instead.
                        let receiver_after = is_giving(p)
                            && mentions.iter().any(|m| {
                                m.actor.first_token > j
                                    && m.actor.first_token <= j + 2
                                    && m.actor.code.has_principal()
                            });
                        if !receiver_after
                            && !mentions
                                .iter()
                                .any(|m| m.actor.first_token > pos && m.actor.first_token <= j)
                        {
                            return None;
                        }
                        slot = Some((pos + 1, j));
                        after_slot = false;
                    }
                    words.push(j);
                    pos = j;
                }
            }
        }
        // A pattern ending in `*` ("help *") needs its target right after it.
        if after_slot {
            let k = mentions
                .iter()
                .find(|m| m.actor.first_token > pos && m.actor.first_token <= pos + 4)?;
            // "helped the two exiled dissidents": a number or a modifier may come with the
            // determiner.
            // "We recognize that many Americans …": "that" after the verb opens a clause.
            if (pos + 1..k.actor.first_token).any(|j| {
                let w = v.low(j);
                w == "that" || !is_in(DETERMINERS, w) && !is_quantity(w) && !is_in(MODIFIERS, w)
            }) {
                return None;
            }
            slot = Some((pos + 1, k.actor.first_token));
        }
        Some(PatternHit {
            pattern: pid,
            words,
            slot,
            nominal: false,
        })
    }

    /// Source and target from the dependency tree: `None` when the tree names no
    /// subject (the caller then uses positions); otherwise the source mentions, the
    /// target mentions, and whether the tree named an object at all.
    fn roles_from_tree(
        &self,
        v: &View<'_>,
        hit: &PatternHit,
        mentions: &[Mention],
        reporters: &HashSet<usize>,
    ) -> Option<(Vec<usize>, Vec<usize>, bool)> {
        let tree = v.tree.as_ref()?;
        let lower = |i: usize| v.low(i).to_string();
        let t = hit.trigger();
        // Role-only phrases that are part of the pattern ("deployed warships") are not actors.
        let in_pattern = |m: &Mention| {
            !m.actor.code.has_principal()
                && hit
                    .words
                    .iter()
                    .any(|&w| m.actor.first_token <= w && w < m.actor.end_token)
        };
        let mention_of = |tok: usize| -> Option<usize> {
            tree.phrase(tok).into_iter().find_map(|x| {
                mentions
                    .iter()
                    .position(|m| m.actor.first_token <= x && x < m.actor.end_token)
                    .filter(|&k| !reporters.contains(&k) && !in_pattern(&mentions[k]))
            })
        };
        let with_conjuncts = |tok: usize| -> Vec<usize> {
            let mut out: Vec<usize> = Vec::new();
            for c in tree.conjuncts(tok) {
                if let Some(k) = mention_of(c) {
                    if !out.contains(&k) {
                        out.push(k);
                    }
                }
            }
            out
        };
        let pattern_words: Vec<usize> = hit.words.clone();
        let mut passive_agent = false;
        let (subj, obj_tokens): (Option<usize>, Vec<usize>) = if hit.nominal {
            // "Israeli shelling": an adjective actor modifying the event noun.
            let amod = tree
                .children(t)
                .find(|(c, r)| {
                    *r == "amod"
                        && mention_of(*c).is_some_and(|k| mentions[k].kind == ActorKind::Adjective)
                })
                .map(|(c, _)| c);
            (
                tree.nominal_actor(t, &lower).or(amod),
                tree.objects(&pattern_words, &lower),
            )
        } else if let Some(ps) = tree.passive_subject(t) {
            passive_agent = true;
            (tree.agent(t, &lower), vec![ps])
        } else {
            (
                tree.subject(t, &lower),
                tree.objects(&pattern_words, &lower),
            )
        };
        let subj = subj?;
        let mut sources = with_conjuncts(subj);
        if passive_agent {
            sources.retain(|&k| !modifies_a_thing(v, &mentions[k], mentions));
        }
        let mut targets = Vec::new();
        for o in &obj_tokens {
            let ts = with_conjuncts(*o);
            if !ts.is_empty() {
                targets = ts;
                break;
            }
        }
        targets.retain(|k| !sources.contains(k));
        Some((sources, targets, !obj_tokens.is_empty()))
    }

    /// The first place-like mention (country, capital, city) after the pattern in its clause.
    fn place_after(
        &self,
        v: &View<'_>,
        hit: &PatternHit,
        mentions: &[Mention],
        reporters: &HashSet<usize>,
        sources: &[usize],
        next_trigger: Option<usize>,
    ) -> Vec<usize> {
        let last = hit.last();
        let stop = next_trigger.unwrap_or(v.s1).min(last + 12);
        for (k, m) in mentions.iter().enumerate() {
            if m.actor.first_token <= last || m.actor.first_token >= stop {
                continue;
            }
            if (last + 1..m.actor.first_token)
                .any(|j| is_in(CLAUSE_BREAKS, v.low(j)) || is_reporting(v.low(j)))
            {
                break;
            }
            let placeish = matches!(
                m.kind,
                ActorKind::Country | ActorKind::Capital | ActorKind::City
            );
            let gov = v.governing_word(m.actor.first_token);
            if placeish
                && gov.is_some_and(|g| is_in(LOCATIVE, g))
                && !reporters.contains(&k)
                && !sources.contains(&k)
            {
                return vec![k];
            }
        }
        Vec::new()
    }

    /// The actor of a nominal event: a possessor ("Shoigu's visit to"), the subject of a
    /// light verb ("X held talks with", "X was in talks with"), or nobody.
    fn nominal_source(
        &self,
        v: &View<'_>,
        hit: &PatternHit,
        mentions: &[Mention],
        reporters: &HashSet<usize>,
        objects: &HashSet<usize>,
    ) -> Vec<usize> {
        let t = hit.trigger();
        let mut j = t;
        while j > v.s0 && t - j < 8 {
            j -= 1;
            let w = v.low(j);
            if w == "'s" {
                return match mentions.iter().position(|m| m.actor.end_token == j) {
                    Some(k) if !reporters.contains(&k) => vec![k],
                    _ => Vec::new(),
                };
            }
            if let Some(k) = mentions.iter().position(|m| m.actor.end_token == j + 1) {
                // "Israeli shelling", "US air strikes": the adjective names the actor.
                if matches!(
                    mentions[k].kind,
                    ActorKind::Adjective | ActorKind::Country | ActorKind::Organization
                ) && !reporters.contains(&k)
                {
                    return vec![k];
                }
                break;
            }
            let light = if w == "in" {
                // "was (already) in talks with"
                (j.saturating_sub(3).max(v.s0)..j).any(|x| is_in(PASSIVE_AUX, v.low(x)))
            } else {
                // "provide 25,000 tons of food aid": the giver of the noun's event.
                is_in(LIGHT_VERBS, w) || is_in(SUPPLY_VERBS, w)
            };
            if light {
                return self.subject_before(v, j, mentions, reporters, objects);
            }
            // "$4.5 billion in aid": a quantity and its preposition sit before the noun.
            // "25,000 tons of aid": a number and a measure noun, too.
            let quantity_prep = matches!(w, "in" | "of")
                && j > v.s0
                && (matches!(v.upos(j - 1), Some(Upos::Num))
                    || is_quantity(v.low(j - 1))
                    || j > v.s0 + 1
                        && matches!(v.upos(j - 1), Some(Upos::Noun))
                        && matches!(v.upos(j - 2), Some(Upos::Num)));
            let filler = is_in(DETERMINERS, w)
                || quantity_prep
                || matches!(v.upos(j), Some(Upos::Sym))
                || w == ","
                || matches!(
                    v.upos(j),
                    Some(Upos::Adj | Upos::Adv | Upos::Noun | Upos::Num)
                )
                || v.upos(j).is_none()
                    && !mentions
                        .iter()
                        .any(|m| m.actor.first_token <= j && j < m.actor.end_token);
            if !filler {
                break;
            }
        }
        Vec::new()
    }

    /// Passive: a participle after a form of "be" ("was released by").
    fn is_passive(&self, v: &View<'_>, hit: &PatternHit, mentions: &[Mention]) -> bool {
        let t = hit.trigger();
        let form = v.low(t);
        let participle = form.ends_with("ed")
            || form.ends_with("en")
            || form.ends_with('n')
            || form.ends_with('t');
        if !participle || v.low(t + 1) == "to" || t == v.s0 || is_in(STATE_PARTICIPLES, form) {
            return false;
        }
        // "The African Union called on Ethiopia and Eritrea to …": an actor in the pattern's
        // object slot means the verb has its object, so it is active.
        if hit.slot.is_some_and(|(a, _)| v.low(a) != "by") {
            return false;
        }
        // "Thousands of Kurds rallied in Erbil": a verb that takes no object has no passive,
        // so its participle after a noun is a past tense whatever the tagger says.
        if is_in(INTRANSITIVE_PARTICIPLES, form) && v.low(t + 1) != "by" {
            return false;
        }
        // Reduced relative: "the civilians imprisoned for …", "officials accused of …".
        let vbn = v
            .tags
            .and_then(|tags| tags.get(t - v.s0))
            .is_some_and(|x| x.xpos == "VBN");
        // Without tags only a common noun before the participle makes it a reduced relative
        // ("officials accused of"); after a name it is a plain past tense ("Wang Yi reaffirmed on").
        // "talks mediated by Qatar": a common noun, the "-ed" form and an agent after "by" are a
        // reduced relative even when the tagger reads a past tense.
        let agent_follows = v.low(t + 1) == "by"
            && mentions
                .iter()
                .any(|m| m.actor.first_token > t + 1 && m.actor.first_token <= t + 3);
        let after_noun = t > v.s0
            && match v.tags {
                Some(_) => {
                    (vbn || agent_follows && form.ends_with("ed"))
                        && matches!(v.upos(t - 1), Some(Upos::Noun | Upos::Propn))
                        && !(agent_follows && !vbn && matches!(v.upos(t - 1), Some(Upos::Propn)))
                }
                None => mentions
                    .iter()
                    .any(|m| m.actor.end_token == t && m.kind == ActorKind::Role),
            };
        // The parse may know better: a participle that heads the sentence with a subject
        // of its own ("Hungarian officials agreed on Wednesday that …") is the main verb
        // in the past tense, whatever its tag.
        let main_verb = v
            .tree
            .as_ref()
            .is_some_and(|tr| tr.rel(t) == "root" && tr.child(t, "nsubj").is_some());
        // "Senior Hungarian and Romanian officials agreed on Wednesday that …": when the parse
        // hangs the participle on a noun root and no finite verb comes before it, a full
        // sentence (one ending in a full stop) has no other main verb.
        let main_verb = main_verb
            || v.low(v.s1 - 1) == "."
                && v.tree.as_ref().is_some_and(|tr| {
                    // "Soldiers loyal to Nicolas Maduro fired on protesters": the noun root
                    // may sit further up than the participle's head, when no verb comes first
                    // ("talks mediated by Qatar" after "released" is a reduced relative).
                    tr.rel(t) == "acl"
                        && tr.head(t).is_some_and(|h| {
                            tr.rel(h) == "root" && matches!(v.upos(h), Some(Upos::Noun | Upos::Propn))
                        })
                        || tr.rel(t) == "acl"
                            && (v.s0..v.s1).any(|h| {
                                tr.rel(h) == "root"
                                    && matches!(v.upos(h), Some(Upos::Noun | Upos::Propn))
                            })
                            && (v.s0..t).all(|j| !matches!(v.upos(j), Some(Upos::Verb)))
                })
                && v.tags.is_some_and(|tags| {
                    tags[..t - v.s0]
                        .iter()
                        .all(|x| !matches!(x.xpos, "VBD" | "VBZ" | "VBP" | "MD"))
                })
                // "Three soldiers killed in an Israeli strike.": a caption's passive.
                && !(matches!(v.low(t + 1), "by" | "in" | "during")
                    && (t + 2..(t + 7).min(v.s1)).any(|j| is_in(WEAPON_NOUNS, v.low(j))));
        // "equipment seized last year from …": a time adjunct may sit before the preposition.
        // Only before "by" or "from": "rebels surrendered last week in …" stays active.
        let mut p = t + 1;
        while p < v.s1 && p <= t + 3 && is_in(PARTICIPLE_ADJUNCTS, v.low(p)) {
            p += 1;
        }
        if p > t + 1 && !matches!(v.low(p), "by" | "from") {
            p = t + 1;
        }
        // "killed at least 20 people": "at least" counts the object, it is no preposition.
        let quantity_next = v.low(t + 1) == "at" && matches!(v.low(t + 2), "least" | "most");
        if (vbn || form.ends_with("ed"))
            && (matches!(
                v.low(p),
                "by" | "for" | "in" | "on" | "at" | "over" | "during" | "after" | "of"
            ) || p > t + 1)
            && !quantity_next
            && after_noun
            && !main_verb
        {
            return true;
        }
        let mut j = t;
        let mut steps = 0;
        while j > v.s0 && steps < 3 {
            j -= 1;
            steps += 1;
            let w = v.low(j);
            if is_in(PASSIVE_AUX, w) {
                return true;
            }
            if !(w.ends_with("ly") || w == "not" || w == "n't" || w == "also" || w == "reportedly")
            {
                return false;
            }
        }
        false
    }

    /// The agent of a passive: the mention after "by".
    fn agent_after(
        &self,
        v: &View<'_>,
        hit: &PatternHit,
        mentions: &[Mention],
        reporters: &HashSet<usize>,
    ) -> Vec<usize> {
        let end = hit.last();
        for j in end + 1..(end + 8).min(v.s1) {
            if v.low(j) == "by" {
                if let Some(k) = mentions
                    .iter()
                    .position(|m| m.actor.first_token > j && m.actor.first_token <= j + 3)
                {
                    if !reporters.contains(&k) && !modifies_a_thing(v, &mentions[k], mentions) {
                        return coordinated(v, mentions, k, Side::After);
                    }
                }
                if let Some(k) = weapon_user(v, j, mentions, reporters) {
                    return coordinated(v, mentions, k, Side::After);
                }
                break;
            }
            if is_in(CLAUSE_BREAKS, v.low(j)) {
                break;
            }
        }
        // "were killed in an Israeli air strike", "wounded during US raids": the actor
        // that modifies the event noun of the prepositional phrase is the agent.
        if matches!(v.low(end + 1), "in" | "during") {
            let mut a = end + 2;
            while a < v.s1 && is_in(DETERMINERS, v.low(a)) {
                a += 1;
            }
            if let Some(k) = mentions.iter().position(|m| m.actor.first_token == a) {
                let m = &mentions[k];
                let modifier = matches!(
                    m.kind,
                    ActorKind::Adjective | ActorKind::Country | ActorKind::Organization
                );
                let head_noun = matches!(v.upos(m.actor.end_token), Some(Upos::Noun));
                if modifier && head_noun && !reporters.contains(&k) {
                    return vec![k];
                }
            }
        }
        Vec::new()
    }

    /// The subject: the nearest mention before the trigger that is not governed by a
    /// preposition, not a reporter and not an earlier verb's object; with its conjuncts.
    fn subject_before(
        &self,
        v: &View<'_>,
        trigger: usize,
        mentions: &[Mention],
        reporters: &HashSet<usize>,
        objects: &HashSet<usize>,
    ) -> Vec<usize> {
        // A relative clause ("the group that has seized …", "X, who visited …"): the
        // subject is the antecedent just before the relative pronoun, or nobody we know.
        let mut j = trigger;
        while j > v.s0 && trigger - j < 6 {
            j -= 1;
            let w = v.low(j);
            if mentions
                .iter()
                .any(|m| m.actor.first_token <= j && j < m.actor.end_token)
                || w == "," && j + 1 < trigger && !matches!(v.low(j + 1), "who" | "which")
            {
                break;
            }
            if matches!(w, "who" | "which" | "that") {
                let mut a = j;
                if a > v.s0 && v.low(a - 1) == "," {
                    a -= 1;
                }
                if w == "that" && a > v.s0 && is_reporting(v.low(a - 1)) {
                    break; // "said that …": a complement, not a relative clause
                }
                if w == "that" && !mentions.iter().any(|m| m.actor.end_token == a) {
                    // "warned that …", "evidence that …": not a relative on an actor
                    let prev = if a > v.s0 { v.low(a - 1) } else { "" };
                    if prev.ends_with("ed") || prev.ends_with('s') || is_reporting(prev) {
                        break;
                    }
                }
                return match mentions.iter().position(|m| m.actor.end_token == a) {
                    Some(k) if !reporters.contains(&k) => vec![k],
                    _ => Vec::new(),
                };
            }
        }
        for (k, m) in mentions.iter().enumerate().rev() {
            if m.actor.end_token > trigger {
                continue;
            }
            // "government-held", "US-led": a mention glued to a hyphen is a modifier.
            if v.low(m.actor.end_token) == "-" {
                continue;
            }
            // A semicolon between the mention and the trigger ends the search.
            if (m.actor.end_token..trigger).any(|j| v.low(j) == ";") {
                break;
            }
            if reporters.contains(&k) || objects.contains(&k) {
                continue;
            }
            let governor = v.governing_word(m.actor.first_token);
            if governor.is_some_and(is_preposition) {
                // "one day after a Serbian army jet shot down a helicopter": after a
                // conjunction that is also a preposition, a mention right before a finite
                // verb (with at most two head nouns) is that clause's subject.
                // A participle tag counts when an object follows ("shot down a helicopter").
                let mut o = trigger + 1;
                while o < v.s1 && matches!(v.low(o), "down" | "up" | "off" | "out") {
                    o += 1;
                }
                // "after Hamas fired rockets at …", "after a vessel fired water cannon at":
                // a bare noun object counts too.
                let object_follows = matches!(v.upos(o), Some(Upos::Det | Upos::Num | Upos::Noun));
                let finite = v
                    .tags
                    .and_then(|tags| tags.get(trigger - v.s0))
                    .is_some_and(|x| {
                        matches!(x.xpos, "VBD" | "VBZ" | "VBP") || x.xpos == "VBN" && object_follows
                    });
                let clause_subject =
                    matches!(governor, Some("after" | "before" | "since" | "until"))
                        && finite
                        && trigger - m.actor.end_token <= 2
                        && (m.actor.end_token..trigger)
                            .all(|j| matches!(v.upos(j), Some(Upos::Noun | Upos::Propn)));
                if !clause_subject {
                    continue;
                }
            }
            // Skip a possessor: "Russia's army" is one mention; "Syria's city" is not an actor.
            let after = v.low(m.actor.end_token);
            if after == "'s" && m.actor.end_token + 1 < trigger {
                continue;
            }
            return coordinated(v, mentions, k, Side::Before);
        }
        Vec::new()
    }

    /// The object: the first actor after the pattern (or in its slot), within the clause.
    #[allow(clippy::too_many_arguments)]
    fn object_after(
        &self,
        v: &View<'_>,
        hit: &PatternHit,
        p: &VerbPattern,
        mentions: &[Mention],
        reporters: &HashSet<usize>,
        sources: &[usize],
        next_trigger: Option<usize>,
    ) -> Vec<usize> {
        // "provided aerial photographs and military intelligence to Macedonia": in a giving
        // pattern the slot holds the thing given; the receiver follows "to".
        if let Some((a, b)) = hit.slot.filter(|_| !is_giving(p)) {
            if let Some(k) = mentions
                .iter()
                .position(|m| m.actor.first_token >= a && m.actor.first_token <= b)
            {
                if !reporters.contains(&k) && !sources.contains(&k) {
                    return coordinated(v, mentions, k, Side::After);
                }
            }
        }
        // An actor phrase that holds a pattern word: "expelled the French ambassador".
        if let Some(k) = mentions.iter().position(|m| {
            m.actor.code.has_principal()
                && hit.words[1..]
                    .iter()
                    .any(|&w| m.actor.first_token <= w && w < m.actor.end_token)
        }) {
            if !reporters.contains(&k) && !sources.contains(&k) {
                return vec![k];
            }
        }
        let last = hit.last();
        let ends_with_prep =
            matches!(p.words.last(), Some(PatternWord::Word(w)) if is_preposition(w));
        let limit = (last + 16).min(v.s1);
        let stop = next_trigger.unwrap_or(v.s1);
        let mut j = last + 1;
        while j < limit && j < stop {
            let w = v.low(j);
            if is_in(CLAUSE_BREAKS, w) || is_reporting(w) || is_quote_char(&v.tokens[j].form) {
                break;
            }
            // "a deal brokered by China": an agent further on belongs to another verb.
            if w == "by" && j > last + 1 {
                break;
            }
            // "met to discuss efforts to counter Islamic State": an infinitive after the
            // verb's object opens a clause of its own, and the actors in it are its own.
            if w == "to" && j > last + 1 && matches!(v.upos(j + 1), Some(Upos::Verb)) {
                break;
            }
            // "struck a school two days after Hamas fired rockets at Tel Aviv": a time
            // conjunction followed by an actor opens a clause whose actors are its own.
            if j > last + 1
                && matches!(w, "after" | "before" | "since" | "until" | "when" | "while")
            {
                let mut a = j + 1;
                while a < v.s1 && is_in(DETERMINERS, v.low(a)) {
                    a += 1;
                }
                let subject = mentions.iter().any(|m| m.actor.first_token == a);
                let verb_follows = mentions
                    .iter()
                    .find(|m| m.actor.first_token == a)
                    .is_some_and(|m| {
                        matches!(v.upos(m.actor.end_token), Some(Upos::Verb | Upos::Aux))
                    });
                if subject && verb_follows {
                    break;
                }
            }
            if w == "," {
                // A comma followed by a reporter or a new clause ends the object search.
                let nxt = v.low(j + 1);
                if is_in(CLAUSE_BREAKS, nxt) || nxt == "and" || nxt == "but" {
                    break;
                }
                if mentions
                    .iter()
                    .enumerate()
                    .any(|(k, m)| m.actor.first_token == j + 1 && reporters.contains(&k))
                {
                    break;
                }
                // "If Azerbaijan attacks again, Armenia will strike": an actor followed by a
                // verb after the comma is the subject of the next clause.
                if mentions.iter().any(|m| {
                    m.actor.first_token == j + 1
                        && matches!(v.upos(m.actor.end_token), Some(Upos::Verb | Upos::Aux))
                }) {
                    break;
                }
            }
            if let Some(k) = mentions.iter().position(|m| m.actor.first_token == j) {
                let m = &mentions[k];
                let directly = j == last + 1 && ends_with_prep;
                let gov = v.governing_word(j);
                // "condemned the coup in Niger": a place after the verb's object belongs to it;
                // "met in Zurich", "held talks in Geneva": a place right after the verb is a location.
                let prep_at = (last + 1..j).rev().find(|&x| is_preposition(v.low(x)));
                let after_object = prep_at.is_some_and(|x| {
                    x > last + 1 && !(last + 1..x).any(|y| is_preposition(v.low(y)))
                });
                let locative = gov.is_some_and(|g| is_in(LOCATIVE, g))
                    && !(directly || gov == Some("at") && ends_with_prep || after_object);
                // "US-led", "government-held" modify; "Greek-owned", "British-flagged" name
                // the owner of the thing acted on.
                let possessor = v.low(m.actor.end_token) == "-"
                    && !is_in(OWNER_SUFFIXES, v.low(m.actor.end_token + 1));
                if !reporters.contains(&k) && !sources.contains(&k) && !locative && !possessor {
                    return coordinated(v, mentions, k, Side::After);
                }
                j = m.actor.end_token;
                continue;
            }
            j += 1;
        }
        Vec::new()
    }

    /// The actor opening the clause after a verb at `verb` ("complained that Croatian
    /// authorities …"): the first mention within a few words past "that" or the comma,
    /// time adjuncts skipped, and no verb before it.
    fn clause_subject(
        &self,
        v: &View<'_>,
        verb: usize,
        mentions: &[Mention],
        reporters: &HashSet<usize>,
        sources: &[usize],
    ) -> Vec<usize> {
        let mut i = verb + 1;
        while i < v.s1 && (is_report_adjunct(v.low(i)) || v.low(i) == "that") {
            i += 1;
        }
        mentions
            .iter()
            .enumerate()
            .find(|(k, m)| {
                m.actor.first_token >= i
                    && m.actor.first_token <= i + 2
                    && !reporters.contains(k)
                    && !sources.contains(k)
                    && (i..m.actor.first_token).all(|j| !matches!(v.upos(j), Some(Upos::Verb)))
            })
            .map(|(k, _)| vec![k])
            .unwrap_or_default()
    }

    /// True when the event's clause says it must happen ("Libya must hand over", "Iraq
    /// has to cooperate"): an obligation stated by someone else, not an event.
    fn obligation(
        &self,
        v: &View<'_>,
        hit: &PatternHit,
        mentions: &[Mention],
        sources: &[usize],
    ) -> bool {
        let t = hit.trigger();
        if v.low(t) == "must" {
            return true;
        }
        let from = clause_start(v, t, mentions, sources, 4);
        (from..t).any(|j| {
            let w = v.low(j);
            w == "must" || (matches!(w, "has" | "have") && v.low(j + 1) == "to")
        })
    }

    /// Whether the event's clause commits its source to it ("will", "agreed to",
    /// "pledged to", "is ready to", reported "would"), not merely schedules or hopes for it,
    /// and whether that commitment is a promise made to a partner ("pledged", "agreed").
    fn commitment(
        &self,
        v: &View<'_>,
        hit: &PatternHit,
        mentions: &[Mention],
        sources: &[usize],
    ) -> Commit {
        let t = hit.trigger();
        let from = clause_start(v, t, mentions, sources, 5)
            .max(t.saturating_sub(8))
            .max(v.s0);
        let backshifted = (v.s0..from).any(|j| is_reporting(v.low(j)));
        let mut commit = Commit::None;
        for j in from..t {
            let w = v.low(j);
            if is_in(DECISIONS, w) {
                return Commit::Decision;
            }
            // "prepared to attack" as a finite verb, "preparing to", "poised to"; not the
            // willingness of "is prepared to negotiate".
            let be_before = j > v.s0 && is_in(PASSIVE_AUX, v.low(j - 1));
            if matches!(w, "preparing" | "prepares" | "poised") || w == "prepared" && !be_before {
                return Commit::Preparation;
            }
            if is_in(PROMISES, w) {
                return Commit::Promise;
            }
            if is_in(COMMITMENTS, w) || w == "would" && backshifted {
                commit = Commit::Plain;
            }
        }
        commit
    }

    fn modality(
        &self,
        v: &View<'_>,
        hit: &PatternHit,
        mentions: &[Mention],
        sources: &[usize],
    ) -> Modality {
        let t = hit.trigger();
        let from = clause_start(v, t, mentions, sources, 5)
            .max(t.saturating_sub(8))
            .max(v.s0);
        let window: Vec<&str> = (from..t).map(|j| v.low(j)).collect();
        let has = |list: &[&str]| window.iter().any(|w| is_in(list, w));
        // "Iraq said it would allow …": reported speech shifts "will" back to "would".
        let backshifted = (v.s0..from).any(|j| is_reporting(v.low(j)));
        let near_neg = (t.saturating_sub(4).max(from)..t).any(|j| is_in(NEGATORS, v.low(j)))
            || (t > v.s0 && v.low(t - 1) == "no");
        // "X denied that Y attacked Z": the denial covers the complement clause.
        let src_start = sources
            .iter()
            .map(|&k| mentions[k].actor.first_token)
            .min()
            .unwrap_or(t);
        let denied_clause = src_start >= v.s0 + 2
            && v.low(src_start - 1) == "that"
            && is_in(DENIALS, v.low(src_start - 2));
        if has(DENIALS) || denied_clause {
            Modality::Denied
        } else if near_neg {
            Modality::Negated
        } else if (v.s0..t)
            .rev()
            .find(|&j| is_in(CONDITIONS, v.low(j)))
            // "If Iran enriches uranium, Israel will strike": past the condition's comma the
            // main clause is a warning about the future, not itself a condition.
            .is_some_and(|c| !(c + 1..t).any(|j| v.low(j) == ","))
        {
            Modality::Conditional
        } else if window
            .iter()
            .any(|w| is_in(HEDGES, w) && !(*w == "would" && backshifted))
        {
            Modality::Hedged
        } else if has(INTENT)
            || backshifted
                && window.contains(&"would")
                && !self
                    .dicts
                    .verbs
                    .pattern(hit.pattern)
                    .code
                    .as_str()
                    .starts_with("03")
        {
            Modality::Intended
        } else {
            Modality::Asserted
        }
    }
}

/// True when the passive verb at `trigger` has one of `targets` as its grammatical subject
/// right before its auxiliary ("three soldiers were killed", "a missionary was arrested"), not
/// an actor further back ("… before aid to the region is released").
fn passive_subject(v: &View<'_>, trigger: usize, mentions: &[Mention], targets: &[usize]) -> bool {
    targets.iter().any(|&t| {
        let end = mentions[t].actor.end_token;
        end < trigger
            && trigger - end <= 4
            && (end..trigger).any(|j| is_in(PASSIVE_AUX, v.low(j)))
            && (end..trigger).all(|j| {
                let w = v.low(j);
                is_in(PASSIVE_AUX, w)
                    || matches!(
                        w,
                        "has"
                            | "have"
                            | "had"
                            | "not"
                            | "n't"
                            | "also"
                            | "reportedly"
                            | "allegedly"
                    )
                    || w.ends_with("ly")
            })
    })
}

/// True when the clause before the finite verb at `trigger` names a weapon or an attack and
/// no actor ("a roadside bomb killed …", "an explosion near the town wounded …"): the act of
/// force has happened, by someone unnamed. "A deal struck", "after attacking X" do not qualify.
fn weapon_subject(v: &View<'_>, trigger: usize, mentions: &[Mention]) -> bool {
    if v.low(trigger).ends_with("ing") {
        return false;
    }
    let from = trigger.saturating_sub(10).max(v.s0);
    let mut weapon = false;
    for j in (from..trigger).rev() {
        let w = v.low(j);
        if is_in(CLAUSE_BREAKS, w) || w == "," || is_reporting(w) {
            break;
        }
        if mentions
            .iter()
            .any(|m| m.actor.first_token <= j && j < m.actor.end_token)
        {
            return false;
        }
        weapon |= is_in(WEAPON_NOUNS, w);
    }
    weapon
}

/// What a noun before "to" makes of the act its infinitive names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum NounFrame {
    /// "calls to free", "a demand to withdraw": only asked for.
    Requested,
    /// "China's threat to boycott", "announced plans to withdraw": intended by `owner` (the
    /// possessor or adjective actor; `None` when the clause's subject owns it).
    Intended {
        owner: Option<usize>,
        committed: bool,
        threat: bool,
    },
    /// "frayed by an initial threat to boycott": intended by someone the sentence does not
    /// name as its owner.
    Unowned,
}

/// The frame a noun of intent or request puts around the verb at `trigger` ("threat to
/// boycott"); `None` when the verb does not follow such a noun and "to".
fn noun_frame(v: &View<'_>, trigger: usize, mentions: &[Mention]) -> Option<NounFrame> {
    if trigger < v.s0 + 2 || v.low(trigger - 1) != "to" {
        return None;
    }
    let n = trigger - 2;
    let noun = v.low(n);
    let request = is_in(REQUEST_NOUNS, noun);
    if !request && !is_in(COMMITTING_NOUNS, noun) && !is_in(SCHEDULING_NOUNS, noun) {
        return None;
    }
    let ends_at = |j: usize| mentions.iter().position(|m| m.actor.end_token == j);
    // Only the noun: "Iran threatened to", "the army plans to" are verbs.
    let determined = n > v.s0
        && (is_in(DETERMINERS, v.low(n - 1))
            || v.low(n - 1) == "'s"
            || ends_at(n).is_some()
            || matches!(v.upos(n - 1), Some(Upos::Adj)));
    // "Greece, like most other members, plans to …": right after a parenthetical's comma an
    // undetermined "plans" is the subject's verb, whatever the tagger says.
    let after_comma = n > v.s0 && v.low(n - 1) == ",";
    let is_noun = match v.upos(n) {
        Some(u) => u == Upos::Noun && (determined || v.tags.is_some() && !after_comma),
        None => determined,
    };
    if !is_noun {
        return None;
    }
    if request {
        return Some(NounFrame::Requested);
    }
    let committed = is_in(COMMITTING_NOUNS, noun);
    let threat = matches!(noun, "threat" | "threats");
    // Adjectives before the noun: "an initial threat", "China's repeated threats".
    let mut j = n;
    while j > v.s0 && n - j < 3 && ends_at(j).is_none() && matches!(v.upos(j - 1), Some(Upos::Adj))
    {
        j -= 1;
    }
    let owner = ends_at(j).or_else(|| {
        (j > v.s0 + 1 && v.low(j - 1) == "'s")
            .then(|| ends_at(j - 1))
            .flatten()
    });
    if owner.is_some() {
        return Some(NounFrame::Intended {
            owner,
            committed,
            threat,
        });
    }
    let mut d = j;
    if d > v.s0 && is_in(DETERMINERS, v.low(d - 1)) {
        d -= 1;
    }
    let possessive = matches!(v.low(d), "its" | "their" | "his" | "her" | "our");
    // "announced plans to", "made a threat to"; a bare plural after any verb is the verb's
    // subject's too ("cancel plans to sell").
    let light = d > v.s0
        && (is_in(INTENT_NOUN_VERBS, v.low(d - 1))
            || d == n && matches!(v.upos(d - 1), Some(Upos::Verb | Upos::Aux)));
    if possessive || light {
        Some(NounFrame::Intended {
            owner: None,
            committed,
            threat,
        })
    } else {
        Some(NounFrame::Unowned)
    }
}

/// True when the trigger at `t` is the verb of a "that" clause on a noun of request ("their
/// demand that the government release the prisoners", "an order that troops leave the
/// city"): the act is asked for, not done. Only the clause's subject (no other verb, no
/// comma) may lie between "that" and the trigger.
fn requested_by_noun_clause(v: &View<'_>, t: usize) -> bool {
    let mut j = t;
    while j > v.s0 + 1 && t - j < 8 {
        j -= 1;
        let w = v.low(j);
        if w == "that" {
            let n = j - 1;
            let noun = match v.upos(n) {
                Some(u) => u == Upos::Noun,
                None => n > v.s0 && is_in(DETERMINERS, v.low(n - 1)),
            };
            return noun && is_in(REQUEST_NOUNS, v.low(n));
        }
        let verb = matches!(v.upos(j), Some(Upos::Verb));
        if verb || matches!(w, "," | ";" | ":" | "and" | "but") {
            return false;
        }
    }
    false
}

/// True when `b` is `a` itself or an unspecified part of it ("France" and "Paris", "Syria"
/// and "its troops" are not two sides of an interaction).
fn is_self(a: &Mention, b: &Mention) -> bool {
    let (x, y) = (&a.actor.code, &b.actor.code);
    let possessed = b.actor.rule.ends_with("+possessive");
    one_actor(
        x,
        y,
        a.kind == ActorKind::People,
        b.kind == ActorKind::People,
    ) || x.has_principal() && x.principal() == y.principal() && possessed
}

/// True when two events have the same code, source code and target code.
fn same_coding(a: &Event, b: &Event) -> bool {
    let code = |m: &Option<ActorMention>| m.as_ref().map(|m| m.code.clone());
    a.code == b.code && code(&a.source) == code(&b.source) && code(&a.target) == code(&b.target)
}

/// True when two codes name one actor: the same code, or a country and an unspecified part
/// of it ("France … alleging Paris"). A people facing its own state ("Georgians protested
/// against the government") and a country facing its own rebels or opposition ("Colombia
/// suspended talks with the ELN") are two sides; only a country's state organs are itself.
fn one_actor(x: &ActorCode, y: &ActorCode, people_x: bool, people_y: bool) -> bool {
    let non_state = |c: &ActorCode| {
        c.roles()
            .any(|r| !matches!(r, "GOV" | "MIL" | "COP" | "JUD" | "LEG" | "SPY"))
    };
    let bare = |c: &ActorCode| c.roles().next().is_none();
    let people_and_state = people_x && !bare(y) || people_y && !bare(x);
    let unspecific = (bare(x) && !non_state(y) || bare(y) && !non_state(x)) && !people_and_state;
    x == y || x.has_principal() && x.principal() == y.principal() && unspecific
}

/// True when the "-ing" form at `i` heads a noun phrase: one to three nouns or
/// adjectives before it, and before them a determiner or a preposition ("in Israeli tank
/// shelling", "after the museum shooting"). Needs tags.
fn gerund_heads_np(v: &View<'_>, i: usize) -> bool {
    let mut j = i;
    while j > v.s0
        && i - j < 3
        && matches!(v.upos(j - 1), Some(Upos::Noun | Upos::Adj | Upos::Propn))
    {
        j -= 1;
    }
    // "a declaration demanding that …", "a statement condemning the attack": an "-ing"
    // form that takes an object or a clause is a participle after its noun.
    let takes_object = matches!(
        v.upos(i + 1),
        Some(Upos::Det | Upos::Pron | Upos::Propn | Upos::Sconj | Upos::Num)
    ) || v.low(i + 1) == "that"
        // "rallied in Erbil calling for independence": a verb-tagged "-ing" form with
        // "for" asks for something; it is a participle, not a noun.
        || v.low(i + 1) == "for" && matches!(v.upos(i), Some(Upos::Verb));
    j < i
        && j > v.s0
        && !takes_object
        && (is_in(DETERMINERS, v.low(j - 1)) || is_preposition(v.low(j - 1)))
        && !matches!(v.upos(j - 1), Some(Upos::Verb | Upos::Aux))
}

/// True for an appeal or demand whose object is asked to do something: "urge * to",
/// "call on * to", "order * to". The act in the infinitive is not an event of its own.
/// "killed by the Malaysia Airlines flight MH17 crash": a country or organisation name
/// followed by a run of nouns none of which is an attacker, a weapon or a role names a
/// thing (a flight, a crash), not the agent.
fn modifies_a_thing(v: &View<'_>, m: &Mention, mentions: &[Mention]) -> bool {
    if !matches!(m.kind, ActorKind::Country | ActorKind::Organization) {
        return false;
    }
    let mut j = m.actor.end_token;
    let mut nouns = 0;
    while j < v.s1 && matches!(v.upos(j), Some(Upos::Noun | Upos::Propn)) {
        if is_in(WEAPON_NOUNS, v.low(j)) || mentions.iter().any(|n| n.actor.first_token == j) {
            return false;
        }
        nouns += 1;
        j += 1;
    }
    nouns > 0
}

/// The country or place after "from" that an attack came from ("rockets fired at Israel
/// from Gaza"), in the words right after the pattern's trigger, inside its clause.
fn fired_from(
    v: &View<'_>,
    hit: &PatternHit,
    mentions: &[Mention],
    reporters: &HashSet<usize>,
) -> Vec<usize> {
    let t = hit.trigger();
    let end = (hit.last() + 8).min(v.s1);
    for j in t + 1..end {
        let w = v.low(j);
        if is_in(CLAUSE_BREAKS, w) || w == "," || w == "." {
            break;
        }
        if w != "from" {
            continue;
        }
        let mut a = j + 1;
        while a < v.s1 && (is_in(DETERMINERS, v.low(a)) || is_in(DIRECTIONS, v.low(a))) {
            a += 1;
        }
        if let Some(k) = mentions.iter().position(|m| {
            m.actor.first_token == a && matches!(m.kind, ActorKind::Country | ActorKind::City)
        }) {
            if !reporters.contains(&k) {
                return vec![k];
            }
        }
        break;
    }
    Vec::new()
}

/// "Obama is being pressured by Congress to help Iran", "Iran was urged to free …": the act
/// right after the "to" of a passive verb of asking is only asked for, not done.
fn asked_in_passive(v: &View<'_>, t: usize) -> bool {
    if t < v.s0 + 3 || v.low(t - 1) != "to" {
        return false;
    }
    let mut k = t - 1;
    while k > v.s0 && k + 8 > t {
        k -= 1;
        let w = v.low(k);
        if is_in(CLAUSE_BREAKS, w) || w == "," || w == "." {
            return false;
        }
        if is_in(REQUEST_PARTICIPLES, w) {
            let mut j = k;
            while j > v.s0 && (v.low(j - 1).ends_with("ly") || v.low(j - 1) == "being") {
                j -= 1;
            }
            return j > v.s0 && is_in(PASSIVE_AUX, v.low(j - 1));
        }
    }
    false
}

/// The "to" that follows the actors an appeal is addressed to ("called on [Israel and
/// Hamas] to …"), when only those actors, determiners and "and" come between.
fn infinitive_after_addressees(v: &View<'_>, last: usize, mentions: &[Mention]) -> Option<usize> {
    let mut j = last + 1;
    let mut addressed = false;
    while j < v.s1 {
        if let Some(m) = mentions
            .iter()
            .find(|m| m.actor.first_token <= j && j < m.actor.end_token)
        {
            addressed = true;
            j = m.actor.end_token;
            continue;
        }
        let w = v.low(j);
        if w == "to" {
            return addressed.then_some(j);
        }
        // "called on his supporters to boycott": addressees that are no actor we know.
        let possessive = matches!(w, "his" | "her" | "its" | "their" | "our" | "all");
        let noun = matches!(v.upos(j), Some(Upos::Noun)) && j <= last + 4;
        if noun {
            addressed = true;
        } else if !(is_in(DETERMINERS, w) || possessive || matches!(w, "and" | "both")) {
            return None;
        }
        j += 1;
    }
    None
}

/// True for a giving pattern, "provide * to": its slot holds the thing given, and the
/// receiver follows "to".
fn is_giving(p: &VerbPattern) -> bool {
    matches!(p.code.root(), 6 | 7)
        && matches!(p.words.as_slice(), [PatternWord::Word(_), PatternWord::Slot, PatternWord::Word(w)] if w == "to")
}

/// True for the pattern that is the modal "must" alone (see [`Coder::obligation`]).
fn is_bare_obligation(p: &VerbPattern) -> bool {
    matches!(p.words.as_slice(), [PatternWord::Word(w)] if w == "must")
}

fn requests_infinitive(p: &VerbPattern) -> bool {
    // Appeals and demands ask for the act; permissions (08, "allow * to") only allow it.
    matches!(p.code.root(), 2 | 8 | 10)
        && p.words.iter().any(|w| matches!(w, PatternWord::Slot))
        && matches!(p.words.last(), Some(PatternWord::Word(w)) if w == "to")
}

/// True when the verb at `t` heads a participial adjunct of the clause before it:
/// ", killing eight people", ", wounding two". An "-ing" form right after a comma (or
/// after ", and") whose subject is not written.
fn is_participial_adjunct(v: &View<'_>, t: usize) -> bool {
    let w = v.low(t);
    let comma_before = t > v.s0 + 1
        && (v.low(t - 1) == "," || v.low(t - 1) == "and" && t > v.s0 + 2 && v.low(t - 2) == ",");
    w.len() > 4
        && w.ends_with("ing")
        && comma_before
        && v.upos(t).is_none_or(|u| matches!(u, Upos::Verb))
}

/// Codes whose target, when no actor is named, is the place where the event happens:
/// visits, protests, shows of force, and uses of force against an unnamed victim ("an
/// attack on a mall in Kenya" is an attack on Kenya, CAMEO's convention).
fn takes_place_as_target(code: CameoCode) -> bool {
    let c = code.as_str();
    c.starts_with("042")
        || c.starts_with("043")
        || c.starts_with("044")
        || matches!(code.root(), 14 | 15 | 18..=20)
}

/// A pattern that can start with a noun: its trigger appears as written (or as a plural)
/// and is followed by a preposition ("visit to", "talks with", "attack on").
fn is_noun_pattern(p: &VerbPattern, form: &str) -> bool {
    let trig = p.trigger();
    let plain = form == trig
        || form.strip_suffix('s') == Some(trig)
        || form.strip_suffix("es") == Some(trig);
    let second_is_prep = matches!(p.words.get(1), Some(PatternWord::Word(w)) if is_preposition(w));
    plain && (p.words.len() == 1 || second_is_prep)
}

/// Which way [`coordinated`] walks from its mention.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    /// Conjuncts before the mention ("Britain and France" from "France").
    Before,
    /// Conjuncts after the mention ("Britain and France" from "Britain").
    After,
}

/// Mentions joined to mention `k` by "and" or commas on one side of it, in text order,
/// `k` included.
fn coordinated(v: &View<'_>, mentions: &[Mention], k: usize, side: Side) -> Vec<usize> {
    let mut out = vec![k];
    let mut i = k;
    loop {
        let (a, b) = match side {
            Side::Before if i > 0 => (i - 1, i),
            Side::After if i + 1 < mentions.len() => (i, i + 1),
            _ => break,
        };
        let gap: Vec<&str> = (mentions[a].actor.end_token..mentions[b].actor.first_token)
            .map(|j| v.low(j))
            .collect();
        if gap.is_empty()
            || gap.len() > 3
            || !gap.iter().all(|g| matches!(*g, "," | "and" | "the"))
            || gap.iter().all(|g| *g == "the")
        {
            break;
        }
        i = if side == Side::Before { a } else { b };
        out.push(i);
    }
    if side == Side::Before {
        out.reverse();
    }
    require_and(v, mentions, out, k)
}

/// Replaces a "they" that stands for coordinated actors ([`THEY_COORDINATED`]) by the
/// actors of that coordination: the chain of the last mention before it with its code.
fn widen_they(v: &View<'_>, mentions: &[Mention], list: Vec<usize>) -> Vec<usize> {
    if !list
        .iter()
        .any(|&k| mentions[k].actor.rule == THEY_COORDINATED)
    {
        return list;
    }
    let mut out = Vec::new();
    for k in list {
        let chain = (mentions[k].actor.rule == THEY_COORDINATED)
            .then(|| {
                (0..k).rev().find(|&j| {
                    mentions[j].actor.code == mentions[k].actor.code
                        && mentions[j].actor.rule != THEY_COORDINATED
                })
            })
            .flatten()
            .map(|j| coordinated(v, mentions, j, Side::Before))
            .filter(|c| c.len() >= 2)
            .unwrap_or_else(|| vec![k]);
        for c in chain {
            if !out.contains(&c) {
                out.push(c);
            }
        }
    }
    out
}

/// A chain of mentions joined only by commas is an apposition ("Iraq, General
/// Petraeus"), not a coordination: keep the chain only when an "and" joins it.
fn require_and(v: &View<'_>, mentions: &[Mention], chain: Vec<usize>, k: usize) -> Vec<usize> {
    if chain.len() < 2 {
        return chain;
    }
    let has_and = chain.windows(2).any(|w| {
        (mentions[w[0]].actor.end_token..mentions[w[1]].actor.first_token)
            .any(|j| v.low(j) == "and")
    });
    if has_and {
        chain
    } else {
        vec![k]
    }
}

/// Codes that describe a joint action, coded in both directions when two actors do it together.
fn is_reciprocal(code: CameoCode) -> bool {
    matches!(code.root(), 3..=6)
        || code.as_str().starts_with("19")
        || code.as_str().starts_with("087")
}

/// Roles of people who act where they are: protesters, civilians, police, unidentified gunmen,
/// criminals, workers, journalists, students, medics, refugees. Officials, soldiers and
/// rebels travel and meet abroad, so a place does not name their country.
const LOCAL_ROLES: &[&str] = &[
    "OPP", "CVL", "COP", "UAF", "CRM", "LAB", "MED", "EDU", "HLH", "REF",
];

/// "Protesters in Nairobi clashed with police", "gunmen attacked a hotel in Kabul": a local
/// role noun with no country of its own takes the country of the one place the sentence
/// names after a locative preposition ("in", "at", "near", "in the northern city of"), as
/// CAMEO coders read a domestic actor. With places in two countries, nothing changes.
fn localise_roles(mentions: &mut [Mention], tokens: &[Token], s0: usize) {
    // "government forces bombed Idlib": a bare government, its forces or its police are
    // the government of the place, as CAMEO coders read them.
    let domestic_state = |m: &Mention| {
        m.actor.name.to_lowercase().contains("government")
            && m.actor
                .code
                .roles()
                .next()
                .is_some_and(|r| matches!(r, "GOV" | "MIL" | "COP"))
    };
    let local = |m: &Mention| {
        m.kind == ActorKind::Role
            && !m.actor.code.has_principal()
            && m.actor
                .code
                .roles()
                .next()
                .is_some_and(|r| is_in(LOCAL_ROLES, r))
            || m.kind == ActorKind::Role && !m.actor.code.has_principal() && domestic_state(m)
    };
    if !mentions.iter().any(local) {
        return;
    }
    let mut place: Option<usize> = None;
    for (k, m) in mentions.iter().enumerate() {
        let is_place = matches!(
            m.kind,
            ActorKind::Country | ActorKind::Capital | ActorKind::City
        ) && m.actor.code.has_principal()
            && !m.actor.code.as_str().starts_with("IGO")
            && after_locative(tokens, m.actor.first_token, s0);
        // "Protesters in Tbilisi clashed with riot police": a city already joined to a role
        // phrase still names where the sentence happens.
        let joined_city = m.actor.rule.starts_with("roles.txt:")
            && m.actor.code.has_principal()
            && m.actor
                .code
                .roles()
                .next()
                .is_some_and(|r| is_in(LOCAL_ROLES, r) || r == "REB")
            && m.actor.rule.split('+').skip(1).any(|part| {
                part.starts_with("countries.txt:")
                    && (part.ends_with(":capital")
                        || part.ends_with(":cities")
                        || part.ends_with(":names")
                            && tokens[m.actor.first_token..m.actor.end_token]
                                .iter()
                                .any(|t| t.form == "in"))
            });
        let is_place = is_place || joined_city;
        if !is_place {
            continue;
        }
        match place {
            Some(p) if mentions[p].actor.code.principal() != m.actor.code.principal() => return,
            Some(_) => {}
            None => place = Some(k),
        }
    }
    let Some(p) = place else { return };
    let principal = mentions[p].actor.code.principal().to_string();
    for m in mentions.iter_mut() {
        if local(m) {
            m.actor.code = m.actor.code.with_principal(&principal);
            m.actor.rule.push_str("+place:");
            m.actor.rule.push_str(&principal);
        }
    }
}

/// The actor named right before the weapon noun that precedes a participle ("a Houthi
/// missile fired at", "Russian drones launched at"), adjectives between allowed.
fn weapon_owner(
    v: &View<'_>,
    trigger: usize,
    mentions: &[Mention],
    reporters: &HashSet<usize>,
) -> Vec<usize> {
    if trigger < v.s0 + 2 || !is_in(WEAPON_NOUNS, v.low(trigger - 1)) {
        return Vec::new();
    }
    let mut j = trigger - 1;
    while j > v.s0 && trigger - j < 4 {
        if let Some(k) = mentions.iter().position(|m| m.actor.end_token == j) {
            return if reporters.contains(&k) || !mentions[k].actor.code.has_principal() {
                Vec::new()
            } else {
                vec![k]
            };
        }
        j -= 1;
        if !matches!(v.upos(j), Some(Upos::Adj | Upos::Noun)) {
            break;
        }
    }
    Vec::new()
}

/// True when the token at `at` follows a locative preposition, across at most four lowercase
/// words ("in Kirkuk", "in the northern city of Kirkuk").
fn after_locative(tokens: &[Token], at: usize, s0: usize) -> bool {
    let mut j = at;
    while j > s0 && at - j < 5 {
        j -= 1;
        let f = tokens[j].form.as_str();
        let lower = f.to_lowercase();
        if is_in(LOCATIVE, &lower) {
            return true;
        }
        if !f.chars().all(|c| c.is_lowercase()) {
            return false;
        }
    }
    false
}

/// "blown up by a missile fired by rebels": when the agent after `by` (at `by`) is a weapon,
/// the actor named as its user ("fired by", "launched by", "planted by" within a few words)
/// is the agent. Looks at no more than sixteen tokens.
fn weapon_user(
    v: &View<'_>,
    by: usize,
    mentions: &[Mention],
    reporters: &HashSet<usize>,
) -> Option<usize> {
    let end = (by + 16).min(v.s1);
    let weapon = (by + 1..(by + 9).min(end)).find(|&j| is_in(WEAPON_NOUNS, v.low(j)))?;
    let mut used = false;
    for j in weapon + 1..end {
        let w = v.low(j);
        if is_in(CLAUSE_BREAKS, w) || w == "," {
            return None;
        }
        if is_in(WEAPON_USES, w) {
            used = true;
        } else if w == "by" && used {
            let k = mentions
                .iter()
                .position(|m| m.actor.first_token > j && m.actor.first_token <= j + 3)?;
            return (!reporters.contains(&k)).then_some(k);
        }
    }
    None
}

/// How an intended event's clause commits its source to it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Commit {
    /// Planned, hoped for or scheduled only.
    None,
    /// A plain commitment: "will", "is ready to", reported "would", "vowed to".
    Plain,
    /// A promise to a partner: "pledged to", "promised to", "agreed to".
    Promise,
    /// A decision: "decided to"; the decided act keeps its code.
    Decision,
    /// Getting ready: "the army prepared to resume shelling", "troops are poised to"; force
    /// made ready is a show of force (15), not a spoken threat.
    Preparation,
}

/// CAMEO's conventions for events that are not asserted as done:
/// * intended force is a threat (138);
/// * cooperation the source commits to ("will provide aid", "agreed to lift sanctions", "said
///   it would allow inspectors") is its 03x expression of intent, and conflict short of force
///   its 13x threat ("will impose sanctions" → 1312), as the CAMEO codebook defines them
///   (coercion promised to a partner, "pledged to expel", keeps its own code); the
///   modality stays `intended`. Scheduled or hoped-for events keep their own code. (PETRARCH-2
///   keeps the plain code in some of its test sentences, "will supply arms" → 072; the PLOVER
///   gold and the CAMEO manual code intent.)
/// * refused or negated cooperation is a rejection (12x), asserted: "would not provide
///   support" → 121, "will not hold talks" → 125, "refused to release" → 124.
///
/// Returns the code, the modality and the reason when the code changed.
fn recode(
    code: CameoCode,
    m: Modality,
    commit: Commit,
) -> (CameoCode, Modality, Option<&'static str>) {
    let to = |c: &str| c.parse().unwrap_or(code);
    match (m, code.root()) {
        (Modality::Intended, 18..=20) if commit == Commit::Preparation => {
            (to("150"), Modality::Asserted, Some("intent:posture"))
        }
        (Modality::Intended, 18..=20) => (to("138"), m, Some("intent:threat")),
        // "Qatar pledged to expel the exiles": a promise to a partner is no warning to the
        // target; the coercion keeps its code, intended.
        (Modality::Intended, 14 | 16 | 17) if commit == Commit::Promise => (code, m, None),
        // "The court decided to allow the candidate to run": the decision is the act.
        (Modality::Intended, 4..=8 | 14 | 16 | 17) if commit == Commit::Decision => (code, m, None),
        // Getting ready for anything but force ("prepared to attend") is a plan, not a pledge.
        (Modality::Intended, 4..=8 | 14 | 16 | 17)
            if !matches!(commit, Commit::None | Commit::Preparation) =>
        {
            match intent_code(code) {
                Some(c) => (to(c), m, Some("intent:03x-13x")),
                None => (code, m, None),
            }
        }
        (Modality::Negated, 3 | 5) => (to("120"), Modality::Asserted, Some("refusal:12x")),
        (Modality::Negated, 4) => (to("125"), Modality::Asserted, Some("refusal:12x")),
        (Modality::Negated, 6 | 7) => (to("121"), Modality::Asserted, Some("refusal:12x")),
        (Modality::Negated, 8) => (to("124"), Modality::Asserted, Some("refusal:12x")),
        _ => (code, m, None),
    }
}

/// CAMEO's code for the intent to do `code`: cooperation (04–08) becomes its 03x
/// expression of intent ("will provide aid" → 0331), protest, reduced relations and
/// coercion (14, 16, 17) its 13x threat ("will impose sanctions" → 1312). A shown force
/// posture (15, "will deploy troops") keeps its own code.
fn intent_code(code: CameoCode) -> Option<&'static str> {
    let c = code.as_str();
    let pick = |table: &[(&str, &'static str)]| {
        table
            .iter()
            .filter(|(p, _)| c.starts_with(p))
            .max_by_key(|(p, _)| p.len())
            .map(|&(_, to)| to)
    };
    pick(&[
        ("04", "036"),
        ("045", "039"),
        ("05", "032"),
        ("057", "030"),
        ("06", "031"),
        ("061", "0311"),
        ("062", "0312"),
        ("063", "0313"),
        ("064", "0314"),
        ("07", "033"),
        ("071", "0331"),
        ("072", "0332"),
        ("073", "0333"),
        ("074", "0334"),
        ("08", "035"),
        ("081", "0351"),
        ("082", "0352"),
        ("083", "034"),
        ("0831", "0341"),
        ("0832", "0342"),
        ("0833", "0343"),
        ("0834", "0344"),
        ("084", "0353"),
        ("085", "0354"),
        ("086", "0355"),
        ("087", "0356"),
        ("14", "133"),
        ("16", "131"),
        ("161", "1313"),
        ("162", "1311"),
        ("163", "1312"),
        ("164", "134"),
        ("165", "135"),
        ("166", "136"),
        ("17", "130"),
        ("172", "132"),
        ("173", "137"),
        ("175", "137"),
    ])
}

/// The condition word ("unless", "if") that follows the event ending at `last` in its
/// sentence, before any clause of its own starts ("…, but", ";").
fn conditioned_on(v: &View<'_>, last: usize) -> Option<&'static str> {
    for j in last + 1..v.s1 {
        match v.low(j) {
            "unless" => return Some("unless"),
            "if" => return Some("if"),
            ";" | "but" | "while" | "whereas" | "although" | "though" => return None,
            _ => {}
        }
    }
    None
}

/// The threat an act of `code` becomes when it is made to hang on a condition: conflict
/// (14, 16–20) under either word, anything else only under "unless" (withholding a good,
/// "will withdraw its peacekeepers unless", is a threat; "will withdraw if asked" is not).
fn ultimatum_code(code: CameoCode, cond: &str) -> Option<CameoCode> {
    let c = match code.root() {
        18..=20 => Some("138"),
        14 | 16 | 17 => intent_code(code),
        _ if cond == "unless" => Some("130"),
        _ => None,
    };
    c.and_then(|c| c.parse().ok())
}

/// The demand code for an obligation on an event of `code` ("X must negotiate" → 108).
fn demand_code(code: CameoCode) -> CameoCode {
    let c = match code.root() {
        3 | 4 => "108",
        5 | 6 => "102",
        7 => "103",
        8 => "1056",
        _ => "100",
    };
    c.parse().unwrap_or(code)
}

/// Accusations carried by alleged violence: when a political actor (not the media, not
/// an anonymous source) claims or alleges an asserted act of force (CAMEO 18–20) by
/// someone else ("The US claimed ISIL had attacked Iraq"), the claim accuses the actor of
/// that act (112). The reported act stays coded as well. A plain "said" reports.
fn alleged_violence(
    events: &[Event],
    attribution: &Option<ActorMention>,
    cue: Option<usize>,
    tokens: &[Token],
) -> Vec<Event> {
    let (Some(reporter), Some(cue)) = (attribution, cue) else {
        return Vec::new();
    };
    let media = reporter.code.roles().any(|r| matches!(r, "MED" | "JRN"));
    let Ok(code) = "112".parse::<CameoCode>() else {
        return Vec::new();
    };
    // "diplomatic sources said": an anonymous informant reports, it does not accuse.
    let informant = reporter
        .name
        .split_whitespace()
        .any(|w| w.eq_ignore_ascii_case("sources") || w.eq_ignore_ascii_case("source"));
    // Only a verb of allegation makes the report an accusation; "said" stays neutral
    // ("Russia attacked Odesa, Ukraine's military said" is a report, not a charge).
    let alleges = matches!(
        tokens[cue].form.to_lowercase().as_str(),
        "claimed" | "claims" | "claim" | "alleged" | "alleges" | "allege" | "charged" | "charges"
    );
    if !reporter.code.has_principal() || media || informant || !alleges {
        return Vec::new();
    }
    let mut out: Vec<Event> = Vec::new();
    for e in events {
        let Some(accused) = &e.source else { continue };
        let violent = matches!(e.code.root(), 18..=20) && e.modality == Modality::Asserted;
        let other =
            !accused.code.has_principal() || accused.code.principal() != reporter.code.principal();
        if !violent || !other || accused.span == reporter.span {
            continue;
        }
        if out
            .iter()
            .any(|o| o.target.as_ref().map(|m| &m.code) == Some(&accused.code))
        {
            continue;
        }
        out.push(Event {
            source: Some(reporter.clone()),
            target: Some(accused.clone()),
            code,
            modality: Modality::Asserted,
            attribution: None,
            sentence: e.sentence,
            trigger: tokens[cue].span,
            rule: "attribution:alleged-violence".to_string(),
        });
    }
    out
}

/// True when the clause that noun `n` belongs to is headed by a verb other than a reporting
/// one (or by a copula). A "relative clause" on a noun of a verbless parse is the parser
/// taking the main verb for a modifier ("Settlers set fire …" read as "settlers (who were)
/// set …").
fn verbal_clause(v: &View<'_>, tree: &Tree, n: usize, cue: Option<usize>) -> bool {
    let mut at = n;
    for _ in 0..tree.len() {
        let base = tree.rel(at).split(':').next().unwrap_or("");
        let clause_head = at != n
            && (matches!(v.upos(at), Some(Upos::Verb | Upos::Aux))
                || tree.children(at).any(|(_, r)| r == "cop"));
        if clause_head {
            return Some(at) != cue && !is_in(REPORTING_ONLY, v.low(at));
        }
        let Some(h) = tree.head(at) else { break };
        if matches!(
            base,
            "ccomp" | "parataxis" | "csubj" | "advcl" | "acl" | "xcomp"
        ) {
            return false;
        }
        at = h;
    }
    false
}

/// Words that open a subordinate clause or a background phrase: "after the talks",
/// "when troops entered", "because of fighting", "following the killing of".
const SUBORDINATORS: &[&str] = &[
    "after",
    "before",
    "when",
    "whenever",
    "while",
    "since",
    "because",
    "as",
    "although",
    "though",
    "until",
    "once",
    "following",
    "amid",
    "amidst",
    "during",
    "despite",
    "if",
    "unless",
    "whereas",
];

/// True when token `t`, an event's trigger, sits in the background of its sentence rather
/// than in its main clause: in a relative or reduced relative clause ("protesters who
/// blocked the road", "demonstrators demanding his resignation"), a subordinate clause
/// ("after troops entered the town"), a fronted participial adjunct ("Fleeing the
/// fighting, …") or a phrase of time or cause ("following the killing of", "amid clashes").
/// The clause a reporting verb reports is the main one ("Rebels shelled the town, officials
/// said"): `cue` is the sentence's reporting verb, if any. Complements ("agreed to meet")
/// and trailing participles (", killing eight") stay in the foreground: text order already
/// puts them after their main verb.
fn in_background(v: &View<'_>, tree: &Tree, t: usize, cue: Option<usize>) -> bool {
    let mut at = t;
    // A tree has fewer edges than tokens; the bound guards against a malformed cycle.
    for _ in 0..tree.len() {
        let Some(h) = tree.head(at) else { break };
        let reports = Some(h) == cue || is_in(REPORTING_ONLY, v.low(h));
        let base = tree.rel(at).split(':').next().unwrap_or("");
        let marked = || {
            tree.children(at)
                .any(|(c, r)| matches!(r, "mark" | "case") && is_in(SUBORDINATORS, v.low(c)))
        };
        // "opened fire to disperse": an infinitive on a noun is a purpose, not a relative;
        // a "relative" on a noun that heads a clause is the parser taking the main verb
        // for a modifier ("Settlers set fire" read as "settlers (who were) set").
        let infinitive = || {
            tree.children(at)
                .any(|(c, r)| r == "mark" && v.low(c) == "to")
        };
        let background = match base {
            "acl" => !infinitive() && verbal_clause(v, tree, h, cue),
            "advcl" => at < h || marked(),
            "obl" | "nmod" => marked(),
            _ => false,
        };
        if background && !reports {
            return true;
        }
        at = h;
    }
    false
}

/// The reporter's code when it names a country or organisation.
fn reporters_principal(a: &Option<ActorMention>) -> Option<&ActorCode> {
    a.as_ref().map(|m| &m.code).filter(|c| c.has_principal())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Codes one sentence given as CoNLL-like rows (form, UPOS, Penn tag, lemma, 1-based head,
    /// relation), the way the tagger and parser would hand it over.
    fn code(rows: &[(&str, Upos, &'static str, &str, usize, &'static str)]) -> Vec<Event> {
        let mut text = String::new();
        let mut tokens = Vec::new();
        for (form, ..) in rows {
            if !text.is_empty() {
                text.push(' ');
            }
            let start = text.len();
            text.push_str(form);
            tokens.push(Token {
                span: Span::new(start, text.len()),
                form: form.to_string(),
            });
        }
        let sentences = [Sentence {
            span: Span::new(0, text.len()),
            first_token: 0,
            end_token: tokens.len(),
            paragraph: 0,
        }];
        let analysis = SentenceAnalysis {
            tags: rows
                .iter()
                .map(|&(_, upos, xpos, lemma, _, _)| PosTag {
                    upos,
                    xpos,
                    lemma: lemma.to_string(),
                })
                .collect(),
            deps: rows
                .iter()
                .map(|&(.., head, rel)| Dependency { head, deprel: rel })
                .collect(),
        };
        Coder::new(Dictionaries::embedded())
            .code_article(&text, &tokens, &sentences, &[analysis], None)
            .events
    }

    fn roots(events: &[Event]) -> Vec<u8> {
        events.iter().map(|e| e.code.root()).collect()
    }

    #[test]
    fn fronted_subordinate_clause_comes_after_the_main_event() {
        use Upos::*;
        let events = code(&[
            ("After", Sconj, "IN", "after", 4, "mark"),
            ("Iraqi", Adj, "JJ", "Iraqi", 3, "amod"),
            ("troops", Noun, "NNS", "troop", 4, "nsubj"),
            ("attacked", Verb, "VBD", "attack", 8, "advcl"),
            ("Kuwait", Propn, "NNP", "Kuwait", 4, "obj"),
            (",", Punct, ",", ",", 8, "punct"),
            ("Syria", Propn, "NNP", "Syria", 8, "nsubj"),
            ("condemned", Verb, "VBD", "condemn", 0, "root"),
            ("Iraq", Propn, "NNP", "Iraq", 8, "obj"),
            (".", Punct, ".", ".", 8, "punct"),
        ]);
        let r = roots(&events);
        assert!(r.contains(&19), "the attack is still coded: {events:?}");
        assert_eq!(
            r.first(),
            Some(&11),
            "condemning is the headline: {events:?}"
        );
    }

    #[test]
    fn relative_clause_on_the_subject_comes_after_the_main_event() {
        use Upos::*;
        let events = code(&[
            ("Somali", Adj, "JJ", "Somali", 2, "amod"),
            ("gunmen", Noun, "NNS", "gunman", 7, "nsubj"),
            ("who", Pron, "WP", "who", 4, "nsubj"),
            ("attacked", Verb, "VBD", "attack", 2, "acl:relcl"),
            ("Kenyan", Adj, "JJ", "Kenyan", 6, "amod"),
            ("soldiers", Noun, "NNS", "soldier", 4, "obj"),
            ("met", Verb, "VBD", "meet", 0, "root"),
            ("Ethiopian", Adj, "JJ", "Ethiopian", 9, "amod"),
            ("officials", Noun, "NNS", "official", 7, "obj"),
            (".", Punct, ".", ".", 7, "punct"),
        ]);
        let r = roots(&events);
        assert!(r.contains(&19), "the attack is still coded: {events:?}");
        assert_eq!(
            r.first(),
            Some(&4),
            "the meeting is the headline: {events:?}"
        );
    }

    #[test]
    fn act_in_a_that_clause_on_a_request_noun_is_not_coded() {
        use Upos::*;
        let rows = |noun: (&'static str, Upos, &'static str, &'static str)| {
            vec![
                ("Ugandan", Adj, "JJ", "Ugandan", 2, "amod"),
                ("rebels", Noun, "NNS", "rebel", 3, "nsubj"),
                ("repeated", Verb, "VBD", "repeat", 0, "root"),
                ("their", Pron, "PRP$", "their", 5, "nmod:poss"),
                (noun.0, noun.1, noun.2, noun.3, 3, "obj"),
                ("that", Sconj, "IN", "that", 10, "mark"),
                ("the", Det, "DT", "the", 9, "det"),
                ("Ugandan", Adj, "JJ", "Ugandan", 9, "amod"),
                ("government", Noun, "NN", "government", 10, "nsubj"),
                ("release", Verb, "VB", "release", 5, "acl"),
                ("prisoners", Noun, "NNS", "prisoner", 10, "obj"),
                (".", Punct, ".", ".", 3, "punct"),
            ]
        };
        let asked = code(&rows(("demand", Noun, "NN", "demand")));
        assert!(!roots(&asked).contains(&8), "{asked:?}");
        // A noun that requests nothing ("their claim that …") leaves the act coded.
        let told = code(&rows(("claim", Noun, "NN", "claim")));
        assert!(roots(&told).contains(&8), "{told:?}");
    }

    #[test]
    fn misparsed_main_verb_keeps_text_order() {
        use Upos::*;
        // The parser took the main verb for a reduced relative on the reporter's subject:
        // nothing else heads a clause, so the attack stays first.
        let events = code(&[
            ("Somali", Adj, "JJ", "Somali", 2, "amod"),
            ("gunmen", Noun, "NNS", "gunman", 8, "nsubj"),
            ("attacked", Verb, "VBD", "attack", 2, "acl"),
            ("Kenyan", Adj, "JJ", "Kenyan", 5, "amod"),
            ("soldiers", Noun, "NNS", "soldier", 3, "obj"),
            (",", Punct, ",", ",", 8, "punct"),
            ("Kenya", Propn, "NNP", "Kenya", 8, "nsubj"),
            ("said", Verb, "VBD", "say", 0, "root"),
            (",", Punct, ",", ",", 10, "punct"),
            ("condemning", Verb, "VBG", "condemn", 8, "advcl"),
            ("Somalia", Propn, "NNP", "Somalia", 10, "obj"),
            (".", Punct, ".", ".", 8, "punct"),
        ]);
        let r = roots(&events);
        assert!(r.contains(&11), "the condemnation is coded: {events:?}");
        assert_eq!(r.first(), Some(&19), "{events:?}");
    }
}

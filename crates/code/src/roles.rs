//! Source and target from the dependency parse.
//!
//! Given a matched pattern and the sentence's dependency tree, the source is the
//! trigger's subject (`nsubj`), found through control and raising (`xcomp`: "wants to
//! attack"), shared subjects of coordinated verbs (`conj`), relative clauses
//! (`acl:relcl`) and passive agents (`obl:agent`); the target is the object (`obj`,
//! `iobj`), a passive subject (`nsubj:pass`) or an oblique of a pattern word
//! introduced by a directional preposition ("talks with", "a visit to"). Nominal
//! triggers take their possessor ("Shoigu's visit"), their copular subject ("Russia
//! was in talks") or the subject of the light verb they are the object of ("X held
//! talks"). The coder falls back to positions when the tree gives nothing.

use dyad_tag_api::Dependency;

/// A sentence's dependency tree with absolute token indices.
pub(crate) struct Tree {
    s0: usize,
    head: Vec<Option<usize>>,
    rel: Vec<&'static str>,
    children: Vec<Vec<usize>>,
}

/// Prepositions that introduce the target of an event ("meet with", "a visit to").
const TARGET_CASES: &[&str] = &[
    "with", "to", "against", "on", "at", "into", "toward", "towards", "upon", "between", "from",
    "for", "over", "of",
];

impl Tree {
    /// Builds the tree of the sentence whose first token is `s0`; `deps` has one entry per
    /// token with 1-based heads (0 = root).
    pub(crate) fn new(s0: usize, deps: &[Dependency]) -> Tree {
        let n = deps.len();
        let mut head = vec![None; n];
        let mut children = vec![Vec::new(); n];
        for (i, d) in deps.iter().enumerate() {
            if d.head >= 1 && d.head <= n && d.head - 1 != i {
                head[i] = Some(d.head - 1);
                children[d.head - 1].push(i);
            }
        }
        Tree {
            s0,
            head,
            rel: deps.iter().map(|d| d.deprel).collect(),
            children,
        }
    }

    fn local(&self, t: usize) -> Option<usize> {
        t.checked_sub(self.s0).filter(|&i| i < self.head.len())
    }

    /// The number of tokens of the sentence.
    pub(crate) fn len(&self) -> usize {
        self.head.len()
    }

    /// The relation of token `t` to its head.
    pub(crate) fn rel(&self, t: usize) -> &str {
        self.local(t).map(|i| self.rel[i]).unwrap_or("")
    }

    /// The head of token `t` (absolute), if any.
    pub(crate) fn head(&self, t: usize) -> Option<usize> {
        self.local(t)
            .and_then(|i| self.head[i])
            .map(|h| h + self.s0)
    }

    /// Children of `t` with their relations (absolute indices).
    pub(crate) fn children(&self, t: usize) -> impl Iterator<Item = (usize, &str)> + '_ {
        let kids = self
            .local(t)
            .map(|i| self.children[i].as_slice())
            .unwrap_or(&[]);
        kids.iter().map(move |&c| (c + self.s0, self.rel[c]))
    }

    /// The first child of `t` whose relation starts with `prefix` (`"nsubj"` also finds `nsubj:outer`,
    /// but `nsubj` never matches `nsubj:pass`).
    pub(crate) fn child(&self, t: usize, rel: &str) -> Option<usize> {
        self.children(t)
            .find(|(_, r)| *r == rel || r.split(':').next() == Some(rel) && !r.ends_with(":pass"))
            .map(|(c, _)| c)
    }

    /// The case marker (preposition) of token `t`, lowercased.
    pub(crate) fn case_of(&self, t: usize, lower: &dyn Fn(usize) -> String) -> Option<String> {
        self.children(t)
            .find(|(_, r)| *r == "case")
            .map(|(c, _)| lower(c))
    }

    /// Tokens of the subtree of `t` in a breadth-first order, not entering clauses
    /// (relative clauses, adverbial and complement clauses, parataxis).
    pub(crate) fn phrase(&self, t: usize) -> Vec<usize> {
        let mut out = vec![t];
        let mut i = 0;
        while i < out.len() && out.len() < 64 {
            let x = out[i];
            for (c, r) in self.children(x) {
                let base = r.split(':').next().unwrap_or(r);
                if !matches!(
                    base,
                    "acl" | "advcl" | "ccomp" | "parataxis" | "conj" | "punct" | "cc" | "appos"
                ) {
                    out.push(c);
                }
            }
            i += 1;
        }
        out
    }

    /// `t` and the tokens coordinated with it ("X and Y").
    pub(crate) fn conjuncts(&self, t: usize) -> Vec<usize> {
        let mut out = vec![t];
        let mut i = 0;
        while i < out.len() && out.len() < 16 {
            let x = out[i];
            out.extend(
                self.children(x)
                    .filter(|(_, r)| *r == "conj")
                    .map(|(c, _)| c),
            );
            i += 1;
        }
        out
    }

    /// The subject of verb `t`, through control, coordination and relative clauses.
    pub(crate) fn subject(&self, t: usize, lower: &dyn Fn(usize) -> String) -> Option<usize> {
        let mut v = t;
        for _ in 0..4 {
            if let Some(s) = self.child(v, "nsubj") {
                // "the group that seized": the relative pronoun stands for the noun.
                if self.rel(v) == "acl:relcl"
                    && matches!(lower(s).as_str(), "who" | "which" | "that")
                {
                    return self.head(v);
                }
                return Some(s);
            }
            let rel = self.rel(v);
            let base = rel.split(':').next().unwrap_or(rel);
            match (base, self.head(v)) {
                // "urged Iran to stop": the object controls; "wants to attack",
                // "is expected to meet": the subject does.
                ("xcomp", Some(h)) => {
                    if let Some(o) = self.child(h, "obj") {
                        return Some(o);
                    }
                    v = h
                }
                ("advcl", Some(h)) if self.children(v).any(|(_, r)| r == "mark") => {
                    // only infinitival purpose clauses share the subject
                    v = h;
                }
                // "X met Y and discussed Z"
                ("conj", Some(h)) => v = h,
                // "the group that seized", "officials who visited"
                ("acl", Some(h)) if rel == "acl:relcl" => return Some(h),
                _ => return None,
            }
        }
        None
    }

    /// The passive subject of `t`, if `t` is passive.
    pub(crate) fn passive_subject(&self, t: usize) -> Option<usize> {
        self.children(t)
            .find(|(_, r)| *r == "nsubj:pass")
            .map(|(c, _)| c)
            .or_else(|| {
                // reduced relative: "the civilians imprisoned for …" (acl on the noun)
                (self.rel(t) == "acl").then(|| self.head(t)).flatten()
            })
    }

    /// The agent of a passive ("by X").
    pub(crate) fn agent(&self, t: usize, lower: &dyn Fn(usize) -> String) -> Option<usize> {
        self.children(t)
            .find(|(c, r)| {
                *r == "obl:agent" || *r == "obl" && self.case_of(*c, lower).as_deref() == Some("by")
            })
            .map(|(c, _)| c)
    }

    /// Target candidates of the pattern words `words`, best first: objects, then
    /// obliques and nominal modifiers with a directional preposition.
    pub(crate) fn objects(&self, words: &[usize], lower: &dyn Fn(usize) -> String) -> Vec<usize> {
        let mut direct = Vec::new();
        let mut oblique = Vec::new();
        for &w in words {
            for (c, r) in self.children(w) {
                let base = r.split(':').next().unwrap_or(r);
                match base {
                    "obj" | "iobj" => direct.push(c),
                    "obl" | "nmod"
                        if r != "obl:agent"
                            && r != "nmod:poss"
                            && self
                                .case_of(c, lower)
                                .is_some_and(|p| TARGET_CASES.contains(&p.as_str())) =>
                    {
                        oblique.push(c);
                    }
                    _ => {}
                }
            }
        }
        direct.sort_unstable();
        oblique.sort_unstable();
        direct.extend(oblique);
        direct
    }

    /// The actor of a nominal trigger `t`: its possessor, its copular subject, or the
    /// subject of the verb it is the object of.
    pub(crate) fn nominal_actor(&self, t: usize, lower: &dyn Fn(usize) -> String) -> Option<usize> {
        if let Some(p) = self
            .children(t)
            .find(|(_, r)| *r == "nmod:poss")
            .map(|(c, _)| c)
        {
            return Some(p);
        }
        if let Some(s) = self.child(t, "nsubj") {
            return Some(s);
        }
        // Only a light verb lends its subject ("X launched an attack"); the subject of any
        // other verb is not the event's actor ("Russia condemned the attack").
        match (self.rel(t), self.head(t)) {
            ("obj", Some(h)) if is_light_verb(&lower(h)) => self.subject(h, lower),
            _ => None,
        }
    }
}

/// Verbs whose object names the event their subject does: "held talks", "launched an
/// attack", "provided aid".
fn is_light_verb(form: &str) -> bool {
    crate::lexical::is_in(crate::lexical::LIGHT_VERBS, form)
        || crate::lexical::is_in(crate::lexical::SUPPLY_VERBS, form)
}

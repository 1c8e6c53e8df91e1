use std::collections::BTreeMap;
use std::fmt;

/// Why a sentence or a candidate event produced nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum DropReason {
    /// No verb or noun pattern matched in the sentence.
    SentenceWithoutPattern,
    /// A pattern matched but no actor could be its source.
    PatternWithoutSource,
    /// A source and target resolved to the same actor.
    SelfDirected,
    /// A sentence with a pattern but no actor at all.
    SentenceWithoutActor,
    /// Source and target are both unnamed ("people were killed"; "the government said").
    NoNamedActor,
    /// The act is only asked for: "urged Iran to release the sailors" codes the appeal,
    /// not a release.
    RequestedAct,
    /// An act only threatened, promised or planned by someone the sentence does not name
    /// as its owner ("frayed by an initial threat to boycott the games").
    UnownedIntent,
}

impl DropReason {
    /// A short, stable name for reports.
    pub fn as_str(&self) -> &'static str {
        match self {
            DropReason::SentenceWithoutPattern => "sentence without a verb pattern",
            DropReason::PatternWithoutSource => "pattern without a source actor",
            DropReason::SelfDirected => "source and target are the same actor",
            DropReason::SentenceWithoutActor => "sentence with a pattern but no actor",
            DropReason::NoNamedActor => "event without a named country or organisation",
            DropReason::RequestedAct => "act only asked for in an appeal or demand",
            DropReason::UnownedIntent => "act only intended by an unnamed owner",
        }
    }
}

impl fmt::Display for DropReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Drop counts by reason.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Drops {
    counts: BTreeMap<DropReason, usize>,
}

impl Drops {
    /// Counts one drop.
    pub fn add(&mut self, reason: DropReason) {
        *self.counts.entry(reason).or_default() += 1;
    }

    /// Adds all counts of `other`.
    pub fn merge(&mut self, other: &Drops) {
        for (r, n) in &other.counts {
            *self.counts.entry(*r).or_default() += n;
        }
    }

    /// The count for `reason`.
    pub fn get(&self, reason: DropReason) -> usize {
        self.counts.get(&reason).copied().unwrap_or(0)
    }

    /// Reasons with their counts, in a stable order.
    pub fn iter(&self) -> impl Iterator<Item = (DropReason, usize)> + '_ {
        self.counts.iter().map(|(r, n)| (*r, *n))
    }
}

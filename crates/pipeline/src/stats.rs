use std::collections::BTreeMap;

use dyad_code::Drops;

/// Counts for one document.
#[derive(Clone, Debug, Default)]
pub struct DocStats {
    /// Sentences read.
    pub sentences: usize,
    /// Events coded.
    pub events: usize,
    /// Actor mentions found.
    pub actors: usize,
    /// Drops by reason.
    pub drops: Drops,
    /// Why the document failed, if it did (the error's kind, for counting).
    pub failure: Option<String>,
}

/// Counts for a whole run, reported at its end.
#[derive(Clone, Debug, Default)]
pub struct RunStats {
    /// Documents read (failed ones included).
    pub documents: usize,
    /// Documents that failed, by reason.
    pub failures: BTreeMap<String, usize>,
    /// Sentences read.
    pub sentences: usize,
    /// Events coded.
    pub events: usize,
    /// Actor mentions found.
    pub actors: usize,
    /// Drops by reason.
    pub drops: Drops,
}

impl RunStats {
    /// Adds one document's counts.
    pub fn add(&mut self, d: &DocStats) {
        self.documents += 1;
        self.sentences += d.sentences;
        self.events += d.events;
        self.actors += d.actors;
        self.drops.merge(&d.drops);
        if let Some(f) = &d.failure {
            *self.failures.entry(f.clone()).or_default() += 1;
        }
    }

    /// A few lines for the end of a run.
    pub fn summary(&self) -> String {
        let failed: usize = self.failures.values().sum();
        let mut s = format!(
            "dyad: {} documents ({} failed), {} sentences, {} actor mentions, {} events\n",
            self.documents, failed, self.sentences, self.actors, self.events
        );
        for (r, n) in &self.failures {
            s.push_str(&format!("  failed document: {r}: {n}\n"));
        }
        for (r, n) in self.drops.iter() {
            s.push_str(&format!("  dropped: {r}: {n}\n"));
        }
        s
    }
}

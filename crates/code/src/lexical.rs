//! Closed word classes the position-based coder relies on.

/// Prepositions after which a place name is a location, not an actor.
pub const LOCATIVE: &[&str] = &[
    "in", "at", "near", "inside", "outside", "across", "throughout", "within", "around", "over",
    "along", "off", "beyond", "via", "into",
];

/// Prepositions that keep a mention from being the subject (source) of a later verb.
pub const PREPOSITIONS: &[&str] = &[
    "in", "at", "near", "inside", "outside", "across", "throughout", "within", "around", "over",
    "along", "off", "beyond", "via", "into", "to", "from", "of", "on", "for", "with", "against",
    "by", "between", "among", "about", "toward", "towards", "under", "after", "before", "since",
    "during", "than", "like", "including", "despite", "amid", "per", "behind", "upon", "without",
];

/// Determiners and other words that may sit between a preposition and its noun.
pub const DETERMINERS: &[&str] = &[
    "the", "a", "an", "this", "that", "these", "those", "its", "his", "her", "their", "our", "some",
    "several", "many", "two", "three", "four", "five", "both", "all",
];

/// Words that negate a following verb.
pub const NEGATORS: &[&str] = &["not", "n't", "never", "no", "cannot", "neither", "nor", "refused"];

/// Verbs of denial: the event that follows is denied.
pub const DENIALS: &[&str] = &["deny", "denied", "denies", "denying", "rejected claims"];

/// Words that mark an intended (future or planned) event.
pub const INTENT: &[&str] = &[
    "will", "'ll", "shall", "plan", "plans", "planned", "planning", "expect", "expects", "expected",
    "intend", "intends", "intended", "aim", "aims", "set", "scheduled", "going", "want", "wants",
    "wanted", "hope", "hopes", "hoped", "seek", "seeks", "sought", "seeking", "pledge", "pledged",
    "vow", "vowed", "promise", "promised", "prepare", "prepared", "preparing", "offer", "offered",
    "agree", "agreed", "decide", "decided", "threaten", "threatened", "ready", "willing", "due",
];

/// Words that mark a hedged (possible, uncertain) event.
pub const HEDGES: &[&str] = &[
    "could", "might", "may", "likely", "unlikely", "possibly", "perhaps", "probably", "reportedly",
    "allegedly", "would", "should", "can", "appears", "seems", "considering", "consider", "mulling",
];

/// Words that open a condition.
pub const CONDITIONS: &[&str] = &["if", "unless", "provided"];

/// Reporting verbs (never coded themselves; their subject is the attribution).
pub const REPORTING: &[&str] = &[
    "said", "says", "say", "saying", "told", "tells", "added", "adds", "reported", "reports",
    "noted", "notes", "stated", "states", "wrote", "writes", "quoted", "cited", "explained",
    "explains", "insisted", "insists", "argued", "argues", "acknowledged", "confirmed", "confirms",
    "according", "claimed", "claims", "announced",
];

/// Words that close a clause for the purpose of finding a target.
pub const CLAUSE_BREAKS: &[&str] = &[
    ";", ":", "that", "which", "who", "whom", "whose", "while", "whereas", "because", "although",
    "though", "but", "as", "when", "where", "if", "unless", "after", "before", "since", "until",
    "--", "\u{2014}", "\u{2013}", "(", ")", "\"", "\u{201c}", "\u{201d}",
];

/// Words that may sit between two parts of one actor phrase ("Russia's top general").
pub const MODIFIERS: &[&str] = &[
    "'s", "\u{2019}s", "'", "senior", "top", "former", "chief", "deputy", "acting", "interim",
    "new", "then", "outgoing", "incoming", "veteran", "leading", "prominent", "local", "regional",
    "state", "national", "federal", "two", "three", "several", "many", "some", "armed", "young",
    "exiled", "jailed", "detained", "-", "own",
];

/// Forms of "be" (and "get") that, before a participle, make a passive.
pub const PASSIVE_AUX: &[&str] = &[
    "is", "are", "was", "were", "be", "been", "being", "get", "got", "gets", "getting", "'s",
];

/// True when `w` is in `list` (both lowercase).
pub fn is_in(list: &[&str], w: &str) -> bool {
    list.contains(&w)
}

/// Verbs and prepositions that carry a nominal event ("held talks", "in talks",
/// "launched an offensive", "paid a visit"): their subject is the event's source.
pub const LIGHT_VERBS: &[&str] = &[
    "hold", "held", "holds", "holding", "in", "conduct", "conducted", "conducts", "conducting",
    "begin", "began", "begun", "begins", "start", "started", "starts", "resume", "resumed",
    "resumes", "engage", "engaged", "have", "had", "has", "having", "make", "made", "makes",
    "launch", "launched", "launches", "pay", "paid", "pays", "stage", "staged", "stages", "carry",
    "carried", "carries", "continue", "continued", "open", "opened", "mount", "mounted", "for",
    "after", "during", "wage", "waged", "waging",
];

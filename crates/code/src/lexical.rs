//! Closed word classes the position-based coder relies on.

/// Prepositions after which a place name is a location, not an actor.
pub const LOCATIVE: &[&str] = &[
    "in",
    "at",
    "near",
    "inside",
    "outside",
    "across",
    "throughout",
    "within",
    "around",
    "over",
    "along",
    "off",
    "beyond",
    "via",
    "into",
    "through",
];

/// Prepositions beyond [`LOCATIVE`] that keep a mention from being the subject (source)
/// of a later verb.
pub const PREPOSITIONS_EXTRA: &[&str] = &[
    "to",
    "from",
    "of",
    "on",
    "for",
    "with",
    "against",
    "by",
    "between",
    "among",
    "about",
    "toward",
    "towards",
    "under",
    "after",
    "before",
    "since",
    "during",
    "than",
    "like",
    "including",
    "despite",
    "amid",
    "per",
    "behind",
    "upon",
    "without",
];

/// True for a preposition: one of [`LOCATIVE`] or [`PREPOSITIONS_EXTRA`].
pub fn is_preposition(w: &str) -> bool {
    is_in(LOCATIVE, w) || is_in(PREPOSITIONS_EXTRA, w)
}

/// Determiners and other words that may sit between a preposition and its noun.
pub const DETERMINERS: &[&str] = &[
    "the", "a", "an", "this", "that", "these", "those", "its", "his", "her", "their", "our",
    "some", "several", "many", "two", "three", "four", "five", "both", "all",
];

/// Words that negate a following verb.
pub const NEGATORS: &[&str] = &[
    "not",
    "n't",
    "never",
    "no",
    "cannot",
    "neither",
    "nor",
    "refused",
    "refuses",
    "refuse",
    "declined",
    "declines",
    "failed",
    "fails",
    "rejected",
    "unwilling",
];

/// Verbs of denial: the event that follows is denied.
pub const DENIALS: &[&str] = &["deny", "denied", "denies", "denying", "rejected claims"];

/// Words that mark an intended (future or planned) event.
pub const INTENT: &[&str] = &[
    "will",
    "'ll",
    "shall",
    "plan",
    "plans",
    "planned",
    "planning",
    "expect",
    "expects",
    "expected",
    "intend",
    "intends",
    "intended",
    "aim",
    "aims",
    "set",
    "scheduled",
    "going",
    "want",
    "wants",
    "wanted",
    "hope",
    "hopes",
    "hoped",
    "seek",
    "seeks",
    "sought",
    "seeking",
    "pledge",
    "pledged",
    "vow",
    "vowed",
    "promise",
    "promised",
    "prepare",
    "prepared",
    "preparing",
    "prepares",
    "poised",
    "offer",
    "offered",
    "agree",
    "agreed",
    "decide",
    "decided",
    "threaten",
    "threatened",
    "ready",
    "willing",
    "due",
];

/// Verbs that hand over what a noun trigger names ("provide aid", "send troops"): their
/// subject is the noun event's source.
pub const SUPPLY_VERBS: &[&str] = &[
    "provide",
    "provided",
    "provides",
    "providing",
    "send",
    "sent",
    "sends",
    "sending",
    "deliver",
    "delivered",
    "delivers",
    "delivering",
    "give",
    "gave",
    "given",
    "gives",
    "giving",
    "donate",
    "donated",
    "donates",
    "ship",
    "shipped",
    "ships",
    "extend",
    "extended",
    "extends",
];

/// Intent markers that commit the speaker to the event, as CAMEO's 03 ("express intent to
/// cooperate") and 13 ("threaten") categories read them: a promise, an offer, an agreement, a
/// plain future. Scheduling and wishing words ("scheduled", "due", "hopes") are not among them.
pub const COMMITMENTS: &[&str] = &[
    "will",
    "'ll",
    "shall",
    "plan",
    "plans",
    "planned",
    "planning",
    "intend",
    "intends",
    "intended",
    "pledge",
    "pledged",
    "pledges",
    "vow",
    "vowed",
    "vows",
    "promise",
    "promised",
    "promises",
    "offer",
    "offered",
    "offers",
    "agree",
    "agreed",
    "agrees",
    "decide",
    "decided",
    "decides",
    "ready",
    "willing",
    "threaten",
    "threatened",
    "threatens",
    "going",
    "committed",
    "prepared",
    // "Brazil and the US are seeking to deepen …": an actor's stated aim is its expression
    // of intent (CAMEO 03: "indicate willingness"). Not "want": "I want to thank …" is the
    // act itself.
    "seek",
    "seeks",
    "seeking",
    "sought",
];

/// Commitments made to a partner rather than to the event's target: a pledge, a promise, an
/// agreement. Coercion committed this way ("Qatar pledged to expel the exiles",
/// "the EU agreed to impose sanctions") is the act itself, intended, not a 13x threat: CAMEO's
/// threats are warnings addressed to their target.
pub const PROMISES: &[&str] = &[
    "pledge",
    "pledged",
    "pledges",
    "promise",
    "promised",
    "promises",
    "agree",
    "agreed",
    "agrees",
    "undertook",
    "undertakes",
];

/// A decision by the source ("the court decided to allow …", "the cabinet decided to expel
/// …"): an authority's decision is the act it decides, coded as that act (intended).
pub const DECISIONS: &[&str] = &["decide", "decided", "decides"];

/// Words that mark a hedged (possible, uncertain) event.
pub const HEDGES: &[&str] = &[
    "could",
    "might",
    "may",
    "likely",
    "unlikely",
    "possibly",
    "perhaps",
    "probably",
    "reportedly",
    "allegedly",
    "would",
    "should",
    "can",
    "appears",
    "seems",
    "considering",
    "consider",
    "mulling",
];

/// Words that open a condition.
pub const CONDITIONS: &[&str] = &["if", "unless", "provided"];

/// Reporting verbs that may also be events ("announced", "claimed responsibility"): they report
/// only when a clause or a quotation follows.
pub const REPORTING_EXTRA: &[&str] = &[
    "acknowledged",
    "confirmed",
    "confirms",
    "claimed",
    "claims",
    "announced",
    "declared",
    "reiterated",
    "warned",
    "insisted",
    "insists",
];

/// True for a reporting verb: one of [`REPORTING_ONLY`] or [`REPORTING_EXTRA`].
pub fn is_reporting(w: &str) -> bool {
    is_in(REPORTING_ONLY, w) || is_in(REPORTING_EXTRA, w)
}

/// Time and place words that may sit between a reporting verb and its clause ("said on
/// Tuesday that", "announced here yesterday that").
pub const REPORT_ADJUNCTS: &[&str] = &[
    "on",
    "here",
    "there",
    "today",
    "yesterday",
    "tonight",
    "earlier",
    "later",
    "again",
    "also",
    "publicly",
];

/// True for a word of [`REPORT_ADJUNCTS`] or a weekday.
pub fn is_report_adjunct(w: &str) -> bool {
    is_in(REPORT_ADJUNCTS, w) || is_in(WEEKDAYS, w)
}

/// Day names, lower case.
pub const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Words after a hyphen that make the country before it the owner of the next noun ("a
/// Greek-owned ship", "a British-flagged tanker"): an actor, not a modifier.
pub const OWNER_SUFFIXES: &[&str] = &["owned", "flagged", "registered"];

/// Role words that are also adjectives ("military equipment", "naval exercises").
pub const ADJECTIVAL_ROLES: &[&str] = &["military", "naval", "paramilitary"];

/// Time words that may follow a participle before its preposition ("seized last year from").
pub const PARTICIPLE_ADJUNCTS: &[&str] = &[
    "last",
    "year",
    "week",
    "month",
    "yesterday",
    "earlier",
    "recently",
    "today",
];

/// Verbs of fleeing: the "-ing" form after them is what is fled ("escape fighting").
pub const FLEE_VERBS: &[&str] = &[
    "escape", "escaped", "escapes", "escaping", "flee", "fled", "flees", "fleeing", "avoid",
    "avoided", "avoiding", "evade", "evaded",
];

/// True for a day or month name: after "on" it opens a date, not a target.
pub fn is_calendar_word(w: &str) -> bool {
    is_in(WEEKDAYS, w) || is_in(MONTHS, w)
}

/// Month names and their dotted abbreviations, lower case.
pub const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan.",
    "feb.",
    "aug.",
    "sept.",
    "sep.",
    "oct.",
    "nov.",
    "dec.",
];

/// Words that close a clause for the purpose of finding a target.
pub const CLAUSE_BREAKS: &[&str] = &[
    ";", ":", "that", "which", "who", "whom", "whose", "while", "whereas", "because", "although",
    "though", "but", "as", "when", "where", "if", "unless", "after", "before", "since", "until",
    "--", "\u{2014}", "\u{2013}", "(", ")", "\"", "\u{201c}", "\u{201d}",
];

/// Words that may sit between two parts of one actor phrase ("Russia's top general").
pub const MODIFIERS: &[&str] = &[
    "'s",
    "\u{2019}s",
    "'",
    "senior",
    "top",
    "former",
    "chief",
    "deputy",
    "acting",
    "interim",
    "new",
    "then",
    "outgoing",
    "incoming",
    "veteran",
    "leading",
    "prominent",
    "local",
    "regional",
    "state",
    "national",
    "federal",
    "two",
    "three",
    "several",
    "many",
    "some",
    "armed",
    "young",
    "exiled",
    "peacekeeping",
    "ruling",
    "elite",
    "special",
    "retired",
    "caretaker",
    "transitional",
    "provisional",
    "hardline",
    "jailed",
    "detained",
    "-",
    "own",
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
    "hold",
    "held",
    "holds",
    "holding",
    "in",
    "conduct",
    "conducted",
    "conducts",
    "conducting",
    "begin",
    "began",
    "begun",
    "begins",
    "start",
    "started",
    "starts",
    "resume",
    "resumed",
    "resumes",
    "engage",
    "engaged",
    "have",
    "had",
    "has",
    "having",
    "make",
    "made",
    "makes",
    "launch",
    "launched",
    "launches",
    "pay",
    "paid",
    "pays",
    "stage",
    "staged",
    "stages",
    "carry",
    "carried",
    "carries",
    "continue",
    "continued",
    "open",
    "opened",
    "mount",
    "mounted",
    "complete",
    "completed",
    "completes",
    "conclude",
    "concluded",
    "concludes",
    "for",
    "after",
    "during",
    "wage",
    "waged",
    "waging",
    "announce",
    "announced",
    "announces",
    "pledge",
    "pledged",
    "pledges",
    "approve",
    "approved",
    "approves",
    "provide",
    "provided",
    "provides",
    "give",
    "gave",
    "given",
    "gives",
    "send",
    "sent",
    "sends",
    "offer",
    "offered",
    "offers",
    "deliver",
    "delivered",
    "delivers",
    "unveil",
    "unveiled",
    "unveils",
    "promise",
    "promised",
    "promises",
    "grant",
    "granted",
    "grants",
    "allocate",
    "allocated",
];

/// Reporting verbs that are never event triggers themselves.
pub const REPORTING_ONLY: &[&str] = &[
    "said",
    "says",
    "say",
    "saying",
    "told",
    "tells",
    "added",
    "adds",
    "reported",
    "reports",
    "noted",
    "notes",
    "stated",
    "states",
    "wrote",
    "writes",
    "quoted",
    "cited",
    "explained",
    "explains",
    "argued",
    "argues",
    "according",
];

/// Verbs that introduce speech, for finding who speaks a quotation.
pub const SPEECH_VERBS: &[&str] = &[
    "said",
    "says",
    "say",
    "told",
    "tells",
    "added",
    "adds",
    "wrote",
    "writes",
    "tweeted",
    "posted",
    "asked",
    "asks",
    "replied",
    "responded",
    "declared",
    "declares",
    "warned",
    "warns",
    "continued",
    "recalled",
    "admitted",
    "conceded",
    "complained",
    "predicted",
    "suggested",
    "argued",
    "insisted",
    "stated",
    "noted",
    "explained",
    "claimed",
    "announced",
    "acknowledged",
    "confirmed",
    "called",
    "calls",
    "described",
    "dubbed",
    "labeled",
    "labelled",
    "branded",
    "quipped",
    "joked",
    "remarked",
    "observed",
    "cautioned",
    "vowed",
    "promised",
    "maintained",
    "contended",
    "countered",
    "according",
    "urged",
    "stressed",
    "emphasized",
    "emphasised",
    "lamented",
    "boasted",
    "mused",
    "shouted",
    "assured",
    "reiterated",
    "reiterates",
    "implored",
    "pleaded",
    "emailed",
    "texted",
    "exclaimed",
    "fumed",
    "chimed",
    "snapped",
    "scoffed",
    "retorted",
    "sighed",
    "advised",
    "advises",
    "concluded",
    "wondered",
    "demanded",
    "charged",
    "alleged",
    "repeated",
    "conceded",
];

/// Nouns whose infinitive names an act that their owner commits to (CAMEO codes the intent:
/// "Iran's pledge to free" → 0353, "a threat to boycott" → 13x): the act is intended, not
/// asserted.
pub const COMMITTING_NOUNS: &[&str] = &[
    "threat",
    "threats",
    "vow",
    "vows",
    "pledge",
    "pledges",
    "promise",
    "promises",
    "offer",
    "offers",
    "commitment",
    "decision",
    "readiness",
    "willingness",
    "determination",
];

/// Nouns whose infinitive names an act that is only planned or proposed ("plans to withdraw",
/// "a proposal to hold talks"): intended, but the owner is not committed, so the act keeps its
/// own code.
pub const SCHEDULING_NOUNS: &[&str] = &[
    "plan",
    "plans",
    "intention",
    "intentions",
    "proposal",
    "proposals",
    "bid",
];

/// Nouns whose infinitive names an act that is only asked for ("calls to free", "a demand
/// to withdraw", "an invitation to visit"): the act is not an event of its own.
pub const REQUEST_NOUNS: &[&str] = &[
    "call",
    "calls",
    "demand",
    "demands",
    "request",
    "requests",
    "appeal",
    "appeals",
    "plea",
    "pleas",
    "order",
    "orders",
    "ultimatum",
    "invitation",
    "pressure",
];

/// Verbs that make a noun of intent their subject's own ("made a threat to", "announced
/// plans to", "renewed its offer to").
pub const INTENT_NOUN_VERBS: &[&str] = &[
    "make",
    "made",
    "makes",
    "making",
    "issue",
    "issued",
    "issues",
    "announce",
    "announced",
    "announces",
    "unveil",
    "unveiled",
    "unveils",
    "renew",
    "renewed",
    "renews",
    "repeat",
    "repeated",
    "repeats",
    "reiterate",
    "reiterated",
    "reiterates",
    "has",
    "have",
    "had",
    "submit",
    "submitted",
    "put",
    "puts",
    "present",
    "presented",
    "presents",
    "stand",
    "stood",
    "confirm",
    "confirmed",
    "confirms",
];

/// Participles that after "be" name their subject's state or activity, not a passive ("Serb
/// forces were engaged in ethnic cleansing", "the army is involved in the fighting"): the
/// subject is the source.
pub const STATE_PARTICIPLES: &[&str] = &[
    "engaged",
    "involved",
    "committed",
    "determined",
    "prepared",
    "interested",
    "opposed",
    "poised",
    "concerned",
];

/// Participles that name a weapon's user after it: "a missile fired by rebels", "a bomb
/// planted by militants".
pub const WEAPON_USES: &[&str] = &[
    "fired",
    "launched",
    "planted",
    "detonated",
    "dropped",
    "thrown",
    "shot",
    "set",
];

/// Weapons and attacks that can be the subject of an act of force whose author is unnamed
/// ("a car bomb killed three soldiers", "the blast wounded two policemen").
pub const WEAPON_NOUNS: &[&str] = &[
    "bomb",
    "bombs",
    "bombing",
    "bombings",
    "explosion",
    "explosions",
    "blast",
    "blasts",
    "attack",
    "attacks",
    "strike",
    "strikes",
    "airstrike",
    "airstrikes",
    "air",
    "shelling",
    "shell",
    "shells",
    "missile",
    "missiles",
    "rocket",
    "rockets",
    "mortar",
    "mortars",
    "mine",
    "mines",
    "landmine",
    "minefield",
    "device",
    "ied",
    "grenade",
    "grenades",
    "ambush",
    "gunfire",
    "gunmen",
    "gunman",
    "sniper",
    "snipers",
    "drone",
    "drones",
    "raid",
    "raids",
    "shooting",
    "bullet",
    "bullets",
    "attacker",
    "attackers",
    "assailants",
    "assailant",
    "bomber",
    "bombers",
];

/// Participles of asking that, in the passive, leave their infinitive only asked for ("was
/// urged to free", "were told to leave"). Not "forced" or "made": those acts happen.
pub const REQUEST_PARTICIPLES: &[&str] = &[
    "urged",
    "asked",
    "pressed",
    "pressured",
    "called",
    "told",
    "ordered",
    "encouraged",
    "invited",
    "requested",
    "instructed",
    "advised",
    "begged",
    "implored",
];

/// Words of direction that may sit between a preposition and a place ("from southern
/// Lebanon", "in the east of").
pub const DIRECTIONS: &[&str] = &[
    "the", "northern", "southern", "eastern", "western", "central", "north", "south", "east",
    "west",
];

/// Past participles of verbs that take no object in news use, so have no passive: after a
/// noun they are past tenses ("Kurds rallied in Erbil"), not reduced relatives.
pub const INTRANSITIVE_PARTICIPLES: &[&str] = &[
    "rallied",
    "rioted",
    "clashed",
    "arrived",
    "travelled",
    "traveled",
    "resigned",
    "fled",
    "retreated",
    "marched",
    "demonstrated",
    "protested",
    "collaborated",
    "cooperated",
];

/// Head nouns after which a one-word event noun is only a modifier ("aid groups", "supply
/// mission", "protest leaders"): the phrase names people or things, not an event.
pub const COMPOUND_HEADS: &[&str] = &[
    "group",
    "groups",
    "worker",
    "workers",
    "agency",
    "agencies",
    "organisation",
    "organisations",
    "organization",
    "organizations",
    "official",
    "officials",
    "mission",
    "missions",
    "chain",
    "chains",
    "line",
    "lines",
    "route",
    "routes",
    "leader",
    "leaders",
    "movement",
    "movements",
    "sector",
    "industry",
    "staff",
    "volunteers",
    "site",
    "sites",
    "flights",
    "ship",
    "ships",
    "truck",
    "trucks",
];

//! Toponyms: an embedded GeoNames gazetteer, a detector over capitalised word sequences, and
//! disambiguation from the rest of the article.
//!
//! Detection takes the longest sequence of words (at most [`MAX_WORDS`]) that starts with a
//! capital and is a name or alternate name in the gazetteer, then drops the usual false friends:
//! common capitalised words ("May", "Police"), a single word inside a longer proper name
//! ("Rick Perry", "Paris Hilton", "Washington Post"), and lowercase or codes that are not acronyms.
//!
//! Resolution scores each candidate entry: its population and feature class (countries and
//! continents first, then first-level divisions and capitals, then other places), plus the
//! context of the article: a division or country written right after the name ("Alexandria,
//! Louisiana"), divisions and countries mentioned elsewhere in the article, and the countries
//! that the article's other toponyms resolve to.

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::sync::OnceLock;

use dyad_types::Span;

/// `s[a..b]`, or "" where that is not on character boundaries.
fn sub(s: &str, a: usize, b: usize) -> &str {
    s.get(a..b).unwrap_or("")
}

/// `s[a..]`, or "" where `a` is not on a character boundary.
fn sub_from(s: &str, a: usize) -> &str {
    s.get(a..).unwrap_or("")
}

/// Places smaller than this are kept only when the article names their country or division.
const SMALL: u64 = 10_000;

/// Two places this close (km) make each other likelier: an article's towns lie together.
const NEAR_KM: f32 = 100.0;

/// Names with more town readings than this are too common to say where an article is.
const MAX_AMBIGUOUS: usize = 20;

/// A town this close (km) to the point of a country the article names is likelier.
const NEAR_NATION_KM: f32 = 300.0;

/// The longest name, in words, that the detector tries.
pub const MAX_WORDS: usize = 6;

static DATA: &[u8] = include_bytes!("../data/gazetteer.tsv.gz");

/// What kind of place a gazetteer entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Feature {
    /// A continent.
    Continent,
    /// An independent country (GeoNames `PCLI`).
    Country,
    /// A first-level administrative division (state, province, region).
    Admin1,
    /// A second-level division (US county or parish).
    Admin2,
    /// A national capital.
    Capital,
    /// Another populated place.
    City,
    /// The demonym of a country ("Russian"), an adjectival toponym resolved to the country.
    Demonym,
}

impl Feature {
    fn parse(s: &str) -> Option<Feature> {
        Some(match s {
            "CONT" => Feature::Continent,
            "PCLI" => Feature::Country,
            "ADM1" => Feature::Admin1,
            "ADM2" => Feature::Admin2,
            "PPLC" => Feature::Capital,
            "PPL" => Feature::City,
            "DEM" => Feature::Demonym,
            _ => return None,
        })
    }

    /// The GeoNames-style code: `CONT`, `PCLI`, `ADM1`, `ADM2`, `PPLC`, `PPL`, `DEM`.
    pub fn code(self) -> &'static str {
        match self {
            Feature::Continent => "CONT",
            Feature::Country => "PCLI",
            Feature::Admin1 => "ADM1",
            Feature::Admin2 => "ADM2",
            Feature::Capital => "PPLC",
            Feature::City => "PPL",
            Feature::Demonym => "DEM",
        }
    }

    /// Whether the place is a town or a second-level division: what spatial coherence between
    /// the names of an article is measured on.
    fn is_local(self) -> bool {
        matches!(self, Feature::City | Feature::Capital | Feature::Admin2)
    }

    /// Whether the place is a whole country or continent (or its demonym).
    fn is_national(self) -> bool {
        matches!(
            self,
            Feature::Continent | Feature::Country | Feature::Demonym
        )
    }
}

/// One gazetteer entry.
#[derive(Clone, Debug)]
pub struct Place {
    /// GeoNames id, where the entry has one.
    pub geonameid: Option<u32>,
    /// Preferred name.
    pub name: String,
    /// Latitude (degrees).
    pub lat: f32,
    /// Longitude (degrees).
    pub lon: f32,
    /// ISO 3166 alpha-3 country code; empty for continents.
    pub country: String,
    /// Kind of place.
    pub feature: Feature,
    /// Population (0 where unknown).
    pub population: u64,
    /// Name of the first-level division the place lies in (empty where unknown).
    pub admin1: String,
    /// For a demonym, the index of the country or continent it names.
    pub of: Option<u32>,
}

/// An index entry: a place, and whether the name is an acronym ("US", "UAE") that must match
/// in capitals.
#[derive(Clone, Copy, Debug)]
struct Entry {
    place: u32,
    acronym: bool,
}

/// The embedded gazetteer: every country, continent, first-level division, US county, and every
/// populated place of at least 1,000 people in GeoNames (alternate names for those of at least
/// 15,000), indexed by normalised name.
#[derive(Debug)]
pub struct Gazetteer {
    places: Vec<Place>,
    index: HashMap<String, Vec<Entry>, KeyHash>,
}

/// Lowercases and drops dots, so "U.S." and "US" share a key and so do "St. Louis" and "St Louis".
pub fn normalize(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    normalize_into(name, &mut out);
    out
}

/// [`normalize`] into `out` (cleared first), so a caller looking up many names reuses one buffer.
fn normalize_into(name: &str, out: &mut String) {
    out.clear();
    let mut space = false;
    if name.is_ascii() {
        // The same steps on bytes: an ASCII character lowercases to one ASCII character.
        for &b in name.as_bytes() {
            if b == b'.' {
                continue;
            }
            if (b as char).is_whitespace() {
                space = !out.is_empty();
                continue;
            }
            if space {
                out.push(' ');
                space = false;
            }
            out.push(b.to_ascii_lowercase() as char);
        }
        return;
    }
    normalize_chars(name, out);
}

/// The general path of [`normalize_into`], character by character (appends to `out`).
fn normalize_chars(name: &str, out: &mut String) {
    let mut space = false;
    for c in name.chars() {
        if c == '.' {
            continue;
        }
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.extend(c.to_lowercase());
    }
}

/// The gazetteer's hasher: `foldhash`'s fixed-seed fast hash. The keys are fixed data, so a
/// keyed (DoS-resistant) hash buys nothing, and SipHash was a large part of building the index
/// and of each lookup. The index is never iterated, so the hash cannot reach the output.
type KeyHash = foldhash::fast::FixedState;

fn is_acronym(name: &str) -> bool {
    let mut letters = 0;
    for c in name.chars().filter(|c| c.is_alphabetic()) {
        letters += 1;
        if letters > 4 || !c.is_uppercase() {
            return false;
        }
    }
    true
}

impl Gazetteer {
    /// The gazetteer compiled into the binary, decompressed and indexed on first use.
    pub fn embedded() -> &'static Gazetteer {
        static G: OnceLock<Gazetteer> = OnceLock::new();
        G.get_or_init(|| {
            let mut text = String::new();
            flate2::read::GzDecoder::new(DATA)
                .read_to_string(&mut text)
                .expect("embedded gazetteer decompresses");
            Gazetteer::from_tsv(&text)
        })
    }

    /// Builds a gazetteer from the generator's TSV format (see `data/README.md`); lines that do
    /// not parse are skipped.
    pub fn from_tsv(text: &str) -> Gazetteer {
        let lines = text.lines().count();
        let mut places = Vec::with_capacity(lines);
        let mut index: HashMap<String, Vec<Entry>, KeyHash> =
            HashMap::with_capacity_and_hasher(lines * 2, KeyHash::default());
        let mut key = String::new();
        for line in text.lines() {
            if line.starts_with('#') {
                continue;
            }
            // The first nine fields (any further ones are ignored).
            let mut f = [""; 9];
            let mut n = 0;
            for (k, field) in line.split('\t').take(9).enumerate() {
                f[k] = field;
                n = k + 1;
            }
            if n < 9 {
                continue;
            }
            let (Ok(lat), Ok(lon), Some(feature)) = (
                f[2].parse::<f32>(),
                f[3].parse::<f32>(),
                Feature::parse(f[5]),
            ) else {
                continue;
            };
            let id = places.len() as u32;
            let gid = f[0].parse::<u32>().ok().filter(|g| *g != 0);
            places.push(Place {
                geonameid: gid,
                name: f[1].to_string(),
                lat,
                lon,
                country: f[4].to_string(),
                feature,
                population: f[6].parse().unwrap_or(0),
                admin1: f[7].to_string(),
                of: None,
            });
            let names = std::iter::once(f[1]).chain(f[8].split('|').filter(|a| !a.is_empty()));
            for n in names {
                normalize_into(n, &mut key);
                if key.is_empty() {
                    continue;
                }
                if !index.contains_key(key.as_str()) {
                    index.insert(key.clone(), Vec::new());
                }
                let v = index.get_mut(key.as_str()).expect("inserted above");
                if !v.iter().any(|e| e.place == id) {
                    v.push(Entry {
                        place: id,
                        acronym: is_acronym(n),
                    });
                }
            }
        }
        // Demonyms point at their country or continent (same GeoNames id).
        let owners: HashMap<u32, u32> = places
            .iter()
            .enumerate()
            .filter(|(_, p)| matches!(p.feature, Feature::Country | Feature::Continent))
            .filter_map(|(i, p)| Some((p.geonameid?, i as u32)))
            .collect();
        for p in &mut places {
            if p.feature == Feature::Demonym {
                p.of = p.geonameid.and_then(|g| owners.get(&g).copied());
            }
        }
        Gazetteer { places, index }
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.places.len()
    }

    /// Whether the gazetteer is empty.
    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }

    /// The entry with this index.
    pub fn place(&self, i: u32) -> &Place {
        &self.places[i as usize]
    }

    /// Indices of the entries that a name (as written) can refer to: acronym names only
    /// when written in capitals. The normalised key must be given (see [`normalize`]).
    pub fn lookup_key<'a>(&'a self, key: &str, surface: &'a str) -> impl Iterator<Item = u32> + 'a {
        let caps = surface
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(|c| c.is_uppercase());
        self.index
            .get(key)
            .into_iter()
            .flatten()
            .filter(move |e| !e.acronym || caps)
            .map(|e| e.place)
    }

    /// Indices of the entries a name can refer to.
    pub fn lookup(&self, name: &str) -> Vec<u32> {
        self.lookup_key(&normalize(name), name).collect()
    }

    /// The most likely entry for a name out of context (feature class, then population).
    pub fn resolve_one(&self, name: &str) -> Option<&Place> {
        let key = normalize(name);
        self.lookup_key(&key, name)
            .max_by(|a, b| prior(self.place(*a)).total_cmp(&prior(self.place(*b))))
            .map(|i| self.place(i))
    }
}

/// What the caller already knows about the article.
#[derive(Clone, Debug, Default)]
pub struct PlaceContext {
    /// Countries (ISO alpha-3) known to matter to the article, e.g. from its actors or source;
    /// they favour places in those countries.
    pub countries: Vec<String>,
    /// Leave out demonyms ("Russian"), which the geoparsing corpora count as adjectival
    /// toponyms but an event's location should not be.
    pub skip_demonyms: bool,
}

/// A toponym found in a text, resolved to a gazetteer entry.
#[derive(Clone, Debug, PartialEq)]
pub struct PlaceMention {
    /// Where it is (bytes).
    pub span: Span,
    /// The entry's preferred name.
    pub name: String,
    /// ISO 3166 alpha-3 country code; empty for a continent.
    pub country: String,
    /// Latitude (degrees).
    pub lat: f64,
    /// Longitude (degrees).
    pub lon: f64,
    /// GeoNames id, where the entry has one.
    pub geonameid: Option<u32>,
    /// GeoNames-style feature code (`PCLI`, `ADM1`, `PPLC`, `PPL`, …; `DEM` for a demonym).
    pub feature: String,
    /// Part of a larger proper name ("Paris" in "Paris Police Department", "Washington" in
    /// "Washington Post"): a toponym, but not where anything happened.
    pub embedded: bool,
}

/// The prior of an entry: log population plus a feature bonus.
fn prior(p: &Place) -> f32 {
    let pop = ((p.population as f32) + 1.0).ln();
    let bonus = match p.feature {
        Feature::Continent => 12.0,
        Feature::Country => 10.0,
        Feature::Demonym => 10.0,
        Feature::Admin1 => 3.0,
        Feature::Capital => 7.0,
        Feature::Admin2 => 2.0,
        Feature::City => 0.0,
    };
    // Divisions and counties have no population of their own in the data: weigh them as mid-size.
    let pop = if p.population == 0 { 9.0 } else { pop };
    pop + bonus
}

/// Capitalised words that are far more often not places.
static STOP: StopSet = StopSet::new(
    "\
a i the he she it we they this that these those there here but and or if in on at of as by \
for from with to an so mr mrs ms dr st sen rep gov gen col lt sgt capt president minister \
police king queen prince god lord january february march april may june july august \
september october november december monday tuesday wednesday thursday friday saturday \
sunday christmas easter republican democrat democratic university college school county \
city state north south east west central union national federal new university church \
hospital court center centre street road avenue park lake river mount fort port beach \
island valley hill hills bay john james david michael robert william mary george paul mark \
peter best man tv ok well after before when while where what who how why all some one two \
three more most no not yes also however then now today as internet web online gold star \
sun moon earth mercury venus mars home office army navy world media since many much still \
none each every other such both only even just again once soon later early late last next \
first northeast northwest southeast southwest northern southern eastern western arab \
olympic commerce chamber liberty victory independence paradise hope faith unity progress \
friendship harmony justice opportunity industry enterprise security defense energy health \
four five six seven eight nine ten over is was are law time real area along never born \
lakes liberal congress post la le el de mass hall bank islands mile metro jan feb mar apr \
jun jul aug sep sept oct nov dec",
);

/// Capitalised words that, right after a name, make it part of a larger proper name
/// ("Washington Post", "Georgia Tech", "Texas Rangers").
static ORG_HEADS: StopSet = StopSet::new(
    "\
post times tribune journal herald gazette globe news press daily star sun chronicle \
examiner observer telegraph university college school academy institute tech state \
hospital clinic church cathedral street st road rd avenue ave boulevard blvd drive lane \
highway bridge airport station stadium arena hotel company co corp corporation inc ltd \
bank group club fc united city rangers giants bears police department dept board council \
commission court zoo museum library mall center centre park hall house building tower \
square theater theatre airlines airways express energy motors records avenue mayor \
marathon cup open masters symphony orchestra ballet opera festival fair show county parish \
township district road lane way",
);

/// Capitalised words after a demonym that make it part of a place's own name ("Indian Ocean").
static FEATURE_HEADS: StopSet = StopSet::new(
    "\
ocean sea gulf bay strait straits channel river lake lakes mountains mountain peninsula desert \
island islands quarter embassy consulate basin plateau valley coast",
);

/// Words that before a continent (or "America") make a region of it.
static REGION_PREFIXES: StopSet = StopSet::new(
    "\
north south east west northern southern eastern western central latin middle sub-saharan \
northeast northwest southeast southwest",
);

/// Words of which region names without a gazetteer entry are made ("Middle East", "West Coast").
static GENERIC: StopSet = StopSet::new(
    "\
north south east west northern southern eastern western central middle upper lower far near \
mid coast coastal gulf ocean sea pacific atlantic arctic bay border frontier interior heartland \
the of",
);

/// Whether every word of a name is a generic geographic word.
fn is_generic(name: &str) -> bool {
    let mut n = 0;
    let all = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .all(|w| {
            n += 1;
            is_stop(&w.to_lowercase(), &GENERIC)
        });
    all && n > 0
}

/// Words that may precede a place name without making it part of a person's name.
static PREFIXES_OK: StopSet = StopSet::new(
    "\
north south east west northern southern eastern western central upper lower greater \
downtown suburban rural metropolitan in the from to of near across outside inside at and \
or but with for by on into between",
);

fn is_stop(word_key: &str, set: &StopSet) -> bool {
    set.contains(word_key)
}

/// A fixed set of lowercase words, written as one space-separated literal and hashed on first
/// use (a membership test used to scan the literal word by word: ≈ 55k instructions per
/// sentence on the bench corpus).
struct StopSet {
    words: &'static str,
    set: OnceLock<HashSet<&'static str, KeyHash>>,
}

impl StopSet {
    const fn new(words: &'static str) -> StopSet {
        StopSet {
            words,
            set: OnceLock::new(),
        }
    }

    /// Whether `word` is one of the words (the same answer as scanning the literal).
    fn contains(&self, word: &str) -> bool {
        self.set
            .get_or_init(|| self.words.split_whitespace().collect())
            .contains(word)
    }
}

/// A word of the text: its byte range and what precedes it.
#[derive(Clone, Copy, Debug)]
struct Word {
    start: usize,
    end: usize,
    /// The word starts a sentence or a line (or follows a quote/bracket opening one).
    initial: bool,
}

fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut initial = true;
    let mut pending_initial = true;
    for (i, c) in text.char_indices() {
        let inner = c.is_alphanumeric()
            || (start.is_some() && (c == '\'' || c == '’') && {
                // An apostrophe inside a word ("Côte d'Ivoire"), but not a possessive ("China's").
                // A hyphen splits words: "London-based", "Amsterdam-London"; a hyphenated name
                // ("Winston-Salem") is found again as a sequence of words.
                let rest = text.get(i + c.len_utf8()..).unwrap_or("");
                let mut it = rest.chars();
                let next = it.next();
                let possessive = matches!(next, Some('s') | Some('S'))
                    && !it.next().is_some_and(|n| n.is_alphanumeric());
                next.is_some_and(|n| n.is_alphabetic()) && !possessive
            });
        match (inner, start) {
            (true, None) => {
                start = Some(i);
                initial = pending_initial;
                pending_initial = false;
            }
            (false, Some(s)) => {
                out.push(Word {
                    start: s,
                    end: i,
                    initial,
                });
                start = None;
            }
            _ => {}
        }
        if !inner {
            match c {
                '.' | '!' | '?' | '\n' | ':' | ';' | '"' | '“' | '(' | '[' | '—' => {
                    // A dot after a one-letter word or an abbreviation does not end a sentence
                    // for our purposes ("U.S.", "St. Louis").
                    let prev = out.last().map(|w| sub(text, w.start, w.end)).unwrap_or("");
                    let abbrev = c == '.'
                        && (prev.chars().count() <= 2
                            || matches!(prev, "St" | "Mt" | "Ft" | "Gov" | "Sen" | "Rep" | "Dr"));
                    if !abbrev {
                        pending_initial = true;
                    }
                }
                _ => {}
            }
        }
    }
    if let Some(s) = start {
        out.push(Word {
            start: s,
            end: text.len(),
            initial,
        });
    }
    out
}

fn capitalized(w: &str) -> bool {
    w.chars().next().is_some_and(|c| c.is_uppercase())
}

fn is_all_caps(w: &str) -> bool {
    w.chars().any(|c| c.is_alphabetic())
        && w.chars()
            .filter(|c| c.is_alphabetic())
            .all(|c| c.is_uppercase())
}

/// Whether the gap between two words can be inside one name (spaces, dots, a hyphen).
fn joinable(gap: &str) -> bool {
    gap.len() <= 3
        && gap
            .chars()
            .all(|c| c == ' ' || c == '.' || c == '-' || c == '\'')
}

/// A detected toponym before resolution.
struct Candidate {
    span: Span,
    /// One word only (liable to be a person's name).
    single: bool,
    entries: Vec<u32>,
    /// The toponym is followed by ", <division or country>" which it lies in.
    qualifier: Option<Vec<u32>>,
    /// Part of a larger proper name ("Paris Police Department").
    embedded: bool,
    /// Made of generic words only ("Gulf", "West Coast"): needs the article's support.
    generic: bool,
}

/// Finds the toponyms of `text` and resolves each one to a gazetteer entry.
pub fn find_places(text: &str, gaz: &Gazetteer, ctx: &PlaceContext) -> Vec<PlaceMention> {
    let ws = words(text);
    let mut cands: Vec<Candidate> = Vec::new();
    // Words seen as part of a person's name in this article ("Rick Perry" ... "Perry said").
    let mut persons: Vec<String> = Vec::new();
    // Buffers reused for every word: the word indices of a candidate name and its lookup key.
    let mut ends: Vec<usize> = Vec::with_capacity(MAX_WORDS);
    let mut key = String::new();
    let mut i = 0;
    while i < ws.len() {
        let w = sub(text, ws[i].start, ws[i].end);
        if !capitalized(w) {
            i += 1;
            continue;
        }
        // Longest name first.
        let mut found: Option<(usize, Vec<u32>)> = None;
        let mut last = i;
        ends.clear();
        ends.push(i);
        while last + 1 < ws.len()
            && ends.len() < MAX_WORDS
            && joinable(sub(text, ws[last].end, ws[last + 1].start))
        {
            last += 1;
            ends.push(last);
        }
        for &j in ends.iter().rev() {
            let lw = sub(text, ws[j].start, ws[j].end);
            if !capitalized(lw) && j != i {
                continue;
            }
            let mut end = ws[j].end;
            // Keep the final dot of an abbreviation ("U.S.").
            if sub_from(text, end).starts_with('.') && lw.chars().count() == 1 {
                end += 1;
            }
            let surface = sub(text, ws[i].start, end);
            normalize_into(surface, &mut key);
            if !gaz.index.contains_key(key.as_str()) {
                continue;
            }
            let entries: Vec<u32> = gaz.lookup_key(&key, surface).collect();
            if entries.is_empty() {
                continue;
            }
            if j == i {
                match accept_single(text, &ws, i, gaz, &entries) {
                    Single::Place => {}
                    Single::Person => {
                        persons.push(w.to_lowercase());
                        break;
                    }
                    Single::Other => break,
                }
            }
            found = Some((j, entries));
            break;
        }
        let Some((j, mut entries)) = found else {
            i += 1;
            continue;
        };
        let mut end = ws[j].end;
        if sub_from(text, end).starts_with('.') && sub(text, ws[j].start, end).chars().count() == 1
        {
            end += 1;
        }
        // A name followed by an organisation or facility word is part of a larger name ("Paris
        // Police Department", "Washington Post"): still a toponym for the geoparsing corpora,
        // marked so that it never places an event.
        let mut embedded = false;
        if let Some(next) = ws.get(j + 1) {
            let nw = sub(text, next.start, next.end);
            let gap = sub(text, end, next.start);
            let nl = nw.to_lowercase();
            if gap.trim().is_empty() && capitalized(nw) {
                if is_stop(&nl, &ORG_HEADS) {
                    embedded = true;
                }
                // An adjective of a name ("Indian Ocean", "French Quarter", "Russian Embassy").
                if is_stop(&nl, &FEATURE_HEADS) {
                    entries.retain(|&e| gaz.place(e).feature != Feature::Demonym);
                    if entries.is_empty() {
                        i = j + 1;
                        continue;
                    }
                }
            }
        }
        // Names made only of generic words ("Middle East", "West Coast", "Gulf") are regions
        // that the gazetteer lacks; a small place of that name is not what the text means.
        let generic = is_generic(sub(text, ws[i].start, end));
        if generic {
            entries.retain(|&e| {
                let p = gaz.place(e);
                p.feature.is_national() || p.feature == Feature::Admin1 || p.population >= 100_000
            });
            if entries.is_empty() {
                i = j + 1;
                continue;
            }
        }
        // A compass word or "Latin"/"Central" before a continent or America names a region
        // ("North Africa", "Latin America", "Central American"), not the whole or the country.
        if i > 0 && j == i {
            let p = sub(text, ws[i - 1].start, ws[i - 1].end).to_lowercase();
            let gap = sub(text, ws[i - 1].end, ws[i].start);
            let big = w.starts_with("America")
                || entries.iter().any(|&e| {
                    let q = gaz.place(e);
                    let of = q.of.map(|o| gaz.place(o)).unwrap_or(q);
                    of.feature == Feature::Continent
                });
            if big && (gap == " " || gap == "-") && is_stop(&p, &REGION_PREFIXES) {
                i = j + 1;
                continue;
            }
        }
        if ctx.skip_demonyms {
            entries.retain(|&e| gaz.place(e).feature != Feature::Demonym);
            if entries.is_empty() {
                i = j + 1;
                continue;
            }
        } else if entries
            .iter()
            .any(|&e| gaz.place(e).feature == Feature::Demonym)
        {
            entries.retain(|&e| gaz.place(e).feature == Feature::Demonym);
        }
        cands.push(Candidate {
            single: j == i,
            span: Span::new(ws[i].start, end),
            entries,
            qualifier: None,
            embedded,
            generic,
        });
        i = j + 1;
    }
    // A word used for a person elsewhere in the article is a person here too, unless it names
    // a country, a division or a large city.
    cands.retain(|c| {
        !c.single
            || !persons.contains(&c.span.slice(text).to_lowercase())
            || c.entries.iter().any(|&e| {
                let p = gaz.place(e);
                p.feature.is_national() || p.feature == Feature::Admin1 || p.population >= 100_000
            })
    });
    // "Alexandria, Louisiana": the second name qualifies the first.
    for k in 0..cands.len().saturating_sub(1) {
        let gap = sub(text, cands[k].span.end, cands[k + 1].span.start);
        if gap.trim() == "," || gap.trim() == "(" {
            let q: Vec<u32> = cands[k + 1]
                .entries
                .iter()
                .copied()
                .filter(|&e| {
                    matches!(
                        gaz.place(e).feature,
                        Feature::Admin1 | Feature::Country | Feature::Admin2
                    )
                })
                .collect();
            if !q.is_empty() {
                cands[k].qualifier = Some(q);
            }
        }
    }
    resolve(gaz, ctx, text, &cands)
}

/// What a single capitalised word that names a place is taken to be.
enum Single {
    Place,
    /// Part of a person's name: remembered for the rest of the article.
    Person,
    Other,
}

/// Words that begin a longer name ("St. Patrick's", "Mount Vernon", "Fort Hood").
static NAME_PREFIXES: StopSet = StopSet::new(
    "\
st saint ste san santa mount mt fort ft lake port cape camp glen point",
);

/// Titles before a person's name.
static TITLES: StopSet = StopSet::new(
    "\
mr mrs ms miss dr sir gov governor sen senator rep president judge officer sgt sergeant lt \
capt captain chief coach rev father pastor mayor deputy detective trooper agent professor \
prof gen general col colonel maj major cpl pvt",
);

/// Verbs that follow a speaker ("Jones said").
static SPEECH: StopSet = StopSet::new(
    "\
said says told added asked explained noted wrote stated testified argued replied recalled \
continued confirmed declined",
);

/// Whether a single capitalised word that names a place should count as a toponym.
fn accept_single(text: &str, ws: &[Word], i: usize, gaz: &Gazetteer, entries: &[u32]) -> Single {
    let w = sub(text, ws[i].start, ws[i].end);
    let lower = w.to_lowercase();
    if is_stop(&lower, &STOP) {
        return Single::Other;
    }
    let national = entries.iter().any(|&e| {
        let p = gaz.place(e);
        p.feature.is_national() || p.feature == Feature::Admin1
    });
    // All capitals: only acronyms, or a dateline at the start of a line ("MOSCOW, Sept 4",
    // "WASHINGTON (AP) —", "WASHINGTON — The", "WASHINGTON Barack Obama ...").
    if is_all_caps(w) && w.chars().count() > 1 {
        let acronym = w.chars().count() <= 4 && national;
        let after = sub_from(text, ws[i].end);
        let rest = after.trim_start_matches([' ', '\t']);
        let large = entries.iter().any(|&e| {
            let p = gaz.place(e);
            p.feature.is_national() || p.feature == Feature::Admin1 || p.population >= 100_000
        });
        // "(AP)", "(Reuters)": a news agency after the place.
        let agency = rest.strip_prefix('(').is_some_and(|r| {
            let name: String = r.chars().take_while(|c| c.is_alphabetic()).collect();
            capitalized(&name) && r.get(name.len()..).is_some_and(|x| x.starts_with(')'))
        });
        let dateline = agency
            || ws[i].initial
                && (after.starts_with(',')
                    || rest.starts_with(['(', '—', '–', '-'])
                    || (large
                        && after.starts_with([' ', '\t'])
                        && rest.chars().next().is_some_and(|c| c.is_uppercase())
                        && !rest
                            .split(|c: char| !c.is_alphabetic())
                            .next()
                            .is_some_and(is_all_caps)));
        if !(acronym || dateline) {
            return Single::Other;
        }
    }
    if national {
        return Single::Place;
    }
    let small = entries.iter().all(|&e| gaz.place(e).population < 100_000);
    // Preceded by a capitalised word that is not sentence-initial-only and not a direction:
    // probably a person's name ("Rick Perry", "Mr. Lincoln").
    if i > 0 {
        let p = sub(text, ws[i - 1].start, ws[i - 1].end);
        let gap = sub(text, ws[i - 1].end, ws[i].start);
        let pl = p.to_lowercase();
        if (gap == " " || gap == ". ") && is_stop(&pl, &TITLES) {
            return Single::Person;
        }
        // A middle initial: "Matthew D. Flores".
        if gap == ". " && p.chars().count() == 1 && capitalized(p) {
            return Single::Person;
        }
        // The end of a longer name that the gazetteer lacks: "St. Patrick's", "Fort Hood".
        if (gap == " " || gap == ". ") && is_stop(&pl, &NAME_PREFIXES) {
            return Single::Other;
        }
        // "Jean-Pierre" too, but not a party and state ("D-Columbus").
        let hyphen = gap == "-" && p.chars().count() > 1;
        if (gap == " " || hyphen)
            && capitalized(p)
            && !is_stop(&pl, &PREFIXES_OK)
            && !is_stop(&pl, &STOP)
            && (gaz.lookup(p).is_empty() || (gap == " " && small && small_town_only(gaz, p)))
        {
            return Single::Person;
        }
    }
    if let Some(n) = ws.get(i + 1) {
        let nw = sub(text, n.start, n.end);
        let gap = sub(text, ws[i].end, n.start);
        // Followed by a capitalised word that is no place: a first name ("Henry Ford"); so is
        // a small town's name before another small town's ("Linda Jones", "Nikki Webb").
        if gap == " "
            && capitalized(nw)
            && !is_all_caps(nw)
            && (gaz.lookup(nw).is_empty() || (small && small_town_only(gaz, nw)))
        {
            return Single::Other;
        }
        // A speaker: "Jones said" (but "Moscow said" is the city standing for its government).
        if gap.trim().is_empty() && is_stop(nw, &SPEECH) && small {
            return Single::Person;
        }
        // The subject of a verb ("Kim arrived", "Moore has"): a person, unless the place is
        // large enough to stand for its people or government ("Moscow warned").
        let verb = nw.len() > 3 && nw.ends_with("ed")
            || matches!(
                nw,
                "is" | "was" | "has" | "had" | "met" | "will" | "would" | "won" | "led"
            );
        if small && gap == " " && verb {
            return Single::Person;
        }
    }
    Single::Place
}

/// A name compared loosely: lowercased, dots and diacritics dropped, "Saint"/"Mount"/"Fort"
/// abbreviated ("Cancún" = "Cancun", "Saint Petersburg" = "St. Petersburg").
fn canonical(name: &str) -> String {
    let n: String = normalize(name).chars().map(fold_char).collect();
    for (full, short) in [
        ("saint ", "st "),
        ("sainte ", "ste "),
        ("mount ", "mt "),
        ("fort ", "ft "),
    ] {
        if let Some(rest) = n.strip_prefix(full) {
            return format!("{short}{rest}");
        }
    }
    n
}

/// A Latin letter without its diacritic (lowercase input).
fn fold_char(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
        'ç' | 'ć' | 'č' => 'c',
        'ď' | 'đ' => 'd',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => 'e',
        'ğ' | 'ģ' => 'g',
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => 'i',
        'ķ' => 'k',
        'ł' | 'ľ' | 'ļ' => 'l',
        'ñ' | 'ń' | 'ň' | 'ņ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => 'o',
        'ř' | 'ŕ' => 'r',
        'ś' | 'š' | 'ş' | 'ș' => 's',
        'ť' | 'ţ' | 'ț' => 't',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => 'u',
        'ý' | 'ÿ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        other => other,
    }
}

/// Whether the text calls a place by its own (preferred) name.
fn own_name(p: &Place, surface: &str) -> bool {
    canonical(&p.name) == canonical(surface)
}

/// Whether a word names only towns of fewer than 100,000 people (so may well be a person's name).
fn small_town_only(gaz: &Gazetteer, word: &str) -> bool {
    let key = normalize(word);
    let mut any = false;
    for e in gaz.lookup_key(&key, word) {
        let p = gaz.place(e);
        if !matches!(p.feature, Feature::City | Feature::Admin2) || p.population >= 100_000 {
            return false;
        }
        any = true;
    }
    any
}

fn km(lat1: f32, lon1: f32, lat2: f32, lon2: f32) -> f32 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0 * a.sqrt().min(1.0).asin()
}

/// The article's evidence: votes for countries and first-level divisions.
#[derive(Default)]
struct Votes<'g> {
    /// Country (ISO3) → weight.
    countries: HashMap<&'g str, f32>,
    /// (country, division) named as a division.
    admin1s: HashMap<(&'g str, &'g str), f32>,
    /// (country, division) that the article's places may lie in.
    cities_in: HashMap<(&'g str, &'g str), f32>,
}

impl<'g> Votes<'g> {
    /// Adds (`sign` = 1) or removes (-1) one name's votes, given its out-of-context reading.
    fn add(&mut self, gaz: &'g Gazetteer, entries: &[u32], first: u32, sign: f32) {
        let p = gaz.place(first);
        // Unambiguous names count fully, ambiguous ones half.
        let weight = if entries.len() == 1 { 1.0 } else { 0.5 };
        if !p.country.is_empty() {
            *self.countries.entry(p.country.as_str()).or_default() += sign * weight;
        }
        let n = entries.len() as f32;
        for &x in entries {
            let q = gaz.place(x);
            if q.feature == Feature::Admin1 {
                *self
                    .admin1s
                    .entry((q.country.as_str(), q.name.as_str()))
                    .or_default() += sign;
            } else if !q.admin1.is_empty() && !q.feature.is_national() {
                *self
                    .cities_in
                    .entry((q.country.as_str(), q.admin1.as_str()))
                    .or_default() += sign / n;
            }
        }
    }

    fn country(&self, c: &str) -> f32 {
        self.countries.get(c).copied().unwrap_or(0.0).max(0.0)
    }

    fn admin1(&self, c: &str, a: &str) -> f32 {
        self.admin1s.get(&(c, a)).copied().unwrap_or(0.0).max(0.0)
    }

    fn cities_in(&self, c: &str, a: &str) -> f32 {
        self.cities_in.get(&(c, a)).copied().unwrap_or(0.0).max(0.0)
    }
}

/// Chooses an entry for every candidate. All mentions of one name in an article get the same
/// reading (one sense per discourse), and a name's own mentions do not vote for themselves.
fn resolve(
    gaz: &Gazetteer,
    ctx: &PlaceContext,
    text: &str,
    cands: &[Candidate],
) -> Vec<PlaceMention> {
    // Group the mentions by name.
    let mut group_of: HashMap<String, usize> = HashMap::new();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (k, c) in cands.iter().enumerate() {
        let key = normalize(c.span.slice(text));
        let g = *group_of.entry(key).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[g].push(k);
    }
    // Pass 1: out-of-context readings, and the votes they cast.
    let first: Vec<u32> = groups
        .iter()
        .map(|g| best(gaz, &cands[g[0]], prior))
        .collect();
    let mut votes = Votes::default();
    for c in &ctx.countries {
        *votes.countries.entry(c.as_str()).or_default() += 2.0;
    }
    for (g, &f) in groups.iter().zip(&first) {
        votes.add(gaz, &cands[g[0]].entries, f, 1.0);
    }
    // The towns and counties each name may be.
    let local: Vec<Vec<(f32, f32)>> = groups
        .iter()
        .map(|g| {
            cands[g[0]]
                .entries
                .iter()
                .map(|&e| gaz.place(e))
                .filter(|p| p.feature.is_local())
                .map(|p| (p.lat, p.lon))
                .collect()
        })
        .collect();
    // Pass 2: each name in the light of the others; pass 3 again, now also near the towns
    // the others were read as in pass 2 (an article's towns lie together).
    let mut picks: Vec<u32> = first.clone();
    let mut keeps: Vec<bool> = vec![true; groups.len()];
    for pass in 0..2 {
        let towns: Vec<Option<(f32, f32)>> = picks
            .iter()
            .map(|&e| {
                let p = gaz.place(e);
                (pass > 0 && p.feature.is_local()).then_some((p.lat, p.lon))
            })
            .collect();
        // The points of the countries the others were read as (a small country's point is
        // near all its towns: "Gaza" with "Israel").
        let nations: Vec<Option<(f32, f32)>> = picks
            .iter()
            .map(|&e| {
                let p = gaz.place(e);
                let p = p.of.map(|o| gaz.place(o)).unwrap_or(p);
                (pass > 0 && p.feature == Feature::Country).then_some((p.lat, p.lon))
            })
            .collect();
        let mut next = picks.clone();
        for (gi, (g, &f)) in groups.iter().zip(&first).enumerate() {
            let c = &cands[g[0]];
            let mut others = Votes {
                countries: votes.countries.clone(),
                admin1s: votes.admin1s.clone(),
                cities_in: votes.cities_in.clone(),
            };
            others.add(gaz, &c.entries, f, -1.0);
            let total: f32 = others
                .countries
                .values()
                .map(|v| v.max(0.0))
                .sum::<f32>()
                .max(1.0);
            let qualifiers: Vec<u32> = g
                .iter()
                .filter_map(|&k| cands[k].qualifier.as_ref())
                .flatten()
                .copied()
                .collect();
            // Other names of the article read as a town or county near this one.
            let near = |p: &Place| -> f32 {
                if !p.feature.is_local() {
                    return 0.0;
                }
                // A name read as a town nearby counts fully; a name with a few readings of
                // which one lies nearby ("Henry County" by "Paris"), half.
                let n: f32 = (0..groups.len())
                    .filter(|&h| h != gi)
                    .map(|h| {
                        let close = |&(la, lo): &(f32, f32)| km(p.lat, p.lon, la, lo) < NEAR_KM;
                        if towns[h].as_ref().is_some_and(close) {
                            1.0
                        } else if pass > 0
                            && local[h].len() <= MAX_AMBIGUOUS
                            && local[h].iter().any(close)
                        {
                            0.5
                        } else {
                            0.0
                        }
                    })
                    .sum();
                let by_nation = nations.iter().enumerate().any(|(h, t)| {
                    h != gi && t.is_some_and(|(la, lo)| km(p.lat, p.lon, la, lo) < NEAR_NATION_KM)
                });
                n.min(3.0) + if by_nation { 1.0 } else { 0.0 }
            };
            let score = |p: &Place| {
                let mut s = prior(p);
                // The article speaks of this country: most of the bonus for any support, the rest
                // by its share of the article's places.
                let support = others.country(&p.country);
                if support > 0.0 {
                    s += 6.0 + 6.0 * (support / total).min(1.0);
                }
                match p.feature {
                    Feature::Admin1 => s += 3.0 * others.cities_in(&p.country, &p.name).min(3.0),
                    f if !f.is_national() => {
                        s += 4.0 * others.admin1(&p.country, &p.admin1).min(2.0);
                        // Other places of the article in the same division.
                        s += 2.0 * others.cities_in(&p.country, &p.admin1).min(3.0);
                    }
                    _ => {}
                }
                s += 6.0 * near(p);
                // A town called by its own name rather than a former or foreign one
                // ("Twickenham", not the old name of Huntsville).
                if p.feature.is_local() && own_name(p, c.span.slice(text)) {
                    s += 2.0;
                }
                let inside = qualifiers.iter().any(|&x| {
                    let a = gaz.place(x);
                    match a.feature {
                        Feature::Country => a.country == p.country,
                        Feature::Admin1 => a.country == p.country && a.name == p.admin1,
                        _ => km(a.lat, a.lon, p.lat, p.lon) < 60.0,
                    }
                });
                if inside {
                    s += 30.0;
                }
                s
            };
            let mut pick = best(gaz, c, score);
            // A country beats its own towns of the same name ("Mexico", not Mexico City).
            let pc = gaz.place(pick);
            if !pc.feature.is_national() && qualifiers.is_empty() {
                if let Some(&n) = c.entries.iter().find(|&&e| {
                    let q = gaz.place(e);
                    q.feature == Feature::Country && q.country == pc.country
                }) {
                    pick = n;
                }
            }
            // So does a first-level division its towns of the same name elsewhere in the country
            // ("Delaware", "Michigan"), unless the town is a capital or a city of a million.
            let pc = gaz.place(pick);
            if pc.feature == Feature::City && pc.population < 1_000_000 && qualifiers.is_empty() {
                if let Some(&n) = c.entries.iter().find(|&&e| {
                    let q = gaz.place(e);
                    q.feature == Feature::Admin1 && q.country == pc.country && q.name != pc.admin1
                }) {
                    pick = n;
                }
            }
            let p = gaz.place(pick);
            let supported_here = !qualifiers.is_empty()
                || others.country(&p.country) > 0.0
                || others.admin1(&p.country, &p.admin1) > 0.0;
            // A small place needs support from the article: its country or division named; so
            // does a division or town written as an abbreviation ("SA", "BC").
            let abbreviation = is_all_caps(c.span.slice(text))
                && c.span
                    .slice(text)
                    .chars()
                    .filter(|c| c.is_alphabetic())
                    .count()
                    <= 4;
            // A town known by another name ("Hamas" for Hamm, "Salisbury" for Harare) needs it
            // too, unless it is a city of a million.
            let alternate = matches!(p.feature, Feature::City | Feature::Capital)
                && p.population < 1_000_000
                && !own_name(p, c.span.slice(text));
            let supported = (p.feature != Feature::City || p.population >= SMALL || supported_here)
                && (p.feature.is_national() || !(abbreviation || c.generic) || supported_here)
                && (!alternate || supported_here);
            next[gi] = pick;
            keeps[gi] = supported;
        }
        picks = next;
    }
    let mut chosen = vec![0u32; cands.len()];
    let mut keep = vec![true; cands.len()];
    for (gi, g) in groups.iter().enumerate() {
        for &k in g {
            chosen[k] = picks[gi];
            keep[k] = keeps[gi];
        }
    }
    cands
        .iter()
        .zip(chosen.iter().zip(&keep))
        .filter(|(_, (_, &k))| k)
        .map(|(c, (&e, _))| {
            let p = gaz.place(e);
            PlaceMention {
                span: c.span,
                name: match p.of {
                    Some(o) => gaz.place(o).name.clone(),
                    None => p.name.clone(),
                },
                country: p.country.clone(),
                lat: p.lat as f64,
                lon: p.lon as f64,
                geonameid: p.geonameid,
                feature: p.feature.code().to_string(),
                embedded: c.embedded,
            }
        })
        .collect()
}

fn best(gaz: &Gazetteer, c: &Candidate, score: impl Fn(&Place) -> f32) -> u32 {
    let mut best = c.entries[0];
    let mut best_s = f32::MIN;
    for &e in &c.entries {
        let s = score(gaz.place(e));
        if s > best_s {
            best_s = s;
            best = e;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The stop sets answer as the scan of their literal did, for members and non-members.
    #[test]
    fn stop_sets_match_their_literals() {
        for set in [&STOP, &ORG_HEADS, &TITLES, &SPEECH, &GENERIC] {
            for w in set.words.split_whitespace() {
                assert!(is_stop(w, set), "{w}");
            }
            for w in ["", "paris", "said ", "the the", "Police", "sept."] {
                assert_eq!(
                    is_stop(w, set),
                    set.words.split_whitespace().any(|x| x == w),
                    "{w:?}"
                );
            }
        }
        assert!(is_stop("police", &STOP) && !is_stop("moscow", &STOP));
    }

    /// The ASCII fast path of `normalize` gives what the general path gives.
    #[test]
    fn normalize_ascii_path_matches_the_general_one() {
        fn general(name: &str) -> String {
            let mut out = String::new();
            normalize_chars(name, &mut out);
            out
        }
        for n in [
            "U.S.",
            " St.  Louis ",
            "Winston-Salem",
            "Côte d'Ivoire",
            "İstanbul",
            "\tNEW\x0bYORK\r",
            "",
            "...",
            "A. B",
        ] {
            assert_eq!(normalize(n), general(n), "{n:?}");
        }
        assert_eq!(normalize(" St.  Louis "), "st louis");
        let mut buf = String::from("left over");
        normalize_into("U.K.", &mut buf);
        assert_eq!(buf, "uk");
    }

    /// Keys differing in any byte (or only in length) hash apart under the gazetteer's hasher.
    #[test]
    fn key_hash_separates_keys() {
        use std::hash::BuildHasher;
        let h = |s: &str| KeyHash::default().hash_one(s);
        assert_ne!(h("paris"), h("parис"));
        assert_ne!(h("a"), h("a\0"));
        assert_ne!(h("newcastle upon tyne"), h("newcastle upon tyna"));
        assert_eq!(h("moscow"), h("moscow"));
    }

    fn places(text: &str) -> Vec<(String, String, String)> {
        find_places(text, Gazetteer::embedded(), &PlaceContext::default())
            .into_iter()
            .map(|p| (p.span.slice(text).to_string(), p.name, p.country))
            .collect()
    }

    #[test]
    fn embedded_gazetteer_loads() {
        let g = Gazetteer::embedded();
        assert!(g.len() > 100_000);
        assert_eq!(g.resolve_one("Russia").unwrap().country, "RUS");
        assert_eq!(g.resolve_one("U.S.").unwrap().country, "USA");
        // Lowercase "us" is not the acronym.
        assert!(g.resolve_one("us").is_none_or(|p| p.country != "USA"));
    }

    #[test]
    fn countries_cities_and_acronyms() {
        let p = places(
            "Kim Jong Un met Putin in Vladivostok before flying to Moscow, officials in the U.S. said.",
        );
        let names: Vec<&str> = p.iter().map(|x| x.0.as_str()).collect();
        assert_eq!(names, ["Vladivostok", "Moscow", "U.S."]);
        assert_eq!(p[0].2, "RUS");
        assert_eq!(p[2].2, "USA");
    }

    #[test]
    fn context_disambiguates() {
        let p = places("A fire in Alexandria, Louisiana, destroyed a home.");
        assert_eq!(p[0].2, "USA");
        let p = places("Protests spread from Cairo to Alexandria.");
        assert_eq!(p[1].2, "EGY");
    }

    #[test]
    fn person_names_are_not_places() {
        let p = places("Governor Rick Perry spoke in Austin, Texas.");
        let names: Vec<&str> = p.iter().map(|x| x.0.as_str()).collect();
        assert_eq!(names, ["Austin", "Texas"]);
    }

    #[test]
    fn names_inside_larger_names_are_marked() {
        let text = "The Paris Police Department said the Washington Post had called.";
        let p = find_places(text, Gazetteer::embedded(), &PlaceContext::default());
        let names: Vec<(&str, bool)> = p.iter().map(|x| (x.span.slice(text), x.embedded)).collect();
        assert_eq!(names, [("Paris", true), ("Washington", true)]);
        let p = find_places(
            "Talks in Paris ended.",
            Gazetteer::embedded(),
            &PlaceContext::default(),
        );
        assert!(!p[0].embedded);
    }

    #[test]
    fn hyphenated_and_regional_names() {
        let p = places("A London-based firm and a Winston-Salem bank opened offices.");
        let names: Vec<&str> = p.iter().map(|x| x.0.as_str()).collect();
        assert_eq!(names, ["London", "Winston-Salem"]);
        // A compass word before a continent or "America" makes a region we do not place.
        assert!(places("Drought hit North Africa and Latin America.").is_empty());
        // A region made of generic words resolves to no small town of that name.
        assert!(places("Oil prices rose across the Middle East.").is_empty());
    }

    #[test]
    fn agency_datelines_and_speech_of_cities() {
        let p = places("WASHINGTON (AP) — Officials met. Moscow said it would reply.");
        let names: Vec<&str> = p.iter().map(|x| x.1.as_str()).collect();
        assert_eq!(names, ["Washington", "Moscow"]);
        assert!(places("Jones said the plan would work.").is_empty());
    }

    #[test]
    fn towns_of_an_article_lie_together() {
        // Without context, the capital; with a neighbouring town named, the local homonym.
        assert_eq!(places("He moved to Paris.")[0].2, "FRA");
        let p = places(
            "The Paris council met in Henry County, Tennessee, on Monday. Paris is growing.",
        );
        assert!(
            p.iter().filter(|x| x.0 == "Paris").all(|x| x.2 == "USA"),
            "{p:?}"
        );
        let p = places("London police said the Sarnia man was arrested. London is quiet.");
        assert!(
            p.iter().filter(|x| x.0 == "London").all(|x| x.2 == "CAN"),
            "{p:?}"
        );
    }

    #[test]
    fn abbreviations_need_their_country() {
        // "BC" is British Columbia only in an article about Canada.
        let p = places("Fires spread in BC and Alberta.");
        assert_eq!(p[0].1, "British Columbia");
        assert!(places("He lived in 300 BC as a farmer.").is_empty());
    }

    #[test]
    fn geonames_points_for_countries_and_divisions() {
        let g = Gazetteer::embedded();
        let canada = g.resolve_one("Canada").expect("Canada");
        assert!((canada.lat - 60.1).abs() < 0.1 && (canada.lon + 113.6).abs() < 0.1);
        let ontario = g.resolve_one("Ontario").expect("Ontario");
        assert!((ontario.lat - 49.25).abs() < 0.1 && (ontario.lon + 84.5).abs() < 0.1);
        assert_eq!(
            g.resolve_one("NSW").map(|p| p.name.as_str()),
            Some("New South Wales")
        );
        // "St." and "Saint" are the same name.
        let spb = g.lookup("St. Petersburg");
        assert!(spb.iter().any(|&i| g.place(i).country == "RUS"));
    }

    #[test]
    fn dateline_in_capitals() {
        let p = places("MOSCOW, Sept 4 (Reuters) - Talks began.");
        assert_eq!(p[0].1, "Moscow");
    }
}

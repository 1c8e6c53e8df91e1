//! Word lists: abbreviations that keep their period, and capitalised words
//! that usually begin a sentence.

/// How an abbreviation that keeps its period behaves at a possible sentence end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AbbrevKind {
    /// Never ends a sentence: titles and words that need a continuation
    /// (`Mr.`, `Gen.`, `vs.`, `e.g.`, `No.` before a number).
    NeverFinal,
    /// Lower-case abbreviations that can end a sentence (`a.m.`, `etc.`): a
    /// sentence ends when a capitalised word that is not a weekday, month or
    /// time zone follows.
    LowerFinal,
    /// Acronyms, initials, months, states and company suffixes (`U.S.`, `W.`,
    /// `Inc.`): a sentence ends only when a typical sentence opener follows.
    Ambiguous,
}

/// Titles and other abbreviations that are always followed by more of the sentence.
const NEVER_FINAL: &[&str] = &[
    "Adm", "Amb", "Atty", "Brig", "Capt", "Cdr", "Cf", "Cmdr", "Col", "Cpl", "Cpt", "Det", "Dr",
    "Drs", "Fig", "Figs", "Fr", "Gen", "Gens", "Gov", "Hon", "Insp", "Lt", "Maj", "Messrs", "Mme",
    "Mmes", "Mlle", "Mr", "Mrs", "Ms", "Msgr", "Ofc", "Pfc", "Pres", "Prof", "Pvt", "Rep", "Reps",
    "Rev", "Rt", "Sen", "Sens", "Sgt", "Spc", "Supt", "Vol", "Vols", "approx", "cf", "e.g", "i.e",
    "v", "viz", "vs",
];

/// Lower-case abbreviations that often end a sentence.
const LOWER_FINAL: &[&str] = &[
    "a.m", "p.m", "etc", "bln", "mln", "hr", "hrs", "lb", "lbs", "min", "mins", "oz", "yr", "yrs",
    "sq", "ft", "km", "mi",
];

/// Capitalised abbreviations: months, weekdays, US states (AP style),
/// company suffixes, streets.
const AMBIGUOUS: &[&str] = &[
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Mon",
    "Tue", "Tues", "Wed", "Thu", "Thur", "Thurs", "Fri", "Sat", "Ala", "Ariz", "Ark", "Calif",
    "Colo", "Conn", "Del", "Fla", "Ga", "Ill", "Ind", "Kan", "Kans", "Ky", "La", "Md", "Mass",
    "Mich", "Minn", "Miss", "Mo", "Mont", "Neb", "Nev", "Okla", "Ore", "Pa", "Tenn", "Tex", "Vt",
    "Va", "Wash", "Wis", "Wyo", "W.Va", "Inc", "Corp", "Co", "Cos", "Ltd", "Bros", "Plc", "Jr",
    "Sr", "Esq", "Ph.D", "St", "Ste", "Mt", "Ft", "Ave", "Blvd", "Rd", "Dept", "Univ", "Assn",
    "Intl", "Natl", "Govt", "Mfg", "Ret", "Attn", "Gov't",
];

/// Capitalised words that typically open a sentence; after an acronym or an
/// initial (`U.S.`, `W.`) only these make a sentence boundary.
const STARTERS: &[&str] = &[
    "A",
    "About",
    "According",
    "After",
    "Afterwards",
    "Again",
    "All",
    "Also",
    "Although",
    "Among",
    "An",
    "And",
    "Another",
    "Any",
    "As",
    "Asked",
    "At",
    "Because",
    "Before",
    "Both",
    "But",
    "By",
    "Can",
    "Despite",
    "Did",
    "Do",
    "During",
    "Each",
    "Earlier",
    "Even",
    "Every",
    "Few",
    "For",
    "Former",
    "From",
    "Further",
    "He",
    "Her",
    "Here",
    "His",
    "How",
    "However",
    "I",
    "If",
    "In",
    "Instead",
    "It",
    "Its",
    "Last",
    "Later",
    "Many",
    "Meanwhile",
    "More",
    "Moreover",
    "Most",
    "Much",
    "My",
    "Neither",
    "Nevertheless",
    "No",
    "None",
    "Nor",
    "Not",
    "Nothing",
    "Now",
    "Of",
    "On",
    "Once",
    "One",
    "Only",
    "Or",
    "Other",
    "Others",
    "Our",
    "Over",
    "Several",
    "She",
    "Since",
    "So",
    "Some",
    "Still",
    "Such",
    "That",
    "The",
    "Their",
    "Then",
    "There",
    "These",
    "They",
    "This",
    "Those",
    "Though",
    "Thus",
    "To",
    "Today",
    "Two",
    "Under",
    "Unlike",
    "Until",
    "We",
    "What",
    "When",
    "Where",
    "Whether",
    "Which",
    "While",
    "Who",
    "Why",
    "With",
    "Without",
    "Yesterday",
    "Yet",
    "You",
    "Your",
];

/// Weekdays, months and time zones: after `p.m.` these continue the sentence.
const TIME_WORDS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Jan.",
    "Feb.",
    "Aug.",
    "Sept.",
    "Oct.",
    "Nov.",
    "Dec.",
    "Mon.",
    "Tue.",
    "Wed.",
    "Thu.",
    "Fri.",
    "Sat.",
    "Sun.",
    "GMT",
    "UTC",
    "EST",
    "EDT",
    "CST",
    "CDT",
    "MST",
    "MDT",
    "PST",
    "PDT",
    "ET",
    "CT",
    "PT",
    "BST",
    "CET",
    "CEST",
    "IST",
    "JST",
    "local",
];

/// The kind of the abbreviation `word` (which ends with `.`), if it is one.
///
/// `next` is the first non-space character after the word: `No.` and
/// `Nos.` are abbreviations only before a number.
pub(crate) fn abbrev_kind(word: &str, next: Option<char>) -> Option<AbbrevKind> {
    let stem = word.strip_suffix('.')?;
    if stem.is_empty() {
        return None;
    }
    if matches!(
        stem,
        "No" | "Nos" | "no" | "nos" | "Art" | "Arts" | "pp" | "p" | "ext" | "Ext"
    ) {
        return if next.is_some_and(|c| c.is_ascii_digit()) {
            Some(AbbrevKind::NeverFinal)
        } else {
            None
        };
    }
    if NEVER_FINAL.contains(&stem) {
        return Some(AbbrevKind::NeverFinal);
    }
    if LOWER_FINAL.contains(&stem) {
        return Some(AbbrevKind::LowerFinal);
    }
    if AMBIGUOUS.contains(&stem) {
        return Some(AbbrevKind::Ambiguous);
    }
    // All-capitals forms of listed words (`INC.`, `LTD.`, `GEN.`).
    if stem.len() >= 2 && stem.len() <= 6 && stem.bytes().all(|c| c.is_ascii_uppercase()) {
        let mut buf = [0u8; 6];
        buf[..stem.len()].copy_from_slice(stem.as_bytes());
        buf[1..stem.len()].make_ascii_lowercase();
        let title = std::str::from_utf8(&buf[..stem.len()]).unwrap_or("");
        if NEVER_FINAL.contains(&title) {
            return Some(AbbrevKind::NeverFinal);
        }
        if AMBIGUOUS.contains(&title) || title == "Pvt" {
            return Some(AbbrevKind::Ambiguous);
        }
    }
    dotted_kind(stem)
}

/// Letters separated by periods (`U.S`, `J.R.R`, `a.m`-like), or a single
/// capital initial (`W`).
fn dotted_kind(stem: &str) -> Option<AbbrevKind> {
    let mut letters = 0;
    let mut lower = false;
    let mut expect_letter = true;
    for c in stem.chars() {
        if expect_letter {
            if !c.is_alphabetic() {
                return None;
            }
            lower |= c.is_lowercase();
            letters += 1;
        } else if c != '.' {
            return None;
        }
        expect_letter = !expect_letter;
    }
    if expect_letter {
        // The stem ended with a period (`U..`).
        return None;
    }
    match (letters, lower) {
        (1, false) => Some(AbbrevKind::Ambiguous),
        (1, true) => None,
        (_, true) => Some(AbbrevKind::LowerFinal),
        (_, false) => Some(AbbrevKind::Ambiguous),
    }
}

/// True for a word that typically opens a sentence.
pub(crate) fn is_starter(word: &str) -> bool {
    STARTERS.contains(&word)
}

/// True for weekdays, months and time zones.
pub(crate) fn is_time_word(word: &str) -> bool {
    TIME_WORDS.contains(&word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds() {
        assert_eq!(abbrev_kind("Mr.", None), Some(AbbrevKind::NeverFinal));
        assert_eq!(abbrev_kind("U.S.", None), Some(AbbrevKind::Ambiguous));
        assert_eq!(abbrev_kind("J.R.R.", None), Some(AbbrevKind::Ambiguous));
        assert_eq!(abbrev_kind("W.", None), Some(AbbrevKind::Ambiguous));
        assert_eq!(abbrev_kind("a.m.", None), Some(AbbrevKind::LowerFinal));
        assert_eq!(abbrev_kind("e.g.", None), Some(AbbrevKind::NeverFinal));
        assert_eq!(abbrev_kind("No.", Some('5')), Some(AbbrevKind::NeverFinal));
        assert_eq!(abbrev_kind("No.", Some('T')), None);
        assert_eq!(abbrev_kind("end.", None), None);
        assert_eq!(abbrev_kind("a.", None), None);
        assert_eq!(abbrev_kind(".", None), None);
        assert_eq!(abbrev_kind("U..", None), None);
    }
}

//! Actor mentions: dictionary phrases composed into CAMEO actor codes, plus names
//! and references learned inside the article.

use std::collections::HashMap;

use dyad_dict::{ActorDictionary, ActorKind, DateKey};
use dyad_types::{ActorCode, ActorMention, Sentence, Span, Token};

use crate::lexical::{is_in, MODIFIERS, OWNER_SUFFIXES};

/// Lower-case words that may sit between "of" and a place: "officials of the northern
/// province of …", "the mayor of the occupied West Bank".
const PLACE_MODIFIERS: &[&str] = &[
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "northeastern",
    "northwestern",
    "southeastern",
    "southwestern",
    "occupied",
    "restive",
    "breakaway",
    "neighbouring",
    "neighboring",
];

/// An actor mention plus what the coder needs to know about how it was built.
#[derive(Clone, Debug, PartialEq)]
pub struct Mention {
    /// The mention as it goes to the output.
    pub actor: ActorMention,
    /// The kind of the phrase that gave the principal (country, organisation, person…).
    pub kind: ActorKind,
    /// True when a role noun contributed to the code.
    pub has_role: bool,
}

/// What the article has taught so far: names met in appositives and the countries named.
#[derive(Clone, Debug, Default)]
pub struct ArticleActors {
    aliases: HashMap<String, (ActorCode, String)>,
    countries: Vec<(ActorCode, String)>,
    last_person: Option<(ActorCode, String)>,
    last_group: Option<(ActorCode, String)>,
    last_plural: Option<(ActorCode, String)>,
    /// People met so far, most recent last: the words of their mention (lowercase, with
    /// their title), their code and name, for "the minister" and "the president".
    people: Vec<(String, ActorCode, String)>,
}

impl ArticleActors {
    fn learn_name(&mut self, words: &[&str], code: &ActorCode, full: &str) {
        let mut keys = vec![words.join(" ")];
        if words.len() >= 2 {
            keys.push(words[words.len() - 1].to_string());
            keys.push(words[0].to_string());
        }
        for k in keys {
            if k.chars().count() >= 3 {
                self.aliases
                    .entry(k)
                    .or_insert_with(|| (code.clone(), full.to_string()));
            }
        }
    }
}

#[derive(Clone, Debug)]
struct Item {
    first: usize,
    end: usize,
    code: ActorCode,
    kind: ActorKind,
    name: String,
    rule: String,
}

fn is_capitalized(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_uppercase()) && s.chars().any(|c| c.is_lowercase())
}

/// Capitalised words that start sentences or name months/days and must not be taken for names.
const NOT_NAMES: &[&str] = &[
    "The",
    "A",
    "An",
    "In",
    "On",
    "At",
    "He",
    "She",
    "It",
    "They",
    "We",
    "I",
    "But",
    "And",
    "Or",
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
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "This",
    "That",
    "Last",
    "Next",
    "Earlier",
    "Later",
    "Meanwhile",
    "However",
    "His",
    "Her",
    "Their",
    "Its",
    "Our",
    "Both",
    "Any",
    "Some",
];

/// A one-word mention of a person known from earlier in the article (a pronoun or an alias).
fn person_word(i: usize, code: &ActorCode, name: &str, rule: &str) -> Item {
    Item {
        first: i,
        end: i + 1,
        code: code.clone(),
        kind: ActorKind::Person,
        name: name.to_string(),
        rule: rule.to_string(),
    }
}

/// True when the tokens at `at` read "- led" ("Saudi-led coalition") or name an owner or a
/// flag ("Greek-owned ship", "British-flagged tanker"): the country is an actor then.
fn led_by(tokens: &[Token], at: usize) -> bool {
    tokens.get(at).is_some_and(|t| t.form == "-")
        && tokens.get(at + 1).is_some_and(|t| actor_suffix(&t.form))
}

/// "led" or one of [`OWNER_SUFFIXES`]: after "X-" the word keeps X an actor.
fn actor_suffix(w: &str) -> bool {
    w == "led" || is_in(OWNER_SUFFIXES, w)
}

fn token_range(tokens: &[Token], first: usize, end: usize, span: Span) -> Option<(usize, usize)> {
    let toks = tokens.get(first..end)?;
    let a = toks.iter().position(|t| t.span.end > span.start)?;
    let b = toks.iter().rposition(|t| t.span.start < span.end)?;
    (a <= b).then_some((first + a, first + b + 1))
}

/// Finds the actor mentions of one sentence.
///
/// `state` carries what earlier sentences of the same article taught (appositive
/// names, countries named), and is updated.
pub fn find_mentions(
    dict: &ActorDictionary,
    text: &str,
    tokens: &[Token],
    sentence: &Sentence,
    date: Option<DateKey>,
    state: &mut ArticleActors,
) -> Vec<Mention> {
    let (s0, s1) = (sentence.first_token, sentence.end_token);
    let stext = sentence.span.slice(text);
    let before = (state.countries.last().cloned(), state.people.len());
    let mut items: Vec<Item> = Vec::new();
    for m in dict.find(stext) {
        // "military-ruled", "pro-Russia", "Franco-German": half of a hyphenated word
        // modifies what follows; it is not an actor of its own.
        // "Saudi-led coalition", "Vietnamese-led forces": the leader's country is the
        // actor of the force it leads, so "X-led" keeps X.
        // "a Greek-owned ship", "a British-flagged tanker": the owner's or flag's country is
        // the party a seizure or attack is aimed at.
        let led = stext
            .get(m.end..)
            .and_then(|r| r.strip_prefix('-'))
            .is_some_and(|r| {
                let word = r.split(|c: char| !c.is_alphabetic()).next().unwrap_or("");
                actor_suffix(word)
                    && r.get(word.len()..)
                        .is_some_and(|rest| rest.starts_with([' ', ',']))
            });
        let glued_after = !led
            && stext.get(m.end..).is_some_and(|r| {
                let mut c = r.chars();
                c.next() == Some('-') && c.next().is_some_and(char::is_alphabetic)
            });
        let glued_before = stext.get(..m.start).is_some_and(|l| {
            let mut c = l.chars().rev();
            c.next() == Some('-') && c.next().is_some_and(char::is_alphabetic)
        });
        if glued_after || glued_before {
            continue;
        }
        let span = Span::new(sentence.span.start + m.start, sentence.span.start + m.end);
        let Some((first, end)) = token_range(tokens, s0, s1, span) else {
            continue;
        };
        let Some(e) = dict.pick(&m.entries, date) else {
            continue;
        };
        let mut code = e.code.clone();
        if e.kind == ActorKind::Person && date.is_some_and(|d| !e.holds_on(d)) {
            // Out of office on the article's date: a former official is an elite.
            code = code.with_principal(e.code.principal());
            code = format!("{}ELI", code.principal()).parse().unwrap_or(code);
        }
        items.push(Item {
            first,
            end,
            code,
            kind: e.kind,
            name: e.name.clone(),
            rule: e.id.clone(),
        });
    }
    // Names learned earlier in the article, and "the North"-style references.
    let mut i = s0;
    while i < s1 {
        if items.iter().any(|it| it.first <= i && i < it.end) {
            i += 1;
            continue;
        }
        let form = tokens[i].form.as_str();
        let expletive = matches!(
            tokens.get(i + 1).map(|t| t.form.to_lowercase()).as_deref(),
            Some(
                "is" | "was"
                    | "'s"
                    | "\u{2019}s"
                    | "seems"
                    | "seemed"
                    | "appears"
                    | "appeared"
                    | "remains"
                    | "would"
                    | "will"
                    | "may"
                    | "might"
                    | "could"
                    | "has"
                    | "had"
            )
        ) && matches!(
            // "it will not be easy" is expletive; "it would not meet" is not.
            tokens
                .get(i + 2)
                .filter(|t| !t.form.eq_ignore_ascii_case("not"))
                .or_else(|| tokens.get(i + 3))
                .map(|t| t.form.to_lowercase())
                .as_deref(),
            Some(
                "be" | "been"
                    | "clear"
                    | "likely"
                    | "unclear"
                    | "possible"
                    | "time"
                    | "a"
                    | "an"
                    | "the"
                    | "that"
                    | "too"
                    | "hard"
                    | "difficult"
                    | "important"
                    | "unlikely"
                    | "true"
            )
        );
        if form == "it" && !expletive {
            // "Israel announced it would free …": a country or organisation named before,
            // in this sentence or an earlier one.
            let named = items.iter().rev().find(|it| {
                it.end <= i
                    && matches!(
                        it.kind,
                        ActorKind::Country
                            | ActorKind::Organization
                            | ActorKind::Seat
                            | ActorKind::Capital
                    )
            });
            // "The Nigerian teachers' union announced that it …", "the Chinese government
            // said it …": a country's body named by an adjective and a singular role noun.
            let body = items.iter().enumerate().rev().find_map(|(k, r)| {
                let owner = items.get(k.checked_sub(1)?)?;
                let singular = !tokens[r.end - 1].form.ends_with('s');
                (r.kind == ActorKind::Role
                    && r.end <= i
                    && singular
                    && owner.end == r.first
                    && matches!(owner.kind, ActorKind::Adjective | ActorKind::Country))
                .then(|| {
                    let mut code = owner.code.clone();
                    for role in r.code.roles() {
                        code = code.with_role(role);
                    }
                    let name =
                        Span::new(tokens[owner.first].span.start, tokens[r.end - 1].span.end)
                            .slice(text)
                            .to_string();
                    (r.end, code, name)
                })
            });
            let here = match (named, body) {
                (Some(n), Some((end, code, name))) if end > n.end => Some((code, name)),
                (None, Some((_, code, name))) => Some((code, name)),
                (Some(n), _) => Some((n.code.clone(), n.name.clone())),
                (None, None) => None,
            };
            if let Some((code, name)) = here.as_ref().or(state.last_group.as_ref()) {
                items.push(Item {
                    first: i,
                    end: i + 1,
                    code: code.clone(),
                    kind: ActorKind::Country,
                    name: name.clone(),
                    rule: "article:pronoun-it".to_string(),
                });
            }
        } else if form == "him"
            || form == "her"
                && tokens.get(i + 1).is_none_or(|t| {
                    matches!(
                        t.form.as_str(),
                        "," | "." | "at" | "in" | "on" | "to" | "with" | "for" | "as" | "and"
                    )
                })
        {
            // "Putin welcomed him at the Kremlin": an object pronoun is the person of an
            // earlier sentence, never one named before it in its own clause.
            if let Some((code, name)) = state.last_person.as_ref().filter(|(c, n)| {
                !items
                    .iter()
                    .any(|it| it.first < i && it.code == *c && it.name == *n)
            }) {
                items.push(person_word(i, code, name, "article:pronoun-object"));
            }
        } else if matches!(form, "he" | "she" | "He" | "She") {
            if let Some((code, name)) = &state.last_person {
                items.push(person_word(i, code, name, "article:pronoun"));
            }
        } else if is_capitalized(form) && !is_in(NOT_NAMES, form) {
            if let Some((code, name)) = state.aliases.get(form) {
                items.push(person_word(i, code, name, "article:alias"));
            } else if (form == "North" || form == "South" || form == "West" || form == "East")
                && i > s0
                && tokens[i - 1].form.eq_ignore_ascii_case("the")
                && tokens.get(i + 1).is_none_or(|t| !is_capitalized(&t.form))
            {
                if let Some((code, name)) = state
                    .countries
                    .iter()
                    .rev()
                    .find(|(_, n)| n.split(' ').next() == Some(form))
                {
                    items.push(Item {
                        first: i - 1,
                        end: i + 1,
                        code: code.clone(),
                        kind: ActorKind::Country,
                        name: name.clone(),
                        rule: "article:the-north".to_string(),
                    });
                }
            }
        }
        i += 1;
    }
    items.sort_by_key(|it| (it.first, std::cmp::Reverse(it.end)));
    items.dedup_by(|b, a| b.first < a.end);
    // "military-ruled Myanmar", "US-led", "Al-Qaeda-linked": a phrase glued to a hyphen
    // modifies the next word; it is not an actor of its own.
    items.retain(|it| {
        tokens
            .get(it.end)
            .is_none_or(|t| t.form != "-" || it.end >= s1 || led_by(tokens, it.end))
    });

    let mut out: Vec<Mention> = Vec::new();
    let mut k = 0;
    while k < items.len() {
        let mut cur = items[k].clone();
        let mut has_role = cur.kind == ActorKind::Role;
        let mut kind = cur.kind;
        let first_kind = cur.kind;
        let first_code = cur.code.clone();
        k += 1;
        // Compose with following items separated only by modifiers.
        while k < items.len() {
            let next = &items[k];
            let gap: Vec<&str> = (cur.end..next.first)
                .map(|j| tokens[j].form.as_str())
                .collect();
            let acronym_in_parens = gap.len() == 3
                && gap[0] == "("
                && gap[2] == ")"
                && gap[1].chars().all(|c| c.is_ascii_uppercase());
            // "Nicaragua's Sandinista government", "Israel's Likud-led cabinet": after a
            // possessive, one capitalised word (a party or movement) may name the body.
            let possessive_name = gap.len() == 2
                && matches!(gap[0], "'s" | "\u{2019}s")
                && is_capitalized(gap[1])
                && !is_in(NOT_NAMES, gap[1]);
            let gap_ok = acronym_in_parens
                || possessive_name
                || gap.len() == 2 && gap[0] == "-" && gap[1] == "led"
                || gap.len() <= 2 && gap.iter().all(|g| is_in(MODIFIERS, &g.to_lowercase()));
            // "troops of Russia", "dissidents from military-ruled Myanmar"
            let hyphenated = gap.contains(&"-");
            // "a spokesman for the European Commission": a representative speaks for it.
            let speaks_for = gap.first().is_some_and(|g| g.eq_ignore_ascii_case("for"))
                && ["spokes", "representative", "lawyer", "attorney", "envoy"]
                    .iter()
                    .any(|r| cur.name.to_lowercase().contains(r));
            // "workers affiliated with the union", "fighters loyal to the general",
            // "militants linked to al-Qaeda": two words link a role to its body.
            let link_words = match (gap.first(), gap.get(1)) {
                (Some(a), Some(b)) => matches!(
                    (a.to_lowercase().as_str(), b.to_lowercase().as_str()),
                    ("loyal" | "linked" | "belonging" | "allied", "to")
                        | ("affiliated" | "allied", "with")
                ),
                _ => false,
            };
            let link_len = if link_words { 2 } else { 1 };
            let of_link = gap.len() <= 5
                && !cur.code.has_principal()
                && (matches!(
                    gap.first().map(|g| g.to_lowercase()).as_deref(),
                    Some("of" | "from" | "in" | "throughout" | "across")
                ) || speaks_for
                    || link_words)
                && gap[link_len..].iter().all(|g| {
                    g.eq_ignore_ascii_case("the")
                        || *g == "-"
                        || hyphenated && g.chars().all(char::is_alphabetic)
                        // "the mayor of the northern West Bank city of Nablus"
                        || is_in(PLACE_MODIFIERS, g)
                });
            // The text from the first mention's first token to the second's last.
            let joined_name =
                |cur: &Item, next: &Item| match (tokens.get(cur.first), tokens.get(next.end - 1)) {
                    (Some(a), Some(b)) => {
                        Span::new(a.span.start, b.span.end).slice(text).to_string()
                    }
                    _ => cur.name.clone(),
                };
            // "Iraqi Kurds", "Turkish Kurdish refugees": a country before an ethnic or
            // religious group places the group in that country (CAMEO: country first, then
            // the group's code).
            let group_in_country = gap_ok
                && !has_role
                && matches!(kind, ActorKind::Adjective | ActorKind::Country)
                && !cur.rule.starts_with("groups.txt")
                && next.rule.starts_with("groups.txt")
                && matches!(next.kind, ActorKind::People | ActorKind::Adjective);
            if group_in_country {
                let group = if next.code.principal() == cur.code.principal() {
                    next.code.roles().collect::<String>()
                } else {
                    next.code.as_str().to_string()
                };
                let code = format!("{}{group}", cur.code.principal())
                    .parse()
                    .unwrap_or_else(|_| next.code.clone());
                let name = joined_name(&cur, next);
                cur = Item {
                    end: next.end,
                    code,
                    name,
                    kind: next.kind,
                    rule: format!("{}+{}", cur.rule, next.rule),
                    ..cur
                };
                kind = next.kind;
                k += 1;
            } else if gap_ok && next.kind == ActorKind::Role && kind != ActorKind::Person {
                // "Russian" + "defense minister", "UN" + "troops"
                let mut code = cur.code.clone();
                for r in next.code.roles() {
                    code = code.with_role(r);
                }
                if !cur.code.has_principal() {
                    code = next.code.clone();
                }
                let name = joined_name(&cur, next);
                cur = Item {
                    end: next.end,
                    code,
                    name,
                    rule: format!("{}+{}", cur.rule, next.rule),
                    ..cur
                };
                has_role = true;
                k += 1;
            } else if gap_ok && next.kind == ActorKind::Person {
                // "President Vladimir Putin", "Russian Defense Minister Sergei Shoigu"
                cur = Item {
                    end: next.end,
                    code: next.code.clone(),
                    name: next.name.clone(),
                    rule: next.rule.clone(),
                    ..cur
                };
                kind = ActorKind::Person;
                k += 1;
            } else if of_link && kind == ActorKind::Role && next.kind != ActorKind::Role {
                // "troops of Russia", "officials from North Korea"; an organisation's
                // spokesperson or head takes the organisation's code.
                let mut code = next.code.clone();
                code = code.with_principal(next.code.principal());
                let mut c2: ActorCode = code
                    .principal()
                    .parse()
                    .unwrap_or_else(|_| next.code.clone());
                for r in cur.code.roles() {
                    c2 = c2.with_role(r);
                }
                if next.kind == ActorKind::Organization {
                    c2 = next.code.clone();
                }
                cur = Item {
                    end: next.end,
                    code: c2,
                    name: format!("{} of {}", cur.name, next.name),
                    rule: format!("{}+{}", cur.rule, next.rule),
                    ..cur
                };
                kind = next.kind;
                k += 1;
            } else {
                break;
            }
        }
        // A role followed by an unknown proper name: "NSC spokeswoman Adrienne Watson".
        if has_role && kind != ActorKind::Person {
            let mut j = cur.end;
            let mut words: Vec<&str> = Vec::new();
            while j < s1 && words.len() < 4 {
                let f = tokens[j].form.as_str();
                if is_capitalized(f)
                    && !is_in(NOT_NAMES, f)
                    && items.get(k).is_none_or(|n| n.first > j)
                {
                    words.push(f);
                    j += 1;
                } else {
                    break;
                }
            }
            if words.len() >= 2 {
                let full = words.join(" ");
                state.learn_name(&words, &cur.code, &full);
                cur = Item {
                    end: j,
                    name: full,
                    rule: format!("{}+appositive-name", cur.rule),
                    ..cur
                };
                kind = ActorKind::Person;
            }
        }
        // "its troops", "their army": the owner is the country or organisation named last.
        if kind == ActorKind::Role
            && !cur.code.has_principal()
            && cur.first > s0
            && matches!(
                tokens[cur.first - 1].form.to_lowercase().as_str(),
                "its" | "their"
            )
        {
            if let Some(owner) = out.iter().rev().find(|m| {
                matches!(
                    m.kind,
                    ActorKind::Country | ActorKind::Organization | ActorKind::Adjective
                )
            }) {
                let mut code = owner.actor.code.clone();
                for r in cur.code.roles().map(str::to_string).collect::<Vec<_>>() {
                    code = code.with_role(&r);
                }
                cur = Item {
                    first: cur.first - 1,
                    code,
                    rule: format!("{}+possessive", cur.rule),
                    ..cur
                };
            }
        }
        if matches!(
            first_kind,
            ActorKind::Country | ActorKind::Adjective | ActorKind::People
        ) && first_code.principal().len() == 3
            && first_code.has_principal()
        {
            let cc: ActorCode = first_code
                .principal()
                .parse()
                .unwrap_or_else(|_| first_code.clone());
            let head = dict
                .entries()
                .iter()
                .find(|e| e.kind == ActorKind::Country && e.code == cc)
                .map(|e| e.name.clone());
            if let Some(h) = head {
                state.countries.retain(|(c, _)| *c != cc);
                state.countries.push((cc, h));
            }
        }
        if kind == ActorKind::Person && cur.code.has_principal() {
            state.last_person = Some((cur.code.clone(), cur.name.clone()));
            let words: Vec<String> = tokens[cur.first..cur.end]
                .iter()
                .map(|t| t.form.to_lowercase())
                .collect();
            state
                .people
                .push((words.join(" "), cur.code.clone(), cur.name.clone()));
        }
        if matches!(
            kind,
            ActorKind::Country | ActorKind::Organization | ActorKind::Seat | ActorKind::Capital
        ) && cur.code.has_principal()
            && cur.rule != "article:pronoun-it"
        {
            state.last_group = Some((cur.code.clone(), cur.name.clone()));
        }
        if kind == ActorKind::Person {
            let words: Vec<&str> = cur.name.split(' ').collect();
            if words.len() >= 2 {
                let name = cur.name.clone();
                state.learn_name(&words, &cur.code, &name);
            }
        }
        let span = Span::new(tokens[cur.first].span.start, tokens[cur.end - 1].span.end);
        out.push(Mention {
            actor: ActorMention {
                span,
                code: cur.code,
                name: cur.name,
                rule: cur.rule,
                first_token: cur.first,
                end_token: cur.end,
            },
            kind,
            has_role,
        });
    }
    resolve_pronouns_in_sentence(tokens, s0, s1, &mut out, state);
    resolve_definites(tokens, s0, s1, &mut out, state, before);
    // "US and British activists": a bare country before "and" + country-with-role shares the role.
    for m in 0..out.len().saturating_sub(1) {
        let (a, b) = (&out[m], &out[m + 1]);
        let joined = b.actor.first_token == a.actor.end_token + 1
            && tokens[a.actor.end_token].form.eq_ignore_ascii_case("and");
        if joined
            && !a.has_role
            && b.has_role
            && matches!(a.kind, ActorKind::Adjective)
            && b.kind != ActorKind::Person
        {
            let mut code = out[m].actor.code.clone();
            for r in out[m + 1]
                .actor
                .code
                .roles()
                .map(str::to_string)
                .collect::<Vec<_>>()
            {
                code = code.with_role(&r);
            }
            out[m].actor.code = code;
            out[m].has_role = true;
        }
    }
    out
}

/// True when a mention names a person (a dictionary person, or a role with a name after it).
fn is_person(m: &Mention) -> bool {
    m.kind == ActorKind::Person
        || m.actor.rule.contains("appositive-name")
        || m.actor.rule.starts_with("people.txt")
}

/// True when a mention is a plural group ("Palestinian leaders", "the rebels", "US
/// authorities"): its last word is a plural role noun.
fn is_plural_group(tokens: &[Token], m: &Mention) -> bool {
    let last = &tokens[m.actor.end_token - 1].form;
    m.has_role
        && !is_person(m)
        && last.len() > 3
        && last.ends_with('s')
        && !last.ends_with("ss")
        && last.chars().next().is_some_and(char::is_lowercase)
}

/// Pronouns whose antecedent is earlier in the same sentence: "Bouteflika said he is
/// prepared to …", "Palestinian leaders said they would boycott …". A "he" or "she" already
/// resolved from an earlier sentence is re-pointed at a person named before it in this
/// sentence; "they" takes the nearest plural group before it, else the last plural group of
/// the article. Plural groups of this sentence are remembered for the next ones.
fn resolve_pronouns_in_sentence(
    tokens: &[Token],
    s0: usize,
    s1: usize,
    out: &mut Vec<Mention>,
    state: &mut ArticleActors,
) {
    let mut added = Vec::new();
    for i in s0..s1 {
        let low = tokens[i].form.to_lowercase();
        let person = matches!(low.as_str(), "he" | "she");
        let plural = low == "they";
        if !person && !plural {
            continue;
        }
        let antecedent = out
            .iter()
            .rev()
            .find(|m| {
                m.actor.end_token <= i
                    && m.actor.code.has_principal()
                    && if person {
                        is_person(m)
                    } else {
                        is_plural_group(tokens, m)
                    }
            })
            .map(|m| (m.actor.code.clone(), m.actor.name.clone()));
        // "Obama and Putin said they would …": "they" stands for the coordinated actors
        // before it; the coder widens the mention to all of them.
        let coordinated = if plural && antecedent.is_none() {
            coordinated_antecedent(tokens, s0, i, out)
        } else {
            None
        };
        let antecedent = antecedent.or_else(|| coordinated.clone()).or_else(|| {
            if plural {
                state.last_plural.clone()
            } else {
                None
            }
        });
        let Some((code, name)) = antecedent else {
            continue;
        };
        let rule = if coordinated.is_some() {
            THEY_COORDINATED
        } else if plural {
            "article:pronoun-they"
        } else {
            "article:pronoun"
        };
        if let Some(k) = out
            .iter()
            .position(|m| m.actor.first_token <= i && i < m.actor.end_token)
        {
            if out[k].actor.rule == "article:pronoun" {
                out[k].actor.code = code;
                out[k].actor.name = name;
            }
            continue;
        }
        added.push(Mention {
            actor: ActorMention {
                span: tokens[i].span,
                code,
                name,
                rule: rule.to_string(),
                first_token: i,
                end_token: i + 1,
            },
            kind: if plural {
                ActorKind::Role
            } else {
                ActorKind::Person
            },
            has_role: true,
        });
    }
    if let Some(m) = out
        .iter()
        .rev()
        .find(|m| m.actor.code.has_principal() && is_plural_group(tokens, m))
    {
        state.last_plural = Some((m.actor.code.clone(), m.actor.name.clone()));
    }
    if !added.is_empty() {
        out.extend(added);
        out.sort_by_key(|m| m.actor.first_token);
    }
}

/// The rule of a "they" that stands for coordinated actors named before it in its
/// sentence ("Obama and Putin said they …"); its code is the last conjunct's.
pub const THEY_COORDINATED: &str = "article:pronoun-they+coordinated";

/// The last named actor of a coordination ("X and Y", "X, Y and Z") that ends before
/// token `i` of the sentence starting at `s0`, when no clause break sits between it and `i`.
fn coordinated_antecedent(
    tokens: &[Token],
    s0: usize,
    i: usize,
    out: &[Mention],
) -> Option<(ActorCode, String)> {
    let named: Vec<&Mention> = out
        .iter()
        .filter(|m| m.actor.end_token <= i && m.actor.code.has_principal())
        .collect();
    let last = named.len().checked_sub(1)?;
    let (a, b) = (named.get(last.checked_sub(1)?)?, named[last]);
    let low = |j: usize| tokens[j].form.to_lowercase();
    let gap: Vec<String> = (a.actor.end_token..b.actor.first_token).map(low).collect();
    let joined = gap.iter().any(|g| g == "and")
        && gap.len() <= 2
        && gap
            .iter()
            .all(|g| matches!(g.as_str(), "and" | "the" | ","));
    // The pronoun belongs to the coordination's clause: no sentence-internal break between.
    let same_clause = (b.actor.end_token.max(s0)..i)
        .all(|j| !matches!(low(j).as_str(), ";" | ":" | "but" | "while" | "whereas"));
    (joined && same_clause).then(|| (b.actor.code.clone(), b.actor.name.clone()))
}

/// Definite descriptions of actors named earlier: "the minister" is the last person whose
/// title held "minister"; "the country" and "the nation" are the last country named.
fn resolve_definites(
    tokens: &[Token],
    s0: usize,
    s1: usize,
    out: &mut Vec<Mention>,
    state: &ArticleActors,
    (country_before, people_before): (Option<(ActorCode, String)>, usize),
) {
    let after_the = |i: usize| i > s0 && tokens[i - 1].form.eq_ignore_ascii_case("the");
    for m in out.iter_mut() {
        let (first, end) = (m.actor.first_token, m.actor.end_token);
        if m.kind != ActorKind::Role || m.actor.code.has_principal() || !after_the(first) {
            continue;
        }
        let head = tokens[end - 1].form.to_lowercase();
        if head.ends_with('s') {
            continue;
        }
        // People of earlier sentences only: this sentence's come after the description.
        let found = state.people[..people_before]
            .iter()
            .rev()
            .find(|(words, _, _)| words.split(' ').any(|w| w == head));
        if let Some((_, code, name)) = found {
            m.actor.code = code.clone();
            m.actor.name = name.clone();
            m.actor.rule = format!("{}+article:the-{head}", m.actor.rule);
        }
    }
    let mut added = Vec::new();
    for i in s0..s1 {
        let w = tokens[i].form.to_lowercase();
        if !matches!(w.as_str(), "country" | "nation")
            || !after_the(i)
            || out
                .iter()
                .any(|m| m.actor.first_token <= i && i < m.actor.end_token)
        {
            continue;
        }
        // A country named earlier in this sentence, else the last one of earlier sentences.
        let here = out
            .iter()
            .rev()
            .find(|m| {
                m.actor.end_token < i
                    && matches!(m.kind, ActorKind::Country | ActorKind::People)
                    && m.actor.code.has_principal()
            })
            .map(|m| (m.actor.code.clone(), m.actor.name.clone()));
        if let Some((code, name)) = here.as_ref().or(country_before.as_ref()) {
            added.push(Mention {
                actor: ActorMention {
                    span: Span::new(tokens[i - 1].span.start, tokens[i].span.end),
                    code: code.clone(),
                    name: name.clone(),
                    rule: format!("article:the-{w}"),
                    first_token: i - 1,
                    end_token: i + 1,
                },
                kind: ActorKind::Country,
                has_role: false,
            });
        }
    }
    if !added.is_empty() {
        out.extend(added);
        out.sort_by_key(|m| m.actor.first_token);
    }
}

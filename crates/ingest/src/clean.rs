//! Removing site furniture from scraped page text, line by line, with general rules.
//!
//! The rules (each has a unit test below):
//!
//! * **UI-vocabulary lines**: short lines made only of interface words ("top of page",
//!   "Skip to main content", "Share", "See All") and numbers, which also covers
//!   counters ("0 views0 comments", "3 min read", "1.2K shares").
//! * **Avatar prefixes** ("Writer's picture", "Author's picture", "Profile photo")
//!   glued to a name: the name is the author.
//! * **Bylines**: "By X", "Written by X", "Posted on DATE by X", "X | Staff Writer",
//!   "X · Sep 5, 2023", a name line followed by "Follow".
//! * **Date lines**: a line that is only a date plus date words ("Updated: …").
//! * **Boilerplate sentences**: cookie/consent, newsletter/subscribe, copyright, tag
//!   lists, photo credits, "Related: …" link lines.
//! * **Tails**: a "Recent Posts" / "Related articles" / "N comments" heading after the
//!   body has started cuts everything after it.
//! * **Headline**: the first short, unpunctuated line before the first prose paragraph.
//! * **Paragraphs**: blank lines separate paragraphs; wrapped lines are joined by a space.

use std::collections::HashSet;
use std::sync::OnceLock;

use dyad_types::Article;

use crate::date::{find_date, month_number};

/// Interface words: a short line made only of these (and numbers) is site furniture.
const UI_WORDS: &[&str] = &[
    "a",
    "about",
    "accept",
    "account",
    "ad",
    "ads",
    "advertisement",
    "advertisements",
    "agree",
    "alert",
    "alerts",
    "all",
    "allow",
    "already",
    "am",
    "an",
    "and",
    "app",
    "apps",
    "archive",
    "archives",
    "article",
    "articles",
    "at",
    "audio",
    "back",
    "become",
    "below",
    "blog",
    "bookmark",
    "bookmarks",
    "bottom",
    "by",
    "cancel",
    "cart",
    "categories",
    "category",
    "clap",
    "claps",
    "click",
    "close",
    "collapse",
    "comment",
    "commented",
    "comments",
    "contact",
    "content",
    "contents",
    "continue",
    "continues",
    "cookie",
    "cookies",
    "copied",
    "copy",
    "decline",
    "donate",
    "download",
    "e",
    "edit",
    "email",
    "enable",
    "enabled",
    "expand",
    "facebook",
    "faq",
    "favorite",
    "favourite",
    "feed",
    "flag",
    "follow",
    "followers",
    "following",
    "follows",
    "footer",
    "for",
    "forgot",
    "free",
    "full",
    "gallery",
    "get",
    "go",
    "got",
    "gmt",
    "header",
    "help",
    "here",
    "hide",
    "home",
    "image",
    "images",
    "in",
    "instagram",
    "it",
    "join",
    "jump",
    "k",
    "latest",
    "less",
    "like",
    "liked",
    "likes",
    "link",
    "linkedin",
    "links",
    "listen",
    "load",
    "loading",
    "log",
    "logged",
    "login",
    "logout",
    "m",
    "mail",
    "main",
    "manage",
    "me",
    "member",
    "members",
    "menu",
    "min",
    "mins",
    "minute",
    "minutes",
    "more",
    "mute",
    "my",
    "nav",
    "navigation",
    "necessary",
    "new",
    "news",
    "newsletter",
    "newsletters",
    "next",
    "no",
    "notifications",
    "now",
    "of",
    "ok",
    "on",
    "only",
    "open",
    "opens",
    "or",
    "our",
    "out",
    "page",
    "password",
    "pause",
    "pdf",
    "photo",
    "photos",
    "pinterest",
    "play",
    "please",
    "pm",
    "popular",
    "post",
    "posted",
    "posts",
    "preferences",
    "premium",
    "prev",
    "previous",
    "print",
    "privacy",
    "profile",
    "published",
    "rate",
    "rating",
    "read",
    "reading",
    "reads",
    "recent",
    "reddit",
    "register",
    "reject",
    "related",
    "remember",
    "reply",
    "replies",
    "report",
    "response",
    "responses",
    "retweet",
    "rss",
    "s",
    "save",
    "saved",
    "screen",
    "search",
    "sec",
    "section",
    "sections",
    "see",
    "send",
    "settings",
    "share",
    "shared",
    "shares",
    "sharing",
    "show",
    "sidebar",
    "sign",
    "signin",
    "signout",
    "signup",
    "skip",
    "slideshow",
    "sponsored",
    "star",
    "stars",
    "status",
    "story",
    "stories",
    "submit",
    "subscribe",
    "subscribed",
    "subscriber",
    "subscribers",
    "support",
    "tab",
    "tag",
    "tags",
    "telegram",
    "terms",
    "the",
    "this",
    "tiktok",
    "time",
    "to",
    "today",
    "toggle",
    "top",
    "translate",
    "trending",
    "trial",
    "tweet",
    "twitter",
    "unmute",
    "up",
    "updated",
    "upgrade",
    "url",
    "us",
    "use",
    "user",
    "username",
    "utc",
    "video",
    "videos",
    "view",
    "viewed",
    "views",
    "vote",
    "votes",
    "wait",
    "watch",
    "whatsapp",
    "window",
    "write",
    "x",
    "yes",
    "you",
    "your",
    "youtube",
    "zoom",
    "edt",
    "est",
    "et",
    "bst",
    "cet",
    "pst",
    "pdt",
    "ist",
    "cest",
    "ago",
    "hour",
    "hours",
    "day",
    "days",
    "week",
    "weeks",
    "month",
    "months",
    "year",
    "years",
    "st",
    "nd",
    "rd",
    "th",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mon",
    "tue",
    "tues",
    "wed",
    "thu",
    "thurs",
    "fri",
    "sat",
    "sun",
    "modified",
    "last",
    "with",
    "is",
    "off",
    "via",
    "messenger",
    "sms",
    "pocket",
    "flipboard",
    "threads",
    "bluesky",
    "mastodon",
    "b",
    "listen",
    "speech",
    "text",
    "teams",
    "careers",
    "policy",
    "conditions",
    "imprint",
    "sitemap",
    "site",
    "map",
    "rights",
    "reserved",
    "powered",
];

/// Words that name a writer's role after a byline ("Jane Roe | Staff Writer").
const ROLE_WORDS: &[&str] = &[
    "writer",
    "reporter",
    "correspondent",
    "editor",
    "contributor",
    "columnist",
    "staff",
    "journalist",
    "analyst",
    "producer",
    "bureau",
    "chief",
    "intern",
    "author",
    "desk",
];

/// Lowercase words that may sit inside a personal or organisation name.
const NAME_PARTICLES: &[&str] = &[
    "de", "da", "di", "van", "von", "der", "den", "bin", "bint", "al", "el", "la", "le", "du",
    "del", "dos", "das", "y", "and", "&", "of", "ibn", "ter", "st.",
];

fn ui_words() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| UI_WORDS.iter().copied().collect())
}

/// Leading characters that are list bullets or separators, never text.
fn is_bullet(c: char) -> bool {
    matches!(
        c,
        '•' | '·'
            | '▪'
            | '●'
            | '◦'
            | '‣'
            | '■'
            | '□'
            | '►'
            | '▶'
            | '▸'
            | '◆'
            | '◇'
            | '○'
            | '∙'
            | '⋅'
            | '|'
            | '»'
            | '›'
    )
}

/// Strips surrounding whitespace (incl. NBSP and zero-width chars) and leading bullets.
pub(crate) fn tidy(line: &str) -> &str {
    let trim = |c: char| {
        c.is_whitespace() || matches!(c, '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{FEFF}')
    };
    let mut s = line.trim_matches(trim);
    while let Some(rest) = s.strip_prefix(is_bullet) {
        s = rest.trim_start_matches(trim);
    }
    s
}

/// Lowercased alphanumeric words of `s`, split where letters meet digits
/// ("views0" → "views", "0").
fn words(s: &str) -> Vec<String> {
    words_upto(s, usize::MAX).unwrap_or_default()
}

/// [`words`], or `None` as soon as there are more than `max` of them (without lowercasing the
/// rest of a long paragraph, which `is_tail_marker` did for every paragraph of the body).
fn words_upto(s: &str, max: usize) -> Option<Vec<String>> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut cur_digit = false;
    for c in s.chars() {
        if c.is_alphanumeric() {
            let d = c.is_ascii_digit();
            if !cur.is_empty() && d != cur_digit {
                out.push(std::mem::take(&mut cur));
                if out.len() > max {
                    return None;
                }
            }
            cur_digit = d;
            cur.extend(c.to_lowercase());
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
            if out.len() > max {
                return None;
            }
        }
    }
    if !cur.is_empty() {
        out.push(cur);
        if out.len() > max {
            return None;
        }
    }
    Some(out)
}

fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

/// Interface word, number or month name.
fn is_ui_token(w: &str) -> bool {
    w.bytes().all(|b| b.is_ascii_digit()) || ui_words().contains(w) || month_number(w).is_some()
}

/// A short line made only of interface words and numbers.
pub(crate) fn is_ui_line(s: &str) -> bool {
    if s.chars().count() > 100 {
        return false;
    }
    let ws = words(s);
    if ws.is_empty() {
        // Only punctuation or symbols: furniture too ("···", "|").
        return !s.is_empty();
    }
    ws.len() <= 12 && ws.iter().all(|w| is_ui_token(w))
}

fn is_name_word(w: &str) -> bool {
    let lw = w.to_lowercase();
    if NAME_PARTICLES.contains(&lw.as_str()) {
        return true;
    }
    let mut chars = w.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if !(first.is_uppercase()) {
        return false;
    }
    w.chars()
        .all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\'' | '’'))
}

/// One to six capitalised words (name particles allowed), no digits, not interface words.
pub(crate) fn looks_like_name(s: &str) -> bool {
    let s = s.trim().trim_end_matches([',', ';', ':']);
    if s.is_empty() || s.chars().count() > 60 {
        return false;
    }
    let ws: Vec<&str> = s.split_whitespace().collect();
    if ws.is_empty() || ws.len() > 6 {
        return false;
    }
    if !ws.iter().all(|w| is_name_word(w)) {
        return false;
    }
    let first_lower = ws[0].to_lowercase();
    if NAME_PARTICLES.contains(&first_lower.as_str()) && ws.len() == 1 {
        return false;
    }
    // Not a line of interface words ("Home", "Sep", "Share").
    !words(s).iter().all(|w| is_ui_token(w))
}

/// Separators between the parts of a meta line ("Jane Roe · Sep 5, 2023 · 3 min read").
fn split_segments(s: &str) -> Vec<&str> {
    let mut parts = vec![s];
    for sep in [
        " | ", "|", " · ", "·", " • ", "•", " — ", " – ", " - ", ",", ";",
    ] {
        parts = parts.iter().flat_map(|p| p.split(sep)).collect();
    }
    parts
        .into_iter()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect()
}

/// Prefixes that image alt texts put before a writer's name.
const AVATAR_PREFIXES: &[&str] = &[
    "writer's picture",
    "author's picture",
    "writer’s picture",
    "author’s picture",
    "writer's photo",
    "author's photo",
    "author photo",
    "author picture",
    "author image",
    "author avatar",
    "profile photo",
    "profile picture",
    "profile image",
    "photo of author",
    "avatar",
];

/// Strips an avatar-alt prefix, returning what follows it.
fn strip_avatar_prefix(s: &str) -> Option<&str> {
    let lower = s.to_lowercase();
    for p in AVATAR_PREFIXES {
        if lower.starts_with(p) && lower.len() == s.len() {
            let rest = s.get(p.len()..).unwrap_or("");
            return Some(rest.trim_start_matches([':', ' ', '-', '·']).trim());
        }
    }
    None
}

/// Words that may open a byline before "by" ("Posted on Sep 5, 2023 by …").
fn is_byline_lead(prefix: &str) -> bool {
    let ws = words(prefix);
    ws.iter().all(|w| {
        is_ui_token(w)
            || matches!(
                w.as_str(),
                "written"
                    | "story"
                    | "words"
                    | "reported"
                    | "reporting"
                    | "authored"
                    | "text"
                    | "photos"
                    | "analysis"
                    | "commentary"
                    | "opinion"
                    | "edited"
            )
    })
}

/// Finds the author in a byline line, if the line is one.
pub(crate) fn byline_author(s: &str) -> Option<(String, Option<String>)> {
    if word_count(s) > 24 {
        return None;
    }
    let lower = s.to_lowercase();
    // "By X", "Written by X", "Posted on DATE by X", "Author: X"
    let mut rest = None;
    if let Some(r) = lower
        .strip_prefix("by ")
        .or_else(|| lower.strip_prefix("by: "))
    {
        rest = s.get(s.len() - r.len()..);
    } else if let Some(r) = lower
        .strip_prefix("author: ")
        .or_else(|| lower.strip_prefix("authors: "))
    {
        rest = s.get(s.len() - r.len()..);
    } else if let Some(pos) = lower.find(" by ") {
        if is_byline_lead(s.get(..pos).unwrap_or("x")) {
            rest = s.get(pos + 4..);
        }
    }
    if let Some(rest) = rest {
        let rest = rest.trim_start_matches(':').trim();
        let segs = split_segments(rest);
        let name = segs.first()?;
        // "Jane Roe and John Doe" survive; a trailing date or role is dropped.
        let name = strip_trailing_date(name);
        if looks_like_name(name) {
            let date = find_date(s);
            return Some((name.trim().to_string(), date));
        }
        return None;
    }
    // "X | Staff Writer", "X, Senior Correspondent"
    let segs = split_segments(s);
    if segs.len() >= 2 && looks_like_name(segs[0]) {
        let role = segs[1].to_lowercase();
        if word_count(segs[1]) <= 5
            && words(&role)
                .iter()
                .any(|w| ROLE_WORDS.contains(&w.as_str()))
        {
            return Some((segs[0].to_string(), find_date(s)));
        }
    }
    None
}

/// "Jane Roe Sep 5, 2023" → "Jane Roe": cuts the name where a month name starts.
fn strip_trailing_date(name: &str) -> &str {
    let mut end = name.len();
    for (i, w) in name.split_whitespace().enumerate() {
        if i > 0 && month_number(w.trim_end_matches('.')).is_some() {
            if let Some(pos) = name.find(w) {
                end = pos;
                break;
            }
        }
    }
    name.get(..end).unwrap_or(name).trim()
}

/// A line of a name plus date/counter parts ("Jane Roe · Sep 5, 2023 · 3 min read").
fn meta_line(s: &str) -> Option<(String, Option<String>)> {
    let segs = split_segments(s);
    if segs.len() < 2 || word_count(s) > 16 {
        return None;
    }
    let mut name = None;
    for seg in &segs {
        if is_ui_line(seg) {
            continue;
        }
        if name.is_none() && looks_like_name(seg) {
            name = Some(seg.to_string());
            continue;
        }
        if find_date(seg).is_some() && is_date_line(seg) {
            continue;
        }
        return None;
    }
    name.map(|n| (n, find_date(s)))
}

/// A line that is a date plus date words only ("Updated: Sep 6, 2023 10:32 am").
pub(crate) fn is_date_line(s: &str) -> bool {
    word_count(s) <= 14 && find_date(s).is_some() && is_ui_line(s)
}

fn starts_with_any(lower: &str, prefixes: &[&str]) -> bool {
    prefixes.iter().any(|p| lower.starts_with(p))
}

/// Cookie banners, newsletter boxes, copyright lines, tag lists, photo credits.
pub(crate) fn is_boilerplate_sentence(s: &str) -> bool {
    let lower = s.to_lowercase();
    let n = word_count(s);
    if n <= 80
        && lower.contains("cookie")
        && [
            "we use",
            "you",
            "this site",
            "our site",
            "this website",
            "accept",
            "consent",
        ]
        .iter()
        .any(|k| lower.contains(k))
    {
        return true;
    }
    if n <= 15
        && (lower.contains("your privacy")
            || lower.contains("privacy policy")
            || lower.contains("terms of use")
            || lower.contains("terms of service"))
    {
        return true;
    }
    if n <= 45
        && lower.contains("newsletter")
        && [
            "sign up",
            "subscribe",
            "inbox",
            "delivered",
            "get our",
            "free",
            "email",
            "sign-up",
        ]
        .iter()
        .any(|k| lower.contains(k))
    {
        return true;
    }
    if n <= 40
        && starts_with_any(
            &lower,
            &[
                "sign up for",
                "sign up to",
                "subscribe to",
                "subscribe for",
                "subscribe now",
                "get our",
                "enter your email",
                "your email",
                "email address",
                "by signing up",
                "by subscribing",
                "thanks for subscribing",
                "thank you for subscribing",
                "already a subscriber",
                "already have an account",
                "create a free account",
                "to continue reading",
                "support our journalism",
                "we value your privacy",
                "this site uses",
                "this website uses",
            ],
        )
    {
        return true;
    }
    if n <= 40
        && (lower.starts_with('©')
            || lower.starts_with("copyright")
            || lower.starts_with("(c) ")
            || lower.contains("all rights reserved"))
    {
        return true;
    }
    if n <= 60
        && starts_with_any(
            &lower,
            &[
                "tags:",
                "tagged:",
                "tagged with",
                "filed under",
                "topics:",
                "categories:",
                "category:",
                "posted in ",
                "related:",
                "read also:",
                "also read:",
                "see also:",
                "read more:",
                "more:",
                "watch:",
                "listen:",
                "photo:",
                "photo by ",
                "photograph:",
                "image:",
                "image credit",
                "credit:",
                "picture:",
                "(photo",
                "file photo",
                "share this",
                "click to share",
                "published in ",
                "our standards:",
            ],
        )
    {
        return true;
    }
    if n <= 60
        && (s.contains("REUTERS/")
            || s.contains("/Getty Images")
            || s.contains("(AP Photo/")
            || s.contains("AFP via Getty"))
    {
        return true;
    }
    // Hashtag or handle lists: "#politics #korea", "@dahliafdn".
    let toks: Vec<&str> = s.split_whitespace().collect();
    if !toks.is_empty()
        && toks
            .iter()
            .all(|t| t.starts_with('#') || t.starts_with('@'))
    {
        return true;
    }
    false
}

/// Headings that end the article: what follows is related links or comments.
pub(crate) fn is_tail_marker(s: &str) -> bool {
    let Some(ws) = words_upto(s, 10) else {
        return false;
    };
    if ws.is_empty() {
        return false;
    }
    let joined = ws.join(" ");
    const EXACT: &[&str] = &[
        "recent posts",
        "related posts",
        "related articles",
        "related stories",
        "related news",
        "related content",
        "related reading",
        "related coverage",
        "related",
        "read next",
        "more stories",
        "more news",
        "more articles",
        "you may also like",
        "you might also like",
        "you may be interested in",
        "recommended",
        "recommended for you",
        "recommended stories",
        "recommended articles",
        "popular posts",
        "most popular",
        "most read",
        "most viewed",
        "trending",
        "trending now",
        "comments",
        "leave a comment",
        "leave a reply",
        "add a comment",
        "post a comment",
        "join the conversation",
        "join the discussion",
        "latest news",
        "latest stories",
        "latest posts",
        "what to read next",
        "up next",
        "discussion",
        "reader comments",
        "show comments",
        "view comments",
        "see all",
    ];
    if ws.len() <= 6 && EXACT.contains(&joined.as_str()) {
        return true;
    }
    if ws.len() <= 10
        && [
            "more from ",
            "recommended from ",
            "also on ",
            "responses ",
            "more in ",
        ]
        .iter()
        .any(|p| joined.starts_with(p))
    {
        return true;
    }
    // Counters that close a post: "12 comments", "0 views0 comments", "Responses (3)".
    ws.iter()
        .any(|w| matches!(w.as_str(), "comments" | "comment" | "responses"))
        && ws.iter().all(|w| is_ui_token(w))
}

/// Prose: a real paragraph, as opposed to a heading or label.
fn is_prose(s: &str) -> bool {
    let n = word_count(s);
    (n >= 12 && ends_terminal(s)) || n >= 30
}

fn ends_terminal(s: &str) -> bool {
    s.trim_end().chars().last().is_some_and(|c| {
        matches!(
            c,
            '.' | '!' | '?' | '…' | ':' | ';' | '"' | '”' | '’' | '\'' | ')' | ']'
        )
    })
}

fn starts_lower(s: &str) -> bool {
    s.chars()
        .next()
        .is_some_and(|c| c.is_lowercase() || c.is_ascii_digit())
}

/// Could this line be a headline?
fn is_title_candidate(s: &str) -> bool {
    let n = word_count(s);
    (1..=25).contains(&n)
        && s.chars().count() <= 250
        && !s.ends_with('.')
        && !s.ends_with(',')
        && s.chars().next().is_some_and(|c| {
            c.is_uppercase() || c.is_ascii_digit() || matches!(c, '"' | '“' | '\'' | '‘')
        })
}

/// What the line rules decided about one line.
#[derive(Debug, PartialEq, Eq)]
enum Verdict {
    Keep,
    /// Furniture.
    Drop,
    /// A byline or date line: dropped, but it marks where the headline sits.
    Meta,
    Cut,
}

/// Line rules plus the metadata they found.
#[derive(Default)]
pub(crate) struct LineRules {
    pub(crate) author: Option<String>,
    pub(crate) published: Option<String>,
    published_is_update: bool,
    expect_name: bool,
    prose_seen: usize,
}

impl LineRules {
    fn set_author(&mut self, name: &str) {
        if self.author.is_none() {
            self.author = Some(name.trim().to_string());
        }
    }

    fn set_date(&mut self, date: Option<String>, line: &str) {
        let Some(d) = date else { return };
        let is_update = {
            let l = line.to_lowercase();
            l.contains("updated") || l.contains("modified")
        };
        if self.published.is_none() || (self.published_is_update && !is_update) {
            self.published = Some(d);
            self.published_is_update = is_update;
        }
    }

    /// Classifies one tidied, non-empty line. `top` is true before the first prose line.
    fn classify(&mut self, s: &str, top: bool) -> Verdict {
        if let Some(rest) = strip_avatar_prefix(s) {
            if rest.is_empty() {
                self.expect_name = true;
            } else {
                let segs = split_segments(rest);
                if let Some(name) = segs.first().filter(|n| looks_like_name(n)) {
                    self.set_author(name);
                }
                self.set_date(find_date(rest), rest);
            }
            return Verdict::Meta;
        }
        if std::mem::take(&mut self.expect_name) && looks_like_name(s) {
            self.set_author(s);
            return Verdict::Meta;
        }
        if self.prose_seen >= 2 && is_tail_marker(s) {
            return Verdict::Cut;
        }
        if let Some((name, date)) = byline_author(s) {
            self.set_author(&name);
            self.set_date(date, s);
            // A byline after the body opens an author box or a comment.
            return if self.prose_seen >= 2 {
                Verdict::Cut
            } else {
                Verdict::Meta
            };
        }
        if is_date_line(s) {
            self.set_date(find_date(s), s);
            return Verdict::Meta;
        }
        if is_ui_line(s) || is_nav_line(s) {
            return Verdict::Drop;
        }
        if is_boilerplate_sentence(s) {
            return Verdict::Drop;
        }
        if top {
            if let Some((name, date)) = meta_line(s) {
                self.set_author(&name);
                self.set_date(date, s);
                return Verdict::Meta;
            }
        }
        let lower = s.to_lowercase();
        // Wire credit lines: "Reporting by Jane Roe; Editing by John Doe".
        if word_count(s) <= 30
            && (lower.starts_with("reporting by ")
                || lower.starts_with("editing by ")
                || lower.starts_with("additional reporting by "))
        {
            if lower.starts_with("reporting by ") {
                let rest = s.get("reporting by ".len()..).unwrap_or("");
                if let Some(n) = rest
                    .split([';', ','])
                    .next()
                    .filter(|n| looks_like_name(strip_and(n)))
                {
                    self.set_author(strip_and(n));
                }
            }
            return Verdict::Drop;
        }
        if is_prose(s) {
            self.prose_seen += 1;
        }
        Verdict::Keep
    }
}

/// A navigation bar flattened into one line: "Local | Politics | Sport | Weather".
fn is_nav_line(s: &str) -> bool {
    let segs: Vec<&str> = s
        .split(['|', '·', '•', '/'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    segs.len() >= 3 && segs.iter().all(|p| word_count(p) <= 3 && !ends_terminal(p))
}

fn strip_and(s: &str) -> &str {
    let s = s.trim();
    match s.find(" and ") {
        Some(p) => s.get(..p).unwrap_or(s),
        None => s,
    }
}

/// A kept line, with whether a blank line (or dropped line) came before it.
struct Kept {
    text: String,
    gap_before: bool,
    /// A byline/date line came right before (only blanks or meta lines between).
    after_meta: bool,
    /// A byline/date line comes right after (only blanks or meta lines between).
    before_meta: bool,
}

/// Cleans scraped page text into an [`Article`] (id left empty).
pub(crate) fn clean_page(text: &str) -> Article {
    let mut rules = LineRules::default();
    let mut kept: Vec<Kept> = Vec::new();
    let mut gap = true;
    let mut meta_since_kept = false;
    let mut furniture_since_kept = false;
    for raw in text.lines() {
        let s = tidy(raw);
        if s.is_empty() {
            gap = true;
            continue;
        }
        let top = rules.prose_seen == 0;
        let mut verdict = rules.classify(s, top);
        // A name line followed by "Follow" is a byline (Medium-like pages).
        if top && is_follow(s) {
            if let Some(last) = kept.last() {
                if looks_like_name(&last.text) && word_count(&last.text) <= 4 && !meta_since_kept {
                    let name = kept.pop().map(|k| k.text).unwrap_or_default();
                    rules.set_author(&name);
                    verdict = Verdict::Meta;
                }
            }
        }
        match verdict {
            Verdict::Keep => {
                kept.push(Kept {
                    text: s.to_string(),
                    gap_before: gap,
                    after_meta: meta_since_kept,
                    before_meta: false,
                });
                gap = false;
                meta_since_kept = false;
                furniture_since_kept = false;
            }
            Verdict::Meta => {
                if !furniture_since_kept {
                    if let Some(last) = kept.last_mut() {
                        last.before_meta = true;
                    }
                }
                meta_since_kept = true;
                gap = true;
            }
            Verdict::Drop => {
                furniture_since_kept = true;
                gap = true;
            }
            Verdict::Cut => break,
        }
    }
    let paragraphs = join_lines(&kept);
    let (title, paragraphs) = take_title(paragraphs);
    Article {
        id: String::new(),
        title,
        author: rules.author,
        published: rules.published,
        url: None,
        text: paragraphs.join("\n\n"),
    }
}

fn is_follow(s: &str) -> bool {
    let ws = words(s);
    !ws.is_empty() && ws.iter().all(|w| w == "follow" || w == "following")
}

/// A paragraph and whether it came from a single line.
pub(crate) struct Para {
    text: String,
    single_line: bool,
    gap_before: bool,
    after_meta: bool,
    before_meta: bool,
}

/// Joins wrapped lines into paragraphs. Lines separated by a gap never join. Within a
/// run of adjacent lines, a line joins the previous one when the previous one looks
/// hard-wrapped (close to the run's width) or when it continues a sentence (no final
/// punctuation before, lowercase start after).
fn join_lines(kept: &[Kept]) -> Vec<Para> {
    let mut out: Vec<Para> = Vec::new();
    let mut i = 0;
    while i < kept.len() {
        let mut j = i + 1;
        while j < kept.len() && !kept[j].gap_before {
            j += 1;
        }
        let run = &kept[i..j];
        let width = run
            .iter()
            .map(|k| k.text.chars().count())
            .max()
            .unwrap_or(0);
        let wrapped = run.len() >= 3
            && (50..=100).contains(&width)
            && run[..run.len() - 1]
                .iter()
                .filter(|k| k.text.chars().count() * 10 >= width * 7)
                .count()
                * 10
                >= (run.len() - 1) * 6;
        let para = |k: &Kept| Para {
            text: k.text.clone(),
            single_line: true,
            gap_before: k.gap_before,
            after_meta: k.after_meta,
            before_meta: k.before_meta,
        };
        let mut cur = para(&run[0]);
        for pair in run.windows(2) {
            let (prev, next) = (&pair[0].text, &pair[1].text);
            let full = prev.chars().count() * 10 >= width * 7;
            let join = (wrapped
                && full
                && !(ends_terminal(prev)
                    && !starts_lower(next)
                    && prev.chars().count() * 10 < width * 9))
                || (!ends_terminal(prev) && starts_lower(next));
            if join {
                cur.text.push(' ');
                cur.text.push_str(next);
                cur.single_line = false;
                cur.before_meta = pair[1].before_meta;
            } else {
                out.push(std::mem::replace(&mut cur, para(&pair[1])));
            }
        }
        out.push(cur);
        i = j;
    }
    out
}

/// Picks the headline among the paragraphs before the first prose paragraph.
///
/// A headline sits next to the byline or date: the first single-line candidate of four
/// or more words with a byline/date line right before or after it wins (if it only has
/// one after it and directly follows another candidate line, that earlier line is the
/// headline and this one its standfirst). Without bylines, the first candidate of four
/// or more words, else of two or more. Everything before the headline is site
/// furniture and goes; what follows it stays.
fn take_title(paras: Vec<Para>) -> (Option<String>, Vec<String>) {
    let first_prose = paras
        .iter()
        .position(|p| is_prose(&p.text))
        .unwrap_or(paras.len());
    let head = &paras[..first_prose];
    let cand = |p: &Para, min: usize| {
        p.single_line && is_title_candidate(&p.text) && word_count(&p.text) >= min
    };
    let near_meta = |p: &Para| p.after_meta || p.before_meta;
    let by_meta = head
        .iter()
        .position(|p| cand(p, 4) && near_meta(p))
        .or_else(|| head.iter().position(|p| cand(p, 2) && near_meta(p)))
        .map(|i| {
            let p = &head[i];
            if !p.after_meta && !p.gap_before && i > 0 && cand(&head[i - 1], 4) {
                i - 1
            } else {
                i
            }
        });
    let pick = by_meta
        .or_else(|| head.iter().position(|p| cand(p, 4)))
        .or_else(|| head.iter().position(|p| cand(p, 2)));
    match pick {
        Some(t) => {
            let title = paras[t].text.clone();
            let rest = paras.into_iter().skip(t + 1).map(|p| p.text).collect();
            (Some(title), rest)
        }
        None => (None, paras.into_iter().map(|p| p.text).collect()),
    }
}

/// Applies the line rules to paragraphs already cut by markup (the HTML path):
/// furniture, bylines and date lines go, a tail heading cuts the rest.
pub(crate) fn clean_blocks(blocks: &[String], rules: &mut LineRules) -> Vec<String> {
    let mut out = Vec::new();
    for b in blocks {
        let s = tidy(b);
        if s.is_empty() {
            continue;
        }
        let top = rules.prose_seen == 0;
        match rules.classify(s, top) {
            Verdict::Keep => out.push(s.to_string()),
            Verdict::Drop | Verdict::Meta => {}
            Verdict::Cut => break,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bounded word list is the full one, or `None` exactly when that has more words.
    #[test]
    fn bounded_words_match_the_full_list() {
        for s in [
            "",
            "Related stories",
            "Read more: 10 things about 2023Q4 Élan",
            "one two three four five six seven eight nine ten",
            "one two three four five six seven eight nine ten eleven",
            "a1b2c3 d4 e5 f6 g7",
        ] {
            let all = words(s);
            for max in 0..14 {
                let got = words_upto(s, max);
                if all.len() > max {
                    assert_eq!(got, None, "{s:?} {max}");
                } else {
                    assert_eq!(got.as_ref(), Some(&all), "{s:?} {max}");
                }
            }
        }
        assert!(is_tail_marker("Related stories"));
        assert!(!is_tail_marker(
            "Related stories about the war and the talks that followed it in the spring"
        ));
    }

    #[test]
    fn ui_lines_and_counters() {
        for s in [
            "top of page",
            "bottom of page",
            "Skip to Main Content",
            "0 views0 comments",
            "12 comments",
            "3 min read",
            "1.2K shares",
            "See All",
            "Share on Facebook",
            "Sign up / Log in",
            "Sep 5",
            "Advertisement",
            "Story continues below advertisement",
            "···",
        ] {
            assert!(is_ui_line(s), "{s}");
        }
        for s in [
            "Putin and Kim meet",
            "Talks resumed.",
            "The vote is set for Monday",
            "Read the full report from the ministry of defence here",
        ] {
            assert!(!is_ui_line(s), "{s}");
        }
    }

    #[test]
    fn bullets_are_stripped() {
        assert_eq!(tidy("  • Writer's picture"), "Writer's picture");
        assert_eq!(tidy("\u{a0}▪ ● item"), "item");
    }

    #[test]
    fn avatar_prefix_glued_to_name() {
        let mut r = LineRules::default();
        assert_eq!(
            r.classify("Writer's pictureMarta Okonkwo-Reyes", true),
            Verdict::Meta
        );
        assert_eq!(r.author.as_deref(), Some("Marta Okonkwo-Reyes"));
        let mut r = LineRules::default();
        assert_eq!(r.classify("Author’s picture", true), Verdict::Meta);
        assert_eq!(r.classify("Harbour Watch Collective", true), Verdict::Meta);
        assert_eq!(r.author.as_deref(), Some("Harbour Watch Collective"));
        let mut r = LineRules::default();
        r.classify("Profile photo: Lena Brandt · Mar 3, 2024", true);
        assert_eq!(r.author.as_deref(), Some("Lena Brandt"));
        assert_eq!(r.published.as_deref(), Some("2024-03-03"));
    }

    #[test]
    fn byline_patterns() {
        let cases = [
            ("By Jane Roe", "Jane Roe"),
            ("BY JANE ROE", "JANE ROE"),
            (
                "By Jane Roe and Tomas Ek, Associated Press",
                "Jane Roe and Tomas Ek",
            ),
            ("Written by Amir Haddad", "Amir Haddad"),
            ("Posted on March 3, 2024 by Lena Brandt", "Lena Brandt"),
            ("Pieter van der Berg | Staff Writer", "Pieter van der Berg"),
            ("Nadia Petrova, Senior Correspondent", "Nadia Petrova"),
            ("By Jane Roe Sep 5, 2023", "Jane Roe"),
        ];
        for (line, want) in cases {
            assert_eq!(
                byline_author(line).map(|x| x.0).as_deref(),
                Some(want),
                "{line}"
            );
        }
        assert_eq!(
            byline_author("Posted on March 3, 2024 by Lena Brandt")
                .unwrap()
                .1
                .as_deref(),
            Some("2024-03-03")
        );
        for line in [
            "By the end of the year, prices had doubled.",
            "By 2030 the port will be full",
            "Driven by demand, exports rose sharply in the third quarter of the year.",
        ] {
            assert_eq!(byline_author(line), None, "{line}");
        }
    }

    #[test]
    fn date_lines() {
        let mut r = LineRules::default();
        assert_eq!(
            r.classify("Updated: Sep 6, 2023 10:32 am EDT", true),
            Verdict::Meta
        );
        assert_eq!(r.published.as_deref(), Some("2023-09-06"));
        assert_eq!(
            r.classify("Published 5 September 2023", true),
            Verdict::Meta
        );
        assert_eq!(
            r.published.as_deref(),
            Some("2023-09-05"),
            "published wins over updated"
        );
        assert!(!is_date_line(
            "On 5 September 2023 the ministry said it would review the deal."
        ));
    }

    #[test]
    fn boilerplate_sentences() {
        for s in [
            "We use cookies to improve your experience. By continuing you accept our use of cookies.",
            "Sign up for our daily newsletter and get the news in your inbox.",
            "© 2024 Harbour Times. All rights reserved.",
            "Copyright 2023 Example Media",
            "Tags: politics, ports, trade",
            "#politics #ports",
            "Related: Port strike enters third week",
            "Photo: Lena Brandt",
        ] {
            assert!(is_boilerplate_sentence(s), "{s}");
        }
        for s in [
            "The cookie maker said sales fell in the third quarter.",
            "In a newsletter to investors last week, the fund said it would sell the port stake.",
        ] {
            assert!(!is_boilerplate_sentence(s), "{s}");
        }
    }

    #[test]
    fn tail_markers() {
        for s in [
            "Recent Posts",
            "Related Articles",
            "You may also like",
            "12 Comments",
            "0 views0 comments",
            "More from Harbour Times",
            "Leave a Reply",
        ] {
            assert!(is_tail_marker(s), "{s}");
        }
        assert!(!is_tail_marker(
            "Related talks will follow next week in Geneva"
        ));
        assert!(!is_tail_marker("3 min read"));
    }

    #[test]
    fn tail_cuts_only_after_body() {
        let page = "Recent Posts\n\nPort Talks Stall Again\n\n\
            The port authority said on Monday that talks with the union had stalled again.\n\n\
            Union leaders said they would meet again later this month to review the offer.\n\n\
            Related Articles\n\nAnother headline here\n\nThis is a related teaser paragraph that goes on and on for many words indeed.";
        let a = clean_page(page);
        assert_eq!(a.title.as_deref(), Some("Port Talks Stall Again"));
        assert!(a.text.ends_with("review the offer."), "{}", a.text);
    }

    #[test]
    fn headline_is_first_short_line_before_body() {
        let page = "Harbour Times\nHome\nWorld\n\nDockworkers Strike Over Pay In Northern Port\n\
            Talks are expected to resume next week\n\n\
            Dockworkers at the northern port walked out on Tuesday after pay talks collapsed, the union said.";
        let a = clean_page(page);
        assert_eq!(
            a.title.as_deref(),
            Some("Dockworkers Strike Over Pay In Northern Port")
        );
        assert!(
            a.text
                .starts_with("Talks are expected to resume next week\n\nDockworkers"),
            "{}",
            a.text
        );
        assert!(!a.text.contains("Harbour Times"));
    }

    #[test]
    fn wrapped_lines_join_and_paragraphs_stay_apart() {
        let page = "Floods Close Valley Roads\n\n\
            Heavy rain closed roads across the valley on Sunday, and officials\n\
            warned that rivers could rise further overnight as more storms\n\
            moved in from the west.\n\n\
            Schools will stay shut on Monday.\n\
            Buses will not run either.";
        let a = clean_page(page);
        assert_eq!(
            a.text,
            "Heavy rain closed roads across the valley on Sunday, and officials warned that rivers could rise further overnight as more storms moved in from the west.\n\n\
             Schools will stay shut on Monday.\n\nBuses will not run either."
        );
    }

    #[test]
    fn medium_like_follow_byline() {
        let page = "Sign up\nSign in\nWrite\n\nWhy The Harbour Deal Matters For Farmers\n\
            Grain exporters are watching the talks closely\n\nOlu Adeyemi\nFollow\n\n\
            Published in Field Notes\n\n6 min read\n·\nMar 12, 2024\n\n214\n\n3\n\nListen\n\nShare\n\n\
            The harbour deal signed last week will change how grain leaves the region, traders said.";
        let a = clean_page(page);
        assert_eq!(
            a.title.as_deref(),
            Some("Why The Harbour Deal Matters For Farmers")
        );
        assert_eq!(a.author.as_deref(), Some("Olu Adeyemi"));
        assert_eq!(a.published.as_deref(), Some("2024-03-12"));
        assert_eq!(a.text, "Grain exporters are watching the talks closely\n\nThe harbour deal signed last week will change how grain leaves the region, traders said.");
    }

    #[test]
    fn names() {
        for s in [
            "Jane Roe",
            "Dahlia Foundation",
            "Pieter van der Berg",
            "Seán O'Brien",
            "J. K. Lowe",
        ] {
            assert!(looks_like_name(s), "{s}");
        }
        for s in [
            "Home",
            "the end of the year",
            "Sep 5",
            "Jane Roe 2023",
            "Share",
            "Top of Page",
        ] {
            assert!(!looks_like_name(s), "{s}");
        }
    }
}

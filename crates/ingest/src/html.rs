//! Raw HTML → [`Article`], in one forward pass with an explicit element stack.
//!
//! The tokenizer never recurses and keeps no DOM tree, so nesting depth costs only a
//! `Vec` entry per open element and a 10,000-deep page is as safe as a flat one. Text is
//! cut into blocks at block-level tags; text inside boilerplate elements (scripts,
//! navigation, footers, share widgets, comment sections, cookie banners…) never enters
//! a block. The main content is then chosen among the blocks:
//!
//! 1. elements marked as the article body (`itemprop="articleBody"`, classes such as
//!    `entry-content`, `article-body`, `story-body`), when they hold paragraphs;
//! 2. otherwise the container with the most paragraph text (readability-style: a
//!    paragraph scores for its parent, half for its grandparent), less link text.
//!
//! Metadata comes from meta tags, JSON-LD, `<time datetime>`, byline elements,
//! `<link rel=canonical>`, `<h1>` and `<title>` ([`crate::meta`]).

use dyad_types::Article;

use crate::clean::{clean_blocks, LineRules};
use crate::meta::{Meta, MetaBuilder};

/// Tags whose whole content is dropped.
fn is_skip_tag(tag: &str) -> bool {
    matches!(
        tag,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "svg"
            | "math"
            | "iframe"
            | "form"
            | "button"
            | "select"
            | "textarea"
            | "nav"
            | "footer"
            | "aside"
            | "menu"
            | "dialog"
            | "object"
            | "embed"
            | "canvas"
            | "audio"
            | "video"
            | "figure"
            | "figcaption"
            | "header"
            | "head"
            | "input"
            | "label"
            | "picture"
            | "map"
    )
}

/// Tags that end a text block.
fn is_block_tag(tag: &str) -> bool {
    matches!(
        tag,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "body"
            | "center"
            | "dd"
            | "details"
            | "dialog"
            | "dir"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hgroup"
            | "hr"
            | "html"
            | "li"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "p"
            | "pre"
            | "section"
            | "summary"
            | "table"
            | "tbody"
            | "td"
            | "tfoot"
            | "th"
            | "thead"
            | "tr"
            | "ul"
            | "caption"
            | "legend"
            | "option"
            | "head"
            | "title"
    )
}

/// Elements with no content.
fn is_void(tag: &str) -> bool {
    matches!(
        tag,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
            | "keygen"
    )
}

/// Elements whose content is raw text up to the matching end tag.
fn is_raw_text(tag: &str) -> bool {
    matches!(
        tag,
        "script"
            | "style"
            | "textarea"
            | "title"
            | "xmp"
            | "iframe"
            | "noembed"
            | "noframes"
            | "noscript"
            | "plaintext"
    )
}

/// Elements that hold paragraphs rather than being one.
fn is_container(tag: &str) -> bool {
    matches!(
        tag,
        "div"
            | "section"
            | "article"
            | "main"
            | "body"
            | "td"
            | "blockquote"
            | "html"
            | "center"
            | "ul"
            | "ol"
            | "dl"
            | "table"
            | "tbody"
            | "tr"
    )
}

/// Class/id parts that mark boilerplate when they open a class name.
const BAD_FIRST: &[&str] = &[
    "nav",
    "navbar",
    "navigation",
    "menu",
    "footer",
    "sidebar",
    "share",
    "sharing",
    "social",
    "comment",
    "comments",
    "disqus",
    "cookie",
    "cookies",
    "consent",
    "gdpr",
    "newsletter",
    "subscribe",
    "subscription",
    "signup",
    "related",
    "recommended",
    "recommendations",
    "promo",
    "advert",
    "advertisement",
    "ad",
    "ads",
    "adslot",
    "banner",
    "breadcrumb",
    "breadcrumbs",
    "popup",
    "modal",
    "widget",
    "widgets",
    "tags",
    "taglist",
    "tag",
    "sponsor",
    "sponsored",
    "outbrain",
    "taboola",
    "toolbar",
    "pagination",
    "pager",
    "skip",
    "hidden",
    "sr",
    "visually",
    "masthead",
    "topbar",
    "dropdown",
    "overlay",
    "login",
    "trending",
    "popular",
    "most",
    "caption",
    "credit",
    "onetrust",
    "cc",
    "author-bio",
    "bio",
    "print",
    "more",
    "recirc",
    "teaser",
    "teasers",
    "jump",
    "alert",
    "donate",
    "paywall",
    "subnav",
    "byline",
];

/// Class/id parts that mark boilerplate when they close a class name ("site-footer").
const BAD_LAST: &[&str] = &[
    "footer",
    "nav",
    "navigation",
    "menu",
    "sidebar",
    "widget",
    "widgets",
    "banner",
    "share",
    "sharing",
    "newsletter",
    "cookie",
    "consent",
    "breadcrumbs",
    "breadcrumb",
    "ad",
    "ads",
    "promo",
    "related",
    "tags",
    "toolbar",
    "popup",
    "modal",
    "comments",
    "social",
    "links",
    "header",
    "signup",
    "subscribe",
    "recirc",
    "bio",
    "byline",
];

/// Normalised class names (separators removed) that mark the article body.
const GOOD_NAMES: &[&str] = &[
    "articlebody",
    "articlecontent",
    "articletext",
    "entrycontent",
    "postcontent",
    "postbody",
    "storybody",
    "storycontent",
    "storytext",
    "bodytext",
    "contentbody",
    "articlebodytext",
    "postentry",
    "blogpostcontent",
    "richtextarticlebody",
];

/// Is this class or id value a boilerplate marker? Returns (bad, good).
fn classify_names(value: &str) -> (bool, bool) {
    let mut bad = false;
    let mut good = false;
    for name in value.split_whitespace() {
        let lower = name.to_ascii_lowercase();
        let norm: String = lower
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect();
        if GOOD_NAMES.iter().any(|g| norm.contains(g)) {
            good = true;
        }
        let parts: Vec<&str> = lower.split(['-', '_']).filter(|p| !p.is_empty()).collect();
        // State classes ("has-comments", "no-sidebar") describe the page, not the element.
        if parts.first().is_some_and(|f| {
            matches!(
                *f,
                "has" | "with" | "no" | "is" | "show" | "enable" | "disable" | "without"
            )
        }) {
            continue;
        }
        if let Some(first) = parts.first() {
            if BAD_FIRST.contains(first) || BAD_FIRST.contains(&lower.as_str()) {
                bad = true;
            }
        }
        if parts.len() > 1 {
            if let Some(last) = parts.last() {
                if BAD_LAST.contains(last) {
                    bad = true;
                }
            }
        }
    }
    (bad, good)
}

/// One start or end tag.
pub(crate) struct Tag {
    /// Lowercased name.
    pub(crate) name: String,
    /// Lowercased attribute names with entity-decoded values.
    pub(crate) attrs: Vec<(String, String)>,
}

impl Tag {
    /// The value of attribute `name`.
    pub(crate) fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// An open element on the stack.
struct Open {
    name: String,
    /// Index into `Extractor::elems` for block elements.
    elem: Option<u32>,
    skip: bool,
    link: bool,
}

/// A block element's extent in the block list.
struct Elem {
    parent: Option<u32>,
    first_block: u32,
    end_block: u32,
    good: bool,
    open: bool,
}

/// One block of text.
struct Block {
    text: String,
    link_chars: usize,
    parent: Option<u32>,
    grand: Option<u32>,
    heading: bool,
}

/// What a capture buffer is collecting.
#[derive(Clone, Copy, PartialEq, Eq)]
enum CaptureKind {
    H1,
    Byline,
}

struct Capture {
    kind: CaptureKind,
    depth: usize,
    text: String,
}

struct Extractor {
    stack: Vec<Open>,
    elems: Vec<Elem>,
    blocks: Vec<Block>,
    cur: String,
    cur_link: usize,
    skip_depth: usize,
    link_depth: usize,
    captures: Vec<Capture>,
    meta: MetaBuilder,
}

/// Largest number of stack entries searched for a matching end tag.
const END_TAG_SEARCH: usize = 512;

impl Extractor {
    fn new() -> Extractor {
        Extractor {
            stack: Vec::new(),
            elems: Vec::new(),
            blocks: Vec::new(),
            cur: String::new(),
            cur_link: 0,
            skip_depth: 0,
            link_depth: 0,
            captures: Vec::new(),
            meta: MetaBuilder::default(),
        }
    }

    fn innermost_elem(&self) -> Option<u32> {
        self.stack.iter().rev().find_map(|o| o.elem)
    }

    fn flush(&mut self) {
        let text = self.cur.trim();
        if !text.is_empty() {
            let owner = self.stack.iter().rev().find(|o| o.elem.is_some());
            let (owner_elem, owner_name) = match owner {
                Some(o) => (o.elem, o.name.as_str()),
                None => (None, ""),
            };
            let heading = matches!(owner_name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6");
            let parent = if is_container(owner_name) {
                owner_elem
            } else {
                owner_elem.and_then(|e| self.elems[e as usize].parent)
            };
            let grand = parent.and_then(|p| self.elems[p as usize].parent);
            self.blocks.push(Block {
                text: text.to_string(),
                link_chars: self.cur_link,
                parent,
                grand,
                heading,
            });
        }
        self.cur.clear();
        self.cur_link = 0;
    }

    fn push_text(&mut self, text: &str) {
        if self.skip_depth == 0 {
            let before = self.cur.len();
            append_collapsed(&mut self.cur, text);
            if self.link_depth > 0 {
                self.cur_link += self.cur.get(before..).unwrap_or("").chars().count();
            }
        }
        for cap in &mut self.captures {
            if cap.text.len() < 300 {
                append_collapsed(&mut cap.text, text);
            }
        }
    }

    fn start(&mut self, tag: Tag) {
        let name = tag.name.as_str();
        self.meta.on_start(&tag);
        if name == "br" {
            if self.cur.ends_with('\n') {
                self.flush();
            } else if !self.cur.trim().is_empty() {
                self.cur.push('\n');
            }
            return;
        }
        if is_void(name) {
            return;
        }
        // Implied end tags: a block start closes an open <p>; list items and cells close
        // their open siblings.
        if is_block_tag(name) {
            if let Some(top) = self.stack.last() {
                if top.name == "p"
                    || (matches!(name, "li" | "dt" | "dd" | "tr" | "td" | "th" | "option")
                        && top.name == name)
                {
                    let n = top.name.clone();
                    self.end(&n);
                }
            }
            self.flush();
        }
        let (mut bad, mut good) = (false, false);
        for key in ["class", "id"] {
            if let Some(v) = tag.attr(key) {
                let (b, g) = classify_names(v);
                bad |= b;
                good |= g;
            }
        }
        if tag
            .attr("itemprop")
            .is_some_and(|v| v.eq_ignore_ascii_case("articleBody"))
        {
            good = true;
        }
        let exempt = matches!(name, "html" | "body" | "main" | "article") || good;
        let hidden = tag.attr("hidden").is_some()
            || tag
                .attr("aria-hidden")
                .is_some_and(|v| v.eq_ignore_ascii_case("true"))
            || tag.attr("style").is_some_and(|v| {
                let v: String = v
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .collect::<String>()
                    .to_ascii_lowercase();
                v.contains("display:none") || v.contains("visibility:hidden")
            })
            || tag.attr("role").is_some_and(|r| {
                matches!(
                    r.to_ascii_lowercase().as_str(),
                    "navigation"
                        | "banner"
                        | "contentinfo"
                        | "complementary"
                        | "dialog"
                        | "alertdialog"
                        | "search"
                        | "menu"
                        | "menubar"
                        | "toolbar"
                )
            });
        let skip = is_skip_tag(name) || hidden || (bad && !exempt);
        // Capture h1 and byline text even inside skipped regions (article headers).
        let is_byline = tag
            .attr("rel")
            .is_some_and(|r| r.eq_ignore_ascii_case("author"))
            || tag
                .attr("itemprop")
                .is_some_and(|r| r.eq_ignore_ascii_case("author"))
            || ["class", "id"].iter().any(|k| {
                tag.attr(k).is_some_and(|v| {
                    v.split_whitespace().any(|c| {
                        let c = c.to_ascii_lowercase();
                        c.contains("byline")
                            || c == "author"
                            || c.ends_with("author-name")
                            || c == "author-name"
                            || c.ends_with("__author")
                    })
                })
            });
        let depth = self.stack.len() + 1;
        if name == "h1" {
            self.captures.push(Capture {
                kind: CaptureKind::H1,
                depth,
                text: String::new(),
            });
        } else if is_byline && !matches!(name, "meta" | "link" | "html" | "body") {
            self.captures.push(Capture {
                kind: CaptureKind::Byline,
                depth,
                text: String::new(),
            });
        }
        let elem = if is_block_tag(name) {
            let parent = self.innermost_elem();
            self.elems.push(Elem {
                parent,
                first_block: self.blocks.len() as u32,
                end_block: u32::MAX,
                good: good && !skip,
                open: true,
            });
            Some((self.elems.len() - 1) as u32)
        } else {
            None
        };
        let link = name == "a";
        if skip {
            self.skip_depth += 1;
        }
        if link {
            self.link_depth += 1;
        }
        self.stack.push(Open {
            name: tag.name,
            elem,
            skip,
            link,
        });
    }

    fn end(&mut self, name: &str) {
        if name == "br" {
            self.start(Tag {
                name: "br".into(),
                attrs: Vec::new(),
            });
            return;
        }
        let limit = self.stack.len().saturating_sub(END_TAG_SEARCH);
        let Some(pos) = (limit..self.stack.len())
            .rev()
            .find(|&i| self.stack[i].name == name)
        else {
            return;
        };
        if is_block_tag(name) || self.stack[pos..].iter().any(|o| o.elem.is_some()) {
            self.flush();
        }
        while self.stack.len() > pos {
            let Some(open) = self.stack.pop() else { break };
            self.close(open);
        }
    }

    fn close(&mut self, open: Open) {
        if open.skip {
            self.skip_depth -= 1;
        }
        if open.link {
            self.link_depth -= 1;
        }
        if let Some(e) = open.elem {
            let el = &mut self.elems[e as usize];
            el.end_block = self.blocks.len() as u32;
            el.open = false;
        }
        let depth = self.stack.len() + 1;
        while self.captures.last().is_some_and(|c| c.depth >= depth) {
            if let Some(cap) = self.captures.pop() {
                match cap.kind {
                    CaptureKind::H1 => self.meta.h1(cap.text.trim()),
                    CaptureKind::Byline => self.meta.byline(cap.text.trim()),
                }
            }
        }
    }

    fn finish(mut self) -> (Vec<Block>, Vec<Elem>, Meta) {
        self.flush();
        while let Some(open) = self.stack.pop() {
            self.close(open);
        }
        let n = self.blocks.len() as u32;
        for e in &mut self.elems {
            if e.open || e.end_block == u32::MAX {
                e.end_block = n;
            }
        }
        (self.blocks, self.elems, self.meta.finish())
    }
}

/// Appends `text` with runs of whitespace (incl. NBSP) collapsed to one space.
fn append_collapsed(out: &mut String, text: &str) {
    for c in text.chars() {
        if c.is_whitespace() {
            if !out.is_empty() && !out.ends_with(' ') && !out.ends_with('\n') {
                out.push(' ');
            }
        } else if !matches!(c, '\u{200B}' | '\u{FEFF}' | '\u{AD}') {
            out.push(c);
        }
    }
}

/// Decodes character references when there are any.
fn decode_entities(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains('&') {
        html_escape::decode_html_entities(s)
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// Finds `</name` (ASCII case-insensitive) at or after `from`.
fn find_end_tag(bytes: &[u8], from: usize, name: &str) -> Option<usize> {
    let n = name.as_bytes();
    let mut i = from;
    while i + 2 + n.len() <= bytes.len() {
        let rel = bytes.get(i..)?.iter().position(|&b| b == b'<')?;
        i += rel;
        if bytes.get(i + 1) == Some(&b'/') {
            let cand = bytes.get(i + 2..i + 2 + n.len())?;
            if cand.eq_ignore_ascii_case(n) {
                let after = bytes.get(i + 2 + n.len()).copied().unwrap_or(b'>');
                if !after.is_ascii_alphanumeric() {
                    return Some(i);
                }
            }
        }
        i += 1;
    }
    None
}

fn find_bytes(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// Parses a start tag beginning at `i` (on `<`). Returns the tag and the index after `>`.
fn parse_start_tag(html: &str, i: usize) -> (Tag, usize, bool) {
    let b = html.as_bytes();
    let mut j = i + 1;
    while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'>' && b[j] != b'/' {
        j += 1;
    }
    let name = html.get(i + 1..j).unwrap_or("").to_ascii_lowercase();
    let mut attrs = Vec::new();
    let mut self_closing = false;
    loop {
        while j < b.len() && (b[j].is_ascii_whitespace() || b[j] == b'/') {
            if b[j] == b'/' {
                self_closing = true;
            }
            j += 1;
        }
        if j >= b.len() {
            break;
        }
        if b[j] == b'>' {
            j += 1;
            break;
        }
        self_closing = false;
        let ks = j;
        while j < b.len() && !b[j].is_ascii_whitespace() && !matches!(b[j], b'=' | b'>' | b'/') {
            j += 1;
        }
        if j == ks {
            j += 1;
            continue;
        }
        let key = html.get(ks..j).unwrap_or("").to_ascii_lowercase();
        while j < b.len() && b[j].is_ascii_whitespace() {
            j += 1;
        }
        let mut value = String::new();
        if j < b.len() && b[j] == b'=' {
            j += 1;
            while j < b.len() && b[j].is_ascii_whitespace() {
                j += 1;
            }
            if j < b.len() && (b[j] == b'"' || b[j] == b'\'') {
                let q = b[j];
                let vs = j + 1;
                let ve = b
                    .get(vs..)
                    .and_then(|r| r.iter().position(|&c| c == q))
                    .map_or(b.len(), |p| vs + p);
                value = decode_entities(html.get(vs..ve).unwrap_or("")).into_owned();
                j = (ve + 1).min(b.len());
            } else {
                let vs = j;
                while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'>' {
                    j += 1;
                }
                value = decode_entities(html.get(vs..j).unwrap_or("")).into_owned();
            }
        }
        if attrs.len() < 64 {
            attrs.push((key, value));
        }
    }
    (Tag { name, attrs }, j, self_closing)
}

/// Runs the tokenizer over `html`, feeding the extractor.
fn tokenize(html: &str, ex: &mut Extractor) {
    let b = html.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let lt = match b.get(i..).and_then(|r| r.iter().position(|&c| c == b'<')) {
            Some(p) => i + p,
            None => b.len(),
        };
        if lt > i {
            ex.push_text(&decode_entities(html.get(i..lt).unwrap_or("")));
        }
        if lt >= b.len() {
            break;
        }
        let next = b.get(lt + 1).copied().unwrap_or(0);
        if b.get(lt..lt + 4) == Some(b"<!--") {
            i = find_bytes(b, lt + 4, b"-->").map_or(b.len(), |p| p + 3);
        } else if next == b'!' || next == b'?' {
            i = find_bytes(b, lt, b">").map_or(b.len(), |p| p + 1);
        } else if next == b'/' {
            let mut j = lt + 2;
            while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'>' && b[j] != b'/' {
                j += 1;
            }
            let name = html.get(lt + 2..j).unwrap_or("").to_ascii_lowercase();
            i = find_bytes(b, j, b">").map_or(b.len(), |p| p + 1);
            if !name.is_empty() {
                ex.end(&name);
            }
        } else if next.is_ascii_alphabetic() {
            let (tag, after, self_closing) = parse_start_tag(html, lt);
            i = after;
            if is_raw_text(&tag.name) && !self_closing {
                let end = find_end_tag(b, i, &tag.name).unwrap_or(b.len());
                let content = html.get(i..end).unwrap_or("");
                let name = tag.name.clone();
                if name == "title" {
                    ex.meta.title_tag(&decode_entities(content));
                } else if name == "script"
                    && tag
                        .attr("type")
                        .is_some_and(|t| t.eq_ignore_ascii_case("application/ld+json"))
                {
                    ex.meta.json_ld(content);
                }
                // Raw-text elements are all boilerplate except <title>, handled above.
                ex.start(tag);
                ex.end(&name);
                i = find_bytes(b, end, b">").map_or(b.len(), |p| p + 1);
            } else {
                let name = tag.name.clone();
                ex.start(tag);
                if self_closing
                    && !is_void(&name)
                    && (name == "div" || name == "span" || name == "a" || name == "p")
                {
                    ex.end(&name);
                }
            }
        } else {
            ex.push_text("<");
            i = lt + 1;
        }
    }
}

/// Extracts an article from an HTML page (id left empty).
pub(crate) fn extract(html: &str) -> Article {
    let mut ex = Extractor::new();
    tokenize(html, &mut ex);
    let (blocks, elems, meta) = ex.finish();
    let chosen = choose_region(&blocks, &elems);
    let title = meta.title();
    let mut paras: Vec<String> = Vec::new();
    for (i, blk) in blocks.iter().enumerate() {
        if !chosen[i] {
            continue;
        }
        let text = blk.text.replace('\n', " ");
        let chars = text.chars().count();
        // Link lists and teaser links are not body text.
        if blk.link_chars * 2 > chars && chars < 400 {
            continue;
        }
        if blk.heading && title.as_deref().is_some_and(|t| same_text(t, &text)) {
            continue;
        }
        paras.push(text);
    }
    // A page that repeats its headline as the first paragraph.
    if let (Some(t), Some(first)) = (title.as_deref(), paras.first()) {
        if same_text(t, first) {
            paras.remove(0);
        }
    }
    let mut rules = LineRules::default();
    let body = clean_blocks(&paras, &mut rules);
    Article {
        id: String::new(),
        title,
        author: meta.author().or(rules.author),
        published: meta.published().or(rules.published),
        url: meta.url(),
        text: body.join("\n\n"),
    }
}

fn same_text(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    norm(a) == norm(b)
}

/// Marks the blocks that form the main content.
fn choose_region(blocks: &[Block], elems: &[Elem]) -> Vec<bool> {
    let para_score = |b: &Block| -> f64 {
        let chars = b.text.chars().count();
        if chars < 25 || b.heading {
            return 0.0;
        }
        let link = b.link_chars as f64 / chars as f64;
        if link > 0.5 {
            return 0.0;
        }
        let commas = b.text.matches([',', '，']).count() as f64;
        (chars as f64).min(3000.0) * (1.0 - link) + 20.0 * commas
    };
    let scores: Vec<f64> = blocks.iter().map(para_score).collect();
    let mut prefix = vec![0.0f64; blocks.len() + 1];
    for (i, s) in scores.iter().enumerate() {
        prefix[i + 1] = prefix[i] + s;
    }
    let range_score = |e: &Elem| prefix[e.end_block as usize] - prefix[e.first_block as usize];
    let mut chosen = vec![false; blocks.len()];

    // 1. Marked article bodies.
    let mut any = false;
    for e in elems.iter().filter(|e| e.good) {
        if range_score(e) > 0.0 {
            any = true;
            for c in &mut chosen[e.first_block as usize..e.end_block as usize] {
                *c = true;
            }
        }
    }
    if any {
        return chosen;
    }

    // 2. Paragraph density: parent gets the score, grandparent half.
    let mut elem_score = vec![0.0f64; elems.len()];
    for (b, s) in blocks.iter().zip(&scores) {
        if *s <= 0.0 {
            continue;
        }
        if let Some(p) = b.parent {
            elem_score[p as usize] += s;
        }
        if let Some(g) = b.grand {
            elem_score[g as usize] += s / 2.0;
        }
    }
    let best = elem_score
        .iter()
        .enumerate()
        .filter(|(_, s)| **s > 0.0)
        .max_by(|a, b| a.1.total_cmp(b.1))
        .map(|(i, _)| i);
    match best {
        Some(i) => {
            let e = &elems[i];
            for c in &mut chosen[e.first_block as usize..e.end_block as usize] {
                *c = true;
            }
        }
        None => chosen.iter_mut().for_each(|c| *c = true),
    }
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_and_boilerplate() {
        let html = r#"<html><head><title>Port Talks Resume | Harbour Times</title>
            <script>var x = "<p>not text</p>";</script><style>p{color:red}</style></head>
            <body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
            <div class="main"><h1>Port Talks Resume</h1>
            <p>Negotiators met on Monday to resume talks over the harbour dispute, officials said.</p>
            <div class="share-buttons"><a>Share on Facebook</a> <a>Tweet</a></div>
            <p>Both sides said the next round would be held in the capital &amp; would last two days.</p>
            </div>
            <div id="comments"><p>Great article, thanks for sharing this with everyone here!</p></div>
            <footer><p>&copy; 2024 Harbour Times. All rights reserved.</p></footer>
            <div class="cookie-banner">We use cookies to improve your experience.</div>
            </body></html>"#;
        let a = extract(html);
        assert_eq!(a.title.as_deref(), Some("Port Talks Resume"));
        assert_eq!(
            a.text,
            "Negotiators met on Monday to resume talks over the harbour dispute, officials said.\n\n\
             Both sides said the next round would be held in the capital & would last two days."
        );
    }

    #[test]
    fn deep_nesting_is_iterative() {
        let depth = 10_000;
        let mut html = String::from("<html><body>");
        html.push_str(&"<div>".repeat(depth));
        html.push_str("<p>Deep inside the page, the ministry said talks would resume on Monday next week.</p>");
        html.push_str(&"</div>".repeat(depth));
        html.push_str("</body></html>");
        let a = extract(&html);
        assert!(a.text.contains("talks would resume"));
        // Unclosed too.
        let unclosed = format!(
            "{}<p>Unclosed text with enough words to count as a paragraph here.",
            "<div><span>".repeat(depth)
        );
        assert!(extract(&unclosed).text.contains("Unclosed text"));
    }

    #[test]
    fn br_breaks_and_unclosed_paragraphs() {
        let html = "<body><div class=\"entry-content\"><p>First paragraph of the story is here and long enough.<p>Second paragraph follows without a closing tag, as old pages do.<br><br>Third after a double break.</div></body>";
        let a = extract(html);
        assert_eq!(
            a.text,
            "First paragraph of the story is here and long enough.\n\nSecond paragraph follows without a closing tag, as old pages do.\n\nThird after a double break."
        );
    }

    #[test]
    fn class_markers() {
        assert_eq!(classify_names("site-footer"), (true, false));
        assert_eq!(classify_names("comments-area"), (true, false));
        assert_eq!(classify_names("entry-content clearfix"), (false, true));
        assert_eq!(classify_names("has-comments post"), (false, false));
        assert_eq!(classify_names("article__body"), (false, true));
        assert_eq!(classify_names("header"), (false, false));
    }

    #[test]
    fn raw_text_and_comments_do_not_leak() {
        let html = "<body><div><p>Visible paragraph with enough words to be chosen as the main body.</p><!-- <p>hidden comment</p> --><script>document.write('<p>x</p>')</script><SCRIPT>bad()</SCRIPT><p>Second visible paragraph that also has words enough to count.</p></div></body>";
        let a = extract(html);
        assert!(!a.text.contains("hidden"));
        assert!(!a.text.contains("bad()"));
        assert!(!a.text.contains("write"));
        assert!(a.text.contains("Second visible"));
    }
}

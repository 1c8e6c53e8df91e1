//! Page metadata: meta tags, JSON-LD, `<time>`, bylines, canonical link, `<h1>`, `<title>`.
//!
//! Preference order:
//! * title: `og:title`, JSON-LD `headline`, `twitter:title`, `citation_title`, first `<h1>`,
//!   `<title>`; a site-name suffix (" | Site", " - Site") is stripped from the last three.
//! * author: JSON-LD `author`, `author`/`article:author`/`citation_author`/`dc.creator`
//!   meta tags, byline elements (`rel=author`, `itemprop=author`, `.byline`, `.author`).
//! * published: JSON-LD `datePublished`, `article:published_time` and kin, `<time datetime>`.
//! * url: `<link rel=canonical>`, `og:url`, JSON-LD `url` (absolute http(s) only).

use serde_json::Value;

use crate::clean::{byline_author, looks_like_name};
use crate::date::find_date;
use crate::html::Tag;

/// Collects metadata while the tokenizer runs.
#[derive(Default)]
pub(crate) struct MetaBuilder {
    og_title: Option<String>,
    twitter_title: Option<String>,
    citation_title: Option<String>,
    title_tag: Option<String>,
    h1: Option<String>,
    site_name: Option<String>,
    meta_author: Option<String>,
    byline: Option<String>,
    meta_date: Option<(u8, String)>,
    time_date: Option<(u8, String)>,
    canonical: Option<String>,
    og_url: Option<String>,
    ld: LdInfo,
}

/// What JSON-LD said.
#[derive(Default)]
struct LdInfo {
    headline: Option<String>,
    author: Option<String>,
    published: Option<String>,
    url: Option<String>,
    /// Set once an article-typed object has filled the fields.
    from_article: bool,
}

/// Finished metadata.
pub(crate) struct Meta {
    b: MetaBuilder,
}

fn set(slot: &mut Option<String>, value: &str) {
    let v = value.split_whitespace().collect::<Vec<_>>().join(" ");
    if slot.is_none() && !v.is_empty() {
        *slot = Some(v);
    }
}

/// Keeps the candidate with the best (lowest) rank.
fn set_ranked(slot: &mut Option<(u8, String)>, rank: u8, value: &str) {
    if let Some(d) = find_date(value) {
        if slot.as_ref().is_none_or(|(r, _)| rank < *r) {
            *slot = Some((rank, d));
        }
    }
}

impl MetaBuilder {
    /// Looks at one start tag.
    pub(crate) fn on_start(&mut self, tag: &Tag) {
        match tag.name.as_str() {
            "meta" => self.meta_tag(tag),
            "link" => {
                let rel = tag.attr("rel").unwrap_or("");
                if rel
                    .split_whitespace()
                    .any(|r| r.eq_ignore_ascii_case("canonical"))
                {
                    if let Some(h) = tag.attr("href") {
                        set(&mut self.canonical, h);
                    }
                }
            }
            "time" => {
                if let Some(dt) = tag.attr("datetime") {
                    let published = tag
                        .attr("itemprop")
                        .is_some_and(|v| v.eq_ignore_ascii_case("datePublished"))
                        || tag.attr("pubdate").is_some()
                        || tag
                            .attr("class")
                            .is_some_and(|c| c.to_ascii_lowercase().contains("publish"));
                    set_ranked(&mut self.time_date, if published { 0 } else { 1 }, dt);
                }
            }
            _ => {}
        }
    }

    fn meta_tag(&mut self, tag: &Tag) {
        let key = tag
            .attr("property")
            .or_else(|| tag.attr("name"))
            .or_else(|| tag.attr("itemprop"))
            .unwrap_or("")
            .to_ascii_lowercase();
        let Some(content) = tag.attr("content") else {
            return;
        };
        match key.as_str() {
            "og:title" => set(&mut self.og_title, content),
            "twitter:title" => set(&mut self.twitter_title, content),
            "citation_title" | "dc.title" => set(&mut self.citation_title, content),
            "og:site_name" | "application-name" => set(&mut self.site_name, content),
            "og:url" => set(&mut self.og_url, content),
            "author" | "article:author" | "citation_author" | "dc.creator" | "parsely-author"
            | "sailthru.author" | "byl" | "twitter:creator" => {
                let c = content.trim();
                let c = c
                    .strip_prefix("By ")
                    .or_else(|| c.strip_prefix("by "))
                    .unwrap_or(c);
                if !c.contains("://") && !c.starts_with('@') && !c.starts_with("www.") {
                    set(&mut self.meta_author, c);
                }
            }
            "article:published_time"
            | "datepublished"
            | "citation_publication_date"
            | "citation_date"
            | "citation_online_date"
            | "parsely-pub-date"
            | "sailthru.date"
            | "pubdate"
            | "publishdate"
            | "publish-date"
            | "og:published_time"
            | "dc.date.issued"
            | "date"
            | "dc.date"
            | "article.published"
            | "article:published" => {
                let rank = if key.contains("publish") || key.starts_with("citation") {
                    0
                } else {
                    1
                };
                set_ranked(&mut self.meta_date, rank, content);
            }
            "article:modified_time" | "datemodified" | "last-modified" => {
                set_ranked(&mut self.meta_date, 5, content);
            }
            _ => {}
        }
    }

    /// The text of the first `<h1>`.
    pub(crate) fn h1(&mut self, text: &str) {
        set(&mut self.h1, text);
    }

    /// The text of a byline element.
    pub(crate) fn byline(&mut self, text: &str) {
        if self.byline.is_some() {
            return;
        }
        let t = text.trim();
        if let Some((name, _)) = byline_author(t) {
            self.byline = Some(name);
        } else if looks_like_name(t) {
            self.byline = Some(t.to_string());
        }
    }

    /// The `<title>` text.
    pub(crate) fn title_tag(&mut self, text: &str) {
        set(&mut self.title_tag, text);
    }

    /// One `<script type="application/ld+json">` body.
    pub(crate) fn json_ld(&mut self, text: &str) {
        let Ok(value) = serde_json::from_str::<Value>(text.trim()) else {
            return;
        };
        // Iterative walk over objects, arrays and @graph.
        let mut todo: Vec<&Value> = vec![&value];
        let mut seen = 0;
        while let Some(v) = todo.pop() {
            seen += 1;
            if seen > 10_000 {
                break;
            }
            match v {
                Value::Array(items) => todo.extend(items.iter().rev()),
                Value::Object(map) => {
                    if let Some(g) = map.get("@graph") {
                        todo.push(g);
                    }
                    let article = type_is_article(map.get("@type"));
                    if article && !self.ld.from_article {
                        self.ld = LdInfo::default();
                        self.ld.from_article = true;
                        if let Some(h) = map
                            .get("headline")
                            .or_else(|| map.get("name"))
                            .and_then(Value::as_str)
                        {
                            set(&mut self.ld.headline, h);
                        }
                        if let Some(a) = map.get("author").or_else(|| map.get("creator")) {
                            if let Some(name) = ld_author(a) {
                                self.ld.author = Some(name);
                            }
                        }
                        if let Some(d) = map
                            .get("datePublished")
                            .or_else(|| map.get("dateCreated"))
                            .or_else(|| map.get("uploadDate"))
                            .and_then(Value::as_str)
                        {
                            self.ld.published = find_date(d);
                        }
                        let url = map.get("url").and_then(Value::as_str).or_else(|| {
                            map.get("mainEntityOfPage").and_then(|m| {
                                m.as_str().or_else(|| m.get("@id").and_then(Value::as_str))
                            })
                        });
                        if let Some(u) = url {
                            set(&mut self.ld.url, u);
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// Freezes the collected metadata.
    pub(crate) fn finish(self) -> Meta {
        Meta { b: self }
    }
}

fn type_is_article(t: Option<&Value>) -> bool {
    let is = |s: &str| {
        matches!(
            s,
            "NewsArticle"
                | "Article"
                | "ReportageNewsArticle"
                | "AnalysisNewsArticle"
                | "BlogPosting"
                | "Report"
                | "OpinionNewsArticle"
                | "BackgroundNewsArticle"
                | "LiveBlogPosting"
                | "ScholarlyArticle"
                | "TechArticle"
                | "SocialMediaPosting"
        )
    };
    match t {
        Some(Value::String(s)) => is(s),
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).any(is),
        _ => false,
    }
}

/// JSON-LD author: a string, an object with `name`, or a list of either.
fn ld_author(v: &Value) -> Option<String> {
    let one = |v: &Value| -> Option<String> {
        let s = match v {
            Value::String(s) => s.as_str(),
            Value::Object(m) => m.get("name").and_then(Value::as_str)?,
            _ => return None,
        };
        let s = s.trim();
        (!s.is_empty() && !s.contains("://")).then(|| s.to_string())
    };
    match v {
        Value::Array(items) => {
            let names: Vec<String> = items.iter().filter_map(one).collect();
            match names.len() {
                0 => None,
                1 => names.into_iter().next(),
                _ => Some(names.join(" and ")),
            }
        }
        _ => one(v),
    }
}

/// Strips a " | Site" / " - Site" / " — Site" suffix (or a "Site | " prefix).
pub(crate) fn strip_site_suffix(title: &str, site: Option<&str>) -> String {
    let t = title.trim();
    for sep in [" | ", " - ", " — ", " – ", " :: ", " · ", " » "] {
        if let Some(pos) = t.rfind(sep) {
            let (head, tail) = (
                t.get(..pos).unwrap_or(t).trim(),
                t.get(pos + sep.len()..).unwrap_or("").trim(),
            );
            let site_match = site.is_some_and(|s| s.eq_ignore_ascii_case(tail));
            let hw = head.split_whitespace().count();
            let tw = tail.split_whitespace().count();
            if site_match || (tw <= 4 && hw >= 3 && hw > tw) {
                return head.to_string();
            }
            // "Site | Headline"
            if let Some(pos) = t.find(sep) {
                let (first, rest) = (
                    t.get(..pos).unwrap_or("").trim(),
                    t.get(pos + sep.len()..).unwrap_or("").trim(),
                );
                if site.is_some_and(|s| s.eq_ignore_ascii_case(first)) {
                    return rest.to_string();
                }
            }
        }
    }
    t.to_string()
}

fn absolute_url(u: &Option<String>) -> Option<String> {
    u.as_ref()
        .filter(|u| u.starts_with("http://") || u.starts_with("https://"))
        .cloned()
}

impl Meta {
    /// The best title.
    pub(crate) fn title(&self) -> Option<String> {
        let b = &self.b;
        let site = b.site_name.as_deref();
        let strip_site = |t: &String| {
            if site.is_some() {
                strip_site_suffix(t, site)
            } else {
                t.clone()
            }
        };
        b.og_title
            .as_ref()
            .map(strip_site)
            .or_else(|| b.ld.headline.clone())
            .or_else(|| b.twitter_title.as_ref().map(strip_site))
            .or_else(|| b.citation_title.clone())
            .or_else(|| b.h1.clone())
            .or_else(|| b.title_tag.as_ref().map(|t| strip_site_suffix(t, site)))
            .filter(|t| !t.is_empty())
    }

    /// The best author.
    pub(crate) fn author(&self) -> Option<String> {
        let b = &self.b;
        b.ld.author
            .clone()
            .or_else(|| b.meta_author.clone())
            .or_else(|| b.byline.clone())
    }

    /// The best publication date.
    pub(crate) fn published(&self) -> Option<String> {
        let b = &self.b;
        b.ld.published
            .clone()
            .or_else(|| {
                b.meta_date
                    .as_ref()
                    .filter(|(r, _)| *r < 5)
                    .map(|(_, d)| d.clone())
            })
            .or_else(|| b.time_date.as_ref().map(|(_, d)| d.clone()))
            .or_else(|| b.meta_date.as_ref().map(|(_, d)| d.clone()))
    }

    /// The canonical URL.
    pub(crate) fn url(&self) -> Option<String> {
        let b = &self.b;
        absolute_url(&b.canonical)
            .or_else(|| absolute_url(&b.og_url))
            .or_else(|| absolute_url(&b.ld.url))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_suffix() {
        assert_eq!(
            strip_site_suffix("Port Talks Resume In Capital | Harbour Times", None),
            "Port Talks Resume In Capital"
        );
        assert_eq!(
            strip_site_suffix("Port Talks Resume In Capital - Harbour Times", None),
            "Port Talks Resume In Capital"
        );
        assert_eq!(
            strip_site_suffix(
                "Harbour Times | Port Talks Resume In Capital",
                Some("Harbour Times")
            ),
            "Port Talks Resume In Capital"
        );
        assert_eq!(
            strip_site_suffix("Kim To Meet Putin: Report", None),
            "Kim To Meet Putin: Report"
        );
        assert_eq!(
            strip_site_suffix("Ceasefire - what we know so far about the deal", None),
            "Ceasefire - what we know so far about the deal"
        );
    }

    #[test]
    fn json_ld_graph_and_authors() {
        let mut m = MetaBuilder::default();
        m.json_ld(r#"{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"Harbour Times"},
            {"@type":["NewsArticle"],"headline":"Port Talks Resume","datePublished":"2024-03-04T09:00:00Z",
             "author":[{"@type":"Person","name":"Jane Roe"},{"@type":"Person","name":"Tomas Ek"}],
             "mainEntityOfPage":{"@id":"https://example.com/port-talks"}}]}"#);
        let meta = m.finish();
        assert_eq!(meta.title().as_deref(), Some("Port Talks Resume"));
        assert_eq!(meta.author().as_deref(), Some("Jane Roe and Tomas Ek"));
        assert_eq!(meta.published().as_deref(), Some("2024-03-04"));
        assert_eq!(
            meta.url().as_deref(),
            Some("https://example.com/port-talks")
        );
    }

    #[test]
    fn bad_json_ld_is_ignored() {
        let mut m = MetaBuilder::default();
        m.json_ld("{not json");
        m.json_ld(&format!("{}1{}", "[".repeat(5000), "]".repeat(5000)));
        assert!(m.finish().title().is_none());
    }
}

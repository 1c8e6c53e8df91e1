//! The article view: what the store keeps about an article, plus the links the page needs to
//! highlight each event — the spans of its time and place, of its attribution, and the
//! dictionary entries behind its actor codes.
//!
//! The store keeps, for each coded event, the source, target and trigger spans, the verb
//! pattern rule, the attribution's name and code, the resolved date value and the place name;
//! it does not keep the spans of the date, the place and the attribution, nor the actor rules
//! of the source and target (those are on the article's actor mentions). They are found here:
//! the actor mention with the same span (source, target) or the same code and name inside the
//! event's sentence (attribution); the time expression inside the sentence whose value is the
//! event's date, nearest the trigger; the place mention inside the sentence with the event's
//! place name, nearest the trigger. Such links are marked `derived`.

use std::str::FromStr;

use dyad::types::CameoCode;
use dyad_store::{ArticleMention, ArticleView};
use serde_json::{json, Value};

/// Name of a CAMEO event code in dyad's codebook ("Consult", …).
pub(crate) fn code_name(code: &str) -> Option<String> {
    let c = CameoCode::from_str(code).ok()?;
    dyad::dict::Dictionaries::embedded()
        .codebook
        .get(c)
        .map(|e| e.name.clone())
}

fn quad_name(q: i64) -> &'static str {
    match q {
        1 => "verbal cooperation",
        2 => "material cooperation",
        3 => "verbal conflict",
        4 => "material conflict",
        _ => "",
    }
}

fn inside(start: i64, end: i64, m: &ArticleMention) -> bool {
    start >= m.evidence.0 && end <= m.evidence.1
}

/// The spans and rules linked to one event mention.
fn links(a: &ArticleView, m: &ArticleMention) -> Value {
    let actor_rule = |start: Option<i64>, end: Option<i64>| -> Option<&str> {
        let (s, e) = (start?, end?);
        a.actors
            .iter()
            .find(|x| x.start == s && x.end == e)
            .map(|x| x.rule.as_str())
    };
    let near = |start: i64| start.abs_diff(m.trigger.0);
    let attribution = match (&m.attribution_name, &m.attribution_code) {
        (None, None) => None,
        (name, code) => a
            .actors
            .iter()
            .filter(|x| {
                code.as_deref().is_none_or(|c| c == x.code)
                    && name
                        .as_deref()
                        .is_none_or(|n| x.name.as_deref() == Some(n) || x.text == n)
            })
            .min_by_key(|x| (!inside(x.start, x.end, m), near(x.start)))
            .map(|x| json!({"start": x.start, "end": x.end, "text": x.text, "rule": x.rule, "derived": true})),
    };
    let time = m.date_value.as_deref().and_then(|v| {
        a.times
            .iter()
            .filter(|t| t.value == v && inside(t.start, t.end, m))
            .min_by_key(|t| near(t.start))
            .map(|t| json!({"start": t.start, "end": t.end, "text": t.text, "value": t.value, "derived": true}))
    });
    let place = m.place_name.as_deref().and_then(|name| {
        a.places
            .iter()
            .filter(|p| p.name == name && inside(p.start, p.end, m))
            .min_by_key(|p| near(p.start))
            .map(|p| json!({"start": p.start, "end": p.end, "text": p.text, "name": p.name, "derived": true}))
    });
    json!({
        "source_rule": actor_rule(m.source.start, m.source.end),
        "target_rule": actor_rule(m.target.start, m.target.end),
        "attribution": attribution,
        "time": time,
        "place": place,
        "code_name": code_name(&m.code),
        "quad_name": quad_name(m.quad_class),
    })
}

/// The article as JSON, each mention with its `links`.
pub(crate) fn view(a: &ArticleView) -> Value {
    let mut v = serde_json::to_value(a).unwrap_or(Value::Null);
    if let Some(ms) = v.get_mut("mentions").and_then(Value::as_array_mut) {
        for (mv, m) in ms.iter_mut().zip(&a.mentions) {
            mv["links"] = links(a, m);
        }
    }
    v
}

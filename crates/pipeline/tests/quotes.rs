//! Quotations and their speakers through the whole pipeline, on short texts written by the
//! dyad team: speakers before, after and around the quote, appositions, quotes spread over
//! several sentences, and reporting verbs inside the quotation.

use dyad::{Input, Pipeline};

/// (quoted text prefix, speaker name) for every quotation of `text`.
fn speakers(p: &Pipeline, text: &str) -> Vec<(String, Option<String>)> {
    let (rec, _) = p.process(&Input::text("q", text).with_date("2024-05-07"));
    rec.quotes
        .iter()
        .map(|q| {
            (
                q.text.chars().take(24).collect(),
                q.speaker.as_ref().and_then(|s| s.name.clone()),
            )
        })
        .collect()
}

fn speaker_of(p: &Pipeline, text: &str, quote_start: &str) -> Option<String> {
    let all = speakers(p, text);
    all.iter()
        .find(|(q, _)| q.starts_with(quote_start))
        .unwrap_or_else(|| panic!("no quote starting {quote_start:?} in {all:?}"))
        .1
        .clone()
}

#[test]
fn apposition_between_name_and_verb() {
    let p = Pipeline::new();
    let text =
        "\"The harbour will reopen by spring,\" Ms. Okafor, a port engineer, said on Friday.";
    let who = speaker_of(&p, text, "The harbour");
    assert!(
        who.as_deref().is_some_and(|n| n.ends_with("Okafor")),
        "{who:?}"
    );
}

#[test]
fn verb_inside_the_quote_does_not_take_the_speaker() {
    let p = Pipeline::new();
    let text = "\"I cannot say that I am worried about the vote,\" said Tomas Lindqvist, a farmer from Umea.";
    let who = speaker_of(&p, text, "I cannot say");
    assert_eq!(who.as_deref(), Some("Tomas Lindqvist"));
}

#[test]
fn quote_over_two_sentences_keeps_its_speaker_outside() {
    let p = Pipeline::new();
    let text = "Talks resumed on Monday.\n\n\"It is not a pause. It is the end of the talks,\" Mr. Haddad said on Tuesday.";
    let who = speaker_of(&p, text, "It is not a pause");
    assert!(
        who.as_deref().is_some_and(|n| n.ends_with("Haddad")),
        "{who:?}"
    );
}

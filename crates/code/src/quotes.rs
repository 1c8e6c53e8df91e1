//! Direct quotations and their speakers.
//!
//! A quotation is the text between a pair of quotation marks (straight or curly) inside
//! one paragraph. Its speaker is the attribution of a sentence the quotation shares
//! ("…," Watson said.) or, for a paragraph made only of a quotation, the speaker of the
//! previous quotation (a quote that continues over paragraphs).

use dyad_types::{ActorMention, Sentence, Span};

/// A quotation found in the text.
#[derive(Clone, Debug, PartialEq)]
pub struct Quote {
    /// The quoted words, without the marks (bytes).
    pub span: Span,
    /// Who said it, if known.
    pub speaker: Option<ActorMention>,
}

fn is_open(c: char) -> bool {
    matches!(c, '"' | '\u{201c}')
}

fn is_close(c: char) -> bool {
    matches!(c, '"' | '\u{201d}')
}

/// Finds quotations in `text`. `sentences` and `attributions` (one per sentence, from
/// the coder) give the speakers.
pub fn find_quotes(
    text: &str,
    sentences: &[Sentence],
    attributions: &[Option<ActorMention>],
) -> Vec<Quote> {
    let mut out: Vec<Quote> = Vec::new();
    let mut last_speaker: Option<(usize, ActorMention)> = None;
    let mut offset = 0;
    for (pi, para) in text.split("\n\n").enumerate() {
        let base = offset;
        offset += para.len() + 2;
        let mut open: Option<usize> = None;
        let mut spans = Vec::new();
        for (i, c) in para.char_indices() {
            match open {
                None if is_open(c) => open = Some(i + c.len_utf8()),
                Some(start) if is_close(c) => {
                    if i > start {
                        spans.push(Span::new(base + start, base + i));
                    }
                    open = None;
                }
                _ => {}
            }
        }
        // A paragraph that opens a quote and never closes it continues on the next one.
        if let Some(start) = open {
            let end = base + para.trim_end().len();
            if end > base + start {
                spans.push(Span::new(base + start, end));
            }
        }
        let para_span = Span::new(base, base + para.len());
        let only_quotes = {
            let outside: usize = para.trim().chars().count()
                - spans
                    .iter()
                    .map(|s| s.slice(text).chars().count())
                    .sum::<usize>();
            outside <= 4 * spans.len().max(1)
        };
        for span in spans {
            let trimmed = trim_span(text, span);
            if trimmed.is_empty() || trimmed.slice(text).split_whitespace().count() < 2 {
                continue;
            }
            // Speaker: attribution of a sentence touching the quote, in this paragraph.
            let mut speaker = sentences
                .iter()
                .zip(attributions)
                .filter(|(s, _)| s.span.start < para_span.end && s.span.end > para_span.start)
                .filter(|(s, _)| s.span.start <= span.end + 2 && s.span.end + 2 >= span.start)
                .filter_map(|(_, a)| a.clone())
                .find(|a| !(span.start <= a.span.start && a.span.end <= span.end));
            // A quotation with no speaker of its own continues the previous one: in the
            // same paragraph, or in the next when the paragraph is only quotation.
            if speaker.is_none() {
                if let Some((p, a)) = &last_speaker {
                    if *p == pi || only_quotes && *p + 1 == pi {
                        speaker = Some(a.clone());
                    }
                }
            }
            if let Some(a) = &speaker {
                last_speaker = Some((pi, a.clone()));
            }
            out.push(Quote {
                span: trimmed,
                speaker,
            });
        }
    }
    out
}

/// Trims spaces and a trailing comma from a quoted span.
fn trim_span(text: &str, span: Span) -> Span {
    let s = span.slice(text);
    let lead = s.len() - s.trim_start().len();
    let t = s.trim();
    let t2 = t.trim_end_matches(',').trim_end();
    Span::new(span.start + lead, span.start + lead + t2.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use dyad_types::ActorCode;

    fn mention(text: &str, name: &str) -> ActorMention {
        let start = text.find(name).unwrap();
        ActorMention {
            span: Span::new(start, start + name.len()),
            code: "USAGOV".parse::<ActorCode>().unwrap(),
            name: name.to_string(),
            rule: "test".into(),
            first_token: 0,
            end_token: 0,
        }
    }

    #[test]
    fn quotes_take_the_speaker_of_their_sentence_and_continue() {
        let text = "\u{201c}We see progress,\u{201d} Smith said.\n\n\u{201c}More talks will follow.\u{201d}\n\nThe end came.";
        let p2 = text.find("\u{201c}More").unwrap();
        let sentences = vec![
            Sentence {
                span: Span::new(0, text.find("\n\n").unwrap()),
                first_token: 0,
                end_token: 0,
                paragraph: 0,
            },
            Sentence {
                span: Span::new(p2, p2 + "\u{201c}More talks will follow.\u{201d}".len()),
                first_token: 0,
                end_token: 0,
                paragraph: 1,
            },
        ];
        let attributions = vec![Some(mention(text, "Smith")), None];
        let q = find_quotes(text, &sentences, &attributions);
        assert_eq!(q.len(), 2);
        assert_eq!(q[0].span.slice(text), "We see progress");
        assert_eq!(q[0].speaker.as_ref().unwrap().name, "Smith");
        assert_eq!(q[1].span.slice(text), "More talks will follow.");
        assert_eq!(q[1].speaker.as_ref().unwrap().name, "Smith");
    }

    #[test]
    fn scare_quotes_are_not_quotations_and_unknown_speakers_stay_unknown() {
        let text = "Officials called it a \"mistake\" on Monday.\n\n\"Nobody will say who fired first,\" one resident said.";
        let q = find_quotes(text, &[], &[]);
        assert_eq!(q.len(), 1);
        assert!(q[0].speaker.is_none());
    }
}

//! Rule-by-rule tests on news-style sentences written for this crate.

use crate::{segment, tokenize, Span};

/// Token forms of `text`.
fn forms(text: &str) -> Vec<String> {
    let toks = tokenize(text, Span::new(0, text.len()));
    for t in &toks {
        assert_eq!(t.span.slice(text), t.form, "offsets of {:?}", t.form);
    }
    toks.into_iter().map(|t| t.form).collect()
}

/// Sentence texts of `text`.
fn sents(text: &str) -> Vec<&str> {
    segment(text)
        .sentences
        .iter()
        .map(|s| s.span.slice(text))
        .collect()
}

macro_rules! toks {
    ($name:ident, $text:expr, [$($tok:expr),* $(,)?]) => {
        #[test]
        fn $name() {
            let want: Vec<&str> = vec![$($tok),*];
            assert_eq!(forms($text), want, "tokens of {:?}", $text);
        }
    };
}

macro_rules! sents {
    ($name:ident, $text:expr, [$($s:expr),* $(,)?]) => {
        #[test]
        fn $name() {
            let want: Vec<&str> = vec![$($s),*];
            assert_eq!(sents($text), want, "sentences of {:?}", $text);
        }
    };
}

// ---- Tokens -------------------------------------------------------------

toks!(
    clitic_nt,
    "They don't, can't and won't.",
    ["They", "do", "n't", ",", "ca", "n't", "and", "wo", "n't", "."]
);
toks!(
    clitic_nt_curly,
    "Moscow didn’t reply",
    ["Moscow", "did", "n’t", "reply"]
);
toks!(
    clitics_others,
    "Russia's army said they're sure we've lost, I'll go, she'd say I'm",
    [
        "Russia", "'s", "army", "said", "they", "'re", "sure", "we", "'ve", "lost", ",", "I",
        "'ll", "go", ",", "she", "'d", "say", "I", "'m"
    ]
);
toks!(
    clitic_possessive_plural,
    "the ministers' talks",
    ["the", "ministers", "'", "talks"]
);
toks!(
    fused_words,
    "We cannot say, gonna wait",
    ["We", "can", "not", "say", ",", "gon", "na", "wait"]
);
toks!(
    name_with_apostrophe_stays,
    "O'Brien met D'Alema",
    ["O'Brien", "met", "D'Alema"]
);
toks!(
    abbreviations_keep_period,
    "U.S. Gen. Smith of Acme Inc. left at 9 a.m., e.g. today",
    [
        "U.S.", "Gen.", "Smith", "of", "Acme", "Inc.", "left", "at", "9", "a.m.", ",", "e.g.",
        "today"
    ]
);
toks!(
    no_before_number,
    "No. 5 said no.",
    ["No.", "5", "said", "no", "."]
);
toks!(
    sentence_final_period_split,
    "It ended.",
    ["It", "ended", "."]
);
toks!(
    numbers_stay_whole,
    "1,000 troops, 3.5 percent, $40 million, 12%",
    ["1,000", "troops", ",", "3.5", "percent", ",", "$", "40", "million", ",", "12", "%"]
);
toks!(
    urls_and_emails,
    "See https://www.un.org/press?id=5. Write to press@un.org (or www.nato.int).",
    [
        "See",
        "https://www.un.org/press?id=5",
        ".",
        "Write",
        "to",
        "press@un.org",
        "(",
        "or",
        "www.nato.int",
        ")",
        "."
    ]
);
toks!(
    double_dash_is_one_token,
    "Kim -- who rarely travels--is",
    ["Kim", "--", "who", "rarely", "travels", "--", "is"]
);
toks!(
    em_dash_splits,
    "Kim—who rarely travels — is",
    ["Kim", "—", "who", "rarely", "travels", "—", "is"]
);
toks!(
    curly_quotes_are_tokens,
    "“It is a failure,” Putin said",
    ["“", "It", "is", "a", "failure", ",", "”", "Putin", "said"]
);
toks!(
    straight_quotes_are_tokens,
    "\"Yes,\" he said",
    ["\"", "Yes", ",", "\"", "he", "said"]
);
toks!(
    hyphens_follow_ewt,
    "a long-term al-Qaeda threat, 3-4 times",
    ["a", "long", "-", "term", "al", "-", "Qaeda", "threat", ",", "3", "-", "4", "times"]
);
toks!(
    hyphen_prefixes_stay,
    "an e-mail on non-binding, pre-war co-operation",
    [
        "an",
        "e-mail",
        "on",
        "non-binding",
        ",",
        "pre-war",
        "co-operation"
    ]
);
toks!(
    phone_numbers_stay,
    "call 713-853-3989 now",
    ["call", "713-853-3989", "now"]
);
toks!(
    ellipsis_is_one_token,
    "wait... and … then",
    ["wait", "...", "and", "…", "then"]
);
toks!(
    brackets_split,
    "(Reuters) [sic] {x}",
    ["(", "Reuters", ")", "[", "sic", "]", "{", "x", "}"]
);
toks!(
    colon_and_semicolon,
    "Territories: one; two",
    ["Territories", ":", "one", ";", "two"]
);
toks!(
    question_runs,
    "Really?! Yes!!!",
    ["Really", "?!", "Yes", "!!!"]
);
toks!(
    slash_between_words,
    "and/or 9/11",
    ["and", "/", "or", "9/11"]
);
toks!(time_stays, "at 10:30 GMT", ["at", "10:30", "GMT"]);
toks!(hashtag_stays, "#Ukraine # 5", ["#Ukraine", "#", "5"]);

#[test]
fn tokenize_offsets_are_into_the_whole_text() {
    let text = "Intro. Zelenskyy’s “peace” plan — now.";
    let span = Span::new(7, text.len());
    let toks = tokenize(text, span);
    let forms: Vec<&str> = toks.iter().map(|t| t.form.as_str()).collect();
    assert_eq!(
        forms,
        [
            "Zelenskyy",
            "’s",
            "“",
            "peace",
            "”",
            "plan",
            "—",
            "now",
            "."
        ]
    );
    for t in &toks {
        assert_eq!(t.span.slice(text), t.form);
        assert!(t.span.start >= 7);
    }
}

#[test]
fn tokenize_clamps_bad_spans() {
    let text = "Kyiv’s mayor";
    // 5 is inside the three-byte ’; 99 is past the end.
    let toks = tokenize(text, Span::new(5, 99));
    assert!(toks
        .iter()
        .all(|t| t.span.slice(text) == t.form && t.span.end <= text.len()));
    assert_eq!(toks.last().map(|t| t.form.as_str()), Some("mayor"));
    assert!(tokenize(text, Span::new(9, 3)).is_empty());
    assert!(tokenize("", Span::new(0, 0)).is_empty());
}

// ---- Sentences ----------------------------------------------------------

sents!(news_abbreviations_do_not_split,
    "The U.S. and U.N. envoys met Gen. Smith on Sept. 5 at 3 p.m. in St. Louis. Mr. Jones and Dr. Lee of Acme Inc. joined, e.g. the chief, i.e. the boss, vs. rivals from No. 5 Downing St. on Jan. 3.",
    [
        "The U.S. and U.N. envoys met Gen. Smith on Sept. 5 at 3 p.m. in St. Louis.",
        "Mr. Jones and Dr. Lee of Acme Inc. joined, e.g. the chief, i.e. the boss, vs. rivals from No. 5 Downing St. on Jan. 3."
    ]);
sents!(abbreviation_can_end_a_sentence,
    "The troops returned to the U.S. The Pentagon confirmed it. Talks ended at 9 a.m. Police then left. Shares of Acme Inc. They fell.",
    [
        "The troops returned to the U.S.",
        "The Pentagon confirmed it.",
        "Talks ended at 9 a.m.",
        "Police then left.",
        "Shares of Acme Inc.",
        "They fell."
    ]);
sents!(
    time_abbreviation_before_weekday,
    "The vote closes at 9 p.m. Tuesday in Kyiv.",
    ["The vote closes at 9 p.m. Tuesday in Kyiv."]
);
sents!(
    initials,
    "George W. Bush met J.R.R. Tolkien fans and E. Macron in Paris. They talked.",
    [
        "George W. Bush met J.R.R. Tolkien fans and E. Macron in Paris.",
        "They talked."
    ]
);
sents!(decimals_and_ellipses,
    "Prices rose 3.5 percent to $1,200.50 a tonne... Analysts were surprised. He paused ... then left.",
    [
        "Prices rose 3.5 percent to $1,200.50 a tonne...",
        "Analysts were surprised.",
        "He paused ... then left."
    ]);
sents!(quote_ending_with_comma_stays,
    "\"As we have warned publicly, arms negotiations are actively advancing,\" spokeswoman Adrienne Watson said.",
    ["\"As we have warned publicly, arms negotiations are actively advancing,\" spokeswoman Adrienne Watson said."]);
sents!(quote_split_after_attribution,
    "\"It is not that it is stalling. It is a failure,\" Putin said Monday. \"At least today this is what it looks like.\"",
    [
        "\"It is not that it is stalling.",
        "It is a failure,\" Putin said Monday.",
        "\"At least today this is what it looks like.\""
    ]);
sents!(
    curly_quote_closes_sentence,
    "He said: “We will not retreat.” The talks then resumed.",
    ["He said: “We will not retreat.”", "The talks then resumed."]
);
sents!(
    question_in_quotes_continues,
    "\"Why now?\" he asked. Nobody answered.",
    ["\"Why now?\" he asked.", "Nobody answered."]
);
sents!(headline_before_blank_line,
    "Kim Jong Un To Meet Putin This Month\n\nNorth Korean leader Kim Jong Un expects to meet Putin.",
    ["Kim Jong Un To Meet Putin This Month", "North Korean leader Kim Jong Un expects to meet Putin."]);
sents!(headline_before_single_newline,
    "Kim Jong Un To Meet Putin To Discuss Arms Deal: Report\nNorth Korean leader Kim Jong Un expects to meet Putin.",
    [
        "Kim Jong Un To Meet Putin To Discuss Arms Deal: Report",
        "North Korean leader Kim Jong Un expects to meet Putin."
    ]);
sents!(
    wrapped_lines_do_not_split,
    "North Korean leader Kim Jong Un expects to meet\nwith President Vladimir Putin in Russia.",
    ["North Korean leader Kim Jong Un expects to meet\nwith President Vladimir Putin in Russia."]
);
sents!(dateline_reuters,
    "MOSCOW, Sept 5 (Reuters) - Russia said on Tuesday it would respond. The ministry gave no details.",
    [
        "MOSCOW, Sept 5 (Reuters) - Russia said on Tuesday it would respond.",
        "The ministry gave no details."
    ]);
sents!(
    dateline_colon,
    "GAZA CITY, Palestinian Territories: Israeli jets struck a camp on Sunday, officials said.",
    ["GAZA CITY, Palestinian Territories: Israeli jets struck a camp on Sunday, officials said."]
);
sents!(
    dateline_abbreviated_state,
    "WASHINGTON, D.C., Jan. 4 (AP) — The Senate voted.",
    ["WASHINGTON, D.C., Jan. 4 (AP) — The Senate voted."]
);
sents!(
    dateline_on_its_own_line,
    "KYIV\nUkraine said on Monday it had retaken the village.",
    ["KYIV\nUkraine said on Monday it had retaken the village."]
);
sents!(
    dateline_in_its_own_paragraph,
    "MOSCOW, Sept 5 (Reuters) -\n\nRussia said on Tuesday it would respond.",
    ["MOSCOW, Sept 5 (Reuters) -\n\nRussia said on Tuesday it would respond."]
);
sents!(
    paragraph_break_is_a_boundary,
    "Talks continued in Geneva on Monday with no\n\n   \n\nagreement reached",
    [
        "Talks continued in Geneva on Monday with no",
        "agreement reached"
    ]
);
sents!(bullet_lists,
    "Key points:\n• Russia denied the report\n• Ukraine disagreed\n- Talks continue\n1. Sanctions stay",
    [
        "Key points:",
        "• Russia denied the report",
        "• Ukraine disagreed",
        "- Talks continue",
        "1. Sanctions stay"
    ]);
sents!(
    inline_bullets,
    "Home • World • Europe",
    ["Home", "• World", "• Europe"]
);
sents!(
    dashes_stay_inside,
    "Kim -- who rarely travels outside his country -- is likely to head to Vladivostok.",
    ["Kim -- who rarely travels outside his country -- is likely to head to Vladivostok."]
);
sents!(
    exclamation_and_question,
    "Is this war? Nobody knows! Officials declined to comment.",
    [
        "Is this war?",
        "Nobody knows!",
        "Officials declined to comment."
    ]
);
sents!(
    url_does_not_split,
    "Read it at www.un.org. The text is long.",
    ["Read it at www.un.org.", "The text is long."]
);
sents!(
    lower_case_after_full_stop,
    "the vote failed. officials said so.",
    ["the vote failed.", "officials said so."]
);

#[test]
fn paragraph_indices_count_blank_lines() {
    let text = "Headline Here Today\n\nFirst one. Second one.\n\n\n\nThird one.";
    let seg = segment(text);
    let paras: Vec<usize> = seg.sentences.iter().map(|s| s.paragraph).collect();
    assert_eq!(paras, [0, 1, 1, 2]);
}

#[test]
fn sentences_index_their_tokens() {
    let text = "Kim met Putin. They didn't agree.";
    let seg = segment(text);
    assert_eq!(seg.sentences.len(), 2);
    let s = &seg.sentences[1];
    let forms: Vec<&str> = seg.tokens[s.first_token..s.end_token]
        .iter()
        .map(|t| t.form.as_str())
        .collect();
    assert_eq!(forms, ["They", "did", "n't", "agree", "."]);
}

#[test]
fn empty_and_blank_texts() {
    assert_eq!(segment(""), Default::default());
    assert!(segment(" \n\n\t ").sentences.is_empty());
}

#[test]
fn seed_page_last_paragraph() {
    let text = "Any talks would come as Ukraine carries out a counteroffensive.\n\n\"It is not that it is stalling. It is a failure,\" Putin said Monday. \"At least today this is what it looks like. Let's see what happens next.\"\n\n0 views0 comments";
    assert_eq!(
        sents(text),
        [
            "Any talks would come as Ukraine carries out a counteroffensive.",
            "\"It is not that it is stalling.",
            "It is a failure,\" Putin said Monday.",
            "\"At least today this is what it looks like.",
            "Let's see what happens next.\"",
            "0 views0 comments",
        ]
    );
}

/// Issue 10: a million-token run without a sentence end held the coder for many minutes
/// (its work grows with the square of a sentence's length). Sentences are now capped.
#[test]
fn overlong_sentences_are_cut() {
    use crate::MAX_SENTENCE_TOKENS;
    // No punctuation at all: hard cuts every MAX_SENTENCE_TOKENS tokens.
    let words = "Russia attacked Ukraine and China met Iran ".repeat(2_000);
    let seg = segment(&words);
    assert_eq!(seg.tokens.len(), 14_000);
    assert_eq!(
        seg.sentences.len(),
        14_000usize.div_ceil(MAX_SENTENCE_TOKENS)
    );
    let mut next = 0;
    for s in &seg.sentences {
        assert_eq!(s.first_token, next);
        assert!(s.end_token - s.first_token <= MAX_SENTENCE_TOKENS);
        assert_eq!(s.span.start, seg.tokens[s.first_token].span.start);
        assert_eq!(s.span.end, seg.tokens[s.end_token - 1].span.end);
        next = s.end_token;
    }
    assert_eq!(next, seg.tokens.len());
    // With commas: every cut falls right after one.
    let listy = "Russia , China , Iran and Iraq ".repeat(1_000);
    let seg = segment(&listy);
    assert!(seg.sentences.len() > 1);
    for s in &seg.sentences[..seg.sentences.len() - 1] {
        assert!(s.end_token - s.first_token <= MAX_SENTENCE_TOKENS);
        assert!(s.end_token - s.first_token > MAX_SENTENCE_TOKENS / 2);
        assert_eq!(seg.tokens[s.end_token - 1].form, ",");
    }
    // A long but ordinary sentence (159 tokens, EWT's longest) stays whole.
    let long = format!("{}end.", "word ".repeat(158));
    assert_eq!(segment(&long).sentences.len(), 1);
}

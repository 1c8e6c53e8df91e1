//! Finding a calendar date in a short string and writing it as `YYYY-MM-DD`.
//!
//! Accepted: ISO (`2023-09-05`, `2023/09/05`, `2023-09-05T10:00:00Z`), month-first
//! (`Sep 5, 2023`, `Sept. 5th 2023`, `September 5, 2023`), day-first (`5 September 2023`,
//! `5th of Sep 2023`, `Tue, 05 Sep 2023 10:00:00 GMT`) and `DD/MM/YYYY` or `MM/DD/YYYY`
//! only where one side is over 12. A month and day without a year give nothing.

/// A word or number of `s` with its byte range.
#[derive(Clone, Copy, Debug)]
struct Tok<'a> {
    text: &'a str,
    start: usize,
    end: usize,
}

fn tokens(s: &str) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    let mut start: Option<(usize, bool)> = None;
    for (i, c) in s.char_indices() {
        let class = if c.is_ascii_digit() {
            Some(true)
        } else if c.is_alphabetic() {
            Some(false)
        } else {
            None
        };
        match (start, class) {
            (Some((_, d)), Some(cd)) if d == cd => {}
            (Some((st, _)), _) => {
                out.push(Tok {
                    text: s.get(st..i).unwrap_or(""),
                    start: st,
                    end: i,
                });
                start = class.map(|d| (i, d));
            }
            (None, Some(d)) => start = Some((i, d)),
            (None, None) => {}
        }
    }
    if let Some((st, _)) = start {
        out.push(Tok {
            text: s.get(st..).unwrap_or(""),
            start: st,
            end: s.len(),
        });
    }
    out
}

/// Month number for an English month name or abbreviation (`sep`, `sept`, `september`).
pub(crate) fn month_number(word: &str) -> Option<u32> {
    let w = word.to_ascii_lowercase();
    let m = match w.as_str() {
        "jan" | "january" => 1,
        "feb" | "february" => 2,
        "mar" | "march" => 3,
        "apr" | "april" => 4,
        "may" => 5,
        "jun" | "june" => 6,
        "jul" | "july" => 7,
        "aug" | "august" => 8,
        "sep" | "sept" | "september" => 9,
        "oct" | "october" => 10,
        "nov" | "november" => 11,
        "dec" | "december" => 12,
        _ => return None,
    };
    Some(m)
}

fn number(t: &Tok<'_>, max_len: usize) -> Option<u32> {
    if t.text.len() <= max_len && t.text.bytes().all(|b| b.is_ascii_digit()) {
        t.text.parse().ok()
    } else {
        None
    }
}

fn year(t: &Tok<'_>) -> Option<u32> {
    if t.text.len() != 4 {
        return None;
    }
    number(t, 4).filter(|y| (1900..=2100).contains(y))
}

/// A year glued to the hour by a scraper: "20233:41 PM" → 2023.
fn glued_year(s: &str, t: &Tok<'_>) -> Option<u32> {
    let glued = (5..=6).contains(&t.text.len())
        && t.text.bytes().all(|b| b.is_ascii_digit())
        && s.as_bytes().get(t.end) == Some(&b':');
    if !glued {
        return None;
    }
    t.text
        .get(..4)?
        .parse()
        .ok()
        .filter(|y| (1900..=2100).contains(y))
}

fn is_ordinal_suffix(t: &Tok<'_>) -> bool {
    matches!(
        t.text.to_ascii_lowercase().as_str(),
        "st" | "nd" | "rd" | "th"
    )
}

fn format(y: u32, m: u32, d: u32) -> Option<String> {
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => return None,
    };
    if d == 0 || d > days {
        return None;
    }
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

fn sep_between<'a>(s: &'a str, a: &Tok<'_>, b: &Tok<'_>) -> &'a str {
    s.get(a.end..b.start).unwrap_or("")
}

/// The first full date (with year) in `s`, as `YYYY-MM-DD`.
pub(crate) fn find_date(s: &str) -> Option<String> {
    let toks = tokens(s);
    let n = toks.len();
    let mut i = 0;
    while i < n {
        let t = &toks[i];
        // ISO-like: YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD
        if let Some(y) = year(t) {
            if i + 2 < n {
                let (a, b) = (&toks[i + 1], &toks[i + 2]);
                let s1 = sep_between(s, t, a);
                let s2 = sep_between(s, a, b);
                if matches!(s1, "-" | "/" | ".") && s1 == s2 {
                    if let (Some(m), Some(d)) = (number(a, 2), number(b, 2)) {
                        if let Some(out) = format(y, m, d) {
                            return Some(out);
                        }
                    }
                }
            }
        }
        // Month-first: Sep 5, 2023 / September 5th 2023
        if let Some(m) = month_number(t.text) {
            let mut j = i + 1;
            if let Some(d) = toks.get(j).and_then(|x| number(x, 2)) {
                j += 1;
                if toks.get(j).is_some_and(is_ordinal_suffix) {
                    j += 1;
                }
                if let Some(y) = toks
                    .get(j)
                    .and_then(|t| year(t).or_else(|| glued_year(s, t)))
                {
                    if let Some(out) = format(y, m, d) {
                        return Some(out);
                    }
                }
            }
        }
        // Day-first: 5 September 2023 / 5th of Sep 2023 / 05 Sep 2023
        if let Some(d) = number(t, 2) {
            let mut j = i + 1;
            if toks.get(j).is_some_and(is_ordinal_suffix) {
                j += 1;
            }
            if toks
                .get(j)
                .is_some_and(|x| x.text.eq_ignore_ascii_case("of"))
            {
                j += 1;
            }
            if let Some(m) = toks.get(j).and_then(|x| month_number(x.text)) {
                if let Some(y) = toks.get(j + 1).and_then(year) {
                    if let Some(out) = format(y, m, d) {
                        return Some(out);
                    }
                }
            }
            // DD/MM/YYYY or MM/DD/YYYY when unambiguous
            if i + 2 < n {
                let (a, b) = (&toks[i + 1], &toks[i + 2]);
                let s1 = sep_between(s, t, a);
                if matches!(s1, "/" | "." | "-") && s1 == sep_between(s, a, b) {
                    if let (Some(x), Some(y)) = (number(a, 2), year(b)) {
                        let out = if d > 12 && x <= 12 {
                            format(y, x, d)
                        } else if x > 12 && d <= 12 {
                            format(y, d, x)
                        } else {
                            None
                        };
                        if out.is_some() {
                            return out;
                        }
                    }
                }
            }
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::find_date;

    #[test]
    fn date_forms() {
        let cases = [
            ("2023-09-05", "2023-09-05"),
            ("2023-09-05T10:31:00+03:00", "2023-09-05"),
            ("Published 2023/9/5", "2023-09-05"),
            ("Sep 5, 2023", "2023-09-05"),
            ("Sept. 5th, 2023 at 10:00 a.m.", "2023-09-05"),
            ("Updated: September 5, 2023 3:04 PM EDT", "2023-09-05"),
            ("5 September 2023", "2023-09-05"),
            ("5th of Sep 2023", "2023-09-05"),
            ("Tue, 05 Sep 2023 10:00:00 GMT", "2023-09-05"),
            ("25/12/2022", "2022-12-25"),
            ("12/25/2022", "2022-12-25"),
            (
                "September 5, 20233:41 PM GMT+3Updated 2 hours ago",
                "2023-09-05",
            ),
        ];
        for (input, want) in cases {
            assert_eq!(find_date(input).as_deref(), Some(want), "{input}");
        }
    }

    #[test]
    fn no_date() {
        for input in [
            "Sep 5",
            "05/06/2023",
            "2023-13-01",
            "Feb 30, 2023",
            "in 2022",
            "3 min read",
        ] {
            assert_eq!(find_date(input), None, "{input}");
        }
    }
}

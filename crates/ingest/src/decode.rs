//! Bytes → text: size cap, binary sniffing, UTF-8 validation, Windows-1252 fallback.

use crate::{ErrorKind, IngestError, MAX_DOCUMENT_BYTES};
use std::borrow::Cow;

/// How many leading bytes are sniffed for control characters.
const SNIFF_BYTES: usize = 64 * 1024;

/// Decodes `bytes` into text or says clearly why not.
///
/// UTF-8 (with or without BOM) is taken as is. Invalid UTF-8 is an error naming the
/// byte offset, unless `allow_legacy` is set and the page declares a Windows-1252 /
/// ISO-8859-1 charset in its first 4 KB, in which case it is decoded as Windows-1252
/// (what browsers do for both labels).
pub(crate) fn decode(bytes: &[u8], allow_legacy: bool) -> Result<Cow<'_, str>, IngestError> {
    check_size(bytes.len())?;
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(IngestError::new(ErrorKind::Empty));
    }
    sniff_binary(bytes)?;
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(body) {
        Ok(s) => Ok(Cow::Borrowed(s)),
        Err(e) => {
            if allow_legacy && declares_windows_1252(bytes) {
                Ok(Cow::Owned(decode_windows_1252(bytes)))
            } else {
                let offset = e.valid_up_to() + (bytes.len() - body.len());
                Err(IngestError::new(ErrorKind::InvalidUtf8 { offset }))
            }
        }
    }
}

/// Errors when a document is over [`MAX_DOCUMENT_BYTES`].
pub(crate) fn check_size(len: usize) -> Result<(), IngestError> {
    if len > MAX_DOCUMENT_BYTES {
        return Err(IngestError::new(ErrorKind::TooLarge { len }));
    }
    Ok(())
}

/// NUL bytes anywhere in the sniffed prefix, or more than 10 % control characters
/// (other than tab, newline, carriage return, form feed, escape), mean binary.
pub(crate) fn sniff_binary(bytes: &[u8]) -> Result<(), IngestError> {
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    if memchr_nul(head) {
        return Err(IngestError::new(ErrorKind::Binary));
    }
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C | 0x1B))
        .count();
    if controls * 10 > head.len() {
        return Err(IngestError::new(ErrorKind::Binary));
    }
    Ok(())
}

fn memchr_nul(bytes: &[u8]) -> bool {
    bytes.contains(&0)
}

/// True when the first 4 KB carry a charset label that browsers map to Windows-1252.
fn declares_windows_1252(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let lower: Vec<u8> = head.iter().map(|b| b.to_ascii_lowercase()).collect();
    let mut from = 0;
    while let Some(pos) = find(&lower[from..], b"charset") {
        let mut i = from + pos + b"charset".len();
        while i < lower.len() && matches!(lower[i], b' ' | b'=' | b'"' | b'\'') {
            i += 1;
        }
        let end = lower[i..]
            .iter()
            .position(|b| !(b.is_ascii_alphanumeric() || *b == b'-' || *b == b'_'))
            .map_or(lower.len(), |p| i + p);
        let label = &lower[i..end];
        if matches!(
            label,
            b"windows-1252"
                | b"cp1252"
                | b"x-cp1252"
                | b"iso-8859-1"
                | b"iso8859-1"
                | b"iso_8859-1"
                | b"latin1"
                | b"latin-1"
                | b"l1"
                | b"ascii"
                | b"us-ascii"
        ) {
            return true;
        }
        from = end.max(from + pos + 1);
    }
    false
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// The 0x80..=0x9F row of Windows-1252; the rest of the high half is Latin-1.
const CP1252_HIGH: [char; 32] = [
    '\u{20AC}', '\u{81}', '\u{201A}', '\u{0192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}',
    '\u{02C6}', '\u{2030}', '\u{0160}', '\u{2039}', '\u{0152}', '\u{8D}', '\u{017D}', '\u{8F}',
    '\u{90}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}',
    '\u{02DC}', '\u{2122}', '\u{0161}', '\u{203A}', '\u{0153}', '\u{9D}', '\u{017E}', '\u{0178}',
];

/// Decodes Windows-1252 bytes (every byte maps to one char).
pub(crate) fn decode_windows_1252(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9F => CP1252_HIGH[(b - 0x80) as usize],
            _ => b as char,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_passes_and_bom_is_dropped() {
        assert_eq!(decode("héllo".as_bytes(), false).unwrap(), "héllo");
        assert_eq!(decode(b"\xEF\xBB\xBFhi", false).unwrap(), "hi");
    }

    #[test]
    fn invalid_utf8_names_the_offset() {
        let err = decode(b"abc\xFFdef", false).unwrap_err();
        assert_eq!(err.to_string(), "invalid UTF-8 at byte offset 3");
    }

    #[test]
    fn windows_1252_needs_a_charset_label() {
        let page = b"<meta charset=\"windows-1252\"><p>caf\xE9 \x93quoted\x94 \x80 5</p>";
        let text = decode(page, true).unwrap();
        assert!(text.contains("café “quoted” € 5"), "{text}");
        assert!(decode(page, false).is_err());
        let unlabelled = b"<p>caf\xE9</p>";
        assert!(decode(unlabelled, true).is_err());
        let latin1 =
            b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\">\xE9";
        assert!(decode(latin1, true).unwrap().ends_with('é'));
    }

    #[test]
    fn binary_and_empty() {
        assert_eq!(
            decode(b"PK\x03\x04\x00\x00", false)
                .unwrap_err()
                .to_string(),
            "binary content, not text"
        );
        let controls: Vec<u8> = (0..200)
            .map(|i| if i % 3 == 0 { 0x01 } else { b'a' })
            .collect();
        assert!(decode(&controls, false).is_err());
        assert_eq!(
            decode(b"", false).unwrap_err().to_string(),
            "empty document"
        );
        assert_eq!(
            decode(b" \n\t ", false).unwrap_err().to_string(),
            "empty document"
        );
    }
}

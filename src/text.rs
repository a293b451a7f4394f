//! Plain text shown away from its page: the excerpts of cards, feeds and descriptions,
//! text escaped for XML (feeds, the sitemap), what script a text is in, where a
//! source's lines start, and a date as pages and citations write it.

use std::borrow::Cow;

/// The start of some text, `max` columns wide, cut at a character, with an ellipsis
/// if cut. A Chinese character is two columns, as on screen: the excerpt of a Chinese
/// text is as long to the eye as that of an English one.
pub fn excerpt<'t>(texts: impl Iterator<Item = &'t str>, max: usize) -> String {
    let mut out = String::new();
    let mut count = 0;
    for text in texts {
        // Whole slices are copied: excerpts are made for every card of every list page.
        // ASCII is a column a byte: as much of it as fits is taken at once, where
        // decoding an English text character by character showed in profiles.
        let fits = ascii_start(text, max.saturating_sub(count));
        let mut seen = fits;
        for (at, c) in text[fits..].char_indices().map(|(at, c)| (fits + at, c)) {
            let w = columns(c);
            if count + seen + w > max {
                out.push_str(&text[..at]);
                out.push('…');
                return out;
            }
            seen += w;
        }
        out.push_str(text);
        count += seen;
        if count > 0 && count < max {
            out.push(' ');
            count += 1;
        }
    }
    out.trim_end().to_string()
}

/// How many of the first `room` bytes of `text` are ASCII, up to the first that is not.
fn ascii_start(text: &str, room: usize) -> usize {
    let start = &text.as_bytes()[..room.min(text.len())];
    if start.is_ascii() {
        return start.len();
    }
    start.iter().position(|b| !b.is_ascii()).unwrap_or(start.len())
}

/// How many columns a character takes on screen: two for the wide characters of East
/// Asian scripts and their full-width punctuation, one for the rest.
fn columns(c: char) -> usize {
    match c {
        '\u{1100}'..='\u{115F}' | '\u{2E80}'..='\u{A4CF}' | '\u{AC00}'..='\u{D7A3}' | '\u{F900}'..='\u{FAFF}' => 2,
        '\u{FE30}'..='\u{FE4F}' | '\u{FF00}'..='\u{FF60}' | '\u{FFE0}'..='\u{FFE6}' | '\u{20000}'..='\u{3FFFD}' => 2,
        _ => 1,
    }
}

/// Where each line of `text` starts: 0, then after every `\n` (sources are read with
/// `\n` alone ending lines). memchr, not `str::lines`: that looks for each line's end
/// through a character searcher, a cost every line of every source paid.
pub fn line_starts(text: &str) -> impl Iterator<Item = usize> + '_ {
    std::iter::once(0).chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
}

/// A date as `2024-03-07`, the form `NaiveDate` displays it in, written digit by digit:
/// every card and every citation shows one, and chrono's formatting of it was a
/// tenth of making a citation.
pub fn iso_date(date: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    let (year, month, day) = (date.year(), date.month(), date.day());
    let Ok(year @ 0..=9999) = u32::try_from(year) else {
        return date.to_string(); // a sign, or a fifth digit: chrono's own form
    };
    let mut iso = String::with_capacity(10);
    for (value, digits) in [(year, 4), (month, 2), (day, 2)] {
        if digits == 2 {
            iso.push('-');
        }
        for place in (0..digits).rev() {
            iso.push(char::from(b'0' + (value / 10u32.pow(place) % 10) as u8));
        }
    }
    iso
}

/// `text` in Unicode's composed form (NFC): one spelling for what looks the same.
pub fn nfc(text: &str) -> Cow<'_, str> {
    icu_normalizer::ComposingNormalizerBorrowed::new_nfc().normalize(text)
}

/// A character of no width that a copy from a web page or a word processor leaves
/// inside a text: a zero-width space, a word joiner, a byte-order mark past the start.
/// It splits a word (or a name, an id) where no one sees a break. The joiners that
/// some scripts need (U+200C, U+200D) are not among them.
pub fn is_zero_width(c: char) -> bool {
    matches!(c, '\u{200B}' | '\u{2060}' | '\u{FEFF}')
}

/// Whether `text` holds a zero-width character: three searches of its bytes, as
/// decoding every character of every source to find none costs more.
pub fn has_zero_width(text: &str) -> bool {
    ["\u{200B}", "\u{2060}", "\u{FEFF}"].iter().any(|c| memchr::memmem::find(text.as_bytes(), c.as_bytes()).is_some())
}

/// A character no page may hold: a control character other than tab, the line ends
/// and form feed. HTML's parser refuses the rest, and no browser shows them.
pub fn is_forbidden_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{0C}')
}

/// The first forbidden control character of `text`, and where it is.
pub fn first_control(text: &str) -> Option<(usize, char)> {
    if !may_hold_control(text.as_bytes()) {
        return None;
    }
    text.char_indices().find(|&(_, c)| is_forbidden_control(c))
}

/// False when `bytes` cannot hold a forbidden control character, as nearly no text
/// does: this pass over byte pairs, 64 at a time without a branch, costs little beside
/// decoding characters. A C1 control is 0xC2 then 0x80–0x9F (`·` is 0xC2 0xB7).
fn may_hold_control(bytes: &[u8]) -> bool {
    let suspect = |x: u8, y: u8| {
        let c0 = (x < 0x20) & (x != b'\t') & (x != b'\n') & (x != b'\r') & (x != 0x0C);
        c0 | (x == 0x7F) | ((x == 0xC2) & (y & 0xE0 == 0x80))
    };
    let Some(&last) = bytes.last() else { return false };
    let (firsts, seconds) = (&bytes[..bytes.len() - 1], &bytes[1..]);
    let pairs = firsts.chunks(64).zip(seconds.chunks(64));
    pairs.into_iter().any(|(a, b)| a.iter().zip(b).fold(false, |any, (&x, &y)| any | suspect(x, y))) || suspect(last, 0)
}

/// A page's HTML (or a citation file) without the forbidden control characters a
/// source gave it (transcripts, pages and site.yaml are warned about; theme files
/// are not): they would make the page invalid, and show as nothing.
pub fn without_controls(html: Vec<u8>) -> Vec<u8> {
    if !may_hold_control(&html) {
        return html;
    }
    match String::from_utf8(html) {
        Ok(text) if first_control(&text).is_some() => text.replace(is_forbidden_control, "").into_bytes(),
        Ok(text) => text.into_bytes(),
        Err(e) => e.into_bytes(),
    }
}

/// The first numeric character reference in `text` (`&#7;`, `&#x1b;`) that writes a
/// forbidden control character: where it starts, as written, and what it writes.
pub fn control_reference(text: &str) -> Option<(usize, &str, char)> {
    memchr::memmem::find_iter(text.as_bytes(), "&#").find_map(|start| {
        let rest = &text[start + 2..];
        let (digits, radix) = match rest.strip_prefix(['x', 'X']) {
            Some(hex) => (hex, 16),
            None => (rest, 10),
        };
        let len = digits.find(|c: char| !c.is_digit(radix)).unwrap_or(digits.len());
        if len == 0 || len > 7 || !digits[len..].starts_with(';') {
            return None;
        }
        let c = u32::from_str_radix(&digits[..len], radix).ok().and_then(char::from_u32)?;
        let end = text.len() - digits.len() + len + 1;
        is_forbidden_control(c).then_some((start, &text[start..end], c))
    })
}

/// What Windows-1252 puts at the C1 control `c` (`&#146;` is how old web pages wrote
/// `’`; browsers read it so, Markdown does not).
pub fn windows_1252(c: char) -> Option<char> {
    const C1: [char; 32] = [
        '€', '\0', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\0', 'Ž', '\0', '\0', '‘', '’', '“', '”',
        '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\0', 'ž', 'Ÿ',
    ];
    let i = (c as usize).checked_sub(0x80)?;
    C1.get(i).copied().filter(|&c| c != '\0')
}

/// Text for XML content and attribute values. Borrowed when nothing needs escaping,
/// as in nearly every URL: the sitemap escapes three per page.
pub fn escape(text: &str) -> Cow<'_, str> {
    // Bytes, not chars: decoding every character cost more than the escaping. A byte
    // 0xC2 may start a C1 control character, which the slow path drops.
    let plain = |b: &u8| matches!(b, b' '..=b'~' | 0x80.. | b'\t' | b'\n' | b'\r') && !b"&<>\"'\xC2".contains(b);
    if text.as_bytes().iter().all(plain) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters other than tab and line ends are not allowed in XML 1.0.
            c if c.is_control() && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Why `text` is not inline Markdown (what a footer or label may hold), if it is not.
pub fn inline_only(text: &str) -> Result<(), &'static str> {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let options = Options::ENABLE_STRIKETHROUGH;
    for event in Parser::new_ext(text, options) {
        match event {
            Event::Start(Tag::Heading { .. }) => return Err("a heading"),
            Event::Start(Tag::List(_)) => return Err("a list"),
            Event::Start(Tag::BlockQuote(_)) => return Err("a quotation block"),
            Event::Start(Tag::CodeBlock(_)) => return Err("a code block"),
            Event::Rule => return Err("a rule"),
            Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph) => {}
            Event::Start(Tag::HtmlBlock) | Event::Start(Tag::Table(_)) => return Err("a block"),
            _ => {}
        }
    }
    Ok(())
}

/// `text` with the accents of its Latin letters left out (`José Müller` → `Jose
/// Muller`), and the letters that have none to leave written as ASCII (`Ø`, `æ`, `ß`).
pub fn without_accents(text: &str) -> String {
    let decomposed = icu_normalizer::DecomposingNormalizerBorrowed::new_nfd().normalize(text);
    let mut out = String::with_capacity(text.len());
    for c in decomposed.chars().filter(|c| !('\u{300}'..='\u{36F}').contains(c)) {
        match c {
            'ø' => out.push('o'),
            'Ø' => out.push('O'),
            'æ' => out.push_str("ae"),
            'Æ' => out.push_str("Ae"),
            'ß' => out.push_str("ss"),
            'đ' => out.push('d'),
            'Đ' => out.push('D'),
            'ł' => out.push('l'),
            'Ł' => out.push('L'),
            c => out.push(c),
        }
    }
    out
}

/// `text` with its Traditional characters in their Simplified forms (`記者會歷時` →
/// `记者会历时`), for finding words that a transcript may write either way. Each character
/// becomes one of the same length in UTF-8, so what is found at a place in the result is
/// at the same place in `text`, and is cut from `text` as written.
pub fn as_simplified(text: &str) -> Cow<'_, str> {
    if !has_han(text) {
        return Cow::Borrowed(text);
    }
    let mut simplified = text.to_string();
    fast2s::replace(&mut simplified);
    debug_assert_eq!(simplified.len(), text.len());
    if simplified == text {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(simplified)
    }
}

/// Whether a Chinese text is written in Traditional characters: a twentieth or more of
/// its Han characters have other forms in Simplified ones (about a fifth have in
/// running Traditional text, next to none in Simplified).
pub fn in_traditional(text: &str) -> bool {
    let simplified = as_simplified(text);
    let han = text.chars().filter(|&c| is_han(c)).count();
    let changed = text.chars().zip(simplified.chars()).filter(|(a, b)| a != b).count();
    han > 0 && changed * 20 >= han
}

/// A Han character: the CJK Unified Ideographs, their Extension A, and the
/// compatibility ideographs.
pub fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}')
}

/// Whether `text` holds a Han character. Most of an archive's text is in one script,
/// so the bytes are looked at first: every character `is_han` accepts is three bytes
/// in UTF-8, led by E3 to E9 or by EF.
pub fn has_han(text: &str) -> bool {
    text.bytes().any(|b| matches!(b, 0xE3..=0xE9 | 0xEF)) && text.chars().any(is_han)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// A date is written as chrono displays it, for any day it can hold: years
        /// before 1000 and past 9999 and before the common era included.
        #[test]
        fn a_date_is_written_as_chrono_displays_it(day in -400_000i32..4_000_000) {
            let date = chrono::NaiveDate::from_num_days_from_ce_opt(day).expect("in chrono's range");
            proptest::prop_assert_eq!(iso_date(date), date.to_string());
        }
    }

    /// `excerpt` as it was written first, a character at a time.
    fn excerpt_by_characters<'t>(texts: impl Iterator<Item = &'t str>, max: usize) -> String {
        let mut out = String::new();
        let mut count = 0;
        for text in texts {
            for c in text.chars() {
                if count + columns(c) > max {
                    out.push('…');
                    return out;
                }
                out.push(c);
                count += columns(c);
            }
            if count > 0 && count < max {
                out.push(' ');
                count += 1;
            }
        }
        out.trim_end().to_string()
    }

    proptest::proptest! {
        /// Taking ASCII a run at a time cuts where taking it a character at a time does.
        #[test]
        fn an_excerpt_is_cut_where_characters_would_cut_it(
            texts in proptest::collection::vec("[a-c .中，é]{0,12}", 0..4),
            max in 0usize..30,
        ) {
            let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
            proptest::prop_assert_eq!(
                excerpt(texts.iter().copied(), max),
                excerpt_by_characters(texts.iter().copied(), max)
            );
        }
    }

    #[test]
    fn excerpts_cut_at_characters() {
        assert_eq!(excerpt(["中国将坚定做世界的和平力量"].into_iter(), 8), "中国将坚…");
        assert_eq!(excerpt(["中国将坚定做世界的和平力量"].into_iter(), 9), "中国将坚…");
        assert_eq!(excerpt(["中国，a"].into_iter(), 6), "中国，…");
        assert_eq!(excerpt(["short"].into_iter(), 40), "short");
        assert_eq!(excerpt(["ab", "cd"].into_iter(), 4), "ab c…");
        assert_eq!(excerpt(["abc", "de"].into_iter(), 3), "abc…");
    }

    #[test]
    fn escape_borrows_plain_text_and_drops_what_xml_forbids() {
        assert!(matches!(escape("https://example.org/zh/外交/"), Cow::Borrowed(_)));
        assert_eq!(escape("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&apos;");
        // C0 controls, DEL and C1 controls (U+0085 is 0xC2 0x85 in UTF-8) are dropped.
        assert_eq!(escape("a\u{1}b\u{7f}c\te\nf"), "abc\te\nf");
        assert_eq!(escape("c\u{85}d"), "cd");
        // 0xC2 also starts ordinary characters, which stay.
        assert_eq!(escape("½ ©"), "½ ©");
    }

    #[test]
    fn has_han_is_true_exactly_when_a_character_is_han() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let alone = c.to_string();
            assert_eq!(has_han(&alone), is_han(c), "{c:?} alone");
            assert_eq!(has_han(&format!("ab{c}，")), is_han(c), "{c:?} among others");
        }
    }
}

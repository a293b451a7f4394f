//! An Atom feed per language (`/{lang}/atom.xml`) of the newest transcripts, so readers
//! and other sites can follow the archive.

use std::borrow::Cow;

use crate::archive::Archive;
use crate::config::{Config, Lang};
use crate::plan::urls::{self, Urls};
use crate::text::excerpt;

/// Transcripts per feed: enough for a reader who checks monthly.
pub const ENTRIES: usize = 30;

/// The Atom document for `lang`.
pub fn atom(config: &Config, archive: &Archive, links: &Urls, lang: &Lang) -> String {
    let title = config.title.get(lang).map_or("", String::as_str);
    let entries: Vec<String> = archive
        .transcripts
        .iter()
        .filter(|t| t.version(lang).is_some())
        .take(ENTRIES)
        .map(|t| {
            let v = t.version(lang).expect("filtered above");
            let url = links.absolute(&urls::transcript(lang, &t.path));
            let summary = excerpt(v.doc.preface.iter().map(|b| b.text.as_str()), 300);
            let summary = if summary.is_empty() { v.front.subtitle.clone().unwrap_or_default() } else { summary };
            format!(
                "  <entry>\n    <title>{}</title>\n    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n    <id>{}</id>\n    <published>{}</published>\n    <updated>{}</updated>\n    <summary>{}</summary>\n  </entry>\n",
                escape(&v.front.title),
                escape(&url),
                escape(&url),
                timestamp(t.date),
                timestamp(t.date),
                escape(&summary),
            )
        })
        .collect();
    let updated = archive.transcripts.iter().find(|t| t.version(lang).is_some()).map(|t| t.date);
    let locale = config.lang(&lang.0).map_or("", |l| l.locale.as_str());
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n  <title>{}</title>\n  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n  <id>{}</id>\n  <updated>{}</updated>\n  <author><name>{}</name></author>\n  <generator>diptych</generator>\n{}</feed>\n",
        escape(locale),
        escape(title),
        escape(&links.absolute(&urls::feed(lang))),
        escape(&links.absolute(&urls::home(lang, 1))),
        escape(&links.absolute(&urls::home(lang, 1))),
        updated.map_or_else(|| "1970-01-01T00:00:00Z".to_string(), timestamp),
        escape(title),
        entries.concat(),
    )
}

/// Transcripts carry a date only; Atom wants a moment, so midnight UTC.
fn timestamp(date: chrono::NaiveDate) -> String {
    format!("{date}T00:00:00Z")
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

#[cfg(test)]
mod tests {
    use super::*;

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
}

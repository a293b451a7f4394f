//! An Atom feed per language (`/{lang}/atom.xml`) of the newest transcripts, so readers
//! and other sites can follow the archive.

use crate::archive::Archive;
use crate::config::{Config, Lang};
use crate::plan::urls::{self, Urls};
use crate::text::{escape, excerpt};

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
            let summary = excerpt(v.doc.preface.iter().map(|b| &*b.text), 300);
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

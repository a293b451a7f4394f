//! Full-text search with no server: a Pagefind index of every section page, in every
//! language, written as static files under `pagefind/`. Pagefind segments Chinese
//! (its `extended` build) and loads the index in chunks, so a query fetches only the
//! parts it needs.
//!
//! Pagefind indexes a small document per section made here rather than the themed
//! page, so the index holds exactly the section's text and its facts (transcript,
//! date, topics) whatever the theme does.

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;
use rayon::prelude::*;

use crate::feeds::escape;
use crate::render::{urls, Page, PageKind, Site};

/// Where the bundle goes under the output root.
pub const BUNDLE_DIR: &str = "pagefind/";

/// The Pagefind bundle for the section pages among `pages`: (output path, bytes).
pub fn bundle(site: &Site, pages: &[Page]) -> Result<Vec<(String, Vec<u8>)>, String> {
    let documents: Vec<(String, String)> = pages.par_iter().filter_map(|p| site.search_document(p)).collect();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the search indexer: {e}"))?;
    runtime.block_on(async move {
        let config = PagefindServiceConfig::builder().build();
        let mut index =
            PagefindIndex::new(Some(config)).map_err(|e| format!("cannot start the search indexer: {e}"))?;
        for (url, html) in documents {
            index.add_html_file(None, Some(url), html).await.map_err(|e| format!("cannot index a page: {e}"))?;
        }
        let files = index.get_files().await.map_err(|e| format!("cannot write the search index: {e}"))?;
        Ok(files
            .into_iter()
            .map(|f| (format!("{BUNDLE_DIR}{}", f.filename.to_string_lossy().replace('\\', "/")), f.contents))
            // Pagefind's ready-made UIs: the site has a search page of its own.
            .filter(|(name, _)| !name.contains("-ui."))
            .collect())
    })
}

/// Pagefind keeps `China–Africa` or `China-EU` as one word, so a search for Africa would
/// miss it: dashes between words get spaces in the indexed text (only there).
fn separate_joined_words(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let between_words = i > 0
            && chars[i - 1].is_ascii_alphanumeric()
            && chars.get(i + 1).is_some_and(|n| n.is_ascii_alphanumeric());
        if between_words && matches!(c, '–' | '—' | '-' | '/') {
            out.push(' ');
            out.push(c);
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out
}

impl Site<'_> {
    /// The document Pagefind indexes for a section page: `<html lang>` picks the
    /// language's index; the heading is the result's title; transcript, date and
    /// topics are metadata and filters (given in attributes, so not indexed as text).
    fn search_document(&self, page: &Page) -> Option<(String, String)> {
        let PageKind::Section { lang, at } = &page.kind else { return None };
        let t = &self.archive.transcripts[at.transcript];
        let v = t.version(lang)?;
        let section = &v.doc.sections[at.section];
        let locale = self.config.lang(&lang.0).map_or("", |l| l.locale.as_str());
        let mut html = format!(
            "<!DOCTYPE html><html lang=\"{}\"><head><title>{}</title></head><body><main data-pagefind-body>",
            escape(locale),
            escape(&section.heading_text)
        );
        html.push_str(&format!("<h1 data-pagefind-meta=\"title\">{}</h1>", escape(&section.heading_text)));
        html.push_str(&format!("<div data-pagefind-meta=\"transcript:{}\"></div>", escape(&v.front.title)));
        html.push_str(&format!("<div data-pagefind-meta=\"date:{}\"></div>", escape(&self.date(lang, t.date))));
        html.push_str(&format!("<div data-pagefind-sort=\"date:{}\"></div>", t.date));
        for topic in &t.section_topics[at.section] {
            let label =
                self.config.topic(&topic.0).and_then(|c| c.labels.get(lang)).map_or(topic.0.as_str(), String::as_str);
            html.push_str(&format!("<div data-pagefind-filter=\"topic:{}\"></div>", escape(label)));
        }
        for block in &section.blocks {
            let speaker = block.speaker.as_deref().map(|s| format!("{}: ", escape(s))).unwrap_or_default();
            html.push_str(&format!("<p>{speaker}{}</p>", escape(&separate_joined_words(&block.text))));
        }
        html.push_str("</main></body></html>");
        Some((self.urls.href(&urls::section(lang, &t.path, &section.id)), html))
    }
}

//! `sitemap.xml`: every page, with `xhtml:link rel="alternate" hreflang` for each of its
//! language versions, so search engines pair the translations; and `robots.txt`,
//! which points to it.

use std::fmt::Write;

use rayon::prelude::*;

use crate::feeds::escape;
use crate::render::{Page, PageKind, Site};

/// Pages per piece of the sitemap written on one core: the sitemap of a large archive
/// lists every page, and was a serial pause before rendering began.
const CHUNK: usize = 2048;

impl Site<'_> {
    pub fn sitemap(&self, pages: &[Page]) -> String {
        // x-default: where a reader whose language is none of these should go.
        let x_default = escape(&self.urls.absolute("")).into_owned();
        let pieces: Vec<String> = pages.par_chunks(CHUNK).map(|chunk| self.sitemap_urls(chunk, &x_default)).collect();
        let mut xml = String::from(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
        );
        xml.extend(pieces);
        xml.push_str("</urlset>\n");
        xml
    }

    /// The `<url>` entries of `pages`.
    fn sitemap_urls(&self, pages: &[Page], x_default: &str) -> String {
        let mut xml = String::with_capacity(pages.len() * 512);
        // Writing into a String cannot fail.
        for page in pages.iter().filter(|p| p.kind != PageKind::NotFound) {
            let _ = write!(xml, "  <url>\n    <loc>{}</loc>\n", escape(&self.urls.absolute(&page.rel)));
            if let Some(date) = self.page_date(page) {
                let _ = writeln!(xml, "    <lastmod>{date}</lastmod>");
            }
            for (hreflang, rel) in self.alternates(page) {
                let href = self.urls.absolute(&rel);
                let _ = writeln!(
                    xml,
                    "    <xhtml:link rel=\"alternate\" hreflang=\"{hreflang}\" href=\"{}\"/>",
                    escape(&href)
                );
            }
            if page.kind != PageKind::Landing {
                let _ =
                    writeln!(xml, "    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{x_default}\"/>");
            }
            xml.push_str("  </url>\n");
        }
        xml
    }

    /// The transcript's date, for pages that show one transcript.
    fn page_date(&self, page: &Page) -> Option<chrono::NaiveDate> {
        match &page.kind {
            PageKind::Transcript { transcript, .. } | PageKind::Parallel { transcript } => {
                Some(self.archive.transcripts[*transcript].date)
            }
            PageKind::Section { at, .. } => Some(self.archive.transcripts[at.transcript].date),
            _ => None,
        }
    }

    pub fn robots(&self) -> String {
        format!("User-agent: *\nAllow: /\n\nSitemap: {}sitemap.xml\n", self.config.base_url)
    }
}

//! `sitemap.xml`: every page, with `xhtml:link rel="alternate" hreflang` for each of its
//! language versions, so search engines pair the translations; and `robots.txt`,
//! which points to it.

use crate::feeds::escape;
use crate::render::{Page, PageKind, Site};

impl Site<'_> {
    pub fn sitemap(&self, pages: &[Page]) -> String {
        let mut xml = String::from(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
        );
        for page in pages.iter().filter(|p| p.kind != PageKind::NotFound) {
            xml.push_str(&format!("  <url>\n    <loc>{}</loc>\n", escape(&self.urls.absolute(&page.rel))));
            if let Some(date) = self.page_date(page) {
                xml.push_str(&format!("    <lastmod>{date}</lastmod>\n"));
            }
            for (hreflang, rel) in self.alternates(page) {
                let href = escape(&self.urls.absolute(&rel));
                xml.push_str(&format!("    <xhtml:link rel=\"alternate\" hreflang=\"{hreflang}\" href=\"{href}\"/>\n"));
            }
            // x-default: where a reader whose language is none of these should go.
            if page.kind != PageKind::Landing {
                let href = escape(&self.urls.absolute(""));
                xml.push_str(&format!("    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{href}\"/>\n"));
            }
            xml.push_str("  </url>\n");
        }
        xml.push_str("</urlset>\n");
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

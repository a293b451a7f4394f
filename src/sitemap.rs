//! `sitemap.xml`: every page, with `xhtml:link rel="alternate" hreflang` for each of its
//! language versions, so search engines pair the translations; and `robots.txt`,
//! which points to it.

use std::fmt::Write;

use rayon::prelude::*;

use crate::archive::Archive;
use crate::config::Config;
use crate::plan::urls::Urls;
use crate::plan::{alternates, Page, PageKind};
use crate::text::escape;

/// Pages per piece of the sitemap written on one core: the sitemap of a large archive
/// lists every page, and was a serial pause before rendering began.
const CHUNK: usize = 2048;

/// What the sitemap reads: the site's languages, its pages' languages and dates.
pub struct Sitemap<'a> {
    pub config: &'a Config,
    pub archive: &'a Archive,
    pub urls: &'a Urls,
}

impl Sitemap<'_> {
    pub fn xml(&self, pages: &[Page]) -> String {
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
        let listed = |p: &&Page| !matches!(p.kind, PageKind::NotFound | PageKind::Redirect { .. });
        for page in pages.iter().filter(listed) {
            let _ = write!(xml, "  <url>\n    <loc>{}</loc>\n", escape(&self.urls.absolute(&page.rel)));
            if let Some(date) = page.date(self.archive) {
                let _ = writeln!(xml, "    <lastmod>{date}</lastmod>");
            }
            for (hreflang, rel) in alternates(self.config, self.archive, page) {
                let href = self.urls.absolute(&rel);
                let _ = writeln!(
                    xml,
                    "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                    escape(&hreflang),
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
}

/// `robots.txt`: every page may be crawled, and here is the sitemap.
pub fn robots(config: &Config) -> String {
    format!("User-agent: *\nAllow: /\n\nSitemap: {}sitemap.xml\n", config.base_url)
}

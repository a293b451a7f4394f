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

/// The sitemap protocol's limits for one file: URLs, and bytes (uncompressed).
pub const MAX_URLS: usize = 50_000;
pub const MAX_BYTES: usize = 50 * 1000 * 1000;

/// The pages of each sitemap file, as ranges of `pages`: one range when the site fits
/// the protocol's limits, else as many as it takes. Cut by a bound on each entry's
/// size, known before anything is written, so the manifest can list the files.
pub fn parts(config: &Config, pages: &[Page]) -> Vec<std::ops::Range<usize>> {
    let mut parts = Vec::new();
    let (mut start, mut urls, mut bytes) = (0, 0, 0);
    for (i, page) in pages.iter().enumerate() {
        if !listed(page) {
            continue;
        }
        let entry = entry_bound(config, page);
        if urls == MAX_URLS || bytes + entry > MAX_BYTES - HEAD_BYTES {
            parts.push(start..i);
            (start, urls, bytes) = (i, 0, 0);
        }
        urls += 1;
        bytes += entry;
    }
    parts.push(start..pages.len());
    parts
}

/// Room for a sitemap's XML declaration, `<urlset …>` and its end.
const HEAD_BYTES: usize = 1024;

/// At most the bytes of a page's `<url>` entry: its address and one per language
/// (and x-default), each percent-encoded (at most three bytes per byte) and escaped.
fn entry_bound(config: &Config, page: &Page) -> usize {
    let address = config.base_url.len() + 3 * (page.rel.len() + 16);
    let links = config.languages.len() + 1;
    200 + address + links * (address + 80)
}

/// `sitemap-N.xml`, the N-th part of a sitemap too large for one file.
pub fn part_path(n: usize) -> String {
    format!("sitemap-{n}.xml")
}

/// `sitemap.xml` as the index of `parts` parts.
pub fn index(urls: &Urls, parts: usize) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for n in 1..=parts {
        let _ = writeln!(xml, "  <sitemap><loc>{}</loc></sitemap>", escape(&urls.absolute(&part_path(n))));
    }
    xml.push_str("</sitemapindex>\n");
    xml
}

/// Whether a page is in the sitemap: redirects and the 404 page are not.
fn listed(page: &Page) -> bool {
    !matches!(page.kind, PageKind::NotFound | PageKind::Redirect { .. })
}

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
        for page in pages.iter().filter(|p| listed(p)) {
            let _ = write!(xml, "  <url>\n    <loc>{}</loc>\n", escape(&self.urls.absolute(&page.rel)));
            if let Some(date) = page.date(self.archive) {
                let _ = writeln!(xml, "    <lastmod>{date}</lastmod>");
            }
            let alternates = alternates(self.config, self.archive, page);
            let own_default = alternates.iter().any(|(hreflang, _)| hreflang == "x-default");
            for (hreflang, rel) in alternates {
                let href = self.urls.absolute(&rel);
                let _ = writeln!(
                    xml,
                    "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                    escape(&hreflang),
                    escape(&href)
                );
            }
            if page.kind != PageKind::Landing && !own_default {
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

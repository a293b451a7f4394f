//! Link integrity: every internal `href` and `src` of the output, `#anchors` included,
//! must name a file the site has. Pages are scanned as they are rendered; anchored
//! links are checked at the end, once every page's ids are known.

use std::borrow::Cow;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use xxhash_rust::xxh3::xxh3_64;

pub mod external;
pub mod kept;

/// What one page links to, as far as it could not be settled while rendering it.
#[derive(Debug, Default)]
pub struct PageLinks {
    /// Internal links whose target file does not exist, as written.
    pub broken: Vec<String>,
    /// Internal links with an anchor: the target page's rel path and the anchor as
    /// hashes (`id_hash`), and where the link as written ends in `anchored_links`.
    /// Kept for every page until the end: three strings a link were a large part of
    /// the build's peak memory (docs/performance.md).
    pub anchored: Vec<(u64, u64, u32)>,
    /// The anchored links as written, one after the other.
    pub anchored_links: String,
    /// The ids on this page as hashes, sorted: anchors are looked up in them.
    pub ids: Vec<u64>,
}

impl PageLinks {
    /// Lets go of the room its lists grew into: every page's scan is held until the
    /// last page is drawn, and a third of that room was unused, at the build's peak of
    /// memory (docs/performance.md).
    fn shrink_to_fit(&mut self) {
        self.broken.shrink_to_fit();
        self.anchored.shrink_to_fit();
        self.anchored_links.shrink_to_fit();
        self.ids.shrink_to_fit();
    }

    /// The anchored links: (target page, anchor) as hashes, and the link as written.
    pub fn anchored(&self) -> impl Iterator<Item = (u64, u64, &str)> {
        let ends = self.anchored.iter().map(|&(_, _, end)| end as usize);
        let starts = std::iter::once(0).chain(ends.clone());
        let links = starts.zip(ends).map(|(start, end)| &self.anchored_links[start..end]);
        self.anchored.iter().zip(links).map(|(&(page, anchor, _), link)| (page, anchor, link))
    }
}

/// An id or a page's rel path as `PageLinks` keeps it. 64 bits of xxh3: for a
/// missing anchor to pass unseen, its hash would have to equal one of the few dozen
/// on its page.
fn id_hash(id: &str) -> u64 {
    xxh3_64(id.as_bytes())
}

/// The site's files, and how to tell an internal link from an external one. Borrows
/// its paths from the page plan: serve builds it again after every edit.
pub struct Targets<'a> {
    /// Output files that are not a folder's `index.html` (`assets/diptych.css`, `404.html`).
    files: FxHashSet<&'a str>,
    /// Folders with an `index.html` (`zh/a/`, and `` for the root): most links name one.
    folders: FxHashSet<&'a str>,
    base_path: String,
    base_url: String,
    /// `base_url` and `base_path` as one hash: links resolve alike only at one address.
    address: u64,
    /// Every file and folder above as a hash, sorted: what a kept scan was made against
    /// (see `kept`).
    names: Vec<u64>,
}

impl<'a> Targets<'a> {
    /// `outputs`: every page and file of the site, relative to the output root; a page
    /// that is a folder's `index.html` may be given as the folder (`zh/a/`) or the file.
    pub fn new(outputs: impl IntoIterator<Item = &'a str>, base_url: &str, base_path: &str) -> Self {
        let (mut files, mut folders) = (FxHashSet::default(), FxHashSet::default());
        for output in outputs {
            match index_folder(output) {
                Some(folder) => folders.insert(folder),
                None if is_folder(output) => folders.insert(output),
                None => files.insert(output),
            };
        }
        let mut names: Vec<u64> = files.iter().chain(&folders).map(|name| xxh3_64(name.as_bytes())).collect();
        names.sort_unstable();
        names.dedup();
        let address = xxh3_64([base_url, "\0", base_path].concat().as_bytes());
        let (base_path, base_url) = (base_path.to_string(), base_url.to_string());
        Targets { files, folders, base_path, base_url, address, names }
    }

    /// The site's address as one hash: a scan is kept for sites at the same one (see
    /// `kept`).
    pub fn address(&self) -> u64 {
        self.address
    }

    /// The site's files and folders, each as a hash, sorted.
    pub fn names(&self) -> &[u64] {
        &self.names
    }

    /// Follows again the links that a scan found broken when the site had fewer files:
    /// those that now lead to one are settled (or kept to check their anchors), the
    /// others stay broken. `page` is the folder the page's links start from. Links that
    /// led somewhere still do, to the same place: files are only added.
    pub fn recheck(&self, page: &str, links: &mut PageLinks) {
        for link in std::mem::take(&mut links.broken) {
            self.follow(page, &link, links);
        }
    }

    /// Scans the page at `rel` (`zh/x/`, a folder) and settles what it can.
    /// The page comes as bytes, as the theme wrote it: checking that all of it is
    /// UTF-8 would cost more than the scan, and only attribute values need to be text.
    pub fn scan(&self, rel: &str, html: &[u8]) -> PageLinks {
        let mut out = PageLinks::default();
        // Only these attributes are decoded: a page has many more (class, lang…). Their
        // names in any case, as HTML reads them (`HREF`, `Src`).
        let is = |name: &[u8], attribute: &[u8]| name.eq_ignore_ascii_case(attribute);
        attributes(html, |name, value| {
            if is(name, b"id") {
                out.ids.push(id_hash(&decode_entities(&text(value))));
            } else if is(name, b"href") || is(name, b"src") {
                self.follow(rel, &decode_entities(&text(value)), &mut out);
            }
        });
        out.ids.sort_unstable(); // here, on the page's own core, not in the serial check after
        out.shrink_to_fit();
        out
    }

    fn follow(&self, page: &str, link: &str, out: &mut PageLinks) {
        let target = match self.resolve(page, link) {
            Target::External => return,
            Target::OutsideSite => {
                out.broken.push(link.to_string());
                return;
            }
            Target::Inside(path) => path,
        };
        let (path, anchor) = split_link(&target);
        let Some(page) = self.page_for(path) else {
            out.broken.push(link.to_string());
            return;
        };
        if let Some(anchor) = anchor.filter(|a| !a.is_empty()) {
            out.anchored_links.push_str(link);
            let end = u32::try_from(out.anchored_links.len()).expect("a page under 4 GB");
            out.anchored.push((id_hash(&page), id_hash(&percent_decode(anchor)), end));
        }
    }

    fn resolve<'l>(&self, page: &str, link: &'l str) -> Target<'l> {
        if let Some(rest) = link.strip_prefix(&self.base_url) {
            return Target::Inside(Cow::Borrowed(rest));
        }
        // `contains` last: root-relative links, most of them, are decided without it.
        if link.starts_with("//") || !link.starts_with(['/', '.', '#']) && has(link, b':') {
            return Target::External; // another site, or mailto:, javascript: and the like
        }
        if let Some(fragment) = link.strip_prefix('#') {
            return Target::Inside(Cow::Owned(format!("{page}#{fragment}")));
        }
        if link.starts_with('/') {
            // A root-relative link outside base_url's path leaves the site on GitHub Pages.
            return link
                .strip_prefix(&self.base_path)
                .map_or(Target::OutsideSite, |p| Target::Inside(Cow::Borrowed(p)));
        }
        Target::Inside(Cow::Owned(join(page, link)))
    }

    /// The page a path names, as pages are keyed (`zh/a/` for `zh/a/index.html`, or
    /// the file itself): the path, or the folder whose `index.html` it means.
    fn page_for<'p>(&self, path: &'p str) -> Option<Cow<'p, str>> {
        let path = percent_decode(path);
        if is_folder(&path) {
            return self.folders.contains(path.as_ref()).then_some(path);
        }
        if let Some(folder) = index_folder(&path) {
            return self.folders.contains(folder).then(|| Cow::Owned(folder.to_string()));
        }
        if self.files.contains(path.as_ref()) {
            return Some(path);
        }
        let folder = format!("{path}/");
        self.folders.contains(folder.as_str()).then_some(Cow::Owned(folder))
    }
}

/// A link's path, without its `?query` and `#anchor`, and the anchor. One pass over
/// the bytes: a link is short, and most have neither.
fn split_link(link: &str) -> (&str, Option<&str>) {
    let Some(cut) = link.bytes().position(|b| b == b'#' || b == b'?') else {
        return (link, None);
    };
    (&link[..cut], link[cut..].split_once('#').map(|(_, anchor)| anchor))
}

/// Whether `text` holds `byte`: a plain loop, which for a link or an id beats a call
/// to memchr, or to `str::contains`, which is one.
fn has(text: &str, byte: u8) -> bool {
    text.bytes().any(|b| b == byte)
}

/// A folder path, as pages are named: `zh/a/`, or `` for the root.
fn is_folder(path: &str) -> bool {
    path.is_empty() || path.ends_with('/')
}

/// The folder whose `index.html` a path names (`zh/a/` for `zh/a/index.html`).
fn index_folder(path: &str) -> Option<&str> {
    path.strip_suffix("index.html").filter(|folder| is_folder(folder))
}

/// Where a link leads.
enum Target<'l> {
    /// Another site, or a `mailto:` and the like: not ours to check.
    External,
    /// A root-relative link outside `base_url`'s path: on the host, not this site.
    OutsideSite,
    /// A path relative to the output root, maybe with `#anchor` and `?query`.
    Inside(Cow<'l, str>),
}

/// Anchored links whose page lacks the id: (page the link is on, link). Checked on
/// every core: this runs after the last page, with nothing else left to do.
pub fn missing_anchors<'p>(pages: &[(&'p str, &'p PageLinks)]) -> Vec<(&'p str, &'p str)> {
    let ids: FxHashMap<u64, &[u64]> = pages.iter().map(|(rel, p)| (id_hash(rel), p.ids.as_slice())).collect();
    let has_id = |page: u64, id: u64| ids.get(&page).is_some_and(|ids| ids.binary_search(&id).is_ok());
    pages
        .par_iter()
        .flat_map_iter(|(rel, page)| {
            let missing = page.anchored().filter(|&(target, anchor, _)| !has_id(target, anchor));
            missing.map(|(_, _, link)| (*rel, link))
        })
        .collect()
}

/// `page` is a folder path (`zh/x/`); `link` is relative to it.
fn join(page: &str, link: &str) -> String {
    let mut parts: Vec<&str> = page.split('/').filter(|s| !s.is_empty()).collect();
    let (path, rest) = link.find(['#', '?']).map_or((link, ""), |i| link.split_at(i));
    let trailing = path.ends_with('/') || path.is_empty();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let mut joined = parts.join("/");
    if trailing && !joined.is_empty() {
        joined.push('/');
    }
    joined + rest
}

fn percent_decode(s: &str) -> Cow<'_, str> {
    if !has(s, b'%') {
        return Cow::Borrowed(s); // the common case, and decoding costs even when there is nothing to do
    }
    percent_encoding::percent_decode_str(s).decode_utf8_lossy()
}

/// An attribute value as text. `from_utf8` first: it checks ASCII a word at a time,
/// where `from_utf8_lossy` went byte by byte through every link of every page.
fn text(value: &[u8]) -> Cow<'_, str> {
    std::str::from_utf8(value).map_or_else(|_| String::from_utf8_lossy(value), Cow::Borrowed)
}

/// Calls `found` with every attribute of every tag: (name, value as written).
/// Comments and the contents of `<script>` and `<style>` are skipped; they hold no markup.
pub(crate) fn attributes<'h>(html: &'h [u8], mut found: impl FnMut(&'h [u8], &'h [u8])) {
    // memchr rather than a byte loop: this runs over every byte the build writes.
    let mut rest = html;
    while let Some(open) = memchr::memchr(b'<', rest) {
        rest = &rest[open..];
        if let Some(after) = rest.strip_prefix(b"<!--") {
            rest = memchr::memmem::find(after, b"-->").map_or(&[], |end| &after[end + 3..]);
            continue;
        }
        if rest.get(1) == Some(&b'/') {
            // An end tag has no attributes: half of all tags, skipped at memchr's pace.
            rest = memchr::memchr(b'>', rest).map_or(&[], |end| &rest[end + 1..]);
            continue;
        }
        let (name, tag_end) = tag(rest, &mut found);
        rest = &rest[tag_end..];
        // By length first: nearly every tag is neither, and this runs for every tag.
        let raw: &[u8] = match name.len() {
            6 if name.eq_ignore_ascii_case(b"script") => b"script",
            5 if name.eq_ignore_ascii_case(b"style") => b"style",
            _ => continue,
        };
        rest = end_tag(rest, raw).map_or(&[], |end| &rest[end..]);
    }
}

/// Where the end tag of element `name` starts in `html`, written in any case
/// (`</script`, `</SCRIPT`), as HTML reads tag names.
fn end_tag(html: &[u8], name: &[u8]) -> Option<usize> {
    let named = |at: &usize| html[at + 2..].get(..name.len()).is_some_and(|n| n.eq_ignore_ascii_case(name));
    memchr::memmem::find_iter(html, b"</").find(named)
}

/// Reads one tag starting at `<`, passing on its attributes; returns its name and where it ends.
fn tag<'h>(html: &'h [u8], found: &mut impl FnMut(&'h [u8], &'h [u8])) -> (&'h [u8], usize) {
    let mut i = 1;
    while i < html.len() && !html[i].is_ascii_whitespace() && !matches!(html[i], b'>' | b'/') {
        i += 1;
    }
    let name = &html[1..i];
    loop {
        while i < html.len() && (html[i].is_ascii_whitespace() || html[i] == b'/') {
            i += 1;
        }
        if i >= html.len() || html[i] == b'>' {
            return (name, (i + 1).min(html.len()));
        }
        let name_start = i;
        while i < html.len() && !html[i].is_ascii_whitespace() && !matches!(html[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        let attribute = &html[name_start..i];
        if i < html.len() && html[i] == b'=' {
            i += 1;
            let (value, end) = attribute_value(html, i);
            i = end;
            found(attribute, value);
        }
    }
}

/// A quoted or bare attribute value at `start`; returns it and where it ends.
fn attribute_value(html: &[u8], start: usize) -> (&[u8], usize) {
    match html.get(start) {
        Some(&quote @ (b'"' | b'\'')) => {
            let end = memchr::memchr(quote, &html[start + 1..]).map_or(html.len(), |e| start + 1 + e);
            (&html[start + 1..end], (end + 1).min(html.len()))
        }
        _ => {
            let bare = html[start..].iter().position(|b| b.is_ascii_whitespace() || *b == b'>');
            let end = bare.map_or(html.len(), |e| start + e);
            (&html[start..end], end)
        }
    }
}

fn decode_entities(value: &str) -> Cow<'_, str> {
    if !has(value, b'&') {
        return Cow::Borrowed(value);
    }
    let decoded = value
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    Cow::Owned(decoded)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn targets() -> Targets<'static> {
        let files = ["index.html", "zh/", "zh/a/index.html", "assets/x.css"];
        Targets::new(files, "https://example.org/archive/", "/archive/")
    }

    #[test]
    fn internal_links_are_resolved_and_checked() {
        let html = r##"<a href="/archive/zh/a/">ok</a><a href="/archive/zh/b/">no</a><link href="/archive/assets/x.css">
            <a href="../a/#top">rel</a><a href="https://elsewhere.org/">ext</a><a href="mailto:a@b">m</a>
            <a href="/other/">outside</a><a href="https://example.org/archive/zh/">abs</a><p id="here">"##;
        let links = targets().scan("zh/a/", html.as_bytes());
        assert_eq!(links.broken, ["/archive/zh/b/", "/other/"]);
        assert_eq!(links.anchored().collect::<Vec<_>>(), [(id_hash("zh/a/"), id_hash("top"), "../a/#top")]);
        assert_eq!(links.ids, [id_hash("here")]);
    }

    #[test]
    fn a_query_ends_the_path_and_an_anchor_keeps_what_follows_it() {
        let html =
            r##"<a href="../a/?q=1#top">q</a><a href="/archive/zh/a/#top?x">a</a><a href="/archive/zh/b/?q">no</a>"##;
        let links = targets().scan("zh/a/", html.as_bytes());
        assert_eq!(links.broken, ["/archive/zh/b/?q"]);
        let anchors: Vec<(u64, u64)> = links.anchored().map(|(page, anchor, _)| (page, anchor)).collect();
        assert_eq!(anchors, [(id_hash("zh/a/"), id_hash("top")), (id_hash("zh/a/"), id_hash("top?x"))]);
    }

    #[test]
    fn scripts_comments_and_quotes_do_not_confuse_the_scanner() {
        let html = r#"<!-- <a href="/archive/gone/"> --><script>var s = '<a href="/archive/gone/">';</script>
            <STYLE>/* <a href="/archive/gone/"> */</STYLE><Script>'<img src="/archive/gone.png">'</Script>
            <img alt='a > b' src='/archive/assets/x.css'><a title="x>y" href=/archive/zh/>"#;
        let links = targets().scan("", html.as_bytes());
        assert!(links.broken.is_empty(), "{:?}", links.broken);
    }

    #[test]
    fn links_after_a_script_or_a_style_in_any_case_are_checked() {
        let html = r#"<STYLE>p {}</STYLE><a href="/archive/gone/">
            <Script>var s = '<a href="/archive/inside/">';</SCRIPT><a href="/archive/missing/">"#;
        let links = targets().scan("", html.as_bytes());
        assert_eq!(links.broken, ["/archive/gone/", "/archive/missing/"]);
    }

    #[test]
    fn attribute_names_are_read_in_any_case() {
        let html = r##"<A HREF="/archive/gone/">x</A><IMG Src="/archive/gone.png"><P ID="here"><a href="#here">"##;
        let links = targets().scan("zh/", html.as_bytes());
        assert_eq!(links.broken, ["/archive/gone/", "/archive/gone.png"]);
        assert_eq!(links.ids, [id_hash("here")]);
        assert_eq!(links.anchored().count(), 1);
    }

    #[test]
    fn a_folder_page_is_found_by_its_folder_its_index_file_or_without_the_slash() {
        let html = r##"<a href="/archive/zh/a/index.html#top">1</a><a href="/archive/zh/a">2</a><a href="/archive/zh/index.html">3</a>
            <a href="/archive/zh/a/b/index.html">no</a><a href="/archive/index.html">root</a>"##;
        let links = targets().scan("", html.as_bytes());
        assert_eq!(links.broken, ["/archive/zh/a/b/index.html"]);
        let anchored = (id_hash("zh/a/"), id_hash("top"), "/archive/zh/a/index.html#top");
        assert_eq!(links.anchored().collect::<Vec<_>>(), [anchored]);
    }

    /// Every page's scan is held until the last page is drawn: it holds no more room
    /// than its lists fill.
    #[test]
    fn a_scan_holds_no_room_it_does_not_fill() {
        let html: String = (0..37).map(|i| format!(r##"<p id="p{i}"><a href="#p{i}">"##)).collect();
        let links = targets().scan("zh/", html.as_bytes());
        assert_eq!((links.ids.len(), links.anchored.len()), (37, 37));
        assert_eq!((links.ids.capacity(), links.anchored.capacity()), (37, 37));
        assert_eq!(links.anchored_links.capacity(), links.anchored_links.len());
    }

    #[test]
    fn missing_anchors_name_the_page_and_link() {
        let t = targets();
        let (home, a) = (
            t.scan("zh/", r##"<a href="a/#yes">1</a><a href="a/#no">2</a>"##.as_bytes()),
            t.scan("zh/a/", r#"<h2 id="yes">"#.as_bytes()),
        );
        assert_eq!(missing_anchors(&[("zh/", &home), ("zh/a/", &a)]), [("zh/", "a/#no")]);
    }
}

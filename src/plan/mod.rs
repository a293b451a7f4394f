//! The manifest: every file a build writes, as typed entries (pages, feeds, the
//! sitemap, what hosts read, static files, the search index's folder), each made later
//! by the module that owns its format. Every path is checked here, once: well-formed,
//! inside the output folder, and wanted by one entry only. The writer, the link
//! checker, serve and the sweep of the reused output folder all read this one list.

mod pages;
pub mod urls;

use std::path::PathBuf;

use rayon::prelude::*;

pub use pages::{alternates, page_count_of, translation, Page, PageKind, PER_PAGE};

use crate::archive::Archive;
use crate::config::{Config, Lang, CONFIG_FILE};
use crate::diagnostic::{Error, ErrorKind, Location};
use crate::theme::{FileData, Theme};

/// Where the search index goes under the output root; its files are named as it is made.
pub const SEARCH_DIR: &str = "search/";

/// The longest file or folder name most file systems take, in bytes.
const NAME_MAX: usize = 255;

/// A file of the output that is not a page.
#[derive(Debug, Clone)]
pub enum Output {
    /// `{lang}/atom.xml`.
    Feed(Lang),
    /// The sitemap of the pages in this range of the manifest's pages: all of them in
    /// `sitemap.xml` for most sites; past the protocol's limits, one of several parts.
    Sitemap(std::ops::Range<usize>),
    /// `sitemap.xml` as an index of that many parts (`sitemap-1.xml`, …).
    SitemapIndex(usize),
    /// `robots.txt`, naming the sitemap.
    Robots,
    /// `.nojekyll`: without it GitHub Pages runs Jekyll, which hides files starting with `_`.
    NoJekyll,
    /// `CNAME`, a custom domain for GitHub Pages.
    Cname(String),
    /// A file of the theme or of the site's `static/`, copied as it is.
    Static(FileData),
    /// A transcript's citations in one language and format, beside its page.
    Citation { transcript: usize, lang: Lang, format: crate::cite::Format },
}

#[derive(Debug, Clone)]
pub struct File {
    /// Relative to the output root, `/`-separated.
    pub path: String,
    pub output: Output,
}

/// Every output of one build.
pub struct Manifest {
    pub pages: Vec<Page>,
    pub files: Vec<File>,
    /// Whether the build writes the search index (into `SEARCH_DIR`).
    pub search: bool,
}

impl Manifest {
    /// The manifest of a site, its paths checked. Errors name the sources that want a
    /// path: both of them when two want the same one.
    pub fn new(config: &Config, archive: &Archive, theme: &Theme, search: bool) -> Result<Manifest, Vec<Error>> {
        let pages = pages::plan(config, archive);
        let files = files(config, archive, theme, &pages);
        check_paths(config, archive, &pages, &files)?;
        Ok(Manifest { pages, files, search })
    }

    /// Every file path of the output, relative to its root, pages' `index.html`
    /// included: what the writer keeps of the reused output folder. Made when asked
    /// rather than kept: held through the render, it was a path per file at the
    /// build's peak of memory (docs/performance.md). Pages' paths are made on every
    /// core: on one, the set took 31 × as long for 10 × the archive.
    pub fn paths(&self) -> rustc_hash::FxHashSet<String> {
        let mut paths = rustc_hash::FxHashSet::default();
        paths.reserve(self.pages.len() + self.files.len());
        paths.par_extend(self.pages.par_iter().map(Page::file));
        paths.extend(self.files.iter().map(|f| f.path.clone()));
        paths
    }

    /// What internal links may name: every page (as its folder) and every file.
    pub fn link_targets(&self) -> impl Iterator<Item = &str> {
        let pages = self.pages.iter().map(|p| p.rel.as_str());
        pages.chain(self.files.iter().map(|f| f.path.as_str()))
    }
}

/// The files that are not pages, in the order they are written.
fn files(config: &Config, archive: &Archive, theme: &Theme, pages: &[Page]) -> Vec<File> {
    let mut files = vec![
        File { path: ".nojekyll".into(), output: Output::NoJekyll },
        File { path: "robots.txt".into(), output: Output::Robots },
    ];
    match crate::sitemap::parts(config, pages).as_slice() {
        [all] => files.push(File { path: "sitemap.xml".into(), output: Output::Sitemap(all.clone()) }),
        parts => {
            files.push(File { path: "sitemap.xml".into(), output: Output::SitemapIndex(parts.len()) });
            let numbered = parts.iter().enumerate().map(|(i, range)| File {
                path: crate::sitemap::part_path(i + 1),
                output: Output::Sitemap(range.clone()),
            });
            files.extend(numbered);
        }
    }
    let feeds =
        config.languages.iter().map(|l| File { path: urls::feed(&l.code), output: Output::Feed(l.code.clone()) });
    files.extend(feeds);
    for (i, t) in archive.transcripts.iter().enumerate() {
        for lang in t.versions.keys() {
            let folder = urls::transcript(lang, &t.path);
            files.extend(crate::cite::FORMATS.iter().map(|&format| File {
                path: format!("{folder}{}", format.file_name()),
                output: Output::Citation { transcript: i, lang: lang.clone(), format },
            }));
        }
    }
    if let Some(domain) = &config.cname {
        files.push(File { path: "CNAME".into(), output: Output::Cname(domain.clone()) });
    }
    let statics = theme.static_files.iter();
    files.extend(statics.map(|(rel, data)| File { path: rel.clone(), output: Output::Static(data.clone()) }));
    files
}

/// Which entry wants an output path, for errors about it.
enum Wanted<'m> {
    Page(&'m Page),
    File(&'m File),
}

impl Wanted<'_> {
    /// The source file that makes this entry, if one does.
    fn source(&self, config: &Config, archive: &Archive) -> Option<PathBuf> {
        match self {
            Wanted::Page(page) => match &page.kind {
                PageKind::Speaker { speaker, .. } => {
                    let first = archive.speakers[*speaker].sections.first();
                    first.map(|r| archive.transcripts[r.transcript].versions[0].source.clone())
                }
                _ => page.sources(archive).into_iter().next(),
            },
            Wanted::File(File { output: Output::Static(FileData::Disk(path)), .. }) => Some(config.display_path(path)),
            Wanted::File(File { output: Output::Feed(_) | Output::Cname(_), .. }) => Some(CONFIG_FILE.into()),
            Wanted::File(File { output: Output::Citation { transcript, lang, .. }, .. }) => {
                archive.transcripts[*transcript].version(lang).map(|v| v.source.clone())
            }
            Wanted::File(_) => None,
        }
    }

    /// What to call the entry in a message: its source file, or what it is.
    fn describe(&self, config: &Config, archive: &Archive) -> String {
        match (self.source(config, archive), self) {
            (Some(path), _) => path.display().to_string(),
            (None, Wanted::Page(page)) => format!("the site's own page /{}", page.rel),
            (None, Wanted::File(file)) => format!("the site's own file {}", file.path),
        }
    }

    fn error(&self, config: &Config, archive: &Archive, kind: ErrorKind) -> Error {
        match self.source(config, archive) {
            Some(path) => Error::new(Location::file(path), kind),
            None => Error::nowhere(kind),
        }
    }
}

/// Checks every file path of the manifest to be well-formed and wanted once. On every
/// core, and by sorting hashes rather than filling a map: one map of every path, on one
/// core, grew 20 × for 10 × the archive (docs/performance.md).
fn check_paths(config: &Config, archive: &Archive, pages: &[Page], files: &[File]) -> Result<(), Vec<Error>> {
    let wanted: Vec<(String, Wanted)> = pages
        .par_iter()
        .map(|p| (p.file(), Wanted::Page(p)))
        .chain(files.par_iter().map(|f| (f.path.clone(), Wanted::File(f))))
        .collect();
    let bad: Vec<Option<&str>> = wanted.par_iter().map(|(path, _)| check_path(path).err()).collect();
    let mut hashes: Vec<(u64, usize)> = (0..wanted.len())
        .into_par_iter()
        .filter(|&i| bad[i].is_none())
        .map(|i| (xxhash_rust::xxh3::xxh3_64(wanted[i].0.as_bytes()), i))
        .collect();
    hashes.par_sort_unstable();
    let mut errors: Vec<(usize, Error)> = Vec::new();
    for (i, why) in bad.iter().enumerate() {
        if let Some(why) = why {
            let kind = ErrorKind::BadOutputPath { path: wanted[i].0.clone(), why };
            errors.push((i, wanted[i].1.error(config, archive, kind)));
        }
    }
    // Paths with the same hash are next to each other, the first wanted first.
    for same in hashes.chunk_by(|a, b| a.0 == b.0).filter(|same| same.len() > 1) {
        for (k, &(_, i)) in same.iter().enumerate().skip(1) {
            let first = same[..k].iter().map(|&(_, j)| j).find(|&j| wanted[j].0 == wanted[i].0);
            if let Some(first) = first {
                let other = wanted[first].1.describe(config, archive);
                let kind = ErrorKind::OutputClash { path: wanted[i].0.clone(), other };
                errors.push((i, wanted[i].1.error(config, archive, kind)));
            }
        }
    }
    errors.sort_by_key(|(i, _)| *i);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.into_iter().map(|(_, e)| e).collect())
    }
}

/// Why `path` cannot be an output file: it must be relative, `/`-separated, without
/// `.` or `..`, empty or over-long names, and name no file under the search index.
pub fn check_path(path: &str) -> Result<(), &'static str> {
    if path.is_empty() || path.starts_with('/') {
        return Err("it is not relative to the output folder");
    }
    if path.starts_with(SEARCH_DIR) {
        return Err("it is inside the folder of the search index");
    }
    for name in path.split('/') {
        match name {
            "" => return Err("it has an empty folder name"),
            "." | ".." => return Err("it names a folder above or beside its own"),
            _ if name.len() > NAME_MAX => return Err("a name in it is longer than file systems allow (255 bytes)"),
            _ if name.chars().any(|c| c.is_control() || c == '\\') => {
                return Err("it holds a control character or a backslash")
            }
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use rustc_hash::FxHashMap;

    use super::*;
    use crate::cache::sources::ParsedSources;
    use crate::diagnostic::Problems;
    use crate::pipeline::{load, Options};

    /// What `check_paths` said before it sorted hashes on every core: one map, in order.
    fn in_one_map(config: &Config, archive: &Archive, pages: &[Page], files: &[File]) -> Vec<String> {
        let wanted = pages.iter().map(|p| (p.file(), Wanted::Page(p)));
        let wanted = wanted.chain(files.iter().map(|f| (f.path.clone(), Wanted::File(f))));
        let mut seen: FxHashMap<String, Wanted> = FxHashMap::default();
        let mut errors = Vec::new();
        for (path, by) in wanted {
            if let Err(why) = check_path(&path) {
                errors.push(by.error(config, archive, ErrorKind::BadOutputPath { path, why }).to_string());
            } else if let Some(first) = seen.get(&path) {
                let kind = ErrorKind::OutputClash { path: path.clone(), other: first.describe(config, archive) };
                errors.push(by.error(config, archive, kind).to_string());
            } else {
                seen.insert(path, by);
            }
        }
        errors
    }

    /// Generated plans, with paths wanted twice or more, bad paths, some of them wanted
    /// twice too, and pages whose file is a file's path: the same errors, in the same
    /// order, as one map in order gives.
    #[test]
    fn paths_wanted_twice_or_badly_are_found_as_one_map_finds_them() {
        let site = crate::test_support::fixture("minimal");
        let mut problems = Problems::default();
        let loaded = load(site.path(), &Options::default(), &mut ParsedSources::default(), None, &mut problems);
        let (site, _) = loaded.expect("the fixture loads");
        let names = ["a", "b", "c", "..", "", "d/e"];
        for seed in 0..300 {
            let rng = std::cell::RefCell::new(fastrand::Rng::with_seed(seed));
            let up_to = |n: usize| rng.borrow_mut().usize(0..n);
            let name = || names[up_to(names.len())];
            let mut rels: Vec<String> = (0..up_to(40)).map(|_| format!("{}/{}/", name(), name())).collect();
            rels.extend((0..up_to(4)).map(|_| format!("{}.html", name())));
            let pages: Vec<Page> = rels.into_iter().map(|rel| Page { rel, kind: PageKind::NotFound }).collect();
            let files: Vec<File> = (0..up_to(10))
                .map(|_| File { path: format!("{}/{}/index.html", name(), name()), output: Output::NoJekyll })
                .collect();
            let expected = in_one_map(&site.config, &site.archive, &pages, &files);
            let found = check_paths(&site.config, &site.archive, &pages, &files).err().unwrap_or_default();
            let found: Vec<String> = found.iter().map(|e| e.to_string()).collect();
            assert_eq!(found, expected, "seed {seed}");
        }
    }

    #[test]
    fn output_paths_stay_inside_the_output_folder() {
        assert!(check_path("zh/2024/a/index.html").is_ok());
        assert!(check_path(".nojekyll").is_ok());
        for bad in ["", "/etc/passwd", "zh/../../x", "zh/./a", "zh//a", "a\\b", "search/zh/x.json"] {
            assert!(check_path(bad).is_err(), "{bad}");
        }
        assert!(check_path(&format!("zh/{}/index.html", "a".repeat(256))).is_err());
    }
}

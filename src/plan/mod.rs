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
    errors.extend(folder_errors(config, archive, &wanted, &hashes));
    errors.sort_by_key(|(i, _)| *i);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.into_iter().map(|(_, e)| e).collect())
    }
}

/// An error for each source that wants a path inside a folder that is a file; once,
/// at the first such path, for all of its pages and files that do.
fn folder_errors(
    config: &Config,
    archive: &Archive,
    wanted: &[(String, Wanted)],
    hashes: &[(u64, usize)],
) -> Vec<(usize, Error)> {
    let mut clashes = folders_that_are_files(wanted, hashes);
    clashes.sort_unstable();
    let mut said = rustc_hash::FxHashSet::default();
    let errors = clashes.into_iter().map(|(i, file)| {
        let other = wanted[file].1.describe(config, archive);
        let kind = ErrorKind::OutputFolderIsFile { folder: wanted[file].0.clone(), other };
        (i, wanted[i].1.error(config, archive, kind))
    });
    errors.filter(|(_, error)| said.insert(error.to_string())).collect()
}

/// Paths that would be written inside a folder that another path wants as a file
/// (`zh/atom.xml/index.html` under the feed `zh/atom.xml`): each with the first such
/// file. `hashes` are the well-formed paths' hashes, sorted, with their places in
/// `wanted`.
fn folders_that_are_files(wanted: &[(String, Wanted)], hashes: &[(u64, usize)]) -> Vec<(usize, usize)> {
    let file_named = |folder: &str| {
        let hash = xxhash_rust::xxh3::xxh3_64(folder.as_bytes());
        let from = hashes.partition_point(|&(h, _)| h < hash);
        hashes[from..].iter().take_while(|&&(h, _)| h == hash).map(|&(_, j)| j).find(|&j| wanted[j].0 == folder)
    };
    hashes
        .par_iter()
        .filter_map(|&(_, i)| {
            let path = &wanted[i].0;
            let mut folders = path.match_indices('/').map(|(end, _)| &path[..end]);
            folders.find_map(file_named).map(|file| (i, file))
        })
        .collect()
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

    /// What `check_paths` says, found the plain way: one map of paths, then every path
    /// in order.
    fn in_one_map(config: &Config, archive: &Archive, pages: &[Page], files: &[File]) -> Vec<String> {
        let wanted: Vec<(String, Wanted)> = pages
            .iter()
            .map(|p| (p.file(), Wanted::Page(p)))
            .chain(files.iter().map(|f| (f.path.clone(), Wanted::File(f))))
            .collect();
        let mut first: FxHashMap<&str, usize> = FxHashMap::default();
        for (i, (path, _)) in wanted.iter().enumerate().filter(|(_, (path, _))| check_path(path).is_ok()) {
            first.entry(path.as_str()).or_insert(i);
        }
        let mut errors = Vec::new();
        for (i, (path, by)) in wanted.iter().enumerate() {
            let mut error = |kind| errors.push(by.error(config, archive, kind).to_string());
            if let Err(why) = check_path(path) {
                error(ErrorKind::BadOutputPath { path: path.clone(), why });
                continue;
            }
            if first[path.as_str()] != i {
                error(ErrorKind::OutputClash {
                    path: path.clone(),
                    other: wanted[first[path.as_str()]].1.describe(config, archive),
                });
            }
            let mut folders = path.match_indices('/').map(|(end, _)| &path[..end]);
            if let Some((folder, &file)) = folders.find_map(|f| first.get_key_value(f)) {
                let other = wanted[file].1.describe(config, archive);
                let kind = ErrorKind::OutputFolderIsFile { folder: folder.to_string(), other };
                let said = by.error(config, archive, kind).to_string();
                if !errors.contains(&said) {
                    errors.push(said);
                }
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
            // Some files where pages want a folder.
            let file = |kind| match kind {
                0 => format!("{}/{}/index.html", name(), name()),
                1 => format!("{}/{}", name(), name()),
                _ => name().to_string(),
            };
            let files: Vec<File> =
                (0..up_to(10)).map(|_| File { path: file(up_to(3)), output: Output::NoJekyll }).collect();
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

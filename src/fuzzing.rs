//! Entry points for the fuzz targets in `fuzz/` and for the tests that replay what they
//! found (`tests/fixtures/fuzz/`). Each takes arbitrary bytes and runs one stage as a
//! build would: an error for bad input is a correct answer, a panic is a bug.

use std::path::Path;

use crate::config::{self, Config, Lang};
use crate::diagnostic::Problems;
use crate::{archive, import, markdown, plan, source, theme};

/// A two-language site with one topic, as transcripts are read against.
const SITE: &str = "title: { zh: 档案, en: Archive }
base_url: https://example.org/
default_language: zh
languages:
  zh: { name: 中文, locale: zh-Hans }
  en: { name: English, locale: en }
topics:
  peace: { zh: 和平, en: Peace }
";

/// The configuration the other entry points read transcripts against; a fuzz target
/// makes it once.
pub fn site() -> Config {
    config::from_text(Path::new("site"), SITE, &config::Overrides::default()).expect("the fuzzing site.yaml is valid")
}

/// site.yaml's text.
pub fn site_config(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = config::from_text(Path::new("site"), text, &config::Overrides::default());
    }
}

/// A whole transcript file: encoding, front matter split and front matter.
pub fn front_matter(site: &Config, data: &[u8]) {
    let _ = read(site, data.to_vec(), "zh");
}

/// A transcript body after valid front matter: sections, headings, turns.
pub fn body(site: &Config, data: &[u8]) {
    let mut bytes = b"---\ntitle: T\ndate: 2024-01-01\nspeakers: { wang-yi: Wang Yi }\n---\n".to_vec();
    bytes.extend_from_slice(data);
    if let Ok(file) = read(site, bytes, "en") {
        let doc = markdown::parse(site, &file, &mut Problems::default());
        for section in &doc.sections {
            markdown::turns(&section.blocks);
        }
    }
}

/// A raw text through `import`. What import writes must read back without an error:
/// an archivist is told to build it next.
pub fn import(site: &Config, data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let lang = if data.first().is_some_and(|b| b % 2 == 1) { "en" } else { "zh" };
    let Ok(imported) = import::import(Path::new("raw.txt"), text, lang, None) else { return };
    let written = imported.transcript.to_markdown(lang);
    let file = read(site, written.clone().into_bytes(), lang)
        .unwrap_or_else(|e| panic!("import wrote a file that does not read back: {e}\n{written}"));
    let mut problems = Problems::default();
    markdown::parse(site, &file, &mut problems);
    if let Some(e) = problems.errors.first() {
        panic!("import wrote a file with an error: {e}\n{written}");
    }
}

fn read(site: &Config, bytes: Vec<u8>, lang: &str) -> Result<source::SourceFile, crate::diagnostic::Error> {
    let path = site.content_dir().join(format!("2024/talk.{lang}.md"));
    source::from_bytes(site, &path, bytes, "talk", Lang(lang.to_string()))
}

/// A whole site in one input, parts split by a 0xFF byte (never in UTF-8 text):
/// site.yaml, then files of `content/`, each a path and then its text. If the site
/// plans its outputs, every planned path must stay inside the output folder: relative,
/// with no `.`, `..` or empty part, no backslash or NUL. Returns how many paths were
/// checked (none when the site is refused).
pub fn output_paths(data: &[u8]) -> usize {
    let mut parts = data.split(|&b| b == 0xFF).map(String::from_utf8_lossy);
    let Some(site_yaml) = parts.next() else { return 0 };
    let root = Path::new("/fuzz-site");
    let Ok(config) = config::from_text(root, &site_yaml, &config::Overrides::default()) else { return 0 };
    let mut problems = Problems::default();
    let mut parsed = Vec::new();
    while let (Some(rel), Some(text)) = (parts.next(), parts.next()) {
        let path = config.content_dir().join(rel.trim_start_matches('/'));
        let Some(stem) = path.file_name().and_then(|n| n.to_str()).and_then(|n| n.strip_suffix(".md")) else {
            continue;
        };
        let (name, lang) = match stem.rsplit_once('.') {
            Some((name, code)) if config.lang(code).is_some() => (name.to_string(), Lang(code.to_string())),
            _ => (stem.to_string(), config.default_language.clone()),
        };
        if let Ok(file) = source::from_bytes(&config, &path, text.as_bytes().to_vec(), &name, lang) {
            let doc = markdown::parse(&config, &file, &mut problems);
            parsed.push((file, std::sync::Arc::new(doc)));
        }
    }
    let archive = archive::assemble(&config, parsed, Vec::new(), &mut problems);
    let Ok((theme, _)) = theme::load(&config) else { return 0 };
    let Ok(manifest) = plan::Manifest::new(&config, &archive, &theme, true) else { return 0 };
    let paths = manifest.paths();
    for path in &paths {
        let bad = path.is_empty()
            || path.starts_with('/')
            || path.contains(['\\', '\0'])
            || path.split('/').any(|part| part.is_empty() || part == "." || part == "..");
        assert!(!bad, "a planned output path leaves the output folder: {path:?}");
    }
    paths.len()
}

//! Problems found in a site's sources: where they are and what is wrong, in words an
//! archivist understands. Every stage reports through these types so `build` and
//! `check` can print all problems of a run together.

use std::fmt;
use std::path::{Path, PathBuf};

mod location;
pub use location::Location;

/// `; write `zh-hans``, when writing `key` in lower case is all it needs.
fn lower_case_fix(key: &str) -> String {
    let lower = key.to_ascii_lowercase();
    let fixed = lower != key && lower.starts_with(|c: char| c.is_ascii_alphanumeric());
    match fixed && lower.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
        true => format!("; write `{lower}`"),
        false => String::new(),
    }
}

/// What can be wrong with a site. One variant per kind of mistake, each with a message
/// that says what to do about it.
#[derive(Debug, thiserror::Error)]
pub enum ErrorKind {
    #[error("cannot read this file: {0}")]
    Unreadable(#[source] std::io::Error),
    #[error(
        "this is a symbolic link to `{}`, outside the site folder; a build publishes what it reads, so it follows only links that stay inside the site: copy the file in instead",
        target.display()
    )]
    LinkLeavesSite { target: PathBuf },
    #[error(
        "this file is not UTF-8 text: the character here is in another encoding (GBK or Big5 for Chinese, Windows-1252 for text from Word, perhaps); save the file as UTF-8"
    )]
    NotUtf8,
    #[error(
        "an invisible control character ({code}) is here, which YAML does not allow; delete it (text copied from a PDF, a terminal or an old DOS file can carry them)"
    )]
    YamlControlCharacter { code: String },
    #[error("this file is not UTF-8 text but UTF-16, as some Windows editors save it; save the file as UTF-8")]
    Utf16,
    #[error("this file has no front matter: it must start with a line `---`, then the YAML keys, then `---`{hint}")]
    NoFrontMatter { hint: &'static str },
    #[error("the front matter is not closed: add a line `---` after its last key")]
    UnclosedFrontMatter,
    /// What the YAML parser said, in an archivist's words where we know them.
    #[error("the YAML cannot be read: {0}")]
    BadYaml(String),
    #[error("the YAML cannot be read: it is nested too deeply (more than 128 levels of lists and keys)")]
    YamlTooDeep,
    #[error("the YAML cannot be read: its anchors and aliases (`&a`, `*a`) repeat the same text too many times")]
    YamlAliasesRepeat,
    #[error(
        "the YAML cannot be read: `{key}：` has a full-width colon; YAML needs an ASCII colon and a space: `{key}: …`"
    )]
    YamlFullWidthColon { key: String },
    #[error("the YAML cannot be read: a tab is used for indentation; YAML needs spaces")]
    YamlTabIndent,
    #[error("the YAML cannot be read: `{key}` is missing from {context}")]
    KeyMissingFrom { key: String, context: &'static str },
    #[error("{context} is {} KB, more than the {} KB diptych reads: YAML here holds names, dates and labels, and the text belongs in the Markdown", bytes / 1024, limit / 1024)]
    YamlTooLarge { bytes: usize, limit: usize, context: &'static str },
    #[error("unknown key `{key}` in {context}; the keys allowed here are: {allowed}")]
    UnknownKey { key: String, context: &'static str, allowed: String },
    #[error("`{key}` is missing: {why}")]
    MissingKey { key: &'static str, why: &'static str },
    #[error("`{value}` is not a valid date: {}", .meant.map_or_else(|| "write dates as YYYY-MM-DD, e.g. 2024-03-07".to_string(), |d| format!("write it as {d} (YYYY-MM-DD)")))]
    InvalidDate { value: String, meant: Option<chrono::NaiveDate> },
    #[error("the key `{key}` is given twice; keep one")]
    DuplicateKey { key: String },
    #[error("site.yaml is empty: it needs at least `title`, `base_url`, `default_language` and `languages` (see `diptych init`)")]
    EmptyConfig,
    #[error("unknown language `{lang}`: the languages in site.yaml are {known}")]
    UnknownLanguage { lang: String, known: String },
    #[error("unknown topic `{key}`: add it under `topics:` in site.yaml{hint}")]
    UnknownTopic { key: String, hint: String },
    #[error("a section id cannot be empty")]
    EmptySectionId,
    #[error("section id `{id}` becomes part of the page's address, so it may hold only lower-case ASCII letters (a-z), digits and `-`, and must start with a letter or digit")]
    SectionIdNotUrlSafe { id: String },
    #[error(
        "section id `{start}…` is {chars} characters long; it becomes part of the page's address, so keep it to {max}"
    )]
    SectionIdTooLong { start: String, chars: usize, max: usize },
    #[error("the {what} `{key}` becomes part of web addresses, so it may hold only lower-case ASCII letters (a-z), digits and `-`, and must start with a letter or digit{}", lower_case_fix(key))]
    BadUrlKey { key: String, what: &'static str },
    #[error("{from} `{url}` is not an address a site can be published at: {why}; write the full address, such as `https://user.github.io/archive/`")]
    BadBaseUrl { url: String, why: String, from: &'static str },
    #[error("cname `{domain}` cannot be the site's custom domain: {why}")]
    BadCname { domain: String, why: String },
    #[error("the locale `{locale}` of language `{lang}` is not a language tag; write one such as `zh-Hans`, `zh-Hant` or `en` (letters and digits in parts joined by `-`)")]
    BadLocale { locale: String, lang: String },
    #[error("the `{underline}` at line {line}, right under this text, makes the text a heading (Markdown reads a line underlined with `---` or `===` as one): leave a blank line between them to keep the text as it is (a `---` after a blank line begins the closing lines); for a section, write `## …` and its `{{#id}}` on one line")]
    UnderlinedHeading { underline: String, line: usize },
    #[error("this Word document cannot be read ({why}); open it in Word and save it again, or save it as plain text (.txt, UTF-8)")]
    UnreadableDocument { why: String },
    #[error("a section heading after the closing block, which the `---` at line {rule} began: the closing lines come after the last section, so move them (and the `---`) to the end")]
    SectionAfterClosing { rule: usize },
    #[error("the address `{link}` is relative, but a transcript's text is shown on pages at different depths (its section's page, the transcript's, the side-by-side views), where it would lead to different places; {fix}")]
    RelativeLinkInTranscript { link: String, fix: String },
    #[error("the note `[^{label}]` has no text: write it on a line of its own below the paragraph, `[^{label}]: …` (to show `[^{label}]` as it is, write `\\[^{label}]`)")]
    NoteNotWritten { label: String },
    #[error("a note's text is written with an ASCII colon, `[^{label}]: …`; this one has a full-width `：`, so it is read as a paragraph of the text")]
    NoteWithFullWidthColon { label: String },
    #[error("the note `[^{label}]` is written inside a quote or a list, where it is part of that text; write it at the start of a line of its own, `[^{label}]: …`")]
    NoteTextNested { label: String },
    #[error("the note `[^{label}]` is written twice (first at line {first_line}); give each its own label")]
    NoteWrittenTwice { label: String, first_line: usize },
    #[error("the note `[^{label}]` is already referred to from {first_part} (line {first_line}), and each section's page lists its own notes; give this one a note of its own")]
    NoteInTwoParts { label: String, first_part: String, first_line: usize },
    #[error("a note in a section heading (`[^{label}]`): headings are shown in lists and contents without their notes; put the mark in the text under the heading")]
    NoteInHeading { label: String },
    #[error("unknown heading attribute `{name}`: a section heading takes `{{#id}}`, `topics=a,b` and `was=old-id` (an id cannot contain spaces)")]
    UnknownHeadingAttribute { name: String },
    #[error(
        "`{written}` has a space in it, so what follows the space is read as an attribute of its own; write `{joined}`"
    )]
    SpacedHeadingAttribute { written: String, joined: String },
    #[error("section id `{id}` is used twice in this file (first at line {first_line})")]
    DuplicateSectionId { id: String, first_line: usize },
    #[error(
        "section `{id}` is not a section of {}, which has {known}; a translation may leave sections out, but each section it has takes the `{{#id}}` of the same section in the fullest version",
        other.display()
    )]
    SectionNotInOther { id: String, other: PathBuf, known: String },
    #[error(
        "section `{id}` comes after `{before}` here, but before it in {}; a translation may leave sections out, but keeps the others in the same order",
        other.display()
    )]
    SectionOutOfOrder { id: String, before: String, other: PathBuf },
    #[error("the date {ours} differs from {theirs} in its translation {other}")]
    DatesDiffer { other: PathBuf, ours: String, theirs: String },
    #[error("the slug `{ours}` differs from `{theirs}` in its translation {other}")]
    SlugsDiffer { other: PathBuf, ours: String, theirs: String },
    #[error("{} is a translation in the same language{hint}; keep one file per language", other.display())]
    SameLanguageTwice { other: PathBuf, hint: &'static str },
    #[error("the page path `{path}` is also the page path of {other}; rename one file or set `slug`")]
    PathCollision { path: String, other: PathBuf },
    #[error("the page `{path}` would have the address of the transcript {}; rename the page's file", other.display())]
    PageOverTranscript { path: String, other: PathBuf },
    #[error("the page `{path}` starts with `{reserved}`, which the site uses for its own pages; rename the page's file or folder")]
    PageReserved { path: String, reserved: String },
    #[error("the page path `{path}` starts with `{reserved}`, which the site uses for its own pages; rename the folder or set `slug`")]
    ReservedPath { path: String, reserved: String },
    #[error("`{key}` `{url}` cannot be linked to: {why}")]
    BadAddress { key: &'static str, url: String, why: &'static str },
    #[error("the alias `{alias}` is not a usable page path: {why}")]
    InvalidAlias { alias: String, why: &'static str },
    #[error("`{slug}` is not a usable page path: {why}")]
    InvalidSlug { slug: String, why: &'static str },
    #[error("this heading's `{{…}}` is typed with full-width signs ({found}): write them in ASCII, as in `## 标题 {{#id topics=a,b}}`")]
    FullWidthAttributes { found: String },
    #[error("`title` is empty: every {what} needs a title in its front matter")]
    EmptyTitle { what: &'static str },
    #[error("the theme `{theme}` was not found: there is no folder {dir}")]
    ThemeNotFound { theme: String, dir: PathBuf },
    #[error("the footer is inline Markdown (text, links, emphasis), but this has {why}")]
    FooterNotInline { why: &'static str },
    #[error("a menu entry cannot be used: {what}; an entry is one of `home`, `topics`, `speakers`, `search`, `page: NAME` (a page in pages/), `topic: KEY` (a topic's page) or `{{ label: …, url: https://… }}`")]
    BadMenuEntry { what: String },
    #[error("the menu names the page `{path}`, but pages/ has no such page{hint}")]
    UnknownMenuPage { path: String, hint: String },
    #[error("the menu names the topic `{key}`, but site.yaml's `topics` has no such key; its topics are {known}")]
    UnknownMenuTopic { key: String, known: String },
    #[error("`extra` cannot be handed to templates: {why}")]
    BadExtra { why: String },
    #[error("unknown UI string `{key}`; the theme's strings are: {known}")]
    UnknownUiString { key: String, known: String },
    /// What tera said, with its whole chain of causes (where tera puts the details).
    #[error("the template cannot be used: {message}")]
    Template { message: String },
    #[error("the UI strings for `{lang}` lack `{key}`, which {other} needs")]
    MissingUiString { lang: String, key: String, other: String },
    #[error("output_dir `{}` is the site folder or contains it; a build replaces its output folder, so choose a folder of its own such as `public`", output.display())]
    OutputHoldsSite { output: PathBuf },
    #[error("output_dir `{}` overlaps `{}`, which holds the site's sources; choose a folder of its own such as `public`", output.display(), sources.display())]
    OutputOverlapsSources { output: PathBuf, sources: PathBuf },
    #[error("output_dir `{}` holds files that diptych did not write; a build replaces this folder, so empty or remove it first, or choose another", output.display())]
    OutputNotOurs { output: PathBuf },
    #[error("`{}` holds files that diptych did not write; diptych keeps its previous output under that name, so move that folder away", spare.display())]
    SpareNotOurs { spare: PathBuf },
    #[error("`{}` is a symbolic link; diptych keeps what makes the next build faster in `.diptych-cache/` and writes nothing through a link, which could point anywhere outside the site: remove `.diptych-cache` (the next build makes it again)", link.display())]
    CacheHasLink { link: PathBuf },
    #[error("output_dir `{}` is a symbolic link; a build replaces its output folder by renaming, which would replace the link and not the folder it points to, so name the real folder instead", output.display())]
    OutputIsLink { output: PathBuf },
    #[error("output_dir `{}` is a file, not a folder; a build replaces its output folder, so choose a folder of its own such as `public`", output.display())]
    OutputIsFile { output: PathBuf },
    #[error("output_dir `{}` is a mount point (a disk or volume of its own); a build replaces its output folder by renaming, which cannot move a mount point, so name a folder inside it, such as `{}/site`", output.display(), output.display())]
    OutputIsMountPoint { output: PathBuf },
    #[error("{} is not an empty folder{found}; init makes a new site in an empty folder or a new repository (which may hold `.git`, a README, a LICENSE and `.gitignore`), or give --force to add the site's files beside what is there (no file is replaced)", folder_name(dir))]
    InitNotEmpty { dir: PathBuf, found: String },
    #[error("{} holds a site already (its site.yaml): build it with `diptych build`, preview it with `diptych serve`, or add a transcript with `diptych new transcript PATH` (`--force` adds the sample files it lacks, replacing none)", folder_name(dir))]
    InitSiteThere { dir: PathBuf },
    #[error("the build was interrupted")]
    Interrupted,
    #[error("the search index could not be written as JSON: {0}")]
    Search(#[source] serde_json::Error),
    #[error("the search indexer stopped unexpectedly, which is a bug in diptych; the previous output is unchanged")]
    IndexerStopped,
    #[error("the text has no title line: its first line should be the title, then (optionally) a line starting with —— for the subtitle")]
    ImportNoTitle,
    #[error("the text names no year{}; give the date with --date YYYY-MM-DD", found.as_ref().map(|f| format!(" (it says {f})")).unwrap_or_default())]
    ImportNeedsDate { found: Option<String> },
    #[error("the text dates itself `{written}`, which reads as day then month or as month then day; give the date with --date YYYY-MM-DD")]
    ImportAmbiguousDate { written: String },
    #[error("the text looks {looks} ({share}% of its letters are {letters}), but --lang says {said}; give --lang {suggest}, or check that this is the file you meant")]
    ImportWrongLanguage {
        said: &'static str,
        looks: &'static str,
        letters: &'static str,
        share: usize,
        suggest: &'static str,
    },
    #[error("--lang names {langs}: a text in two languages is read with two different ones, such as --lang zh,en")]
    ImportSameLanguage { langs: String },
    #[error("the text is in {looks} only (no run of lines in the other language), but --lang names two languages; give --lang {suggest}")]
    ImportNotBilingual { looks: &'static str, suggest: &'static str },
    #[error("--lang names one language (zh, en) or two for a text in both (zh,en)")]
    ImportLanguages,
    #[error("a text in two languages makes two transcripts: give --output-dir DIR, or --output NAME.zh.md (the other goes beside it)")]
    ImportTwoOutputs,
    #[error("--output {} should be named for one of the two transcripts, as {wanted} (the other goes beside it)", given.display())]
    ImportOutputNames { given: PathBuf, wanted: String },
    #[error("this file has {theirs} section(s) and the imported text {ours}; ids are taken by position, so both must have the same sections")]
    ImportIdsDiffer { theirs: usize, ours: usize },
    #[error("{} exists already; import never replaces a file, so give --force to replace it, or name another", path.display())]
    ImportWouldOverwrite { path: PathBuf },
    #[error(
        "the link `{link}` leads to nothing in this site (it is on {pages}); correct the address, or remove the link"
    )]
    BrokenLink { link: String, pages: String },
    #[error("this file is neither UTF-8 text nor text in another encoding that import can find (GB18030, Big5, UTF-16…): the character here is not; save it as UTF-8, or name its encoding with `--encoding`")]
    UnknownEncoding,
    #[error("this file is {format}, not plain text: import reads text as it was copied out of a page; open it and save it as plain text (.txt, UTF-8), or copy its text into a .txt file")]
    NotPlainText { format: &'static str },
    #[error("this file is not {encoding} text: the character here is not; name the encoding it is in with `--encoding`, or leave `--encoding` out for import to find it")]
    NotInEncoding { encoding: &'static str },
    #[error("the heading of section `{id}` has no words: its page would have no title, and every link to it no text; write the heading before its `{{…}}`, as in `## 期待高质量共建“一带一路” {{#{id}}}`")]
    EmptySectionHeading { id: String },
    #[error("the speaker `{key}` has no name: `speakers` gives each key the name as this file writes it in their turns, e.g. `{key}: 王毅`")]
    SpeakerWithoutName { key: String },
    #[error("topic `{topic}` has an empty {what} in `{lang}`: {why}; write it, or remove it")]
    EmptyTopicText { topic: String, what: &'static str, lang: String, why: &'static str },
    #[error("the UI string `{key}` is `{format}`, which cannot write a date: it has a `%` field that is not a date's (a time of day, a time zone) or not one at all; a date's are `%Y` (2024), `%m` (03), `%-m` (3), `%d` (07), `%-d` (7), `%B` (March), `%b` (Mar), `%A` (Thursday), and `%%` for `%` itself")]
    BadDateFormat { key: String, format: String },
    #[error("the link `{link}` is broken: {why}{also}")]
    ExternalLinkBroken { link: String, why: String, also: String },
    #[error("{} exists already; `diptych new` never replaces a file, so choose another path", path.display())]
    NewWouldOverwrite { path: PathBuf },
    #[error("there is no site.yaml in {}: diptych works in a site's folder, the one that holds site.yaml; go there (or name it with `--root DIR`), or make a new site with `diptych init`", root.display())]
    NoSiteHere { root: PathBuf },
    #[error("`{path}` is named for {named}, but --date says {date}; name the file for its date, or leave --date out")]
    NewDateUnlikeName { path: String, named: String, date: String },
    #[error(
        "`{path}` is named for the year {year} but not the day; give the transcript's date with `--date {year}-MM-DD`"
    )]
    NewDateNeeded { path: String, year: i32 },
    #[error("cannot write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("this would be written to `{path}` in the output, as would {other}; rename one of them")]
    OutputClash { path: String, other: String },
    #[error("this would be written inside `{folder}/` in the output, but `{folder}` is a file there, written for {other}; rename one of them")]
    OutputFolderIsFile { folder: String, other: String },
    #[error("the output path `{path}` cannot be written: {why}")]
    BadOutputPath { path: String, why: &'static str },
}

/// An error, with its place in the sources when it has one.
#[derive(Debug)]
pub struct Error {
    pub at: Option<Location>,
    /// Boxed: errors travel through every stage's `Result`, which should stay small.
    pub kind: Box<ErrorKind>,
}

impl WarningKind {
    /// `reference` (`&#146;`) writes the control character `c`: named, with the
    /// character an old web page meant by it, if any.
    pub fn control_reference(reference: &str, c: char) -> WarningKind {
        let fix = match crate::text::windows_1252(c) {
            Some(meant) => format!("old web pages wrote `{meant}` so (Windows-1252's number for it): write `{meant}`"),
            None => "delete it".to_string(),
        };
        WarningKind::ControlReference { reference: reference.to_string(), code: code_point(c), fix }
    }

    /// The first of `count` zero-width characters of a file.
    pub fn zero_width(c: char, count: usize) -> WarningKind {
        let more = if count > 1 { format!(" ({count} in all in this file)") } else { String::new() };
        WarningKind::ZeroWidth { code: code_point(c), more }
    }

    /// A control character written as it is, or by a YAML escape (`"\x07"`).
    pub fn control_character(c: char) -> WarningKind {
        WarningKind::ControlCharacter { code: code_point(c) }
    }
}

/// A folder as a message names it: `.` is "this folder".
fn folder_name(dir: &Path) -> String {
    if dir == Path::new(".") {
        "this folder".to_string()
    } else {
        format!("`{}`", dir.display())
    }
}

/// `, here and in 2 more paragraphs`, after what a message names at its first place.
fn and_more(others: usize) -> String {
    match others {
        0 => String::new(),
        n => format!(", here and in {}", counted(n, "more paragraph")),
    }
}

/// ` and 2 other files`, after the file a message is at.
fn and_others(others: usize) -> String {
    match others {
        0 => String::new(),
        n => format!(" and {}", counted(n, "other file")),
    }
}

/// `1 turn`, `2 turns`: `what` (singular) counted.
fn counted(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// `U+0007`: how a character is named in messages.
pub fn code_point(c: char) -> String {
    format!("U+{:04X}", u32::from(c))
}

impl Error {
    pub fn new(at: Location, kind: ErrorKind) -> Self {
        Error { at: Some(at), kind: Box::new(kind) }
    }

    /// An error that is about no place in the sources (the output folder, say): its
    /// message names what it is about.
    pub fn nowhere(kind: ErrorKind) -> Self {
        Error { at: None, kind: Box::new(kind) }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let message = match &self.at {
            Some(at) => format!("{at}: error: {}", self.kind),
            None => format!("error: {}", self.kind),
        };
        f.write_str(&printable(&message))
    }
}

/// `text` with what a terminal would act on written out instead: control characters
/// (a file name can hold an escape sequence that clears the screen or a line break
/// that fakes another message) and the marks that reorder text on screen.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    let acts = |c: char| c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    if !text.chars().any(acts) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if acts(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.kind)
    }
}

/// Things that do not stop a build but that an archivist should look at (`diptych check`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WarningKind {
    #[error(
        "an invisible control character ({code}) is here: no browser shows it, so the pages leave it out; delete it (text copied from a PDF, a terminal or an old DOS file can carry them)"
    )]
    ControlCharacter { code: String },
    #[error("YAML reads the value of `{key}` as `{read}`, not as it is written: {why}; if that belongs to the text, put the whole value in quotes: `{fix}`")]
    YamlCutValue { key: String, read: String, why: String, fix: String },
    #[error(
        "an invisible zero-width character ({code}) is here{more}: it would split a word, a name or an id where no one sees a break, so diptych leaves it out; delete it (text copied from a web page or a word processor can carry them)"
    )]
    ZeroWidth { code: String, more: String },
    #[error("`{reference}` writes an invisible control character ({code}) that no browser shows, so the pages leave it out; {fix}")]
    ControlReference { reference: String, code: String, fix: String },
    #[error("this section has no `{{#id}}`; it is called `{assigned}` and paired with its translation by position")]
    MissingSectionId { assigned: String },
    #[error("section `{section}` has {} here but {theirs} in {other}; the parallel view will show gaps", counted(*.ours, .what))]
    CountsDiffer { section: String, what: &'static str, ours: usize, theirs: usize, other: PathBuf },
    #[error("the theme has no UI strings for `{lang}`, so its pages show {from} labels; add {} with the theme's keys in that language (or set them under `strings: {{ {lang}: … }}` here)", file.display())]
    FallbackStrings { lang: String, from: String, file: PathBuf },
    #[error("this transcript has no {lang} translation")]
    Untranslated { lang: String },
    #[error("the site is {size}, more than the 1 GB that GitHub Pages supports for a published site, so publishing it there may fail{}. Publish it with a host that takes larger sites, or split the archive (by year, say) into sites of their own", transcripts_fit(.fit))]
    OverPagesLimit { size: crate::run::Size, fit: Option<TranscriptsFit> },
    #[error("section `{section}` has no {lang} translation: its {lang} page says so, and the parallel view leaves its column empty")]
    SectionUntranslated { section: String, lang: String },
    #[error("a speaker's turn before the first `## Heading {{#id}}` is part of the preface: it is shown as written, with no section page, and its speaker is not linked; put a section heading before it")]
    TurnInPreface,
    #[error("section `{section}` is empty: its heading has no text under it")]
    EmptySection { section: String },
    #[error("the note `[^{label}]` is written here but nothing in the text refers to it, so no page shows it; put `[^{label}]` where it belongs in the text")]
    NoteNotReferredTo { label: String },
    #[error("{}", if *.repeats { "this `#` heading repeats the title, which the pages already show from the front matter's `title`; delete it" } else { "a `#` heading is shown as a second title on the transcript's pages: the title is the front matter's `title`, and a section starts with `## Heading {#id}`" })]
    TitleHeading { repeats: bool },
    #[error("`{tag}` is HTML, which the site shows as text{}: delete the tags (a document exported from a word processor carries them), or let the site show HTML with `markdown: {{ allow_html: true }}` in site.yaml", and_more(*.others))]
    HtmlShownAsText { tag: String, others: usize },
    #[error("`{written}` is an attribute that Pandoc writes (a word processor's document converted to Markdown), which the site shows as text{}: delete it", and_more(*.others))]
    PandocAttributes { written: String, others: usize },
    #[error("the link `{address}` would run a program in the reader's browser, not open a page, so the site shows its words without the link{}: write a web address (`https://…`)", and_more(*.others))]
    CodeAddress { address: String, others: usize },
    #[error("this HTML comment (`<!--`) is not closed, so everything after it, to the end of the file, is hidden; close it with `-->`")]
    UnclosedComment,
    #[error("the address `{link}` carries the path the site is published under, which the site adds itself (and which changes where it is published elsewhere, with `--base-url`); write `{meant}`")]
    LinkWithSitePath { link: String, meant: String },
    #[error("this turn of {name} has no words: the label is followed by another turn or the end of the section")]
    EmptyTurn { name: String },
    #[error("this heading reads as a sentence ({why}); was a paragraph taken for a heading?")]
    SentenceHeading { why: &'static str },
    #[error("`{start}` begins this paragraph like a section heading, but it is read as text of the section before it: a section starts with `## ` (two ASCII `#`, then an ASCII space)")]
    LooksLikeHeading { start: String },
    #[error("`{written}` begins this paragraph like a turn of {name}, but it is read as more of the turn before it: a turn starts with `**{name}**{colon}`, the name in bold and the colon right after it")]
    LooseTurn { name: String, written: String, colon: char },
    #[error("this heading has a section id but is `{hashes}`, not `##`: only `## ` starts a section, so it is a heading inside the section before it")]
    IdOnSubheading { hashes: String },
    #[error(
        "this transcript has no speaker turns (paragraphs that start with `**Name**：`), so no one is shown speaking"
    )]
    NoTurns,
    #[error("this transcript has no section (`## Heading {{#id}}`), so all of its text is its preface: it has no section page, its paragraphs no address to cite, and the side-by-side view does not align its sentences; put a heading before the text that is not preface, such as `## 全文 {{#full-text}}`")]
    NoSections,
    #[error("the speaker `{key}` ({name}) is declared in `speakers` but never speaks here")]
    SilentSpeaker { key: String, name: String },
    #[error("this transcript has the same date, title and text as {}, so the site shows it twice; remove one of the two files (a name such as `… (1).zh.md` is often a download's copy)", other.display())]
    CopiedTranscript { other: PathBuf },
    #[error("this file is named for {named}, but its date is {date}; one of the two is mistyped (the page is listed under its date, and its address keeps the name)")]
    NamedForAnotherDate { named: String, date: String },
    #[error("`{written}` is written unlike `{declared}` in `speakers` (letter case, spaces or full-width letters), so this turn is not linked to {declared}'s page; write `**{declared}**`")]
    NearSpeakerName { written: String, declared: String },
    #[error("the speakers `{first}` and `{second}` are both called {name} here, so every turn of {name} is `{first}`'s; give each its name as written in this file")]
    SpeakersShareName { first: String, second: String, name: String },
    #[error("the address of this {}, `{path}`, has a space in it, which links write as `%20` and which breaks where a link is pasted into a message; name the file with `-` in its place{}", .of.noun(), .of.remedy())]
    SpaceInAddress { of: Addressed, path: String },
    #[error("this file is in a folder named like the language `{folder}`, but a file's language is in its name, not its folder: it is read as {lang} and published at {address}; name it `{fix}`, beside its translation, so that the two pair")]
    LanguageFolder { folder: String, lang: String, address: String, fix: String },
    #[error("this file is read as {lang}, but its text is {reads_as}; {fix}")]
    TextInAnotherLanguage { lang: String, reads_as: &'static str, fix: String },
    #[error("the link `{link}` could not be checked: {why}{also}")]
    ExternalLinkUnchecked { link: String, why: String, also: String },
    #[error("this file is not read: a Markdown file is read only when its name ends in `.md`; name it `{fix}`")]
    NotNamedMd { fix: String },
    #[error("this file{} in {folder}/ {} neither read nor published: only Markdown files named `NAME.LANG.md` are; a file for readers (a scan, a recording) goes in `static/`, and a raw transcript becomes a source file with `diptych import`", and_others(*.others), if *.others == 0 { "is" } else { "are" })]
    NotASource { others: usize, folder: String },
}

/// What has an address made from its file's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Addressed {
    Transcript,
    /// A page of `pages/`, which has no `slug`.
    Page,
}

impl Addressed {
    fn noun(self) -> &'static str {
        match self {
            Addressed::Transcript => "transcript",
            Addressed::Page => "page",
        }
    }

    /// What else mends its address, besides renaming the file.
    fn remedy(self) -> &'static str {
        match self {
            Addressed::Transcript => ", or set `slug`",
            Addressed::Page => "",
        }
    }
}

/// How many transcripts of an archive's average size (`each`) a host's limit takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TranscriptsFit {
    pub each: crate::run::Size,
    pub count: u64,
}

fn transcripts_fit(fit: &Option<TranscriptsFit>) -> String {
    fit.as_ref()
        .map_or_else(String::new, |f| format!("; at {} a transcript, about {} transcripts fit", f.each, f.count))
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub at: Location,
    pub kind: WarningKind,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&printable(&format!("{}: warning: {}", self.at, self.kind)))
    }
}

/// Everything a run found. Stages add to it and go on where they can, so one run
/// reports every problem rather than the first.
#[derive(Debug, Default)]
pub struct Problems {
    pub errors: Vec<Error>,
    pub warnings: Vec<Warning>,
}

impl Problems {
    pub fn error(&mut self, at: Location, kind: ErrorKind) {
        self.errors.push(Error::new(at, kind));
    }

    pub fn warn(&mut self, at: Location, kind: WarningKind) {
        self.warnings.push(Warning { at, kind });
    }

    /// Adds everything `other` found.
    pub fn extend(&mut self, other: Problems) {
        self.errors.extend(other.errors);
        self.warnings.extend(other.warnings);
    }

    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    /// Errors and warnings in file order, so a reader can work down the list.
    pub fn sort(&mut self) {
        self.errors.sort_by(|a, b| a.at.cmp(&b.at));
        self.warnings.sort_by(|a, b| a.at.cmp(&b.at));
    }
}

#[cfg(test)]
mod tests;

//! Lines Markdown reads otherwise than their writer meant: rewritten where the meaning
//! is plain (a label's colon inside the bold, a heading's closing hashes), an error
//! where it is not (text underlined into a heading).

use std::borrow::Cow;

use pulldown_cmark::Tag;

use crate::diagnostic::ErrorKind;

/// The error for a heading written as text underlined with `---` or `===` (a "setext"
/// heading) starting at `line`: almost always a `---` meant to begin the closing lines,
/// typed without the blank line before it, which makes the last turn a heading.
pub(super) fn underlined_heading(tag: &Tag, source: &str, line: usize) -> Option<ErrorKind> {
    let Tag::Heading { .. } = tag else { return None };
    let source = source.trim_end();
    if source.trim_start().starts_with('#') {
        return None;
    }
    let (text, underline) = source.rsplit_once('\n')?;
    let underline = underline.trim().to_string();
    Some(ErrorKind::UnderlinedHeading { underline, line: line + text.lines().count() })
}

/// A body with the lines Markdown would read otherwise than meant written as meant, to
/// the same length, so that every offset and line stays: a label with its colon inside
/// the bold (`colon_outside_bold`), and a heading with closing hashes
/// (`without_closing_hashes`).
pub(super) fn as_meant(body: &str) -> Cow<'_, str> {
    // A fixable line holds a colon and then `**`, or ` #`: a body with
    // neither pair has none, and looking for the pairs is cheaper than splitting every
    // body into lines.
    let holds = |pair: &str| memchr::memmem::find(body.as_bytes(), pair.as_bytes()).is_some();
    let (colons, hashes) = (holds("：**") || holds(":**"), holds(" #"));
    let fix = |line: &str| match colons.then(|| colon_outside_bold(line)).flatten() {
        Some(fixed) => Some(fixed),
        None => hashes.then(|| without_closing_hashes(line)).flatten(),
    };
    if !(colons || hashes) || !body.lines().any(|l| fix(l).is_some()) {
        return Cow::Borrowed(body);
    }
    let mut out = String::with_capacity(body.len());
    for line in body.split_inclusive('\n') {
        match fix(line) {
            Some(fixed) => out.push_str(&fixed),
            None => out.push_str(line),
        }
    }
    Cow::Owned(out)
}

/// `**王毅：**` and `**Wang Yi:**`, the colon inside the bold (as word processors and
/// many editors write it), read as `**王毅**：`: CommonMark does not even close the
/// bold before a Chinese character.
fn colon_outside_bold(line: &str) -> Option<String> {
    let inner = line.strip_prefix("**")?;
    let end = inner.find("**")?;
    let label = &inner[..end];
    let colon = label.chars().last().filter(|c| matches!(c, '：' | ':'))?;
    let name = &label[..label.len() - colon.len_utf8()];
    let fixable = !name.trim().is_empty() && name.chars().count() <= 40 && !name.contains('*');
    fixable.then(|| format!("**{name}**{colon}{}", &line[2 + end + 2..]))
}

/// `## 第二 {#two} ##`: CommonMark allows closing hashes after a heading, but
/// pulldown-cmark then reads a `{#two}` before them as the heading's text (the section
/// would lose its id), and keeps them as text when a tab follows. They become spaces.
fn without_closing_hashes(line: &str) -> Option<String> {
    let content = line.trim_end_matches(['\n', '\r']);
    let opening = content.len() - content.trim_start_matches('#').len();
    let heading = (1..=6).contains(&opening) && content[opening..].starts_with([' ', '\t']);
    let trimmed = content.trim_end();
    let before = trimmed.trim_end_matches('#');
    let closed = before.len() < trimmed.len() && before.len() > opening && before.ends_with([' ', '\t']);
    let keep = before.trim_end();
    (heading && closed).then(|| format!("{keep}{}{}", " ".repeat(content.len() - keep.len()), &line[content.len()..]))
}

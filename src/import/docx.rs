//! A Word document (.docx) as a raw text: a zip whose `word/document.xml` holds the
//! paragraphs. Each is a paragraph of the text (a blank line between two), its runs'
//! text joined; tabs and line breaks are kept; text a tracked change deleted and the
//! codes of fields are left out. Notes, headers and footers are not the text.

use std::io::Read;
use std::path::Path;

use crate::diagnostic::{Error, ErrorKind, Location};

/// What import says it read.
pub const FORMAT: &str = "a Word document (.docx)";

/// WordprocessingML's namespace.
const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// The most of `document.xml` read: a transcript is a few hundred kilobytes, and a zip
/// can unpack to far more than it holds.
const LIMIT: u64 = 64 << 20;

/// The text of the Word document `bytes`, if they are one (a zip with
/// `word/document.xml`); an error for one that cannot be read.
pub fn text_of(shown: &Path, bytes: &[u8]) -> Result<Option<String>, Error> {
    // Every raw text comes this way: only a zip is looked into.
    if !bytes.starts_with(b"PK\x03\x04") {
        return Ok(None);
    }
    let unreadable = |why: String| Error::new(Location::file(shown), ErrorKind::UnreadableDocument { why });
    let named_docx = shown.extension().is_some_and(|e| e.eq_ignore_ascii_case("docx"));
    let mut zip = match zip::ZipArchive::new(std::io::Cursor::new(bytes)) {
        Ok(zip) => zip,
        Err(e) if named_docx => return Err(unreadable(e.to_string())),
        Err(_) => return Ok(None),
    };
    let Ok(entry) = zip.by_name("word/document.xml") else { return Ok(None) };
    let mut xml = String::new();
    entry.take(LIMIT).read_to_string(&mut xml).map_err(|e| unreadable(e.to_string()))?;
    let document = roxmltree::Document::parse(&xml).map_err(|e| unreadable(e.to_string()))?;
    let paragraphs = document.descendants().filter(|n| is(n, "p") && !n.ancestors().skip(1).any(|a| is(&a, "p")));
    Ok(Some(paragraphs.map(|p| paragraph_text(&p)).collect::<Vec<_>>().join("\n\n")))
}

fn is(node: &roxmltree::Node, name: &str) -> bool {
    node.is_element() && node.tag_name().name() == name && node.tag_name().namespace() == Some(W)
}

/// A paragraph's text: its runs' `w:t` in order, `w:tab` a tab, `w:br` and `w:cr` a
/// line end; not what a tracked change deleted (`w:delText`, inside `w:del`) nor a
/// field's code (`w:instrText`).
fn paragraph_text(p: &roxmltree::Node) -> String {
    let mut text = String::new();
    for node in p.descendants().filter(|n| n.is_element()) {
        if node.ancestors().any(|a| is(&a, "del")) {
            continue;
        }
        match node.tag_name().name() {
            "t" if is(&node, "t") => text.push_str(node.text().unwrap_or("")),
            "tab" if is(&node, "tab") => text.push('\t'),
            "br" | "cr" if node.tag_name().namespace() == Some(W) => text.push('\n'),
            "noBreakHyphen" if is(&node, "noBreakHyphen") => text.push('-'),
            _ => {}
        }
    }
    text
}

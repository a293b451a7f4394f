//! The encoding of a raw text. Source files are UTF-8, but a raw transcript comes as
//! it was saved: GB18030 (GBK) from a Chinese Windows or an old mainland web page, Big5
//! from Hong Kong or Taiwan, UTF-16 from Notepad's "Unicode". Import reads each as it
//! is, and says so; it never reads a text with characters replaced.

use std::path::Path;

use encoding_rs::{Encoding, BIG5, GB18030, GBK, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};

use crate::diagnostic::{Error, ErrorKind, Location};

/// `bytes` as text: in `asked` if given, else in UTF-8 (with or without a byte-order
/// mark), UTF-16 (by its mark, or by the zero bytes of its ASCII), or the legacy
/// encoding they are found to be in. With the encoding's name when it is not UTF-8.
pub fn decode(
    shown: &Path,
    bytes: &[u8],
    asked: Option<&'static Encoding>,
) -> Result<(String, Option<&'static str>), Error> {
    if let Some(text) = super::docx::text_of(shown, bytes)? {
        return Ok((text, Some(super::docx::FORMAT)));
    }
    if let Some(format) = not_plain_text(bytes) {
        return Err(Error::new(Location::file(shown), ErrorKind::NotPlainText { format }));
    }
    let (encoding, bytes) = match (asked, Encoding::for_bom(bytes)) {
        (Some(asked), _) => (asked, without_mark(asked, bytes)),
        (None, Some((found, mark))) => (found, &bytes[mark..]),
        // Text in ASCII saved as UTF-16 is valid UTF-8 too, with a zero every other byte.
        (None, None) => match utf16_by_zeros(bytes) {
            Some(utf16) => (utf16, bytes),
            None if std::str::from_utf8(bytes).is_ok() => (UTF_8, bytes),
            None => match declared(bytes) {
                Some(declared) => (declared, bytes),
                None => (guess(bytes).ok_or_else(|| not_in(shown, UTF_8, bytes, false))?, bytes),
            },
        },
    };
    // A legacy file is read as the encoding that holds all that its label may name.
    let encoding = if encoding == GBK { GB18030 } else { encoding };
    let Some(text) = encoding.decode_without_bom_handling_and_without_replacement(bytes) else {
        return Err(not_in(shown, encoding, bytes, asked.is_some()));
    };
    let name = (encoding != UTF_8).then(|| encoding.name());
    Ok((text.into_owned(), name))
}

/// What a file given to import is, if it is a document of a word processor or a
/// reader rather than plain text: read as text, it would be its markup, or nonsense.
fn not_plain_text(bytes: &[u8]) -> Option<&'static str> {
    let start = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let formats: [(&[u8], &str); 4] = [
        (b"PK\x03\x04", "a Word document (.docx), or another zipped file"),
        (b"\xD0\xCF\x11\xE0", "a Word document of the old kind (.doc)"),
        (b"%PDF-", "a PDF"),
        (b"{\\rtf", "a rich-text document (.rtf)"),
    ];
    formats.iter().find(|(magic, _)| start.starts_with(magic)).map(|(_, format)| *format)
}

/// The encoding a web page says it is in (`<meta charset="gb2312">`), which a browser
/// reads it in; none for other texts.
fn declared(bytes: &[u8]) -> Option<&'static Encoding> {
    let start = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
    super::html::is_page(&start).then(|| super::html::declared_encoding(bytes)).flatten()
}

/// `bytes` without the byte-order mark of `encoding`, if they start with it.
fn without_mark<'b>(encoding: &'static Encoding, bytes: &'b [u8]) -> &'b [u8] {
    match Encoding::for_bom(bytes) {
        Some((found, mark)) if found == encoding => &bytes[mark..],
        _ => bytes,
    }
}

/// UTF-16 of either order, if the text starts with two ASCII characters so saved (a
/// zero byte beside each).
fn utf16_by_zeros(bytes: &[u8]) -> Option<&'static Encoding> {
    let ascii = |b: u8| b != 0 && b.is_ascii();
    match bytes {
        [a, 0, b, 0, ..] if ascii(*a) && ascii(*b) => Some(UTF_16LE),
        [0, a, 0, b, ..] if ascii(*a) && ascii(*b) => Some(UTF_16BE),
        _ => None,
    }
}

/// The encoding `bytes` (not UTF-8 or UTF-16, no byte-order mark) are most likely in:
/// what Firefox's detector
/// finds for text without a web address to go by, if that is one a Chinese or English
/// transcript is saved in. None for anything else, or for bytes with a zero among them
/// (a Word document or a PDF given by mistake), which would read as nonsense.
fn guess(bytes: &[u8]) -> Option<&'static Encoding> {
    if bytes.contains(&0) {
        return None;
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let found = detector.guess(None, chardetng::Utf8Detection::Deny);
    [GBK, GB18030, BIG5, WINDOWS_1252].contains(&found).then_some(found)
}

/// The error for `bytes` that are not text in `encoding`: where the first character
/// that is not starts, and what to do.
fn not_in(shown: &Path, encoding: &'static Encoding, bytes: &[u8], asked: bool) -> Error {
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    let offset = text.find('\u{FFFD}').unwrap_or(0);
    let at = Location::in_text(shown, &text, offset, 1);
    let kind = if asked { ErrorKind::NotInEncoding { encoding: encoding.name() } } else { ErrorKind::UnknownEncoding };
    Error::new(at, kind)
}

/// The encoding named by `label` (`gbk`, `gb18030`, `big5`, `utf-16le`…), as the
/// command line's `--encoding` takes it.
pub fn named(label: &str) -> Result<&'static Encoding, String> {
    Encoding::for_label(label.trim().as_bytes())
        .ok_or_else(|| format!("`{label}` is not an encoding; name one such as gb18030, big5, utf-16le or utf-8"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "王毅：各位记者朋友，大家上午好！很高兴在两会期间再次同大家见面。\n\n中央广播电视台总台央视记者：请您介绍一下。\n";

    fn read(bytes: &[u8]) -> (String, Option<&'static str>) {
        decode(Path::new("raw.txt"), bytes, None).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn a_text_is_read_in_the_encoding_it_was_saved_in() {
        assert_eq!(read(TEXT.as_bytes()), (TEXT.to_string(), None));
        let gb = GB18030.encode(TEXT).0;
        assert_eq!(read(&gb), (TEXT.to_string(), Some("gb18030")));
        let with_mark: Vec<u8> =
            [0xFF, 0xFE].into_iter().chain(TEXT.encode_utf16().flat_map(u16::to_le_bytes)).collect();
        assert_eq!(read(&with_mark), (TEXT.to_string(), Some("UTF-16LE")));
        let ascii_first = format!("2024\n{TEXT}");
        let big_endian: Vec<u8> = ascii_first.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(read(&big_endian), (ascii_first, Some("UTF-16BE")));
    }

    #[test]
    fn a_file_that_is_no_text_is_not_read_as_one() {
        let binary = b"\x89\x00\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xdf\xa4\xd2lZ\x01";
        let e = decode(Path::new("raw.bin"), binary, None).unwrap_err();
        assert!(e.to_string().contains("neither UTF-8 text nor"), "{e}");
        for (start, said) in [
            (&b"PK\x03\x04\x14\x00"[..], "a Word document (.docx)"),
            (b"%PDF-1.7\n", "a PDF"),
            (b"{\\rtf1\\ansi\\ansicpg936 {\\fonttbl}", "a rich-text document"),
        ] {
            let e = decode(Path::new("raw"), start, None).unwrap_err();
            assert!(e.to_string().contains(said), "{e}");
        }
    }

    #[test]
    fn a_web_page_is_read_in_the_encoding_it_declares() {
        // Too short a text for the detector, which takes these GBK bytes for Big5 and
        // these Big5 bytes for a Central European encoding: the page's word decides.
        let short = "會議";
        for (declared, encoding, name, text) in [
            ("<meta charset=\"gb2312\">", GB18030, "gb18030", TEXT),
            ("<META http-equiv=Content-Type content='text/html; charset=GBK'>", GB18030, "gb18030", short),
            ("<meta charset=big5>", encoding_rs::BIG5, "Big5", short),
        ] {
            let page = format!("<!-- saved from url=(0022)http://example.org/ -->\n<html><head>{declared}</head><body><p>{text}</p></body></html>");
            let bytes = encoding.encode(&page).0;
            assert_eq!(read(&bytes), (page, Some(name)), "{declared}");
        }
    }

    #[test]
    fn a_text_not_in_the_encoding_asked_is_an_error_at_its_first_stranger() {
        let mut bytes = "第一行\n第二行".as_bytes().to_vec();
        bytes.extend([0xFF, 0xFE, 0xFD]);
        let e = decode(Path::new("raw.txt"), &bytes, Some(UTF_8)).unwrap_err();
        assert_eq!(e.at, Some(Location::at("raw.txt", 2, 4)));
        assert!(named("gbk").is_ok() && named("GB2312").is_ok() && named("klingon").is_err());
    }
}

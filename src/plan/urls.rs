//! The URL scheme, in one place. Pages are named by their path relative to the site
//! root (`zh/2024/x/`); links get `base_url`'s path in front and are percent-encoded.
//! Paths are joined with `concat` rather than `format!`: a page makes dozens of them,
//! and the formatting machinery showed in profiles (docs/performance.md).

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use crate::config::{Config, Lang, TopicKey};
use crate::markdown::SectionId;
use crate::source::SpeakerKey;

/// Everything but RFC 3986's unreserved characters is encoded inside a path segment,
/// and the `/` between segments is kept.
const PATH: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~').remove(b'/');

/// The bytes `PATH` leaves as they are, as a table: looked up for every byte of every
/// link, where testing each byte against the classes took several times as long.
const UNRESERVED: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.' | b'~' | b'/');
        b += 1;
    }
    table
};

/// `rel`, percent-encoded as `PATH` says, onto `out`. Nearly every path has nothing to
/// encode, and checking its bytes first is cheaper than the encoder's pass over it (a
/// page has dozens of links: docs/performance.md).
fn push_encoded(out: &mut String, rel: &str) {
    if rel.bytes().all(|b| UNRESERVED[usize::from(b)]) {
        out.push_str(rel);
    } else {
        out.extend(utf8_percent_encode(rel, PATH));
    }
}

pub struct Urls {
    base_path: String,
    origin: String,
}

impl Urls {
    pub fn new(config: &Config) -> Self {
        let origin = config.base_url.strip_suffix(&config.base_path).unwrap_or(&config.base_url).to_string();
        Urls { base_path: config.base_path.clone(), origin }
    }

    /// A link to the page or file at `rel` (relative to the site root).
    pub fn href(&self, rel: &str) -> String {
        // One allocation: a page has dozens of links, and most paths need no encoding.
        let mut out = String::with_capacity(self.base_path.len() + rel.len());
        out.push_str(&self.base_path);
        push_encoded(&mut out, rel);
        out
    }

    /// The full URL, for canonical links, hreflang and feeds.
    pub fn absolute(&self, rel: &str) -> String {
        [self.origin.as_str(), &self.href(rel)].concat()
    }
}

pub fn landing() -> String {
    String::new()
}

pub fn home(lang: &Lang, page: usize) -> String {
    match page {
        0 | 1 => [&lang.0, "/"].concat(),
        n => format!("{lang}/page/{n}/"),
    }
}

pub fn transcript(lang: &Lang, path: &str) -> String {
    [&lang.0, "/", path, "/"].concat()
}

/// A folder of transcripts' addresses (`zh/2024/`): the list of those under it.
pub fn folder(lang: &Lang, path: &str) -> String {
    transcript(lang, path)
}

pub fn section(lang: &Lang, path: &str, id: &SectionId) -> String {
    [&lang.0, "/", path, "/", &id.0, "/"].concat()
}

pub fn side_by_side(path: &str) -> String {
    ["parallel/", path, "/"].concat()
}

/// The side-by-side view with `lang`'s frame and column first.
pub fn side_by_side_in(lang: &Lang, path: &str) -> String {
    [&lang.0, "/parallel/", path, "/"].concat()
}

/// The side-by-side view for a reader of `lang`: `/parallel/{path}/` is the default
/// language's.
pub fn side_by_side_for(config: &Config, lang: &Lang, path: &str) -> String {
    if *lang == config.default_language {
        side_by_side(path)
    } else {
        side_by_side_in(lang, path)
    }
}

pub fn feed(lang: &Lang) -> String {
    format!("{lang}/atom.xml")
}

pub fn search(lang: &Lang) -> String {
    format!("{lang}/search/")
}

pub fn topics(lang: &Lang) -> String {
    format!("{lang}/topics/")
}

pub fn topic(lang: &Lang, key: &TopicKey) -> String {
    [&lang.0, "/topics/", &key.0, "/"].concat()
}

pub fn speakers(lang: &Lang) -> String {
    format!("{lang}/speakers/")
}

pub fn speaker(lang: &Lang, key: &SpeakerKey) -> String {
    [&lang.0, "/speakers/", &key.0, "/"].concat()
}

/// Page `n` of a list whose first page is `first` (`…/page/2/` from the second on).
pub fn paged(first: String, n: usize) -> String {
    if n <= 1 {
        first
    } else {
        format!("{first}page/{n}/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_carry_the_base_path_and_encode_segments() {
        let urls = Urls { base_path: "/archive/".into(), origin: "https://u.github.io".into() };
        assert_eq!(urls.href("zh/2024/王毅/"), "/archive/zh/2024/%E7%8E%8B%E6%AF%85/");
        assert_eq!(urls.absolute("en/"), "https://u.github.io/archive/en/");
        assert_eq!(urls.href(""), "/archive/");
        assert_eq!(urls.href("zh/a b?#/"), "/archive/zh/a%20b%3F%23/");
        assert_eq!(urls.href("zh/a-b_c.d~e/"), "/archive/zh/a-b_c.d~e/");
    }

    proptest::proptest! {
        /// A path with nothing to encode is copied, and what is copied is exactly what
        /// the encoder would have written, whatever the path holds.
        #[test]
        fn a_path_comes_out_as_the_encoder_writes_it(rel in "[a-zA-Z0-9/._~ %?#&+:é王-]{0,16}") {
            let mut out = String::new();
            push_encoded(&mut out, &rel);
            proptest::prop_assert_eq!(out, utf8_percent_encode(&rel, PATH).to_string());
        }
    }
}

//! Strict YAML reading for site.yaml and front matter: parser errors become our errors,
//! with the line in the file (not in the YAML snippet) and wording for people.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diagnostic::{Error, ErrorKind, Location};

/// Reads `text`, which starts at line `first_line` of `path`, as a `T`. `context` names
/// the place for "unknown key" messages ("the front matter", "site.yaml").
pub fn parse<T: DeserializeOwned>(
    path: &Path,
    text: &str,
    first_line: usize,
    context: &'static str,
) -> Result<T, Error> {
    serde_yaml::from_str(text).map_err(|err| {
        let mut at = match err.location() {
            Some(loc) => Location::at(path, first_line + loc.line() - 1, loc.column()),
            None => Location::at(path, first_line, 1),
        };
        let kind = describe(&err.to_string(), context);
        // serde points at the mapping; the archivist needs the second time the key is written.
        if let ErrorKind::DuplicateKey { key } = &kind {
            let needle = format!("{key}:");
            let mut written = text.match_indices(&needle).filter(|(i, _)| *i == 0 || text[..*i].ends_with('\n'));
            if let Some((offset, _)) = written.nth(1) {
                at = Location::in_text(path, text, offset, first_line);
            }
        }
        Error::new(at, kind)
    })
}

/// serde's messages name Rust concepts ("field", "struct"); say it in site terms.
fn describe(message: &str, context: &'static str) -> ErrorKind {
    // Location is reported separately, so drop the parser's own " at line N column M".
    let message = message.split(" at line ").next().unwrap_or(message);
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (key, allowed) = rest.split_once('`').unwrap_or((rest, ""));
        let allowed =
            allowed.trim_start_matches(", expected one of ").trim_start_matches(", expected ").replace(" or ", ", ");
        return ErrorKind::UnknownKey { key: key.to_string(), context, allowed };
    }
    if let Some(rest) = message.strip_prefix("duplicate field `") {
        return ErrorKind::DuplicateKey { key: rest.split('`').next().unwrap_or(rest).to_string() };
    }
    if message.contains("tab character") {
        return ErrorKind::BadYaml("a tab is used for indentation; YAML needs spaces".to_string());
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let key = rest.split('`').next().unwrap_or(rest);
        return ErrorKind::BadYaml(format!("`{key}` is missing from {context}"));
    }
    let message = message
        .replace("invalid type: ", "wrong kind of value: ")
        .replace("a YAML mapping", "keys with values")
        .replace("a sequence", "a list")
        .replace("map", "keys with values")
        .replace("duplicate entry with key", "this key appears twice:");
    ErrorKind::BadYaml(message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Two {
        title: String,
        place: Option<String>,
    }

    #[test]
    fn unknown_key_names_the_key_and_its_line() {
        let err = parse::<Two>(Path::new("a.md"), "title: 标题\nplase: 北京\n", 2, "the front matter").unwrap_err();
        assert_eq!(
            err.to_string(),
            "a.md:3:1: error: unknown key `plase` in the front matter; the keys allowed here are: `title`, `place`"
        );
    }

    #[test]
    fn columns_of_yaml_errors_count_characters() {
        let err = parse::<Two>(Path::new("a.md"), "title: 中国: x\n", 1, "x").unwrap_err();
        assert_eq!(err.at.as_ref().unwrap().line, Some(1));
        assert_eq!(err.at.as_ref().unwrap().col, Some(10));
    }
}

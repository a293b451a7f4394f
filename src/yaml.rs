//! Strict YAML reading for site.yaml and front matter: parser errors become our errors,
//! with the line in the file (not in the YAML snippet) and wording for people.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diagnostic::{Error, ErrorKind, Location, WarningKind};

mod syntax;
pub use syntax::cut_texts;

/// Largest YAML text read (front matter, site.yaml, UI strings). Real ones are a few
/// kilobytes; a parser given megabytes of nesting took minutes to say no.
pub const MAX_BYTES: usize = 1 << 20;

/// Reads `text`, which starts at line `first_line` of `path`, as a `T`. `context` names
/// the place for "unknown key" messages ("the front matter", "site.yaml"). A key given
/// twice is an error in any map, at any depth, at its second place.
pub fn parse<T: DeserializeOwned>(
    path: &Path,
    text: &str,
    first_line: usize,
    context: &'static str,
) -> Result<T, Error> {
    if text.len() > MAX_BYTES {
        let kind = ErrorKind::YamlTooLarge { bytes: text.len(), limit: MAX_BYTES, context };
        return Err(Error::new(Location::at(path, first_line, 1), kind));
    }
    // A full-width colon is looked for only where the YAML does not read (the last one
    // before the parser stopped), or reads as a key holding one.
    let full_width = |stopped: Option<usize>| {
        let seen = |line: usize| stopped.is_none_or(|s| line < s);
        let (line, col, key) = full_width_colons(text).into_iter().rev().find(|(line, _, _)| seen(*line))?;
        Some(Error::new(Location::at(path, first_line + line, col), ErrorKind::YamlFullWidthColon { key }))
    };
    // Typed maps (`speakers`, `topics`, `languages`) keep the last of two equal keys
    // without a word; a plain YAML value refuses them, so the text is read as one first.
    let value = match serde_yaml::from_str::<serde_yaml::Value>(text) {
        Err(err) => {
            // The parser's line is 1-based and often the one after the cause.
            let stopped = err.location().map(|at| at.line());
            return Err(full_width(stopped).unwrap_or_else(|| error(path, text, first_line, context, &err)));
        }
        Ok(value) => value,
    };
    if has_full_width_key(&value) {
        if let Some(err) = full_width(None) {
            return Err(err);
        }
    }
    // Taken from the value already read where it fits: reading the text a second time
    // cost as much as the first, for every source file. Where it does not fit, the text
    // is read again as a `T`: `title: 2024` is a number in a value but a string to a
    // `String` field, and only the text knows the line of a value of the wrong kind.
    T::deserialize(&value)
        .or_else(|_| serde_yaml::from_str(text))
        .map_err(|err| error(path, text, first_line, context, &err))
}

/// The first control character no page may hold that the YAML `text` writes: as it
/// is, by an escape (`"\x07"`) or by a Markdown reference (`&#7;`, in a footer).
/// Where, and the warning: the pages leave it out.
pub fn control_in(text: &str) -> Option<(usize, WarningKind)> {
    use crate::text::{control_reference, first_control, is_forbidden_control};
    if let Some((offset, c)) = first_control(text) {
        return Some((offset, WarningKind::control_character(c)));
    }
    let escaped = text.match_indices('\\').find_map(|(at, _)| {
        let c = escaped_char(&text[at + 1..])?;
        is_forbidden_control(c).then_some((at, WarningKind::control_character(c)))
    });
    escaped.or_else(|| {
        let (offset, reference, c) = control_reference(text)?;
        Some((offset, WarningKind::control_reference(reference, c)))
    })
}

/// The character a double-quoted YAML escape writes, `rest` following its backslash.
fn escaped_char(rest: &str) -> Option<char> {
    let hex = |len: usize| rest.get(1..1 + len).and_then(|h| u32::from_str_radix(h, 16).ok()).and_then(char::from_u32);
    match rest.chars().next()? {
        '0' => Some('\0'),
        'a' => Some('\u{07}'),
        'b' => Some('\u{08}'),
        'e' => Some('\u{1B}'),
        'v' => Some('\u{0B}'),
        'N' => Some('\u{85}'),
        'x' => hex(2),
        'u' => hex(4),
        'U' => hex(8),
        _ => None,
    }
}

fn has_full_width_key(value: &serde_yaml::Value) -> bool {
    match value {
        serde_yaml::Value::Mapping(map) => {
            map.iter().any(|(k, v)| k.as_str().is_some_and(|k| k.contains('：')) || has_full_width_key(v))
        }
        serde_yaml::Value::Sequence(items) => items.iter().any(has_full_width_key),
        _ => false,
    }
}

/// Keys written with the full-width colon a Chinese input method types (`title：…`):
/// YAML reads such a line as text, and its own message ("could not find expected
/// ':'") lands on a later line. Only keys of ASCII letters at the start of a line (or
/// in a `{ … }` on it) are looked at, not the lines of a block of text (after `|` or
/// `>`), so a value such as `title: 王毅：…` is not. Each as (line within `text`,
/// column of the colon, key).
fn full_width_colons(text: &str) -> Vec<(usize, usize, String)> {
    let mut found = Vec::new();
    // The indentation of the key whose block of text the lines are in, if they are.
    let mut block: Option<usize> = None;
    for (n, line) in text.lines().enumerate() {
        let indent = line.len() - line.trim_start().len();
        if block.is_some_and(|b| indent > b || line.trim().is_empty()) {
            continue;
        }
        block = None;
        if let Some(colon) = key_colon(line) {
            found.push((n, colon.0, colon.1));
        }
        let value = line.trim_end().trim_end_matches(['-', '+']).trim_end_matches(|c: char| c.is_ascii_digit());
        if value.ends_with(['|', '>']) {
            block = Some(indent);
        }
    }
    found
}

/// The column of a full-width colon after a key on `line`, and the key.
fn key_colon(line: &str) -> Option<(usize, String)> {
    let starts = std::iter::once(0).chain(line.match_indices(['{', ',']).map(|(i, _)| i + 1));
    let in_flow = |i: usize| i == 0 || line[..i].contains('{');
    starts.filter(|&i| in_flow(i)).find_map(|start| {
        let rest = &line[start..];
        let key_start = rest.len() - rest.trim_start_matches([' ', '-']).len();
        let key: String =
            rest[key_start..].chars().take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-')).collect();
        let after = &rest[key_start + key.len()..];
        let space = after.len() - after.trim_start().len();
        let first = key.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
        (first && after.trim_start().starts_with('：'))
            .then(|| (line[..start + key_start + key.len() + space].chars().count() + 1, key))
    })
}

fn error(path: &Path, text: &str, first_line: usize, context: &'static str, err: &serde_yaml::Error) -> Error {
    // The parser says "control characters are not allowed" at position N of the whole
    // text, or, for NEL (U+0085), which YAML reads as a line end, whatever the broken
    // line then makes of the rest: either way the character is the mistake to name.
    if let Some((offset, c)) = crate::text::first_control(text) {
        let kind = ErrorKind::YamlControlCharacter { code: crate::diagnostic::code_point(c) };
        return Error::new(Location::in_text(path, text, offset, first_line), kind);
    }
    let (line, col) = err.location().map_or((1, 1), |loc| (loc.line(), loc.column()));
    let message = err.to_string();
    let said = message.split(" at line ").next().unwrap_or(&message);
    if let Some(mistake) = syntax::explain(text, said, line, col) {
        let at = Location::at(path, first_line + mistake.line, mistake.col);
        return Error::new(at, ErrorKind::BadYaml(mistake.words));
    }
    let kind = describe(&message, context);
    // The parser points at the map; the archivist needs the second time the key is written.
    let second = match &kind {
        ErrorKind::DuplicateKey { key } => second_place(text, key, line, col),
        _ => None,
    };
    let at = match second {
        Some(offset) => Location::in_text(path, text, offset, first_line),
        None => Location::at(path, first_line + line - 1, col),
    };
    Error::new(at, kind)
}

/// Where `key` is written the second time in the block map that starts at `line`,
/// `col` (1-based) of `text`: the second line from there, indented as the map, that
/// starts with the key. None for a map written in braces on one line.
fn second_place(text: &str, key: &str, line: usize, col: usize) -> Option<usize> {
    let indent = col.saturating_sub(1);
    let forms = [format!("{key}:"), format!("\"{key}\":"), format!("'{key}':")];
    let mut offset = 0;
    let mut found = 0;
    for (n, text_line) in text.split_inclusive('\n').enumerate() {
        let this = offset;
        offset += text_line.len();
        if n + 1 < line {
            continue;
        }
        let (lead, rest) = text_line.split_at(text_line.len() - text_line.trim_start_matches(' ').len());
        if lead.len() < indent && n + 1 > line && !rest.trim().is_empty() {
            return None; // the map has ended
        }
        if lead.len() == indent && forms.iter().any(|f| rest.starts_with(f.as_str())) {
            found += 1;
            if found == 2 {
                return Some(this + indent);
            }
        }
    }
    None
}

/// serde's messages name Rust concepts ("field", "struct"); say it in site terms.
fn describe(message: &str, context: &'static str) -> ErrorKind {
    // Location is reported separately, so drop the parser's own " at line N column M".
    let message = message.split(" at line ").next().unwrap_or(message);
    // At the top (`unknown field `x``) or inside a map (`markdown: unknown field `x``).
    if let Some((_, rest)) = message.split_once("unknown field `") {
        let (key, allowed) = rest.split_once('`').unwrap_or((rest, ""));
        let allowed =
            allowed.trim_start_matches(", expected one of ").trim_start_matches(", expected ").replace(" or ", ", ");
        return ErrorKind::UnknownKey { key: key.to_string(), context, allowed };
    }
    if let Some(rest) = message.strip_prefix("duplicate field `") {
        return ErrorKind::DuplicateKey { key: rest.split('`').next().unwrap_or(rest).to_string() };
    }
    // From a plain YAML value, after the path of the map: `speakers: duplicate entry with key "a"`.
    if let Some((_, rest)) = message.split_once("duplicate entry with key ") {
        return ErrorKind::DuplicateKey { key: rest.trim_matches('"').to_string() };
    }
    if message.contains("recursion limit exceeded") {
        return ErrorKind::YamlTooDeep;
    }
    if message.contains("repetition limit exceeded") {
        return ErrorKind::YamlAliasesRepeat;
    }
    if message.contains("tab character") {
        return ErrorKind::YamlTabIndent;
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let key = rest.split('`').next().unwrap_or(rest);
        return ErrorKind::KeyMissingFrom { key: key.to_string(), context };
    }
    // Inside a map: `languages.zh: missing field `locale``.
    if let Some((path, rest)) = message.split_once(": missing field `") {
        let key = rest.split('`').next().unwrap_or(rest);
        return ErrorKind::BadYaml(format!("{path}: `{key}` is missing here; add `{key}: …`"));
    }
    ErrorKind::BadYaml(wrong_kind(message).unwrap_or_else(|| message.to_string()))
}

/// serde's `key: invalid type: sequence, expected a map` as `key: this should be keys
/// with values, not a list`, in the words of the YAML an archivist writes.
fn wrong_kind(message: &str) -> Option<String> {
    let (path, rest) = match message.split_once("invalid type: ") {
        Some((path, rest)) => (path, rest),
        None => message.split_once("invalid value: ")?,
    };
    let (found, expected) = rest.split_once(", expected ")?;
    let words = |kind: &str| -> String {
        let kind = kind.trim_start_matches("a ").trim_start_matches("an ");
        match kind.split_whitespace().next().unwrap_or(kind) {
            "sequence" => "a list (`[a, b]`, or lines starting with `- `)".to_string(),
            "map" | "struct" | "YAML" => {
                "keys with values (`{ key: value }`, or indented `key: value` lines)".to_string()
            }
            "string" | "str" | "char" | "path" => "a text".to_string(),
            "boolean" => "true or false".to_string(),
            "integer" | "floating" | "u64" | "i64" | "f64" => "a number".to_string(),
            "unit" | "null" => "nothing".to_string(),
            _ => kind.to_string(),
        }
    };
    Some(format!("{path}this should be {}, not {}", words(expected), words(found)))
}

/// `extra` as data for templates: anything YAML holds, but keys must be text.
pub fn extra_data(extra: Option<serde_yaml::Value>) -> Result<serde_json::Value, ErrorKind> {
    let value = extra.map(serde_json::to_value).transpose().map_err(|e| ErrorKind::BadExtra { why: e.to_string() })?;
    Ok(value.unwrap_or(serde_json::Value::Null))
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
    fn a_key_given_twice_is_an_error_at_any_depth_at_its_second_place() {
        type Nested = indexmap::IndexMap<String, indexmap::IndexMap<String, indexmap::IndexMap<String, String>>>;
        let cases = [
            ("speakers:\n  a: 甲\n  b: 乙\n  a: 丙\n", 4, 3, "a"),
            ("topics:\n  peace:\n    zh: 和平\n    en: Peace\n    zh: 平和\n", 5, 5, "zh"),
            ("languages:\n  zh: { name: 中文 }\n  \"zh\": { name: 中文 }\n", 3, 3, "zh"),
            ("x:\n  y: { a: 1, a: 2 }\n", 2, 6, "a"),
        ];
        for (text, line, col, key) in cases {
            let err = parse::<Nested>(Path::new("site.yaml"), text, 1, "site.yaml").unwrap_err();
            let at = err.at.as_ref().unwrap();
            assert_eq!((at.line, at.col), (Some(line), Some(col)), "{text}: {err}");
            assert!(err.to_string().contains(&format!("the key `{key}` is given twice")), "{err}");
        }
    }

    proptest::proptest! {
        /// Any block map of maps, with one key written again at some depth: the error
        /// names that key, at the line where it is written again.
        #[test]
        fn a_key_given_again_anywhere_is_found_where_it_is(
            shape in proptest::collection::vec((0usize..3, "[a-z]{1,3}"), 1..12),
            again in 0usize..12,
        ) {
            // Lines of `indent key:` (a deeper line opens a map in the one above).
            let mut lines: Vec<(usize, String)> = Vec::new();
            for (step, key) in shape {
                let indent = lines.last().map_or(0, |(i, _)| match step {
                    0 => *i,
                    1 => i + 1,
                    _ => i.saturating_sub(1),
                });
                let taken = lines.iter().rev().take_while(|(i, _)| *i >= indent).any(|(i, k)| *i == indent && *k == key);
                if !taken {
                    lines.push((indent, key));
                }
            }
            let pick = again % lines.len();
            let (indent, key) = lines[pick].clone();
            // Written again after the last line of its own map, at the same indent.
            let end = lines.iter().enumerate().skip(pick + 1).find(|(_, (i, _))| *i < indent).map_or(lines.len(), |(n, _)| n);
            lines.insert(end, (indent, key.clone()));
            let text: String = lines.iter().enumerate().map(|(n, (i, k))| {
                let leaf = lines.get(n + 1).is_none_or(|(next, _)| next <= i);
                format!("{}{k}:{}\n", "  ".repeat(*i), if leaf { " x" } else { "" })
            }).collect();
            let err = parse::<serde_yaml::Value>(Path::new("a.yaml"), &text, 1, "x").unwrap_err();
            proptest::prop_assert!(err.to_string().contains(&format!("the key `{key}` is given twice")), "{}\n{}", text, err);
            proptest::prop_assert_eq!(err.at.as_ref().unwrap().line, Some(end + 1), "{}", text);
        }
    }

    /// Every kind of field that front matter, site.yaml and UI strings have. Not a
    /// float: none is one, and a float field taken from the value would take `0x1F`
    /// (31), which reading the text as a float refuses (this test finds it).
    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Fields {
        title: Option<String>,
        draft: Option<bool>,
        speakers: Option<indexmap::IndexMap<String, String>>,
        topics: Option<Vec<String>>,
        count: Option<u32>,
        date: Option<serde_yaml::Value>,
        topic: Option<Entry>,
    }

    /// As a topic of site.yaml is written: a label, or terms by language.
    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(untagged)]
    enum Entry {
        Label(String),
        Terms(indexmap::IndexMap<String, Vec<String>>),
    }

    /// A scalar, list or map as YAML writes it: plain, quoted, numbers of every
    /// notation, booleans, nulls, tags, Chinese.
    fn yaml_value() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let scalar = prop::sample::select(vec![
            "2024",
            "-7",
            "0x1F",
            "0o17",
            "1e3",
            "1.5",
            ".inf",
            "~",
            "null",
            "true",
            "false",
            "yes",
            "\"12\"",
            "'x'",
            "王毅",
            "a b",
            "2024-03-07",
            "!!str 5",
            "\"\"",
            "",
            "300000",
            "4294967296",
        ]);
        let flow = prop::collection::vec(scalar.clone(), 0..3);
        prop_oneof![
            scalar.clone().prop_map(str::to_string),
            flow.clone().prop_map(|items| format!("[{}]", items.join(", "))),
            (flow, scalar).prop_map(|(keys, v)| {
                let entries: Vec<String> = keys.iter().enumerate().map(|(i, k)| format!("k{i}{k}: {v}")).collect();
                format!("{{ {} }}", entries.join(", "))
            }),
        ]
    }

    proptest::proptest! {
        /// Taking a `T` from the value already read gives what reading the text as a
        /// `T` gives, for any mix of keys and kinds of value; where the value does not
        /// fit, reading the text decides, as before.
        #[test]
        fn a_field_read_from_the_value_is_what_the_text_reads_as(
            fields in proptest::collection::vec(
                (proptest::sample::select(vec!["title", "draft", "speakers", "topics", "count", "date", "topic"]), yaml_value()),
                0..6,
            ),
        ) {
            let mut seen = std::collections::HashSet::new();
            let text: String = fields.iter().filter(|(k, _)| seen.insert(*k)).map(|(k, v)| format!("{k}: {v}\n")).collect();
            let read = parse::<Fields>(Path::new("a.md"), &text, 1, "x").ok();
            let expected = serde_yaml::from_str::<Fields>(&text).ok();
            proptest::prop_assert_eq!(read, expected, "{}", text);
        }
    }

    #[test]
    fn yaml_too_large_to_be_front_matter_is_refused_at_once() {
        let text = format!("title: {}\n", "长".repeat(MAX_BYTES));
        let err = parse::<Two>(Path::new("a.md"), &text, 2, "the front matter").unwrap_err();
        assert!(
            err.to_string().starts_with("a.md:2:1: error: the front matter is 3072 KB, more than the 1024 KB"),
            "{err}"
        );
    }

    #[test]
    fn columns_of_yaml_errors_count_characters() {
        // Where the parser stopped, for a mistake `syntax` does not know; and the start of
        // a value that needs quotes, counted in characters (the 5th, the 9th byte).
        let err = parse::<Two>(Path::new("a.md"), "title: 中国\n- 中国: x\n", 1, "x").unwrap_err();
        assert_eq!((err.at.as_ref().unwrap().line, err.at.as_ref().unwrap().col), (Some(2), Some(1)), "{err}");
        let err = parse::<Two>(Path::new("a.md"), "标题: 中国: x\n", 1, "x").unwrap_err();
        assert_eq!((err.at.as_ref().unwrap().line, err.at.as_ref().unwrap().col), (Some(1), Some(5)), "{err}");
    }
}

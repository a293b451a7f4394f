//! YAML's syntax errors in an archivist's words. The parser says what it expected where
//! it stopped ("mapping values are not allowed in this context", often a line after
//! the cause); what was written wrong is nearly always one of a few things on that line
//! or the one before: a value that needs quotes (it holds `: `, starts with a quote, a
//! bracket or a sign YAML reserves), a quote or bracket left open, a key without its
//! colon's space, or a line indented where it should not be. And the values YAML reads,
//! but not as written (`title: Press conference #5` is `Press conference`).

use crate::diagnostic::WarningKind;

/// What was written wrong, where (0-based line within the YAML text, 1-based column in
/// characters), in words.
#[derive(Debug, PartialEq, Eq)]
pub struct Explained {
    pub line: usize,
    pub col: usize,
    pub words: String,
}

/// Why the parser stopped at `line`, `col` (1-based, as it reports them) of `text`
/// with `message`, if it is a mistake this module knows.
pub fn explain(text: &str, message: &str, line: usize, col: usize) -> Option<Explained> {
    let syntax = ["mapping ", "could not find", "found ", "did not find", "unknown anchor", "block sequence"];
    if !syntax.iter().any(|s| message.starts_with(s)) {
        return None; // not a mistake of syntax: a key given twice, a value of the wrong kind
    }
    let lines: Vec<&str> = text.lines().collect();
    let at = line.checked_sub(1)?;
    // Whatever the parser says of it, a tab before a key is the mistake.
    if let Some(tab) = indented_with_a_tab(&lines, at) {
        return Some(tab);
    }
    if message.contains("tab character") {
        return None;
    }
    // Where the message is one this module knows, its own causes; else any value on
    // the way there that YAML may not read as written.
    known(&lines, message, at, col).or_else(|| needs_quotes(&lines, at))
}

/// The mistakes each of the parser's messages comes from.
fn known(lines: &[&str], message: &str, at: usize, col: usize) -> Option<Explained> {
    if message.starts_with("mapping values are not allowed") {
        return value_with_colon(lines, at, col).or_else(|| indented_under_a_value(lines, at));
    }
    if message.starts_with("could not find expected ':'") {
        return line_without_key(lines, at);
    }
    if message.starts_with("found unexpected end of stream") {
        return unclosed(lines, at, ['"', '\'']);
    }
    if message.starts_with("did not find expected ',' or") {
        return unclosed(lines, at, ['[', '{']);
    }
    if message.starts_with("did not find expected key") {
        return more_after_a_closed_value(lines, at).or_else(|| misaligned(lines, at));
    }
    let reserved = [
        "found character that cannot start any token",
        "did not find expected alphabetic or numeric character",
        "found undefined tag handle",
        "unknown anchor",
        "did not find expected comment or line break",
        "block sequence entries are not allowed",
        "mapping keys are not allowed",
        "did not find expected node content",
    ];
    if reserved.iter().any(|r| message.starts_with(r)) {
        return reserved_start(lines, at);
    }
    None
}

/// The keys of a front matter whose values are texts a reader sees.
const TEXT_KEYS: [&str; 6] = ["title", "subtitle", "place", "event", "source", "description"];

/// Values of `TEXT_KEYS` that YAML reads, but not as they are written: cut at ` #`
/// (a comment), or without a first word `&name` (an anchor) or `!name` (a tag). Each
/// as where its value starts (byte offset) and the warning, with the line quoted.
pub fn cut_texts(text: &str) -> Vec<(usize, WarningKind)> {
    let mut found = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let here = offset;
        offset += line.len();
        let Some((key, value_at)) =
            key_value(line).filter(|(key, _)| TEXT_KEYS.contains(key) && !line.starts_with(' '))
        else {
            continue;
        };
        let value = line[value_at..].trim_end();
        if value.starts_with(['"', '\'', '[', '{', '|', '>']) {
            continue;
        }
        let mut rest = value;
        while rest.starts_with(['&', '!']) {
            rest = rest.split_once(' ').map_or("", |(_, rest)| rest.trim_start());
        }
        let marks = value[..value.len() - rest.len()].trim_end();
        let why = if !marks.is_empty() {
            format!("`{marks}` at its start is YAML's own mark (an anchor `&…` or a tag `!…`), not text")
        } else if rest.starts_with('#') || rest.contains(" #") {
            "` #` starts a comment in YAML, which it leaves out".to_string()
        } else {
            continue;
        };
        let read = uncommented(rest);
        let kind = WarningKind::YamlCutValue {
            key: key.to_string(),
            read: read.to_string(),
            why,
            fix: format!("{key}: {}", quoted(value)),
        };
        found.push((here + value_at, kind));
    }
    found
}

/// What is left of a plain value once YAML takes its comment off: from a `#` at its
/// start or after a space.
fn uncommented(value: &str) -> &str {
    if value.starts_with('#') {
        ""
    } else {
        value.split(" #").next().unwrap_or("").trim()
    }
}

/// A line `key: value` (a key of letters, digits, `_` and `-`, after any indentation
/// and a list's `- `): the key, and where its value starts (byte offset; the line's
/// length when it has none).
fn key_value(line: &str) -> Option<(&str, usize)> {
    let body = line.trim_start_matches([' ', '-']);
    let start = line.len() - body.len();
    let key_len = body.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))?;
    let after = &body[key_len..];
    let rest = after.strip_prefix(':')?;
    if key_len == 0 || !(rest.is_empty() || rest.starts_with(' ')) {
        return None;
    }
    let value_at = start + key_len + 1 + (rest.len() - rest.trim_start().len());
    Some((&body[..key_len], value_at))
}

fn column(line: &str, byte: usize) -> usize {
    line[..byte].chars().count() + 1
}

/// A line `key: value` of the text (`key_value`): its number (0-based), the line, the
/// key, where the value starts (byte offset) and the value.
struct KeyLine<'l> {
    n: usize,
    line: &'l str,
    key: &'l str,
    value_at: usize,
    value: &'l str,
}

impl<'l> KeyLine<'l> {
    fn at(lines: &[&'l str], n: usize) -> Option<Self> {
        let line = *lines.get(n)?;
        let (key, value_at) = key_value(line)?;
        Some(KeyLine { n, line, key, value_at, value: line[value_at..].trim_end() })
    }

    /// `words` said at the start of the value.
    fn explained(&self, words: String) -> Explained {
        Explained { line: self.n, col: column(self.line, self.value_at), words }
    }

    /// `why`, then the line as it should be: `what` (the value) in quotes.
    fn quote(&self, why: String, what: &str) -> Explained {
        self.explained(format!("{why}; put {what} in quotes: `{}: {}`", self.key, quoted(self.value)))
    }
}

/// `value` as YAML reads it whole: in double quotes, or in single quotes when it
/// holds a double quote.
fn quoted(value: &str) -> String {
    if value.contains('"') {
        format!("'{}'", value.replace('\'', "''"))
    } else {
        format!("\"{}\"", value.replace('\\', "\\\\"))
    }
}

/// `title: Wang Yi: China and the world`: the second `: ` starts a key to YAML.
fn value_with_colon(lines: &[&str], at: usize, col: usize) -> Option<Explained> {
    let kl = KeyLine::at(lines, at)?;
    if col < column(kl.line, kl.value_at) || !(kl.value.contains(": ") || kl.value.ends_with(':')) {
        return None;
    }
    let why = format!(
        "the value of `{}` holds `: ` (a colon and a space), which YAML reads as the start of another key",
        kl.key
    );
    Some(kl.quote(why, "the value"))
}

/// `date: 2024-03-07` then `  place: 北京`: an indented line belongs to the value above.
fn indented_under_a_value(lines: &[&str], at: usize) -> Option<Explained> {
    let line = lines.get(at)?;
    let indent = line.len() - line.trim_start().len();
    let above = lines[..at].iter().rev().find(|l| !l.trim().is_empty())?;
    let (key, value_at) = key_value(above)?;
    let above_indent = above.len() - above.trim_start().len();
    if indent <= above_indent || value_at >= above.trim_end().len() {
        return None;
    }
    let words = format!(
        "this line is indented, so YAML reads it as more of the value of `{key}` on the line above; start it where `{key}` starts (only what belongs to a key with no value of its own, such as the names under `speakers:`, is indented)"
    );
    Some(Explained { line: at, col: 1, words })
}

/// `place:北京` (no space after the colon) or a line of text alone: YAML reads on to
/// the next line looking for a key's colon, and stops there.
fn line_without_key(lines: &[&str], at: usize) -> Option<Explained> {
    let (n, line) = lines[..=at.min(lines.len().checked_sub(1)?)]
        .iter()
        .enumerate()
        .rev()
        .find(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#') && key_value(l).is_none())?;
    let text = line.trim();
    let words = match text.split_once(':') {
        Some((key, value)) if !key.is_empty() && !key.contains(' ') && !value.starts_with(' ') => format!(
            "`{text}` needs a space after its colon, or YAML does not read `{key}` as a key: write `{key}: {}`",
            value.trim()
        ),
        _ => "this line is not `key: value`: each line names a key, then a colon and a space, then its value (a text that goes on over several lines is indented under its key)".to_string(),
    };
    Some(Explained { line: n, col: column(line, line.len() - line.trim_start().len()), words })
}

/// A quote (or bracket) that opens a value and is never closed: the parser reads to the
/// end of the text, or to the next line, looking for it.
fn unclosed(lines: &[&str], at: usize, openers: [char; 2]) -> Option<Explained> {
    let last = at.min(lines.len().checked_sub(1)?);
    for kl in (0..=last).rev().filter_map(|n| KeyLine::at(lines, n)) {
        let Some(open) = kl.value.chars().next().filter(|c| openers.contains(c)) else { continue };
        let close = match open {
            '[' => ']',
            '{' => '}',
            quote => quote,
        };
        if kl.value[1..].contains(close) {
            continue;
        }
        let what = if open == close { "quote" } else { "bracket" };
        let key = kl.key;
        return Some(kl.explained(format!(
            "the {what} `{open}` that opens the value of `{key}` is not closed: end the value with `{close}` on this line"
        )));
    }
    None
}

/// `title: "王毅说"你好""` or `title: [Press] Conference`: the value starts with a
/// quote or a bracket, YAML ends it at the matching one, and cannot read what follows.
fn more_after_a_closed_value(lines: &[&str], at: usize) -> Option<Explained> {
    let kl = KeyLine::at(lines, at)?;
    let first = kl.value.chars().next().filter(|c| matches!(c, '"' | '\'' | '[' | '{'))?;
    let what = if matches!(first, '"' | '\'') { "a quoted text" } else { "a list or a map" };
    let why = format!(
        "the value of `{}` starts with `{first}`, so YAML reads it as {what} that ends before the rest of the value",
        kl.key
    );
    Some(kl.quote(why, "the whole value"))
}

/// A line indented with a tab (at `at`, or the line before it, where the parser may
/// stop): YAML indents with spaces only.
fn indented_with_a_tab(lines: &[&str], at: usize) -> Option<Explained> {
    let tab_in_indent = |n: usize| {
        let line = lines.get(n)?;
        let indent = &line[..line.len() - line.trim_start().len()];
        indent.find('\t').map(|i| (n, i))
    };
    let (n, i) = tab_in_indent(at).or_else(|| tab_in_indent(at.checked_sub(1)?))?;
    // The words of the error the parser's own tab message gets (`YamlTabIndent`).
    let words = "a tab is used for indentation; YAML needs spaces".to_string();
    Some(Explained { line: n, col: i + 1, words })
}

/// Any other mistake on a line whose value starts with a sign YAML keeps, or holds
/// `: `: the last such line up to where the parser stopped. A list or a map written
/// whole on its line (`title: { zh: 标题, en: Title }`) is meant as one.
fn needs_quotes(lines: &[&str], at: usize) -> Option<Explained> {
    let last = at.min(lines.len().checked_sub(1)?);
    let odd = |kl: &KeyLine| {
        let value = kl.value;
        // `|` or `>` alone (with `-`, `+` or a digit) starts a block of text.
        let block = value.starts_with(['|', '>']) && value[1..].chars().all(|c| matches!(c, '-' | '+' | '0'..='9'));
        let whole =
            (value.starts_with('{') && value.ends_with('}')) || (value.starts_with('[') && value.ends_with(']'));
        !block && !whole && (value.starts_with(|c: char| "\"'[]{}@`*&!%|>-?,#".contains(c)) || value.contains(": "))
    };
    let kl = (0..=last).rev().filter_map(|n| KeyLine::at(lines, n)).find(odd)?;
    let why = format!("YAML cannot read the value of `{}` as it is written", kl.key);
    Some(kl.quote(why, "the value"))
}

/// A key indented unlike the keys of its map above it.
fn misaligned(lines: &[&str], at: usize) -> Option<Explained> {
    let line = lines.get(at)?;
    let (key, _) = key_value(line)?;
    let words = format!(
        "`{key}` is indented differently from the keys above it: the keys of one map start in the same column, one under another"
    );
    Some(Explained { line: at, col: 1, words })
}

/// `title: @Wang Yi`, `` title: `code` ``, `title: * star`, `title: - x`: YAML keeps
/// these signs for its own use at the start of a value.
fn reserved_start(lines: &[&str], at: usize) -> Option<Explained> {
    let kl = KeyLine::at(lines, at)?;
    let first = kl.value.chars().next()?;
    let why = format!("the value of `{}` cannot start with `{first}`, a sign YAML keeps for its own use", kl.key);
    Some(kl.quote(why, "the value"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What serde_yaml says of `text`, explained: (line, column, words).
    fn explained(text: &str) -> Option<(usize, usize, String)> {
        let err = serde_yaml::from_str::<serde_yaml::Value>(text).expect_err(text);
        let at = err.location()?;
        let message = err.to_string();
        let message = message.split(" at line ").next().unwrap_or(&message).to_string();
        let e = explain(text, &message, at.line(), at.column())?;
        Some((e.line, e.col, e.words))
    }

    #[test]
    fn each_mistake_is_named_on_its_own_line_with_its_fix() {
        let cases = [
            ("title: Wang Yi: China\ndate: 2024-03-07\n", 0, 8, "put the value in quotes: `title: \"Wang Yi: China\"`"),
            ("title: 标题\ndate: 2024-03-07\n  place: 北京\n", 2, 1, "more of the value of `date`"),
            ("title: 标题\nplace:北京\ndate: 2024-03-07\n", 1, 1, "write `place: 北京`"),
            ("title: 标题\n这是一行文字\ndate: 2024-03-07\n", 1, 1, "this line is not `key: value`"),
            ("title: \"标题\ndate: 2024-03-07\n", 0, 8, "the quote `\"` that opens the value of `title` is not closed"),
            ("title: '标题\ndate: 2024-03-07\n", 0, 8, "the quote `'` that opens the value of `title` is not closed"),
            (
                "speakers: {a: 甲\ndate: 2024-03-07\n",
                0,
                11,
                "the bracket `{` that opens the value of `speakers` is not closed",
            ),
            ("topics: [peace\ndate: 2024-03-07\n", 0, 9, "end the value with `]`"),
            ("title: \"王毅说\"你好\"\"\n", 0, 8, "`title: '\"王毅说\"你好\"\"'`"),
            ("title: [Press] Conference\n", 0, 8, "`title: \"[Press] Conference\"`"),
            ("speakers:\n  a: 甲\n b: 乙\n", 2, 1, "`b` is indented differently"),
            ("title: @Wang Yi\n", 0, 8, "cannot start with `@`"),
            ("title: `code`\n", 0, 8, "cannot start with ```"),
            ("title: * star\n", 0, 8, "cannot start with `*`"),
            ("title: { zh: 标题, en: T }\nlanguages:\n\tzh: { name: 中文 }\n", 2, 1, "a tab is used for indentation"),
            ("languages:\n  zh: 中文\n\ten: English\n", 2, 1, "a tab is used for indentation"),
            ("languages:\n  zh:\n  \t name: 中文\n", 2, 3, "a tab is used for indentation"),
        ];
        for (text, line, col, words) in cases {
            let (l, c, said) = explained(text).unwrap_or_else(|| panic!("not explained: {text:?}"));
            assert_eq!((l, c), (line, col), "{text:?}: {said}");
            assert!(said.contains(words), "{text:?}: {said}");
        }
    }

    proptest::proptest! {
        /// A text YAML reads otherwise than written (a comment, an anchor, a tag) is
        /// warned about, with what YAML reads; one it reads as written is not.
        #[test]
        fn a_text_yaml_reads_otherwise_is_said_with_what_it_reads(
            text in "(&a |!x |[a-z]|[中国]){1,3}[a-z中国#: ]{0,10}",
            key in proptest::sample::select(vec!["title", "place"]),
        ) {
            let text = text.trim();
            let yaml = format!("date: 2024-03-07\n{key}: {text}\n");
            let Ok(value) = serde_yaml::from_str::<serde_yaml::Value>(&yaml) else {
                return Ok(()); // not readable: the syntax errors above
            };
            let value = match value.get(key) {
                Some(serde_yaml::Value::Tagged(t)) => t.value.clone(),
                Some(v) => v.clone(),
                None => serde_yaml::Value::Null,
            };
            let read = match value {
                serde_yaml::Value::String(s) => s,
                serde_yaml::Value::Null => String::new(),
                _ => return Ok(()), // a number or a truth value: a type error, said elsewhere
            };
            let warned = cut_texts(&yaml);
            if read == text {
                proptest::prop_assert!(warned.is_empty(), "{}: {:?}", yaml, warned);
            } else {
                let said = warned.first().map(|(_, kind)| kind.to_string()).unwrap_or_default();
                proptest::prop_assert!(said.contains(&format!("as `{read}`")), "{}: {}", yaml, said);
                proptest::prop_assert_eq!(warned[0].0, yaml.find(text).unwrap());
            }
        }

        /// A value YAML cannot read, in a front matter of several keys, is named at
        /// its own line, and the value as the message says to write it reads back as
        /// the text that was meant.
        #[test]
        fn the_fix_a_message_gives_reads_as_the_text_meant(
            text in "[a-z中国 ]{0,6}(: |@|`|\\*|\\[x\\] |\"x\" |'x' )[a-z中国:\"' ]{1,8}",
            key in proptest::sample::select(vec!["title", "subtitle", "place", "event"]),
            before in 0usize..3,
        ) {
            let text = text.trim().to_string();
            let others = ["date: 2024-03-07", "source: 新华社", "slug: a"];
            let mut lines: Vec<String> = others[..before].iter().map(|l| l.to_string()).collect();
            lines.push(format!("{key}: {text}"));
            lines.extend(others[before..].iter().map(|l| l.to_string()));
            let yaml = lines.join("\n") + "\n";
            if serde_yaml::from_str::<serde_yaml::Value>(&yaml).is_ok() {
                return Ok(()); // YAML reads it (as what, is another question)
            }
            let (line, _, words) = explained(&yaml).ok_or_else(|| proptest::test_runner::TestCaseError::fail(format!("not explained: {yaml}")))?;
            proptest::prop_assert_eq!(line, before, "{}", words);
            proptest::prop_assert!(words.contains(&format!("`{key}`")), "{}", words);
            if let Some((_, fix)) = words.split_once("quotes: `") {
                let fixed_line = fix.strip_suffix('`').unwrap_or(fix);
                let value: serde_yaml::Value = serde_yaml::from_str(fixed_line).map_err(|e| proptest::test_runner::TestCaseError::fail(format!("{fixed_line}: {e}")))?;
                proptest::prop_assert_eq!(value.get(key).and_then(|v| v.as_str()), Some(text.as_str()), "{}", fixed_line);
            }
        }
    }
}

//! What rendering holds between pages, which no output shows.

use super::*;
use crate::cache::sources::ParsedSources;
use crate::diagnostic::Problems;
use crate::plan::PageKind;

/// The fixture `name`, loaded from a copy.
fn loaded(name: &str) -> (tempfile::TempDir, crate::generate::Site) {
    load(crate::test_support::fixture(name))
}

fn load(dir: tempfile::TempDir) -> (tempfile::TempDir, crate::generate::Site) {
    let mut problems = Problems::default();
    let options = crate::run::Options::default();
    let site = crate::pipeline::load(dir.path(), &options, &mut ParsedSources::default(), None, &mut problems);
    assert!(!problems.has_errors(), "{:?}", problems.errors);
    (dir, site.expect("the fixture loads").0)
}

/// A transcript's parts (facts, citation files, section bodies) are made once for its
/// pages in a language, held while some of those pages are still to come, and let go
/// after the last: held for the whole archive, they would be a second copy of its text.
#[test]
fn a_transcripts_parts_are_shared_by_its_pages_then_let_go() {
    let (_dir, site) = loaded("basic");
    let html = Html::new(&site.config, &site.archive, &site.related, &site.theme);
    let lang = &site.config.languages[0].code;
    let of_transcript = |page: &&crate::plan::Page| match &page.kind {
        PageKind::Transcript { lang: l, transcript } => l == lang && *transcript == 0,
        PageKind::Section { lang: l, at } => l == lang && at.transcript == 0,
        _ => false,
    };
    let pages: Vec<&crate::plan::Page> = site.manifest.pages.iter().filter(of_transcript).collect();
    assert!(pages.len() > 2, "the fixture's first transcript has sections");
    let held = || html.parts.held(0, 0);
    assert!(held().is_none(), "nothing is made before a page needs it");
    let mut first_made = None;
    for (n, page) in pages.iter().rev().enumerate() {
        html.render(page, &|_| false).expect("renders");
        let now = held();
        if n + 1 < pages.len() {
            let now = now.expect("held while pages are still to come");
            let first = first_made.get_or_insert_with(|| now.clone());
            assert!(std::sync::Arc::ptr_eq(first, &now), "made once, not again for each page");
        } else {
            assert!(now.is_none(), "let go after the last page");
        }
    }
}

/// The cards of one transcript's sections hold one copy of its title and address,
/// and show them as every card did: the transcript's title and page.
#[test]
fn the_cards_of_a_transcript_share_its_title_and_address() {
    // Titles longer than tera keeps inside a value (21 bytes), so that one copy shows.
    let dir = crate::test_support::fixture("basic");
    for entry in walkdir::WalkDir::new(dir.path().join("content")).into_iter().map(Result::unwrap) {
        if entry.file_type().is_file() {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            std::fs::write(entry.path(), text.replacen("\ntitle: ", "\ntitle: The full record of ", 1)).unwrap();
        }
    }
    let (_dir, site) = load(dir);
    let html = Html::new(&site.config, &site.archive, &site.related, &site.theme);
    let lang = &site.config.languages[0].code;
    let t = &site.archive.transcripts[0];
    assert!(t.section_ids.len() > 1, "the fixture's first transcript has sections");
    let reader = Reader::new(&html, &|_| false);
    let cards: Vec<tera::Value> = (0..t.section_ids.len())
        .map(|section| reader.section_card(lang, crate::archive::SectionRef { transcript: 0, section }).value().clone())
        .collect();
    fn text<'c>(card: &'c tera::Value, name: &'c str) -> &'c str {
        card.get_from_path(name).and_then(tera::Value::as_str).expect("a card's field, a string")
    }
    let field = |card: &tera::Value, name: &str| text(card, name).as_ptr();
    let title = field(&cards[0], "transcript_title");
    assert_eq!(text(&cards[0], "transcript_title"), t.version(lang).expect("translated").front.title);
    for card in &cards[1..] {
        assert_eq!(field(card, "transcript_title"), title, "one copy of the title");
        assert_eq!(field(card, "transcript_href"), field(&cards[0], "transcript_href"), "one copy of the address");
    }
}

/// Templates that print a string, alone and through the filters a theme may use on
/// one, in an HTML template (where tera escapes).
const PRINTS: &[&str] = &[
    "{{ x }}",
    "<a title=\"{{ x }}\" href=\"{{ x }}\">{{ x | upper }}</a>",
    "{{ x | replace(from=\"a\", to=\"<b>\") }} {{ x | replace(from=\"a\", to=\"b\") | safe }}",
    "{{ x ~ \"&\" }} {{ \"<\" ~ x }} {{ x | escape }} {{ x | safe }}",
    "{{ x | trim | truncate(length=5) }} {{ x | title }} {{ x | capitalize }} {{ x | length }}",
    "{{ x | split(pat=\"/\") | join(sep=\"&\") }} {{ x | lower | wordcount }}",
    "{% if x == \"a/b\" %}same{% endif %}{% for c in x | split(pat=\"a\") %}[{{ c }}]{% endfor %}",
];

/// Printed by tera, `text` as `value`, through each of `PRINTS`.
fn printed(value: tera::Value) -> Vec<String> {
    let mut tera = tera::Tera::new();
    let names: Vec<String> = (0..PRINTS.len()).map(|i| format!("t{i}.html")).collect();
    tera.add_raw_templates(names.iter().map(String::as_str).zip(PRINTS.iter().copied())).unwrap();
    let mut context = tera::Context::new();
    context.insert_value("x", value);
    names.iter().map(|name| tera.render(name, &context).unwrap()).collect()
}

proptest::proptest! {
    /// A string marked safe because escaping would not change it prints as it would
    /// unmarked, whatever a template does with it.
    #[test]
    fn a_plain_string_prints_as_tera_prints_any_string(
        pieces in proptest::collection::vec(
            proptest::sample::select(vec!["a", "/", " ", "b-2", "中文", "é", "<", ">", "&", "\"", "'", "&amp;", "x"]),
            0..8,
        ),
    ) {
        let text = pieces.concat();
        proptest::prop_assert_eq!(printed(parts::plain(&text)), printed(tera::Value::from(text.as_str())));
    }
}

/// What escaping would leave unchanged is marked safe, and nothing else: the point
/// of `plain` is that tera does not scan it on every page.
#[test]
fn only_strings_with_nothing_to_escape_are_marked_safe() {
    for text in ["", "/archive/en/2024/0307-press/", "王毅", "2024-03-07", "Belt and Road"] {
        assert!(parts::plain(text).is_safe(), "{text}");
    }
    for text in ["People's Daily", "a < b", "R&D", "\"quoted\"", "x>y"] {
        assert!(!parts::plain(text).is_safe(), "{text}");
    }
}

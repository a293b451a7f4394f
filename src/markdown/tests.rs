use super::*;

const PLAIN: Writing = Writing { allow_html: false, base_path: "/" };

fn blocks_of(markdown: &str) -> Vec<Block> {
    let parser = Parser::new(markdown).into_offset_iter().collect::<Vec<_>>();
    let mut events = parser.into_iter();
    let (Event::Start(tag), _) = events.next().unwrap() else { panic!() };
    let inner = collect_until_end(&mut events);
    vec![render_block(tag, inner, 1, PLAIN, true, &[])]
}

#[test]
fn a_bold_name_and_a_colon_open_a_turn() {
    let b = &blocks_of("**王毅**：各位记者朋友，大家好！")[0];
    assert_eq!(b.speaker.as_deref(), Some("王毅"));
    assert_eq!(b.html(), "<p>各位记者朋友，大家好！</p>\n");
    let b = &blocks_of("**Wang Yi**: Good morning.")[0];
    assert_eq!(b.speaker.as_deref(), Some("Wang Yi"));
    assert_eq!(&*b.text, "Good morning.");
}

#[test]
fn bold_text_without_a_colon_is_not_a_turn() {
    let b = &blocks_of("**Note** this is emphasis.")[0];
    assert_eq!(b.speaker, None);
}

#[test]
fn raw_html_is_escaped() {
    let b = &blocks_of("Hello <script>alert(1)</script>")[0];
    assert!(b.html().contains("&lt;script&gt;"), "{}", b.html());
}

#[test]
fn links_that_would_run_code_are_shown_as_their_words() {
    let markdown = "[点我](javascript:alert(1)) [x](JaVaScRiPt:alert(2)) [y]( vbscript:x) \
        ![图 [a](data:x)](data:text/html,x) [ok](https://example.org/) ![ok](/a.png)";
    let html = blocks_of(markdown)[0].html().to_string();
    assert!(!html.to_lowercase().contains("script:") && !html.contains("data:"), "{html}");
    assert!(html.starts_with("<p>点我 x y 图 a <a href=\"https://example.org/\">ok</a>"), "{html}");
    assert!(html.contains(r#"<img src="/a.png" alt="ok" />"#), "{html}");
}

#[test]
fn line_breaks_inside_chinese_are_not_spaces() {
    let b = &blocks_of("中国将坚定\n做世界的和平力量")[0];
    assert_eq!(b.html(), "<p>中国将坚定做世界的和平力量</p>\n");
}

#[test]
fn line_index_counts_from_the_body_line() {
    let index = LineIndex::new("a\nb\nc", 5);
    assert_eq!(index.line_of(0), 5);
    assert_eq!(index.line_of(2), 6);
    assert_eq!(index.line_of(4), 7);
}

proptest::proptest! {
    /// A block kept as text alone gives back the HTML its events would have made.
    #[test]
    fn a_plain_paragraph_made_again_is_the_html_it_was(text in "[a-z中文 &<>\"'\\\\\\[\\]()*_`#!:：;0-9\n-]{1,40}") {
        let events: Vec<Event> = Parser::new(&text).collect();
        let Some(Event::Start(tag @ Tag::Paragraph)) = events.first().cloned() else { return Ok(()) };
        let inner: Vec<Event> = events[1..events.len() - 1].to_vec();
        let block = render_block(tag.clone(), inner.clone(), 1, PLAIN, false, &[]);
        proptest::prop_assert_eq!(block.html(), block_html(tag, drop_cjk_soft_breaks(inner), PLAIN, &[]));
    }
}

proptest::proptest! {
    /// A block's HTML with an id is its HTML with the id on its first element, whether
    /// the block is kept as text (a plain paragraph) or as markup (a list, a link).
    #[test]
    fn a_block_with_an_id_is_its_html_with_the_id_on_its_first_element(
        text in "[a-z中文 &<>\"'\\\\\\[\\]()*_`#!:：;0-9\n-]{1,40}",
        id in "[a-z0-9-]{1,12}",
    ) {
        let events: Vec<Event> = Parser::new(&text).collect();
        let Some(Event::Start(tag)) = events.first().cloned() else { return Ok(()) };
        let inner: Vec<Event> = events[1..events.len() - 1].to_vec();
        let block = render_block(tag, inner, 1, PLAIN, false, &[]);
        let html = block.html();
        let expected = match html.find(['>', ' ']) {
            Some(at) if html.starts_with('<') => format!("{} id=\"{id}\"{}", &html[..at], &html[at..]),
            _ => html.to_string(),
        };
        proptest::prop_assert_eq!(block.html_with_id(&id), expected);
    }
}

/// A line as `**王毅：**` puts a turn's label, with a colon inside the bold or not,
/// and what reading it should make of it.
fn label_line() -> impl proptest::strategy::Strategy<Value = (String, String)> {
    let parts = ("(\\*\\*)?", "[a-z王毅 ]{0,6}", "(：|:)?", "[a-z。，：: ]{0,10}");
    proptest::strategy::Strategy::prop_map(parts, |(open, name, colon, rest)| {
        let line = format!("{open}{name}{colon}**{rest}");
        let fixed = !open.is_empty() && !colon.is_empty() && !name.trim().is_empty();
        let expected = if fixed { format!("**{name}**{colon}{rest}") } else { line.clone() };
        (line, expected)
    })
}

proptest::proptest! {
    /// Every label with its colon inside the bold, and only those, is read with the
    /// colon after it, whatever the lines around it.
    #[test]
    fn colons_inside_the_bold_are_moved_after_it(lines in proptest::collection::vec(label_line(), 0..6)) {
        let body: String = lines.iter().map(|(line, _)| format!("{line}\n")).collect();
        let expected: String = lines.iter().map(|(_, fixed)| format!("{fixed}\n")).collect();
        proptest::prop_assert_eq!(as_meant(&body), expected);
    }
}

/// Every document is held for the whole build: its lists hold no more room than the
/// blocks they hold (grown a block at a time, they held up to twice that).
#[test]
fn a_parsed_document_holds_no_room_it_does_not_fill() {
    let site = crate::test_support::fixture("minimal");
    let config = crate::config::load(site.path(), &Default::default()).unwrap();
    let turns: String = (0..37).map(|i| format!("**王毅**：第{i}段。\n\n")).collect();
    let body = format!("前言。\n\n## 一 {{#one}}\n\n{turns}## 二 {{#two}}\n\n{turns}---\n\n结束。\n");
    let doc = parse_body(&config, (Path::new("a.zh.md"), "zh"), &body, 1, &mut Problems::default());
    let held = |blocks: &Vec<Block>| (blocks.len(), blocks.capacity());
    assert_eq!(doc.sections.iter().map(|s| held(&s.blocks)).collect::<Vec<_>>(), [(37, 37), (37, 37)]);
    assert_eq!((held(&doc.preface), held(&doc.closing)), ((1, 1), (1, 1)));
    assert_eq!(doc.sections.capacity(), 2);
}

#[test]
fn addresses_from_the_sites_root_get_its_path() {
    let writing = Writing { allow_html: false, base_path: "/archive/" };
    let mut events =
        Parser::new("[a](/en/about/) ![b](/img/x.png) [c](/archive/en/) [d](https://x.org/) [e](//x.org/) [f](#p-a-1)")
            .into_offset_iter();
    let (Event::Start(tag), _) = events.next().unwrap() else { panic!() };
    let html = block_html(tag, collect_until_end(&mut events), writing, &[]);
    for href in [
        r#"href="/archive/en/about/""#,
        r#"src="/archive/img/x.png""#,
        r#"href="/archive/en/""#,
        r#"href="https://x.org/""#,
        r#"href="//x.org/""#,
        r##"href="#p-a-1""##,
    ] {
        assert!(html.contains(href), "{href}: {html}");
    }
}

#[test]
fn a_notes_paragraphs_are_apart_in_its_text() {
    let site = crate::test_support::fixture("minimal");
    let config = crate::config::load(site.path(), &Default::default()).unwrap();
    let body = "\n## 一 {#one}\n\n**王毅**：话。[^1]\n\n[^1]: First part.\n\n    Second part.\n";
    let doc = parse_body(&config, (Path::new("a.en.md"), "en"), body, 1, &mut Problems::default());
    assert_eq!(&*doc.notes[0].text, "First part. Second part.");
}

proptest::proptest! {
    /// A section heading keeps its id, text and place however it is closed (`## 标题
    /// {#id} ##`, CommonMark's closing hashes, after the `{…}` or without one), and the
    /// rest of the document is read as without them.
    #[test]
    fn closing_hashes_leave_a_headings_id_and_text_as_written(
        headings in proptest::collection::vec(("[a-z]{1,8}", proptest::option::of("[a-z][a-z0-9-]{0,8}"), 0..4usize, "[ \t]{0,2}"), 1..6),
    ) {
        let site = crate::test_support::fixture("minimal");
        let config = crate::config::load(site.path(), &Default::default()).unwrap();
        let mut body = String::from("前言。\n");
        for (i, (text, id, closing, trailing)) in headings.iter().enumerate() {
            let id = id.as_ref().map(|id| format!(" {{#{id}{i}}}")).unwrap_or_default();
            let closing = if *closing == 0 { String::new() } else { format!(" {}", "#".repeat(*closing)) };
            body.push_str(&format!("\n## {text}{id}{closing}{trailing}\n\n**王毅**：第{i}段。\n"));
        }
        let mut problems = Problems::default();
        let doc = parse_body(&config, (Path::new("a.zh.md"), "zh"), &body, 1, &mut problems);
        proptest::prop_assert!(!problems.has_errors(), "{:?}", problems.errors);
        proptest::prop_assert_eq!(doc.sections.len(), headings.len());
        for (i, (section, (text, id, _, _))) in doc.sections.iter().zip(&headings).enumerate() {
            let expected = id.as_ref().map_or_else(|| format!("section-{}", i + 1), |id| format!("{id}{i}"));
            proptest::prop_assert_eq!(&section.id.0, &expected);
            proptest::prop_assert_eq!(&section.heading_text, text);
            proptest::prop_assert_eq!(section.line, 3 + 4 * i);
            proptest::prop_assert_eq!(section.blocks.len(), 1);
        }
    }
}

/// A line underlined with `---` or `===` is a heading to Markdown: the last turn, when
/// the `---` that begins the closing lines is typed right under it, or a line of the
/// preface. Said at the text's first line, naming the underline's.
#[test]
fn text_underlined_into_a_heading_is_an_error_at_its_place() {
    let site = crate::test_support::fixture("minimal");
    let config = crate::config::load(site.path(), &Default::default()).unwrap();
    for (body, at, underline) in [
        ("\n## 一 {#one}\n\n**王毅**：好。\n---\n\n（完）\n", 4, "--- at line 5"),
        ("\n## 一 {#one}\n\n**王毅**：好，\n谢谢。\n------\n", 4, "------ at line 6"),
        ("导语\n===\n\n## 一 {#one}\n\n**王毅**：好。\n", 1, "=== at line 2"),
    ] {
        let mut problems = Problems::default();
        parse_body(&config, (Path::new("a.zh.md"), "zh"), body, 1, &mut problems);
        let said: Vec<String> = problems.errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(said.len(), 1, "{body:?}: {said:?}");
        let expected = format!("a.zh.md:{at}:1: error: the `{}", underline.replace(" at", "` at"));
        assert!(said[0].starts_with(&expected), "{said:?} does not start with {expected}");
    }
}

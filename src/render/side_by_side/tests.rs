use super::*;

fn block(speaker: Option<&str>, text: &str) -> Block {
    Block::marked_up(speaker.map(str::to_string), format!("<p>{text}</p>"), text.into(), 1)
}

#[test]
fn a_missing_paragraph_leaves_an_empty_cell_and_nothing_shifts() {
    let zh = [block(Some("甲"), "问"), block(Some("乙"), "答一"), block(None, "答二")];
    let en = [block(Some("A"), "Q"), block(Some("B"), "A1")];
    let rows = rows(&[turns(&zh), turns(&en)], &["zh".into(), "en".into()], Some("s"));
    let text: Vec<Vec<Option<&str>>> =
        rows.iter().map(|r| r.cells.iter().map(|c| c.html.as_deref()).collect()).collect();
    assert_eq!(
        text,
        [[Some("<p>问</p>"), Some("<p>Q</p>")], [Some("<p>答一</p>"), Some("<p>A1</p>")], [Some("<p>答二</p>"), None],]
    );
    assert_eq!(rows[1].cells[1].speaker.as_deref(), Some("B"));
}

#[test]
fn turns_align_by_turn_not_by_paragraph_count() {
    // zh has a two-paragraph first turn; en's second turn must still face zh's second turn.
    let zh = [block(Some("甲"), "一"), block(None, "二"), block(Some("乙"), "三")];
    let en = [block(Some("A"), "one"), block(Some("B"), "three")];
    let rows = rows(&[turns(&zh), turns(&en)], &["zh".into(), "en".into()], Some("s"));
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[2].cells[1].html.as_deref(), Some("<p>three</p>"));
    assert_eq!(rows[1].cells[1].html, None);
}

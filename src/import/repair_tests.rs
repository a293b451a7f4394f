//! Tests of the page-break repairs.

use super::*;

fn texts(paras: &[Para]) -> Vec<&str> {
    paras.iter().map(|p| p.text.as_str()).collect()
}

#[test]
fn paragraphs_accept_blank_or_single_line_breaks_crlf_bom_and_stray_spaces() {
    let blank = paragraphs(Script::Chinese, "\u{feff}甲。\r\n\r\n　乙。 \r\n\r\n丙。\r\n").0;
    let single = paragraphs(Script::Chinese, "甲。\n乙。\n丙。").0;
    assert_eq!(texts(&blank), ["甲。", "乙。", "丙。"]);
    assert_eq!(texts(&single), texts(&blank));
    assert_eq!((blank[1].first, blank[2].first), (3, 5));
    // Found by fuzzing: a lone carriage return inside a line.
    assert_eq!(
        texts(&paragraphs(Script::English, "from the pres\r-\rd rail\tways.").0),
        ["from the pres - d rail ways."]
    );
}

#[test]
fn hard_wrapped_lines_are_one_paragraph() {
    let paras = paragraphs(Script::English, "The talks went on\nfor hours.\nThen they ended.\n\nNext.").0;
    assert_eq!(texts(&paras), ["The talks went on for hours.", "Then they ended.", "Next."]);
}

#[test]
fn sentences_keep_their_closing_quotes() {
    assert_eq!(sentences(Script::Chinese, "他说：“好。”我们走吧！还有"), ["他说：“好。”", "我们走吧！", "还有"]);
    assert_eq!(
        sentences(Script::English, "The U.S. agreed. Then \"no.\" Fine"),
        ["The U.S. agreed.", "Then \"no.\"", "Fine"]
    );
}

#[test]
fn text_printed_twice_is_dropped_even_when_its_paragraphs_break_differently() {
    let paras = paragraphs(Script::Chinese, "甲一。甲二。\n\n乙一。乙二。\n\n甲一。\n\n甲二。乙一。乙二。\n\n丙。").0;
    let (kept, repairs) = drop_duplicates(Script::Chinese, paras);
    assert_eq!(texts(&kept), ["甲一。甲二。", "乙一。乙二。", "丙。"]);
    assert_eq!(repairs, [Repair::Duplicate { first: 5, last: 7, original: 1, preview: "甲一。".into() }]);
}

#[test]
fn a_short_sentence_said_twice_is_kept() {
    let paras = paragraphs(Script::Chinese, "王毅：谢谢。\n\n记者：好的。\n\n王毅：谢谢。").0;
    let (kept, repairs) = drop_duplicates(Script::Chinese, paras);
    assert_eq!(kept.len(), 3);
    assert!(repairs.is_empty());
}

/// Found by the property test: a page break just before `—阿拉伯` left the two
/// halves apart, and a reprint of the sentence was then kept as new text.
#[test]
fn a_paragraph_split_next_to_a_dash_bracket_or_quote_is_joined() {
    // Longer than a heading (40 characters), which a fragment could not be told from.
    let lead = "当前，世界格局正在深刻变革，人类社会遭遇多重挑战。";
    let cases = [
        (
            "构建人类命运共同体在中亚地区和中南半岛实现全覆盖，中国—非洲、中国—东盟、中国",
            "—阿拉伯的命运共同体建设取得新成果。",
        ),
        ("我们坚持以联合国为核心的国际体系，维护《联合国宪", "章》的宗旨和原则，推进国际关系民主化。"),
        ("我们坚持以联合国为核心的国际体系，维护《", "联合国宪章》的宗旨和原则，推进国际关系民主化。"),
    ];
    for (a, b) in cases {
        let a = format!("{lead}{a}");
        let text = format!("{a}\n\n{b}");
        let (joined, repairs) = join_splits(Script::Chinese, paragraphs(Script::Chinese, &text).0, |_| false);
        assert_eq!(texts(&joined), [format!("{a}{b}").as_str()]);
        assert_eq!(repairs, [Repair::Joined { line: 1, next: 3 }]);
    }
}

#[test]
fn a_paragraph_split_mid_sentence_is_joined() {
    // A fragment as short as a heading (40 characters or fewer) cannot be told from
    // one; a paragraph split by a page break is longer.
    let head = "当前，以中国和非洲为代表的“全球南方”蓬勃发展。非洲国家正在经历新的觉醒，非洲国家需要探索符";
    let text = format!("{head}\n\n合本国国情的发展道路。\n\n王毅：下一个问题。");
    let (joined, repairs) =
        join_splits(Script::Chinese, paragraphs(Script::Chinese, &text).0, |t| t.starts_with("王毅："));
    assert_eq!(texts(&joined), [format!("{head}合本国国情的发展道路。").as_str(), "王毅：下一个问题。"]);
    assert_eq!(repairs, [Repair::Joined { line: 1, next: 3 }]);
    let paras = paragraphs(Script::English, "Countries need to find paths suited\n\nto their conditions.").0;
    let (joined, _) = join_splits(Script::English, paras, |_| false);
    assert_eq!(texts(&joined), ["Countries need to find paths suited to their conditions."]);
}

#[test]
fn closing_lines_move_to_the_end_once() {
    let paras =
        paragraphs(Script::Chinese, "甲。\n\n记者会历时1小时。\n\n(据新华社北京3月7日电)\n\n乙。\n\n记者会历时1小时。")
            .0;
    let (body, closing, repairs) = take_closing(paras);
    assert_eq!(texts(&body), ["甲。", "乙。"]);
    assert_eq!(texts(&closing), ["记者会历时1小时。", "(据新华社北京3月7日电)"]);
    assert_eq!(repairs.len(), 3, "{repairs:?}");
}

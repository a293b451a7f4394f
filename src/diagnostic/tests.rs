use super::*;

#[test]
fn columns_count_characters_not_bytes() {
    let text = "title: 中国\nplace: 梅地亚x";
    let offset = text.find('x').unwrap();
    let at = Location::in_text(Path::new("a.md"), text, offset, 3);
    assert_eq!(at.to_string(), "a.md:4:11");
}

#[test]
fn what_a_terminal_would_act_on_is_written_out() {
    let name = "content/a\u{1b}[2J\nb\u{202e}dm.zh.md";
    let error = Error::new(Location::file(name), ErrorKind::NoFrontMatter { hint: "" });
    let shown = error.to_string();
    assert!(shown.starts_with("content/a\\u{1b}[2J\\nb\\u{202e}dm.zh.md: error: "), "{shown}");
    assert!(!shown.chars().any(char::is_control));
    assert_eq!(printable("王毅：各位记者朋友"), "王毅：各位记者朋友");
}

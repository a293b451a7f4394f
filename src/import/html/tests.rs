use super::*;

#[test]
fn a_page_is_read_as_a_browser_shows_it() {
    let page = "<!DOCTYPE html>\n<html><head><title>例行记者会</title>\n<style>p { color: red }</style>\n<script>var a = '<p>x</p>';</script></head>\n<body>\n<div class=nav>首页 &gt; 外交部发言人</div>\n<h1>2024年3月11日外交部发言人毛宁主持例行记者会</h1>\n<!-- a comment -->\n<p>　　<strong>毛宁：</strong>各位记者朋友，\n下午好！</p>\n<p><b>AFP</b>: Does <i>China</i>\n  comment?<br>Thank you &amp; goodbye.</p>\n<select><option>中文</option></select>\n<table><tr><td>来源：新华社</td><td>地点：蓝厅</td></tr></table>\n</body></html>\n";
    let read = read(page);
    assert_eq!(
        read.text,
        "首页 > 外交部发言人\n\n2024年3月11日外交部发言人毛宁主持例行记者会\n\n　　毛宁：各位记者朋友，下午好！\n\nAFP: Does China comment?\nThank you & goodbye.\n\n来源：新华社 地点：蓝厅\n"
    );
    // A blank line between paragraphs is at the next one's line.
    assert_eq!(read.lines, [6, 7, 7, 9, 9, 11, 11, 12, 14, 14]);
}

#[test]
fn a_head_left_open_ends_where_the_body_starts() {
    let page = "<html><head><title>题目</title><meta charset=utf-8>\n<p>正文。</p></html>";
    assert_eq!(read(page).text, "正文。\n");
    let page = "<html><head><title>题目</title></head>\n<div>正文。</div>";
    assert_eq!(read(page).text, "正文。\n");
}

#[test]
fn a_page_is_known_by_how_it_opens() {
    for page in [
        "<!DOCTYPE html><html>",
        "\u{feff}\n<html lang=zh>",
        "<!-- saved from url=(0047)https://www.fmprc.gov.cn/ -->\n<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\">",
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\">",
    ] {
        assert!(is_page(page), "{page}");
    }
    for text in ["王毅：<html> 是一个标签。", "<p>not a page</p>", "", "<!-- only a comment"] {
        assert!(!is_page(text), "{text}");
    }
}

#[test]
fn a_page_declares_its_encoding() {
    assert_eq!(declared_encoding(b"<meta charset=\"GB2312\">"), Some(encoding_rs::GBK));
    assert_eq!(declared_encoding(b"<meta content=\"text/html; charset=big5\">"), Some(encoding_rs::BIG5));
    assert_eq!(declared_encoding(b"<meta charset=nonsense>"), None);
    assert_eq!(declared_encoding(b"<p>no charset</p>"), None);
}

proptest::proptest! {
    /// Paragraphs set in a page however pages set them (in `<p>`, `<div>` or between
    /// `<br>`s, words split across inline elements, the source's own line breaks and
    /// indentation, text escaped as entities) come out as the paragraphs, each at the
    /// page line where it starts.
    #[test]
    fn paragraphs_come_out_however_the_page_sets_them(
        paragraphs in proptest::collection::vec("[a-z中文&<>]{1,6}( [a-z中文&<>]{1,6}){0,5}", 1..8),
        wrap in proptest::sample::select(vec!["p", "div", "br", "li"]),
        inline in proptest::bool::ANY,
        breaks in proptest::bool::ANY,
    ) {
        let escape = |w: &str| w.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
        let set = |paragraph: &str| {
            let words: Vec<String> = paragraph.split(' ').map(|w| match inline {
                true => format!("<span class=w>{}</span>", escape(w)),
                false => escape(w),
            }).collect();
            words.join(if breaks { "\n    " } else { " " })
        };
        let body: Vec<String> = paragraphs.iter().map(|p| match wrap {
            "br" => format!("{}<br><br>", set(p)),
            "li" => format!("<li>{}", set(p)),
            tag => format!("<{tag}>\n  {}\n</{tag}>", set(p)),
        }).collect();
        let page = format!("<!DOCTYPE html>\n<html><head><title>t</title></head><body>\n{}\n</body></html>", body.join("\n"));
        let read = read(&page);
        let separator = if wrap == "br" { "\n" } else { "\n\n" };
        // A line end of the page between two Chinese characters is no space.
        let chinese = |c: Option<char>| c.is_some_and(|c| "中文".contains(c));
        let shown = |p: &String| match breaks {
            false => p.clone(),
            true => p.split(' ').fold(String::new(), |mut line, word| {
                let joined = chinese(line.chars().last()) && chinese(word.chars().next());
                let apart = !line.is_empty() && !joined;
                line.push_str(if apart { " " } else { "" });
                line + word
            }),
        };
        let expected: Vec<String> = paragraphs.iter().map(shown).collect();
        proptest::prop_assert_eq!(&read.text, &format!("{}\n", expected.join(separator)), "{}", page);
        // Each paragraph's line of text is at the page's line its first word is on.
        for (i, line) in read.text.lines().enumerate().filter(|(_, l)| !l.is_empty()) {
            let first = escape(line.split(' ').next().unwrap().chars().next().unwrap().to_string().as_str());
            let at = read.lines[i];
            proptest::prop_assert!(page.lines().nth(at - 1).is_some_and(|l| l.contains(&first)), "line {} of the page for `{}`\n{}", at, line, page);
        }
    }
}

proptest::proptest! {
    /// Any text after a doctype reads without a panic, as tag soup does in a browser:
    /// a page line for each line of text, in order, each a line the page has.
    #[test]
    fn any_page_reads_and_every_line_has_its_page_line(
        body in "([a-z中 \n\t&;#<>/=\"'!-]|<p>|</p>|<br>|<pre>|</pre>|<script>|</script>|<head>|<body>|<!--|-->|&nbsp;|&#20013;|\u{feff}|\u{3000}){0,120}",
    ) {
        let page = format!("<!DOCTYPE html>{body}");
        let read = read(&page);
        proptest::prop_assert_eq!(read.lines.len(), read.text.lines().count());
        let page_lines = page.lines().count().max(1);
        proptest::prop_assert!(read.lines.windows(2).all(|w| w[0] <= w[1]), "{:?}", read.lines);
        proptest::prop_assert!(read.lines.iter().all(|&l| (1..=page_lines).contains(&l)), "{:?} of {}", read.lines, page_lines);
    }
}

//! What a page or a recording puts around a text: page numbers and running heads, a
//! web page's controls, path and details, times of the recording.

use super::dates::WEEKDAYS;
use super::full_date;
use crate::text::as_simplified;

/// The length of the time at the start of `s` (`12:30`, `0:12:34`, `00:12:34.5`:
/// groups of digits joined by colons), if it starts with one.
fn time_len(s: &str) -> Option<usize> {
    let end = s.find(|c: char| !(c.is_ascii_digit() || c == ':' || c == '.')).unwrap_or(s.len());
    let time = &s[..end];
    let groups: Vec<&str> = time.split(':').collect();
    let digits = |g: &&str| (1..=2).contains(&g.len()) && g.bytes().all(|b| b.is_ascii_digit());
    let last_ok = groups.last().is_some_and(|g| g.split('.').next().is_some_and(|g| digits(&g)));
    let ok = (2..=3).contains(&groups.len()) && groups[..groups.len() - 1].iter().all(digits) && last_ok;
    ok.then_some(end)
}

/// A speaker's name with the time they began, as a recording's transcript (Otter,
/// Rev, Zoom) prints it on a line of its own above their words: `Li Wei  0:25`,
/// `Li Wei (00:03):`, `[Li Wei] 10:01:23`. The name and the time.
pub fn timed_name(line: &str) -> Option<(&str, &str)> {
    let line = line.trim_end().strip_suffix([':', '：']).unwrap_or(line.trim_end());
    let (name, time) = match line.strip_suffix([')', ']', '）']) {
        Some(inner) => {
            let open = inner.rfind(['(', '[', '（'])?;
            (&inner[..open], &inner[open + inner[open..].chars().next()?.len_utf8()..])
        }
        // Otter sets the time two spaces after the name; one space is a sentence's
        // (`… resumed at 14:30`), unless the name is one word (`发言人1 00:00:03`) or
        // in brackets (`[Li Wei] 10:01:23`, as Zoom writes it).
        None => {
            let one_word = |name: &str| {
                (name.starts_with('[') && name.ends_with(']')) || (!name.contains(' ') && name.chars().count() <= 10)
            };
            line.rsplit_once("  ").or_else(|| line.rsplit_once(' ').filter(|(name, _)| one_word(name)))?
        }
    };
    (time_len(time)? == time.len()).then_some(())?;
    let name = name.trim();
    let name = name.strip_prefix('[').and_then(|n| n.strip_suffix(']')).unwrap_or(name);
    // A page's date and hour (`2020-07-18 00:48`) names no one.
    name.contains(char::is_alphabetic).then_some((name, time))
}

/// A time of the recording that starts `line` (`[00:12:34] WANG YI: …`, `（12:30）`), or
/// that is all of it (`00:12:34`): the time as written, and the rest of the line.
pub fn time_stamp(line: &str) -> Option<(&str, &str)> {
    for (open, close) in [('[', ']'), ('(', ')'), ('（', '）'), ('【', '】')] {
        let Some(inner) = line.strip_prefix(open) else { continue };
        let end = time_len(inner)?;
        let rest = inner[end..].strip_prefix(close)?;
        return Some((&line[..line.len() - rest.len()], rest.trim_start()));
    }
    time_len(line).filter(|&end| end == line.len()).map(|_| (line, ""))
}

/// A page's running head or foot on its own: a page number (`第3版`, `- 3 -`, `Page 3`,
/// `3`), or a date line (`2024年3月8日 星期五`, `Friday, March 8, 2024`), alone or after
/// the paper's name. Repeated names and banners are found by repetition instead.
pub fn is_page_furniture(line: &str) -> bool {
    // A page number or a date line: a few words.
    if line.len() > 160 {
        return false;
    }
    let line = &*as_simplified(line);
    let bare = line.trim_matches(|c: char| matches!(c, '-' | '—' | '–' | '·' | '|' | ' ' | '\u{3000}'));
    let number = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit() || c == '/');
    let page_number = number(bare)
        || bare.strip_prefix('第').and_then(|r| r.strip_suffix(['版', '页'])).is_some_and(number)
        || bare.strip_prefix("Page ").or_else(|| bare.strip_prefix("PAGE ")).is_some_and(|n| {
            // `Page 2`, `Page 2 of 5`.
            number(n) || n.split_once(" of ").is_some_and(|(a, b)| number(a) && number(b))
        });
    let chars = line.chars().count();
    let weekday = WEEKDAYS.iter().chain(&["星期", "周一"]).any(|w| line.contains(w));
    let date_line = chars <= 40 && full_date(line).is_some() && weekday;
    page_number || date_line
}

/// The words of a web page's controls, in a line of them alone.
const CONTROLS: [&str; 33] = [
    "字体",
    "大",
    "中",
    "小",
    "默认",
    "打印",
    "打印本页",
    "关闭",
    "关闭窗口",
    "分享",
    "分享到",
    "微信",
    "微博",
    "朋友圈",
    "QQ空间",
    "收藏",
    "扫一扫",
    "返回顶部",
    "纠错",
    "放大",
    "缩小",
    "print",
    "close",
    "share",
    "font",
    "size",
    "email",
    "facebook",
    "twitter",
    "weibo",
    "a+",
    "a-",
    "top",
];

/// A site's links and its languages (`中文 | English | Français`, `Contact Us`).
const SITE: [&str; 22] = [
    "中文",
    "english",
    "français",
    "español",
    "русский",
    "العربية",
    "العربي",
    "deutsch",
    "日本語",
    "한국어",
    "português",
    "contact",
    "us",
    "links",
    "sitemap",
    "site",
    "map",
    "search",
    "login",
    "rss",
    "网站地图",
    "联系我们",
];

/// How the path to a page starts: the site's home.
const PATH_STARTS: [&str; 6] = ["首页", "当前位置", "您的位置", "您现在的位置", "Home", "You are here"];

/// An end mark, in brackets or after a dash: `（完）`, `(End)`.
const END_MARKS: [&str; 5] = ["完", "全文完", "结束", "end", "the end"];

/// What a web page puts around a text, copied with it: its controls (`【字体：大 中 小】
/// 打印本页`, `分享到：微信 微博`, `【关闭窗口】`, `Print | Close`), the path to the page
/// (`首页 > 外交部发言人 > 例行记者会`), and an end mark (`（完）`).
pub fn is_web_furniture(line: &str) -> bool {
    // Controls, a path of short steps, an end mark: never a paragraph's length.
    if line.len() > 400 {
        return false;
    }
    let line = &*as_simplified(line);
    let words: Vec<String> = line
        .split(|c: char| c.is_whitespace() || "：:|｜【】[]（）()/·•—".contains(c))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    // One character alone (`中`) is as likely a heading cut by a page break.
    // A site's word alone (`English`) is as likely a heading.
    let controls = words.iter().all(|w| CONTROLS.contains(&w.as_str()) || SITE.contains(&w.as_str()))
        && (words.len() >= 2
            || words.first().is_some_and(|w| w.chars().count() >= 2 && CONTROLS.contains(&w.as_str())));
    // When the page was put up: `2020-07-18 00:48`, a date in digits and an hour.
    let posted = line.split_once(' ').is_some_and(|(day, hour)| {
        let digits = day.split(['-', '/', '.']).filter(|p| p.bytes().all(|b| b.is_ascii_digit())).count();
        digits == 3 && full_date(day).is_some() && time_len(hour.trim()) == Some(hour.trim().len())
    });
    // Short steps apart by `>`, the first the site's home: a few words each
    // (`Home > Foreign Ministry Spokesperson's Remarks`).
    let steps: Vec<&str> = line.split(['>', '＞', '›', '»']).map(str::trim).collect();
    let short = |step: &&str| {
        let named = !step.starts_with(char::is_lowercase);
        named && (step.chars().count() <= 16 || (step.len() <= 48 && step.split_whitespace().count() <= 6))
    };
    let path = steps.len() >= 2 && PATH_STARTS.iter().any(|s| steps[0].starts_with(s)) && steps.iter().all(short);
    let end =
        END_MARKS.contains(&words.join(" ").trim_matches('-')) && line.starts_with(['（', '(', '【', '[', '-', '—']);
    // `###` or `# # #`, as press releases end.
    let hashes = line.contains("##") || line.contains("# #");
    let release_end = hashes && line.chars().all(|c| c == '#' || c == ' ');
    controls || path || end || release_end || posted
}

/// A web page's details of a text, copied with it: `来源：外交部网站  发布时间：2024-03-11`,
/// `地点：梅地亚中心`, `Source: Xinhua`. Each (key, value), if the line is only such.
pub fn web_details(line: &str) -> Option<Vec<(&'static str, &str)>> {
    const KEYS: [&str; 14] = [
        "来源",
        "稿源",
        "发布时间",
        "发布日期",
        "时间",
        "日期",
        "地点",
        "作者",
        "浏览次数",
        "Source",
        "Published",
        "Updated",
        "Posted",
        "Venue",
    ];
    let mut details = Vec::new();
    // The details stand apart by wide spaces, or a bar.
    for part in line.split(['|', '｜', '\u{3000}']).flat_map(spaced_apart).map(str::trim).filter(|p| !p.is_empty()) {
        let (key, value) = part.split_once(['：', ':'])?;
        // The key as this list spells it (`來源` is `来源`).
        let key = key.trim();
        let key = KEYS.iter().find(|&&k| key.len() == k.len() && k == as_simplified(key))?;
        details.push((*key, value.trim()));
    }
    (!details.is_empty()).then_some(details)
}

/// The parts of `text` that two spaces or more set apart, ordinary or non-breaking (a
/// web page's `&nbsp;&nbsp;`).
fn spaced_apart(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut start, mut run) = (0, None);
    for (i, c) in text.char_indices() {
        match (c == ' ' || c == '\u{a0}', run) {
            (true, None) => run = Some((i, 1)),
            (true, Some((from, n))) => run = Some((from, n + 1)),
            (false, Some((from, n))) if n >= 2 => {
                parts.push(&text[start..from]);
                (start, run) = (i, None);
            }
            (false, _) => run = None,
        }
    }
    parts.push(&text[start..]);
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_speaker_s_name_with_the_time_they_began_is_found() {
        for (line, name, time) in [
            ("Li Wei  0:25", "Li Wei", "0:25"),
            ("Speaker 1  1:02:03", "Speaker 1", "1:02:03"),
            ("Li Wei (00:03):", "Li Wei", "00:03"),
            ("[Li Wei] 10:01:23", "Li Wei", "10:01:23"),
            ("发言人1 00:00:03", "发言人1", "00:00:03"),
            ("李伟（00:03）", "李伟", "00:03"),
        ] {
            assert_eq!(timed_name(line), Some((name, time)), "{line}");
        }
        for line in
            ["The session resumed at 14:30", "Li Wei", "0:25", "Li Wei  at noon", "Call me (555)", "2020-07-18 00:48"]
        {
            assert_eq!(timed_name(line), None, "{line}");
        }
    }

    #[test]
    fn times_of_the_recording_are_found_at_the_start_of_a_line() {
        assert_eq!(time_stamp("[00:12:34] WANG YI: Yes."), Some(("[00:12:34]", "WANG YI: Yes.")));
        assert_eq!(time_stamp("（12:30）王毅：是的。"), Some(("（12:30）", "王毅：是的。")));
        assert_eq!(time_stamp("1:02:03.5"), Some(("1:02:03.5", "")));
        for text in ["12:30 was the hour", "[Applause]", "(1:2:3:4)", "Q: 12:30?", "2024:", "[123:45]", "3"] {
            assert_eq!(time_stamp(text), None, "{text}");
        }
    }

    #[test]
    fn what_a_web_page_puts_around_a_text_is_told_from_the_text() {
        for line in [
            "【字体：大 中 小】 打印本页",
            "分享到：微信 微博",
            "【关闭窗口】",
            "Print | Close",
            "首页 > 外交部发言人 > 例行记者会",
            "（完）",
            "(End)",
            "【打印】【关闭】",
            "# # #",
            "###",
            "中文 العربي Contact Us Links",
            "中文 | English | Français",
            "Home > Foreign Ministry Spokesperson's Remarks",
            "2020-07-18 00:48",
            "2024-03-11 18:30:00",
        ] {
            assert!(is_web_furniture(line), "{line}");
        }
        for line in [
            "中",
            "大",
            "大中小企业",
            "中方是否会参加会议？",
            "（完成任务）",
            "Home is where the heart is > all",
            "Home > the place where everyone of us was born and grew up together",
            "English",
            "Search for Peace",
            "2020-07-18",
            "首页",
            "A",
        ] {
            assert!(!is_web_furniture(line), "{line}");
        }
        assert_eq!(
            web_details("来源：外交部网站  发布时间：2024-03-11 18:30"),
            Some(vec![("来源", "外交部网站"), ("发布时间", "2024-03-11 18:30")])
        );
        // Apart by a web page's non-breaking spaces; a key in Traditional characters.
        assert_eq!(
            web_details("來源：外交部網站\u{a0}\u{a0}發布時間：2024-03-11 18:30 \u{a0}地點：藍廳"),
            Some(vec![("来源", "外交部網站"), ("发布时间", "2024-03-11 18:30"), ("地点", "藍廳")])
        );
        assert_eq!(
            web_details("Source: Xinhua | Updated: 2024-03-07"),
            Some(vec![("Source", "Xinhua"), ("Updated", "2024-03-07")])
        );
        for line in ["记者：请问。", "来源于人民", "毛宁：今天下午", "时间不多了：我们开始"]
        {
            assert_eq!(web_details(line), None, "{line}");
        }
    }
}

//! What a line of a raw transcript is: a speaker's turn, a heading, the dateline, a
//! closing line; and the facts the text states (date, place, source).

use chrono::{Datelike, NaiveDate};

/// The language of a raw transcript, which decides punctuation and patterns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    Chinese,
    English,
}

impl Script {
    pub fn colon(self) -> &'static str {
        match self {
            Script::Chinese => "：",
            Script::English => ": ",
        }
    }

    /// Characters that end a sentence.
    pub fn is_terminal(self, c: char) -> bool {
        match self {
            Script::Chinese => matches!(c, '。' | '！' | '？' | '!' | '?'),
            Script::English => matches!(c, '.' | '!' | '?'),
        }
    }
}

/// Closing quotes and brackets that belong to the sentence before them.
pub fn is_closer(c: char) -> bool {
    matches!(c, '”' | '’' | '」' | '』' | '）' | ')' | '"' | '\'' | '》')
}

/// Words that end a Chinese speaker label such as `新华社记者`, in Simplified and
/// Traditional characters (`記者`, as Hong Kong and Taiwan print it).
const CHINESE_ROLES: [&str; 9] = ["记者", "主持人", "发言人", "提问", "问", "答", "記者", "發言人", "問"];

/// The last word of an English speaker label such as `Xinhua reporter` or `MODERATOR`,
/// in any case.
const ENGLISH_ROLES: [&str; 12] = [
    "question",
    "answer",
    "q",
    "a",
    "reporter",
    "moderator",
    "journalist",
    "correspondent",
    "interviewer",
    "host",
    "chair",
    "chairman",
];

/// The speaker label of a line (`王毅：…` → `王毅`), if it starts with one. A label is
/// short and has no sentence punctuation; `repeated` says whether it starts other
/// lines too, which a label that names no role must.
/// Whether a label names a role (`记者`, `Question`) rather than a person.
pub fn is_role(name: &str) -> bool {
    // An English role is a whole word: `CHINA` is not `A`'s.
    let last = name.split_whitespace().last().unwrap_or(name);
    CHINESE_ROLES.iter().any(|r| name.ends_with(r)) || ENGLISH_ROLES.iter().any(|r| last.eq_ignore_ascii_case(r))
}

/// A label in capitals (`WANG YI`, `MR. PRICE`), as English transcripts print them.
pub fn in_capitals(name: &str) -> bool {
    // Chinese characters are letters without case: a Chinese name is not in capitals.
    name.chars().filter(|c| c.is_uppercase()).count() >= 2
        && !name.chars().any(|c| c.is_lowercase() || crate::text::is_han(c))
}

pub fn speaker_label(script: Script, line: &str, repeated: impl Fn(&str) -> bool) -> Option<(String, String)> {
    let (name, rest) = split_label(script, line)?;
    (is_role(name) || repeated(name)).then(|| (name.to_string(), rest.trim_start().to_string()))
}

/// `name：rest` (or `【name】rest`, as some papers print it) with a plausible name,
/// before any check of how often it occurs.
pub fn split_label(script: Script, line: &str) -> Option<(&str, &str)> {
    if let Some((name, rest)) = bracketed(line) {
        (!rest.trim().is_empty()).then_some(())?;
        return plausible_name(script, name).map(|name| (name, rest));
    }
    // The first colon, of either width: `王毅:…故事：…` is 王毅's turn.
    let (name, rest) = match script {
        Script::Chinese => line.split_once(['：', ':'])?,
        Script::English => line.split_once(':')?,
    };
    (!rest.trim().is_empty()).then_some(())?;
    plausible_name(script, name).map(|name| (name, rest))
}

/// A speaker label alone on its line (`王毅：`, `Wang Yi:`, `【王毅】`), its text on the
/// next: the name.
pub fn lone_label(script: Script, line: &str) -> Option<&str> {
    let name = match bracketed(line) {
        Some((name, rest)) if rest.trim().is_empty() => name,
        Some(_) => return None,
        None => line.strip_suffix('：').or_else(|| line.strip_suffix(':'))?,
    };
    plausible_name(script, name)
}

/// `【name】rest`, a colon after the bracket left out: (name, rest).
fn bracketed(line: &str) -> Option<(&str, &str)> {
    let (name, rest) = line.strip_prefix('【')?.split_once('】')?;
    Some((name, rest.strip_prefix(['：', ':']).unwrap_or(rest)))
}

/// `name`, trimmed, if it could be a speaker's name or role: short, no sentence punctuation.
fn plausible_name(script: Script, name: &str) -> Option<&str> {
    let name = name.trim();
    let chars = name.chars().count();
    let max = if script == Script::Chinese { 16 } else { 40 };
    // A full stop ends an abbreviation in a name (`Mr.`, `H.E.`), not a sentence.
    let abbreviation = |word: &str| {
        word.split_inclusive('.').all(|part| {
            let letters = part.strip_suffix('.').unwrap_or("");
            letters.starts_with(|c: char| c.is_uppercase()) && (1..=3).contains(&letters.chars().count())
        })
    };
    let sentence_stop = name.split_whitespace().any(|w| w.contains('.') && !abbreviation(w));
    let punctuated = sentence_stop
        || name.chars().any(|c| matches!(c, '。' | '，' | '！' | '？' | '；' | ',' | '!' | '?' | ';' | '“' | '"'));
    let words = name.split_whitespace().count();
    let ok = chars > 0 && chars <= max && !punctuated && (script == Script::Chinese || words <= 5);
    ok.then_some(name)
}

/// A heading: a short line that is not a sentence. It may end in a question or an
/// exclamation mark, but has no sentence end inside and does not trail off. A line
/// that is a date and little else (`2024年3月7日`, `March 7, 2024`) is not: it says when,
/// and was taken for the title or a section.
pub fn is_heading(script: Script, line: &str) -> bool {
    heading_shaped(script, line, 10)
}

/// A title in a header: shaped as a heading, but an English one may run to twenty words
/// (`Transcript of Remarks by Foreign Minister Wang Yi at the Munich Security Conference`).
pub fn is_title(script: Script, line: &str) -> bool {
    heading_shaped(script, line, 20)
}

fn heading_shaped(script: Script, line: &str, max_words: usize) -> bool {
    if says_something_else(line) {
        return false;
    }
    let chars = line.chars().count();
    let limit = if script == Script::Chinese { 40 } else { 140 };
    let Some(last) = line.chars().last() else { return false };
    let trails_off = matches!(last, '：' | ':' | '，' | ',' | '；' | ';' | '、' | '。' | '.');
    let body: String = line.chars().take(chars - 1).collect();
    let sentence_inside = body.chars().any(|c| script.is_terminal(c));
    let shaped = (2..=limit).contains(&chars) && !trails_off && !sentence_inside;
    shaped && (script == Script::Chinese || title_case(line, max_words))
}

/// A short line that says something other than a heading does: a date, a news lead's
/// start, who speaks or where, a time or a number, what happened in the room.
fn says_something_else(line: &str) -> bool {
    // `[00:12:34]`, `- 3 -`: a time or a number.
    let no_letters = !line.chars().any(char::is_alphabetic);
    // `2024年3月7日，十四届…`: a lead that starts with its date, cut by a page break.
    let dated_clause =
        line.split_once(['，', ',']).is_some_and(|(head, _)| is_date_line(head) && head.chars().count() <= 12);
    // `（掌声）`, `(Applause)`: what happened in the room, in brackets.
    let inner = line.strip_prefix(['（', '(', '[', '【']).and_then(|l| l.strip_suffix(['）', ')', ']', '】']));
    let in_brackets = inner.is_some_and(|i| !i.contains(['（', '(', '[', '【', '）', ')', ']', '】']));
    let facts = is_date_line(line) || opens_with_dateline(line) || is_byline(line) || is_place_line(line);
    facts || no_letters || dated_clause || in_brackets
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

const WEEKDAYS: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/// A line that is a date and little else: `2024年3月7日 星期四`, `BEIJING, March 7, 2024`
/// (the date at least half its letters and digits), not `2024年3月11日外交部发言人毛宁
/// 主持例行记者会`, a title that starts with its date.
pub fn is_date_line(line: &str) -> bool {
    const CHINESE_DATE_WORDS: [&str; 3] = ["星期", "周", "上午"];
    if line.chars().count() > 40 || full_date(line).is_none() {
        return false;
    }
    let visible = |s: &str| s.chars().filter(|c| c.is_alphanumeric()).count();
    let mut rest = line.to_string();
    for word in MONTHS.iter().chain(&WEEKDAYS).chain(&CHINESE_DATE_WORDS) {
        rest = rest.replace(word, "");
    }
    let rest: String =
        rest.chars().filter(|c| !c.is_ascii_digit() && !"年月日号〇○零一二三四五六七八九十天".contains(*c)).collect();
    visible(&rest) * 2 <= visible(line)
}

/// An English news lead's start, `BEIJING, March 7, 2024 -- The press…`: a place in
/// capitals, a comma, then a date or a dash. Cut by a page break, it reads like a
/// heading in title case.
fn opens_with_dateline(line: &str) -> bool {
    let Some((place, rest)) = line.split_once(',') else { return false };
    let letters = place.chars().filter(|c| c.is_alphabetic()).count();
    let in_capitals = letters >= 3 && place.chars().all(|c| c.is_uppercase() || c == ' ' || c == '.');
    in_capitals && (rest.contains("--") || rest.contains('—') || full_date(line).is_some())
}

/// Who speaks, as an English transcript's header names them: `Matthew Miller,
/// Department Spokesperson`, `Wang Yi, Foreign Minister`.
pub fn is_byline(line: &str) -> bool {
    const OFFICES: [&str; 22] = [
        "Spokesperson",
        "Spokesman",
        "Spokeswoman",
        "Secretary",
        "Minister",
        "Ambassador",
        "President",
        "Director",
        "Adviser",
        "Advisor",
        "Chairman",
        "Chair",
        "Representative",
        "Envoy",
        "Counselor",
        "Commissioner",
        "Governor",
        "Senator",
        "Premier",
        "Chancellor",
        "Coordinator",
        "Councilor",
    ];
    let Some((name, office)) = line.rsplit_once(", ") else { return false };
    let words: Vec<&str> = name.split_whitespace().collect();
    let named = (2..=4).contains(&words.len()) && words.iter().all(|w| w.starts_with(|c: char| c.is_uppercase()));
    named && office.split_whitespace().last().is_some_and(|w| OFFICES.contains(&w))
}

/// Where an English transcript was given, on a line of its own: `Washington, DC`,
/// `New York, N.Y.`, `Washington, D.C.`.
pub fn is_place_line(line: &str) -> bool {
    let Some((city, state)) = line.split_once(", ") else { return false };
    let city_ok = city.split_whitespace().all(|w| w.starts_with(|c: char| c.is_uppercase()));
    let code = state.replace('.', "");
    city_ok && !city.is_empty() && code.len() == 2 && code.chars().all(|c| c.is_ascii_uppercase())
}

/// English headings are in title case: at least half the words of four letters or more
/// are capitalised, in ten words at most. This tells "Relations with Africa" from a
/// sentence cut off mid-way, names and all ("BEIJING, March 7 -- The press …").
fn title_case(line: &str, max_words: usize) -> bool {
    if line.split_whitespace().count() > max_words {
        return false;
    }
    let long: Vec<&str> =
        line.split_whitespace().filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 4).collect();
    let capitalised = long.iter().filter(|w| w.chars().next().is_some_and(char::is_uppercase)).count();
    line.chars().next().is_some_and(|c| !c.is_lowercase()) && capitalised * 2 >= long.len()
}

/// Whether `text` ends a sentence (or introduces what follows, with a colon), closing
/// quotes and brackets aside.
pub fn ends_sentence(script: Script, text: &str) -> bool {
    let last = text.trim_end_matches(is_closer).chars().last();
    last.is_some_and(|c| script.is_terminal(c) || matches!(c, '：' | ':'))
}

/// Whether `line` ends with a word hyphenated at the line's end that `next` goes on with.
pub fn hyphenated(line: &str, next: &str) -> bool {
    line.strip_suffix('-').and_then(|rest| rest.chars().last()).is_some_and(char::is_alphabetic)
        && next.chars().next().is_some_and(char::is_lowercase)
}

/// A time of the recording that starts `line` (`[00:12:34] WANG YI: …`, `（12:30）`), or
/// that is all of it (`00:12:34`): the time as written, and the rest of the line.
pub fn time_stamp(line: &str) -> Option<(&str, &str)> {
    let time_len = |s: &str| {
        // `12:30`, `0:12:34`, `00:12:34.5`: groups of digits joined by colons.
        let end = s.find(|c: char| !(c.is_ascii_digit() || c == ':' || c == '.')).unwrap_or(s.len());
        let time = &s[..end];
        let groups: Vec<&str> = time.split(':').collect();
        let digits = |g: &&str| (1..=2).contains(&g.len()) && g.bytes().all(|b| b.is_ascii_digit());
        let last_ok = groups.last().is_some_and(|g| g.split('.').next().is_some_and(|g| digits(&g)));
        let ok = (2..=3).contains(&groups.len()) && groups[..groups.len() - 1].iter().all(digits) && last_ok;
        ok.then_some(end)
    };
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

/// What a web page puts around a text, copied with it: its controls (`【字体：大 中 小】
/// 打印本页`, `分享到：微信 微博`, `【关闭窗口】`, `Print | Close`), the path to the page
/// (`首页 > 外交部发言人 > 例行记者会`), and an end mark (`（完）`).
pub fn is_web_furniture(line: &str) -> bool {
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
    const PATH_STARTS: [&str; 6] = ["首页", "当前位置", "您的位置", "您现在的位置", "Home", "You are here"];
    const END_MARKS: [&str; 5] = ["完", "全文完", "结束", "end", "the end"];
    let words: Vec<String> = line
        .split(|c: char| c.is_whitespace() || "：:|｜【】[]（）()/·•—".contains(c))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    // One character alone (`中`) is as likely a heading cut by a page break.
    let controls = words.iter().all(|w| CONTROLS.contains(&w.as_str()))
        && (words.len() >= 2 || words.first().is_some_and(|w| w.chars().count() >= 2));
    // Short steps apart by `>`, the first the site's home.
    let steps: Vec<&str> = line.split(['>', '＞', '›', '»']).map(str::trim).collect();
    let path = steps.len() >= 2
        && PATH_STARTS.iter().any(|s| steps[0].starts_with(s))
        && steps.iter().all(|s| s.chars().count() <= 16);
    let end =
        END_MARKS.contains(&words.join(" ").trim_matches('-')) && line.starts_with(['（', '(', '【', '[', '-', '—']);
    // `###` or `# # #`, as press releases end.
    let hashes = line.contains("##") || line.contains("# #");
    let release_end = hashes && line.chars().all(|c| c == '#' || c == ' ');
    controls || path || end || release_end
}

/// A web page's details of a text, copied with it: `来源：外交部网站  发布时间：2024-03-11`,
/// `地点：梅地亚中心`, `Source: Xinhua`. Each (key, value), if the line is only such.
pub fn web_details(line: &str) -> Option<Vec<(&str, &str)>> {
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
    for part in line.split(['|', '｜', '\u{3000}']).flat_map(|p| p.split("  ")).map(str::trim).filter(|p| !p.is_empty())
    {
        let (key, value) = part.split_once(['：', ':'])?;
        let key = key.trim();
        KEYS.contains(&key).then_some(())?;
        details.push((key, value.trim()));
    }
    (!details.is_empty()).then_some(details)
}

/// The dateline: `(据新华社北京3月7日电)`, `（新华社北京3月7日电）`, `(Xinhua, Beijing, March 7)`.
/// Returns the source it names.
pub fn dateline_source(line: &str) -> Option<String> {
    let inner = line.strip_prefix(['(', '（'])?.strip_suffix([')', '）'])?.trim();
    if let Some(rest) = inner.strip_prefix('据').or(Some(inner)).filter(|s| s.ends_with("电")) {
        let agency = rest.find('社').map(|i| &rest[..i + '社'.len_utf8()])?;
        return Some(agency.to_string());
    }
    let first = inner.split(',').next()?.trim();
    let agencies = ["Xinhua", "Reuters", "AP", "AFP", "Kyodo", "TASS", "EFE", "CNS"];
    agencies.iter().any(|a| first.starts_with(a)).then(|| first.to_string())
}

/// A line that closes a transcript wherever it was printed: how long the event lasted.
pub fn is_closing(line: &str) -> bool {
    // And the credits a paper or a web page closes with: `（责任编辑：张三）`.
    let credit = line.trim_start_matches(['（', '(']).starts_with("责任编辑") || line.starts_with("Editor:");
    let zh = line.starts_with("记者会历时") || line.starts_with("发布会历时") || line.starts_with("会议历时");
    let en = line.starts_with("The press conference lasted") || line.starts_with("The briefing lasted");
    // `(The briefing was concluded at 2:01 p.m.)`, as official transcripts end.
    let ended = line.starts_with('(') && ["concluded at", "ended at", "adjourned at"].iter().any(|w| line.contains(w));
    credit || zh || en || ended
}

/// A full date the text names: `2024年3月7日`, `March 7, 2024`, `7 March 2024`, `2024-03-07`.
pub fn full_date(text: &str) -> Option<NaiveDate> {
    // Official texts write dates in Chinese numerals: 二〇二四年三月七日.
    let numerals = chinese_numerals_as_digits(text);
    let text = numerals.as_str();
    let digits = |s: &str| s.chars().take_while(char::is_ascii_digit).collect::<String>();
    for (i, _) in text.match_indices('年') {
        let year = text[..i].chars().rev().take_while(char::is_ascii_digit).collect::<String>();
        let year: String = year.chars().rev().collect();
        let rest = &text[i + '年'.len_utf8()..];
        let month = digits(rest);
        let after_month = rest[month.len()..].strip_prefix('月');
        let day = after_month.map(digits).unwrap_or_default();
        if let (4, Ok(y), Ok(m), Ok(d)) = (year.len(), year.parse(), month.parse(), day.parse()) {
            if let Some(date) = ymd(y, m, d) {
                return Some(date);
            }
        }
    }
    english_date(text)
}

/// `text` with each run of Chinese numerals in ASCII digits: `二〇二四` → `2024` (digit
/// by digit), `三十一` → `31`, `十二` → `12` (with `十`, as a number). Only dates are
/// read from the result.
fn chinese_numerals_as_digits(text: &str) -> String {
    const DIGITS: &str = "〇一二三四五六七八九";
    let digit = |c: char| match c {
        '○' | '零' => Some(0),
        _ => DIGITS.chars().position(|d| d == c).map(|n| n as u32),
    };
    let mut out = String::with_capacity(text.len());
    let mut run: Vec<char> = Vec::new();
    let flush = |run: &mut Vec<char>, out: &mut String| {
        match run.iter().position(|&c| c == '十') {
            Some(ten) => {
                let tens = run[..ten].first().and_then(|&c| digit(c)).unwrap_or(1);
                let ones = run.get(ten + 1).and_then(|&c| digit(c)).unwrap_or(0);
                out.push_str(&(tens * 10 + ones).to_string());
            }
            None => out.extend(run.iter().filter_map(|&c| digit(c)).map(|d| char::from(b'0' + d as u8))),
        }
        run.clear();
    };
    for c in text.chars() {
        if digit(c).is_some() || c == '十' {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

fn english_date(text: &str) -> Option<NaiveDate> {
    let words: Vec<&str> = text.split(|c: char| c.is_whitespace() || c == ',').filter(|w| !w.is_empty()).collect();
    for (i, w) in words.iter().enumerate() {
        let Some(month) = MONTHS.iter().position(|m| m == w) else { continue };
        let num = |k: usize| words.get(k).and_then(|s| s.trim_end_matches(['.', ')']).parse::<u32>().ok());
        // "March 7, 2024" or "7 March 2024"
        let (day, year) = match (i.checked_sub(1).and_then(num), num(i + 1), num(i + 2)) {
            (_, Some(d), Some(y)) if y > 1900 => (d, y),
            (Some(d), Some(y), _) if y > 1900 => (d, y),
            _ => continue,
        };
        if let Some(date) = ymd(year as i32, month as u32 + 1, day) {
            return Some(date);
        }
    }
    text.split_whitespace()
        .find_map(|w| NaiveDate::parse_from_str(w.trim_matches(|c: char| !c.is_ascii_digit()), "%Y-%m-%d").ok())
        .filter(|date| (1000..=9999).contains(&date.year()))
}

/// A date with a four-digit year: front matter dates are `YYYY-MM-DD`, so a typo such
/// as `20244` is no date at all rather than one the build would refuse.
fn ymd(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, day).filter(|_| (1000..=9999).contains(&year))
}

/// A month and day without a year (`3月7日`, `March 7`), to tell the user what was found.
pub fn partial_date(text: &str) -> Option<String> {
    let i = text.find('月')?;
    let month: String =
        text[..i].chars().rev().take_while(char::is_ascii_digit).collect::<Vec<_>>().into_iter().rev().collect();
    let day: String = text[i + '月'.len_utf8()..].chars().take_while(char::is_ascii_digit).collect();
    (!month.is_empty() && !day.is_empty()).then(|| format!("{month}月{day}日"))
}

/// Where the event was held: `在梅地亚中心举行` → 梅地亚中心; `held … at the Media Center` → Media Center.
pub fn place(script: Script, lead: &str) -> Option<String> {
    match script {
        Script::Chinese => {
            let held = lead.find("举行")?;
            let at = lead[..held].rfind('在')?;
            let place = &lead[at + '在'.len_utf8()..held];
            (1..=15).contains(&place.chars().count()).then(|| place.to_string())
        }
        Script::English => {
            // "held at the Great Hall of the People on Thursday" → Great Hall of the People
            let at = lead.find(" at the ").map(|i| i + 8).or_else(|| lead.find(" at ").map(|i| i + 4))?;
            let words: Vec<&str> = lead[at..].split_whitespace().collect();
            let mut name: Vec<&str> = Vec::new();
            for (i, word) in words.iter().enumerate() {
                let word = word.trim_end_matches([',', '.', ';']);
                let capital = word.chars().next().is_some_and(char::is_uppercase);
                // "of the" inside a name: joins when a capitalised word follows the connectors.
                let connector = |w: &str| matches!(w, "of" | "the" | "and" | "for");
                let joins = connector(word)
                    && words[i + 1..]
                        .iter()
                        .find(|w| !connector(w))
                        .is_some_and(|n| n.chars().next().is_some_and(char::is_uppercase));
                if !(capital || joins) {
                    break;
                }
                name.push(word);
                if words[i].ends_with([',', '.', ';']) {
                    break;
                }
            }
            (!name.is_empty() && name.len() <= 8).then(|| name.join(" "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speaker_labels_need_a_role_or_to_recur() {
        let never = |_: &str| false;
        assert_eq!(speaker_label(Script::Chinese, "中阿卫视记者：过去一年……", never).unwrap().0, "中阿卫视记者");
        assert!(speaker_label(Script::Chinese, "王毅：各位记者朋友", never).is_none());
        for role in ["香港電台記者", "外交部發言人", "問"] {
            assert!(speaker_label(Script::Chinese, &format!("{role}：請問。"), never).is_some(), "{role}");
        }
        assert!(speaker_label(Script::Chinese, "王毅：各位记者朋友", |n| n == "王毅").is_some());
        // A sentence that happens to contain a colon is no turn.
        assert!(speaker_label(Script::Chinese, "我看到一位外国记者表示：中国是一个将不可能变为可能的地方", |_| false)
            .is_none());
        assert!(split_label(Script::Chinese, "我认为，“四个坚持”至关重要：").is_none());
        assert_eq!(speaker_label(Script::English, "Question: What is next?", never).unwrap().0, "Question");
        for role in ["MODERATOR", "Xinhua reporter", "CCTV CORRESPONDENT", "Q", "The Chair"] {
            assert!(speaker_label(Script::English, &format!("{role}: Next."), never).is_some(), "{role}");
        }
        // A role is a whole word: `CHINA` and `NASA` end in `A` only.
        for name in ["CHINA", "NASA", "IQ"] {
            assert!(speaker_label(Script::English, &format!("{name}: Next."), never).is_none(), "{name}");
        }
        // Abbreviations in a name; a sentence before a colon is no label.
        for name in ["MR. PRICE", "Mr. Wang", "H.E. Wang Yi", "Dr. Li"] {
            assert_eq!(split_label(Script::English, &format!("{name}: Thank you.")).unwrap().0, name);
        }
        assert!(split_label(Script::English, "He went on. Then: more").is_none());
        assert!(split_label(Script::English, "It is so. Next: more").is_none());
    }

    #[test]
    fn headings_are_short_lines_that_are_not_sentences() {
        assert!(is_heading(Script::Chinese, "希望中欧关系能一路绿灯，畅通无阻"));
        assert!(is_heading(Script::Chinese, "2023年是中国外交的开拓之年和收获之年"));
        assert!(!is_heading(Script::Chinese, "记者会历时1小时30分钟。"));
        assert!(!is_heading(Script::Chinese, "我认为，“四个坚持”至关重要："));
        assert!(is_heading(Script::English, "What Next for China-EU Relations?"));
        assert!(!is_heading(Script::English, "and the talks went on. Then"));
        assert!(!is_heading(Script::English, "BEIJING, March 7, 2024 -- The press"));
        assert!(!is_heading(Script::English, "NEW YORK, March 7 -- The United"));
        assert!(is_heading(Script::English, "China, Africa and the World"));
        for facts in
            ["Matthew Miller, Department Spokesperson", "Wang Yi, Foreign Minister", "Washington, DC", "New York, N.Y."]
        {
            assert!(!is_heading(Script::English, facts), "{facts}");
        }
        for room in ["（掌声）", "（笑）", "(Applause)", "[Crosstalk]", "【现场鼓掌】"] {
            assert!(!is_heading(Script::Chinese, room) && !is_heading(Script::English, room), "{room}");
        }
        assert!(is_heading(Script::Chinese, "（一）坚持和平发展"));
        assert!(!is_heading(Script::Chinese, "2024年3月7日，十四届全国人大二次会议在梅地"));
        for time in ["[00:12:34]", "(12:30)", "2", "— 3 —"] {
            assert!(!is_heading(Script::English, time), "{time}");
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
            "首页",
            "A",
        ] {
            assert!(!is_web_furniture(line), "{line}");
        }
        assert_eq!(
            web_details("来源：外交部网站  发布时间：2024-03-11 18:30"),
            Some(vec![("来源", "外交部网站"), ("发布时间", "2024-03-11 18:30")])
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

    #[test]
    fn datelines_name_their_source() {
        assert_eq!(dateline_source("(据新华社北京3月7日电)").as_deref(), Some("新华社"));
        assert_eq!(dateline_source("（新华社北京3月7日电）").as_deref(), Some("新华社"));
        assert_eq!(dateline_source("(Xinhua, Beijing, March 7)").as_deref(), Some("Xinhua"));
        assert_eq!(dateline_source("(see above)"), None);
    }

    #[test]
    fn dates_with_a_year_are_found() {
        assert_eq!(full_date("2024年3月7日，记者会"), NaiveDate::from_ymd_opt(2024, 3, 7));
        // In Chinese numerals, as official texts write them.
        for (text, (y, m, d)) in [
            ("二〇二四年三月七日", (2024, 3, 7)),
            ("一九九七年七月一日零时", (1997, 7, 1)),
            ("二○二三年十二月三十一日", (2023, 12, 31)),
            ("2024年十月二十日", (2024, 10, 20)),
        ] {
            assert_eq!(full_date(text), NaiveDate::from_ymd_opt(y, m, d), "{text}");
        }
        assert!(!is_heading(Script::Chinese, "二〇二四年三月七日"));
        assert_eq!(full_date("二十四年三月七日"), None, "a year of two numerals is no year");
        assert_eq!(full_date("On March 7, 2024, the"), NaiveDate::from_ymd_opt(2024, 3, 7));
        assert_eq!(full_date("on 7 March 2024 at"), NaiveDate::from_ymd_opt(2024, 3, 7));
        // Found by fuzzing: chrono takes five-digit years, which front matter cannot hold.
        assert_eq!(full_date("BEIJING, March 7, 20244 -- The"), None);
        assert_eq!(full_date("20244-03-07"), None);
        assert_eq!(full_date("3月7日，十四届"), None);
        assert_eq!(partial_date("3月7日，十四届").as_deref(), Some("3月7日"));
    }

    #[test]
    fn places_come_from_the_lead() {
        let lead = "3月7日，十四届全国人大二次会议在梅地亚中心举行记者会。";
        assert_eq!(place(Script::Chinese, lead).as_deref(), Some("梅地亚中心"));
        let lead = "On March 7, a press conference was held at the Media Center. Wang Yi answered";
        assert_eq!(place(Script::English, lead).as_deref(), Some("Media Center"));
        let lead = "It was held at the Great Hall of the People on Thursday.";
        assert_eq!(place(Script::English, lead).as_deref(), Some("Great Hall of the People"));
    }

    proptest::proptest! {
        /// Any date written in Chinese numerals, as official texts write it, is found:
        /// the year digit by digit, the month and the day as numbers (`十二`, `三十一`).
        #[test]
        fn a_date_in_chinese_numerals_is_found(days in 0i64..109_500, zero in proptest::sample::select(vec!['〇', '○', '零'])) {
            let date = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap() + chrono::Duration::days(days);
            let numeral = |n: u32| "〇一二三四五六七八九".chars().nth(n as usize).unwrap();
            let number = |n: u32| match (n / 10, n % 10) {
                (0, d) => numeral(d).to_string(),
                (1, 0) => "十".to_string(),
                (1, d) => format!("十{}", numeral(d)),
                (t, 0) => format!("{}十", numeral(t)),
                (t, d) => format!("{}十{}", numeral(t), numeral(d)),
            };
            let year: String = date.year().to_string().chars().map(|c| numeral(c.to_digit(10).unwrap())).collect();
            let text = format!("{}年{}月{}日", year.replace('〇', &zero.to_string()), number(date.month()), number(date.day()));
            proptest::prop_assert_eq!(full_date(&text), Some(date), "{}", text);
        }
    }
}

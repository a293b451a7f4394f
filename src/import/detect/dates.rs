//! Dates as transcripts write them: `2024年3月7日`, `二〇二四年三月七日`, `March 7, 2024`.

use chrono::NaiveDate;

use crate::text::is_han;

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

/// Months as English texts shorten them (`Mar. 7`, AP's `Sept. 5`), in the order of
/// the year; `Sept` before `Sep`, which it starts with.
const SHORT_MONTHS: [&[&str]; 12] = [
    &["Jan"],
    &["Feb"],
    &["Mar"],
    &["Apr"],
    &["May"],
    &["Jun"],
    &["Jul"],
    &["Aug"],
    &["Sept", "Sep"],
    &["Oct"],
    &["Nov"],
    &["Dec"],
];

/// The month (from 1) an English word names, full or short, with or without the full
/// stop of a short one, in title case or capitals (`MARCH`, as datelines print it).
fn month_of(word: &str) -> Option<u32> {
    let word = word.strip_suffix('.').unwrap_or(word);
    let titled = word.chars().next().is_some_and(char::is_uppercase);
    let is = |name: &str| titled && word.eq_ignore_ascii_case(name);
    let full = MONTHS.iter().position(|m| is(m));
    let short = || SHORT_MONTHS.iter().position(|names| names.iter().any(|n| is(n)));
    full.or_else(short).map(|m| m as u32 + 1)
}

pub(super) const WEEKDAYS: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/// A line that is a date and little else: `2024年3月7日 星期四`, `BEIJING, March 7, 2024`
/// (the date at least half its letters and digits), not `2024年3月11日外交部发言人毛宁
/// 主持例行记者会`, a title that starts with its date.
pub fn is_date_line(line: &str) -> bool {
    if line.chars().count() > 40 || full_date(line).is_none() {
        return false;
    }
    // `星期四`, `週四`: read in Simplified characters.
    let line = &*crate::text::as_simplified(line);
    let visible = |s: &str| s.chars().filter(|c| c.is_alphanumeric()).count();
    let mut rest = line.replace("上午", "");
    for word in WEEKDAYS {
        rest = rest.replace(word, "");
    }
    // `March`, `Mar.`, `MARCH`: a month however written; and `7th`'s ending.
    rest = rest.split(' ').filter(|w| month_of(w.trim_end_matches(',')).is_none()).collect::<Vec<_>>().join(" ");
    for ending in ["st", "nd", "rd", "th"] {
        rest = rest.replace(&format!("{ending} "), " ").replace(&format!("{ending},"), ",");
    }
    // 星期四, 周五: the day of the week, numeral and all.
    for (word, day) in ["星期", "周"].iter().flat_map(|w| "一二三四五六日天".chars().map(move |d| (w, d))) {
        rest = rest.replace(&format!("{word}{day}"), "");
    }
    let rest = without_date_numbers(&rest);
    // `2024年3月7日，十四届…`: a lead's first clause, cut by a page break, however short.
    let clause = rest.split_once('，').is_some_and(|(_, after)| after.chars().filter(|&c| is_han(c)).count() >= 2);
    // `2022年8月19日外交部发言人汪文斌`: a title that starts with its date, cut at a line's
    // end; a paper's name after a date is short (人民日报海外版).
    let words = rest.chars().filter(|&c| is_han(c)).count() >= 8;
    !clause && !words && visible(&rest) * 2 <= visible(line)
}

/// `text` without its digits and its dates' Chinese numerals (`三月七日`), but with the
/// numerals of its words (`十四届全国人大二`, which cut by a page break is no date line).
fn without_date_numbers(text: &str) -> String {
    const NUMERALS: &str = "〇○零一二三四五六七八九十";
    let mut out = String::with_capacity(text.len());
    let mut numerals = String::new();
    for c in text.chars() {
        if c.is_ascii_digit() || ('０'..='９').contains(&c) {
            continue;
        }
        if NUMERALS.contains(c) {
            numerals.push(c);
            continue;
        }
        // A unit of a date takes the numerals before it along; other words keep theirs.
        if !"年月日号".contains(c) {
            out.push_str(&numerals);
            out.push(c);
        }
        numerals.clear();
    }
    out + &numerals
}

/// A full date the text names: `2024年3月7日`, `March 7, 2024`, `7 March 2024`, `2024-03-07`.
pub fn full_date(text: &str) -> Option<NaiveDate> {
    // Official texts write dates in Chinese numerals: 二〇二四年三月七日.
    let numerals = as_date_digits(text);
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

/// `text` as dates are read from it: each run of Chinese numerals in ASCII digits
/// (`二〇二四` → `2024` digit by digit, `三十一` → `31`, `十二` → `12`, with `十`, as a
/// number), full-width digits as ASCII ones (`２０２４年３月７日`, as papers set them), and
/// no space between a number and its unit (`2024 年 3 月 7 日`, as some pages space them).
fn as_date_digits(text: &str) -> String {
    const DIGITS: &str = "〇一二三四五六七八九";
    let digit = |c: char| match c {
        '○' | '零' => Some(0),
        _ => DIGITS.chars().position(|d| d == c).map(|n| n as u32),
    };
    let ascii = |c: char| match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        _ => c,
    };
    let number = |c: char| c.is_ascii_digit() || digit(c).is_some() || c == '十';
    let unit = |c: char| "年月日号".contains(c);
    // A space between a number and a unit, or a unit and the next number.
    let inside_date = |before: Option<char>, after: Option<char>| match (before, after.map(ascii)) {
        (Some(b), Some(a)) => (number(b) && unit(a)) || (unit(b) && number(a)),
        _ => false,
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
    let mut chars = text.chars().peekable();
    let mut last = None;
    while let Some(c) = chars.next().map(ascii) {
        if c.is_whitespace() && inside_date(last, chars.peek().copied()) {
            continue;
        }
        last = Some(c);
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
        let Some(month) = month_of(w) else { continue };
        // A day as a number, or an ordinal (`7th`); a year as a number.
        let num = |k: usize| {
            let word = words.get(k)?.trim_end_matches(['.', ')']);
            let ordinal = ["st", "nd", "rd", "th"].iter().find_map(|e| word.strip_suffix(e));
            let digits = ordinal.unwrap_or(word);
            digits.parse::<u32>().ok()
        };
        // "March 7, 2024" or "7 March 2024"
        let (day, year) = match (i.checked_sub(1).and_then(num), num(i + 1), num(i + 2)) {
            (_, Some(d), Some(y)) if y > 1900 => (d, y),
            (Some(d), Some(y), _) if y > 1900 => (d, y),
            _ => continue,
        };
        if let Some(date) = ymd(year as i32, month, day) {
            return Some(date);
        }
    }
    text.split_whitespace().find_map(|w| match numeric_date(w)?[..] {
        [one] => Some(one),
        _ => None,
    })
}

/// The dates a word in digits may be: `2024-03-07`, `2024/3/7`, `2024.03.07` (the year
/// first, one date); `25/03/2024` or `03/25/2024` (the year last: the one reading
/// that is a date); `07/03/2024` (7 March, or July 3: both).
fn numeric_date(word: &str) -> Option<Vec<NaiveDate>> {
    let word = word.trim_matches(|c: char| !c.is_ascii_digit());
    let parts: Vec<&str> = word.split(['-', '/', '.']).collect();
    let number = |p: &str| (1..=2).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit());
    let year = |p: &str| p.len() == 4 && p.bytes().all(|b| b.is_ascii_digit());
    let n = |p: &str| p.parse::<u32>().ok();
    let mut dates: Vec<NaiveDate> = match parts[..] {
        [y, m, d] if year(y) && number(m) && number(d) => ymd(y.parse().ok()?, n(m)?, n(d)?).into_iter().collect(),
        [a, b, y] if year(y) && number(a) && number(b) => {
            let y = y.parse().ok()?;
            [ymd(y, n(b)?, n(a)?), ymd(y, n(a)?, n(b)?)].into_iter().flatten().collect()
        }
        _ => return None,
    };
    dates.dedup();
    (!dates.is_empty()).then_some(dates)
}

/// A date in digits that reads as two (`07/03/2024`: 7 March or July 3), as written,
/// for import to ask which.
pub fn ambiguous_date(text: &str) -> Option<&str> {
    text.split_whitespace().find(|w| numeric_date(w).is_some_and(|dates| dates.len() > 1))
}

/// A date with a four-digit year: front matter dates are `YYYY-MM-DD`, so a typo such
/// as `20244` is no date at all rather than one the build would refuse.
fn ymd(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, day).filter(|_| (1000..=9999).contains(&year))
}

/// A month and day without a year (`3月7日`, `March 7`), to tell the user what was found.
pub fn partial_date(text: &str) -> Option<String> {
    let text = &as_date_digits(text);
    let i = text.find('月')?;
    let month: String =
        text[..i].chars().rev().take_while(char::is_ascii_digit).collect::<Vec<_>>().into_iter().rev().collect();
    let day: String = text[i + '月'.len_utf8()..].chars().take_while(char::is_ascii_digit).collect();
    (!month.is_empty() && !day.is_empty()).then(|| format!("{month}月{day}日"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Datelike;

    #[test]
    fn a_date_line_is_a_date_and_little_else() {
        for line in [
            "2024年3月7日 星期四",
            "二〇二四年三月七日",
            "BEIJING, March 7, 2024",
            "Friday, March 8, 2024",
            "2024年3月7日上午",
        ] {
            assert!(is_date_line(line), "{line}");
        }
        // The numerals of words are words: a lead cut after its date by a page break.
        for line in [
            "2024年3月7日，十四届全国人大二",
            "2024年3月11日外交部发言人毛宁主持例行记者会",
            "2024年3月7日，第二十三次会议",
            "2022年8月19日外交部发言人汪文斌",
        ] {
            assert!(!is_date_line(line), "{line}");
        }
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
        assert_eq!(full_date("二十四年三月七日"), None, "a year of two numerals is no year");
        assert_eq!(full_date("On March 7, 2024, the"), NaiveDate::from_ymd_opt(2024, 3, 7));
        assert_eq!(full_date("on 7 March 2024 at"), NaiveDate::from_ymd_opt(2024, 3, 7));
        // Found by fuzzing: chrono takes five-digit years, which front matter cannot hold.
        assert_eq!(full_date("BEIJING, March 7, 20244 -- The"), None);
        assert_eq!(full_date("20244-03-07"), None);
        assert_eq!(full_date("3月7日，十四届"), None);
        assert_eq!(partial_date("3月7日，十四届").as_deref(), Some("3月7日"));
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

        /// An English date is found however a text writes it: the month in full, short
        /// (with or without its full stop), or in capitals; the day as a number or an
        /// ordinal, before or after the month; or the year first, in digits; and a line
        /// of the date alone (after its weekday) is a date line.
        #[test]
        fn an_english_date_is_found_however_it_is_written(
            days in 0i64..109_500,
            form in 0usize..6,
            weekday in proptest::bool::ANY,
        ) {
            // A year is a number past 1900: `7 1900` is no date.
            let date = NaiveDate::from_ymd_opt(1901, 1, 1).unwrap() + chrono::Duration::days(days);
            let (y, m, d) = (date.year(), date.month(), date.day());
            let full = MONTHS[m as usize - 1];
            let short = SHORT_MONTHS[m as usize - 1][0];
            let ordinal = match d { 1 | 21 | 31 => "st", 2 | 22 => "nd", 3 | 23 => "rd", _ => "th" };
            let apart = ["/", "."][d as usize % 2];
            let text = match form {
                0 => format!("{full} {d}, {y}"),
                1 => format!("{d} {full} {y}"),
                2 => format!("{short}. {d}, {y}"),
                3 => format!("{full} {d}{ordinal}, {y}"),
                4 => format!("{d}{ordinal} {} {y}", full.to_uppercase()),
                _ => format!("{y}{apart}{m:02}{apart}{d}"),
            };
            let day = WEEKDAYS[date.weekday().num_days_from_monday() as usize];
            let line = if weekday { format!("{day}, {text}") } else { text.clone() };
            proptest::prop_assert_eq!(full_date(&format!("On {text} the")), Some(date), "{}", text);
            proptest::prop_assert!(is_date_line(&line), "{}", line);
            // The year last: day or month first, found where only one reading is a date.
            for (first, second) in [(d, m), (m, d)] {
                let written = format!("{first:02}/{second:02}/{y}");
                let one = d > 12 || d == m;
                let found = if one { Some(date) } else { None };
                proptest::prop_assert_eq!(full_date(&written), found, "{}", written);
                proptest::prop_assert_eq!(ambiguous_date(&written).is_some(), !one, "{}", written);
            }
        }

        /// A date in digits is found however a page sets them: ASCII or full-width, with
        /// or without spaces (of any width) between the numbers and their units; and a
        /// date line stays one.
        #[test]
        fn a_date_in_digits_is_found_however_it_is_set(
            days in 0i64..109_500,
            full_width in proptest::bool::ANY,
            space in proptest::sample::select(vec!["", " ", "\u{3000}", "\u{a0}", "\u{2009}"]),
        ) {
            let date = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap() + chrono::Duration::days(days);
            let digits = |n: u32| {
                let n = n.to_string();
                if full_width { n.chars().map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap()).collect() } else { n }
            };
            let text = [digits(date.year() as u32), "年".into(), digits(date.month()), "月".into(), digits(date.day()), "日".into()].join(space);
            proptest::prop_assert_eq!(full_date(&format!("{text}，记者会")), Some(date), "{}", text);
            proptest::prop_assert!(is_date_line(&text), "{}", text);
            let (month_day, _) = text.split_at(text.find('年').unwrap());
            let no_year = text[month_day.len() + '年'.len_utf8()..].trim_start();
            proptest::prop_assert_eq!(partial_date(no_year), Some(format!("{}月{}日", date.month(), date.day())), "{}", no_year);
        }
    }
}

//! Dates in sources: front matter's `date` (`YYYY-MM-DD`, and the day meant when it
//! is written otherwise), and the date a file's path is named for.

use std::path::Path;

use chrono::NaiveDate;

pub(super) fn parse_date(value: &serde_yaml::Value) -> Option<NaiveDate> {
    value.as_str().and_then(date_from_text)
}

/// The day a date written otherwise than `YYYY-MM-DD` names, if it names one for sure:
/// a year, then a month and a day (`2024/3/7`, `2024.03.07`, `2024年3月7日`, a time after
/// it, full-width digits). `07/03/2024` could be either of two days: none.
pub(super) fn meant_date(value: &str) -> Option<NaiveDate> {
    let ascii: String = value
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
            c => c,
        })
        .collect();
    let mut numbers = ascii.split(|c: char| !c.is_ascii_digit()).filter(|n| !n.is_empty());
    let (year, month, day) = (numbers.next()?, numbers.next()?, numbers.next()?);
    if year.len() != 4 || month.len() > 2 || day.len() > 2 {
        return None;
    }
    NaiveDate::from_ymd_opt(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)
}

/// A date written exactly `YYYY-MM-DD`, as front matter has it.
pub fn date_from_text(text: &str) -> Option<NaiveDate> {
    // chrono alone would also take `2024-3-7` and `20244-03-07`.
    let well_formed = text.len() == 10 && text.as_bytes()[4] == b'-' && text.as_bytes()[7] == b'-';
    well_formed.then(|| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()).flatten()
}

/// The date a source's path is named for: a folder of a year followed by a name that
/// starts with the month and day (`2024/0307-…`), or a name that starts with the whole
/// date (`2024-03-07-…`, `20240307…`). The year alone when the name has no month and day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NamedDate {
    pub year: i32,
    pub month_day: Option<(u32, u32)>,
}

impl NamedDate {
    /// What `path` (with or without `content/`, the language and `.md`) is named for.
    pub fn of(path: &Path) -> Option<NamedDate> {
        // The number `text` starts with, if it is `n` digits and no more.
        let number = |text: &str, n: usize| -> Option<u32> {
            let head = text.get(..n).filter(|h| h.bytes().all(|b| b.is_ascii_digit()))?;
            if text[n..].starts_with(|c: char| c.is_ascii_digit()) {
                return None;
            }
            head.parse().ok()
        };
        let month_day =
            |year: i32, md: u32| NaiveDate::from_ymd_opt(year, md / 100, md % 100).map(|_| (md / 100, md % 100));
        let parts: Vec<String> = path.iter().map(|c| c.to_string_lossy().into_owned()).collect();
        let name = parts.last()?;
        // `2024-03-07-…` or `20240307…`.
        let dashed = name.as_bytes().get(4) == Some(&b'-') && name.as_bytes().get(7) == Some(&b'-');
        let compact =
            if dashed { name.get(..10).map(|d| d.replace('-', "") + &name[10..]) } else { Some(name.clone()) };
        if let Some(ymd) = compact.as_deref().and_then(|c| number(c, 8)) {
            let year = (ymd / 10_000) as i32;
            return Some(NamedDate { year, month_day: Some(month_day(year, ymd % 10_000)?) });
        }
        // `2024/0307-…`, or `2024/…`.
        let folder = parts.iter().rev().nth(1)?;
        let year = number(folder, 4).filter(|y| folder.len() == 4 && (1800..=2200).contains(y))? as i32;
        Some(NamedDate { year, month_day: number(name, 4).and_then(|md| month_day(year, md)) })
    }

    /// The whole date, when the name has its month and day.
    pub fn date(self) -> Option<NaiveDate> {
        self.month_day.and_then(|(m, d)| NaiveDate::from_ymd_opt(self.year, m, d))
    }

    /// Whether `date` is the one named, as far as the name says.
    pub fn agrees_with(self, date: NaiveDate) -> bool {
        use chrono::Datelike;
        self.year == date.year() && self.month_day.is_none_or(|md| md == (date.month(), date.day()))
    }
}

impl std::fmt::Display for NamedDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.month_day {
            Some((m, d)) => write!(f, "{}-{m:02}-{d:02}", self.year),
            None => write!(f, "{}", self.year),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// A date written in any of the ways people write one is named as the date it
        /// means; a day-first one, or a day that does not exist, is not.
        #[test]
        fn a_date_written_otherwise_is_read_as_it_is_meant(
            days in 0i64..40_000,
            style in 0usize..7,
            padded: bool,
        ) {
            let date = NaiveDate::from_ymd_opt(1950, 1, 1).unwrap() + chrono::Days::new(days as u64);
            let (y, m, d) = (date.format("%Y"), date.format(if padded { "%m" } else { "%-m" }), date.format(if padded { "%d" } else { "%-d" }));
            let written = match style {
                0 => format!("{y}/{m}/{d}"),
                1 => format!("{y}.{m}.{d}"),
                2 => format!("{y}年{m}月{d}日"),
                3 => format!("{y}-{m}-{d}T10:00:00+08:00"),
                4 => format!("{y}-{m}-{d} 10:00"),
                5 => format!("{y}-{m}-{d}").chars().map(|c| if c.is_ascii_digit() { char::from_u32(c as u32 + 0xFEE0).unwrap() } else { c }).collect(),
                _ => format!("{y}-{m}-{d}"),
            };
            proptest::prop_assert_eq!(meant_date(&written), Some(date), "{}", written);
            let day_first = format!("{}/{}/{y}", date.format("%d"), date.format("%m"));
            proptest::prop_assert_eq!(meant_date(&day_first), None, "{}", day_first);
        }
    }

    #[test]
    fn a_day_that_does_not_exist_is_meant_as_no_date() {
        assert_eq!(meant_date("2024/02/30"), None);
        assert_eq!(meant_date("2024-13-01"), None);
        assert_eq!(meant_date("March 7"), None);
    }
}

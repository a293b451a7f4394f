//! The damage generator: clean transcripts (in Chinese and in English) are printed as
//! raw text the way newspaper pages and PDF copies come, with random combinations of
//! real damage; `import` must give back exactly the clean structure: the same title,
//! header, headings, turns, speakers and paragraphs, every sentence once.

use std::path::Path;

use proptest::prelude::*;

use diptych::import::{import, Imported};

use crate::support::*;

/// A transcript as it should come out of import.
#[derive(Debug, Clone)]
struct Clean {
    zh: bool,
    kicker: Option<String>,
    title: String,
    subtitle: Option<String>,
    lead: String,
    sections: Vec<Section>,
    closing: Vec<String>,
}

#[derive(Debug, Clone)]
struct Section {
    heading: String,
    /// (speaker, text) of each paragraph; a turn's later paragraphs have no speaker.
    paras: Vec<Paragraph>,
}

/// Sentences of the seed's answers (distinct, 15 characters or more, no digits: a split
/// next to a digit is a known limit).
fn zh_sentences() -> Vec<String> {
    let seed = std::fs::read_to_string(project_root().join("tests/fixtures/seed.txt")).unwrap();
    let mut out: Vec<String> = Vec::new();
    for line in seed.lines().filter(|l| l.contains('：')) {
        let body = line.split_once('：').map_or(line, |(_, rest)| rest).trim();
        let mut current = String::new();
        for c in body.chars() {
            current.push(c);
            if c == '。' {
                let keep = current.chars().count() >= 15 && !current.chars().any(|c| c.is_ascii_digit());
                if keep && !out.contains(&current) {
                    out.push(current.clone());
                }
                current.clear();
            }
        }
    }
    out
}

/// English sentences, made distinct by their parts.
fn en_sentences() -> Vec<String> {
    let who = ["China", "The government", "Our country", "Every partner", "The region", "The world"];
    let does = ["will deepen", "has expanded", "keeps building", "firmly supports", "must protect", "looks to"];
    let what = [
        "cooperation on trade and investment",
        "the railways and ports of the continent",
        "dialogue between neighbours",
        "the security of supply chains",
        "exchanges among young people",
        "a fair and open economy",
    ];
    let mut out = Vec::new();
    for w in who {
        for d in does {
            for x in what {
                out.push(format!("{w} {d} {x}."));
            }
        }
    }
    out
}

const ZH_HEADINGS: [&str; 6] = [
    "期待高质量共建一带一路",
    "中国将坚定做世界的和平力量",
    "希望各方都像中国一样加大对非重视",
    "推进中美关系健康发展",
    "全球南方国家的团结合作",
    "开放的大门越开越大",
];
const EN_HEADINGS: [&str; 6] = [
    "Relations with Africa",
    "A Year of Pioneering",
    "Building the Belt and Road Together",
    "Peace in the Region",
    "The Voice of the Global South",
    "Opening Wider to the World",
];

fn clean() -> impl Strategy<Value = Clean> {
    any::<bool>().prop_flat_map(clean_in)
}

/// A clean transcript in Chinese (`zh`) or English.
fn clean_in(zh: bool) -> impl Strategy<Value = Clean> {
    // Sections of answers of paragraphs of sentences: at least a few dozen lines, as a
    // real transcript has, so that a wrapped copy shows its width.
    let shape = proptest::collection::vec(proptest::collection::vec(2usize..5, 1..4), 2..5);
    (shape, any::<u64>(), any::<bool>()).prop_map(move |(shape, seed, kicker)| {
        let pool = if zh { zh_sentences() } else { en_sentences() };
        let order = seeded_order(pool.len(), seed);
        // Each sentence once: a sentence said twice is taken for a reprint and dropped.
        // Past the pool's end, sentences are numbered to stay distinct, and long enough
        // (15 characters or more) that a copy of one is dropped as a reprint.
        let distinct = (0..).map(|n: usize| {
            if zh {
                format!("第{n}项工作已经按照计划全面完成。")
            } else {
                format!("Task {n} of the plan has been done in full.")
            }
        });
        let mut next = order.into_iter().map(|i| pool[i].clone()).chain(distinct);
        let (asker, answerer) = if zh { ("新华社记者", "王毅") } else { ("Xinhua reporter", "Wang Yi") };
        let joiner = if zh { "" } else { " " };
        let headings = if zh { ZH_HEADINGS } else { EN_HEADINGS };
        let sections = shape
            .iter()
            .enumerate()
            .map(|(s, answer)| {
                let question: Vec<String> = next.by_ref().take(1).collect();
                let mut paras = vec![(Some(asker.to_string()), question.join(joiner))];
                for (n, &sentences) in answer.iter().enumerate() {
                    let text = next.by_ref().take(sentences).collect::<Vec<_>>().join(joiner);
                    paras.push(((n == 0).then(|| answerer.to_string()), text));
                }
                Section { heading: headings[s % headings.len()].to_string(), paras }
            })
            .collect();
        let lead = if zh {
            "2024年3月7日，十四届全国人大二次会议在梅地亚中心举行记者会。".to_string()
        } else {
            "BEIJING, March 7, 2024 -- The press conference was held at the Media Center on Thursday.".to_string()
        };
        let closing = if zh {
            vec!["记者会历时1小时30分钟。".to_string(), "（据新华社北京3月7日电）".to_string()]
        } else {
            vec![
                "The press conference lasted one hour and thirty minutes.".to_string(),
                "(Xinhua, Beijing, March 7)".to_string(),
            ]
        };
        Clean {
            zh,
            kicker: (zh && kicker).then(|| "全国两会 特别报道".to_string()),
            title: if zh {
                "中国将坚定做世界的和平力量、稳定力量、进步力量"
            } else {
                "China Will Firmly Be a Force for Peace"
            }
            .to_string(),
            subtitle: Some(
                if zh {
                    "王毅就中国外交政策回答中外记者提问"
                } else {
                    "Wang Yi answers questions from the press"
                }
                .to_string(),
            ),
            lead,
            sections,
            closing,
        }
    })
}

/// What is done to the clean text, each independently.
#[derive(Debug, Clone)]
struct Damage {
    /// Paragraphs separated by a single line break instead of a blank line.
    single_breaks: bool,
    crlf: bool,
    bom: bool,
    /// Paragraphs indented with full-width spaces.
    indent: bool,
    /// Speaker labels alone on their line (and a blank line after, if true).
    label_alone: Option<bool>,
    /// `王毅: ` / `王毅:` (ASCII colons, with or without a space).
    ascii_colon: Option<bool>,
    /// Lines wrapped at this width (characters), as a PDF copy is.
    wrap: Option<usize>,
    /// A page break every this many lines, with running heads and feet.
    pages: Option<usize>,
    /// The header's lines in another order: 0 kicker, title, subtitle; 1 kicker,
    /// subtitle, title; 2 subtitle, kicker, title.
    header_order: usize,
    /// A run of a section's paragraphs printed again right after itself (the section,
    /// the first paragraph, how many, how many more copies), run together the second time.
    repeat: Option<(usize, usize, usize, usize)>,
    /// A page break inside the heading of this section, after this many characters.
    heading_break: Option<(usize, usize)>,
    /// Chinese labels printed in brackets, as some papers do: `【王毅】…`.
    bracketed: bool,
    /// Times of the recording before every n-th paragraph: on a line of their own
    /// (true), or before the paragraph's first words (false).
    stamps: Option<(bool, usize)>,
    /// Copied from a web page: the path to it above the title, its details and controls
    /// below, an end mark and sharing buttons after the text.
    web: bool,
    /// Every line numbered down the margin, from 1 to this on each page, as a hearing's
    /// transcript is (blank lines too, their number alone).
    numbered: Option<u32>,
    /// How the labels write names: `Names::AsWritten`, or otherwise (see there).
    names: Names,
    /// Saved as a web page: paragraphs in `<p>`, lines apart by `<br>`, indentation in
    /// non-breaking spaces, in a page with a head, a script and a style; a numbered
    /// copy in `<pre>`, as the Government Publishing Office sets hearings.
    web_page: bool,
}

/// How a copy writes its labels' names, where not as the other turns do.
#[derive(Debug, Clone, Copy)]
enum Names {
    AsWritten,
    /// Each speaker's first turn gives their title before the name (`外交部长王毅：`,
    /// `Foreign Minister Wang Yi:`).
    TitleBefore,
    /// Each speaker's first turn gives their title after it, in brackets (`王毅（外交部长）：`).
    TitleAfter,
    /// Chinese two-character names set to the width of three (`王　毅：`), every time.
    Spaced,
    /// The colon as older Chinese encodings give it (`∶` of GB2312, `﹕` of Big5).
    OldColons,
    /// Labels in bold, as a text that went through Markdown sets them (`**王毅**：`).
    Bold,
    /// An interview's questions and answers, `Q. …` and `A. …` (`问：` and `答：`), every
    /// time: the turns are theirs.
    QandA,
}

fn damage() -> impl Strategy<Value = Damage> {
    (
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        proptest::option::of(any::<bool>()),
        proptest::option::of(any::<bool>()),
        proptest::option::of(18usize..40),
        proptest::option::of(6usize..30),
        (
            0usize..3,
            proptest::option::of((any::<usize>(), any::<usize>(), 1usize..3, 1usize..3)),
            proptest::option::of((any::<usize>(), any::<usize>())),
            any::<bool>(),
            proptest::option::of((any::<bool>(), 1usize..4)),
            any::<bool>(),
            proptest::option::of(20u32..30),
            proptest::sample::select(vec![
                Names::AsWritten,
                Names::TitleBefore,
                Names::TitleAfter,
                Names::Spaced,
                Names::OldColons,
                Names::QandA,
                Names::Bold,
            ]),
            any::<bool>(),
        ),
    )
        .prop_map(
            |(
                single_breaks,
                crlf,
                bom,
                indent,
                label_alone,
                ascii_colon,
                wrap,
                pages,
                (header_order, repeat, heading_break, bracketed, stamps, web, numbered, names, web_page),
            )| {
                Damage {
                    single_breaks,
                    crlf,
                    bom,
                    indent,
                    label_alone,
                    ascii_colon,
                    wrap,
                    pages,
                    header_order,
                    repeat,
                    heading_break,
                    bracketed,
                    stamps,
                    web,
                    numbered,
                    names,
                    web_page,
                }
            },
        )
}

/// Printed `lines` as a web page sets them (see `Damage::web_page`).
fn web_page(lines: &[String], numbered: bool) -> String {
    let escape = |line: &str| line.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    let body = match numbered {
        true => format!("<pre>\n{}\n</pre>", lines.iter().map(|l| escape(l)).collect::<Vec<_>>().join("\n")),
        false => lines
            .split(|line| line.is_empty())
            .filter(|para| !para.is_empty())
            .map(|para| {
                let indented = |line: &String| {
                    let text = line.trim_start_matches(' ');
                    "&nbsp;".repeat(line.len() - text.len()) + &escape(text)
                };
                format!("<p>{}</p>", para.iter().map(indented).collect::<Vec<_>>().join("<br>\n"))
            })
            .collect::<Vec<_>>()
            .join("\n"),
    };
    let head = "<head><meta charset=\"utf-8\"><title>页面</title><style>p { margin: 0 }</style><script>var x = \"<p>\";</script></head>";
    format!("<!DOCTYPE html>\n<html>{head}\n<body>\n{body}\n</body></html>\n")
}

/// A speaker's name as a label writes it, in a copy that writes names so.
fn written_name(name: &str, names: Names, first_turn: bool, zh: bool) -> String {
    let title = if zh { "外交部长" } else { "Foreign Minister" };
    let two_characters = zh && name.chars().count() == 2;
    // A reporter is named by their outlet, never with a title.
    let first_turn = first_turn && !name.ends_with("记者") && !name.ends_with("reporter");
    let asks = name.ends_with("记者") || name.ends_with("reporter");
    match names {
        Names::QandA => question_or_answer(asks, zh).to_string(),
        Names::Bold => format!("**{name}**"),
        Names::TitleBefore if first_turn && zh => format!("{title}{name}"),
        Names::TitleBefore if first_turn => format!("{title} {name}"),
        Names::TitleAfter if first_turn && zh => format!("{name}（{title}）"),
        Names::TitleAfter if first_turn => format!("{name} ({title})"),
        Names::Spaced if two_characters => name.chars().map(String::from).collect::<Vec<_>>().join("\u{3000}"),
        _ => name.to_string(),
    }
}

/// The heading of the section `at`, split in two by a page break after `cut` characters.
fn split_heading(heading: &str, cut: usize, zh: bool) -> Vec<String> {
    let chars: Vec<char> = heading.chars().collect();
    let cut = if zh {
        1 + cut % (chars.len() - 1)
    } else {
        // English breaks at a space.
        let spaces: Vec<usize> = heading.char_indices().filter(|(_, c)| *c == ' ').map(|(i, _)| i).collect();
        let at = spaces[cut % spaces.len()];
        return vec![heading[..at].to_string(), page_furniture(0, zh), heading[at + 1..].to_string()];
    };
    vec![chars[..cut].iter().collect(), page_furniture(0, zh), chars[cut..].iter().collect()]
}

/// A page's foot and the next page's head, as one text block (lines split by `\n`).
fn page_furniture(page: usize, zh: bool) -> String {
    if zh {
        format!("第{page}版\n\n人民日报 2024年3月8日 星期五")
    } else {
        format!("- {page} -\n\nCHINA DAILY | Friday, March 8, 2024")
    }
}

/// The clean transcript printed as raw text with `damage`.
fn print(clean: &Clean, damage: &Damage) -> String {
    let zh = clean.zh;
    // Paragraphs of the body, each as the lines it is printed in.
    let mut paras: Vec<Vec<String>> = Vec::new();
    let subtitle = clean.subtitle.as_ref().map(|s| if zh { format!("——{s}") } else { format!("-- {s}") });
    // The kicker before the title; the subtitle before or after either.
    let (kicker, title) = (clean.kicker.clone(), Some(clean.title.clone()));
    let header = match damage.header_order {
        0 => [kicker, title, subtitle],
        1 => [kicker, subtitle, title],
        _ => [subtitle, kicker, title],
    };
    paras.extend(header.into_iter().flatten().map(|line| vec![line]));
    let header = paras.len();
    paras.push(wrapped(&clean.lead, damage.wrap, zh));
    // Who has had a turn yet.
    let mut named = std::collections::HashSet::new();
    for (s, section) in clean.sections.iter().enumerate() {
        match damage.heading_break {
            Some((at, cut)) if at % clean.sections.len() == s => {
                // The furniture stands between blank lines, as at every page break.
                let parts = split_heading(&section.heading, cut, zh);
                paras.push(vec![parts[0].clone()]);
                paras.extend(parts[1].split("\n\n").map(|l| vec![l.to_string()]));
                paras.push(vec![parts[2].clone()]);
            }
            _ => paras.push(vec![section.heading.clone()]),
        }
        for (n, (speaker, text)) in section.paras.iter().enumerate() {
            let first_line = paras.len();
            let colon = match (damage.ascii_colon, damage.names) {
                (Some(true), _) => ": ",
                (Some(false), _) => ":",
                (None, Names::OldColons) if zh => ["∶", "﹕"][n % 2],
                (None, Names::QandA) if !zh && damage.label_alone.is_none() => ". ",
                (None, _) if zh => "：",
                (None, _) => ": ",
            };
            let first_turn = speaker.as_ref().is_some_and(|name| named.insert(name.clone()));
            // In brackets, a name is not in bold as well.
            let names = match damage.names {
                Names::Bold if damage.bracketed && zh => Names::AsWritten,
                names => names,
            };
            let label = |name: &str, colon: &str| {
                let name = written_name(name, names, first_turn, zh);
                match damage.bracketed && zh {
                    true => format!("【{name}】"),
                    false => format!("{name}{colon}"),
                }
            };
            match (speaker, damage.label_alone) {
                (Some(name), Some(blank)) => {
                    paras.push(vec![label(name, colon.trim_end())]);
                    if blank {
                        paras.push(wrapped(text, damage.wrap, zh));
                    } else {
                        let last = paras.len() - 1;
                        paras[last].extend(wrapped(text, damage.wrap, zh));
                    }
                }
                (Some(name), None) => paras.push(wrapped(&format!("{}{text}", label(name, colon)), damage.wrap, zh)),
                (None, _) => paras.push(wrapped(text, damage.wrap, zh)),
            }
            match damage.stamps {
                Some((alone, every)) if n % every == 0 => {
                    let stamp = format!("[00:{:02}:{:02}]", s * 7 % 60, n * 13 % 60);
                    match alone {
                        true => paras.insert(first_line, vec![stamp]),
                        false => paras[first_line][0] = format!("{stamp} {}", paras[first_line][0]),
                    }
                }
                _ => {}
            }
        }
        if let Some((_, from, len, copies)) = damage.repeat.filter(|r| r.0 % clean.sections.len() == s) {
            // A run of the section's paragraphs again, without speaker labels and run
            // together into one paragraph, as a reprint at a page's top comes.
            let run = &section.paras[from % section.paras.len()..];
            let run: Vec<&str> = run.iter().take(len).map(|(_, text)| text.as_str()).collect();
            let joined = run.join(if zh { "" } else { " " });
            for _ in 0..copies {
                paras.push(wrapped(&joined, damage.wrap, zh));
            }
        }
    }
    for line in &clean.closing {
        paras.push(vec![line.clone()]);
    }
    let mut header = header;
    if damage.web {
        let (path, details, controls, end) = if zh {
            (
                "首页 > 外交部 > 记者会",
                "来源：新华社  发布时间：2024-03-07 18:30",
                "【字体：大 中 小】 打印本页",
                ["（完）", "分享到：微信 微博", "【关闭窗口】"],
            )
        } else {
            (
                "Home > Newsroom > Briefings",
                "Source: Xinhua | Updated: 2024-03-07",
                "Print | Close",
                ["(End)", "Share: Facebook Twitter", "[Close]"],
            )
        };
        paras.insert(header, vec![controls.to_string()]);
        paras.insert(header, vec![details.to_string()]);
        paras.insert(0, vec![path.to_string()]);
        header += 3;
        paras.extend(end.iter().map(|l| vec![l.to_string()]));
    }
    // Without blank lines, a wrapped copy shows where paragraphs start only by their
    // indentation (a line that ends a sentence at the width may end the paragraph or
    // not), so such a copy is indented, as real ones are.
    let indent = damage.indent || (damage.single_breaks && damage.wrap.is_some());
    let indent = match (indent, zh) {
        (false, _) => "",
        (true, true) => "\u{3000}\u{3000}",
        (true, false) => "    ",
    };
    let separator = if damage.single_breaks { "\n" } else { "\n\n" };
    let mut lines: Vec<String> = Vec::new();
    for (i, para) in paras.iter().enumerate() {
        if i > 0 && separator == "\n\n" {
            lines.push(String::new());
        }
        for (n, line) in para.iter().enumerate() {
            let indent = if n == 0 && i >= header { indent } else { "" };
            lines.push(format!("{indent}{line}"));
        }
    }
    if let Some(every) = damage.pages {
        lines = paged(lines, every, header + 1, zh);
    }
    if let Some(per_page) = damage.numbered {
        let number = |i: usize| (i as u32 % per_page) + 1;
        lines = lines
            .iter()
            .enumerate()
            .map(|(i, line)| format!("{:>2}  {line}", number(i)).trim_end().to_string())
            .collect();
    }
    let mut text = match damage.web_page {
        true => web_page(&lines, damage.numbered.is_some()),
        false => lines.join("\n") + "\n",
    };
    if damage.crlf {
        text = text.replace('\n', "\r\n");
    }
    if damage.bom {
        text.insert(0, '\u{feff}');
    }
    text
}

/// `text` broken into lines of `width` characters (English at spaces, or mid-word
/// with a hyphen when a word is long).
fn wrapped(text: &str, width: Option<usize>, zh: bool) -> Vec<String> {
    let Some(width) = width else { return vec![text.to_string()] };
    if zh {
        let chars: Vec<char> = text.chars().collect();
        return chars.chunks(width).map(|c| c.iter().collect()).collect();
    }
    let width = width * 2;
    let mut lines = vec![String::new()];
    for word in text.split(' ') {
        let line = lines.last_mut().unwrap();
        if line.is_empty() {
            line.push_str(word);
        } else if line.len() + 1 + word.len() <= width {
            line.push(' ');
            line.push_str(word);
        } else if word.len() >= 8 && word.chars().all(char::is_alphabetic) && line.len() + word.len() / 2 + 2 <= width {
            // End-of-line hyphenation: "con-" then "ference", where the first part fits.
            let cut = word.len() / 2;
            line.push(' ');
            line.push_str(&word[..cut]);
            line.push('-');
            lines.push(word[cut..].to_string());
        } else {
            lines.push(word.to_string());
        }
    }
    lines
}

/// Page breaks every `every` lines after the header: each page ends with its number
/// and the next starts with the paper's name and the date, with blank lines between.
/// In a copy with blank lines between paragraphs, a page that ends at a sentence end
/// (or a colon, which may introduce a paragraph of its own) inside a paragraph reads
/// just like one that ends a paragraph (import reports its guess); those places are
/// moved one line on, so the expected structure is certain.
fn paged(lines: Vec<String>, every: usize, after: usize, zh: bool) -> Vec<String> {
    let blank_separated = lines.iter().any(String::is_empty);
    let ends = |l: &str| l.trim_end_matches(['”', '）', ')']).ends_with(['。', '！', '？', '.', '!', '?', '：', ':']);
    let mut out: Vec<String> = Vec::new();
    let mut page = 1;
    let mut due = false;
    // At least two breaks: a head seen once is a heading to anyone.
    let every = every.min((lines.len().saturating_sub(after) / 3).max(2));
    for (i, line) in lines.into_iter().enumerate() {
        due |= i > after && i % every == 0;
        let ambiguous = blank_separated && !line.is_empty() && out.last().is_some_and(|l| !l.is_empty() && ends(l));
        if due && !ambiguous {
            due = false;
            // Page numbers as papers and PDF tools print them, in turn.
            let foot = match (zh, page % 3) {
                (true, 0) => format!("第{page}版"),
                (true, 1) => format!("— {page} —"),
                (false, 0) => format!("- {page} -"),
                (false, 1) => format!("Page {page}"),
                _ => page.to_string(),
            };
            // The paper's name with the date, or (every other page count) the name alone
            // and a banner, which only their repetition tells from headings.
            let heads: &[&str] = match (zh, every % 2) {
                (true, 0) => &["人民日报 2024年3月8日 星期五"],
                (true, _) => &["人民日报", "两会特刊"],
                (false, 0) => &["CHINA DAILY | Friday, March 8, 2024"],
                (false, _) => &["CHINA DAILY", "TWO SESSIONS"],
            };
            out.extend(["".into(), foot, "".into()]);
            for head in heads {
                out.extend([head.to_string(), "".into()]);
            }
            page += 1;
        }
        out.push(line);
    }
    out
}

/// A paragraph: its speaker, if it opens a turn, and its text.
type Paragraph = (Option<String>, String);
/// A section: its heading and paragraphs.
type Sections = Vec<(String, Vec<Paragraph>)>;

/// What import made, in the clean form: the header lines and the sections.
fn found(imported: &Imported) -> (Vec<String>, Sections) {
    let t = &imported.transcript;
    let header = [t.kicker.clone(), Some(t.title.clone()), t.subtitle.clone()].into_iter().flatten().collect();
    let sections = t
        .sections
        .iter()
        .map(|s| (s.heading.clone(), s.blocks.iter().map(|b| (b.speaker.clone(), b.text.clone())).collect()))
        .collect();
    (header, sections)
}

fn expected(clean: &Clean, names: Names) -> (Vec<String>, Sections) {
    let header =
        [clean.kicker.clone(), Some(clean.title.clone()), clean.subtitle.clone()].into_iter().flatten().collect();
    // An interview's turns are the question's and the answer's.
    let speaker = |name: &Option<String>| match names {
        Names::QandA => name
            .as_ref()
            .map(|n| question_or_answer(n.ends_with("记者") || n.ends_with("reporter"), clean.zh).to_string()),
        _ => name.clone(),
    };
    let paragraphs = |s: &Section| s.paras.iter().map(|(name, text)| (speaker(name), text.clone())).collect();
    let sections = clean.sections.iter().map(|s| (s.heading.clone(), paragraphs(s))).collect();
    (header, sections)
}

/// How an interview labels a question's turn or an answer's.
fn question_or_answer(asks: bool, zh: bool) -> &'static str {
    match (asks, zh) {
        (true, true) => "问",
        (false, true) => "答",
        (true, false) => "Q",
        (false, false) => "A",
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn import_gives_back_the_clean_structure_whatever_the_damage(clean in clean(), damage in damage()) {
        let text = print(&clean, &damage);
        let lang = if clean.zh { "zh" } else { "en" };
        let date = chrono::NaiveDate::from_ymd_opt(2024, 3, 7);
        let imported = import(Path::new("raw.txt"), &text, lang, date);
        let imported = match imported {
            Ok(imported) => imported,
            Err(e) => return Err(TestCaseError::fail(format!("{e}\n{text}"))),
        };
        let (got, want) = (found(&imported), expected(&clean, damage.names));
        prop_assert_eq!(&got.0, &want.0, "header\n{}", text);
        let headings = |s: &Sections| s.iter().map(|(h, _)| h.clone()).collect::<Vec<_>>();
        prop_assert_eq!(headings(&got.1), headings(&want.1), "headings\n{}", text);
        for ((heading, got), (_, want)) in got.1.iter().zip(&want.1) {
            let first = got.iter().zip(want).position(|(g, w)| g != w).unwrap_or(got.len().min(want.len()));
            prop_assert_eq!(got.get(first), want.get(first), "section {}, paragraph {}\n{}", heading, first + 1, text);
        }
        prop_assert_eq!(&imported.transcript.preface, &vec![clean.lead.clone()], "\n{}", text);
        prop_assert_eq!(&imported.transcript.closing, &clean.closing, "\n{}", text);
    }
}

/// `text` in Traditional characters: each Simplified character that one Traditional
/// character becomes (by the converter the site uses) turned back into it, the first
/// in code order when several do (`发` is `發`, not `髮`).
fn in_traditional(text: &str) -> String {
    static TRADITIONAL: std::sync::OnceLock<std::collections::HashMap<char, char>> = std::sync::OnceLock::new();
    let table = TRADITIONAL.get_or_init(|| {
        let mut table = std::collections::HashMap::new();
        for c in '\u{4E00}'..='\u{9FFF}' {
            let simplified: Vec<char> = fast2s::convert(&c.to_string()).chars().collect();
            if let [s] = simplified[..] {
                if s != c {
                    table.entry(s).or_insert(c);
                }
            }
        }
        table
    });
    text.chars().map(|c| *table.get(&c).unwrap_or(&c)).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 60, ..ProptestConfig::default() })]

    /// The same damaged transcript printed in Traditional characters (as Hong Kong and
    /// Taiwan print, and big5 copies of mainland pages): the same transcript comes out,
    /// in the characters it came in, with the same repairs.
    #[test]
    fn a_transcript_in_traditional_characters_is_read_as_in_simplified(clean in clean_in(true), damage in damage()) {
        let simplified = print(&clean, &damage);
        let traditional = in_traditional(&simplified);
        prop_assume!(fast2s::convert(&traditional) == fast2s::convert(&simplified));
        let date = chrono::NaiveDate::from_ymd_opt(2024, 3, 7);
        let read = |text: &str| import(Path::new("raw.txt"), text, "zh", date).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")));
        let (from_simplified, from_traditional) = (read(&simplified)?, read(&traditional)?);
        let markdown = |imported: &Imported| imported.transcript.to_markdown("zh");
        prop_assert_eq!(markdown(&from_traditional), in_traditional(&markdown(&from_simplified)), "\n{}", traditional);
        let repairs = |imported: &Imported| imported.repairs.iter().map(|r| in_traditional(&r.to_string())).collect::<Vec<_>>();
        prop_assert_eq!(repairs(&from_traditional), repairs(&from_simplified));
    }
}

//! Properties over generated inputs (proptest): whatever page-break damage a raw
//! transcript has, `import` loses no sentence and doubles none.

use std::path::Path;

use proptest::prelude::*;

use crate::support::*;

/// Sentences of the seed without digits (a split next to a digit is a known limit:
/// `合本国国情` goes on a sentence, `3月` may start one).
fn pool() -> Vec<String> {
    let seed = std::fs::read_to_string(project_root().join("tests/fixtures/seed.txt")).unwrap();
    let mut out = Vec::new();
    for line in seed.lines() {
        let body = line.split_once('：').map_or(line, |(_, rest)| rest);
        let mut current = String::new();
        for c in body.trim().chars() {
            current.push(c);
            if c == '。' {
                if current.chars().count() >= 12 && !current.chars().any(|c| c.is_ascii_digit()) {
                    out.push(current.clone());
                }
                current.clear();
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// A clean raw transcript: title, lead, then sections of a question and an answer of
/// several paragraphs; paragraphs are lists of distinct sentences.
#[derive(Debug, Clone)]
struct Raw {
    paragraphs: Vec<Vec<String>>,
    sections: usize,
}

fn raw() -> impl Strategy<Value = Raw> {
    let pool = pool();
    (2usize..5, proptest::collection::vec(1usize..4, 6..14), any::<u64>()).prop_map(move |(sections, sizes, seed)| {
        // Distinct sentences in a seeded order, dealt out to paragraphs.
        let mut order: Vec<usize> = (0..pool.len()).collect();
        let mut state = seed | 1;
        for i in (1..order.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            order.swap(i, (state % (i as u64 + 1)) as usize);
        }
        let mut next = order.into_iter().map(|i| pool[i].clone());
        let paragraphs = sizes.iter().map(|&n| next.by_ref().take(n).collect()).collect();
        Raw { paragraphs, sections }
    })
}

/// The raw text: header, lead, the paragraphs spread over sections as turns and
/// follow-up paragraphs, and the closing line at the end.
fn render(raw: &Raw, damage: &Damage) -> String {
    let mut paras: Vec<String> = raw.paragraphs.iter().map(|p| p.concat()).collect();
    let per = paras.len().div_ceil(raw.sections);
    let mut lines =
        vec!["档案标题".to_string(), "——副标题".to_string(), "2024年3月7日，记者会在梅地亚中心举行。".to_string()];
    for (i, chunk) in paras.iter_mut().enumerate() {
        if i % per == 0 {
            lines.push(format!("第{}部分的标题", ["一", "二", "三", "四", "五"][i / per]));
            chunk.insert_str(0, "某记者：");
        } else if i % per == 1 {
            chunk.insert_str(0, "王毅：");
        }
    }
    let mut body: Vec<String> = paras.clone();
    if let Some((at, cut)) = damage.split {
        // A page break inside a sentence: the paragraph goes on in the next one.
        let at = at % body.len();
        let chars: Vec<char> = body[at].chars().collect();
        let cut = 41 + cut % chars.len().saturating_sub(42).max(1);
        if cut + 1 < chars.len() && !is_break(chars[cut - 1]) && !is_break(chars[cut]) {
            let (a, b): (String, String) = (chars[..cut].iter().collect(), chars[cut..].iter().collect());
            body[at] = a;
            body.insert(at + 1, b);
        }
    }
    if let Some((from, len)) = damage.repeat {
        // A run printed twice, its paragraphs run together the second time.
        let from = from % paras.len();
        let run: String = paras[from..(from + len).min(paras.len())].concat();
        body.push(run.trim_start_matches("某记者：").trim_start_matches("王毅：").to_string());
    }
    let closing = "记者会历时一个半小时。".to_string();
    let closing_at = damage.closing_at.map_or(body.len(), |c| c % (body.len() + 1));
    body.insert(closing_at, closing);
    lines.extend(body);
    lines.join("\n\n")
}

fn is_break(c: char) -> bool {
    "，。；：、“”！？".contains(c)
}

#[derive(Debug, Clone)]
struct Damage {
    split: Option<(usize, usize)>,
    repeat: Option<(usize, usize)>,
    closing_at: Option<usize>,
}

fn damage() -> impl Strategy<Value = Damage> {
    (
        proptest::option::of((any::<usize>(), any::<usize>())),
        proptest::option::of((any::<usize>(), 2usize..4)),
        proptest::option::of(any::<usize>()),
    )
        .prop_map(|(split, repeat, closing_at)| Damage { split, repeat, closing_at })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn import_keeps_every_sentence_exactly_once(raw in raw(), damage in damage()) {
        let text = render(&raw, &damage);
        let imported = diptych::import::import(Path::new("raw.txt"), &text, "zh", None)
            .map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        let markdown = imported.transcript.to_markdown("zh");
        let flat: String = markdown.lines().map(|l| l.replace("**", "")).collect();
        for sentence in raw.paragraphs.iter().flatten().chain(std::iter::once(&"记者会历时一个半小时。".to_string())) {
            let found = flat.matches(sentence.as_str()).count();
            prop_assert_eq!(found, 1, "{:?} found {} times\n--- input ---\n{}\n--- output ---\n{}", sentence, found, text, markdown);
        }
    }
}

//! The synthetic archive the benchmarks build: N transcript pairs (zh and en) with
//! aligned sections, Chinese sentences drawn from the seed transcript and English
//! from a fixed vocabulary, from a fixed random seed so every run measures the same.

use std::path::Path;

pub const SECTIONS: usize = 8;
pub const TOPICS: [(&str, &str, &str); 8] = [
    ("diplomacy", "外交", "Diplomacy"),
    ("belt-and-road", "一带一路", "Belt and Road"),
    ("economy", "经济", "Economy"),
    ("climate", "气候变化", "Climate"),
    ("security", "安全", "Security"),
    ("africa", "非洲", "Africa"),
    ("europe", "欧洲", "Europe"),
    ("development", "发展", "Development"),
];
pub const SPEAKERS: [(&str, &str, &str); 4] = [
    ("li-ming", "李明", "Li Ming"),
    ("zhang-wei", "张伟", "Zhang Wei"),
    ("wang-fang", "王芳", "Wang Fang"),
    ("chen-jing", "陈静", "Chen Jing"),
];
pub const EN_WORDS: &str =
    "the of and to in a is that for it as with be by on not this are from at which but have they \
    we their has would will more about can people year world work first good country between national policy peace \
    security trade cooperation growth future partner region support open common shared global international dialogue \
    stability progress strategy agreement market energy climate health science technology education culture history \
    friendship mutual respect benefit community leader president minister meeting summit forum question answer press";

/// A site.yaml plus `transcripts` pairs of zh/en files with aligned sections, from a
/// fixed seed so every run measures the same archive.
pub fn generate(root: &Path, transcripts: usize) {
    let seed = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seed.txt")).unwrap();
    let sentences = chinese_sentences(&seed);
    let words: Vec<&str> = EN_WORDS.split_whitespace().collect();
    let mut rng = fastrand::Rng::with_seed(1);
    // No themes/ folder: the site uses the theme built into the binary.
    std::fs::write(root.join("site.yaml"), site_yaml()).unwrap();
    let mut text = Text { rng: &mut rng, sentences: &sentences, words: &words };
    for i in 0..transcripts {
        let date = chrono::NaiveDate::from_ymd_opt(2000, 1, 1).unwrap() + chrono::Days::new(text.rng.u64(0..9497));
        let (key, zh_name, en_name) = SPEAKERS[text.rng.usize(..SPEAKERS.len())];
        let mut zh = format!(
            "---\ntitle: \"{}\"\ndate: {date}\nplace: 梅地亚中心\nspeakers: {{ {key}: {zh_name} }}\n---\n\n{}\n",
            text.zh(1),
            text.zh(2)
        );
        let mut en = format!(
            "---\ntitle: \"{}\"\ndate: {date}\nplace: Media Center\nspeakers: {{ {key}: {en_name} }}\n---\n\n{}\n",
            text.en_title(),
            text.en(2)
        );
        for s in 0..SECTIONS {
            let topics: Vec<&str> =
                (0..text.rng.usize(1..3)).map(|_| TOPICS[text.rng.usize(..TOPICS.len())].0).collect();
            let attrs = format!("{{#s{s} topics={}}}", topics.join(","));
            zh += &format!(
                "\n## {} {attrs}\n\n**记者**：{}\n\n**{zh_name}**：{}\n",
                text.zh_heading(),
                text.zh(2),
                text.zh(3)
            );
            en += &format!(
                "\n## {} {attrs}\n\n**Reporter**: {}\n\n**{en_name}**: {}\n",
                text.en_title(),
                text.en(2),
                text.en(3)
            );
            for _ in 0..text.rng.usize(2..5) {
                let n = text.rng.usize(3..6);
                zh += &format!("\n{}\n", text.zh(n));
                en += &format!("\n{}\n", text.en(n));
            }
        }
        let dir = root.join("content").join(date.format("%Y").to_string());
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("t{i:05}.zh.md")), zh).unwrap();
        std::fs::write(dir.join(format!("t{i:05}.en.md")), en).unwrap();
    }
}

struct Text<'a> {
    rng: &'a mut fastrand::Rng,
    sentences: &'a [String],
    words: &'a [&'a str],
}

impl Text<'_> {
    fn zh(&mut self, n: usize) -> String {
        (0..n).map(|_| self.sentences[self.rng.usize(..self.sentences.len())].as_str()).collect()
    }

    fn zh_heading(&mut self) -> String {
        let sentence = self.zh(1);
        sentence.split(['，', '。', '？', '！']).next().unwrap_or("").chars().take(24).collect()
    }

    fn en(&mut self, sentences: usize) -> String {
        let mut out = Vec::new();
        for _ in 0..sentences {
            let mut s: Vec<&str> =
                (0..self.rng.usize(8..20)).map(|_| self.words[self.rng.usize(..self.words.len())]).collect();
            let first = s[0].to_string();
            let capital = first[..1].to_uppercase() + &first[1..];
            s[0] = &capital;
            out.push(s.join(" ") + ".");
        }
        out.join(" ")
    }

    fn en_title(&mut self) -> String {
        let n = self.rng.usize(3..7);
        (0..n).map(|_| self.words[self.rng.usize(..self.words.len())]).collect::<Vec<_>>().join(" ")
    }
}

fn chinese_sentences(seed: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in seed.lines() {
        let body =
            line.split_once('：').map_or(line, |(head, rest)| if head.chars().count() < 16 { rest } else { line });
        let mut current = String::new();
        for c in body.trim().chars() {
            current.push(c);
            if matches!(c, '。' | '！' | '？') {
                if current.chars().count() >= 8 {
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

fn site_yaml() -> String {
    let mut yaml = String::from(
        "title: { zh: 基准档案, en: Benchmark Archive }\nbase_url: https://example.github.io/archive/\n\
         default_language: zh\nlanguages:\n  zh: { name: 中文, locale: zh-Hans }\n  en: { name: English, locale: en }\ntopics:\n",
    );
    for (key, zh, en) in TOPICS {
        yaml += &format!("  {key}:\n    zh: {zh}\n    en: {en}\n    match: {{ zh: [{zh}], en: [{en}] }}\n");
    }
    yaml
}

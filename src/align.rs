//! Sentence alignment of a paragraph and its translation, at build time and with no
//! model: each paragraph is split into sentences, then the two lists are aligned by
//! dynamic programming over beads (1-1, 1-2, 2-1, 2-2, 1-0, 0-1) scored by Gale and
//! Church's length model plus anchors that survive translation: numbers, and the
//! names and terms the site pairs across languages (speakers, topic `match` terms).
//! An alignment the model is unsure of is not shown: the paragraph then stays paired
//! as a whole, never with a confident wrong pairing.
//!
//! Sentences are cut in the paragraph's HTML, at the top level only (a sentence end
//! inside a link or emphasis does not cut), so each sentence can be wrapped in an
//! element of its own.

use std::ops::Range;

pub use anchors::Anchors;

/// A paragraph's sentences: byte ranges of its HTML, with their plain text.
pub struct Sentences {
    pub spans: Vec<Range<usize>>,
    pub texts: Vec<String>,
}

/// Which sentences of one paragraph translate which of the other: each group is a
/// range of sentences on each side (a 1-2 group: one sentence and two).
#[derive(Debug, Clone, PartialEq)]
pub struct Alignment {
    pub groups: Vec<(Range<usize>, Range<usize>)>,
}

/// Below this a paragraph pair keeps its paragraph-level pairing: the mean cost of a
/// bead above which, on the example transcript, alignments start to go wrong.
const MAX_MEAN_COST: f64 = 4.5;
/// A single bead this unlikely (a length mismatch of about three standard deviations)
/// makes the whole paragraph's alignment untrustworthy.
const MAX_BEAD_COST: f64 = 9.0;

/// Splits the paragraph HTML `html` (one block, `<p>…</p>`) into sentences; `cjk` for
/// Chinese (and Japanese) punctuation rules.
pub fn sentences(html: &str, cjk: bool) -> Sentences {
    let spans = sentence_spans(html, cjk);
    let texts = spans.iter().map(|r| plain(&html[r.clone()])).collect();
    Sentences { spans, texts }
}

/// Where the sentences of `html` are, as byte ranges, without their texts: all that
/// wrapping them needs, once their alignment is known (see `kept.rs`).
pub fn sentence_spans(html: &str, cjk: bool) -> Vec<Range<usize>> {
    let body_start = html.find('>').map_or(0, |i| i + 1);
    let body_end = html.trim_end().rfind("</").filter(|&i| i >= body_start).unwrap_or(html.len());
    let mut spans = Vec::new();
    let mut start = body_start;
    let mut depth = 0usize;
    let bytes = html.as_bytes();
    let mut i = body_start;
    while i < body_end {
        // Most bytes can neither open a tag nor end a sentence: passed over undecoded,
        // in a loop of its own (the whole loop's state, per byte, showed in profiles).
        i += bytes[i..body_end].iter().position(|&b| MAY_MATTER[usize::from(b)]).unwrap_or(body_end - i);
        if i == body_end {
            break;
        }
        let c = html[i..].chars().next().expect("in bounds");
        if c == '<' {
            let end = html[i..].find('>').map_or(body_end, |e| i + e + 1);
            let tag = &html[i..end];
            if tag.starts_with("</") {
                depth = depth.saturating_sub(1);
            } else if !tag.ends_with("/>") && !is_void(tag) {
                depth += 1;
            }
            i = end;
            continue;
        }
        let next = i + c.len_utf8();
        if depth == 0 && ends_sentence(html, i, c, cjk) {
            let end = after_closers(html, next).min(body_end);
            // English needs a space (or the end) after the stop: 1.7, U.S.-China.
            let spaced = cjk || end >= body_end || bytes[end].is_ascii_whitespace();
            if spaced && !(!cjk && c == '.' && is_abbreviation(&html[start..i])) {
                spans.push(start..end);
                start = skip_space(html, end, body_end);
                i = start;
                continue;
            }
        }
        i = next;
    }
    if start < body_end && !html[start..body_end].trim().is_empty() {
        spans.push(start..body_end);
    }
    spans
}

/// Whether a sentence split must look at the byte: `<`, an ASCII stop, or the first
/// byte of 。！？…, whose UTF-8 forms start with E3, EF and E2 (never a byte inside a
/// character, which are 80 to BF).
const MAY_MATTER: [bool; 256] = {
    let mut table = [false; 256];
    let matters = [b'<', b'.', b'!', b'?', 0xE2, 0xE3, 0xEF];
    let mut k = 0;
    while k < matters.len() {
        table[matters[k] as usize] = true;
        k += 1;
    }
    table
};

fn is_void(tag: &str) -> bool {
    let name = tag[1..].split(|c: char| !c.is_ascii_alphanumeric()).next().unwrap_or("");
    matches!(name, "br" | "img" | "hr" | "wbr" | "input")
}

/// Whether `c` at byte `i` ends a sentence.
fn ends_sentence(html: &str, i: usize, c: char, cjk: bool) -> bool {
    match c {
        '。' | '！' | '？' => true,
        // An ellipsis ends a sentence only where nothing but closers or the end follows.
        '…' => {
            let rest = &html[i + c.len_utf8()..];
            let rest = rest.trim_start_matches('…');
            rest.starts_with('”') || rest.starts_with('<') || rest.trim().is_empty()
        }
        '.' | '!' | '?' if !cjk => true,
        // Chinese text may quote English.
        '!' | '?' => true,
        _ => false,
    }
}

/// The end of the closing quotes and brackets after a stop: `。”` `."` `.)`, and of a
/// note's mark, which belongs to the sentence it follows.
fn after_closers(html: &str, mut at: usize) -> usize {
    loop {
        let rest = &html[at..];
        if rest.starts_with(crate::markdown::NOTE_MARK_START) {
            match rest.find("</sup>") {
                Some(end) => at += end + "</sup>".len(),
                None => return at,
            }
            continue;
        }
        let closer = ["”", "’", "」", "』", "）", ")", "\"", "'", "&quot;", "&#39;", "…", "】"]
            .iter()
            .find(|c| rest.starts_with(**c));
        match closer {
            Some(c) => at += c.len(),
            None => return at,
        }
    }
}

fn skip_space(html: &str, mut at: usize, end: usize) -> usize {
    while at < end {
        let c = html[at..].chars().next().expect("in bounds");
        if !c.is_whitespace() {
            break;
        }
        at += c.len_utf8();
    }
    at
}

/// Whether the text before a full stop ends with an abbreviation or an initial, after
/// which the stop does not end the sentence (Mr. Wang, U.S. policy, No. 1).
fn is_abbreviation(before: &str) -> bool {
    let word = before.rsplit(|c: char| c.is_whitespace() || c == '(' || c == '"' || c == ';').next().unwrap_or("");
    let word = word.trim_start_matches("&quot;");
    const SHORT: [&str; 24] = [
        "Mr", "Mrs", "Ms", "Dr", "Prof", "St", "No", "Nos", "Jr", "Sr", "vs", "etc", "e.g", "i.e", "Gen", "Sen", "Rep",
        "Gov", "Jan", "Feb", "Aug", "Sept", "Oct", "Nov",
    ];
    let initial = word.len() == 1 && word.chars().all(|c| c.is_ascii_uppercase());
    // U.S, U.K, U.N: letters joined by stops.
    let dotted =
        word.contains('.') && word.split('.').all(|p| p.len() == 1 && p.chars().all(|c| c.is_ascii_alphabetic()));
    initial || dotted || SHORT.contains(&word)
}

/// HTML's text, tags dropped and the entities diptych writes decoded.
fn plain(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut rest = html;
    // The text up to each `<` is kept and the tag up to its `>` dropped; a stray `>`
    // is dropped too.
    // memchr: `find` with two characters went a character at a time. Both are ASCII,
    // so every cut is at a character's boundary.
    while let Some(at) = memchr::memchr2(b'<', b'>', rest.as_bytes()) {
        text.push_str(&rest[..at]);
        let opens_tag = rest.as_bytes()[at] == b'<';
        rest = &rest[at + 1..];
        if opens_tag {
            rest = memchr::memchr(b'>', rest.as_bytes()).map_or("", |end| &rest[end + 1..]);
        }
    }
    text.push_str(rest);
    if !text.contains('&') {
        return text;
    }
    text.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
}

/// The beads the aligner tries: sentences taken from each side, and how likely each
/// kind is a priori (Gale and Church's figures).
const BEADS: [(usize, usize, f64); 6] =
    [(1, 1, 0.89), (1, 2, 0.0445), (2, 1, 0.0445), (2, 2, 0.011), (1, 0, 0.0049), (0, 1, 0.0049)];

/// Aligns the sentences `a` with `b` (plain texts), or None where the alignment is
/// not trustworthy (the caller then pairs the paragraphs as wholes). `anchors` pair
/// words of `a`'s language with `b`'s.
pub fn align(a: &[String], b: &[String], anchors: &Anchors) -> Option<Alignment> {
    let (n, m) = (a.len(), b.len());
    if n == 0 || m == 0 {
        return None;
    }
    // One sentence on a side: it translates the whole other paragraph.
    if n == 1 || m == 1 {
        return Some(Alignment { groups: vec![(0..n, 0..m)] });
    }
    let la: Vec<f64> = a.iter().map(|s| weight(s)).collect();
    let lb: Vec<f64> = b.iter().map(|s| weight(s)).collect();
    // The paragraph pair's own ratio of lengths: Chinese characters to English letters
    // varies with the speaker and the translator more than between sentences.
    let ratio = lb.iter().sum::<f64>() / la.iter().sum::<f64>().max(1.0);
    let (marks_a, marks_b) = (marks(a, anchors, 0), marks(b, anchors, 1));
    let cost = |i: usize, j: usize, di: usize, dj: usize| -> f64 {
        let len_a: f64 = la[i..i + di].iter().sum();
        let len_b: f64 = lb[j..j + dj].iter().sum();
        let mut c = prior_cost(di, dj) + length_cost(len_a, len_b, ratio);
        // Most sentences have no marks; the comparisons below cost even when empty.
        if marks_a[i..i + di].iter().chain(&marks_b[j..j + dj]).all(Vec::is_empty) {
            return c;
        }
        // A few marks a sentence: compared pairwise, nothing collected.
        let ma = || marks_a[i..i + di].iter().flatten();
        let mb = || marks_b[j..j + dj].iter().flatten();
        let shared = ma().filter(|x| mb().any(|y| y == *x)).count() as f64;
        let unshared =
            ma().filter(|x| !mb().any(|y| y == *x)).count() + mb().filter(|x| !ma().any(|y| y == *x)).count();
        c -= 2.5 * shared;
        c += 1.5 * unshared as f64;
        c
    };
    let (groups, beads) = cheapest(n, m, cost)?;
    let mean = beads.iter().sum::<f64>() / beads.len() as f64;
    let worst = beads.iter().copied().fold(f64::MIN, f64::max);
    // A sentence left without a translation is shown only as part of its neighbour's
    // group: a reader should never see a sentence paired with nothing while its
    // translation sits elsewhere.
    let omits = groups.iter().any(|(x, y)| x.is_empty() || y.is_empty());
    (mean <= MAX_MEAN_COST && worst <= MAX_BEAD_COST && !omits).then_some(Alignment { groups })
}

/// A group of sentences on each side, as ranges.
type Group = (Range<usize>, Range<usize>);

/// Half the width of the first band of the table `cheapest` fills: paragraphs of up to
/// this many sentences a side are searched whole.
const FIRST_BAND: usize = 64;
/// The most cells `cheapest` fills for one paragraph pair (16 bytes each): a paragraph
/// of thousands of sentences (a transcript imported without blank lines) is aligned
/// in a band along the diagonal, never in a table of n × m cells (20,000 sentences a
/// side would be 6.4 GB).
const MAX_CELLS: usize = 4 << 20;

/// The cheapest way to cover `n` sentences and `m` with beads, by dynamic programming:
/// the groups in order, and the cost of each; None when no band small enough holds
/// it. `cost(i, j, di, dj)` is the cost of the bead taking `di` sentences from `i`
/// and `dj` from `j`.
///
/// Only cells near the diagonal from (0, 0) to (n, m) are filled. Where the best path
/// found runs along the band's edge, a path outside might be cheaper: the band is
/// widened and the search made again.
fn cheapest(n: usize, m: usize, cost: impl Fn(usize, usize, usize, usize) -> f64) -> Option<(Vec<Group>, Vec<f64>)> {
    let mut half = FIRST_BAND;
    loop {
        let band = Band::new(n, m, half);
        if band.cells() > MAX_CELLS {
            return None;
        }
        let table = band.fill(&cost);
        let (groups, beads, on_edge) = band.path(&table)?;
        if !on_edge || band.is_whole() {
            return Some((groups, beads));
        }
        half *= 2;
    }
}

/// The cells of the table `cheapest` fills: in row `i` (sentences of `a` taken),
/// columns `half` either side of where the diagonal crosses it.
struct Band {
    n: usize,
    m: usize,
    half: usize,
}

/// A cell: the cheapest cost to reach it, and the index in BEADS of its last bead.
type Cell = (f64, u8);
const UNREACHED: Cell = (f64::INFINITY, u8::MAX);

impl Band {
    fn new(n: usize, m: usize, half: usize) -> Self {
        Band { n, m, half }
    }

    /// The columns of row `i`.
    fn columns(&self, i: usize) -> Range<usize> {
        if self.is_whole() {
            return 0..self.m + 1;
        }
        let centre = (i * self.m + self.n / 2) / self.n.max(1);
        centre.saturating_sub(self.half)..(centre + self.half).min(self.m) + 1
    }

    fn row_width(&self) -> usize {
        (2 * self.half + 1).min(self.m + 1)
    }

    fn cells(&self) -> usize {
        (self.n + 1).saturating_mul(self.row_width())
    }

    /// Every column of every row is in the band: nothing outside it to be cheaper.
    fn is_whole(&self) -> bool {
        self.half >= self.m
    }

    fn at(&self, i: usize, j: usize) -> Option<usize> {
        let columns = self.columns(i);
        columns.contains(&j).then(|| i * self.row_width() + j - columns.start)
    }

    fn fill(&self, cost: &impl Fn(usize, usize, usize, usize) -> f64) -> Vec<Cell> {
        let mut table = vec![UNREACHED; self.cells()];
        table[0].0 = 0.0;
        for i in 0..=self.n {
            let columns = self.columns(i);
            for j in columns.clone() {
                let here = table[i * self.row_width() + j - columns.start].0;
                if !here.is_finite() {
                    continue;
                }
                for (bead, &(di, dj, _)) in BEADS.iter().enumerate() {
                    if i + di > self.n || j + dj > self.m {
                        continue;
                    }
                    let Some(to) = self.at(i + di, j + dj) else { continue };
                    let total = here + cost(i, j, di, dj);
                    if total < table[to].0 {
                        table[to] = (total, bead as u8);
                    }
                }
            }
        }
        table
    }

    /// The best path back from (n, m): its groups, each bead's cost, and whether it
    /// runs along an edge of the band that is not an edge of the whole table.
    fn path(&self, table: &[Cell]) -> Option<(Vec<Group>, Vec<f64>, bool)> {
        let (mut groups, mut beads, mut on_edge) = (Vec::new(), Vec::new(), false);
        let (mut i, mut j) = (self.n, self.m);
        while i > 0 || j > 0 {
            let (total, bead) = table[self.at(i, j)?];
            let &(di, dj, _) = BEADS.get(bead as usize)?;
            let columns = self.columns(i);
            on_edge |= (j == columns.start && j > 0) || (j + 1 == columns.end && j < self.m);
            let before = table[self.at(i - di, j - dj)?].0;
            beads.push(total - before);
            groups.push((i - di..i, j - dj..j));
            (i, j) = (i - di, j - dj);
        }
        groups.reverse();
        beads.reverse();
        Some((groups, beads, on_edge))
    }
}

/// Minus the log of a bead's prior probability (BEADS), as the cost adds it.
fn prior_cost(di: usize, dj: usize) -> f64 {
    // The logs of BEADS' priors, in its order, so the inner loop takes none.
    const COSTS: [f64; 6] = [0.116_533_816, 3.112_266_090, 3.112_266_090, 4.509_860_006, 5.318_520_074, 5.318_520_074];
    BEADS.iter().position(|&(x, y, _)| (x, y) == (di, dj)).map_or(13.815_510_558, |i| COSTS[i])
}

/// A sentence's length for the length model: characters, a Han character counting as
/// one and other letters and digits as one each (spaces and punctuation not at all).
fn weight(text: &str) -> f64 {
    // The common cases first: Unicode's table of letters is slow to search for Han.
    let counts = |c: char| match c {
        _ if c.is_ascii() => c.is_ascii_alphanumeric(),
        '\u{4E00}'..='\u{9FFF}' => true,
        // Punctuation: general (“ ” — …), CJK (、。《》) and full-width (，：！),
        // full-width digits and letters aside.
        '\u{2000}'..='\u{206F}' | '\u{3000}'..='\u{3004}' | '\u{3008}'..='\u{3020}' => false,
        '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => true,
        '\u{FF01}'..='\u{FF65}' => false,
        _ => c.is_alphanumeric(),
    };
    text.chars().filter(|&c| counts(c)).count() as f64
}

/// `text.to_lowercase()`, without Unicode's tables for what has no case: ASCII, Han,
/// and the punctuation of Chinese text, which are nearly all of a transcript. Such
/// text is lowered a byte at a time, which the compiler does a word at a time (a
/// character at a time showed in profiles, docs/performance.md); text with anything
/// else takes the standard library's way.
fn lower(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    let fast = |c: char| {
        c.is_ascii() || matches!(c, '\u{2000}'..='\u{206F}' | '\u{3000}'..='\u{9FFF}' | '\u{FF01}'..='\u{FF65}')
    };
    let full_width_capital = 'Ａ'..='Ｚ';
    let mut full_width_capitals = false;
    for c in text.chars() {
        if !fast(c) {
            return text.to_lowercase();
        }
        full_width_capitals |= full_width_capital.contains(&c);
    }
    // Only ASCII bytes change here, so the text stays UTF-8.
    let lower = text.to_ascii_lowercase();
    if !full_width_capitals {
        return lower;
    }
    let lower_full_width = |c: char| match c {
        _ if full_width_capital.contains(&c) => char::from_u32(c as u32 + 0x20).expect("ａ to ｚ"),
        _ => c,
    };
    lower.chars().map(lower_full_width).collect()
}

/// Gale and Church's cost of `len_a` against `len_b`: minus the log of the probability
/// that lengths differ this much when `ratio` is what the pair's lengths usually are.
fn length_cost(len_a: f64, len_b: f64, ratio: f64) -> f64 {
    if len_a == 0.0 && len_b == 0.0 {
        return 0.0;
    }
    // Variance grows with length; Gale and Church's 6.8 is per character of a pair of
    // languages with a ratio near 1, so it is scaled by the ratio here.
    let variance = 6.8 * ratio.max(0.1);
    let mean = (len_a + len_b / ratio) / 2.0;
    let delta = (len_b - len_a * ratio) / (mean.max(1.0) * variance).sqrt();
    let p = 2.0 * (1.0 - normal_cdf(delta.abs()));
    -(p.max(1e-12)).ln()
}

/// The standard normal distribution function (Abramowitz and Stegun 26.2.17).
fn normal_cdf(x: f64) -> f64 {
    let t = 1.0 / (1.0 + 0.231_641_9 * x.abs());
    let poly =
        t * (0.319_381_530 + t * (-0.356_563_782 + t * (1.781_477_937 + t * (-1.821_255_978 + t * 1.330_274_429))));
    let upper = (-x * x / 2.0).exp() / (2.0 * std::f64::consts::PI).sqrt() * poly;
    if x >= 0.0 {
        1.0 - upper
    } else {
        upper
    }
}

/// What in each sentence of a paragraph should be found in its translation: its
/// numbers (as digits), and the anchors it contains on `side` (0: its language is the
/// anchors' first), each named by the pair so both sides name it alike.
fn marks(sentences: &[String], anchors: &Anchors, side: usize) -> Vec<Vec<String>> {
    // Lower case is only read to find anchors: a site without any needs none.
    let lower: Vec<String> = if anchors.is_empty() { Vec::new() } else { sentences.iter().map(|s| lower(s)).collect() };
    let mut words = anchors.found_in(&lower, side).into_iter();
    let of_sentence = |text: &String| {
        let mut found = numbers(text);
        found.extend(words.next().unwrap_or_default().into_iter().map(|key| format!("w:{key}")));
        found.sort();
        found.dedup();
        found
    };
    sentences.iter().map(of_sentence).collect()
}

/// The numbers in a text, as digits: `1.7`, `2023`, `３０` (full-width), `10,000` → `10000`.
fn numbers(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    // Most sentences have none, and reading them a character at a time showed in
    // profiles: a pass over the bytes finds those with a digit first.
    if !has_digit(text) {
        return found;
    }
    let mut current = String::new();
    let digit = |c: char| c.to_digit(10).or_else(|| ('０'..='９').contains(&c).then(|| c as u32 - '０' as u32));
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match digit(c) {
            Some(d) => current.push(char::from_digit(d, 10).expect("a digit")),
            None if matches!(c, '.' | ',' | '．' | '，')
                && !current.is_empty()
                && chars.peek().is_some_and(|n| digit(*n).is_some()) =>
            {
                if matches!(c, '.' | '．') {
                    current.push('.');
                }
            }
            None => {
                if !current.is_empty() {
                    found.push(format!("n:{}", std::mem::take(&mut current)));
                }
            }
        }
    }
    if !current.is_empty() {
        found.push(format!("n:{current}"));
    }
    found
}

/// Whether `text` has an ASCII digit or a full-width one (`０` to `９`, U+FF10 to
/// U+FF19, whose UTF-8 forms are EF BC 90 to EF BC 99).
fn has_digit(text: &str) -> bool {
    let bytes = text.as_bytes();
    // Every byte looked at, without stopping at the first digit: the compiler then
    // checks many bytes at once.
    let ascii = bytes.iter().fold(false, |any, b| any | b.is_ascii_digit());
    // An EF byte only ever starts a character.
    let full_width =
        || memchr::memchr_iter(0xEF, bytes).any(|at| matches!(bytes.get(at + 1..at + 3), Some([0xBC, 0x90..=0x99])));
    ascii || full_width()
}

mod anchors;
pub mod kept;

#[cfg(test)]
mod tests;

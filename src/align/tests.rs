use super::*;

fn split(html: &str, cjk: bool) -> Vec<String> {
    sentences(html, cjk).texts
}

#[test]
fn the_prior_costs_are_the_logs_of_the_priors() {
    for &(di, dj, prior) in &BEADS {
        assert!((prior_cost(di, dj) + prior.ln()).abs() < 1e-6, "{di}-{dj}");
    }
    assert!((prior_cost(3, 3) + 1e-6f64.ln()).abs() < 1e-6);
}

#[test]
fn chinese_sentences_end_at_their_stops_and_keep_their_closing_quotes() {
    assert_eq!(
        split("<p>中国将坚定站在历史正确一边。我们说：“和平是最大的人权！”下面回答提问？好。</p>\n", true),
        ["中国将坚定站在历史正确一边。", "我们说：“和平是最大的人权！”", "下面回答提问？", "好。"]
    );
}

#[test]
fn english_sentences_keep_abbreviations_numbers_and_quotes_whole() {
    assert_eq!(
        split(
            "<p>Mr. Wang met U.S. officials. Growth was 5.2 percent in 2023. He said &quot;Peace.&quot; Then left!</p>",
            false
        ),
        ["Mr. Wang met U.S. officials.", "Growth was 5.2 percent in 2023.", "He said \"Peace.\"", "Then left!"]
    );
}

#[test]
fn a_stop_inside_a_link_or_emphasis_does_not_cut() {
    let s = sentences("<p>See <em>the report. It says</em> more. Next.</p>", false);
    assert_eq!(s.texts, ["See the report. It says more.", "Next."]);
    assert_eq!(&"<p>See <em>the report. It says</em> more. Next.</p>"[s.spans[1].clone()], "Next.");
}

fn texts(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

#[test]
fn equal_counts_of_like_lengths_align_one_to_one() {
    let a = texts(&["中国经济去年增长百分之五点二。", "我们对今年充满信心，也欢迎各国企业来华投资兴业。"]);
    let b = texts(&[
        "China's economy grew by 5.2 percent last year.",
        "We are confident about this year and welcome companies from all countries to invest and do business in China.",
    ]);
    assert_eq!(align(&a, &b, &Anchors::default()).unwrap().groups, [(0..1, 0..1), (1..2, 1..2)]);
}

#[test]
fn one_sentence_rendered_as_two_is_a_one_to_two_group() {
    let a = texts(&[
        "中方愿同各方一道，推动构建人类命运共同体，让和平的阳光照亮每一个角落，让发展的成果惠及各国人民。",
        "谢谢。",
    ]);
    let b = texts(&[
        "China is ready to work with all parties to build a community with a shared future for mankind.",
        "Let the sunshine of peace light up every corner, and let the fruits of development benefit all peoples.",
        "Thank you.",
    ]);
    assert_eq!(align(&a, &b, &Anchors::default()).unwrap().groups, [(0..1, 0..2), (1..2, 2..3)]);
}

#[test]
fn numbers_fix_what_lengths_alone_would_get_wrong() {
    // By length alone the short second sentence would pair with the short English
    // first; its number says where it belongs.
    let a = texts(&[
        "去年中欧贸易额达到7830亿美元。",
        "双方同意加强合作，扩大相互开放，共同维护多边贸易体制。",
        "明年是建交50周年。",
    ]);
    let b = texts(&[
        "Trade between China and the EU reached 783 billion US dollars last year.",
        "The two sides agreed to strengthen cooperation, open up further to each other and uphold the multilateral trading system together.",
        "Next year marks the 50th anniversary of diplomatic ties.",
    ]);
    let with = align(&a, &b, &Anchors::default()).unwrap();
    assert_eq!(with.groups, [(0..1, 0..1), (1..2, 1..2), (2..3, 2..3)]);
    let names = Anchors::new([("中欧".to_string(), "China and the EU".to_string())]);
    assert_eq!(align(&a, &b, &names).unwrap().groups, with.groups);
}

#[test]
fn an_anchor_moves_a_boundary_that_the_length_model_puts_wrong() {
    // The translator compressed the first sentence and expanded the second: by
    // length alone "In this year…" goes with the first. The year says otherwise.
    let pair = |year_zh: &str, year_en: &str| {
        let a = texts(&[
            "这是我们的一贯立场，也是国际社会的普遍共识。",
            &format!("{year_zh}，中方将继续同各方保持沟通，为推动问题的政治解决发挥建设性作用。"),
        ]);
        let b = texts(&[
            "This is our consistent position.",
            &format!("{year_en}, China will stay in touch with all parties."),
            "It will play a constructive role in promoting a political settlement of the issue and work for an early ceasefire.",
        ]);
        align(&a, &b, &Anchors::default()).map(|x| x.groups)
    };
    let right = vec![(0..1, 0..1), (1..2, 1..3)];
    assert_ne!(pair("今年", "This year"), Some(right.clone()), "by length alone");
    assert_eq!(pair("2024年", "In 2024"), Some(right));
}

#[test]
fn a_shared_name_keeps_its_sentences_together() {
    let a = texts(&[
        "这是我们的一贯立场，也是国际社会的普遍共识。",
        "王毅表示，中方将继续同各方保持沟通，为推动问题的政治解决发挥建设性作用。",
    ]);
    let b = texts(&[
        "This is our consistent position.",
        "Wang Yi said China will stay in touch with all parties.",
        "It will play a constructive role in promoting a political settlement of the issue and work for an early ceasefire.",
    ]);
    let names = Anchors::new([("王毅".to_string(), "Wang Yi".to_string())]);
    assert_eq!(align(&a, &b, &names).unwrap().groups, [(0..1, 0..1), (1..2, 1..3)]);
}

#[test]
fn a_pair_whose_lengths_make_no_sense_falls_back_to_the_paragraph() {
    let a = texts(&["这是一句很长很长很长很长很长很长很长很长很长很长很长很长很长的话。", "短。"]);
    let b = texts(&["Short.", "Also short.", "A third.", "And a fourth one here."]);
    assert_eq!(align(&a, &b, &Anchors::default()), None);
}

#[test]
fn numbers_are_read_as_digits_whatever_their_form() {
    assert_eq!(numbers("增长５.２%，达10,000人"), ["n:5.2", "n:10000"]);
}

#[test]
fn the_fast_ways_to_weigh_and_lower_a_character_agree_with_unicodes_tables() {
    let ranges = [0..0x80, 0x2000..0x2070, 0x3000..0xA000, 0xFF00..0xFFF0];
    for c in ranges.into_iter().flatten().filter_map(char::from_u32) {
        let text = c.to_string();
        assert_eq!(weight(&text), f64::from(u8::from(c.is_alphanumeric())), "the weight of {c:?}");
        assert_eq!(lower(&text), text.to_lowercase(), "{c:?} in lower case");
    }
}

/// `plain` as first written, a character at a time: the model the faster one keeps to.
fn plain_by_characters(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
}

/// Characters of every kind `lower` and `has_digit` tell apart: ASCII, Han, Chinese
/// and full-width punctuation, full-width letters and digits, and letters with case
/// outside them (Greek's final sigma lowers by its context).
fn mixed_text() -> impl proptest::strategy::Strategy<Value = String> {
    let pieces = proptest::sample::select(vec![
        "A", "z", "7", " ", ".", "中", "国", "，", "。", "“", "…", "Ａ", "ｚ", "０", "９", "：", "Σ", "ΑΣ ", "É", "ǅ",
        "\u{FF65}", "\u{FF66}", "\u{2070}", "\u{206F}", "\u{2FFF}", "İ",
    ]);
    proptest::strategy::Strategy::prop_map(proptest::collection::vec(pieces, 0..12), |p| p.concat())
}

/// `marks` as first written, each anchor looked for in turn: the model the automaton
/// keeps to.
fn marks_one_anchor_at_a_time(text: &str, pairs: &[(String, String)], side: usize) -> Vec<String> {
    let lower = text.to_lowercase();
    let mut found = numbers(text);
    for (x, y) in pairs {
        let (x, y) = (x.to_lowercase(), y.to_lowercase());
        let ours = if side == 0 { &x } else { &y };
        if !ours.is_empty() && lower.contains(ours.as_str()) {
            found.push(format!("w:{x}"));
        }
    }
    found.sort();
    found.dedup();
    found
}

proptest::proptest! {
    #[test]
    fn anchors_found_at_once_are_those_found_one_at_a_time(
        pairs in proptest::collection::vec(
            (proptest::sample::select(vec!["", "Wang", "wang yi", "Yi", "王毅", "王", "一带一路", "一带"]),
             proptest::sample::select(vec!["", "王毅", "毅", "Belt and Road", "belt", "Wang"])),
            0..6,
        ),
        pieces in proptest::collection::vec(
            proptest::sample::select(vec!["WANG Yi", " said ", "王毅", "说", "一带一路", "Belt", " and Road", "3", "."]),
            0..10,
        ),
        side in 0..2usize,
    ) {
        let pairs: Vec<(String, String)> = pairs.into_iter().map(|(x, y)| (x.to_string(), y.to_string())).collect();
        let sentences: Vec<String> = pieces.chunks(3).map(|p| p.concat()).collect();
        let anchors = Anchors::new(pairs.clone());
        let one_at_a_time: Vec<Vec<String>> =
            sentences.iter().map(|s| marks_one_anchor_at_a_time(s, &pairs, side)).collect();
        proptest::prop_assert_eq!(marks(&sentences, &anchors, side), one_at_a_time);
    }

    #[test]
    fn lower_is_unicodes_lower_case(text in mixed_text()) {
        proptest::prop_assert_eq!(lower(&text), text.to_lowercase());
    }

    #[test]
    fn a_digit_is_found_whatever_its_form(text in mixed_text()) {
        let digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
        proptest::prop_assert_eq!(has_digit(&text), text.chars().any(digit));
    }

    /// Paragraphs made of sentence ends, tags, entities and text in both scripts: every
    /// sentence is a span of the body, in order, and its text is that span's text.
    #[test]
    fn sentences_are_spans_of_the_paragraph_and_their_texts_its_text(
        pieces in proptest::collection::vec(proptest::sample::select(vec![
            "。", "！", "？", "…", "……", "”", "、", "，", "中国", "合作", ". ", "! ", "? ", ".", "Mr. ", "U.S. ",
            "1.7", " ", "word", "Wang", "<em>", "</em>", "<a href=\"x\">", "</a>", "<br>", "&quot;", "&#39;", "&amp;", ">",
        ]), 0..40),
        cjk in proptest::bool::ANY,
    ) {
        let body: String = pieces.concat();
        let html = format!("<p>{body}</p>");
        let found = sentences(&html, cjk);
        let mut last_end = 3;
        for (span, text) in found.spans.iter().zip(&found.texts) {
            proptest::prop_assert!(span.start >= last_end && span.end <= html.len() - 4, "{span:?} in {html}");
            proptest::prop_assert!(html[last_end..span.start].trim().is_empty(), "a gap with text in {html}");
            proptest::prop_assert_eq!(text, &plain_by_characters(&html[span.clone()]));
            last_end = span.end;
        }
        proptest::prop_assert!(found.spans.last().is_none_or(|s| html[s.end..html.len() - 4].trim().is_empty()));
    }
}

/// `cheapest` as first written, every cell of the n × m table filled: the reference
/// the band keeps to.
fn cheapest_in_the_whole_table(
    n: usize,
    m: usize,
    cost: impl Fn(usize, usize, usize, usize) -> f64,
) -> (Vec<Group>, Vec<f64>) {
    let mut best = vec![vec![(f64::INFINITY, (0usize, 0usize)); m + 1]; n + 1];
    best[0][0].0 = 0.0;
    for i in 0..=n {
        for j in 0..=m {
            let here = best[i][j].0;
            for &(di, dj, _) in BEADS.iter().filter(|&&(di, dj, _)| i + di <= n && j + dj <= m) {
                let total = here + cost(i, j, di, dj);
                if total < best[i + di][j + dj].0 {
                    best[i + di][j + dj] = (total, (di, dj));
                }
            }
        }
    }
    let (mut groups, mut beads, (mut i, mut j)) = (Vec::new(), Vec::new(), (n, m));
    while i > 0 || j > 0 {
        let (total, (di, dj)) = best[i][j];
        beads.push(total - best[i - di][j - dj].0);
        groups.push((i - di..i, j - dj..j));
        (i, j) = (i - di, j - dj);
    }
    groups.reverse();
    beads.reverse();
    (groups, beads)
}

/// Sentence lengths of a paragraph and of its translation: each sentence of `a` is
/// translated as one, two or none of `b` (or two of `a` as one), at a length that
/// varies as translators' do.
fn translated_lengths() -> impl proptest::strategy::Strategy<Value = (Vec<f64>, Vec<f64>)> {
    use proptest::prelude::*;
    let bead = (0..100u32, 5.0..80.0f64, 0.6..1.6f64);
    proptest::collection::vec(bead, 1..250).prop_map(|beads| {
        let (mut a, mut b) = (Vec::new(), Vec::new());
        for (kind, len, noise) in beads {
            let english = len * 3.0 * noise;
            match kind {
                0..=79 => (a.push(len), b.push(english)),
                80..=89 => (a.push(len), b.extend([english * 0.4, english * 0.6])),
                90..=97 => (a.extend([len * 0.5, len * 0.5]), b.push(english)),
                98 => (a.push(len), ()),
                _ => ((), b.push(english)),
            };
        }
        (a, b)
    })
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(100))]
    #[test]
    fn the_band_finds_what_the_whole_table_finds((a, b) in translated_lengths()) {
        if a.is_empty() || b.is_empty() {
            return Ok(());
        }
        let ratio = b.iter().sum::<f64>() / a.iter().sum::<f64>();
        let cost = |i: usize, j: usize, di: usize, dj: usize| {
            prior_cost(di, dj) + length_cost(a[i..i + di].iter().sum(), b[j..j + dj].iter().sum(), ratio)
        };
        let banded = cheapest(a.len(), b.len(), cost).expect("a few hundred sentences fit the band");
        proptest::prop_assert_eq!(banded, cheapest_in_the_whole_table(a.len(), b.len(), cost));
    }
}

/// A transcript imported without blank lines is one paragraph of thousands of
/// sentences a side: aligned in a band, where the whole table would take
/// 20,001² cells (9.6 GB).
#[test]
fn a_paragraph_of_twenty_thousand_sentences_is_aligned_along_its_diagonal() {
    let lengths = (0..20_000).map(|k| 8 + (k * 7919) % 40);
    let a: Vec<String> = lengths.clone().map(|l| format!("{}。", "和".repeat(l))).collect();
    let b: Vec<String> = lengths.map(|l| format!("{}.", vec!["peace"; l * 3 / 5].join(" "))).collect();
    let groups = align(&a, &b, &Anchors::default()).expect("aligned").groups;
    assert_eq!(groups.len(), 20_000);
    assert!(groups.iter().enumerate().all(|(k, g)| *g == (k..k + 1, k..k + 1)));
}

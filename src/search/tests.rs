use super::*;

#[test]
fn chinese_becomes_characters_and_pairs_and_words_stay_words() {
    assert_eq!(terms("一带一路"), ["一", "一带", "带", "带一", "一", "一路", "路"]);
    assert_eq!(terms("China–Africa and the Belt"), ["china", "africa", "and", "the", "belt"]);
    assert_eq!(terms("2023年是"), ["2023", "年", "年是", "是"]);
    assert_eq!(terms("（中）"), ["中"]);
}

#[test]
fn one_mark_between_han_characters_does_not_part_them() {
    assert_eq!(terms("潜，从"), ["潜", "潜从", "从"]);
    assert_eq!(terms("一 带"), ["一", "一带", "带"]);
    assert_eq!(terms("潜，，从"), ["潜", "从"], "two marks do");
    assert_eq!(terms("潜a从"), ["潜", "a", "从"], "a letter does");
}

#[test]
fn folding_makes_full_width_traditional_and_capitals_one_form() {
    let fold = Fold::new();
    assert_eq!(fold.fold("２０２３年"), "2023年");
    assert_eq!(fold.fold("一帶一路 現代化"), "一带一路 现代化");
    assert_eq!(fold.fold("Belt AND Road"), "belt and road");
    assert!(matches!(fold.fold("plain 中国"), Cow::Borrowed(_)));
    assert_eq!(fold.fold("Co\u{AD}operation in Bei\u{AD}jing"), "cooperation in beijing");
    assert_eq!(fold.fold("一带\u{AD}一路"), "一带一路");
}

#[test]
fn buckets_keep_a_words_prefixes_together() {
    assert_eq!(bucket("peace", 64), bucket("peaceful", 64));
    assert_eq!(bucket("pea", 64), bucket("peace", 64));
    // Three characters, not three bytes, as the script counts them; a Han term whole.
    assert_eq!(bucket("éclair", 1 << 16), fnv1a("écl".as_bytes()) % (1 << 16));
    assert_eq!(bucket("一带一路", 1 << 16), fnv1a("一带一路".as_bytes()) % (1 << 16));
    // The same hash as the script: FNV-1a of "一带" over its UTF-8 bytes.
    assert_eq!(fnv1a("一带".as_bytes()), 0x0f6e_1368);
}

#[test]
fn a_count_of_seven_or_more_is_written_whole_after_its_gap() {
    let mut postings = Postings::default();
    for (id, count) in [(3, 2), (5, 7), (6, 30), (9, 1)] {
        postings.push(id, count);
    }
    assert_eq!(postings.deltas(), [3 << 3 | 2, 2 << 3 | 7, 0, 1 << 3 | 7, 23, 3 << 3 | 1]);
}

proptest::proptest! {
    /// A term packed into a number gives its text back, and two terms are one key
    /// exactly when their texts are equal, whichever way each is held.
    #[test]
    fn a_term_is_the_same_key_packed_or_not(a in "[a-zé0-9一带路\u{20000}]{1,12}", b in "[a-zé0-9一带路\u{20000}]{1,12}") {
        let (ka, kb) = (Term::new(Cow::Borrowed(&a)), Term::new(Cow::Borrowed(&b)));
        proptest::prop_assert_eq!(ka.with_text(str::to_string), a.clone());
        proptest::prop_assert_eq!(ka == kb, a == b);
        proptest::prop_assert_eq!(matches!(ka, Term::Packed(_)), a.len() <= 8);
        proptest::prop_assert_eq!(ka.clone().into_owned(), ka.clone());
        if a == b {
            proptest::prop_assert_eq!(half(&ka), half(&kb));
        }
    }
}

/// A section page whose only text is `text`.
fn section_of(text: &str) -> Doc<'_> {
    Doc {
        rel: "",
        title: "",
        context: "",
        date: None,
        kind: Kind::Section,
        topics: Vec::new(),
        facts: vec![text],
        blocks: &[],
    }
}

/// The ids and counts a term's postings list, undoing the gaps.
fn listed(postings: &Postings) -> Vec<(u32, u32)> {
    let (mut out, mut id, mut values) = (Vec::new(), 0, postings.deltas().into_iter());
    while let Some(value) = values.next() {
        id += value >> COUNT_BITS;
        let mut count = value & COUNT_CAP;
        if count == COUNT_CAP {
            count += values.next().unwrap_or(0);
        }
        out.push((id, count));
    }
    out
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(12))]
    /// Over more pages than a batch, and whichever half of the maps a term falls in,
    /// every term lists every page that has it, in order, with its weighted count.
    #[test]
    fn postings_list_every_page_of_a_term_with_its_count(
        texts in proptest::collection::vec("[a-c一带路 ]{0,12}", DOCS_PER_BATCH + 1..DOCS_PER_BATCH * 2 + 40),
    ) {
        let docs: Vec<Doc> = texts.iter().map(|text| section_of(text)).collect();
        let mut expected: BTreeMap<String, Vec<(u32, u32)>> = BTreeMap::new();
        for (id, text) in (0..).zip(&texts) {
            let mut counts: BTreeMap<String, u32> = BTreeMap::new();
            terms(text).into_iter().for_each(|t| *counts.entry(t).or_default() += 1);
            counts.into_iter().for_each(|(t, n)| expected.entry(t).or_default().push((id, n)));
        }
        let made = postings(&docs, &Fold::new(), None).expect("not asked to stop");
        let found: BTreeMap<String, Vec<(u32, u32)>> =
            made.iter().flatten().map(|(t, p)| (t.with_text(str::to_string), listed(p))).collect();
        proptest::prop_assert_eq!(found, expected);
        for (i, map) in made.iter().enumerate() {
            proptest::prop_assert!(map.keys().all(|t| half(t) == i));
        }
    }
}

/// Asked to stop, making the index stops at the next batch of pages.
#[test]
fn making_the_index_stops_when_asked() {
    let text = "一带一路 belt and road";
    let docs: Vec<Doc> = (0..DOCS_PER_BATCH * 2).map(|_| section_of(text)).collect();
    let stop = crate::run::Stop::default();
    assert!(postings(&docs, &Fold::new(), Some(&stop)).is_ok());
    stop.ask();
    let stopped = postings(&docs, &Fold::new(), Some(&stop)).err().map(|e| *e.kind);
    assert!(matches!(stopped, Some(ErrorKind::Interrupted)), "{stopped:?}");
}

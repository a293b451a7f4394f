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

use super::shown_pages;

#[test]
fn long_lists_show_the_ends_and_the_pages_near_the_current_one() {
    assert_eq!(shown_pages(1, 1), [1]);
    assert_eq!(shown_pages(1, 7), [1, 2, 3, 7]);
    assert_eq!(shown_pages(10, 320), [1, 8, 9, 10, 11, 12, 320]);
    assert_eq!(shown_pages(320, 320), [1, 318, 319, 320]);
    // Hiding page 2 alone would save nothing: "…" is as wide as "2".
    assert_eq!(shown_pages(5, 9), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert_eq!(shown_pages(6, 9), [1, 4, 5, 6, 7, 8, 9]);
}

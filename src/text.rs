//! Plain text shown away from its page: the excerpts of cards, feeds and descriptions.

/// The first `max` characters of some text, cut at a character, with an ellipsis if cut.
pub fn excerpt<'t>(texts: impl Iterator<Item = &'t str>, max: usize) -> String {
    let mut out = String::new();
    let mut count = 0;
    for text in texts {
        // Whole slices are copied: excerpts are made for every card of every list page.
        let mut seen = 0;
        for (at, _) in text.char_indices() {
            if count + seen == max {
                out.push_str(&text[..at]);
                out.push('…');
                return out;
            }
            seen += 1;
        }
        out.push_str(text);
        count += seen;
        if count > 0 && count < max {
            out.push(' ');
            count += 1;
        }
    }
    out.trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::excerpt;

    #[test]
    fn excerpts_cut_at_characters() {
        assert_eq!(excerpt(["中国将坚定做世界的和平力量"].into_iter(), 4), "中国将坚…");
        assert_eq!(excerpt(["short"].into_iter(), 40), "short");
        assert_eq!(excerpt(["ab", "cd"].into_iter(), 4), "ab c…");
        assert_eq!(excerpt(["abc", "de"].into_iter(), 3), "abc…");
    }
}

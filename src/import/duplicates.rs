//! Text printed twice or three times on a page (the copies broken into paragraphs
//! differently), found sentence by sentence and dropped, each drop reported.

use std::collections::HashMap;

use super::detect::{self, is_closer, Script};
use super::repair::{preview, Para, Repair};

/// A sentence of a paragraph, after its speaker's label if it has one.
struct Piece<'a> {
    para: usize,
    text: &'a str,
    /// The name in its paragraph's label, if the paragraph starts with one.
    speaker: Option<&'a str>,
}

/// A paragraph's speaker label as written (`王毅：`, `Mr. MEEKS. `), if it starts with
/// one, with the name in it, and the rest: the label is no sentence, and stays with
/// its paragraph.
fn label_and_rest(script: Script, text: &str) -> (&str, Option<&str>, &str) {
    match detect::split_label(script, text) {
        // The space after `Wang Yi:` is the label's, so that the turn is written again as it was.
        Some((name, rest)) => {
            let rest = rest.trim_start();
            (&text[..text.len() - rest.len()], Some(name), rest)
        }
        None => ("", None, text),
    }
}

/// Whether a run of sentences seen before, from `first` on, is someone speaking them
/// rather than a reprint: in a paragraph that starts with a speaker's label, one
/// sentence ("Thank you, Mr. Chairman.", "I yield back."), or sentences another
/// speaker said first; and one question, since reporters ask the same again and again
/// ("What is China's comment?"), in a paragraph of its own where a copy sets each
/// sentence apart. A reprint comes as a block, and with the label it had, if any.
fn spoken(first: &Piece, run_len: usize, original: &Piece) -> bool {
    let other_speaker = original.speaker.is_some_and(|o| Some(o) != first.speaker);
    let asked_again = run_len == 1 && first.text.trim_end_matches(is_closer).ends_with(['?', '？']);
    asked_again || first.speaker.is_some() && (run_len == 1 || other_speaker)
}

/// Where the run of sentences seen before that starts at `i` ends: at a sentence not
/// seen, or at a turn's start (what one speaker ends with and the next begins with are
/// each judged on their own).
fn run_end(pieces: &[Piece], seen_before: &[Option<usize>], i: usize) -> usize {
    let opens_turn = |k: usize| pieces[k].speaker.is_some() && pieces[k - 1].para != pieces[k].para;
    let end = (i..pieces.len()).find(|&k| seen_before[k].is_none() || (k > i && opens_turn(k)));
    end.unwrap_or(pieces.len())
}

/// Sentences of a text, each with the closing quotes that follow its end mark.
pub fn sentences(script: Script, text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if !script.is_terminal(c) {
            continue;
        }
        let mut end = i + c.len_utf8();
        while let Some(&(j, next)) = chars.peek() {
            if is_closer(next) || script.is_terminal(next) {
                end = j + next.len_utf8();
                chars.next();
            } else {
                break;
            }
        }
        let at_break = script == Script::Chinese || ends_english_sentence(&text[start..i], &text[end..]);
        if at_break {
            out.push(text[start..end].trim());
            start = end;
        }
    }
    if !text[start..].trim().is_empty() {
        out.push(text[start..].trim());
    }
    out
}

/// Whether a full stop (or ! or ?) ends an English sentence: it must be followed by a
/// space and a capital, digit or quote, and not close an abbreviation ("U.S.", "Mr.").
fn ends_english_sentence(before: &str, after: &str) -> bool {
    if after.is_empty() {
        return true;
    }
    let next = after.trim_start().chars().next();
    let spaced = after.starts_with(char::is_whitespace);
    let starts_sentence =
        next.is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || matches!(c, '"' | '“' | '(' | '\''));
    let word = before.rsplit(|c: char| c.is_whitespace()).next().unwrap_or("");
    let last_part = word.rsplit('.').next().unwrap_or(word);
    let abbreviation = last_part.chars().count() == 1 && last_part.chars().all(char::is_uppercase)
        || matches!(word, "Mr" | "Mrs" | "Ms" | "Dr" | "St" | "No" | "Jr" | "Sr" | "vs" | "e.g" | "i.e" | "etc");
    spaced && starts_sentence && !abbreviation
}

/// For each sentence, the first earlier one that says the same, if any (the halves a
/// page break split and that were joined count as said where they were joined).
fn seen_before(script: Script, paras: &[Para], pieces: &[Piece]) -> Vec<Option<usize>> {
    // A copy may lose or gain a speaker label at its start: compare what is said.
    let key = |s: &str| {
        let said = detect::split_label(script, s).map_or(s, |(_, rest)| rest);
        said.chars().filter(|c| !c.is_whitespace()).collect::<String>()
    };
    let mut first_seen: HashMap<String, usize> = HashMap::new();
    let mut seen_before = vec![None; pieces.len()];
    for (i, piece) in pieces.iter().enumerate() {
        if i == 0 || pieces[i - 1].para != piece.para {
            for half in &paras[piece.para].halves {
                first_seen.entry(key(half)).or_insert(i);
            }
        }
        match first_seen.get(&key(piece.text)) {
            Some(&first) => seen_before[i] = Some(first),
            None => {
                first_seen.insert(key(piece.text), i);
            }
        }
    }
    seen_before
}

/// Text printed a second time: runs of sentences already seen, dropped from the later
/// copy. Runs after `join_splits`, so a sentence split by a page break is compared
/// whole, and its halves too. A lone short sentence said twice ("谢谢。") is left alone: people repeat those.
pub fn drop_duplicates(script: Script, paras: Vec<Para>) -> (Vec<Para>, Vec<Repair>) {
    let pieces: Vec<Piece> = paras
        .iter()
        .enumerate()
        .flat_map(|(para, p)| {
            let (_, speaker, rest) = label_and_rest(script, &p.text);
            sentences(script, rest).into_iter().map(move |text| Piece { para, text, speaker })
        })
        .collect();
    let seen_before = seen_before(script, &paras, &pieces);
    let mut dropped = vec![false; pieces.len()];
    let mut repairs = Vec::new();
    let mut i = 0;
    while i < pieces.len() {
        let Some(original) = seen_before[i] else {
            i += 1;
            continue;
        };
        let end = run_end(&pieces, &seen_before, i);
        let run = &pieces[i..end];
        // What is said, counted without the speaker's label: `MODERATOR: Thank you.`
        // after someone's `Thank you.` is a short sentence said twice.
        let said =
            |p: &Piece| detect::split_label(script, p.text).map_or(p.text, |(_, rest)| rest.trim()).chars().count();
        let chars: usize = run.iter().map(said).sum();
        // One sentence said again after new words of the same paragraph ("…; I yield
        // back the balance of my time.") ends what a speaker says; a reprint at a
        // page's top starts its paragraph.
        let mid_paragraph = run.len() == 1 && i > 0 && pieces[i - 1].para == run[0].para && !dropped[i - 1];
        if (run.len() >= 2 || chars >= 15) && !mid_paragraph && !spoken(&run[0], run.len(), &pieces[original]) {
            dropped[i..end].iter_mut().for_each(|d| *d = true);
            repairs.push(Repair::Duplicate {
                first: paras[run[0].para].first,
                last: paras[run[run.len() - 1].para].last,
                original: paras[pieces[original].para].first,
                preview: preview(run[0].text),
            });
        }
        i = end;
    }
    // Pieces come in the order of their paragraphs: each paragraph's are one run.
    let mut texts: Vec<Vec<&str>> = vec![Vec::new(); paras.len()];
    for (piece, _) in pieces.iter().zip(&dropped).filter(|(_, d)| !**d) {
        texts[piece.para].push(piece.text);
    }
    let joiner = if script == Script::Chinese { "" } else { " " };
    let kept = paras
        .iter()
        .zip(texts)
        .filter(|(_, texts)| !texts.is_empty())
        .map(|(para, texts)| {
            let (label, _, _) = label_and_rest(script, &para.text);
            Para { text: format!("{label}{}", texts.join(joiner)), ..para.clone() }
        })
        .collect();
    (kept, repairs)
}

//! Related sections carried over from the previous build (`serve`, after an edit).

use std::collections::HashMap;

use super::Related;
use crate::archive::{Archive, SectionRef, Transcript};

/// Takes every section's related sections from `previous` (a build of the same archive
/// a moment ago), matching sections by transcript path and section id: what `serve`
/// does after an edit, rather than recompute them all. A section new since then gets
/// none until the next full build.
pub(super) fn carry_over(archive: &Archive, previous: &Archive, previous_related: &Related) -> Related {
    let (now, before) = (by_path(&archive.transcripts), by_path(&previous.transcripts));
    // Where each section of the previous build is now, if it still exists.
    let moved: Vec<Vec<Option<SectionRef>>> = previous
        .transcripts
        .iter()
        .map(|old| {
            let here = now.get(old.path.as_str()).map(|&t| (t, &archive.transcripts[t].section_ids));
            let at = |(s, id)| here.and_then(|(t, ids)| Some(SectionRef { transcript: t, section: find(ids, s, id)? }));
            old.section_ids.iter().enumerate().map(at).collect()
        })
        .collect();
    let carried = |t: &Transcript| {
        let old = before.get(t.path.as_str()).copied();
        let related_of = |(s, id)| -> Vec<SectionRef> {
            let Some((old, s)) = old.and_then(|old| Some((old, find(&previous.transcripts[old].section_ids, s, id)?)))
            else {
                return Vec::new();
            };
            previous_related[old][s].iter().filter_map(|r| moved[r.transcript][r.section]).collect()
        };
        t.section_ids.iter().enumerate().map(related_of).collect()
    };
    archive.transcripts.iter().map(carried).collect()
}

fn by_path(transcripts: &[Transcript]) -> HashMap<&str, usize> {
    transcripts.iter().enumerate().map(|(i, t)| (t.path.as_str(), i)).collect()
}

/// Where section `id` is among `ids`, most often at the same place as before (`hint`).
fn find(ids: &[crate::markdown::SectionId], hint: usize, id: &crate::markdown::SectionId) -> Option<usize> {
    if ids.get(hint) == Some(id) {
        return Some(hint);
    }
    ids.iter().position(|x| x == id)
}

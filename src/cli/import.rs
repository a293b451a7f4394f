//! `diptych import`: raw transcripts into source files, each repair said, a file
//! written only where none is.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::say::Say;
use crate::diagnostic::{Error, ErrorKind, Location};
use crate::import::{Imported, Repair, Transcript};

#[derive(clap::Args)]
pub(super) struct ImportArgs {
    /// The raw transcripts (`-` reads standard input).
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Their language: zh or en; or both, `zh,en`, for a text in both languages
    /// (each paragraph in one of them), which makes a transcript in each.
    #[arg(long)]
    lang: String,
    /// The date (YYYY-MM-DD), when the text names no year.
    #[arg(long, value_parser = super::parse_date)]
    date: Option<chrono::NaiveDate>,
    /// Write the one transcript here instead of to standard output.
    #[arg(short, long, conflicts_with = "output_dir")]
    output: Option<PathBuf>,
    /// Write each transcript into DIR as NAME.LANG.md (NAME from its input file).
    #[arg(long, value_name = "DIR")]
    output_dir: Option<PathBuf>,
    /// Take the section ids, by position, from this translation (a source file), so
    /// that this import pairs with it at once.
    #[arg(long, value_name = "OTHER.md")]
    ids_from: Option<PathBuf>,
    /// The encoding the raw texts are in (gb18030, big5, utf-16le…), if import does not
    /// find it by itself.
    #[arg(long, value_name = "NAME", value_parser = crate::import::encoding::named)]
    encoding: Option<&'static encoding_rs::Encoding>,
    /// Replace files that exist already.
    #[arg(long)]
    force: bool,
    /// Print what was found (sections, turns, repairs) and write nothing.
    #[arg(long)]
    dry_run: bool,
}

/// `diptych import`: each file in turn; the exit code is a failure if any failed.
pub(super) fn import(args: &ImportArgs, say: Say) -> ExitCode {
    if args.output.is_some() && args.files.len() > 1 {
        eprintln!("error: --output names one file, but {} inputs were given; use --output-dir DIR", args.files.len());
        return ExitCode::FAILURE;
    }
    let failed = args.files.iter().filter(|file| import_one(file, args, say).is_err()).count();
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Imports one raw transcript (or, with two languages, a bilingual one into a
/// transcript in each), saying on standard error what went wrong and what was repaired.
fn import_one(file: &Path, args: &ImportArgs, say: Say) -> Result<(), ()> {
    let report = |e: &Error| say.error(e);
    let shown = if file == Path::new("-") { Path::new("(standard input)") } else { file };
    let langs: Vec<&str> = args.lang.split(',').map(str::trim).collect();
    let imported = read(file, shown, &langs, args).map_err(|e| report(&e))?;
    // Where to write is checked before any repair is said: none said for nothing.
    let targets = match args.dry_run {
        true => None,
        false => import_targets(file, args, &langs).map_err(|e| report(&e))?,
    };
    let name = shown.display().to_string();
    for (lang, imported) in imported.iter().filter(|_| !say.quiet) {
        let which = if langs.len() > 1 { format!(" ({lang})") } else { String::new() };
        for repair in &imported.repairs {
            eprintln!("{}:{}: repair{which}: {repair}", crate::diagnostic::printable(&name), repair.line());
        }
    }
    if args.dry_run {
        for (lang, imported) in &imported {
            if langs.len() > 1 {
                println!("[{lang}]");
            }
            print!("{}", imported.transcript.outline());
            println!("repairs:  {}", imported.repairs.len());
        }
        return Ok(());
    }
    if let [(a, x), (b, y)] = &imported[..] {
        let (x, y) = (x.transcript.sections.len(), y.transcript.sections.len());
        if x != y {
            say.info(&format!("warning: the {a} transcript has {x} sections and the {b} one {y}: sections pair by their ids, so check the headings of both"));
        }
    }
    let transcripts: Vec<(&str, &Transcript)> = imported.iter().map(|(lang, i)| (*lang, &i.transcript)).collect();
    write(targets, args, &transcripts, say).map_err(|e| report(&e))
}

/// The transcripts a raw text makes, one for each of `langs`, each with its repairs
/// (the encoding or document it was read from among them) and the ids `--ids-from` gives.
fn read<'a>(
    file: &Path,
    shown: &Path,
    langs: &[&'a str],
    args: &ImportArgs,
) -> Result<Vec<(&'a str, Imported)>, Error> {
    let (text, encoding) = read_raw(file, shown, args.encoding)?;
    let mut imported = match *langs {
        [lang] => vec![(lang, crate::import::import(shown, &text, lang, args.date)?)],
        [a, b] => {
            let [x, y] = crate::import::import_both(shown, &text, [a, b], args.date)?;
            vec![(a, x), (b, y)]
        }
        _ => return Err(Error::nowhere(ErrorKind::ImportLanguages)),
    };
    for (_, imported) in &mut imported {
        if let Some(encoding) = encoding {
            let repair = match encoding {
                crate::import::docx::FORMAT => Repair::Document { format: encoding },
                _ => Repair::Encoding { encoding },
            };
            imported.repairs.insert(0, repair);
        }
        if let Some(other) = &args.ids_from {
            crate::import::take_ids(&mut imported.transcript, other)?;
        }
    }
    Ok(imported)
}

/// Writes the transcripts where `--output` or `--output-dir` says (one transcript goes
/// to standard output without either), none where any of their files exists already.
fn write(
    targets: Option<Vec<PathBuf>>,
    args: &ImportArgs,
    transcripts: &[(&str, &Transcript)],
    say: Say,
) -> Result<(), Error> {
    let Some(targets) = targets else {
        let (lang, transcript) = transcripts[0];
        print!("{}", transcript.to_markdown(lang));
        return Ok(());
    };
    if let Some(there) = targets.iter().find(|t| !args.force && std::fs::symlink_metadata(t).is_ok()) {
        return Err(Error::nowhere(ErrorKind::ImportWouldOverwrite { path: there.clone() }));
    }
    for ((lang, transcript), target) in transcripts.iter().zip(&targets) {
        crate::import::write(target, &transcript.to_markdown(lang), args.force)?;
        say.info(&format!("wrote {}", target.display()));
    }
    Ok(())
}

/// Where an import writes its transcript, one for each of `langs`: nowhere for one to
/// standard output. With two languages, `--output` names either file (`NAME.zh.md`)
/// and the other goes beside it.
fn import_targets(file: &Path, args: &ImportArgs, langs: &[&str]) -> Result<Option<Vec<PathBuf>>, Error> {
    let stem = file.file_stem().filter(|_| file != Path::new("-")).map(|s| s.to_string_lossy().into_owned());
    let stem = stem.unwrap_or_else(|| "transcript".into());
    match (&args.output, &args.output_dir, langs) {
        (Some(path), _, [_]) => Ok(Some(vec![path.clone()])),
        (Some(path), _, _) => {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let base = langs.iter().find_map(|lang| name.strip_suffix(&format!(".{lang}.md")));
            let base = base.ok_or_else(|| {
                let wanted = format!("NAME.{}.md", langs[0]);
                Error::nowhere(ErrorKind::ImportOutputNames { given: path.clone(), wanted })
            })?;
            Ok(Some(langs.iter().map(|lang| path.with_file_name(format!("{base}.{lang}.md"))).collect()))
        }
        (None, Some(dir), _) => Ok(Some(langs.iter().map(|lang| dir.join(format!("{stem}.{lang}.md"))).collect())),
        (None, None, [_]) => Ok(None),
        (None, None, _) => Err(Error::nowhere(ErrorKind::ImportTwoOutputs)),
    }
}

/// The raw text of `file` (standard input for `-`), in the encoding it is in (`asked`,
/// or found), with that encoding's name if it is not UTF-8; or an error at the first
/// character that is not text (one read with replacement characters would be silently
/// changed).
fn read_raw(
    file: &Path,
    shown: &Path,
    asked: Option<&'static encoding_rs::Encoding>,
) -> Result<(String, Option<&'static str>), Error> {
    let bytes = if file == Path::new("-") {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes).map(|_| bytes)
    } else {
        std::fs::read(file)
    };
    let bytes = bytes.map_err(|e| Error::new(Location::file(shown), ErrorKind::Unreadable(e)))?;
    crate::import::encoding::decode(shown, &bytes, asked)
}

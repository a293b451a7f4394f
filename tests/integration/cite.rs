//! Citations: every transcript and section page says how to cite it, carries
//! `citation_*` meta tags and schema.org JSON-LD, and links files in BibTeX, RIS and
//! CSL-JSON that parse, in every language of the transcript.

use crate::support::*;

fn attr<'a>(tag: &'a str, name: &str) -> &'a str {
    tag.split(&format!("{name}=\"")).nth(1).unwrap().split('"').next().unwrap()
}

/// The page's `<meta name="citation_…">` tags, as (name, content).
fn citation_meta(page: &str) -> Vec<(String, String)> {
    page.split("<meta name=\"citation_")
        .skip(1)
        .map(|t| (format!("citation_{}", t.split('"').next().unwrap()), attr(t, "content").to_string()))
        .collect()
}

fn json_ld(page: &str) -> serde_json::Value {
    let script =
        page.split(r#"<script type="application/ld+json">"#).nth(1).expect("JSON-LD").split("</script>").next();
    serde_json::from_str(script.unwrap()).expect("JSON-LD is JSON")
}

#[test]
fn every_transcript_and_section_page_can_be_cited() {
    let site = TestSite::example();
    site.build_ok();
    let path = "2024/0307-wang-yi-press-conference";
    for lang in ["zh", "en"] {
        let transcript = site.page(&format!("{lang}/{path}/"));
        let section = site.page(&format!("{lang}/{path}/belt-and-road/"));
        for page in [&transcript, &section] {
            let meta = citation_meta(page);
            let names: Vec<&str> = meta.iter().map(|(n, _)| n.as_str()).collect();
            for required in ["citation_title", "citation_author", "citation_publication_date", "citation_public_url"] {
                assert!(names.contains(&required), "{lang}: {required} missing in {meta:?}");
            }
            assert!(meta.contains(&("citation_publication_date".into(), "2024/03/07".into())));
            assert!(page.contains(r#"<section class="cite""#) && page.contains(r#"<p class="cite-line">"#));
            for file in ["cite.bib", "cite.ris", "cite.json"] {
                assert!(page.contains(&format!(r#"href="/archive/{lang}/{path}/{file}" download"#)), "{lang}: {file}");
            }
        }
        let author = if lang == "zh" { "王毅" } else { "Wang Yi" };
        assert!(section.contains(&format!(r#"<meta name="citation_author" content="{author}">"#)));
        assert!(section.contains(r#"<meta name="citation_inbook_title""#), "a section is part of its transcript");

        // The language versions name each other: the default language's is the original.
        let ld = json_ld(&transcript);
        assert_eq!(ld["@type"], "CreativeWork");
        assert_eq!(ld["datePublished"], "2024-03-07");
        let zh_url = format!("https://example.github.io/archive/zh/{path}/");
        let en_url = format!("https://example.github.io/archive/en/{path}/");
        if lang == "zh" {
            assert_eq!(ld["inLanguage"], "zh-Hans");
            assert_eq!(ld["workTranslation"], serde_json::json!([{ "@id": en_url }]));
        } else {
            assert_eq!(ld["translationOfWork"], serde_json::json!({ "@id": zh_url }));
        }
        let ld = json_ld(&section);
        assert_eq!(ld["isPartOf"]["url"], if lang == "zh" { zh_url.clone() } else { en_url.clone() });
    }
}

#[test]
fn the_citation_files_parse_and_hold_the_transcript_and_each_section() {
    let site = TestSite::example();
    site.build_ok();
    let folder = site.public().join("en/2024/0307-wang-yi-press-conference");
    let sections = 8;

    let bib = std::fs::read_to_string(folder.join("cite.bib")).unwrap();
    let bibliography = biblatex::Bibliography::parse(&bib).expect("BibTeX that parses");
    assert_eq!(bibliography.len(), 1 + sections);
    let entry = bibliography.get("en-2024-0307-wang-yi-press-conference").expect("the transcript's entry");
    assert_eq!(entry.entry_type, biblatex::EntryType::Misc);
    let text = |field: &str| -> String {
        let chunks = entry.get(field).unwrap_or_else(|| panic!("no {field}"));
        chunks
            .iter()
            .map(|c| match &c.v {
                biblatex::Chunk::Normal(s) | biblatex::Chunk::Verbatim(s) => s.clone(),
                other => format!("{other:?}"),
            })
            .collect()
    };
    assert_eq!(text("author"), "Wang Yi");
    assert_eq!(text("url"), "https://example.github.io/archive/en/2024/0307-wang-yi-press-conference/");
    assert!(bibliography.get("en-2024-0307-wang-yi-press-conference-belt-and-road").is_some());

    // RIS: every line `XX  - value`, every record from TY to ER.
    let ris = std::fs::read_to_string(folder.join("cite.ris")).unwrap();
    let mut open = false;
    let mut records = 0;
    for line in ris.lines() {
        let (tag, _) = line.split_once("  - ").unwrap_or_else(|| panic!("not an RIS line: {line:?}"));
        assert!(tag.len() == 2 && tag.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()), "{line}");
        match tag {
            "TY" => {
                assert!(!open, "a record inside a record");
                open = true;
            }
            "ER" => {
                assert!(open);
                open = false;
                records += 1;
            }
            _ => assert!(open, "{line} outside a record"),
        }
    }
    assert_eq!(records, 1 + sections);
    assert!(ris.contains("AU  - Wang Yi\n") && ris.contains("DA  - 2024/03/07\n"));

    let csl: Vec<serde_json::Value> =
        serde_json::from_slice(&std::fs::read(folder.join("cite.json")).unwrap()).expect("CSL-JSON");
    assert_eq!(csl.len(), 1 + sections);
    for item in &csl {
        for key in ["id", "type", "title", "issued", "URL"] {
            assert!(item.get(key).is_some(), "{key} missing in {item}");
        }
        assert_eq!(item["issued"]["date-parts"], serde_json::json!([[2024, 3, 7]]));
        assert_eq!(item["author"], serde_json::json!([{ "literal": "Wang Yi" }]));
    }
}

use super::*;

#[test]
fn base_url_is_a_web_address_with_every_character_encoded() {
    let ok = |given: &str| web_address(given).unwrap_or_else(|why| panic!("{given}: {why}"));
    assert_eq!(ok("https://example.org/档案 2024/"), "https://example.org/%E6%A1%A3%E6%A1%88%202024/");
    assert_eq!(ok(" http://Example.ORG "), "http://example.org/");
    assert_eq!(ok("https://例子.中国/a"), "https://xn--fsqu00a.xn--fiqs8s/a");
    for bad in ["example.org", "/archive/", "ftp://example.org/", "https://example.org/?a=1", "https://example.org/#x"]
    {
        assert!(web_address(bad).is_err(), "{bad} was accepted");
    }
    assert!(web_address("https://user:secret@example.org/").is_err());
    assert!(web_address("javascript:alert(1)").is_err());
}

#[test]
fn cname_is_a_domain_and_nothing_else() {
    assert_eq!(invalid_domain("archive.example.org"), None);
    for bad in ["https://archive.example.org", "archive.example.org/x", "localhost", "1.2.3.4", "a b.org", "a.org\nb"] {
        assert!(invalid_domain(bad).is_some(), "{bad:?} was accepted");
    }
}

#[test]
fn base_url_path_is_split_off() {
    assert_eq!(
        split_base_url("https://u.github.io/archive"),
        ("https://u.github.io/archive/".into(), "/archive/".into())
    );
    assert_eq!(split_base_url("http://127.0.0.1:8000/"), ("http://127.0.0.1:8000/".into(), "/".into()));
}

#[test]
fn a_language_code_in_capitals_is_one_mistake_said_with_its_fix() {
    let text = "title: { zh: 档案, en: Archive }\nbase_url: https://example.org/\ndefault_language: zh\n\
                languages:\n  zh-Hans: { name: 中文, locale: zh-Hans }\n  en: { name: English, locale: en }\n\
                description: { zh: 说明, en: About }\ntopics:\n  peace: { zh: 和平, en: Peace }\n";
    let errors = from_text(Path::new("."), text, &Overrides::default()).expect_err("refused");
    let said: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    assert_eq!(said.len(), 2, "{said:#?}");
    assert!(said.iter().any(|e| e.ends_with("must start with a letter or digit; write `zh-hans`")), "{said:#?}");
    assert_eq!(said.iter().filter(|e| e.contains("unknown language `zh`")).count(), 1, "{said:#?}");
}

#[test]
fn an_empty_topic_label_or_match_term_is_an_error_at_its_topic() {
    let head = "title: { zh: 档案, en: Archive }\nbase_url: https://example.org/\ndefault_language: zh\n\
                languages:\n  zh: { name: 中文, locale: zh-Hans }\n  en: { name: English, locale: en }\ntopics:\n  \
                war: { zh: 战争, en: War }\n";
    for (topic, what) in [
        ("  peace: { zh: \"\", en: Peace }\n", "an empty label in `zh`"),
        ("  peace: { zh: 和平, en: \"\u{3000}\" }\n", "an empty label in `en`"),
        ("  peace:\n    zh: 和平\n    en: Peace\n    match: { zh: [和平, \"\"] }\n", "an empty `match` term in `zh`"),
        ("  peace:\n    zh: 和平\n    en: Peace\n    match: { en: \" \" }\n", "an empty `match` term in `en`"),
    ] {
        let errors = from_text(Path::new("."), &format!("{head}{topic}"), &Overrides::default()).expect_err(topic);
        let said: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(said.len(), 1, "{said:?}");
        assert!(said[0].starts_with(&format!("site.yaml:9:3: error: topic `peace` has {what}")), "{said:?}");
    }
}

//! What the values of site.yaml that name things outside it must be: the address the
//! site is published at, a custom domain, a language tag.

/// Why `domain` cannot be the custom domain GitHub Pages serves the site at (`cname`,
/// written into the `CNAME` file), if it cannot: a host name, no scheme, path or port.
pub(super) fn invalid_domain(domain: &str) -> Option<String> {
    if domain.contains("://") || domain.contains(['/', ':', '?', '#', '@']) {
        return Some("write the domain alone, such as `archive.example.org`, without `https://` or a path".into());
    }
    match url::Host::parse(domain) {
        Ok(url::Host::Domain(name)) if !name.contains('.') => {
            Some("it must be a full domain such as `archive.example.org`".into())
        }
        Ok(url::Host::Domain(name)) if name != domain.to_ascii_lowercase() => {
            Some(format!("write it as `{name}`, the form a CNAME file holds"))
        }
        Ok(url::Host::Domain(_)) => None,
        Ok(_) => Some("GitHub Pages serves a custom domain, not an IP address".into()),
        Err(e) => Some(format!("it is not a domain name ({e})")),
    }
}

/// Whether `tag` reads as a BCP 47 language tag (`zh-Hans`, `en`, `pt-BR`): what
/// `lang` and `hreflang` attributes hold, so nothing that could close an attribute.
pub(super) fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let first = parts.next().unwrap_or("");
    (2..=8).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// `base_url` as every link and feed will use it: an absolute `http` or `https`
/// address with no query or fragment, spaces and other characters percent-encoded
/// (`https://example.org/档案 2024` → `https://example.org/%E6%A1%A3%E6%A1%88%202024`),
/// a non-ASCII host in punycode. Otherwise why not.
pub(super) fn web_address(given: &str) -> Result<String, String> {
    let url = url::Url::parse(given.trim()).map_err(|e| match e {
        url::ParseError::RelativeUrlWithoutBase => {
            "it is not a full address (it needs `https://` and a host)".to_string()
        }
        other => format!("it cannot be read as an address ({other})"),
    })?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!(
            "it starts with `{}:`, but a site is published at an `https://` (or `http://`) address",
            url.scheme()
        ));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err("it names no host".to_string());
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err("it has a `?` query or a `#` fragment, which every link would carry".to_string());
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("it holds a user name or password, which every page would publish".to_string());
    }
    Ok(url.to_string())
}

/// `https://user.github.io/archive` → (`https://user.github.io/archive/`, `/archive/`).
pub fn split_base_url(url: &str) -> (String, String) {
    let url = format!("{}/", url.trim_end_matches('/'));
    let after_scheme = url.split_once("://").map_or(url.as_str(), |(_, rest)| rest);
    let path = after_scheme.find('/').map_or("/", |i| &after_scheme[i..]);
    (url.clone(), path.to_string())
}

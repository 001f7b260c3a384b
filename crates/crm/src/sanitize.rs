//! CRM HTML made safe to show: note bodies are sanitised when read, and turned into plain
//! text for previews.

use std::collections::HashSet;
use std::sync::LazyLock;

/// Tags kept in note bodies: basic formatting, lists, links, tables.
const ALLOWED_TAGS: &[&str] = &[
    "a",
    "b",
    "blockquote",
    "br",
    "code",
    "div",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "span",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
];

static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    builder
        .tags(ALLOWED_TAGS.iter().copied().collect::<HashSet<_>>())
        .clean_content_tags(["script", "style"].into_iter().collect())
        .generic_attributes(HashSet::new())
        .tag_attributes(
            [("a", ["href"].into_iter().collect::<HashSet<_>>())]
                .into_iter()
                .collect(),
        )
        .url_schemes(["http", "https", "mailto", "tel"].into_iter().collect())
        .link_rel(Some("noopener noreferrer"));
    builder
});

/// Sanitises CRM HTML: keeps basic formatting, drops scripts, styles, event handlers,
/// inline styles and dangerous URLs.
pub fn sanitize_html(html: &str) -> String {
    CLEANER.clean(html).to_string()
}

/// Plain text of (already sanitised or raw) HTML: tags removed, block ends become line
/// breaks, common entities decoded, blank runs collapsed.
pub fn plain_text(html: &str) -> String {
    let safe = sanitize_html(html);
    let mut out = String::with_capacity(safe.len());
    let mut rest = safe.as_str();
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let Some(end) = rest[start..].find('>') else {
            rest = "";
            break;
        };
        let tag = rest[start + 1..start + end]
            .trim_start_matches('/')
            .split(|c: char| c.is_whitespace() || c == '/')
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        if matches!(
            tag.as_str(),
            "br" | "p"
                | "div"
                | "li"
                | "tr"
                | "h1"
                | "h2"
                | "h3"
                | "h4"
                | "h5"
                | "h6"
                | "hr"
                | "blockquote"
                | "pre"
        ) {
            out.push('\n');
        }
        rest = &rest[start + end + 1..];
    }
    out.push_str(rest);
    let decoded = decode_entities(&out);
    let lines: Vec<&str> = decoded
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect();
    lines.join("\n")
}

fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp..];
        let Some(semi) = after.find(';').filter(|&i| i <= 10) else {
            out.push('&');
            rest = &after[1..];
            continue;
        };
        let entity = &after[1..semi];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" | "#39" => Some('\''),
            "nbsp" => Some(' '),
            _ => entity
                .strip_prefix("#x")
                .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &after[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_formatting_and_strips_scripts_styles_and_handlers() {
        let html = r#"<p onclick="steal()">Hello <b>Anna</b><script>alert(1)</script></p>
<style>p{}</style><a href="javascript:alert(1)">x</a><a href="https://acme.example">site</a>
<img src=x onerror=alert(1)><ul><li style="color:red">one</li></ul>"#;
        let clean = sanitize_html(html);
        assert!(clean.contains("<p>Hello <b>Anna</b></p>"), "{clean}");
        assert!(
            !clean.contains("script") && !clean.contains("alert"),
            "{clean}"
        );
        assert!(
            !clean.contains("style") && !clean.contains("onclick"),
            "{clean}"
        );
        assert!(!clean.contains("<img"), "{clean}");
        assert!(clean.contains(r#"href="https://acme.example""#), "{clean}");
        assert!(clean.contains("<li>one</li>"), "{clean}");
    }

    #[test]
    fn plain_text_breaks_blocks_and_decodes_entities() {
        let text = plain_text(
            "<p>Pricing &amp; terms</p><p>Next:<br>send&nbsp;quote</p><script>x</script>",
        );
        assert_eq!(text, "Pricing & terms\nNext:\nsend quote");
        assert_eq!(
            plain_text("a &lt;b&gt; &#20320;&#x597D; & c"),
            "a <b> 你好 & c"
        );
    }
}

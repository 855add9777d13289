//! Reading the XML answers of the AWS query protocol (STS, IAM): every element's text by
//! its path of local names, such as `AssumeRoleResult/Credentials/AccessKeyId`.

use quick_xml::events::Event;
use quick_xml::reader::Reader;

/// The most bytes of element paths one document may hold: an STS answer holds under a KiB.
/// Without a bound, a hostile answer of deeply nested elements around many short ones makes
/// paths of quadratic total size (gigabytes from the 1 MiB body an answer may have).
const PATHS_LIMIT: usize = 1 << 20;

/// The text elements of an XML document, by path (without the root element), in order.
#[derive(Debug, Default)]
pub struct Fields(Vec<(String, String)>);

impl Fields {
    /// Parses a document; `None` when it is not well-formed XML, or when its text
    /// elements' paths together exceed [`PATHS_LIMIT`] bytes (no AWS answer does).
    pub fn parse(text: &str) -> Option<Fields> {
        let mut reader = Reader::from_str(text);
        let mut path: Vec<String> = Vec::new();
        let mut path_bytes = 0usize;
        let mut fields = Vec::new();
        let mut current = String::new();
        loop {
            match reader.read_event().ok()? {
                Event::Start(start) => {
                    let name = String::from_utf8_lossy(start.local_name().as_ref()).into_owned();
                    path.push(name);
                    current.clear();
                }
                Event::Text(text) => current.push_str(&text.decode().ok()?),
                Event::CData(data) => current.push_str(&data.decode().ok()?),
                Event::GeneralRef(reference) => {
                    let character = match reference.resolve_char_ref().ok()? {
                        Some(character) => character,
                        None => match reference.decode().ok()?.as_ref() {
                            "amp" => '&',
                            "lt" => '<',
                            "gt" => '>',
                            "quot" => '"',
                            "apos" => '\'',
                            _ => return None,
                        },
                    };
                    current.push(character);
                }
                Event::End(_) => {
                    if path.len() > 1 && !current.is_empty() {
                        path_bytes += path[1..].iter().map(|name| name.len() + 1).sum::<usize>();
                        if path_bytes > PATHS_LIMIT {
                            return None;
                        }
                        fields.push((path[1..].join("/"), std::mem::take(&mut current)));
                    }
                    current.clear();
                    path.pop()?;
                }
                Event::Eof => break,
                _ => {}
            }
        }
        path.is_empty().then_some(Fields(fields))
    }

    /// The text at `path`, if present.
    pub fn get(&self, path: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, v)| v.trim())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_entities() {
        let fields = Fields::parse(
            r#"<?xml version="1.0"?>
<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <Credentials><AccessKeyId>ASIA1</AccessKeyId>
      <SecretAccessKey>a&amp;b&#47;c</SecretAccessKey></Credentials>
    <AssumedRoleUser><Arn><![CDATA[arn:aws:sts::1:assumed-role/r/s]]></Arn></AssumedRoleUser>
  </AssumeRoleResult>
  <ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata>
</AssumeRoleResponse>"#,
        )
        .unwrap();
        assert_eq!(
            fields.get("AssumeRoleResult/Credentials/AccessKeyId"),
            Some("ASIA1")
        );
        assert_eq!(
            fields.get("AssumeRoleResult/Credentials/SecretAccessKey"),
            Some("a&b/c")
        );
        assert_eq!(
            fields.get("AssumeRoleResult/AssumedRoleUser/Arn"),
            Some("arn:aws:sts::1:assumed-role/r/s")
        );
        assert_eq!(fields.get("ResponseMetadata/RequestId"), Some("r-1"));
        assert_eq!(fields.get("AssumeRoleResult/Credentials"), None);
    }

    #[test]
    fn broken_xml_is_none() {
        assert!(Fields::parse("<a><b>x</a>").is_none());
        assert!(Fields::parse("<a><b>x</b>").is_none());
        assert!(Fields::parse("<a>&bogus;</a>").is_none());
    }

    /// Deep nesting around many short elements would make gigabytes of paths from a body
    /// under the 1 MiB an answer may have; such a document is refused.
    #[test]
    fn nested_paths_are_bounded() {
        let depth = 2000;
        let bomb = format!(
            "<R>{}{}{}</R>",
            "<a>".repeat(depth),
            "<b>x</b>".repeat(50_000),
            "</a>".repeat(depth)
        );
        assert!(bomb.len() < 1 << 20);
        assert!(Fields::parse(&bomb).is_none());
    }
}

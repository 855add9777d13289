//! Legacy boto config files (`~/.boto`, `$BOTO_CONFIG`), read the way Python's configparser
//! (and so botocore) reads them: `[section]`, `key = value` or `key: value`, keys in lower
//! case, `#`/`;` comment lines, indented continuation lines. Pure: no file access.

/// One section of a boto file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BotoSection {
    /// The name between the brackets, as written.
    pub name: String,
    /// 1-based line of the header.
    pub line: usize,
    /// `key` (lower case) and value pairs, in order.
    pub entries: Vec<(String, String)>,
}

impl BotoSection {
    /// The profile whose keys this section holds: the file's own profile for
    /// `[Credentials]` (`file_profile`), NAME for `[profile NAME]`, none for the sections
    /// that hold boto settings (`[Boto]`, `[s3]`, ...).
    pub fn profile(&self, file_profile: &str) -> Option<String> {
        if self.name == "Credentials" {
            return Some(file_profile.to_string());
        }
        Some(self.name.strip_prefix("profile ")?.trim().to_string())
    }

    /// The last value of a key (case-insensitive).
    pub fn get(&self, key: &str) -> Option<&str> {
        self.entries
            .iter()
            .rev()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.as_str())
    }
}

/// Parses a boto file. Lines configparser would reject are skipped.
pub fn parse(text: &str) -> Vec<BotoSection> {
    read(text).sections
}

/// A boto file's sections, and the lines that could not be read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BotoFile {
    /// The sections, in file order.
    pub sections: Vec<BotoSection>,
    /// 1-based numbers of the lines configparser would reject (no `=` or `:`, or a
    /// property before the first section), which were skipped.
    pub unreadable_lines: Vec<usize>,
}

/// Parses a boto file, keeping the numbers of the lines it skips.
pub fn read(text: &str) -> BotoFile {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut unreadable_lines = Vec::new();
    let mut sections: Vec<BotoSection> = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with(['#', ';']) {
            continue;
        }
        if raw.starts_with([' ', '\t']) {
            if let Some((_, value)) = sections.last_mut().and_then(|s| s.entries.last_mut()) {
                value.push('\n');
                value.push_str(trimmed);
            }
            continue;
        }
        if let Some(name) = trimmed.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
            sections.push(BotoSection {
                name: name.to_string(),
                line: index + 1,
                entries: Vec::new(),
            });
            continue;
        }
        let Some(split) = trimmed.find(['=', ':']) else {
            unreadable_lines.push(index + 1);
            continue;
        };
        let Some(section) = sections.last_mut() else {
            unreadable_lines.push(index + 1);
            continue;
        };
        let key = trimmed[..split].trim().to_ascii_lowercase();
        let value = trimmed[split + 1..].trim().to_string();
        section.entries.push((key, value));
    }
    BotoFile {
        sections,
        unreadable_lines,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_colons_case_and_comments() {
        let sections = parse(
            "# boto\n[Credentials]\nAWS_ACCESS_KEY_ID: AKIAX\naws_secret_access_key = s\n\n[Boto]\ndebug = 0\n",
        );
        assert_eq!(sections.len(), 2);
        assert_eq!(sections[0].name, "Credentials");
        assert_eq!(sections[0].get("aws_access_key_id"), Some("AKIAX"));
        assert_eq!(sections[0].get("AWS_SECRET_ACCESS_KEY"), Some("s"));
        assert_eq!(sections[1].line, 6);
        assert_eq!(sections[0].profile("xyz").as_deref(), Some("xyz"));
        assert_eq!(sections[1].profile("xyz"), None);
        let named = parse("[profile  razor ]\n");
        assert_eq!(named[0].profile("xyz").as_deref(), Some("razor"));
        let broken = read("stray = 1\n[Credentials]\nno separator\nkey = v\n");
        assert_eq!(broken.unreadable_lines, [1, 3]);
    }
}

//! Profile-level edits of one document, shared by the commands that write: set keys in a
//! profile's section (creating it when missing), remove keys, rename a profile, and
//! repoint `source_profile`. Pure: the store does the I/O.

use crate::ini::{Document, EditError};
use crate::profiles::{
    FileKind, SectionMeaning, profile_sections, section_meaning, sections_naming,
};

/// Sets `pairs` in the profile's last section of this file, in place where a key exists;
/// appends a section at the end when the profile has none here.
pub fn set_properties(
    document: &mut Document,
    file: FileKind,
    name: &str,
    pairs: &[(&str, &str)],
) -> Result<(), EditError> {
    if pairs.is_empty() {
        return Ok(());
    }
    if profile_sections(document, file, name).is_empty() {
        return document.append_section(&file.header_for(name), pairs);
    }
    for (key, value) in pairs {
        let section = profile_sections(document, file, name)
            .pop()
            .expect("the profile has a section here");
        document.set_property(&section, key, value)?;
    }
    Ok(())
}

/// Removes each key from every section of the profile in this file. Returns whether
/// anything was removed. The sections are scanned once, plus once per removal.
pub fn remove_properties(
    document: &mut Document,
    file: FileKind,
    name: &str,
    keys: &[&str],
) -> bool {
    let mut removed = false;
    loop {
        let found = sections_naming(document, file, name)
            .into_iter()
            .find_map(|(section, _)| {
                let property = document
                    .properties(&section)
                    .find(|p| keys.iter().any(|key| p.key.eq_ignore_ascii_case(key)))?;
                let key = property.key.to_string();
                Some((section, key))
            });
        let Some((section, key)) = found else {
            return removed;
        };
        removed |= document.remove_property(&section, &key);
    }
}

/// Renames every section of profile `old` in this file to `new`. Returns whether any was
/// renamed.
pub fn rename_profile(
    document: &mut Document,
    file: FileKind,
    old: &str,
    new: &str,
) -> Result<bool, EditError> {
    let mut renamed = false;
    while let Some((section, _)) = sections_naming(document, file, old).into_iter().next() {
        document.rename_section(&section, &file.header_for(new))?;
        renamed = true;
    }
    Ok(renamed)
}

/// Points every `source_profile = old` in this file at `new`. Returns how many changed.
pub fn repoint_source_profile(
    document: &mut Document,
    file: FileKind,
    old: &str,
    new: &str,
) -> Result<usize, EditError> {
    let mut changed = 0;
    loop {
        let target = document.sections().into_iter().find(|section| {
            matches!(
                section_meaning(file, document.section_name(section)),
                SectionMeaning::Profile { .. }
            ) && document
                .properties(section)
                .any(|p| p.key.eq_ignore_ascii_case("source_profile") && p.value == old)
        });
        let Some(section) = target else {
            return Ok(changed);
        };
        document.set_property(&section, "source_profile", new)?;
        changed += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_creates_then_edits_in_place() {
        let mut document = Document::parse("# top\n");
        set_properties(&mut document, FileKind::Config, "a", &[("region", "x")]).unwrap();
        set_properties(
            &mut document,
            FileKind::Config,
            "a",
            &[("region", "y"), ("output", "json")],
        )
        .unwrap();
        assert_eq!(
            document.to_string(),
            "# top\n\n[profile a]\nregion = y\noutput = json\n"
        );
    }

    #[test]
    fn rename_and_repoint() {
        let mut document = Document::parse(
            "# about old\n[profile old] # note\nregion = x\n[profile r]\nsource_profile = old\n[profile s]\nsource_profile = older\n",
        );
        assert!(rename_profile(&mut document, FileKind::Config, "old", "new").unwrap());
        assert_eq!(
            repoint_source_profile(&mut document, FileKind::Config, "old", "new").unwrap(),
            1
        );
        assert_eq!(
            document.to_string(),
            "# about old\n[profile new] # note\nregion = x\n[profile r]\nsource_profile = new\n[profile s]\nsource_profile = older\n"
        );
    }

    #[test]
    fn default_headers_follow_the_file() {
        let mut document = Document::parse("[default]\nregion = x\n");
        rename_profile(&mut document, FileKind::Config, "default", "main").unwrap();
        assert_eq!(document.to_string(), "[profile main]\nregion = x\n");
        rename_profile(&mut document, FileKind::Config, "main", "default").unwrap();
        assert_eq!(document.to_string(), "[default]\nregion = x\n");
    }
}

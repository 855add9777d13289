//! The access-key CSV that the IAM console downloads:
//! `Access key ID,Secret access key` (newer) or
//! `User name,Password,Access key ID,Secret access key,Console login link` (older),
//! possibly with a byte-order mark and `\r\n` line endings.

use crate::secret::SecretString;

/// One access key from the CSV.
#[derive(Debug)]
pub struct CsvKey {
    /// The `User name` column, when the file has one.
    pub user_name: Option<String>,
    /// The access key id.
    pub access_key_id: String,
    /// The secret access key.
    pub secret_access_key: SecretString,
}

/// Why a CSV could not be used.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum CsvError {
    /// The header has no access key columns.
    #[error(
        "no `Access key ID` and `Secret access key` columns in the header; \
         is this the access-key CSV from the IAM console?"
    )]
    MissingColumns,
    /// The header is there but no key row.
    #[error("the file has a header but no access key row")]
    NoRows,
    /// A row with fewer cells than the header.
    #[error("row {0} has fewer columns than the header")]
    ShortRow(usize),
}

/// Parses the CSV text into its keys, in order.
pub fn parse(text: &str) -> Result<Vec<CsvKey>, CsvError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut rows = text
        .lines()
        .map(|line| line.trim_end_matches('\r'))
        .filter(|line| !line.trim().is_empty())
        .map(split_row);
    let header = rows.next().ok_or(CsvError::MissingColumns)?;
    let column = |name: &str| {
        header
            .iter()
            .position(|cell| cell.trim().eq_ignore_ascii_case(name))
    };
    let (Some(id_column), Some(secret_column)) =
        (column("Access key ID"), column("Secret access key"))
    else {
        return Err(CsvError::MissingColumns);
    };
    let user_column = column("User name");
    let mut keys = Vec::new();
    for (index, row) in rows.enumerate() {
        let cell = |column: usize| {
            row.get(column)
                .map(|value| value.trim().to_string())
                .ok_or(CsvError::ShortRow(index + 2))
        };
        keys.push(CsvKey {
            user_name: user_column.map(cell).transpose()?,
            access_key_id: cell(id_column)?,
            secret_access_key: SecretString::from(cell(secret_column)?),
        });
    }
    if keys.is_empty() {
        return Err(CsvError::NoRows);
    }
    Ok(keys)
}

/// Splits one CSV line into cells, honouring double quotes (`""` inside quotes is `"`).
fn split_row(line: &str) -> Vec<String> {
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                cell.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => cells.push(std::mem::take(&mut cell)),
            _ => cell.push(c),
        }
    }
    cells.push(cell);
    cells
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::ExposeSecret;

    #[test]
    fn new_format_with_bom_and_crlf() {
        let keys = parse("\u{feff}Access key ID,Secret access key\r\nAKIAX,se/cr+et\r\n").unwrap();
        assert_eq!(keys[0].access_key_id, "AKIAX");
        assert_eq!(keys[0].secret_access_key.expose_secret(), "se/cr+et");
        assert_eq!(keys[0].user_name, None);
    }

    #[test]
    fn old_format_with_user_name_and_quotes() {
        let keys = parse(
            "User name,Password,Access key ID,Secret access key,Console login link\n\
             \"hyde\",,AKIAY,\"s,e\"\"c\",https://example\n",
        )
        .unwrap();
        assert_eq!(keys[0].user_name.as_deref(), Some("hyde"));
        assert_eq!(keys[0].secret_access_key.expose_secret(), "s,e\"c");
    }

    #[test]
    fn errors() {
        assert_eq!(parse("a,b\n1,2\n").unwrap_err(), CsvError::MissingColumns);
        assert_eq!(
            parse("Access key ID,Secret access key\n").unwrap_err(),
            CsvError::NoRows
        );
    }
}

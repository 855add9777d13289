//! Secrets in memory: a type whose `Debug` output is a mask, and the masks shown to users.

pub use secrecy::{ExposeSecret, SecretString};

/// The mask shown instead of a secret value.
pub const SECRET_MASK: &str = "****************";

/// Masks an access key id as `aws configure list` does: sixteen stars and the last four
/// characters (`****************WXYZ`).
pub fn mask_key_id(key_id: &str) -> String {
    let chars: Vec<char> = key_id.chars().collect();
    let tail: String = chars[chars.len().saturating_sub(4)..].iter().collect();
    format!("{SECRET_MASK}{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_ids_keep_last_four() {
        assert_eq!(mask_key_id("AKIAIOSFODNN7EXAMPLE"), "****************MPLE");
        assert_eq!(mask_key_id("ab"), "****************ab");
    }

    #[test]
    fn secret_debug_is_masked() {
        let secret = SecretString::from("wJalrXUtnFEMI/K7MDENG");
        assert!(!format!("{secret:?}").contains("wJalr"));
    }
}

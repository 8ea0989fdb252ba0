//! The API key: a secret that is never printed in full, logged, or sent over plain http off-host.

use std::fmt;

/// Why a key was refused before use.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("the API key is empty")]
    Empty,
    #[error("the API key holds whitespace or control characters; paste it again without them")]
    BadCharacters,
}

/// An API key. `Debug` and `Display` show only a masked form (`ak_…Xb3q`).
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

impl ApiKey {
    /// Accepts any non-empty key made of visible ASCII characters.
    pub fn parse(raw: impl Into<String>) -> Result<Self, KeyError> {
        let raw = raw.into();
        if raw.is_empty() {
            return Err(KeyError::Empty);
        }
        if !raw.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(KeyError::BadCharacters);
        }
        Ok(Self(raw))
    }

    /// The key itself, for the one place that puts it in a header.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// A one-way fingerprint (the first 64 bits of its SHA-256, in hex): tells keys apart in the journal
    /// without holding anything that could be used as the key.
    pub fn fingerprint(&self) -> String {
        use sha2::Digest;
        let digest = sha2::Sha256::digest(self.0.as_bytes());
        digest[..8].iter().map(|b| format!("{b:02x}")).collect()
    }

    /// A form safe to show: the prefix up to the first `_` and the last four characters.
    pub fn masked(&self) -> String {
        let chars: Vec<char> = self.0.chars().collect();
        if chars.len() <= 8 {
            return "…".to_string();
        }
        let prefix: String = match self.0.find('_') {
            Some(i) if i < 6 => self.0[..=i].to_string(),
            _ => String::new(),
        };
        let tail: String = chars[chars.len() - 4..].iter().collect();
        format!("{prefix}…{tail}")
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ApiKey({})", self.masked())
    }
}

impl fmt::Display for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_the_key() {
        let k = ApiKey::parse("ak_1234567890abcdefXb3q").unwrap();
        assert_eq!(k.masked(), "ak_…Xb3q");
        assert_eq!(format!("{k:?}"), "ApiKey(ak_…Xb3q)");
        assert!(!format!("{k} {k:?}").contains("1234567890"));
        assert_eq!(ApiKey::parse("short").unwrap().masked(), "…");
    }

    #[test]
    fn refuses_bad_keys() {
        assert_eq!(ApiKey::parse(""), Err(KeyError::Empty));
        assert_eq!(ApiKey::parse("ak_ab cd"), Err(KeyError::BadCharacters));
        assert_eq!(ApiKey::parse("ak_abcd\n"), Err(KeyError::BadCharacters));
        assert_eq!(ApiKey::parse("ak_ab\u{7f}"), Err(KeyError::BadCharacters));
    }
}

//! Validated identifiers: the only values that may become a URL path segment.
//!
//! Every id is checked at the edge (`CollectionId::parse`), so `../`, `?`, `/`, `%` or spaces can never
//! reach a request: a malformed id is refused before anything is sent.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};

/// Longest id accepted. The documented ids are 12–20 characters; this leaves generous room.
pub const MAX_ID_LEN: usize = 128;

/// Why an id was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error("{kind} is empty")]
    Empty { kind: &'static str },
    #[error("{kind} `{shown}` must start with `{prefix}`")]
    Prefix { kind: &'static str, prefix: &'static str, shown: String },
    #[error("{kind} `{shown}` is only the prefix: an id is `{shown}` followed by letters or digits")]
    PrefixOnly { kind: &'static str, shown: String },
    #[error("{kind} `{shown}` may only hold letters, digits, `_` and `-`")]
    Charset { kind: &'static str, shown: String },
    #[error("{kind} is longer than {MAX_ID_LEN} characters")]
    TooLong { kind: &'static str },
}

/// Checks one id: non-empty, bounded, the right prefix (if any) followed by at least one character, and
/// only `[A-Za-z0-9_-]`.
fn validate(kind: &'static str, prefix: &'static str, raw: &str) -> Result<(), IdError> {
    let shown = || raw.chars().take(40).collect::<String>();
    if raw.is_empty() {
        return Err(IdError::Empty { kind });
    }
    if raw.len() > MAX_ID_LEN {
        return Err(IdError::TooLong { kind });
    }
    if !raw.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-') {
        return Err(IdError::Charset { kind, shown: shown() });
    }
    if !prefix.is_empty() && raw == prefix {
        return Err(IdError::PrefixOnly { kind, shown: shown() });
    }
    if !prefix.is_empty() && !raw.starts_with(prefix) {
        return Err(IdError::Prefix { kind, prefix, shown: shown() });
    }
    Ok(())
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident, $kind:literal, $prefix:literal) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// The prefix every id of this kind starts with (empty when the API has none).
            pub const PREFIX: &'static str = $prefix;

            /// Parses and validates an id.
            pub fn parse(raw: impl Into<String>) -> Result<Self, IdError> {
                let raw = raw.into();
                validate($kind, $prefix, &raw)?;
                Ok(Self(raw))
            }

            /// The id as sent on the wire.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({:?})", stringify!($name), self.0)
            }
        }

        impl std::str::FromStr for $name {
            type Err = IdError;
            fn from_str(s: &str) -> Result<Self, IdError> {
                Self::parse(s)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let raw = String::deserialize(d)?;
                Self::parse(raw).map_err(serde::de::Error::custom)
            }
        }
    };
}

id_type!(
    /// An organization (`org_abc123`); the API documents no fixed prefix, so only the charset is checked.
    OrganizationId, "organization id", ""
);
id_type!(
    /// A collection (`mcoll_…`).
    CollectionId, "collection id", "mcoll_"
);
id_type!(
    /// A track (`mtrack_…`).
    TrackId, "track id", "mtrack_"
);
id_type!(
    /// A library entry (`mlib_…`).
    LibraryEntryId, "library entry id", "mlib_"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_documented_ids() {
        for raw in ["mcoll_4a1f9c7e2b8d", "mcoll_a", "mcoll_x-y_z"] {
            assert_eq!(CollectionId::parse(raw).map(|c| c.to_string()), Ok(raw.to_string()));
        }
        for raw in ["mtrack_8d2e1f6a3c9b", "mtrack_1b9c4e7f2a6d"] {
            assert_eq!(TrackId::parse(raw).map(|t| t.to_string()), Ok(raw.to_string()));
        }
        assert!(OrganizationId::parse("org_abc123").is_ok());
        assert!(OrganizationId::parse("org_demo").is_ok());
        assert!(LibraryEntryId::parse("mlib_1").is_ok());
    }

    #[test]
    fn rejects_malformed_ids() {
        let bad = [
            "",
            "mcoll_",
            "mcoll",
            "mtrack_8d2e1f6a3c9b",
            "mcoll_../x",
            "mcoll_a/b",
            "mcoll_a?b=1",
            "mcoll_a%2F",
            "mcoll_a b",
            "mcoll_a\n",
            "mcoll_ä",
            "MCOLL_abc",
            "../mcoll_abc",
        ];
        for raw in bad {
            assert!(CollectionId::parse(raw).is_err(), "accepted {raw:?}");
        }
        assert!(matches!(CollectionId::parse("mcoll_a/b"), Err(IdError::Charset { .. })));
        assert!(matches!(CollectionId::parse("mtrack_x"), Err(IdError::Prefix { .. })));
        let bare = CollectionId::parse("mcoll_").unwrap_err();
        assert!(matches!(bare, IdError::PrefixOnly { .. }));
        assert_eq!(
            bare.to_string(),
            "collection id `mcoll_` is only the prefix: an id is `mcoll_` followed by letters or digits"
        );
        assert!(matches!(CollectionId::parse(""), Err(IdError::Empty { .. })));
        let long = format!("mcoll_{}", "a".repeat(MAX_ID_LEN));
        assert!(matches!(CollectionId::parse(long), Err(IdError::TooLong { .. })));
        for raw in ["org/../x", "org abc", "org?x", "org%20"] {
            assert!(OrganizationId::parse(raw).is_err(), "accepted {raw:?}");
        }
        assert!(TrackId::parse("mcoll_abc").is_err());
    }

    #[test]
    fn deserializing_validates() {
        let ok: Result<TrackId, _> = serde_json::from_str("\"mtrack_abc\"");
        assert!(ok.is_ok());
        let bad: Result<TrackId, _> = serde_json::from_str("\"mtrack_a/../b\"");
        assert!(bad.is_err());
    }
}

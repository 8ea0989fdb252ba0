//! Wire types of the Music API, shared by the client and the reference server.
//!
//! Nullability follows `shared/docs/music-api.md` exactly: a nullable field is an `Option` that is
//! always present on the wire (as `null`), never skipped.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize};

use super::ids::{CollectionId, LibraryEntryId, TrackId};

/// A collection (§6.1). `track_count` is `null` in list-collections and populated elsewhere.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Collection {
    pub id: CollectionId,
    pub name: String,
    pub description: Option<String>,
    pub cover_track_id: Option<String>,
    pub cover_image_url: Option<String>,
    pub track_count: Option<u64>,
    pub created_at: String,
    pub updated_at: String,
}

/// One page of list-collections (§7.1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CollectionPage {
    pub items: Vec<Collection>,
    pub limit: u32,
    pub offset: u64,
}

/// A track's place in a collection (§6.4): ids only, no title.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Member {
    pub track_id: TrackId,
    pub position: u64,
    pub added_at: String,
}

/// A member's id and position alone (what a whole-order read for undo needs; `added_at` is skipped
/// unread).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct MemberPlace {
    pub track_id: TrackId,
    pub position: u64,
}

/// One page of list-collection-tracks, ids and positions only.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct MemberPlacePage {
    pub items: Vec<MemberPlace>,
}

/// One page of list-collection-tracks (§8.1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemberPage {
    pub collection_id: CollectionId,
    pub items: Vec<Member>,
    pub limit: u32,
    pub offset: u64,
}

/// The longest track title or collection name kept, in characters (the API allows 512 for a name): the
/// client cuts longer ones as they arrive, so a server sending 30,000-character titles cannot take the
/// memory or the cache file with them. Descriptions keep `MAX_DESCRIPTION_CHARS`.
pub const MAX_TITLE_CHARS: usize = 512;
pub const MAX_DESCRIPTION_CHARS: usize = 2_000;

impl Track {
    /// The track with its title cut to `MAX_TITLE_CHARS`.
    pub fn capped(mut self) -> Self {
        self.title = self.title.map(|t| crate::cap_chars(&t, MAX_TITLE_CHARS));
        self
    }
}

impl Collection {
    /// The collection with its name and description cut to their caps.
    pub fn capped(mut self) -> Self {
        if self.name.chars().count() > MAX_TITLE_CHARS {
            self.name = crate::cap_chars(&self.name, MAX_TITLE_CHARS);
        }
        self.description = self.description.map(|d| crate::cap_chars(&d, MAX_DESCRIPTION_CHARS));
        self
    }
}

/// A track (§6.2).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Track {
    pub id: TrackId,
    pub title: Option<String>,
    pub engine: String,
    pub mode: String,
    pub measured_duration_seconds: Option<f64>,
    pub instrumental: bool,
    pub licence_class: String,
    pub created_at: String,
    pub playback_url: Option<String>,
    pub stem_urls: Option<BTreeMap<String, String>>,
}

/// One page of list-tracks, the library (§9.1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrackPage {
    pub items: Vec<Track>,
    pub limit: u32,
    pub offset: u64,
}

/// A library entry, the result of save-track (§6.5).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LibraryEntry {
    pub id: LibraryEntryId,
    pub track_id: TrackId,
    pub source: String,
    pub created_at: String,
    pub saved: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share_link_id: Option<String>,
}

/// The mutation acknowledgement (§6.3): which id `id` carries depends on the endpoint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ack {
    pub success: bool,
    pub id: String,
    pub detail: String,
}

/// The error envelope every Freddy error shares (§3).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorEnvelope {
    pub success: bool,
    pub error: ErrorBody,
}

/// The inside of the error envelope.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub code: String,
    pub message: String,
    #[serde(default)]
    pub system_message: String,
    #[serde(rename = "type", default)]
    pub kind: String,
    pub status: u16,
    #[serde(default)]
    pub details: serde_json::Value,
    #[serde(default)]
    pub trace_id: String,
    #[serde(default)]
    pub timestamp: String,
}

/// Body of create-collection (§7.2).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct NewCollection {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cover_track_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cover_image_url: Option<String>,
}

/// Body of update-collection (§7.4): `None` leaves a field alone, `Some(None)` clears it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CollectionPatch {
    /// Not nullable: `Some(None)` (an explicit null) is refused by the server with 422.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub name: Option<Option<String>>,
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub description: Option<Option<String>>,
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub cover_track_id: Option<Option<String>>,
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub cover_image_url: Option<Option<String>>,
}

/// Tells an explicit `null` (present, `Some(None)`) from a missing field (`None`, via `default`).
fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(d).map(Some)
}

/// Body of add-collection-track (§8.2). A plain string on the wire, so the server can answer an
/// unknown or malformed id with 404 as documented.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AddMember {
    pub track_id: String,
}

/// Body of reorder-collection (§8.4). Unknown ids are ignored by the server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reorder {
    pub ordered_track_ids: Vec<String>,
}

/// The optional filters of list-tracks (§9.1).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TrackFilter {
    pub collection_id: Option<CollectionId>,
    pub mode: Option<String>,
    pub engine: Option<String>,
}

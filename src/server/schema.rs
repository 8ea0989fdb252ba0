//! The database schema and its migrations, tracked in SQLite's `user_version`.

use rusqlite::Connection;

/// Each entry migrates from version `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[
    r#"
CREATE TABLE organizations (id TEXT PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE users (id TEXT PRIMARY KEY, name TEXT NOT NULL, api_key TEXT NOT NULL UNIQUE);
CREATE TABLE memberships (
    user_id TEXT NOT NULL REFERENCES users(id),
    org_id TEXT NOT NULL REFERENCES organizations(id),
    PRIMARY KEY (user_id, org_id)
);
CREATE TABLE tracks (
    id TEXT NOT NULL UNIQUE,
    org_id TEXT NOT NULL,
    creator_id TEXT NOT NULL,
    title TEXT,
    engine TEXT NOT NULL,
    mode TEXT NOT NULL,
    duration REAL,
    instrumental INTEGER NOT NULL,
    licence_class TEXT NOT NULL,
    created_at TEXT NOT NULL,
    deleted_at TEXT
);
CREATE TABLE library (
    id TEXT NOT NULL UNIQUE,
    user_id TEXT NOT NULL,
    track_id TEXT NOT NULL,
    source TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (user_id, track_id)
);
CREATE TABLE collections (
    id TEXT NOT NULL UNIQUE,
    org_id TEXT NOT NULL,
    owner_id TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT,
    cover_track_id TEXT,
    cover_image_url TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
);
CREATE INDEX collections_owner ON collections (owner_id, org_id);
CREATE TABLE members (
    collection_id TEXT NOT NULL,
    track_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    added_at TEXT NOT NULL,
    PRIMARY KEY (collection_id, track_id)
) WITHOUT ROWID;
CREATE INDEX members_position ON members (collection_id, position);
CREATE INDEX library_track ON library (track_id);
"#,
    r#"
-- Positions are derived on read (offset + index in rank order), so they are always 0..n-1 and a
-- removal is one DELETE instead of a rewrite of every later member. Dense positions are valid ranks.
ALTER TABLE members RENAME COLUMN position TO rank;
"#,
    r#"
-- The library list pages newest save first without sorting a whole library.
CREATE INDEX library_user_saved ON library (user_id, created_at);
"#,
    r#"
-- Covering index for member pages: a deep OFFSET walks the index alone, never the table.
DROP INDEX members_position;
CREATE INDEX members_by_rank ON members (collection_id, rank, added_at);
"#,
];

/// Opens the database in WAL mode and brings the schema up to date.
pub fn open(path: &str) -> rusqlite::Result<Connection> {
    let mut conn = Connection::open(path)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    if path != ":memory:" {
        conn.pragma_update(None, "journal_mode", "WAL")?;
    }
    // In WAL mode NORMAL keeps every committed transaction across a crash of the process (kill -9);
    // only a power loss could cost the last commits.
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    migrate(&mut conn)?;
    Ok(conn)
}

fn migrate(conn: &mut Connection) -> rusqlite::Result<()> {
    let version: usize = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(version) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", i + 1)?;
        tx.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_version_1_database_migrates_keeping_its_members() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(MIGRATIONS[0]).unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        conn.execute(
            "INSERT INTO members (collection_id, track_id, position, added_at) VALUES ('mcoll_a', 'mtrack_b', 3, 'x')",
            [],
        )
        .unwrap();
        migrate(&mut conn).unwrap();
        let version: usize = conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
        assert_eq!(version, MIGRATIONS.len());
        let rank: i64 =
            conn.query_row("SELECT rank FROM members WHERE track_id = 'mtrack_b'", [], |r| r.get(0)).unwrap();
        assert_eq!(rank, 3);
        // Migrating again is a no-op.
        migrate(&mut conn).unwrap();
    }
}

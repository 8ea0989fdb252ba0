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
    r#"
-- track_count in O(1): kept with the collection by triggers, in the same transaction as every
-- membership change (an ignored INSERT OR IGNORE fires nothing).
ALTER TABLE collections ADD COLUMN member_count INTEGER NOT NULL DEFAULT 0;
UPDATE collections SET member_count = (SELECT COUNT(*) FROM members m WHERE m.collection_id = collections.id);
CREATE TRIGGER members_count_insert AFTER INSERT ON members BEGIN
  UPDATE collections SET member_count = member_count + 1 WHERE id = NEW.collection_id;
END;
CREATE TRIGGER members_count_delete AFTER DELETE ON members BEGIN
  UPDATE collections SET member_count = member_count - 1 WHERE id = OLD.collection_id;
END;
"#,
    r#"
-- The demo data is written in two parts (the Archive's members in the background, after the server
-- answers): which parts a database holds. A database seeded before this holds both.
CREATE TABLE seed_parts (part TEXT PRIMARY KEY) WITHOUT ROWID;
INSERT INTO seed_parts (part) SELECT 'base' FROM organizations LIMIT 1;
INSERT INTO seed_parts (part) SELECT 'archive' FROM organizations LIMIT 1;
"#,
    r#"
-- Bumped with every change to a collection's members or order (updated_at is to the second): member
-- page cursors are kept per version.
ALTER TABLE collections ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
"#,
    r#"
-- A removal marks its collection changed in the same UPDATE that keeps the count (one row write, not
-- two): version and updated_at (the API's format, to the second) move with member_count.
DROP TRIGGER members_count_delete;
CREATE TRIGGER members_count_delete AFTER DELETE ON members BEGIN
  UPDATE collections SET member_count = member_count - 1, version = version + 1,
    updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
  WHERE id = OLD.collection_id;
END;
"#,
];

/// Statements kept prepared per connection: every statement the server runs fits, so none is parsed
/// twice.
const STATEMENT_CACHE: usize = 64;
/// The writer maps the database file instead of copying its pages in with a system call each.
const MMAP_BYTES: i64 = 256 * 1024 * 1024;

/// What every connection, writer or reader, is set up with: a wait for locks, a statement cache that holds
/// every statement the server runs, and the query planner's stability guarantee. Without that guarantee
/// SQLite plans a `LIMIT ?` with the value bound to it, and every new binding (even of the same value)
/// throws the cached statement away and parses it again: every member page did.
fn prepared(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
    conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true)?;
    Ok(())
}

/// A read connection to a database `open` has prepared (WAL readers never wait for the writer).
/// Creates a missing database file with mode 0600 before SQLite opens it (it holds every API key; SQLite
/// gives its `-wal` and `-shm` files the database file's mode). An existing file is left as it is.
fn create_private(path: &str) {
    if path == ":memory:" || path.starts_with("file:") {
        return;
    }
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
    // Already there, or a directory that does not exist: SQLite's own open says what is wrong.
    let _ = o.open(path);
}

pub(crate) fn open_reader(path: &str) -> rusqlite::Result<Connection> {
    use rusqlite::OpenFlags;
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI,
    )?;
    prepared(&conn)?;
    // Readers do not map the file: a read transaction that finds the log changed since its last one (a
    // write in between, as when pages are read while a bulk removal goes on) drops its whole mapping and
    // faults the pages in again, which cost more than reading the few pages a page of members needs.
    conn.pragma_update(None, "mmap_size", 0)?;
    Ok(conn)
}

/// Opens the database in WAL mode and brings the schema up to date.
pub(crate) fn open(path: &str) -> rusqlite::Result<Connection> {
    create_private(path);
    let mut conn = Connection::open(path)?;
    prepared(&conn)?;
    if path != ":memory:" {
        conn.pragma_update(None, "journal_mode", "WAL")?;
    }
    // In WAL mode NORMAL keeps every committed transaction across a crash of the process (kill -9);
    // only a power loss could cost the last commits.
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    // Checkpoint every 10,000 WAL pages (about 40 MiB) instead of SQLite's 1,000: a checkpoint copies
    // the newest version of each page once, so fewer of them is less work for the same writes (measured:
    // 41 -> 31 µs per single-removal commit). The WAL file is cut back to 64 MiB after each.
    conn.pragma_update(None, "wal_autocheckpoint", 10_000)?;
    conn.pragma_update(None, "journal_size_limit", 64 * 1024 * 1024)?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // The writer maps the file too: the pages a write reads (the members it removes, their index) come
    // from the mapping, not a system call each. Writes still go through the log.
    conn.pragma_update(None, "mmap_size", MMAP_BYTES)?;
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

    #[test]
    fn the_kept_member_count_equals_a_real_count_through_adds_removes_and_ignored_adds() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn).unwrap();
        conn.execute_batch(
            "INSERT INTO organizations VALUES ('org_a', 'A');
             INSERT INTO users VALUES ('u1', 'U', 'ak_1');
             INSERT INTO collections (id, org_id, owner_id, name, created_at, updated_at)
               VALUES ('mcoll_a', 'org_a', 'u1', 'A', 'x', 'x'), ('mcoll_b', 'org_a', 'u1', 'B', 'x', 'x');",
        )
        .unwrap();
        let counts = |conn: &Connection| -> Vec<(i64, i64)> {
            ["mcoll_a", "mcoll_b"]
                .iter()
                .map(|c| {
                    let kept = conn
                        .query_row("SELECT member_count FROM collections WHERE id = ?1", [c], |r| r.get(0))
                        .unwrap();
                    let real = conn
                        .query_row("SELECT COUNT(*) FROM members WHERE collection_id = ?1", [c], |r| r.get(0))
                        .unwrap();
                    (kept, real)
                })
                .collect()
        };
        let mut rng = 0x9e37_79b9_u64;
        for step in 0..400 {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            let c = if rng.is_multiple_of(2) { "mcoll_a" } else { "mcoll_b" };
            let t = format!("mtrack_{}", (rng >> 8) % 20);
            if (rng >> 4).is_multiple_of(3) {
                conn.execute("DELETE FROM members WHERE collection_id = ?1 AND track_id = ?2", [c, &t]).unwrap();
            } else {
                conn.execute(
                    "INSERT OR IGNORE INTO members (collection_id, track_id, rank, added_at) VALUES (?1, ?2, ?3, 'x')",
                    rusqlite::params![c, t, step],
                )
                .unwrap();
            }
            for (kept, real) in counts(&conn) {
                assert_eq!(kept, real, "after step {step}");
            }
        }
    }
}

//! A monkey at the keyboard: about 2,000 random keys and resizes (fixed seed, q and Ctrl-C left out), sent
//! without waiting into the real binary in a pseudo-terminal, against a server that fails a fifth of all
//! requests. The app never dies, quits cleanly when asked, and the server ends exactly as the demo state
//! with the app's journal replayed on it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashMap;
use std::time::{Duration, Instant};

use crate::common::*;
use freddy_music::api::restore::{Wanted, plan};
use freddy_music::api::{Client, TrackId};
use freddy_music::journal::{ChangeKind, Journal, Outcome, Record, batches};
use freddy_music::server::FaultOptions;
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

/// Keys a person might press, the navigation ones more often (no q, no Ctrl-C).
const KEYS: &[(&str, u32)] = &[
    ("j", 12),
    ("k", 8),
    ("\x1b[B", 4),
    ("\x1b[A", 3),
    ("g", 2),
    ("G", 2),
    ("\x1b[5~", 1),
    ("\x1b[6~", 1),
    ("h", 3),
    ("l", 3),
    ("\t", 3),
    ("\r", 4),
    (" ", 6),
    ("V", 2),
    ("*", 1),
    ("d", 5),
    ("\x1b[3~", 1),
    ("y", 3),
    ("n", 1),
    ("u", 2),
    ("\x12", 1),
    ("r", 1),
    ("?", 1),
    ("\x1b", 3),
    // Issue 27's keys: a count and the details (Enter opens them on a track too; Esc, Enter or i close
    // them). The go-to prompt and the search take typing until Esc, so they would swallow most keys.
    ("3", 1),
    ("i", 1),
];

/// Every collection of the listener's, in order, read until the fault knob lets each read through.
async fn state(api: &Client) -> HashMap<String, Vec<String>> {
    let mut out = HashMap::new();
    let collections = loop {
        if let Ok(c) = api.all_collections().await {
            break c;
        }
    };
    for c in collections {
        let members = loop {
            if let Ok(m) = api.all_members(&c.id).await {
                break m;
            }
        };
        out.insert(c.id.to_string(), members.into_iter().map(|m| m.track_id.to_string()).collect());
    }
    out
}

/// The demo state with the journal replayed on it: each confirmed removal taken out; each undo puts its
/// batch's removed tracks back as `restore` does (absent ones appended, then every one moved to its
/// recorded index, ascending, clamped). A collection created (`n` types into a form, Enter saves it) starts
/// empty, and the undo of its creation deletes it.
fn replay(mut model: HashMap<String, Vec<String>>, records: &[Record]) -> HashMap<String, Vec<String>> {
    let all = batches(records);
    let of = |b: &str| all.iter().find(|x| x.id == b);
    let created = |b: &str| {
        records.iter().find_map(|r| match r {
            Record::Collection(c) if c.batch == b && c.kind == ChangeKind::Create => Some(c.collection_id.clone()),
            _ => None,
        })
    };
    for r in records {
        match r {
            Record::Collection(c) if c.kind == ChangeKind::Create && c.outcome == Outcome::Done => {
                model.insert(c.collection_id.clone(), Vec::new());
            }
            Record::Outcome { batch, track_id, outcome: Outcome::Done, .. } => {
                let Some(b) = of(batch) else { continue };
                let list = model.get_mut(&b.collection_id).unwrap();
                list.retain(|t| t != track_id);
            }
            Record::Undo { batch, .. } => {
                if let Some(id) = created(batch) {
                    model.remove(&id);
                    continue;
                }
                let b = of(batch).unwrap();
                let list = model.get_mut(&b.collection_id).unwrap();
                // As restore does: re-add the absent ones (add-member appends), then one reorder of the
                // prefix the plan gives (placed before their journaled neighbours, or at their indexes).
                let id = |t: &str| TrackId::parse(t.to_string()).unwrap();
                let wanted: Vec<Wanted> = b
                    .restorable()
                    .map(|t| Wanted {
                        track: id(&t.track_id),
                        index: t.index as usize,
                        next: t.next.as_deref().map(id),
                    })
                    .collect();
                for w in &wanted {
                    if !list.iter().any(|t| t == w.track.as_str()) {
                        list.push(w.track.to_string());
                    }
                }
                let current: Vec<TrackId> = list.iter().map(|t| id(t)).collect();
                let head: Vec<String> = plan(&current, &wanted).list.iter().map(ToString::to_string).collect();
                let rest: Vec<String> = list.iter().filter(|t| !head.contains(t)).cloned().collect();
                *list = head.into_iter().chain(rest).collect();
            }
            _ => {}
        }
    }
    model
}

#[tokio::test(flavor = "multi_thread")]
async fn two_thousand_random_keys_and_resizes_never_kill_the_app_and_the_journal_tells_the_truth() {
    let s = demo_server_with(60, FaultOptions { fail_rate: 0.2, ..FaultOptions::default() }).await;
    let api = s.client(LISTENER);
    let before = state(&api).await;
    let home = tempfile::tempdir().unwrap();
    let (mut tui, _) = tui_against(&s.url(), home.path());
    tui.wait_for_text("Archive");

    let mut rng = StdRng::seed_from_u64(0x6d6f_6e6b_6579);
    let total: u32 = KEYS.iter().map(|(_, w)| w).sum();
    for n in 0..2_000 {
        if n % 97 == 0 {
            // The harness's pseudo-terminal can drop input sent while it resizes; keys go on once the app
            // has drawn at the new size (its output has grown).
            let drawn = tui.output().len();
            tui.resize(rng.random_range(8..40), rng.random_range(30..130));
            tui.wait_for("a redraw at the new size", |p| p.output().len() > drawn);
        }
        let mut pick = rng.random_range(0..total);
        let key = KEYS
            .iter()
            .find(|(_, w)| {
                if pick < *w {
                    true
                } else {
                    pick -= w;
                    false
                }
            })
            .unwrap()
            .0;
        tui.send(key);
        assert!(tui.alive(), "the app died after {n} keys; screen:\n{}", tui.screen());
    }
    tui.resize(24, 80);
    assert!(tui.alive(), "the app died; screen:\n{}", tui.screen());
    // Close whatever is open, then quit: q waits for every write the monkey asked for (the header says
    // so), with a fifth of the requests failing and retried. q is sent again only while the app is not
    // yet quitting (a popup took it), never once it is (a second q would force the quit).
    let deadline = Instant::now() + Duration::from_secs(120);
    while tui.alive() && Instant::now() < deadline {
        if !tui.rows(0, 1)[0].contains("quitting after") {
            tui.send("\x1b");
            tokio::time::sleep(Duration::from_millis(200)).await;
            if !tui.rows(0, 1)[0].contains("quitting after") {
                tui.send("q");
            }
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    assert_eq!(tui.wait_exit(), 0, "the app did not end cleanly");
    assert!(!tui.alternate_screen());

    let journal = Journal::at(journal_path(home.path()));
    let contents = journal.read().unwrap();
    assert!(contents.warnings.is_empty(), "{:?}", contents.warnings);
    let removals =
        contents.records.iter().filter(|r| matches!(r, Record::Outcome { outcome: Outcome::Done, .. })).count();
    assert!(removals > 0, "the monkey removed nothing: the test proved little");
    assert!(s.server.injected().failed > 0, "no fault was injected");
    let want = replay(before, &contents.records);
    let got = state(&api).await;
    for (id, list) in &want {
        assert_eq!(got.get(id), Some(list), "collection {id}");
    }
    assert_eq!(got.len(), want.len(), "the same collections: {:?}", got.keys().collect::<Vec<_>>());
}

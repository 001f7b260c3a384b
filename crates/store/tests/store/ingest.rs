//! Ingesting meeting-event v1: dedupe, revisions, deletes, order independence, atomicity,
//! the live view and the `export` shape, over small events and the sample meetings.

use callbrief_core::event::{MeetingEvent, parse_batch};
use callbrief_store::repo::live::LiveLimits;
use callbrief_store::{Store, StoreError};
use serde_json::{Value, json};

use crate::support::temp_store;

const FIXTURES: &[(&str, usize, usize)] = &[
    // (file, chat messages, final segments)
    ("acme-pricing-en.jsonl", 12, 378),
    ("xinghe-pricing-zh.jsonl", 12, 381),
];

fn fixture_lines(name: &str) -> Vec<Value> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/meetings")
        .join(name);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

fn parse_all(lines: &[Value]) -> Vec<MeetingEvent> {
    lines
        .iter()
        .enumerate()
        .map(|(i, line)| MeetingEvent::parse(line).unwrap_or_else(|e| panic!("line {i}: {e}")))
        .collect()
}

/// A small valid event for meeting `room`.
fn event(key: &str, at: &str, kind: &str, payload: Value) -> MeetingEvent {
    MeetingEvent::parse(&json!({
        "schema_version": "1.0", "event_id": key, "kind": kind, "dedupe_key": key,
        "source": {"provider": "livekit", "channel": "sdk", "provider_event": "x"},
        "meeting": {"provider_meeting_id": "room"},
        "occurred_at": at, "payload": payload,
    }))
    .unwrap()
}

fn segment(
    key: &str,
    id: &str,
    rev: i64,
    is_final: bool,
    op: &str,
    start: i64,
    text: &str,
) -> MeetingEvent {
    event(
        key,
        "2026-11-25T06:00:10Z",
        "transcript.segment",
        json!({"segment_id": id, "revision": rev, "op": op, "is_final": is_final,
               "speaker": {"name": "Anna"}, "start_ms": start, "end_ms": start + 900, "text": text}),
    )
}

/// Export without the locally generated meeting id, for comparing two stores.
async fn export_without_id(store: &Store, meeting_id: &str) -> Value {
    let mut export = store.export_meeting(meeting_id).await.unwrap();
    export["meeting"]["id"] = Value::Null;
    export
}

/// A deterministic shuffle (Fisher–Yates over an LCG).
fn shuffle<T>(items: &mut [T], mut seed: u64) {
    for i in (1..items.len()).rev() {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        let j = (seed >> 33) as usize % (i + 1);
        items.swap(i, j);
    }
}

#[tokio::test]
async fn sample_meetings_parse_ingest_and_reingest_as_duplicates() {
    for (file, chat, finals) in FIXTURES {
        let lines = fixture_lines(file);
        let events = parse_all(&lines);
        let distinct: std::collections::HashSet<_> =
            events.iter().map(|e| e.dedupe_key.clone()).collect();
        let (_dir, store) = temp_store().await;
        let report = store.ingest_events(events.clone()).await.unwrap();
        assert_eq!(report.accepted as usize, distinct.len(), "{file}");
        assert_eq!(
            report.duplicates as usize,
            events.len() - distinct.len(),
            "{file}"
        );
        assert!(report.duplicates > 0, "{file} has redeliveries");
        assert_eq!(report.meeting_ids.len(), 1);
        let id = &report.meeting_ids[0];

        let export = store.export_meeting(id).await.unwrap();
        assert_eq!(
            export["participants"].as_array().unwrap().len(),
            4,
            "{file}"
        );
        assert_eq!(export["chat"].as_array().unwrap().len(), *chat, "{file}");
        let transcript = export["transcript"].as_array().unwrap();
        assert_eq!(transcript.len(), *finals, "{file}");
        let starts: Vec<i64> = transcript
            .iter()
            .map(|s| s["start_ms"].as_i64().unwrap())
            .collect();
        assert!(starts.is_sorted(), "{file}: transcript in time order");
        assert_eq!(export["events"], json!(distinct.len()));
        let share = export["meeting"]["recording"]["share_url"]
            .as_str()
            .unwrap();
        assert!(share.contains("/rec/share/"), "{share}");
        assert!(
            export["meeting"]["started_at"].is_string()
                && export["meeting"]["ended_at"].is_string()
        );

        // Everyone left by the end, including the participant who rejoined.
        for p in export["participants"].as_array().unwrap() {
            if p["role"] != "host" {
                assert!(p["left_at"].is_string(), "{file}: {p}");
            }
        }
        // No expiring download link is kept anywhere.
        let leaked: i64 = store
            .call(|conn| {
                Ok(conn.query_row(
                    "SELECT count(*) FROM meeting_events WHERE event LIKE '%/rec/download/%'",
                    [],
                    |r| r.get(0),
                )?)
            })
            .await
            .unwrap();
        assert_eq!(leaked, 0);
        let all = store
            .call(|conn| {
                callbrief_store::repo::events::list(
                    conn,
                    &conn.query_row("SELECT id FROM meetings", [], |r| r.get::<_, String>(0))?,
                    callbrief_store::Page::first(500),
                )
            })
            .await
            .unwrap();
        assert!(
            !serde_json::to_string(&all)
                .unwrap()
                .contains("/rec/download/")
        );

        let again = store.ingest_events(events.clone()).await.unwrap();
        assert_eq!(
            (again.accepted, again.duplicates as usize),
            (0, events.len())
        );
        assert_eq!(store.export_meeting(id).await.unwrap(), export);
    }
}

#[tokio::test]
async fn shuffled_delivery_in_small_batches_converges_to_the_same_state() {
    for (file, _, _) in FIXTURES {
        let events = parse_all(&fixture_lines(file));
        let (_a_dir, in_order) = temp_store().await;
        let id_a = in_order
            .ingest_events(events.clone())
            .await
            .unwrap()
            .meeting_ids[0]
            .clone();
        let expected = export_without_id(&in_order, &id_a).await;

        for seed in [1u64, 42, 7_777] {
            let mut shuffled = events.clone();
            shuffle(&mut shuffled, seed);
            let (_b_dir, store) = temp_store().await;
            let mut id_b = String::new();
            for batch in shuffled.chunks(37) {
                let report = store.ingest_events(batch.to_vec()).await.unwrap();
                id_b = report.meeting_ids[0].clone();
            }
            assert_eq!(
                export_without_id(&store, &id_b).await,
                expected,
                "{file} seed {seed}"
            );
            let live_a = in_order.meeting_live(&id_a).await.unwrap();
            let live_b = store.meeting_live(&id_b).await.unwrap();
            assert_eq!(live_a.transcript, live_b.transcript);
            assert_eq!(live_a.participants, live_b.participants);
            assert_eq!(live_a.crm_hint, live_b.crm_hint);
        }
    }
}

#[tokio::test]
async fn revisions_deletes_and_interim_segments() {
    let (_dir, store) = temp_store().await;
    let batch = vec![
        segment("a2", "a", 2, true, "upsert", 0, "final words"),
        segment("a1", "a", 1, false, "upsert", 0, "interim wor"), // late, older: ignored
        segment("b0", "b", 0, false, "upsert", 1_000, "still"),
        segment("b1", "b", 1, false, "upsert", 1_000, "still talking"),
        segment("c0", "c", 0, true, "upsert", 2_000, "oops wrong"),
        segment("c1", "c", 1, false, "delete", 2_000, ""),
        segment("c0-late", "c", 0, true, "upsert", 2_000, "oops wrong"), // cannot revive
        segment("a2", "a", 2, true, "upsert", 0, "final words"),         // redelivery
    ];
    let report = store.ingest_events(batch).await.unwrap();
    assert_eq!((report.accepted, report.duplicates), (7, 1));
    let id = &report.meeting_ids[0];

    let live = store.meeting_live(id).await.unwrap();
    let shown: Vec<(&str, bool, &str)> = live
        .transcript
        .items
        .iter()
        .map(|s| (s.segment_id.as_str(), s.is_final, s.text.as_str()))
        .collect();
    assert_eq!(
        shown,
        [("a", true, "final words"), ("b", false, "still talking")]
    );

    let export = store.export_meeting(id).await.unwrap();
    let texts: Vec<&str> = export["transcript"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["text"].as_str().unwrap())
        .collect();
    assert_eq!(texts, ["final words"], "only final segments are archived");
    let hits = store
        .search_transcripts("still talking", None, callbrief_store::Page::default())
        .await
        .unwrap();
    assert!(hits.items.is_empty(), "interim text is not indexed");

    // The interim segment becomes final.
    store
        .ingest_events(vec![segment(
            "b2",
            "b",
            2,
            true,
            "upsert",
            1_000,
            "still talking today",
        )])
        .await
        .unwrap();
    let export = store.export_meeting(id).await.unwrap();
    assert_eq!(export["transcript"].as_array().unwrap().len(), 2);
    assert_eq!(export["transcript"][1]["revision"], 2);
}

#[tokio::test]
async fn a_failing_batch_stores_nothing() {
    let (_dir, store) = temp_store().await;
    // A storage failure on the third event of the batch.
    store
        .call(|conn| {
            conn.execute_batch(
                "CREATE TEMP TRIGGER fail_chat BEFORE INSERT ON main.chat_messages
                 WHEN new.text = 'boom' BEGIN SELECT RAISE(ABORT, 'disk trouble'); END;",
            )?;
            Ok(())
        })
        .await
        .unwrap();
    let chat = |key: &str, text: &str| {
        event(
            key,
            "2026-11-25T06:01:00Z",
            "chat.message",
            json!({"message_id": key, "sender": {"provider_user_id": "u1", "name": "Anna"},
                     "to": "everyone", "text": text, "sent_at": "2026-11-25T06:01:00Z"}),
        )
    };
    let batch = vec![
        segment("s", "s", 0, true, "upsert", 0, "hello"),
        chat("m1", "fine"),
        chat("m2", "boom"),
    ];
    let err = store.ingest_events(batch).await.unwrap_err();
    assert!(matches!(err, StoreError::Sqlite(_)), "{err:?}");
    let counts: (i64, i64, i64, i64) = store
        .call(|conn| {
            Ok(conn.query_row(
                "SELECT (SELECT count(*) FROM meetings), (SELECT count(*) FROM meeting_events),
                        (SELECT count(*) FROM chat_messages),
                        (SELECT count(*) FROM transcript_segments)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )?)
        })
        .await
        .unwrap();
    assert_eq!(counts, (0, 0, 0, 0));
}

#[tokio::test]
async fn live_view_keeps_the_latest_items_in_time_order() {
    let events = parse_all(&fixture_lines("acme-pricing-en.jsonl"));
    let (_dir, store) = temp_store().await;
    let id = store.ingest_events(events).await.unwrap().meeting_ids[0].clone();
    let limits = LiveLimits {
        chat: 5,
        transcript: 50,
        timeline: 4,
        participants: 10,
    };
    let live = store.meeting_live_with(&id, limits).await.unwrap();
    assert_eq!(live.chat.items.len(), 5);
    assert_eq!(live.chat.total, 12);
    assert_eq!(live.chat.items.last().unwrap().text, "Talk next week!");
    assert_eq!(live.transcript.items.len(), 50);
    assert_eq!(live.transcript.total, 378);
    let starts: Vec<i64> = live.transcript.items.iter().map(|s| s.start_ms).collect();
    assert!(starts.is_sorted());
    let kinds: Vec<&str> = live
        .timeline
        .items
        .iter()
        .map(|t| t.kind.as_str())
        .collect();
    assert_eq!(
        kinds,
        [
            "screenshare.stopped",
            "crm.association_changed",
            "meeting.ended",
            "recording.completed"
        ]
    );
    assert!(
        live.timeline.items[3]
            .share_url
            .as_deref()
            .unwrap()
            .contains("/rec/share/")
    );
    assert_eq!(live.timeline.total, 8);
    assert_eq!(live.participants.len(), 4);
    assert_eq!(live.crm_hint.as_ref().unwrap()["customer_id"], "c5");
    assert!(live.recording_share_url.is_some());
    assert!(live.events > 1_000);

    let missing = store.meeting_live("nope").await.unwrap_err();
    assert!(matches!(missing, StoreError::NotFound { .. }));
}

#[tokio::test]
async fn export_has_the_interfaces_shape() {
    let events = parse_batch(&Value::Array(fixture_lines("xinghe-pricing-zh.jsonl"))).unwrap();
    let (_dir, store) = temp_store().await;
    let id = store.ingest_events(events).await.unwrap().meeting_ids[0].clone();
    let export = store.export_meeting(&id).await.unwrap();
    let keys: Vec<&String> = export.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        ["chat", "events", "meeting", "participants", "transcript"]
    );
    let meeting = &export["meeting"];
    assert_eq!(meeting["id"], json!(id));
    assert_eq!(meeting["provider"], "livekit");
    assert_eq!(meeting["topic"], "星河机器人 报价与上线计划");
    assert_eq!(meeting["started_at"], "2026-11-26T02:00:00.000Z");
    assert_eq!(
        meeting["recording"]
            .as_object()
            .unwrap()
            .keys()
            .collect::<Vec<_>>(),
        ["share_url"]
    );
    let wang = export["participants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "王芳")
        .unwrap();
    assert_eq!(wang["email"], "wang.fang@xinghe-robotics.example");
    assert!(
        export["chat"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["text"].as_str().unwrap().contains("138 0013 8000"))
    );
    assert_eq!(
        export["transcript"][0]["speaker_name"]
            .as_str()
            .map(|s| !s.is_empty()),
        Some(true)
    );
    assert!(export["events"].as_u64().unwrap() > 1_000);
    let hits = store
        .search_transcripts("单点登录", Some(&id), callbrief_store::Page::default())
        .await
        .unwrap();
    assert!(!hits.items.is_empty());
}

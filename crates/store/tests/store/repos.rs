//! The typed async API over a real file: CRM cache, meetings, outbox, identity,
//! connections, settings, and the schema rules (WAL, foreign keys, cascades, CHECKs).

use callbrief_core::settings::{Locale, Settings, Theme};
use callbrief_store::repo::identity::{CrmObject, IdentitySource, NewIdentityLink};
use callbrief_store::repo::meetings::{Association, NewMeeting};
use callbrief_store::repo::outbox::{self, NewPush, PushObject, PushState};
use callbrief_store::repo::transcript::{self, Segment};
use callbrief_store::repo::{chat, events, meetings, participants};
use callbrief_store::{Page, StoreError, UnixMs};
use serde_json::json;

use crate::support::{new_connection, new_meeting, snapshot, table_names, temp_store};

#[tokio::test]
async fn wal_foreign_keys_synchronous_and_busy_timeout_are_set() {
    let (_dir, store) = temp_store().await;
    let (mode, fk, sync, busy): (String, i64, i64, i64) = store
        .call(|conn| {
            Ok(conn.query_row(
                "SELECT (SELECT journal_mode FROM pragma_journal_mode),
                        (SELECT foreign_keys FROM pragma_foreign_keys),
                        (SELECT synchronous FROM pragma_synchronous),
                        (SELECT timeout FROM pragma_busy_timeout)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )?)
        })
        .await
        .unwrap();
    assert_eq!(mode, "wal");
    assert_eq!(fk, 1);
    assert_eq!(sync, 1, "NORMAL");
    assert_eq!(busy, 5_000);
}

#[tokio::test]
async fn no_column_can_hold_a_secret() {
    let (_dir, store) = temp_store().await;
    let offenders = store
        .call(|conn| {
            let mut offenders = Vec::new();
            for table in table_names(conn) {
                let mut stmt = conn.prepare("SELECT name FROM pragma_table_info(?1)")?;
                let columns: Vec<String> = stmt
                    .query_map([&table], |r| r.get(0))?
                    .collect::<Result<_, _>>()?;
                for column in columns {
                    let lower = column.to_lowercase();
                    if [
                        "token",
                        "secret",
                        "password",
                        "passcode",
                        "credential",
                        "api_key",
                    ]
                    .iter()
                    .any(|word| lower.contains(word))
                    {
                        offenders.push(format!("{table}.{column}"));
                    }
                }
            }
            Ok(offenders)
        })
        .await
        .unwrap();
    assert_eq!(offenders, Vec::<String>::new());
}

#[tokio::test]
async fn settings_round_trip() {
    let (_dir, store) = temp_store().await;
    assert_eq!(store.settings().await.unwrap(), Settings::default());
    let chosen = Settings {
        locale: Locale::En,
        theme: Theme::Light,
        alert_minutes: 0,
    };
    store.save_settings(chosen.clone()).await.unwrap();
    assert_eq!(store.settings().await.unwrap(), chosen);
}

#[tokio::test]
async fn snapshot_is_cached_and_read_back() {
    let (_dir, store) = temp_store().await;
    let connection = store
        .upsert_connection(new_connection("portal"))
        .await
        .unwrap();
    let before = UnixMs::now();
    let counts = store
        .upsert_snapshot(&connection.id, &snapshot())
        .await
        .unwrap();
    assert_eq!(
        (counts.companies, counts.contacts, counts.meetings),
        (1, 1, 1)
    );

    let company = store.company(&connection.id, "c1").await.unwrap().unwrap();
    assert_eq!(company.record, snapshot().companies[0]);
    assert!(company.fetched_at >= before);
    let page = Page::default();
    let contacts = store
        .contacts_of_company(&connection.id, "c1", page)
        .await
        .unwrap();
    assert_eq!(contacts.items[0].record, snapshot().contacts[0]);
    let deals = store
        .open_deals_of_company(&connection.id, "c1", page)
        .await
        .unwrap();
    assert_eq!(deals.items[0].record.amount, Some(120_000.0));
    let notes = store
        .recent_notes_of_company(&connection.id, "c1", page)
        .await
        .unwrap();
    assert_eq!(notes.items[0].record.contact_ids, ["p1"]);
    let tasks = store
        .open_tasks_of_company(&connection.id, "c1", page)
        .await
        .unwrap();
    assert_eq!(tasks.items[0].record.subject, "Send pricing");
    let upcoming = store
        .upcoming_crm_meetings(&connection.id, "2026-11-25T00:00:00Z", page)
        .await
        .unwrap();
    assert_eq!(
        upcoming.items[0].record.join_url.as_deref(),
        Some("https://meet.example/acme")
    );
}

#[tokio::test]
async fn cached_companies_are_found_by_name_fragment_domain_or_contact_email() {
    let (_dir, store) = temp_store().await;
    let connection = store
        .upsert_connection(new_connection("portal"))
        .await
        .unwrap();
    let mut snapshot = snapshot();
    let mut chinese = snapshot.companies[0].clone();
    chinese.id = "c2".into();
    chinese.name = "上海星河机器人有限公司".into();
    chinese.domain = Some("xinghe-robotics.example".into());
    snapshot.companies.push(chinese);
    store
        .upsert_snapshot(&connection.id, &snapshot)
        .await
        .unwrap();

    let find = |query: &'static str| {
        let store = store.clone();
        let id = connection.id.clone();
        async move {
            let found = store
                .find_cached_companies(&id, query, Page::default())
                .await
                .unwrap();
            found
                .items
                .into_iter()
                .map(|c| c.record.id)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(find("acme").await, ["c1"], "case-insensitive fragment");
    assert_eq!(find("星河").await, ["c2"], "a fragment of a Chinese name");
    assert_eq!(find("XINGHE-robotics.example").await, ["c2"], "domain");
    assert_eq!(
        find("anna.chen@acme-robotics.example").await,
        ["c1"],
        "a contact's email"
    );
    assert!(find("%").await.is_empty(), "LIKE wildcards match literally");
    assert!(find("nobody").await.is_empty());
}

#[tokio::test]
async fn meetings_create_get_and_list() {
    let (_dir, store) = temp_store().await;
    let started = NewMeeting {
        started_at: Some("2026-11-25T06:00:00Z".into()),
        topic: Some("Acme pricing review".into()),
        ..new_meeting("123")
    };
    let created = store.create_or_get_meeting(started.clone()).await.unwrap();
    assert!(created.created);
    let again = store.create_or_get_meeting(started).await.unwrap();
    assert!(!again.created);
    assert_eq!(again.meeting.meeting.id, created.meeting.meeting.id);
    assert_eq!(
        uuid::Uuid::parse_str(&created.meeting.meeting.id)
            .unwrap()
            .get_version_num(),
        7
    );

    store
        .create_or_get_meeting(new_meeting("456"))
        .await
        .unwrap();
    let listed = store.list_meetings(Page::first(10)).await.unwrap();
    let ids: Vec<_> = listed
        .items
        .iter()
        .map(|m| m.meeting.provider_meeting_id.as_str())
        .collect();
    assert_eq!(ids, ["123", "456"]);
    let fetched = store
        .meeting(&created.meeting.meeting.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        fetched.meeting.topic.as_deref(),
        Some("Acme pricing review")
    );
    assert!(store.meeting("missing").await.unwrap().is_none());
}

#[tokio::test]
async fn transcript_search_through_the_store() {
    let (_dir, store) = temp_store().await;
    let meeting_id = store
        .create_or_get_meeting(new_meeting("m"))
        .await
        .unwrap()
        .meeting
        .meeting
        .id;
    let id = meeting_id.clone();
    store
        .call(move |conn| {
            for (n, (text, is_final)) in [
                ("客户希望在十二月前签合同", true),
                ("We agreed on the onboarding timeline", true),
                ("onboarding maybe", false),
            ]
            .into_iter()
            .enumerate()
            {
                let segment = Segment {
                    segment_id: format!("s{n}"),
                    revision: 1,
                    is_final,
                    speaker_id: None,
                    speaker_name: Some("Anna".into()),
                    start_ms: n as i64 * 1_000,
                    end_ms: n as i64 * 1_000 + 900,
                    text: text.into(),
                    language: None,
                };
                transcript::upsert(conn, &id, &segment, UnixMs(1))?;
            }
            Ok(())
        })
        .await
        .unwrap();
    let hits = store
        .search_transcripts("onboarding", None, Page::default())
        .await
        .unwrap();
    assert_eq!(hits.items.len(), 1);
    assert_eq!(hits.items[0].segment.segment_id, "s1");
    assert_eq!(hits.items[0].meeting_id, meeting_id);
    let hits = store
        .search_transcripts("签合同", Some(&meeting_id), Page::default())
        .await
        .unwrap();
    assert_eq!(hits.items[0].segment.segment_id, "s0");
}

#[tokio::test]
async fn outbox_flow_through_the_store() {
    let (_dir, store) = temp_store().await;
    let connection = store
        .upsert_connection(new_connection("portal"))
        .await
        .unwrap();
    let push = NewPush {
        meeting_id: None,
        connection_id: connection.id.clone(),
        object_kind: PushObject::Note,
        payload: json!({"body": "Summary"}),
    };
    let queued = store.enqueue_push(push).await.unwrap();
    let claimed = store.claim_next_push().await.unwrap().unwrap();
    assert_eq!(
        (claimed.push_id.as_str(), claimed.state),
        (queued.push_id.as_str(), PushState::InFlight)
    );
    let retrying = store
        .mark_push_retrying(&claimed.push_id, "429", UnixMs::now())
        .await
        .unwrap();
    assert_eq!(retrying.state, PushState::Retrying);
    let claimed = store.claim_next_push().await.unwrap().unwrap();
    assert_eq!(claimed.attempts, 2);
    store
        .mark_push_needs_attention(&claimed.push_id, "401")
        .await
        .unwrap();
    store.requeue_push(&claimed.push_id).await.unwrap();
    store.claim_next_push().await.unwrap().unwrap();
    let done = store
        .mark_push_done(&claimed.push_id, Some("hs-1"))
        .await
        .unwrap();
    assert_eq!(done.crm_record_id.as_deref(), Some("hs-1"));
    let listed = store
        .pushes_by_state(PushState::Done, Page::default())
        .await
        .unwrap();
    assert_eq!(listed.items, vec![done]);
    let err = store
        .mark_push_done(&claimed.push_id, None)
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::InvalidTransition {
                from: PushState::Done,
                ..
            }
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn in_flight_pushes_are_reported_after_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let path = crate::support::db_path(&dir);
    let store = callbrief_store::Store::open(&path).await.unwrap();
    let connection = store
        .upsert_connection(new_connection("portal"))
        .await
        .unwrap();
    let push = NewPush {
        meeting_id: None,
        connection_id: connection.id,
        object_kind: PushObject::Task,
        payload: json!({}),
    };
    let queued = store.enqueue_push(push).await.unwrap();
    store.claim_next_push().await.unwrap().unwrap();
    drop(store); // the app stops mid-send

    let store = callbrief_store::Store::open(&path).await.unwrap();
    let to_reconcile = store.reset_in_flight_on_startup().await.unwrap();
    assert_eq!(to_reconcile.len(), 1);
    assert_eq!(to_reconcile[0].push_id, queued.push_id);
    assert_eq!(
        to_reconcile[0].attempts, 1,
        "an attempt may have landed: look it up first"
    );
    assert_eq!(
        to_reconcile[0].last_error.as_deref(),
        Some(outbox::INTERRUPTED)
    );
    assert!(
        store
            .pushes_by_state(PushState::InFlight, Page::default())
            .await
            .unwrap()
            .items
            .is_empty()
    );
}

#[tokio::test]
async fn enqueue_shares_the_callers_transaction() {
    let (_dir, store) = temp_store().await;
    let connection = store
        .upsert_connection(new_connection("portal"))
        .await
        .unwrap();
    let meeting_id = store
        .create_or_get_meeting(new_meeting("m"))
        .await
        .unwrap()
        .meeting
        .meeting
        .id;
    let push = NewPush {
        meeting_id: Some(meeting_id.clone()),
        connection_id: connection.id.clone(),
        object_kind: PushObject::Note,
        payload: json!({"body": "x"}),
    };
    let association = Association {
        connection_id: connection.id.clone(),
        company_id: "c1".into(),
        deal_id: None,
        method: "user".into(),
        confidence: 1.0,
    };

    // A failure after both writes rolls both back.
    let (id, p, a) = (meeting_id.clone(), push.clone(), association.clone());
    let err = store
        .call(move |conn| {
            let tx = conn.transaction()?;
            meetings::set_association(&tx, &id, &a, UnixMs(1))?;
            outbox::enqueue(&tx, &p, UnixMs(1))?;
            Err::<(), _>(StoreError::not_found("confirmation", "c"))
        })
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound { .. }));
    assert!(
        store
            .meeting(&meeting_id)
            .await
            .unwrap()
            .unwrap()
            .meeting
            .crm_company_id
            .is_none()
    );
    assert!(
        store
            .pushes_by_state(PushState::Pending, Page::default())
            .await
            .unwrap()
            .items
            .is_empty()
    );

    // Committed, both are there.
    let id = meeting_id.clone();
    store
        .call(move |conn| {
            let tx = conn.transaction()?;
            meetings::set_association(&tx, &id, &association, UnixMs(1))?;
            outbox::enqueue(&tx, &push, UnixMs(1))?;
            tx.commit()?;
            Ok(())
        })
        .await
        .unwrap();
    assert_eq!(
        store
            .meeting(&meeting_id)
            .await
            .unwrap()
            .unwrap()
            .meeting
            .crm_company_id
            .as_deref(),
        Some("c1")
    );
    assert_eq!(
        store
            .pushes_by_state(PushState::Pending, Page::default())
            .await
            .unwrap()
            .items
            .len(),
        1
    );
}

#[tokio::test]
async fn identity_links_through_the_store() {
    let (_dir, store) = temp_store().await;
    let connection = store
        .upsert_connection(new_connection("portal"))
        .await
        .unwrap();
    let link = NewIdentityLink {
        provider: "zoom".into(),
        provider_user_id: "zu-1".into(),
        connection_id: connection.id.clone(),
        crm_object: CrmObject::Contact,
        crm_id: "p1".into(),
        source: IdentitySource::Learned,
    };
    let added = store.add_identity_link(link.clone()).await.unwrap();
    store
        .add_identity_link(NewIdentityLink {
            crm_id: "p2".into(),
            ..link
        })
        .await
        .unwrap();
    assert_eq!(
        store
            .identity_links("zoom", "zu-1", Page::default())
            .await
            .unwrap()
            .items
            .len(),
        2
    );
    assert!(store.delete_identity_link(added.id).await.unwrap());
    let left = store
        .identity_links("zoom", "zu-1", Page::default())
        .await
        .unwrap();
    assert_eq!(left.items[0].link.crm_id, "p2");
}

#[tokio::test]
async fn deleting_a_connection_waits_for_unsent_pushes_then_clears_its_data() {
    let (_dir, store) = temp_store().await;
    let connection = store
        .upsert_connection(new_connection("portal"))
        .await
        .unwrap();
    store
        .upsert_snapshot(&connection.id, &snapshot())
        .await
        .unwrap();
    store
        .add_identity_link(NewIdentityLink {
            provider: "zoom".into(),
            provider_user_id: "zu-1".into(),
            connection_id: connection.id.clone(),
            crm_object: CrmObject::Contact,
            crm_id: "p1".into(),
            source: IdentitySource::User,
        })
        .await
        .unwrap();
    let push = NewPush {
        meeting_id: None,
        connection_id: connection.id.clone(),
        object_kind: PushObject::Note,
        payload: json!({}),
    };
    store.enqueue_push(push).await.unwrap();

    let err = store.delete_connection(&connection.id).await.unwrap_err();
    assert!(
        matches!(err, StoreError::ConnectionHasUnsentPushes { unsent: 1, .. }),
        "{err:?}"
    );
    assert!(store.connection(&connection.id).await.unwrap().is_some());

    let claimed = store.claim_next_push().await.unwrap().unwrap();
    store.mark_push_done(&claimed.push_id, None).await.unwrap();
    assert!(store.delete_connection(&connection.id).await.unwrap());
    assert!(store.connection(&connection.id).await.unwrap().is_none());
    assert!(store.company(&connection.id, "c1").await.unwrap().is_none());
    assert!(
        store
            .identity_links("zoom", "zu-1", Page::default())
            .await
            .unwrap()
            .items
            .is_empty()
    );
    assert!(
        store
            .connections(Page::default())
            .await
            .unwrap()
            .items
            .is_empty()
    );
}

#[tokio::test]
async fn deleting_a_meeting_cascades_to_everything_recorded_in_it() {
    let (_dir, store) = temp_store().await;
    let connection = store
        .upsert_connection(new_connection("portal"))
        .await
        .unwrap();
    let meeting_id = store
        .create_or_get_meeting(new_meeting("m"))
        .await
        .unwrap()
        .meeting
        .meeting
        .id;
    let push_id = store
        .enqueue_push(NewPush {
            meeting_id: Some(meeting_id.clone()),
            connection_id: connection.id,
            object_kind: PushObject::Note,
            payload: json!({}),
        })
        .await
        .unwrap()
        .push_id;
    let id = meeting_id.clone();
    store
        .call(move |conn| {
            let participant = callbrief_core::model::Participant {
                provider_user_id: "u1".into(),
                name: "Anna".into(),
                email: None,
                role: None,
            };
            participants::joined(conn, &id, &participant, None)?;
            let event = events::NewEvent {
                event_id: "e".into(),
                dedupe_key: "k".into(),
                kind: "meeting.started".into(),
                occurred_at: "2026-01-01T00:00:00Z".into(),
                seq: None,
                event: json!({}),
            };
            events::insert(conn, &id, &event, UnixMs(1))?;
            let segment = Segment {
                segment_id: "s".into(),
                revision: 1,
                is_final: true,
                speaker_id: None,
                speaker_name: None,
                start_ms: 0,
                end_ms: 1,
                text: "cascadeword".into(),
                language: None,
            };
            transcript::upsert(conn, &id, &segment, UnixMs(1))?;
            let message = chat::ChatMessage {
                message_id: "c".into(),
                sender_id: None,
                sender_name: "Anna".into(),
                recipient: chat::EVERYONE.into(),
                text: "hi".into(),
                sent_at: "2026-01-01T00:00:00Z".into(),
            };
            chat::insert(conn, &id, &message)?;
            Ok(())
        })
        .await
        .unwrap();
    assert_eq!(
        store
            .search_transcripts("cascadeword", None, Page::default())
            .await
            .unwrap()
            .items
            .len(),
        1
    );

    assert!(store.delete_meeting(&meeting_id).await.unwrap());
    let counts = store
        .call(|conn| Ok(crate::support::table_counts(conn)))
        .await
        .unwrap();
    for table in [
        "meetings",
        "participants",
        "meeting_events",
        "transcript_segments",
        "chat_messages",
    ] {
        assert_eq!(counts[table], 0, "{table}");
    }
    assert!(
        store
            .search_transcripts("cascadeword", None, Page::default())
            .await
            .unwrap()
            .items
            .is_empty()
    );
    // The push history stays, detached from the deleted meeting.
    let push_meeting = store
        .call(move |conn| Ok(outbox::get(conn, &push_id)?.map(|p| p.meeting_id)))
        .await
        .unwrap();
    assert_eq!(push_meeting, Some(None));
}

#[tokio::test]
async fn check_constraints_reject_bad_values() {
    let (_dir, store) = temp_store().await;
    let connection = store
        .upsert_connection(new_connection("portal"))
        .await
        .unwrap();
    store
        .enqueue_push(NewPush {
            meeting_id: None,
            connection_id: connection.id,
            object_kind: PushObject::Call,
            payload: json!({}),
        })
        .await
        .unwrap();
    for bad in [
        "UPDATE outbox SET state = 'failed'",
        "UPDATE outbox SET payload = 'not json'",
        "INSERT INTO settings VALUES ('k', '{', 0)",
        "INSERT INTO meetings (id, provider, provider_meeting_id, created_at, updated_at)
         VALUES ('x', '', 'p', 0, 0)",
        "INSERT INTO meetings (id, provider, provider_meeting_id, association_method, created_at, updated_at)
         VALUES ('x', 'zoom', 'p', 'user', 0, 0)",
        "INSERT INTO identity_map (provider, provider_user_id, connection_id, crm_object, crm_id, source, created_at)
         SELECT 'zoom', 'u', id, 'contact', 'p', 'guess', 0 FROM crm_connections",
        "INSERT INTO crm_deals (connection_id, crm_id, name, is_open, fetched_at, record)
         SELECT id, 'd', 'n', 2, 0, '{}' FROM crm_connections",
    ] {
        let err = store
            .call(move |conn| Ok(conn.execute(bad, [])?))
            .await
            .unwrap_err();
        assert!(err.to_string().contains("CHECK constraint failed"), "{bad}: {err}");
    }
    // STRICT: a wrong type is an error, not a silent conversion.
    let err = store
        .call(|conn| Ok(conn.execute("UPDATE outbox SET attempts = 'many'", [])?))
        .await
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("cannot store TEXT value in INTEGER column"),
        "{err}"
    );
}

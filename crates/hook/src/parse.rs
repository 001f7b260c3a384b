//! Request body → meeting events: the one path every untrusted byte of an events request
//! or WebSocket message goes through (and what the fuzz target drives).

use callbrief_core::event::{EventError, MeetingEvent, parse_batch};
use serde_json::Value;

/// Most events accepted in one request or message.
pub const MAX_BATCH_EVENTS: usize = 1000;

/// Parses a body that is one meeting-event v1 object or an array of them. Any error fails
/// the whole body and names the field (and the array index).
pub fn parse_events(body: &[u8]) -> Result<Vec<MeetingEvent>, EventError> {
    let value: Value = serde_json::from_slice(body).map_err(|e| {
        let message = if e.is_eof() && body.iter().all(u8::is_ascii_whitespace) {
            "the body is empty; send one meeting event object or an array of them".to_owned()
        } else {
            format!("not valid JSON: {e}")
        };
        EventError::new("", message)
    })?;
    if let Value::Array(items) = &value {
        if items.is_empty() {
            return Err(EventError::new(
                "",
                "the array is empty; send at least one event",
            ));
        }
        if items.len() > MAX_BATCH_EVENTS {
            return Err(EventError::new(
                "",
                format!(
                    "{} events in one body; send at most {MAX_BATCH_EVENTS}",
                    items.len()
                ),
            ));
        }
    }
    parse_batch(&value)
}

#[cfg(test)]
mod tests {
    use rand::rngs::StdRng;
    use rand::{Rng, SeedableRng};
    use serde_json::json;

    use super::*;

    fn event(n: usize) -> Value {
        json!({
            "schema_version": "1.0", "event_id": format!("e{n}"), "kind": "chat.message",
            "dedupe_key": format!("k{n}"),
            "source": {"provider": "generic", "channel": "sdk", "provider_event": "chat"},
            "meeting": {"provider_meeting_id": "m"}, "occurred_at": "2026-11-25T06:00:00Z",
            "payload": {"message_id": format!("m{n}"), "sender": {"provider_user_id": "u", "name": "A"},
                        "to": "everyone", "text": "hi", "sent_at": "2026-11-25T06:00:00Z"}
        })
    }

    #[test]
    fn one_object_or_an_array_parses() {
        let one = serde_json::to_vec(&event(1)).unwrap();
        assert_eq!(parse_events(&one).unwrap().len(), 1);
        let many = serde_json::to_vec(&json!([event(1), event(2)])).unwrap();
        assert_eq!(parse_events(&many).unwrap().len(), 2);
    }

    #[test]
    fn errors_name_the_field_and_index() {
        let mut bad = event(2);
        bad["kind"] = json!(5);
        let body = serde_json::to_vec(&json!([event(1), bad])).unwrap();
        let error = parse_events(&body).unwrap_err();
        assert_eq!(error.index, Some(1));
        assert_eq!(error.field, "[1].kind");
        let error = parse_events(b"{\"schema_version\":").unwrap_err();
        assert!(error.message.starts_with("not valid JSON"), "{error:?}");
        assert!(parse_events(b"  ").unwrap_err().message.contains("empty"));
        assert!(parse_events(b"[]").unwrap_err().message.contains("empty"));
        assert!(parse_events(b"42").is_err());
    }

    #[test]
    fn too_many_events_in_one_body_are_refused() {
        let body = serde_json::to_vec(&vec![event(1); MAX_BATCH_EVENTS + 1]).unwrap();
        assert!(parse_events(&body).unwrap_err().message.contains("at most"));
    }

    /// Mutates valid bodies and throws random bytes at the parser: it must answer every
    /// input with `Ok` or an `EventError`, never panic, and every accepted event must
    /// serialise back. (The cargo-fuzz target in `fuzz/` does the same, open-ended.)
    #[test]
    fn random_and_mutated_bodies_never_panic() {
        let mut rng = StdRng::seed_from_u64(0x00ca_11b1);
        let seeds: Vec<Vec<u8>> = vec![
            serde_json::to_vec(&event(1)).unwrap(),
            serde_json::to_vec(&json!([event(1), event(2), event(3)])).unwrap(),
        ];
        let started = std::time::Instant::now();
        let mut runs = 0u32;
        while runs < 20_000 && started.elapsed() < std::time::Duration::from_secs(3) {
            runs += 1;
            let input: Vec<u8> = match rng.gen_range(0..3) {
                0 => (0..rng.gen_range(0..256)).map(|_| rng.r#gen()).collect(),
                _ => {
                    let mut body = seeds[rng.gen_range(0..seeds.len())].clone();
                    for _ in 0..rng.gen_range(1..8) {
                        if body.is_empty() {
                            break;
                        }
                        let at = rng.gen_range(0..body.len());
                        match rng.gen_range(0..4) {
                            0 => body[at] = rng.r#gen(),
                            1 => {
                                body.remove(at);
                            }
                            2 => body.insert(at, b"{}[]\",:0-e.\\u"[rng.gen_range(0..13)]),
                            _ => body.truncate(at.max(1)),
                        }
                    }
                    body
                }
            };
            if let Ok(events) = parse_events(&input) {
                assert!(!events.is_empty());
                for event in events {
                    serde_json::to_value(&event).unwrap();
                }
            }
        }
        assert!(runs >= 1000, "only {runs} inputs in the time box");
    }
}

//! Request body → meeting events: every byte string must give events or an error naming a
//! field, never a panic, and accepted events must serialise back to JSON.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|body: &[u8]| {
    if let Ok(events) = callbrief_hook::parse_events(body) {
        assert!(!events.is_empty() && events.len() <= callbrief_hook::MAX_BATCH_EVENTS);
        for event in &events {
            serde_json::to_vec(event).expect("an accepted event serialises");
        }
    }
});

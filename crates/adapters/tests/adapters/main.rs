//! Adapter tests over fixtures written from each vendor's documented shapes
//! (`tests/fixtures/<vendor>/<version>/*.json`, each naming its source in `_source`).

mod agora;
mod daily;
mod jitsi;
mod livekit;
mod support;
mod verify;
mod zoom;

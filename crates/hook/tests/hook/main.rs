//! The hook over real loopback sockets: security rules, event and blob routes, the
//! WebSocket, discovery file, rotation, durability and shutdown.

mod blobs;
mod lifecycle;
mod security;
mod support;
mod ws;

//! The bearer token: 32 random bytes, compared in constant time, rotatable.

use std::sync::RwLock;

use callbrief_core::Secret;
use rand::RngCore;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// Bytes of randomness in a token (hex-encoded to 64 characters).
pub const TOKEN_BYTES: usize = 32;

/// A fresh token from the OS random source.
pub fn generate() -> Secret {
    let mut bytes = [0u8; TOKEN_BYTES];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    Secret::new(hex::encode(bytes))
}

struct Current {
    secret: Secret,
    /// SHA-256 of the token: candidates are hashed to the same length and compared in
    /// constant time, so neither content nor length leaks through timing.
    digest: [u8; 32],
    /// Bumped on every rotation; a WebSocket session remembers the generation it
    /// authenticated with and is closed once it is stale.
    generation: u64,
}

/// The hook's current token.
pub(crate) struct Tokens {
    current: RwLock<Current>,
}

impl Tokens {
    pub fn new(secret: Secret) -> Tokens {
        Tokens {
            current: RwLock::new(Current {
                digest: digest(&secret),
                secret,
                generation: 0,
            }),
        }
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Current> {
        self.current.read().unwrap_or_else(|e| e.into_inner())
    }

    /// The token itself, for the discovery file and the owner of the hook.
    pub fn secret(&self) -> Secret {
        self.read().secret.clone()
    }

    /// The generation `candidate` is valid for, or `None` when it is not the token.
    pub fn verify(&self, candidate: &str) -> Option<u64> {
        let candidate: [u8; 32] = Sha256::digest(candidate.as_bytes()).into();
        let current = self.read();
        bool::from(current.digest.ct_eq(&candidate)).then_some(current.generation)
    }

    /// Whether a session authenticated at `generation` may still send.
    pub fn is_current(&self, generation: u64) -> bool {
        self.read().generation == generation
    }

    /// Replaces the token; the old one is refused from now on.
    pub fn replace(&self, secret: Secret) {
        let mut current = self.current.write().unwrap_or_else(|e| e.into_inner());
        current.digest = digest(&secret);
        current.secret = secret;
        current.generation += 1;
    }
}

fn digest(secret: &Secret) -> [u8; 32] {
    Sha256::digest(secret.expose().as_bytes()).into()
}

/// The token of an `Authorization: Bearer <token>` header value (scheme case-insensitive).
pub(crate) fn bearer(header: &str) -> Option<&str> {
    let (scheme, token) = header.trim().split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_64_hex_characters_and_differ() {
        let a = generate();
        let b = generate();
        assert_eq!(a.expose().len(), 64);
        assert!(a.expose().bytes().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
    }

    #[test]
    fn only_the_current_token_verifies() {
        let first = generate();
        let tokens = Tokens::new(first.clone());
        assert_eq!(tokens.verify(first.expose()), Some(0));
        assert_eq!(tokens.verify(""), None);
        assert_eq!(tokens.verify(&first.expose()[..63]), None);
        assert_eq!(tokens.verify(&format!("{}0", first.expose())), None);
        let second = generate();
        tokens.replace(second.clone());
        assert_eq!(tokens.verify(first.expose()), None);
        assert_eq!(tokens.verify(second.expose()), Some(1));
        assert!(!tokens.is_current(0));
        assert!(tokens.is_current(1));
    }

    #[test]
    fn bearer_reads_the_scheme_case_insensitively() {
        assert_eq!(bearer("Bearer abc"), Some("abc"));
        assert_eq!(bearer("bearer  abc "), Some("abc"));
        assert_eq!(bearer("Basic abc"), None);
        assert_eq!(bearer("Bearer"), None);
        assert_eq!(bearer("Bearer "), None);
    }
}

//! The schema's history. Each migration is one SQL file under `crates/store/migrations/`,
//! applied in order inside one transaction; SQLite's `user_version` records how many ran.
//!
//! To change the schema, add `migrations/NNNN_what.sql` (next number) and append it to
//! `MIGRATION_STEPS`. Never edit a migration that has shipped. The integration tests then
//! migrate a database seeded at every earlier version and check that its data survives;
//! add `tests/store/fixtures/seed_vNNNN.sql` for the new version when you add the next one.

use rusqlite_migration::{M, Migrations};

/// Every migration, oldest first. The position (from 1) is the schema version it produces.
const MIGRATION_STEPS: &[M<'static>] = &[
    M::up(include_str!("../migrations/0001_initial.sql")),
    M::up(include_str!("../migrations/0002_event_ingest.sql")),
];

/// The schema version this build creates and understands.
pub const SCHEMA_VERSION: usize = MIGRATION_STEPS.len();

/// All migrations, for [`Migrations::to_latest`] or, in tests, [`Migrations::to_version`].
pub fn migrations() -> Migrations<'static> {
    Migrations::from_slice(MIGRATION_STEPS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_validate() {
        migrations().validate().unwrap();
    }

    #[test]
    fn every_migration_file_is_listed_in_order() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".sql"))
            .collect();
        names.sort();
        assert_eq!(names.len(), SCHEMA_VERSION, "files: {names:?}");
        for (index, name) in names.iter().enumerate() {
            let expected_prefix = format!("{:04}_", index + 1);
            assert!(
                name.starts_with(&expected_prefix),
                "{name} should start with {expected_prefix}"
            );
        }
    }
}

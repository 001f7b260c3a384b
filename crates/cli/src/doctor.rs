//! `callbrief-cli doctor`: what an admin checks first when Callbrief misbehaves on a
//! machine — where its files are, whether the database opens, which keychain is in use.
//! A missing database is reported, not created; an existing one is opened exactly as the
//! app opens it (so an older schema is migrated, and a corrupt or newer file is reported
//! and left untouched).

use std::path::Path;
use std::process::ExitCode;

use callbrief_platform::{AppPaths, Keychain};
use callbrief_store::Store;
use serde::Serialize;

#[derive(Debug, Serialize)]
struct Report {
    version: &'static str,
    data_dir: String,
    config_dir: String,
    log_dir: String,
    database: DatabaseReport,
    keychain: String,
}

#[derive(Debug, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
enum DatabaseReport {
    /// No database yet: the app creates it on first start.
    Absent {
        path: String,
    },
    Ok {
        path: String,
        schema_version: usize,
    },
    Error {
        path: String,
        message: String,
    },
}

pub(crate) async fn run(data_dir: Option<&Path>, json: bool) -> ExitCode {
    let Some(paths) = AppPaths::resolve(data_dir) else {
        eprintln!("callbrief-cli: cannot find a home folder; pass --data-dir");
        return ExitCode::from(2);
    };
    let report = Report {
        version: env!("CARGO_PKG_VERSION"),
        data_dir: paths.data_dir.display().to_string(),
        config_dir: paths.config_dir.display().to_string(),
        log_dir: paths.log_dir.display().to_string(),
        database: check_database(&paths.database()).await,
        keychain: format!("{:?}", Keychain::open().await.backend()),
    };
    let healthy = !matches!(report.database, DatabaseReport::Error { .. });
    if json {
        match serde_json::to_string(&report) {
            Ok(line) => println!("{line}"),
            Err(err) => eprintln!("callbrief-cli: {err}"),
        }
    } else {
        print_text(&report);
    }
    if healthy {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

async fn check_database(path: &Path) -> DatabaseReport {
    let shown = path.display().to_string();
    if !path.exists() {
        return DatabaseReport::Absent { path: shown };
    }
    match Store::open(path).await {
        Ok(_) => DatabaseReport::Ok {
            path: shown,
            schema_version: callbrief_store::SCHEMA_VERSION,
        },
        Err(err) => DatabaseReport::Error {
            path: shown,
            message: err.to_string(),
        },
    }
}

fn print_text(report: &Report) {
    println!("Callbrief {}", report.version);
    println!("  data folder    {}", report.data_dir);
    println!("  config folder  {}", report.config_dir);
    println!("  log folder     {}", report.log_dir);
    match &report.database {
        DatabaseReport::Absent { path } => println!("  database       {path} (not created yet)"),
        DatabaseReport::Ok {
            path,
            schema_version,
        } => {
            println!("  database       {path} (ok, schema version {schema_version})");
        }
        DatabaseReport::Error { path, message } => println!("  database       {path}: {message}"),
    }
    println!("  keychain       {}", report.keychain);
}

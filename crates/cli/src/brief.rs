//! `callbrief-cli brief QUERY`: the briefing the panel shows, for scripts and machines
//! without a display. It runs the app's own briefing code: cached customers and the CRM
//! are searched, the first match is refreshed from the CRM, and when the CRM cannot be
//! reached the cached copy is printed with `"from_cache": true`.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use callbrief_accounts::CrmSession;
use callbrief_briefing::{BriefError, Briefer, Briefing};
use callbrief_core::Secret;
use callbrief_crm::CrmConnector;
use callbrief_crm::hubspot::{HubSpotConfig, HubSpotConnector};
use callbrief_platform::{AppPaths, Keychain};
use callbrief_store::Store;
use callbrief_store::page::Page;
use callbrief_store::repo::connections::{CrmKind, NewConnection};
use clap::{Args, ValueEnum};
use serde::Serialize;

/// The environment variable holding a HubSpot token for headless use.
const HUBSPOT_TOKEN_ENV: &str = "CALLBRIEF_HUBSPOT_TOKEN";

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum CrmName {
    Hubspot,
    Salesforce,
    Pipedrive,
}

#[derive(Debug, Args)]
pub(crate) struct BriefArgs {
    /// A person's name or email, a company name, a domain or a web address.
    query: String,
    /// Which CRM to ask.
    #[arg(long, value_enum)]
    crm: CrmName,
    /// The CRM's API base URL (the sandbox's in tests).
    #[arg(long, value_name = "URL")]
    base_url: String,
    /// Use this data folder (cache, connection) instead of the platform default.
    #[arg(long, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// Print one JSON object instead of text.
    #[arg(long)]
    json: bool,
}

#[derive(Serialize)]
struct Output<'a> {
    #[serde(flatten)]
    briefing: &'a Briefing,
    from_cache: bool,
    elapsed_ms: u128,
}

/// Why `brief` stopped: bad input (exit 2) or a failed lookup (exit 1).
enum Failure {
    Input(String),
    Failed(String),
}

pub(crate) async fn run(args: BriefArgs) -> ExitCode {
    let started = Instant::now();
    match brief(&args).await {
        Ok((briefing, from_cache)) => {
            let elapsed_ms = started.elapsed().as_millis();
            if args.json {
                let output = Output {
                    briefing: &briefing,
                    from_cache,
                    elapsed_ms,
                };
                match serde_json::to_string(&output) {
                    Ok(line) => println!("{line}"),
                    Err(error) => {
                        eprintln!("callbrief-cli: brief: {error}");
                        return ExitCode::FAILURE;
                    }
                }
            } else {
                print!("{}", as_text(&briefing, from_cache));
            }
            ExitCode::SUCCESS
        }
        Err(Failure::Input(message)) => {
            eprintln!("callbrief-cli: brief: {message}");
            ExitCode::from(2)
        }
        Err(Failure::Failed(message)) => {
            eprintln!("callbrief-cli: brief: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn brief(args: &BriefArgs) -> Result<(Briefing, bool), Failure> {
    if args.crm != CrmName::Hubspot {
        return Err(Failure::Input(format!(
            "{} is not supported yet; use --crm hubspot",
            args.crm
                .to_possible_value()
                .map(|v| v.get_name().to_owned())
                .unwrap_or_default()
        )));
    }
    if args.query.trim().is_empty() {
        return Err(Failure::Input("the query is empty".into()));
    }
    let paths = AppPaths::resolve(args.data_dir.as_deref()).ok_or_else(|| {
        Failure::Input("no home folder for Callbrief's data; pass --data-dir".into())
    })?;
    let store = Store::open(&paths.database())
        .await
        .map_err(|error| Failure::Failed(error.to_string()))?;
    let session = hubspot_session(&store, &args.base_url).await?;
    let briefer = Briefer::with_session(session, store);

    let matches = briefer.search(&args.query).await.map_err(failed)?;
    let company = matches
        .first()
        .ok_or_else(|| Failure::Failed(format!("no customer matches {:?}", args.query)))?;
    match briefer.refresh(&company.id, &[]).await {
        Ok(briefing) => Ok((briefing, false)),
        Err(error @ BriefError::Offline { .. }) => match briefer.cached(&company.id, &[]).await {
            Ok(Some(briefing)) => Ok((briefing, true)),
            _ => Err(failed(error)),
        },
        Err(error) => Err(failed(error)),
    }
}

fn failed(error: BriefError) -> Failure {
    Failure::Failed(error.to_string())
}

/// The token from the environment, else from the keychain entry of the app's HubSpot
/// connection; the cache is keyed by that connection (created on first use).
async fn hubspot_session(store: &Store, base_url: &str) -> Result<CrmSession, Failure> {
    let stored = store
        .connections(Page {
            limit: 100,
            offset: 0,
        })
        .await
        .map_err(|error| Failure::Failed(error.to_string()))?
        .items
        .into_iter()
        .find(|c| c.crm == CrmKind::HubSpot);
    let token = match std::env::var(HUBSPOT_TOKEN_ENV) {
        Ok(token) if !token.trim().is_empty() => Secret::new(token.trim()),
        _ => {
            let account = stored
                .as_ref()
                .map(|c| c.keychain_account.clone())
                .ok_or_else(|| {
                    Failure::Input(format!(
                        "no HubSpot token: set {HUBSPOT_TOKEN_ENV} or connect HubSpot in the app"
                    ))
                })?;
            Keychain::open()
                .await
                .get(&account)
                .await
                .map_err(|error| Failure::Failed(error.to_string()))?
                .ok_or_else(|| {
                    Failure::Input(format!(
                        "the keychain has no token for {account}; set {HUBSPOT_TOKEN_ENV}"
                    ))
                })?
        }
    };
    let connector: Arc<dyn CrmConnector> = Arc::new(
        HubSpotConnector::new(HubSpotConfig::new(base_url, token))
            .map_err(|error| Failure::Input(error.to_string()))?,
    );
    let connection_id = match stored {
        Some(connection) => connection.id,
        None => {
            let identity = connector
                .who_am_i()
                .await
                .map_err(|error| Failure::Failed(error.to_string()))?;
            store
                .upsert_connection(NewConnection {
                    crm: CrmKind::HubSpot,
                    account_id: identity.portal_id.clone(),
                    display_name: identity
                        .account_name
                        .unwrap_or_else(|| identity.portal_id.clone()),
                    base_url: base_url.to_owned(),
                    keychain_account: format!("hubspot:{}", identity.portal_id),
                })
                .await
                .map_err(|error| Failure::Failed(error.to_string()))?
                .id
        }
    };
    Ok(CrmSession {
        connection_id,
        connector,
    })
}

fn as_text(briefing: &Briefing, from_cache: bool) -> String {
    let mut out = String::new();
    let company = &briefing.company;
    out.push_str(&company.name);
    if let Some(domain) = &company.domain {
        out.push_str(&format!(" ({domain})"));
    }
    out.push('\n');
    if from_cache {
        out.push_str("(the CRM could not be reached: cached copy)\n");
    }
    out.push_str("\nPeople\n");
    for contact in &briefing.contacts {
        let details: Vec<&str> = [contact.title.as_deref(), contact.email.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        out.push_str(&format!("  {} — {}\n", contact.name, details.join(", ")));
    }
    out.push_str("\nOpen deals\n");
    for deal in &briefing.deals {
        let amount = deal
            .amount
            .map(|a| format!(" {a} {}", deal.currency.as_deref().unwrap_or("")))
            .unwrap_or_default();
        out.push_str(&format!(
            "  {}{} [{}]\n",
            deal.name,
            amount,
            deal.stage.as_deref().unwrap_or("-")
        ));
    }
    out.push_str("\nLatest notes\n");
    for note in &briefing.notes {
        out.push_str(&format!(
            "  {} {}\n",
            note.timestamp.as_deref().unwrap_or(""),
            note.text.replace('\n', " ")
        ));
    }
    out.push_str("\nOpen tasks\n");
    for task in &briefing.tasks {
        out.push_str(&format!(
            "  {} (due {})\n",
            task.subject,
            task.due.as_deref().unwrap_or("-")
        ));
    }
    out
}

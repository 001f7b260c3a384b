//! A customer's full context, read with bounded parallelism: associations are listed
//! per kind (all pages), then the records are read in batches of 100.

use serde_json::Value;

use super::convert::{
    self, CALL_PROPERTIES, COMPANY_PROPERTIES, CONTACT_PROPERTIES, DEAL_PROPERTIES,
    MEETING_PROPERTIES, NOTE_PROPERTIES, TASK_PROPERTIES,
};
use super::http::Http;
use super::paging::{associated_ids, batch_read};
use crate::error::{CrmError, CrmErrorKind};
use crate::types::{ContextOptions, CustomerContext, EngagementKind};

/// Batch reads per kind in flight at once (the connector also caps requests overall).
const PARALLEL: usize = 4;

async fn associated(
    http: &Http,
    company_id: &str,
    object: &str,
    properties: &[&str],
) -> Result<Vec<Value>, CrmError> {
    let ids = associated_ids(http, "companies", company_id, object).await?;
    batch_read(http, object, &ids, properties, PARALLEL).await
}

pub(crate) async fn customer_context(
    http: &Http,
    company_id: &str,
    options: ContextOptions,
) -> Result<CustomerContext, CrmError> {
    let mut url = http.url(&["crm", "v3", "objects", "companies", company_id]);
    url.query_pairs_mut()
        .append_pair("properties", &COMPANY_PROPERTIES.join(","));
    let company = http.get(url).await.map_err(|mut e| {
        if e.kind == CrmErrorKind::NotFound {
            e.message = format!("company {company_id} not found: {}", e.message);
        }
        e
    })?;
    let company = convert::company(&company);
    let cid = Some(company_id);

    let (contacts, deals, notes, meetings, calls, tasks) = futures::try_join!(
        associated(http, company_id, "contacts", CONTACT_PROPERTIES),
        associated(http, company_id, "deals", DEAL_PROPERTIES),
        associated(http, company_id, "notes", NOTE_PROPERTIES),
        associated(http, company_id, "meetings", MEETING_PROPERTIES),
        associated(http, company_id, "calls", CALL_PROPERTIES),
        associated(http, company_id, "tasks", TASK_PROPERTIES),
    )?;

    let contacts = contacts
        .iter()
        .map(|r| {
            let mut contact = convert::contact(r);
            contact
                .company_id
                .get_or_insert_with(|| company_id.to_owned());
            contact
        })
        .collect();
    let open_deals = deals
        .iter()
        .filter(|r| convert::deal_is_open(r))
        .map(|r| convert::deal(r, cid))
        .collect();
    let mut recent_notes: Vec<_> = notes.iter().map(|r| convert::note(r, cid)).collect();
    convert::newest_first(&mut recent_notes, |n| n.note.timestamp.as_deref());
    recent_notes.truncate(options.recent_notes);

    let mut recent_engagements: Vec<_> = meetings
        .iter()
        .map(|r| convert::engagement(r, EngagementKind::Meeting))
        .chain(
            calls
                .iter()
                .map(|r| convert::engagement(r, EngagementKind::Call)),
        )
        .collect();
    convert::newest_first(&mut recent_engagements, |e| e.timestamp.as_deref());
    recent_engagements.truncate(options.recent_engagements);

    let open_tasks = tasks
        .iter()
        .filter(|r| convert::task_is_open(r))
        .map(|r| convert::task(r, cid))
        .collect();

    Ok(CustomerContext {
        company,
        contacts,
        open_deals,
        recent_notes,
        recent_engagements,
        open_tasks,
    })
}

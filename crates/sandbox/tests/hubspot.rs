//! The HubSpot emulator over real HTTP: auth, objects, search, batch, associations,
//! properties, owners, account info, rate limits, faults, and the snapshot round trip.

use std::time::{Duration, Instant};

use callbrief_core::model::CrmSnapshot;
use callbrief_sandbox::{FaultKind, FaultPlan, Sandbox, SandboxOptions, demo_seed};
use reqwest::{Method, StatusCode, header::HeaderMap};
use serde_json::{Value, json};

struct Env {
    sandbox: Sandbox,
    http: reqwest::Client,
    base: String,
    token: String,
}

struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: Value,
}

async fn start(options: SandboxOptions) -> Env {
    let sandbox = Sandbox::start(options).await.unwrap();
    let endpoint = sandbox.hubspot();
    assert!(endpoint.base_url.starts_with("http://127.0.0.1:"));
    assert!(endpoint.base_url.ends_with("/hubspot"));
    Env {
        http: reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .build()
            .unwrap(),
        base: endpoint.base_url,
        token: endpoint.token,
        sandbox,
    }
}

async fn demo() -> Env {
    start(SandboxOptions {
        seed: demo_seed(),
        ..SandboxOptions::default()
    })
    .await
}

impl Env {
    async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
        token: Option<&str>,
    ) -> reqwest::Result<Answer> {
        let mut request = self.http.request(method, format!("{}{path}", self.base));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await?;
        let status = response.status();
        let headers = response.headers().clone();
        let text = response.text().await?;
        let body = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap()
        };
        Ok(Answer {
            status,
            headers,
            body,
        })
    }

    async fn call(&self, method: Method, path: &str, body: Option<Value>) -> Answer {
        self.send(method, path, body, Some(&self.token))
            .await
            .unwrap()
    }

    async fn get(&self, path: &str) -> Answer {
        self.call(Method::GET, path, None).await
    }

    async fn post(&self, path: &str, body: Value) -> Answer {
        self.call(Method::POST, path, Some(body)).await
    }
}

fn assert_error_body(answer: &Answer, status: u16, category: &str) {
    assert_eq!(answer.status.as_u16(), status, "{}", answer.body);
    assert_eq!(answer.body["status"], "error", "{}", answer.body);
    assert_eq!(answer.body["category"], category, "{}", answer.body);
    assert!(
        answer.body["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty())
    );
    let correlation = answer.body["correlationId"].as_str().unwrap();
    assert!(uuid_like(correlation), "{correlation}");
    assert!(
        answer.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json"),
        "every answer is JSON"
    );
}

fn uuid_like(text: &str) -> bool {
    text.len() == 36 && text.chars().filter(|c| *c == '-').count() == 4
}

async fn first_id(env: &Env, object: &str) -> String {
    env.get(&format!("/crm/v3/objects/{object}?limit=1"))
        .await
        .body["results"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn missing_wrong_and_revoked_tokens_get_401_with_hubspots_body() {
    let env = demo().await;
    let path = "/crm/v3/objects/contacts?limit=1";
    let none = env.send(Method::GET, path, None, None).await.unwrap();
    assert_error_body(&none, 401, "INVALID_AUTHENTICATION");
    let wrong = env
        .send(Method::GET, path, None, Some("pat-na1-nope"))
        .await
        .unwrap();
    assert_error_body(&wrong, 401, "INVALID_AUTHENTICATION");
    let extra = env
        .sandbox
        .issue_hubspot_token(&["crm.objects.contacts.read"]);
    assert_eq!(
        env.send(Method::GET, path, None, Some(&extra))
            .await
            .unwrap()
            .status,
        200
    );
    env.sandbox.revoke_hubspot_token(&extra);
    let revoked = env
        .send(Method::GET, path, None, Some(&extra))
        .await
        .unwrap();
    assert_error_body(&revoked, 401, "INVALID_AUTHENTICATION");
}

#[tokio::test]
async fn a_token_without_the_scope_gets_403_missing_scopes() {
    let env = demo().await;
    let token = env
        .sandbox
        .issue_hubspot_token(&["crm.objects.contacts.read"]);
    let ok = env
        .send(Method::GET, "/crm/v3/objects/contacts", None, Some(&token))
        .await
        .unwrap();
    assert_eq!(ok.status, 200);
    let denied = env
        .send(
            Method::POST,
            "/crm/v3/objects/contacts",
            Some(json!({"properties": {"email": "x@y.example"}})),
            Some(&token),
        )
        .await
        .unwrap();
    assert_error_body(&denied, 403, "MISSING_SCOPES");
    assert_eq!(
        denied.body["errors"][0]["context"]["requiredScopes"],
        json!(["crm.objects.contacts.write"])
    );
    let deals = env
        .send(Method::GET, "/crm/v3/objects/deals", None, Some(&token))
        .await
        .unwrap();
    assert_error_body(&deals, 403, "MISSING_SCOPES");
}

#[tokio::test]
async fn lists_page_with_an_after_cursor_and_repeated_or_comma_properties() {
    let env = demo().await;
    let mut after: Option<String> = None;
    let mut seen = Vec::new();
    for _ in 0..5 {
        let cursor = after
            .as_ref()
            .map(|a| format!("&after={a}"))
            .unwrap_or_default();
        let page = env
            .get(&format!(
                "/crm/v3/objects/companies?limit=3&properties=name&properties=domain{cursor}"
            ))
            .await;
        assert_eq!(page.status, 200);
        for company in page.body["results"].as_array().unwrap() {
            assert!(company["properties"]["domain"].is_string());
            assert_eq!(company["archived"], false);
            seen.push(company["id"].as_str().unwrap().to_owned());
        }
        after = page.body["paging"]["next"]["after"]
            .as_str()
            .map(str::to_owned);
        if after.is_none() {
            break;
        }
    }
    assert_eq!(seen.len(), 8);
    let comma = env
        .get("/crm/v3/objects/companies?limit=1&properties=name,industry")
        .await;
    assert!(comma.body["results"][0]["properties"]["industry"].is_string());
    let defaults = env.get("/crm/v3/objects/contacts?limit=1").await;
    let props = defaults.body["results"][0]["properties"]
        .as_object()
        .unwrap();
    for name in [
        "email",
        "firstname",
        "lastname",
        "hs_object_id",
        "createdate",
        "lastmodifieddate",
    ] {
        assert!(props.contains_key(name), "{name}");
    }
}

#[tokio::test]
async fn create_update_archive_and_read_by_unique_property() {
    let env = demo().await;
    let created = env
        .post(
            "/crm/v3/objects/contacts",
            json!({"properties": {"email": "new.person@example.com", "firstname": "New"}}),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    let id = created.body["id"].as_str().unwrap().to_owned();
    assert!(id.chars().all(|c| c.is_ascii_digit()));
    assert_eq!(created.body["properties"]["hs_object_id"], id);

    let by_email = env
        .get(
            "/crm/v3/objects/contacts/NEW.PERSON@example.com?idProperty=email&properties=firstname",
        )
        .await;
    assert_eq!(by_email.status, 200);
    assert_eq!(by_email.body["id"], id);
    let not_unique = env
        .get("/crm/v3/objects/contacts/New?idProperty=firstname")
        .await;
    assert_error_body(&not_unique, 400, "VALIDATION_ERROR");

    let updated = env
        .call(
            Method::PATCH,
            &format!("/crm/v3/objects/contacts/{id}"),
            Some(json!({"properties": {"jobtitle": "CFO"}})),
        )
        .await;
    assert_eq!(updated.status, 200);
    assert_eq!(updated.body["properties"]["jobtitle"], "CFO");
    let read = env
        .get(&format!(
            "/crm/v3/objects/contacts/{id}?properties=jobtitle,firstname"
        ))
        .await;
    assert_eq!(read.body["properties"]["firstname"], "New");
    assert_eq!(read.body["properties"]["jobtitle"], "CFO");

    let archived = env
        .call(
            Method::DELETE,
            &format!("/crm/v3/objects/contacts/{id}"),
            None,
        )
        .await;
    assert_eq!(archived.status, 204);
    let gone = env.get(&format!("/crm/v3/objects/contacts/{id}")).await;
    assert_error_body(&gone, 404, "OBJECT_NOT_FOUND");
    let archived_read = env
        .get(&format!("/crm/v3/objects/contacts/{id}?archived=true"))
        .await;
    assert_eq!(archived_read.body["archived"], true);
    assert!(
        env.sandbox
            .hubspot_records("contacts")
            .await
            .iter()
            .all(|c| c["id"] != id.as_str())
    );
}

#[tokio::test]
async fn validation_errors_match_hubspot() {
    let env = demo().await;
    let unknown = env
        .post(
            "/crm/v3/objects/companies",
            json!({"properties": {"name": "X", "no_such_field": "1"}}),
        )
        .await;
    assert_error_body(&unknown, 400, "VALIDATION_ERROR");
    let message = unknown.body["message"].as_str().unwrap();
    assert!(
        message.starts_with("Property values were not valid"),
        "{message}"
    );
    assert!(
        message.contains("PROPERTY_DOESNT_EXIST") && message.contains("no_such_field"),
        "{message}"
    );
    assert_eq!(unknown.body["errors"][0]["code"], "PROPERTY_DOESNT_EXIST");

    for object in ["notes", "meetings", "calls", "tasks"] {
        let missing = env
            .post(
                &format!("/crm/v3/objects/{object}"),
                json!({"properties": {}}),
            )
            .await;
        assert_error_body(&missing, 400, "VALIDATION_ERROR");
        assert!(
            missing.body["message"]
                .as_str()
                .unwrap()
                .contains("hs_timestamp"),
            "{object}"
        );
    }

    let email = env.get("/crm/v3/objects/contacts?limit=1").await.body["results"][0]["properties"]
        ["email"]
        .clone();
    let duplicate = env
        .post(
            "/crm/v3/objects/contacts",
            json!({"properties": {"email": email}}),
        )
        .await;
    assert_error_body(&duplicate, 409, "CONFLICT");
    assert!(
        duplicate.body["message"]
            .as_str()
            .unwrap()
            .starts_with("Contact already exists. Existing ID: ")
    );

    let bad_json = env
        .http
        .post(format!("{}/crm/v3/objects/contacts", env.base))
        .bearer_auth(&env.token)
        .header("content-type", "application/json")
        .body("{nope")
        .send()
        .await
        .unwrap();
    assert_eq!(bad_json.status(), 400);
}

#[tokio::test]
async fn custom_unique_properties_are_enforced() {
    let env = demo().await;
    let all = env.get("/crm/v3/properties/deals").await;
    let names: Vec<&str> = all.body["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    for name in [
        "dealname",
        "dealstage",
        "amount",
        "closedate",
        "pipeline",
        "hubspot_owner_id",
    ] {
        assert!(names.contains(&name), "{name}");
    }
    let one = env.get("/crm/v3/properties/notes/hs_timestamp").await;
    assert_eq!(one.body["type"], "datetime");
    assert_eq!(one.body["hubspotDefined"], true);
    assert_eq!(one.body["hasUniqueValue"], false);

    let definition = json!({"name": "callbrief_push_id", "label": "Callbrief push id", "type": "string",
                            "fieldType": "text", "groupName": "note", "hasUniqueValue": true});
    let created = env
        .post("/crm/v3/properties/notes", definition.clone())
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    assert_eq!(created.body["hasUniqueValue"], true);
    assert_error_body(
        &env.post("/crm/v3/properties/notes", definition).await,
        409,
        "CONFLICT",
    );
    let bad_type = env
        .post("/crm/v3/properties/notes", json!({"name": "x", "label": "X", "type": "string", "fieldType": "select", "groupName": "note"}))
        .await;
    assert_error_body(&bad_type, 400, "VALIDATION_ERROR");

    let note = json!({"properties": {"hs_timestamp": "2026-11-25T06:00:00Z", "hs_note_body": "a", "callbrief_push_id": "push-1"}});
    assert_eq!(
        env.post("/crm/v3/objects/notes", note.clone()).await.status,
        201
    );
    let again = env.post("/crm/v3/objects/notes", note).await;
    assert_error_body(&again, 400, "VALIDATION_ERROR");
    assert!(
        again.body["message"]
            .as_str()
            .unwrap()
            .contains("already has that value")
    );
    let by_key = env
        .get("/crm/v3/objects/notes/push-1?idProperty=callbrief_push_id&properties=hs_note_body")
        .await;
    assert_eq!(by_key.body["properties"]["hs_note_body"], "a");
    assert_eq!(
        by_key.body["properties"]["hs_timestamp"],
        Value::Null,
        "only asked-for properties"
    );
}

#[tokio::test]
async fn search_filters_sorts_and_pages() {
    let env = demo().await;
    let by_domain = env
        .post("/crm/v3/objects/companies/search", json!({
            "filterGroups": [{"filters": [{"propertyName": "domain", "operator": "EQ", "value": "ACME-robotics.example"}]}],
            "properties": ["name"]}))
        .await;
    assert_eq!(by_domain.body["total"], 1, "{}", by_domain.body);
    assert_eq!(
        by_domain.body["results"][0]["properties"]["name"],
        "Acme Robotics"
    );

    let cny_big = env
        .post(
            "/crm/v3/objects/deals/search",
            json!({
            "filterGroups": [{"filters": [
                {"propertyName": "deal_currency_code", "operator": "EQ", "value": "CNY"},
                {"propertyName": "amount", "operator": "GTE", "value": "500000"}]}],
            "sorts": [{"propertyName": "amount", "direction": "DESCENDING"}],
            "properties": ["amount", "dealname"]}),
        )
        .await;
    let amounts: Vec<f64> = cny_big.body["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["properties"]["amount"].as_str().unwrap().parse().unwrap())
        .collect();
    assert_eq!(amounts, vec![2_600_000.0, 1_200_000.0, 680_000.0]);

    let either = env
        .post("/crm/v3/objects/contacts/search", json!({
            "filterGroups": [
                {"filters": [{"propertyName": "lastname", "operator": "IN", "values": ["王芳", "Chen"]}]},
                {"filters": [{"propertyName": "email", "operator": "CONTAINS_TOKEN", "value": "*@harborfinch.example"}]}],
            "properties": ["email"], "limit": 200}))
        .await;
    assert_eq!(either.body["total"], 5, "{}", either.body);

    let no_next_step = env
        .post(
            "/crm/v3/objects/deals/search",
            json!({"filterGroups": [{"filters": [
            {"propertyName": "hs_next_step", "operator": "NOT_HAS_PROPERTY"}]}]}),
        )
        .await;
    assert_eq!(no_next_step.body["total"], 0);

    // Search allows 5 requests per second per token.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let first = env
        .post(
            "/crm/v3/objects/contacts/search",
            json!({"limit": 10, "sorts": ["email"]}),
        )
        .await;
    assert_eq!(first.body["paging"]["next"]["after"], "10");
    let second = env
        .post(
            "/crm/v3/objects/contacts/search",
            json!({"limit": 10, "after": "10", "sorts": ["email"]}),
        )
        .await;
    let total = first.body["total"].as_u64().unwrap();
    assert_eq!(
        second.body["results"].as_array().unwrap().len() as u64,
        (total - 10).min(10)
    );
    let emails: Vec<&str> = first.body["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["properties"]["email"].as_str().unwrap())
        .collect();
    let mut sorted = emails.clone();
    sorted.sort();
    assert_eq!(emails, sorted);

    let too_many = env
        .post("/crm/v3/objects/contacts/search", json!({"limit": 201}))
        .await;
    assert_error_body(&too_many, 400, "VALIDATION_ERROR");
    let bad_operator = env
        .post("/crm/v3/objects/contacts/search", json!({"filterGroups": [{"filters": [{"propertyName": "email", "operator": "LIKE", "value": "x"}]}]}))
        .await;
    assert_error_body(&bad_operator, 400, "VALIDATION_ERROR");
}

#[tokio::test]
async fn search_does_not_see_fresh_writes_until_the_lag_has_passed() {
    let env = start(SandboxOptions {
        seed: demo_seed(),
        search_lag: Duration::from_millis(400),
        ..SandboxOptions::default()
    })
    .await;
    let find = json!({"filterGroups": [{"filters": [{"propertyName": "email", "operator": "EQ", "value": "lagging@example.com"}]}]});
    let seeded = env
        .post("/crm/v3/objects/companies/search", json!({"filterGroups": [{"filters": [{"propertyName": "domain", "operator": "HAS_PROPERTY"}]}]}))
        .await;
    assert_eq!(
        seeded.body["total"], 8,
        "seeded records are indexed already"
    );
    let created = env
        .post(
            "/crm/v3/objects/contacts",
            json!({"properties": {"email": "lagging@example.com"}}),
        )
        .await;
    let id = created.body["id"].as_str().unwrap().to_owned();
    assert_eq!(
        env.post("/crm/v3/objects/contacts/search", find.clone())
            .await
            .body["total"],
        0
    );
    assert_eq!(
        env.get(&format!("/crm/v3/objects/contacts/{id}"))
            .await
            .status,
        200,
        "reads by id are immediate"
    );
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        env.post("/crm/v3/objects/contacts/search", find).await.body["total"],
        1
    );

    // An update is invisible to search until indexed; the old value is still found.
    let company = first_id(&env, "companies").await;
    let old_name = env
        .get(&format!(
            "/crm/v3/objects/companies/{company}?properties=name"
        ))
        .await
        .body["properties"]["name"]
        .clone();
    env.call(
        Method::PATCH,
        &format!("/crm/v3/objects/companies/{company}"),
        Some(json!({"properties": {"name": "Renamed Co"}})),
    )
    .await;
    let by_old = env
        .post("/crm/v3/objects/companies/search", json!({"filterGroups": [{"filters": [{"propertyName": "name", "operator": "EQ", "value": old_name}]}], "properties": ["name"]}))
        .await;
    assert_eq!(by_old.body["total"], 1);
    assert_eq!(by_old.body["results"][0]["properties"]["name"], old_name);
}

#[tokio::test]
async fn batch_create_read_update_upsert_archive() {
    let env = demo().await;
    let property = json!({"name": "push_id", "label": "Push id", "type": "string", "fieldType": "text",
                          "groupName": "note", "hasUniqueValue": true});
    assert_eq!(
        env.post("/crm/v3/properties/notes", property).await.status,
        201
    );
    let company = first_id(&env, "companies").await;
    let created = env
        .post("/crm/v3/objects/notes/batch/create", json!({"inputs": [
            {"properties": {"hs_timestamp": "1764050400000", "hs_note_body": "one", "push_id": "a"},
             "associations": [{"to": {"id": company}, "types": [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 190}]}]},
            {"properties": {"hs_timestamp": "2026-11-25T06:00:00Z", "hs_note_body": "two", "push_id": "b"}}]}))
        .await;
    assert_eq!(created.status, 201, "{}", created.body);
    assert_eq!(created.body["status"], "COMPLETE");
    assert_eq!(
        created.body["results"][0]["properties"]["hs_timestamp"],
        "2025-11-25T06:00:00.000Z"
    );
    let ids: Vec<String> = created.body["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect();

    let read = env
        .post("/crm/v3/objects/notes/batch/read", json!({"inputs": [{"id": ids[0]}, {"id": ids[1]}, {"id": "999999"}], "properties": ["hs_note_body"]}))
        .await;
    assert_eq!(read.status, 207);
    assert_eq!(read.body["results"].as_array().unwrap().len(), 2);
    assert_eq!(read.body["numErrors"], 1);
    assert_eq!(read.body["errors"][0]["context"]["ids"], json!(["999999"]));
    let by_key = env
        .post("/crm/v3/objects/notes/batch/read", json!({"inputs": [{"id": "b"}], "idProperty": "push_id", "properties": ["hs_note_body"]}))
        .await;
    assert_eq!(by_key.status, 200);
    assert_eq!(
        by_key.body["results"][0]["properties"]["hs_note_body"],
        "two"
    );

    let updated = env
        .post(
            "/crm/v3/objects/notes/batch/update",
            json!({"inputs": [{"id": ids[1], "properties": {"hs_note_body": "two!"}}]}),
        )
        .await;
    assert_eq!(updated.status, 200);
    assert_eq!(
        updated.body["results"][0]["properties"]["hs_note_body"],
        "two!"
    );

    let upsert = json!({"inputs": [
        {"id": "a", "idProperty": "push_id", "properties": {"hs_note_body": "one, again"}},
        {"id": "c", "idProperty": "push_id", "properties": {"hs_note_body": "three", "hs_timestamp": "2026-11-25T06:00:00Z"}}]});
    let first = env
        .post("/crm/v3/objects/notes/batch/upsert", upsert.clone())
        .await;
    assert_eq!(first.status, 200, "{}", first.body);
    let new_flags: Vec<(Value, Value)> = first.body["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["properties"]["push_id"].clone(), r["new"].clone()))
        .collect();
    assert_eq!(
        new_flags,
        vec![(json!("a"), json!(false)), (json!("c"), json!(true))]
    );
    let again = env.post("/crm/v3/objects/notes/batch/upsert", upsert).await;
    assert!(
        again.body["results"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["new"] == false),
        "upsert is idempotent"
    );
    let not_unique = env
        .post(
            "/crm/v3/objects/notes/batch/upsert",
            json!({"inputs": [{"id": "x", "idProperty": "hs_note_body", "properties": {}}]}),
        )
        .await;
    assert_error_body(&not_unique, 400, "VALIDATION_ERROR");

    let too_many: Vec<Value> = (0..101).map(|i| json!({"id": i.to_string()})).collect();
    assert_error_body(
        &env.post(
            "/crm/v3/objects/notes/batch/read",
            json!({"inputs": too_many}),
        )
        .await,
        400,
        "VALIDATION_ERROR",
    );

    let before = env.sandbox.hubspot_records("notes").await.len();
    let archived = env
        .post(
            "/crm/v3/objects/notes/batch/archive",
            json!({"inputs": [{"id": ids[0]}, {"id": ids[1]}]}),
        )
        .await;
    assert_eq!(archived.status, 204);
    assert_eq!(env.sandbox.hubspot_records("notes").await.len(), before - 2);
}

#[tokio::test]
async fn associations_v4_and_v3_reads() {
    let env = demo().await;
    let deal = first_id(&env, "deals").await;
    let v3 = env
        .get(&format!(
            "/crm/v3/objects/deals/{deal}?associations=companies,contacts"
        ))
        .await;
    let companies = v3.body["associations"]["companies"]["results"]
        .as_array()
        .unwrap();
    let types: Vec<&str> = companies
        .iter()
        .map(|a| a["type"].as_str().unwrap())
        .collect();
    assert!(
        types.contains(&"deal_to_company") && types.contains(&"deal_to_company_unlabeled"),
        "{types:?}"
    );
    assert!(
        !v3.body["associations"]["contacts"]["results"]
            .as_array()
            .unwrap()
            .is_empty()
    );

    let note = env
        .post(
            "/crm/v3/objects/notes",
            json!({"properties": {"hs_timestamp": "2026-11-25T06:00:00Z", "hs_note_body": "x"}}),
        )
        .await
        .body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let put = env
        .call(
            Method::PUT,
            &format!("/crm/v4/objects/notes/{note}/associations/deals/{deal}"),
            Some(json!([{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 214}])),
        )
        .await;
    assert_eq!(put.status, 201, "{}", put.body);
    assert_eq!(put.body["fromObjectTypeId"], "0-46");
    assert_eq!(put.body["toObjectId"], deal.parse::<u64>().unwrap());
    let wrong_type = env
        .call(
            Method::PUT,
            &format!("/crm/v4/objects/notes/{note}/associations/deals/{deal}"),
            Some(json!([{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 202}])),
        )
        .await;
    assert_error_body(&wrong_type, 400, "VALIDATION_ERROR");

    let from_deal = env
        .get(&format!("/crm/v4/objects/deals/{deal}/associations/notes"))
        .await;
    let linked = from_deal.body["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["toObjectId"] == note.parse::<u64>().unwrap())
        .unwrap()
        .clone();
    assert_eq!(
        linked["associationTypes"][0]["typeId"], 213,
        "the inverse type"
    );

    let contacts: Vec<String> = env.get("/crm/v3/objects/contacts?limit=2").await.body["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect();
    let batch = env
        .post("/crm/v4/associations/notes/contacts/batch/create", json!({"inputs": contacts.iter().map(|c| json!({
            "from": {"id": note}, "to": {"id": c}, "types": [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 202}]})).collect::<Vec<_>>()}))
        .await;
    assert_eq!(batch.status, 201, "{}", batch.body);
    assert_eq!(batch.body["results"].as_array().unwrap().len(), 2);
    let default = env
        .call(
            Method::PUT,
            &format!(
                "/crm/v4/objects/notes/{note}/associations/default/companies/{}",
                first_id(&env, "companies").await
            ),
            None,
        )
        .await;
    assert_eq!(default.status, 200, "{}", default.body);
    let note_read = env
        .get(&format!(
            "/crm/v3/objects/notes/{note}?associations=contacts,companies,deals"
        ))
        .await;
    for to in ["contacts", "companies", "deals"] {
        assert!(
            note_read.body["associations"][to]["results"]
                .as_array()
                .is_some_and(|r| !r.is_empty()),
            "{to}"
        );
    }
    let removed = env
        .call(
            Method::DELETE,
            &format!("/crm/v4/objects/notes/{note}/associations/deals/{deal}"),
            None,
        )
        .await;
    assert_eq!(removed.status, 204);
    let after = env
        .get(&format!("/crm/v4/objects/notes/{note}/associations/deals"))
        .await;
    assert_eq!(after.body["results"], json!([]));
}

#[tokio::test]
async fn owners_and_account_info() {
    let env = demo().await;
    let owners = env.get("/crm/v3/owners").await;
    assert_eq!(owners.body["results"].as_array().unwrap().len(), 2);
    let paged = env.get("/crm/v3/owners/?limit=1").await;
    assert_eq!(paged.body["results"].as_array().unwrap().len(), 1);
    assert!(paged.body["paging"]["next"]["after"].is_string());
    let emma = env
        .get("/crm/v3/owners?email=EMMA.schmidt@seller.example")
        .await;
    assert_eq!(emma.body["results"][0]["firstName"], "Emma");
    let id = emma.body["results"][0]["id"].as_str().unwrap();
    assert_eq!(
        env.get(&format!("/crm/v3/owners/{id}")).await.body["lastName"],
        "Schmidt"
    );
    assert_error_body(&env.get("/crm/v3/owners/1").await, 404, "OBJECT_NOT_FOUND");
    let company = env
        .get("/crm/v3/objects/companies?limit=1&properties=hubspot_owner_id")
        .await;
    let owner = company.body["results"][0]["properties"]["hubspot_owner_id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        owners.body["results"]
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o["id"] == owner.as_str())
    );

    let details = env.get("/account-info/v3/details").await;
    assert_eq!(details.status, 200);
    for key in [
        "portalId",
        "accountType",
        "timeZone",
        "companyCurrency",
        "uiDomain",
        "dataHostingLocation",
    ] {
        assert!(!details.body[key].is_null(), "{key}");
    }
    let limited = env
        .sandbox
        .issue_hubspot_token(&["crm.objects.contacts.read"]);
    let info = env
        .send(
            Method::POST,
            "/oauth/v2/private-apps/get/access-token-info",
            Some(json!({"tokenKey": limited})),
            None,
        )
        .await
        .unwrap();
    assert_eq!(info.body["scopes"], json!(["crm.objects.contacts.read"]));
    assert_eq!(info.body["hubId"], details.body["portalId"]);
}

#[tokio::test]
async fn rate_limit_headers_and_429_bodies() {
    let env = start(SandboxOptions {
        seed: demo_seed(),
        rate_limit_per_10s: 5,
        ..SandboxOptions::default()
    })
    .await;
    let first = env.get("/crm/v3/objects/contacts?limit=1").await;
    assert_eq!(first.headers["x-hubspot-ratelimit-max"], "5");
    assert_eq!(first.headers["x-hubspot-ratelimit-remaining"], "4");
    assert_eq!(
        first.headers["x-hubspot-ratelimit-interval-milliseconds"],
        "10000"
    );
    assert!(first.headers.contains_key("x-hubspot-ratelimit-daily"));
    assert!(
        first
            .headers
            .contains_key("x-hubspot-ratelimit-daily-remaining")
    );
    for _ in 0..4 {
        assert_eq!(
            env.get("/crm/v3/objects/contacts?limit=1").await.status,
            200
        );
    }
    let limited = env.get("/crm/v3/objects/contacts?limit=1").await;
    assert_error_body(&limited, 429, "RATE_LIMITS");
    assert_eq!(limited.body["policyName"], "TEN_SECONDLY_ROLLING");
    assert_eq!(limited.body["errorType"], "RATE_LIMIT");
    assert_eq!(limited.headers["x-hubspot-ratelimit-remaining"], "0");
    let other = env
        .sandbox
        .issue_hubspot_token(&["crm.objects.contacts.read"]);
    let own_window = env
        .send(Method::GET, "/crm/v3/objects/contacts", None, Some(&other))
        .await
        .unwrap();
    assert_eq!(own_window.status, 200, "the window is per token");
    assert!(env.sandbox.stats().rate_limited >= 1);

    let searcher = demo().await;
    let mut statuses = Vec::new();
    for _ in 0..7 {
        statuses.push(
            searcher
                .post("/crm/v3/objects/contacts/search", json!({"limit": 1}))
                .await,
        );
    }
    let limited = statuses
        .iter()
        .find(|a| a.status == 429)
        .expect("search has its own lower limit");
    assert_eq!(limited.body["policyName"], "SECONDLY");
}

async fn with_fault(kind: FaultKind) -> Env {
    let env = demo().await;
    env.sandbox.set_faults(FaultPlan::only(kind, 1.0));
    env
}

#[tokio::test]
async fn injected_http_faults_answer_with_hubspot_bodies() {
    for (kind, status, category) in [
        (FaultKind::TooManyRequests, 429, "RATE_LIMITS"),
        (FaultKind::InternalError, 500, "INTERNAL_ERROR"),
        (FaultKind::BadGateway, 502, "INTERNAL_ERROR"),
        (FaultKind::Unavailable, 503, "INTERNAL_ERROR"),
    ] {
        let env = with_fault(kind).await;
        let answer = env
            .post(
                "/crm/v3/objects/contacts",
                json!({"properties": {"email": "f@example.com"}}),
            )
            .await;
        assert_error_body(&answer, status, category);
        env.sandbox.set_faults(FaultPlan::none());
        assert!(
            env.sandbox
                .hubspot_records("contacts")
                .await
                .iter()
                .all(|c| c["properties"]["email"] != "f@example.com")
        );
        assert_eq!(env.sandbox.stats().faults[kind.name()], 1);
    }
}

#[tokio::test]
async fn reset_drops_the_connection_before_the_write() {
    let env = with_fault(FaultKind::Reset).await;
    let result = env
        .send(
            Method::POST,
            "/crm/v3/objects/contacts",
            Some(json!({"properties": {"email": "reset@example.com"}})),
            Some(&env.token),
        )
        .await;
    assert!(
        result.is_err(),
        "the client sees a connection error, not an answer"
    );
    env.sandbox.set_faults(FaultPlan::none());
    let records = env.sandbox.hubspot_records("contacts").await;
    assert!(
        records
            .iter()
            .all(|c| c["properties"]["email"] != "reset@example.com"),
        "nothing was written"
    );
}

#[tokio::test]
async fn lost_response_commits_the_write_then_drops_the_connection() {
    let env = with_fault(FaultKind::LostResponse).await;
    let result = env
        .send(
            Method::POST,
            "/crm/v3/objects/contacts",
            Some(json!({"properties": {"email": "lost@example.com"}})),
            Some(&env.token),
        )
        .await;
    assert!(result.is_err(), "the client sees a connection error");
    env.sandbox.set_faults(FaultPlan::none());
    let records = env.sandbox.hubspot_records("contacts").await;
    assert_eq!(
        records
            .iter()
            .filter(|c| c["properties"]["email"] == "lost@example.com")
            .count(),
        1,
        "the write landed"
    );
    let found = env
        .get("/crm/v3/objects/contacts/lost@example.com?idProperty=email")
        .await;
    assert_eq!(found.status, 200);
}

#[tokio::test]
async fn timeout_gives_no_answer() {
    let env = with_fault(FaultKind::Timeout).await;
    let started = Instant::now();
    let result = env
        .http
        .get(format!("{}/crm/v3/objects/contacts", env.base))
        .bearer_auth(&env.token)
        .timeout(Duration::from_millis(700))
        .send()
        .await;
    assert!(result.is_err_and(|e| e.is_timeout()));
    assert!(started.elapsed() >= Duration::from_millis(700));
    assert_eq!(env.sandbox.stats().faults["timeout"], 1);
    env.sandbox.shutdown().await;
}

#[tokio::test]
async fn faults_are_deterministic_for_a_seed_and_latency_applies() {
    async fn statuses(seed: u64) -> Vec<u16> {
        let env = start(SandboxOptions {
            seed: demo_seed(),
            faults: "500:0.5".parse().unwrap(),
            fault_rng_seed: Some(seed),
            ..SandboxOptions::default()
        })
        .await;
        let mut out = Vec::new();
        for _ in 0..20 {
            out.push(
                env.get("/crm/v3/objects/contacts?limit=1")
                    .await
                    .status
                    .as_u16(),
            );
        }
        out
    }
    let a = statuses(42).await;
    assert_eq!(a, statuses(42).await);
    assert!(a.contains(&500) && a.contains(&200));

    let env = demo().await;
    env.sandbox.set_latency(Duration::from_millis(200));
    let started = Instant::now();
    assert_eq!(
        env.get("/crm/v3/objects/contacts?limit=1").await.status,
        200
    );
    assert!(started.elapsed() >= Duration::from_millis(200));
    assert!(env.sandbox.stats().requests >= 1);
}

#[tokio::test]
async fn seed_and_snapshot_round_trip_with_new_records() {
    let seed = demo_seed();
    let env = start(SandboxOptions {
        seed: seed.clone(),
        ..SandboxOptions::default()
    })
    .await;
    let snapshot = env.sandbox.snapshot().await;
    assert_eq!(
        snapshot, seed,
        "seeded records come back unchanged under their seed ids"
    );

    let company = env
        .post("/crm/v3/objects/companies/search", json!({"filterGroups": [{"filters": [{"propertyName": "domain", "operator": "EQ", "value": "acme-robotics.example"}]}]}))
        .await
        .body["results"][0]["id"].as_str().unwrap().to_owned();
    let note = env
        .post("/crm/v3/objects/notes", json!({
            "properties": {"hs_note_body": "<p>会议纪要</p>", "hs_timestamp": "2026-11-25T07:00:00Z"},
            "associations": [{"to": {"id": company}, "types": [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 190}]}]}))
        .await;
    let note_id = note.body["id"].as_str().unwrap().to_owned();
    let meeting = env
        .post("/crm/v3/objects/meetings", json!({"properties": {"hs_meeting_title": "Follow-up", "hs_timestamp": "2026-11-26T06:00:00Z",
            "hs_meeting_start_time": "2026-11-26T06:00:00Z", "hs_meeting_end_time": "2026-11-26T06:30:00Z"}}))
        .await;
    assert_eq!(meeting.status, 201);

    let after: CrmSnapshot = env.sandbox.snapshot().await;
    let written = after
        .notes
        .iter()
        .find(|n| n.id == note_id)
        .expect("the new note is exported under its HubSpot id");
    assert_eq!(written.body, "<p>会议纪要</p>");
    assert_eq!(written.timestamp.as_deref(), Some("2026-11-25T07:00:00Z"));
    let acme = seed
        .companies
        .iter()
        .find(|c| c.name == "Acme Robotics")
        .unwrap();
    assert_eq!(
        written.company_id.as_deref(),
        Some(acme.id.as_str()),
        "associations map back to seed ids"
    );
    assert!(
        after
            .meetings
            .iter()
            .any(|m| m.title == "Follow-up" && m.end.as_deref() == Some("2026-11-26T06:30:00Z"))
    );
    assert_eq!(after.notes.len(), seed.notes.len() + 1);
    env.sandbox.shutdown().await;
}

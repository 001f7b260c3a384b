//! Meeting → customer matching on a labelled set built over the bilingual demo CRM: who
//! joined, with which emails, when, under which topic, and which customer it really was.
//! Prints accuracy; every case must pick the right customer (or none), and an automatic
//! link must never be wrong.

use callbrief_core::model::CrmSnapshot;
use callbrief_sandbox::demo_seed;
use callbrief_sync::matching::{Attendee, Decision, KnownIdentity, MeetingFacts, match_meeting};

fn person(name: &str, email: Option<&str>) -> Attendee {
    Attendee {
        name: name.into(),
        email: email.map(Into::into),
        provider_user_id: None,
    }
}

fn seller() -> Attendee {
    person("Li Wei", Some("li.wei@seller.example"))
}

fn company_id(crm: &CrmSnapshot, name: &str) -> String {
    crm.companies
        .iter()
        .find(|c| c.name == name)
        .unwrap()
        .id
        .clone()
}

struct Case {
    label: &'static str,
    facts: MeetingFacts,
    expect: Option<&'static str>,
}

fn cases(crm: &CrmSnapshot) -> Vec<Case> {
    let acme_meeting = crm
        .meetings
        .iter()
        .find(|m| m.title.contains("Acme"))
        .unwrap();
    let facts = |topic: &str, participants: Vec<Attendee>| MeetingFacts {
        provider_meeting_id: format!("m-{topic}"),
        topic: Some(topic.into()),
        started_at: None,
        participants,
        pre_linked: None,
    };
    vec![
        Case {
            label: "contact email",
            facts: facts(
                "Weekly sync",
                vec![
                    seller(),
                    person("Anna Chen", Some("anna.chen@acme-robotics.example")),
                ],
            ),
            expect: Some("Acme Robotics"),
        },
        Case {
            label: "Chinese contact email, Chinese topic",
            facts: facts(
                "星河机器人 – 报价评审",
                vec![
                    seller(),
                    person("王芳", Some("wang.fang@xinghe-robotics.example")),
                ],
            ),
            expect: Some("上海星河机器人有限公司"),
        },
        Case {
            label: "unknown person at the company domain",
            facts: facts(
                "Intro call",
                vec![
                    seller(),
                    person("New Person", Some("new.person@northwind-analytics.example")),
                ],
            ),
            expect: Some("Northwind Analytics"),
        },
        Case {
            label: "free mail, topic names the customer",
            facts: facts(
                "Bluepeak Energy – renewal",
                vec![seller(), person("Sam", Some("sam1985@gmail.com"))],
            ),
            expect: Some("Bluepeak Energy"),
        },
        Case {
            label: "free mail (qq.com), partial Chinese name in the topic",
            facts: facts(
                "云帆 周会",
                vec![seller(), person("张伟", Some("12345678@qq.com"))],
            ),
            expect: Some("深圳云帆科技有限公司"),
        },
        Case {
            label: "internal meeting",
            facts: facts(
                "Acme deal review (internal)",
                vec![
                    seller(),
                    person("Emma Schmidt", Some("emma.schmidt@seller.example")),
                ],
            ),
            expect: None,
        },
        Case {
            label: "scheduled in the CRM at that time, guests without emails",
            facts: MeetingFacts {
                started_at: Some(acme_meeting.start.clone()),
                ..facts("Zoom meeting", vec![seller(), person("Guest", None)])
            },
            expect: Some("Acme Robotics"),
        },
        Case {
            label: "pre-linked through a meeting parameter",
            facts: MeetingFacts {
                pre_linked: Some((company_id(crm, "Harbor & Finch Retail"), None)),
                ..facts(
                    "Quick call",
                    vec![
                        seller(),
                        person("Anna Chen", Some("anna.chen@acme-robotics.example")),
                    ],
                )
            },
            expect: Some("Harbor & Finch Retail"),
        },
        Case {
            label: "unknown company, generic topic",
            facts: facts(
                "Catch-up",
                vec![seller(), person("Bob", Some("bob@unknown-corp.example"))],
            ),
            expect: None,
        },
        Case {
            label: "free mail only, generic topic",
            facts: facts("Call", vec![seller(), person("Lisa", Some("lisa@163.com"))]),
            expect: None,
        },
        Case {
            label: "contacts of two customers, more from one",
            facts: facts(
                "Partner workshop",
                vec![
                    seller(),
                    person("Anna Chen", Some("anna.chen@acme-robotics.example")),
                    person("Mark Davis", Some("mark.davis@acme-robotics.example")),
                    person("王芳", Some("wang.fang@xinghe-robotics.example")),
                ],
            ),
            expect: Some("Acme Robotics"),
        },
        Case {
            label: "medical customer by domain and Chinese topic",
            facts: facts(
                "青禾医疗 设备演示",
                vec![
                    seller(),
                    person("访客", Some("guest@qinghe-medical.example")),
                ],
            ),
            expect: Some("杭州青禾医疗器械有限公司"),
        },
    ]
}

#[test]
fn the_labelled_meetings_are_matched_right() {
    let crm = demo_seed();
    let mut right = 0;
    let mut wrong = Vec::new();
    let all = cases(&crm);
    for case in &all {
        let result = match_meeting(&case.facts, &crm, &[]);
        let best = result
            .candidates
            .first()
            .filter(|_| result.decision != Decision::None);
        let got = best.map(|c| {
            crm.companies
                .iter()
                .find(|co| co.id == c.company_id)
                .unwrap()
                .name
                .as_str()
        });
        if got == case.expect {
            right += 1;
        } else {
            wrong.push(format!(
                "{}: expected {:?}, got {:?} ({:?})",
                case.label, case.expect, got, result
            ));
        }
        if result.decision == Decision::Auto {
            assert_eq!(
                got, case.expect,
                "an automatic link must be right: {}",
                case.label
            );
        }
    }
    println!(
        "matching: {right}/{} right ({:.0} %)",
        all.len(),
        100.0 * f64::from(right) / all.len() as f64
    );
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn a_confirmed_identity_links_a_guest_without_email() {
    let crm = demo_seed();
    let contact = crm
        .contacts
        .iter()
        .find(|c| c.email.as_deref() == Some("anna.chen@acme-robotics.example"))
        .unwrap();
    let facts = MeetingFacts {
        provider_meeting_id: "m".into(),
        topic: Some("Call".into()),
        participants: vec![
            seller(),
            Attendee {
                name: "Anna".into(),
                email: None,
                provider_user_id: Some("zoom-77".into()),
            },
        ],
        ..MeetingFacts::default()
    };
    let known = [KnownIdentity {
        provider_user_id: "zoom-77".into(),
        contact_id: contact.id.clone(),
    }];
    let result = match_meeting(&facts, &crm, &known);
    assert_eq!(
        result.candidates[0].company_id,
        contact.company_id.clone().unwrap()
    );
    assert!(result.candidates[0].reasons[0].contains("identity"));
}

//! The bilingual demo CRM: eight customers (four Chinese, four English-speaking), their
//! contacts, deals in CNY/USD/EUR, HTML notes, open and completed tasks, two owners, and
//! meetings placed relative to now — one starts in about four minutes so the pre-call
//! notification fires during a demo.

use callbrief_core::model::{
    Company, Contact, CrmSnapshot, Deal, Note, Owner, SNAPSHOT_FORMAT, ScheduledMeeting, Task,
};
use time::{Duration, OffsetDateTime};

struct Customer {
    name: &'static str,
    domain: &'static str,
    industry: &'static str,
    phone: &'static str,
    employees: u32,
    owner: &'static str,
    /// (first name, last name, email local part, title); Chinese names sit whole in the
    /// last name.
    people: &'static [(&'static str, &'static str, &'static str, &'static str)],
    /// (name, stage, amount, currency, close in days, next step)
    deals: &'static [(
        &'static str,
        &'static str,
        f64,
        &'static str,
        i64,
        &'static str,
    )],
    /// (HTML body, days ago)
    notes: &'static [(&'static str, i64)],
    /// (subject, due in days, completed)
    tasks: &'static [(&'static str, i64, bool)],
    /// (title, start from now in minutes, length in minutes)
    meetings: &'static [(&'static str, i64, i64)],
}

const CUSTOMERS: &[Customer] = &[
    Customer {
        name: "上海星河机器人有限公司",
        domain: "xinghe-robotics.example",
        industry: "MACHINERY",
        phone: "+86 21 5555 0101",
        employees: 420,
        owner: "u1",
        people: &[
            ("", "王芳", "wang.fang", "首席技术官"),
            ("", "陈立", "chen.li", "采购经理"),
            ("", "刘洋", "liu.yang", "生产总监"),
        ],
        deals: &[
            (
                "星河机器人 – 200 席位",
                "presentationscheduled",
                1_200_000.0,
                "CNY",
                30,
                "发送正式报价单",
            ),
            (
                "星河机器人 – 维保服务",
                "qualifiedtobuy",
                180_000.0,
                "CNY",
                75,
                "确认维保范围",
            ),
        ],
        notes: &[
            (
                "<p>与王芳沟通了 <b>200 席位</b> 的部署计划，对方关注数据本地化存储。</p>",
                3,
            ),
            (
                "<p>陈立表示预算已批复，需要在月底前收到正式报价。</p><ul><li>含三年维保</li><li>分两期付款</li></ul>",
                8,
            ),
            (
                "<p>Site visit in Shanghai went well; production floor demo requested for next quarter.</p>",
                20,
            ),
        ],
        tasks: &[
            ("发送正式报价单给陈立", 2, false),
            ("整理数据本地化方案", -4, true),
        ],
        meetings: &[
            ("星河机器人 报价评审", 4, 45),
            ("星河机器人 技术交流", -2 * 24 * 60, 60),
        ],
    },
    Customer {
        name: "深圳云帆科技有限公司",
        domain: "yunfan-tech.example",
        industry: "COMPUTER_SOFTWARE",
        phone: "+86 755 8888 2020",
        employees: 150,
        owner: "u1",
        people: &[
            ("", "张伟", "zhang.wei", "CEO"),
            ("", "李娜", "li.na", "运营总监"),
        ],
        deals: &[(
            "云帆科技 – 试点项目",
            "appointmentscheduled",
            96_000.0,
            "CNY",
            45,
            "安排产品演示",
        )],
        notes: &[
            (
                "<p>张伟对会议纪要自动同步 CRM 很感兴趣，希望先做 <i>30 天试点</i>。</p>",
                2,
            ),
            ("<p>李娜提出需要支持企业微信通知。</p>", 12),
        ],
        tasks: &[("准备试点方案", 1, false)],
        meetings: &[("云帆科技 产品演示", 3 * 60, 60)],
    },
    Customer {
        name: "杭州青禾医疗器械有限公司",
        domain: "qinghe-medical.example",
        industry: "MEDICAL_DEVICES",
        phone: "+86 571 6666 3030",
        employees: 800,
        owner: "u2",
        people: &[
            ("", "赵敏", "zhao.min", "销售副总裁"),
            ("", "孙浩", "sun.hao", "IT 经理"),
            ("", "周婷", "zhou.ting", "合规负责人"),
            ("", "吴磊", "wu.lei", "区域经理"),
        ],
        deals: &[
            (
                "青禾医疗 – 全国销售团队",
                "decisionmakerboughtin",
                2_600_000.0,
                "CNY",
                20,
                "法务审核合同",
            ),
            (
                "青禾医疗 – 合规模块",
                "contractsent",
                420_000.0,
                "CNY",
                10,
                "等待盖章",
            ),
            (
                "青禾医疗 – 华南试点",
                "closedwon",
                150_000.0,
                "CNY",
                -30,
                "已签约",
            ),
        ],
        notes: &[
            (
                "<p>周婷要求所有通话录音在 <b>境内</b> 存储，并提供审计日志。</p>",
                5,
            ),
            ("<p>合同已发出，法务预计一周内反馈。</p>", 1),
            ("<p>South China pilot closed; 35 reps onboarded.</p>", 30),
        ],
        tasks: &[("跟进合同盖章进度", 0, false), ("提交合规问卷", -10, true)],
        meetings: &[
            ("青禾医疗 合同条款沟通", 26 * 60, 30),
            ("青禾医疗 季度回顾", -7 * 24 * 60, 60),
        ],
    },
    Customer {
        name: "北京智联物流有限公司",
        domain: "zhilian-logistics.example",
        industry: "LOGISTICS_AND_SUPPLY_CHAIN",
        phone: "+86 10 7777 4040",
        employees: 2300,
        owner: "u2",
        people: &[
            ("", "马超", "ma.chao", "信息化总监"),
            ("", "黄蕾", "huang.lei", "采购专员"),
        ],
        deals: &[
            (
                "智联物流 – 调度中心",
                "qualifiedtobuy",
                680_000.0,
                "CNY",
                60,
                "提交技术方案",
            ),
            (
                "智联物流 – 旧系统替换",
                "closedlost",
                300_000.0,
                "CNY",
                -14,
                "客户选择自研",
            ),
        ],
        notes: &[("<p>马超希望与现有 TMS 系统打通，需要开放 API 文档。</p>", 6)],
        tasks: &[("发送 API 文档", 3, false)],
        meetings: &[("智联物流 方案讨论", 3 * 24 * 60, 60)],
    },
    Customer {
        name: "Acme Robotics",
        domain: "acme-robotics.example",
        industry: "MACHINERY",
        phone: "+1 415 555 0199",
        employees: 260,
        owner: "u1",
        people: &[
            ("Anna", "Chen", "anna.chen", "CTO"),
            ("Mark", "Davis", "mark.davis", "VP Sales"),
            ("Priya", "Nair", "priya.nair", "Procurement Lead"),
        ],
        deals: &[
            (
                "Acme – 200 seats",
                "contractsent",
                120_000.0,
                "USD",
                25,
                "Legal review of MSA",
            ),
            (
                "Acme – EU expansion",
                "presentationscheduled",
                80_000.0,
                "EUR",
                90,
                "Demo for Munich team",
            ),
        ],
        notes: &[
            (
                "<p>Anna confirmed the <b>SSO</b> requirement; Okta in use.</p>",
                4,
            ),
            (
                "<p>Mark wants call summaries pushed to the CRM within 5 minutes.</p>",
                9,
            ),
            (
                "<p>Priya asked for a volume discount above 150 seats.</p>",
                15,
            ),
        ],
        tasks: &[
            ("Send MSA redlines", 1, false),
            ("Share SOC 2 report", -6, true),
        ],
        meetings: &[
            ("Acme pricing review", 5 * 60, 45),
            ("Acme kickoff", -14 * 24 * 60, 30),
        ],
    },
    Customer {
        name: "Northwind Analytics",
        domain: "northwind-analytics.example",
        industry: "COMPUTER_SOFTWARE",
        phone: "+44 20 7946 0321",
        employees: 95,
        owner: "u2",
        people: &[
            ("Oliver", "Brown", "oliver.brown", "Head of Revenue"),
            ("Sophie", "Taylor", "sophie.taylor", "RevOps Manager"),
        ],
        deals: &[(
            "Northwind – team plan",
            "appointmentscheduled",
            24_000.0,
            "EUR",
            40,
            "Book discovery call",
        )],
        notes: &[(
            "<p>Inbound lead from the webinar; uses HubSpot Sales Hub Pro.</p>",
            2,
        )],
        tasks: &[("Book discovery call", 0, false)],
        meetings: &[("Northwind discovery call", 2 * 24 * 60 + 60, 30)],
    },
    Customer {
        name: "Bluepeak Energy",
        domain: "bluepeak-energy.example",
        industry: "RENEWABLES_ENVIRONMENT",
        phone: "+49 30 5555 7788",
        employees: 1200,
        owner: "u2",
        people: &[
            ("Lukas", "Weber", "lukas.weber", "Director of Sales Ops"),
            (
                "Hannah",
                "Fischer",
                "hannah.fischer",
                "Data Protection Officer",
            ),
        ],
        deals: &[
            (
                "Bluepeak – DACH rollout",
                "decisionmakerboughtin",
                310_000.0,
                "EUR",
                35,
                "DPA signature",
            ),
            (
                "Bluepeak – onboarding package",
                "closedwon",
                18_000.0,
                "EUR",
                -20,
                "Delivered",
            ),
        ],
        notes: &[
            (
                "<p>Hannah needs the DPA and a list of sub-processors before signing.</p>",
                3,
            ),
            (
                "<p>Lukas: rollout to 3 regions in Q1, 120 users each.</p>",
                11,
            ),
        ],
        tasks: &[
            ("Send DPA and sub-processor list", 2, false),
            ("Onboarding workshop", -18, true),
        ],
        meetings: &[
            ("Bluepeak DPA walkthrough", 4 * 24 * 60, 45),
            ("Bluepeak onboarding", -21 * 24 * 60, 90),
        ],
    },
    Customer {
        name: "Harbor & Finch Retail",
        domain: "harborfinch.example",
        industry: "RETAIL",
        phone: "+1 212 555 0142",
        employees: 3400,
        owner: "u1",
        people: &[
            ("James", "Miller", "james.miller", "COO"),
            ("Emily", "Clark", "emily.clark", "Sales Enablement"),
            ("Daniel", "Lee", "daniel.lee", "IT Security"),
        ],
        deals: &[
            (
                "Harbor & Finch – store managers",
                "qualifiedtobuy",
                450_000.0,
                "USD",
                70,
                "Security questionnaire",
            ),
            (
                "Harbor & Finch – pilot",
                "presentationscheduled",
                35_000.0,
                "USD",
                15,
                "Pilot success criteria",
            ),
        ],
        notes: &[
            (
                "<p>Daniel sent a 120-question security questionnaire.</p>",
                1,
            ),
            (
                "<p>Emily wants talk-track coaching from call transcripts.</p>",
                7,
            ),
        ],
        tasks: &[("Complete security questionnaire", 5, false)],
        meetings: &[
            ("Harbor & Finch pilot scoping", 6 * 60 + 30, 60),
            ("Harbor & Finch intro", -5 * 24 * 60, 30),
        ],
    },
];

/// The built-in demo CRM, with dates placed relative to now.
pub fn demo_seed() -> CrmSnapshot {
    demo_seed_at(OffsetDateTime::now_utc())
}

fn stamp(at: OffsetDateTime) -> String {
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    )
}

fn date(at: OffsetDateTime) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        at.year(),
        u8::from(at.month()),
        at.day()
    )
}

pub(crate) fn demo_seed_at(now: OffsetDateTime) -> CrmSnapshot {
    let now = now.replace_nanosecond(0).unwrap_or(now);
    let mut snapshot = CrmSnapshot {
        format: SNAPSHOT_FORMAT.to_owned(),
        owners: vec![
            Owner {
                id: "u1".into(),
                name: "Li Wei".into(),
                email: Some("li.wei@seller.example".into()),
            },
            Owner {
                id: "u2".into(),
                name: "Emma Schmidt".into(),
                email: Some("emma.schmidt@seller.example".into()),
            },
        ],
        ..CrmSnapshot::default()
    };
    let (mut contact_n, mut deal_n, mut note_n, mut task_n, mut meeting_n) = (0, 0, 0, 0, 0);
    for (index, customer) in CUSTOMERS.iter().enumerate() {
        let company_id = format!("c{}", index + 1);
        snapshot.companies.push(Company {
            id: company_id.clone(),
            name: customer.name.into(),
            domain: Some(customer.domain.into()),
            industry: Some(customer.industry.into()),
            phone: Some(customer.phone.into()),
            employees: Some(customer.employees),
            owner_id: Some(customer.owner.into()),
        });
        let mut contact_ids = Vec::new();
        for (first, last, local, title) in customer.people {
            contact_n += 1;
            let id = format!("p{contact_n}");
            snapshot.contacts.push(Contact {
                id: id.clone(),
                first_name: (*first).into(),
                last_name: (*last).into(),
                email: Some(format!("{local}@{}", customer.domain)),
                phone: Some(format!("{} {:02}", customer.phone, 10 + contact_n)),
                title: Some((*title).into()),
                company_id: Some(company_id.clone()),
            });
            contact_ids.push(id);
        }
        let mut deal_ids = Vec::new();
        for (name, stage, amount, currency, close_in, next_step) in customer.deals {
            deal_n += 1;
            let id = format!("d{deal_n}");
            snapshot.deals.push(Deal {
                id: id.clone(),
                name: (*name).into(),
                stage: Some((*stage).into()),
                amount: Some(*amount),
                currency: Some((*currency).into()),
                close_date: Some(date(now + Duration::days(*close_in))),
                next_step: Some((*next_step).into()),
                company_id: Some(company_id.clone()),
                contact_ids: contact_ids.iter().take(2).cloned().collect(),
                owner_id: Some(customer.owner.into()),
            });
            deal_ids.push(id);
        }
        for (n, (body, days_ago)) in customer.notes.iter().enumerate() {
            note_n += 1;
            snapshot.notes.push(Note {
                id: format!("n{note_n}"),
                body: (*body).into(),
                timestamp: Some(stamp(now - Duration::days(*days_ago) - Duration::hours(2))),
                company_id: Some(company_id.clone()),
                contact_ids: contact_ids
                    .get(n % contact_ids.len())
                    .cloned()
                    .into_iter()
                    .collect(),
                deal_id: deal_ids.get(n % 2).cloned(),
            });
        }
        for (n, (subject, due_in, completed)) in customer.tasks.iter().enumerate() {
            task_n += 1;
            snapshot.tasks.push(Task {
                id: format!("t{task_n}"),
                subject: (*subject).into(),
                due: Some(date(now + Duration::days(*due_in))),
                status: Some(if *completed { "completed" } else { "open" }.into()),
                company_id: Some(company_id.clone()),
                contact_id: contact_ids.get(n).cloned(),
                deal_id: deal_ids.first().cloned(),
            });
        }
        for (title, start_in, minutes) in customer.meetings {
            meeting_n += 1;
            let start = now + Duration::minutes(*start_in);
            snapshot.meetings.push(ScheduledMeeting {
                id: format!("m{meeting_n}"),
                title: (*title).into(),
                start: stamp(start),
                end: Some(stamp(start + Duration::minutes(*minutes))),
                company_id: Some(company_id.clone()),
                contact_ids: contact_ids.iter().take(2).cloned().collect(),
                deal_id: deal_ids.first().cloned(),
                join_url: Some(format!(
                    "https://meet.example/{}-{meeting_n}",
                    customer.domain.split('.').next().unwrap_or("call")
                )),
                owner_id: Some(customer.owner.into()),
            });
        }
    }
    snapshot
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_seed_is_a_valid_bilingual_snapshot_with_a_meeting_in_four_minutes() {
        let now = OffsetDateTime::now_utc();
        let seed = demo_seed_at(now);
        let json = serde_json::to_string(&seed).unwrap();
        let back: CrmSnapshot = serde_json::from_str(&json).unwrap();
        assert_eq!(back, seed);
        assert_eq!(seed.format, SNAPSHOT_FORMAT);
        assert_eq!(seed.companies.len(), 8);
        assert_eq!(seed.owners.len(), 2);
        assert!(seed.companies.iter().filter(|c| !c.name.is_ascii()).count() >= 4);
        for company in &seed.companies {
            let contacts = seed
                .contacts
                .iter()
                .filter(|p| p.company_id.as_ref() == Some(&company.id))
                .count();
            assert!((2..=4).contains(&contacts), "{}", company.name);
            let deals = seed
                .deals
                .iter()
                .filter(|d| d.company_id.as_ref() == Some(&company.id))
                .count();
            assert!((1..=3).contains(&deals), "{}", company.name);
        }
        for currency in ["CNY", "USD", "EUR"] {
            assert!(
                seed.deals
                    .iter()
                    .any(|d| d.currency.as_deref() == Some(currency))
            );
        }
        let soon = seed
            .meetings
            .iter()
            .filter_map(|m| crate::time_fmt::parse_instant(&m.start))
            .filter(|start| *start > now && *start - now <= Duration::minutes(5))
            .count();
        assert_eq!(soon, 1);
        assert!(
            seed.meetings
                .iter()
                .any(|m| crate::time_fmt::parse_instant(&m.start).unwrap() < now)
        );
        assert!(
            seed.tasks
                .iter()
                .any(|t| t.status.as_deref() == Some("completed"))
        );
        assert!(
            seed.tasks
                .iter()
                .any(|t| t.status.as_deref() == Some("open"))
        );
    }
}

//! Writes the sample meetings in `tests/fixtures/meetings/` (meeting-event v1 JSONL):
//! an English pricing call with Acme Robotics and a Mandarin one with 上海星河机器人, both
//! customers of the sandbox demo seed. Deterministic: the same output on every run.
//!
//! ```text
//! cargo run -p callbrief-core --example make_sample_meetings
//! ```
//!
//! Each file has 48 minutes of meeting time, several hundred transcript segments with
//! interim revisions, a few deletes, redelivered duplicates, lines out of order, chat with
//! a phone number and an email, joins and leaves, a screen share and a recording.

use std::fmt::Write as _;
use std::path::PathBuf;

use serde_json::{Value, json};

/// A tiny deterministic generator (64-bit LCG), so no dependency is needed.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

struct Person {
    id: &'static str,
    name: &'static str,
    email: &'static str,
    role: &'static str,
}

struct Spec {
    file: &'static str,
    provider: &'static str,
    meeting_id: &'static str,
    instance_id: Option<&'static str>,
    topic: &'static str,
    join_url: &'static str,
    start: &'static str, // "YYYY-MM-DDTHH:MM" (UTC), seconds added by the generator
    language: &'static str,
    people: [Person; 4],
    lines: &'static [&'static str],
    chat: &'static [(usize, &'static str)],
    crm_pre: Option<(&'static str, &'static str)>,
    association: Option<&'static str>,
    seed: u64,
}

const MINUTES: u64 = 48;

fn time(start: &str, offset_ms: u64) -> String {
    // start is "YYYY-MM-DDTHH:MM"; meetings stay within one day.
    let hour: u64 = start[11..13].parse().unwrap_or(0);
    let minute: u64 = start[14..16].parse().unwrap_or(0);
    let total_ms = (hour * 60 + minute) * 60_000 + offset_ms;
    let (h, rest) = (total_ms / 3_600_000, total_ms % 3_600_000);
    let (m, rest) = (rest / 60_000, rest % 60_000);
    let (s, ms) = (rest / 1000, rest % 1000);
    format!("{}T{h:02}:{m:02}:{s:02}.{ms:03}Z", &start[..10])
}

struct Writer<'a> {
    spec: &'a Spec,
    events: Vec<(u64, Value)>,
    n: u64,
}

impl Writer<'_> {
    fn push(&mut self, at_ms: u64, kind: &str, key: String, provider_event: &str, payload: Value) {
        self.n += 1;
        let spec = self.spec;
        let mut meeting = json!({"provider_meeting_id": spec.meeting_id, "topic": spec.topic,
                                 "join_url": spec.join_url});
        if let Some(instance) = spec.instance_id {
            meeting["instance_id"] = json!(instance);
        }
        let mut event = json!({
            "schema_version": "1.0",
            "event_id": format!("{}-evt-{:05}", spec.meeting_id, self.n),
            "kind": kind,
            "dedupe_key": format!("{}:{}:{key}", spec.provider, spec.meeting_id),
            "source": {"provider": spec.provider, "channel": "sdk", "provider_event": provider_event},
            "meeting": meeting,
            "occurred_at": time(spec.start, at_ms),
            "seq": self.n,
            "payload": payload,
        });
        if let Some((customer, deal)) = spec.crm_pre {
            event["crm"] = json!({"customer_id": customer, "deal_id": deal, "association": "pre",
                                  "method": "tracking_field", "confidence": 1.0});
        }
        self.events.push((at_ms, event));
    }

    fn person(&self, i: usize) -> Value {
        let p = &self.spec.people[i];
        json!({"provider_user_id": p.id, "name": p.name, "email": p.email, "role": p.role})
    }
}

/// The first `parts` of `len` pieces of a line: words for English, characters for Chinese.
fn prefix(text: &str, chinese: bool, parts: usize, of: usize) -> String {
    if chinese {
        let chars: Vec<char> = text.chars().collect();
        let take = (chars.len() * parts / of).max(1);
        chars[..take].iter().collect()
    } else {
        let words: Vec<&str> = text.split(' ').collect();
        let take = (words.len() * parts / of).max(1);
        words[..take].join(" ")
    }
}

fn generate(spec: &Spec) -> (String, Summary) {
    let mut rng = Lcg(spec.seed);
    let mut w = Writer {
        spec,
        events: Vec::new(),
        n: 0,
    };
    let host = &spec.people[0];
    let end_ms = MINUTES * 60_000;
    let host_json = json!({"id": host.id, "name": host.name, "email": host.email});
    w.push(
        0,
        "meeting.started",
        "meeting.started".into(),
        "onMeetingStatusChanged",
        json!({"host": host_json, "scheduled_start": time(spec.start, 0), "duration_s": 2700}),
    );

    // Joins: host and two customers at the start, the third customer late; one leaves early.
    let joins = [(0, 2_000), (1, 35_000), (2, 61_000), (3, 9 * 60_000)];
    for (i, at) in joins {
        let person = w.person(i);
        w.push(
            at,
            "participant.joined",
            format!("join:{}:{at}", spec.people[i].id),
            "onUserJoin",
            json!({"participant": person}),
        );
    }
    // The late joiner drops out and comes back (a rejoin), then leaves before the end.
    let p3 = spec.people[3].id;
    for (kind, at) in [
        ("participant.left", 20 * 60_000),
        ("participant.joined", 21 * 60_000),
        ("participant.left", 40 * 60_000),
    ] {
        let person = w.person(3);
        let event = if kind == "participant.left" {
            "onUserLeft"
        } else {
            "onUserJoin"
        };
        w.push(
            at,
            kind,
            format!("{kind}:{p3}:{at}"),
            event,
            json!({"participant": person}),
        );
    }

    // Screen share by the host with two snapshots.
    let share_from = 15 * 60_000;
    let share_to = 28 * 60_000;
    let person = w.person(0);
    w.push(
        share_from,
        "screenshare.started",
        "share:start:1".into(),
        "onSharingStatus",
        json!({"participant": person.clone()}),
    );
    for (i, at) in [(1u64, share_from + 120_000), (2, share_from + 420_000)] {
        let sha: String = (0..64)
            .map(|k| char::from(b"0123456789abcdef"[((i * 7 + k) % 16) as usize]))
            .collect();
        w.push(at, "screenshare.snapshot", format!("share:snapshot:{i}"), "snapshot",
               json!({"participant": person.clone(), "blob": {"sha256": sha, "mime": "image/png", "bytes": 180_000 + i * 1_000}}));
    }
    w.push(
        share_to,
        "screenshare.stopped",
        "share:stop:1".into(),
        "onSharingStatus",
        json!({"participant": person}),
    );

    // Transcript: a segment every ~6–9 s, speakers rotating, interim revisions then final.
    let chinese = spec.language.starts_with("zh");
    let mut at = 5_000u64;
    let mut segment = 0usize;
    let mut summary = Summary::default();
    let (mut deleted, mut finals) = (0, 0);
    while at + 8_000 < end_ms - 30_000 {
        segment += 1;
        let speaker = match segment % 7 {
            0 | 3 => 1,
            1 | 4 | 6 => 0,
            2 => 2,
            _ if at > 9 * 60_000 && at < 40 * 60_000 => 3,
            _ => 1,
        };
        let line = spec.lines[(segment * 5 + speaker) % spec.lines.len()];
        let length = 3_000 + rng.below(5_000);
        let revisions = 1 + rng.below(3) as usize; // interim revisions before the final one
        let seg_id = format!("seg-{segment:04}");
        let p = &spec.people[speaker];
        for rev in 0..=revisions {
            let is_final = rev == revisions;
            let text = if is_final {
                line.to_owned()
            } else {
                prefix(line, chinese, rev + 1, revisions + 1)
            };
            let occurred = at + length * (rev as u64 + 1) / (revisions as u64 + 1);
            w.push(occurred, "transcript.segment", format!("transcript:{seg_id}:{rev}"), "onLiveTranscriptionMsgInfoReceived",
                   json!({"segment_id": seg_id, "revision": rev, "op": "upsert", "is_final": is_final,
                          "speaker": {"provider_user_id": p.id, "name": p.name},
                          "start_ms": at, "end_ms": at + length, "text": text, "language": spec.language}));
        }
        // A few segments are withdrawn by the vendor after they were final.
        if segment.is_multiple_of(61) {
            let rev = revisions + 1;
            w.push(at + length + 1_500, "transcript.segment", format!("transcript:{seg_id}:{rev}"), "onLiveTranscriptionMsgInfoReceived",
                   json!({"segment_id": seg_id, "revision": rev, "op": "delete", "is_final": false,
                          "speaker": {"provider_user_id": p.id, "name": p.name},
                          "start_ms": at, "end_ms": at + length, "text": "", "language": spec.language}));
            deleted += 1;
        } else {
            finals += 1;
        }
        at += length + 500 + rng.below(2_500);
    }
    summary.segments = segment;
    summary.final_segments = finals;
    summary.deleted = deleted;

    // Chat.
    for (i, (minute, text)) in spec.chat.iter().enumerate() {
        let sender = [1, 0, 2, 0, 3, 1][i % 6];
        let p = &spec.people[sender];
        let sent = (*minute as u64) * 60_000 + 13_000 + i as u64 * 1_000;
        let to = if i == 4 {
            spec.people[0].id
        } else {
            "everyone"
        };
        w.push(sent, "chat.message", format!("chat:m{i}"), "onChatMsgNotification",
               json!({"message_id": format!("m{i}"), "sender": {"provider_user_id": p.id, "name": p.name},
                      "to": to, "text": text, "sent_at": time(spec.start, sent)}));
    }
    summary.chat = spec.chat.len();

    if let Some(customer) = spec.association {
        w.push(30 * 60_000, "crm.association_changed", "crm:auto".into(), "match",
               json!({"customer_id": customer, "method": "email_domain", "confidence": 0.92, "by": "auto"}));
    }

    // Leaves at the end, then the meeting ends and the recording arrives.
    for i in [2usize, 1, 0] {
        let at = end_ms - 20_000 + i as u64 * 5_000;
        let person = w.person(i);
        w.push(
            at,
            "participant.left",
            format!("left:{}:{at}", spec.people[i].id),
            "onUserLeft",
            json!({"participant": person}),
        );
    }
    let host_json = json!({"id": host.id, "name": host.name, "email": host.email});
    w.push(
        end_ms,
        "meeting.ended",
        "meeting.ended".into(),
        "onMeetingStatusChanged",
        json!({"host": host_json, "duration_s": MINUTES * 60}),
    );
    let share = format!("https://meet.example/rec/share/{}", spec.meeting_id);
    w.push(end_ms + 180_000, "recording.completed", "recording.completed".into(), "recording.completed",
           json!({"share_url": share,
                  "files": [{"kind": "video", "url": format!("https://meet.example/rec/download/{}/video.mp4", spec.meeting_id),
                             "expires_at": time(spec.start, end_ms + 180_000 + 86_400_000 / 2), "requires_auth": true},
                            {"kind": "audio", "path": format!("/home/seller/Recordings/{}.m4a", spec.meeting_id)}],
                  "passcode_ref": format!("callbrief:recording:{}", spec.meeting_id)}));
    summary.participants = 4;

    // Delivery order: by time, then disturbed: some neighbours swapped, some lines sent twice.
    w.events.sort_by_key(|(at, _)| *at);
    let mut lines: Vec<Value> = w.events.into_iter().map(|(_, e)| e).collect();
    let mut i = 7;
    while i + 3 < lines.len() {
        lines.swap(i, i + 3);
        summary.swapped += 1;
        i += 37 + rng.below(20) as usize;
    }
    let mut out = String::new();
    for (index, line) in lines.iter().enumerate() {
        let text = serde_json::to_string(line).unwrap_or_default();
        let _ = writeln!(out, "{text}");
        if index % 53 == 11 {
            let _ = writeln!(out, "{text}");
            summary.duplicates += 1;
        }
    }
    summary.events = lines.len();
    (out, summary)
}

#[derive(Default, Debug)]
struct Summary {
    events: usize,
    duplicates: usize,
    swapped: usize,
    participants: usize,
    chat: usize,
    segments: usize,
    final_segments: usize,
    deleted: usize,
}

const EN_LINES: &[&str] = &[
    "Thanks for making time today, I know the quarter end is busy for your team.",
    "Our main goal is to roll out the assistant to two hundred sales seats by January.",
    "Right now every rep writes call notes by hand and half of them never reach the CRM.",
    "Can you walk me through how your reps prepare before a customer call today?",
    "We use HubSpot for the pipeline and Zoom for nearly all external meetings.",
    "Single sign-on is a hard requirement, we are on Okta across the company.",
    "Security will ask where transcripts are stored and who can read them.",
    "Everything stays on the rep's laptop until they confirm what goes to the CRM.",
    "Phone numbers and card numbers are masked before anything leaves the machine.",
    "What would success look like for you after the first ninety days?",
    "Fewer missed follow-ups, and managers seeing next steps without chasing people.",
    "Let me share my screen and show you the briefing a rep sees before a call.",
    "This panel pulls the open deals, the last notes and the open tasks for the account.",
    "During the call the live panel shows the transcript and any chat links.",
    "Afterwards the rep reviews a drafted note and confirms before it syncs.",
    "How does pricing work for two hundred seats on an annual contract?",
    "List price is fifty dollars per seat per month, billed annually.",
    "For two hundred seats we can offer fifteen percent off in the first year.",
    "That puts the first year at roughly one hundred and two thousand dollars.",
    "We would need the MSA reviewed by legal before we can sign anything.",
    "Our procurement process usually takes three to four weeks end to end.",
    "Could we start with a pilot of twenty seats in the EMEA team first?",
    "A pilot is fine, and the pilot seats would be credited against the full order.",
    "Who else needs to be involved in the final decision on your side?",
    "Mark owns the budget and Priya runs procurement, I am the technical sponsor.",
    "I will send the pricing proposal and the security questionnaire by Friday.",
    "Can you include the data processing agreement with the proposal as well?",
    "Yes, and I will set up a follow-up with your security team next week.",
    "Does the assistant work with Salesforce too, in case the EU team moves?",
    "It does, and the connection switch does not lose any stored meeting history.",
];

const EN_CHAT: &[(usize, &str)] = &[
    (2, "Hi all, joining from the Shanghai office today"),
    (4, "Agenda: requirements, demo, pricing, next steps"),
    (9, "Sorry I'm late, was in another call"),
    (
        14,
        "Here is the security overview: https://callbrief.example/security",
    ),
    (22, "Private: can you send me the slide deck afterwards?"),
    (26, "You can reach me on +1 415 555 0142 if the line drops"),
    (
        31,
        "Procurement contact is priya.nair@acme-robotics.example",
    ),
    (34, "Pilot of 20 seats sounds reasonable to us"),
    (38, "Please copy legal@acme-robotics.example on the MSA"),
    (43, "Thanks everyone, great session"),
    (44, "I will send the proposal by Friday"),
    (46, "Talk next week!"),
];

const ZH_LINES: &[&str] = &[
    "感谢各位今天抽时间参加会议，我们先简单介绍一下双方的团队。",
    "我们希望在明年一月之前给两百个销售席位上线这个助手。",
    "现在销售每次通话后都要手写纪要，很多内容根本没有录入系统。",
    "能不能先介绍一下贵公司销售在拜访客户之前是怎么准备的？",
    "我们的客户关系管理用的是海外系统，会议主要用腾讯会议和Zoom。",
    "单点登录是硬性要求，公司内部统一使用统一身份认证平台。",
    "信息安全部门一定会问转写内容存在哪里，谁有权限查看。",
    "所有数据先保存在销售本地电脑上，确认之后才会同步到客户系统。",
    "电话号码、银行卡号和身份证号在离开电脑之前都会自动脱敏。",
    "上线九十天之后，您觉得什么样的结果算是成功？",
    "跟进事项不再遗漏，管理层不用催也能看到下一步计划。",
    "我来共享一下屏幕，给大家看看销售在通话之前看到的客户简报。",
    "这个面板会显示进行中的商机、最近的备注和待办任务。",
    "通话过程中，实时面板会显示转写内容和聊天里的链接。",
    "会后销售先审核自动生成的纪要，确认之后才会同步。",
    "两百个席位、按年签约的话，价格是怎么计算的？",
    "标准价格是每个席位每月三百五十元，按年付费。",
    "两百个席位的话，第一年我们可以给到八五折的优惠。",
    "这样算下来第一年大约是七十一万四千元人民币。",
    "合同需要先经过我们法务部门审核才能签字。",
    "我们的采购流程一般需要三到四周的时间。",
    "能不能先在华东区选二十个席位做一个试点？",
    "试点没有问题，试点的费用可以抵扣正式订单的金额。",
    "贵公司这边最终决策还需要哪些同事参与？",
    "预算由刘总负责，采购由陈经理负责，我这边负责技术评估。",
    "我周五之前把正式报价单和安全问卷发给您。",
    "报价单里能不能把数据处理协议也一起附上？",
    "可以的，下周我再约一下贵公司信息安全团队的同事。",
    "维保服务的范围我们下次会议再详细确认一下。",
    "好的，今天的会议就先到这里，感谢大家。",
];

const ZH_CHAT: &[(usize, &str)] = &[
    (2, "大家好，我在上海办公室参会"),
    (4, "今天的议程：需求、演示、报价、下一步"),
    (9, "不好意思来晚了，刚才在开另一个会"),
    (14, "安全白皮书链接：https://callbrief.example/security"),
    (22, "私聊：会后能把演示文稿发我一份吗？"),
    (26, "如果掉线可以打我手机 138 0013 8000"),
    (31, "采购对接人邮箱是 chen.li@xinghe-robotics.example"),
    (34, "二十个席位的试点我们可以接受"),
    (38, "合同请抄送 legal@xinghe-robotics.example"),
    (43, "谢谢各位，今天收获很大"),
    (44, "我周五前发正式报价单"),
    (46, "下周见！"),
];

fn main() {
    let specs = [
        Spec {
            file: "acme-pricing-en.jsonl",
            provider: "zoom",
            meeting_id: "86120034417",
            instance_id: Some("q1zT0n3xQvKx1Yc2mW8aRg=="),
            topic: "Acme Robotics – pricing and rollout",
            join_url: "https://zoom.example/j/86120034417",
            start: "2026-11-25T06:00",
            language: "en",
            people: [
                Person {
                    id: "zu-1001",
                    name: "Li Wei",
                    email: "li.wei@seller.example",
                    role: "host",
                },
                Person {
                    id: "zu-2001",
                    name: "Anna Chen",
                    email: "anna.chen@acme-robotics.example",
                    role: "attendee",
                },
                Person {
                    id: "zu-2002",
                    name: "Mark Davis",
                    email: "mark.davis@acme-robotics.example",
                    role: "attendee",
                },
                Person {
                    id: "zu-2003",
                    name: "Priya Nair",
                    email: "priya.nair@acme-robotics.example",
                    role: "attendee",
                },
            ],
            lines: EN_LINES,
            chat: EN_CHAT,
            crm_pre: None,
            association: Some("c5"),
            seed: 0x0ac3e,
        },
        Spec {
            file: "xinghe-pricing-zh.jsonl",
            provider: "livekit",
            meeting_id: "xinghe-pricing-review",
            instance_id: Some("RM_xh7Kq2LmVt9p"),
            topic: "星河机器人 报价与上线计划",
            join_url: "https://meet.example/rooms/xinghe-pricing-review",
            start: "2026-11-26T02:00",
            language: "zh-CN",
            people: [
                Person {
                    id: "li.wei",
                    name: "李伟",
                    email: "li.wei@seller.example",
                    role: "host",
                },
                Person {
                    id: "wang.fang",
                    name: "王芳",
                    email: "wang.fang@xinghe-robotics.example",
                    role: "attendee",
                },
                Person {
                    id: "chen.li",
                    name: "陈立",
                    email: "chen.li@xinghe-robotics.example",
                    role: "attendee",
                },
                Person {
                    id: "liu.yang",
                    name: "刘洋",
                    email: "liu.yang@xinghe-robotics.example",
                    role: "attendee",
                },
            ],
            lines: ZH_LINES,
            chat: ZH_CHAT,
            crm_pre: Some(("c1", "d1")),
            association: None,
            seed: 0x5a1e,
        },
    ];
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/meetings");
    if let Err(err) = std::fs::create_dir_all(&dir) {
        eprintln!("cannot create {}: {err}", dir.display());
        std::process::exit(1);
    }
    for spec in &specs {
        let (text, summary) = generate(spec);
        let path = dir.join(spec.file);
        if let Err(err) = std::fs::write(&path, text) {
            eprintln!("cannot write {}: {err}", path.display());
            std::process::exit(1);
        }
        println!("{}: {summary:?}", spec.file);
    }
}

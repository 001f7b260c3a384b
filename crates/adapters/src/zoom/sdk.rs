//! Zoom Meeting SDK callbacks (shapes from the SDK headers: `meeting_chat_interface.h`
//! IChatMsgInfo, `meeting_closedcaption_interface.h` ILiveTranscriptionMessageInfo and
//! SDKLiveTranscriptionOperationType, `meeting_participants_ctrl_interface.h` onUserJoin /
//! onUserLeft, `meeting_sharing_interface.h` onSharingStatus).

use serde_json::{Value, json};

use crate::Adapted;
use crate::build::{self, Ctx, Segment, Spec};
use crate::envelope::Envelope;
use crate::fields::{self as f, Reason};
use crate::revision;

/// Callbacks Callbrief has no use for: accepted without an event or a warning.
const IGNORED: &[&str] = &[
    "onOriginalLanguageMsgReceived",
    "onLiveTranscriptionStatus",
    "onLiveTranscriptionMsgError",
    "onChatStatusChangedNotification",
    "onShareContentNotification",
    "onUserAudioStatusChange",
    "onUserVideoStatusChange",
    "onHostChangeNotification",
    "onUserNameChanged",
    "onActiveSpeakerVideoUserChanged",
    "onActiveVideoUserChanged",
];

pub(super) fn adapt(out: &mut Adapted, ctx: &Ctx<'_>, env: &Envelope) {
    match ctx.event.as_str() {
        "onChatMsgNotification" => out.run(ctx, chat),
        "onLiveTranscriptionMsgInfoReceived" => out.run(ctx, |o, c| transcript(o, c, env)),
        "onUserJoin" => out.run(ctx, |o, c| users(o, c, true)),
        "onUserLeft" => out.run(ctx, |o, c| users(o, c, false)),
        "onSharingStatus" => out.run(ctx, sharing),
        "onMeetingStatusChanged" => out.run(ctx, meeting_status),
        name if IGNORED.contains(&name) => {}
        other => out.warn_ctx(ctx, format!("unknown Zoom SDK event {other:?}")),
    }
}

/// `onChatMsgNotification(IChatMsgInfo* chatMsg, …)`.
fn chat(out: &mut Adapted, ctx: &Ctx<'_>) -> Result<(), Reason> {
    let d = ctx.raw;
    let message_id = f::id(d, "messageID").map_err(|_| f::missing("data.messageID"))?;
    let sender = f::id(d, "senderUserId").map_err(|_| f::missing("data.senderUserId"))?;
    let name = f::opt_text(d, "senderDisplayName")?.unwrap_or_default();
    let text = f::text(d, "content").map_err(|_| f::missing("data.content"))?;
    let sent_at = f::opt_time_ms(d, "timeStamp", 1000)?.map_or_else(|| ctx.ts(), Ok)?;
    let to_all = f::opt_bool(d, "isChatToAll")?.unwrap_or(false)
        || f::opt_text(d, "chatMessageType")?
            .is_some_and(|t| t.ends_with("To_All") || t.ends_with("To_All_Panelist"));
    let to = if to_all {
        "everyone".to_owned()
    } else {
        f::id(d, "receiverUserId").map_err(|_| {
            "missing field `data.receiverUserId` (a message not sent to all needs its recipient)"
                .to_owned()
        })?
    };
    build::emit_chat(out, ctx, &message_id, &sender, &name, &to, &text, sent_at);
    Ok(())
}

/// SDKLiveTranscriptionOperationType as a rank, by name or number.
fn operation(d: &Value) -> Result<Option<i64>, Reason> {
    let path = "messageOperationType";
    let value = f::get(d, path).or_else(|| f::get(d, "messageType"));
    let rank = match value {
        None => return Err(f::missing("data.messageOperationType")),
        Some(Value::Number(n)) => match n.as_i64() {
            Some(0) => None,
            Some(1) => Some(0),
            Some(2) => Some(1),
            Some(4) => Some(2),
            Some(3) => Some(3),
            _ => return Err(format!("unsupported live transcription operation {n}")),
        },
        Some(Value::String(s)) => {
            let name = s.rsplit('_').next().unwrap_or(s);
            match name {
                "None" => None,
                "Add" => Some(0),
                "Update" => Some(1),
                "Complete" => Some(2),
                "Delete" => Some(3),
                _ => return Err(format!("unsupported live transcription operation {s:?}")),
            }
        }
        Some(_) => return Err("field `data.messageOperationType` is not a name or number".into()),
    };
    Ok(rank)
}

/// `onLiveTranscriptionMsgInfoReceived(ILiveTranscriptionMessageInfo*)`: Add, Update,
/// Delete and Complete of one message id become revisions of one segment.
fn transcript(out: &mut Adapted, ctx: &Ctx<'_>, env: &Envelope) -> Result<(), Reason> {
    let d = ctx.raw;
    let Some(rank) = operation(d)? else {
        return Ok(());
    };
    let id = f::id(d, "messageID").map_err(|_| f::missing("data.messageID"))?;
    let text = f::opt_text(d, "messageContent")?.unwrap_or_default();
    let seconds = f::int(d, "timeStamp").map_err(|_| f::missing("data.timeStamp"))?;
    let tie_break = env
        .seq
        .unwrap_or_else(|| i64::try_from(text.chars().count()).unwrap_or(i64::MAX));
    let delete = rank == 3;
    let is_final = rank >= 2;
    let at_ms = seconds.saturating_mul(1000);
    let start = ctx.offset_ms(at_ms)?;
    let seg = Segment {
        id,
        revision: revision::compose(is_final, revision::seconds_order(seconds, rank, tie_break)),
        delete,
        is_final,
        speaker_id: f::opt_id(d, "speakerID")?,
        speaker_name: f::opt_text(d, "speakerName")?,
        start_ms: start,
        end_ms: start,
        text: if delete { String::new() } else { text },
        language: f::opt_text(d, "language")?,
    };
    build::emit_segment(out, ctx, &seg, at_ms);
    Ok(())
}

/// `onUserJoin` / `onUserLeft(IList<unsigned int>* lstUserID, …)`: the client resolves each
/// id with `GetUserByUserID` and sends `{"userList": [{userID, userName, isHost, …}]}`.
fn users(out: &mut Adapted, ctx: &Ctx<'_>, joined: bool) -> Result<(), Reason> {
    let at = ctx.ts()?;
    let list = f::get(ctx.raw, "userList")
        .and_then(Value::as_array)
        .ok_or_else(|| f::missing("data.userList"))?;
    for (i, user) in list.iter().enumerate() {
        let id =
            f::id(user, "userID").map_err(|_| f::missing(&format!("data.userList[{i}].userID")))?;
        let name = f::opt_text(user, "userName")?.unwrap_or_default();
        let role = if f::opt_bool(user, "isHost")?.unwrap_or(false) {
            Some("host".to_owned())
        } else {
            f::opt_text(user, "userRole")?
        };
        let p = build::participant(
            &id,
            &name,
            f::opt_text(user, "email")?.as_deref(),
            role.as_deref(),
        );
        let (kind, verb) = if joined {
            ("participant.joined", "join")
        } else {
            ("participant.left", "leave")
        };
        build::emit_participant(out, ctx, kind, format!("{verb}:{id}:{at}"), p, at);
    }
    Ok(())
}

/// `onSharingStatus`: 5.x `(SharingStatus status, unsigned int userId)`, 6.x
/// `(ZoomSDKSharingSourceInfo shareInfo)`.
fn sharing(out: &mut Adapted, ctx: &Ctx<'_>) -> Result<(), Reason> {
    let d = ctx.raw;
    let info = f::get(d, "shareInfo").unwrap_or(d);
    let status = f::text(info, "status").map_err(|_| f::missing("data.shareInfo.status"))?;
    let kind = if status.contains("Pure_Audio") {
        return Ok(());
    } else if status.ends_with("_Begin") {
        "screenshare.started"
    } else if status.ends_with("_End") {
        "screenshare.stopped"
    } else {
        return Ok(()); // pause, resume, viewing someone else's share
    };
    let user = f::opt_id(info, "userid")?
        .or(f::opt_id(info, "userId")?)
        .ok_or_else(|| f::missing("data.shareInfo.userid"))?;
    let name = f::opt_text(d, "userName")?.unwrap_or_default();
    let at = ctx.ts()?;
    let source = f::opt_id(info, "shareSourceID")?.unwrap_or_default();
    build::emit_participant(
        out,
        ctx,
        kind,
        format!("{kind}:{user}:{source}:{at}"),
        build::participant(&user, &name, None, None),
        at,
    );
    Ok(())
}

/// `onMeetingStatusChanged(MeetingStatus status, int iResult)`: in-meeting and ended, with
/// the host as the client resolved it (`data.host {userID, userName, email?}`).
fn meeting_status(out: &mut Adapted, ctx: &Ctx<'_>) -> Result<(), Reason> {
    let d = ctx.raw;
    let status = f::text(d, "status").map_err(|_| f::missing("data.status"))?;
    let kind = match status.as_str() {
        "MEETING_STATUS_INMEETING" => "meeting.started",
        "MEETING_STATUS_ENDED" => "meeting.ended",
        _ => return Ok(()),
    };
    let host_id = f::id(d, "host.userID").map_err(|_| f::missing("data.host.userID"))?;
    let mut host =
        json!({"id": host_id, "name": f::opt_text(d, "host.userName")?.unwrap_or_default()});
    if let (Some(email), Some(obj)) = (f::opt_text(d, "host.email")?, host.as_object_mut()) {
        obj.insert("email".into(), json!(email));
    }
    let at = ctx.ts()?;
    out.emit(
        ctx,
        Spec {
            kind,
            key: kind.to_owned(),
            event_id: None,
            occurred_at_ms: at,
            payload: json!({"host": host}),
        },
    );
    Ok(())
}

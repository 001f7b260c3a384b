//! Reading vendor JSON leniently (ids as strings or numbers, int64 as strings, booleans as
//! `"true"`) with errors that name the field.

use serde_json::Value;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// Why a field could not be read: ``missing field `data.messageID` ``.
pub(crate) type Reason = String;

/// `v` at a dot-separated path. Keys may contain dots when quoted with brackets:
/// `info.attributes["lk.segment_id"]`.
pub(crate) fn get<'v>(v: &'v Value, path: &str) -> Option<&'v Value> {
    let mut cur = v;
    for key in split(path) {
        cur = cur.get(key.as_str())?;
    }
    if cur.is_null() { None } else { Some(cur) }
}

fn split(path: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut rest = path;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("[\"") {
            let end = after.find("\"]").unwrap_or(after.len());
            parts.push(after[..end].to_owned());
            rest = after.get(end + 2..).unwrap_or("");
            rest = rest.strip_prefix('.').unwrap_or(rest);
        } else {
            let end = rest.find(['.', '[']).unwrap_or(rest.len());
            parts.push(rest[..end].to_owned());
            rest = &rest[end..];
            rest = rest.strip_prefix('.').unwrap_or(rest);
        }
    }
    parts
}

pub(crate) fn missing(path: &str) -> Reason {
    format!("missing field `{path}`")
}

fn wrong(path: &str, want: &str) -> Reason {
    format!("field `{path}` is not {want}")
}

/// An id: a non-empty string, or an integer written as a string.
pub(crate) fn id(v: &Value, path: &str) -> Result<String, Reason> {
    opt_id(v, path)?.ok_or_else(|| missing(path))
}

pub(crate) fn opt_id(v: &Value, path: &str) -> Result<Option<String>, Reason> {
    match get(v, path) {
        None => Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(Value::Number(n)) if n.is_i64() || n.is_u64() => Ok(Some(n.to_string())),
        Some(_) => Err(wrong(path, "a string or integer id")),
    }
}

/// A string (may be empty).
pub(crate) fn text(v: &Value, path: &str) -> Result<String, Reason> {
    opt_text(v, path)?.ok_or_else(|| missing(path))
}

pub(crate) fn opt_text(v: &Value, path: &str) -> Result<Option<String>, Reason> {
    match get(v, path) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(wrong(path, "a string")),
    }
}

/// An integer, also accepted as a decimal string (protobuf JSON writes int64 so).
pub(crate) fn int(v: &Value, path: &str) -> Result<i64, Reason> {
    opt_int(v, path)?.ok_or_else(|| missing(path))
}

pub(crate) fn opt_int(v: &Value, path: &str) -> Result<Option<i64>, Reason> {
    match get(v, path) {
        None => Ok(None),
        Some(Value::Number(n)) => n
            .as_i64()
            .or_else(|| n.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64))
            .map(Some)
            .ok_or_else(|| wrong(path, "an integer")),
        Some(Value::String(s)) => s
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| wrong(path, "an integer")),
        Some(_) => Err(wrong(path, "an integer")),
    }
}

/// A boolean, also accepted as `"true"`/`"false"` (LiveKit attributes are strings).
pub(crate) fn opt_bool(v: &Value, path: &str) -> Result<Option<bool>, Reason> {
    match get(v, path) {
        None => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(Value::String(s)) if s.eq_ignore_ascii_case("true") => Ok(Some(true)),
        Some(Value::String(s)) if s.eq_ignore_ascii_case("false") => Ok(Some(false)),
        Some(_) => Err(wrong(path, "a boolean")),
    }
}

/// An RFC 3339 time as Unix milliseconds.
pub(crate) fn opt_rfc3339_ms(v: &Value, path: &str) -> Result<Option<i64>, Reason> {
    match opt_text(v, path)? {
        None => Ok(None),
        Some(s) => parse_rfc3339_ms(&s)
            .map(Some)
            .ok_or_else(|| wrong(path, "an RFC 3339 time")),
    }
}

pub(crate) fn parse_rfc3339_ms(s: &str) -> Option<i64> {
    let t = OffsetDateTime::parse(s, &Rfc3339).ok()?;
    i64::try_from(t.unix_timestamp_nanos() / 1_000_000).ok()
}

/// A time given either as RFC 3339 text or as a Unix number in `unit_ms` milliseconds
/// (1000 for seconds, 1 for milliseconds).
pub(crate) fn opt_time_ms(v: &Value, path: &str, unit_ms: i64) -> Result<Option<i64>, Reason> {
    match get(v, path) {
        None => Ok(None),
        Some(Value::String(s)) if parse_rfc3339_ms(s).is_some() => Ok(parse_rfc3339_ms(s)),
        Some(_) => Ok(opt_int(v, path)?.map(|n| n.saturating_mul(unit_ms))),
    }
}

/// Unix milliseconds as RFC 3339 UTC with milliseconds.
pub(crate) fn format_ms(ms: i64) -> String {
    let t = OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        t.millisecond()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn paths_with_quoted_dotted_keys() {
        let v = json!({"info": {"attributes": {"lk.segment_id": "SG_1", "lk.transcription_final": "true"}}});
        assert_eq!(
            id(&v, "info.attributes[\"lk.segment_id\"]").unwrap(),
            "SG_1"
        );
        assert_eq!(
            opt_bool(&v, "info.attributes[\"lk.transcription_final\"]").unwrap(),
            Some(true)
        );
        assert_eq!(id(&v, "info.id").unwrap_err(), "missing field `info.id`");
    }

    #[test]
    fn ids_and_ints_are_lenient() {
        let v = json!({"a": 16778240, "b": "1700000000", "c": 1.0, "d": {"x": 1}});
        assert_eq!(id(&v, "a").unwrap(), "16778240");
        assert_eq!(int(&v, "b").unwrap(), 1_700_000_000);
        assert_eq!(int(&v, "c").unwrap(), 1);
        assert!(id(&v, "d").unwrap_err().contains("`d`"));
    }

    #[test]
    fn times_round_trip() {
        let ms = parse_rfc3339_ms("2026-11-25T06:00:01.250Z").unwrap();
        assert_eq!(format_ms(ms), "2026-11-25T06:00:01.250Z");
        let v = json!({"s": 1_795_586_401, "t": "2026-11-25T06:00:01Z"});
        assert_eq!(opt_time_ms(&v, "s", 1000).unwrap(), Some(1_795_586_401_000));
        assert_eq!(opt_time_ms(&v, "t", 1000).unwrap(), Some(1_795_586_401_000));
    }
}

//! Fault injection: which failure, if any, a request gets.

use std::fmt;
use std::str::FromStr;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// One kind of injected failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FaultKind {
    /// HubSpot's ten-secondly rate-limit answer.
    TooManyRequests,
    /// 500 Internal Server Error with HubSpot's error body.
    InternalError,
    /// 502 Bad Gateway.
    BadGateway,
    /// 503 Service Unavailable.
    Unavailable,
    /// No answer for 30 s, then the connection is closed; nothing is written.
    Timeout,
    /// The connection is dropped before the request is processed; nothing is written.
    Reset,
    /// The request is processed (writes are committed), then the connection is dropped
    /// without an answer.
    LostResponse,
}

impl FaultKind {
    const ALL: [FaultKind; 7] = [
        FaultKind::TooManyRequests,
        FaultKind::InternalError,
        FaultKind::BadGateway,
        FaultKind::Unavailable,
        FaultKind::Timeout,
        FaultKind::Reset,
        FaultKind::LostResponse,
    ];

    /// The name used in fault specs and stats (`429`, `timeout`, `lost_response`, …).
    pub fn name(self) -> &'static str {
        match self {
            FaultKind::TooManyRequests => "429",
            FaultKind::InternalError => "500",
            FaultKind::BadGateway => "502",
            FaultKind::Unavailable => "503",
            FaultKind::Timeout => "timeout",
            FaultKind::Reset => "reset",
            FaultKind::LostResponse => "lost_response",
        }
    }

    fn from_name(name: &str) -> Option<FaultKind> {
        FaultKind::ALL.into_iter().find(|kind| kind.name() == name)
    }
}

impl fmt::Display for FaultKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Per-request fault probabilities, e.g. `"429:0.05,503:0.05,lost_response:0.1"`.
///
/// One uniform draw per request picks at most one fault, so the probabilities must add up
/// to at most 1.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FaultPlan {
    entries: Vec<(FaultKind, f64)>,
}

impl FaultPlan {
    /// No faults.
    pub fn none() -> FaultPlan {
        FaultPlan::default()
    }

    /// A plan with one fault at the given probability (tests).
    pub fn only(kind: FaultKind, probability: f64) -> FaultPlan {
        FaultPlan {
            entries: vec![(kind, probability.clamp(0.0, 1.0))],
        }
    }

    /// True when no fault can be drawn.
    pub fn is_none(&self) -> bool {
        self.entries.iter().all(|(_, p)| *p <= 0.0)
    }

    /// The configured faults and probabilities.
    pub fn entries(&self) -> &[(FaultKind, f64)] {
        &self.entries
    }

    pub(crate) fn draw(&self, rng: &mut StdRng) -> Option<FaultKind> {
        if self.is_none() {
            return None;
        }
        let roll: f64 = rng.r#gen();
        let mut edge = 0.0;
        for (kind, probability) in &self.entries {
            edge += probability;
            if roll < edge {
                return Some(*kind);
            }
        }
        None
    }
}

/// Why a fault spec was rejected; names the offending item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FaultPlanError(String);

impl fmt::Display for FaultPlanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for FaultPlanError {}

impl FromStr for FaultPlan {
    type Err = FaultPlanError;

    fn from_str(spec: &str) -> Result<FaultPlan, FaultPlanError> {
        let known = || {
            FaultKind::ALL
                .iter()
                .map(|kind| kind.name())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut plan = FaultPlan::none();
        let spec = spec.trim();
        if spec.is_empty() || spec == "none" {
            return Ok(plan);
        }
        for item in spec.split(',').map(str::trim) {
            let (name, probability) = item.split_once(':').ok_or_else(|| {
                FaultPlanError(format!(
                    "fault \"{item}\": expected FAULT:PROBABILITY, e.g. 503:0.05"
                ))
            })?;
            let kind = FaultKind::from_name(name.trim()).ok_or_else(|| {
                FaultPlanError(format!(
                    "fault \"{item}\": unknown fault \"{}\" (known: {})",
                    name.trim(),
                    known()
                ))
            })?;
            let probability: f64 = probability
                .trim()
                .parse()
                .ok()
                .filter(|p: &f64| (0.0..=1.0).contains(p))
                .ok_or_else(|| {
                    FaultPlanError(format!(
                        "fault \"{item}\": probability must be a number from 0 to 1"
                    ))
                })?;
            if plan.entries.iter().any(|(k, _)| *k == kind) {
                return Err(FaultPlanError(format!(
                    "fault \"{item}\": {kind} is listed twice"
                )));
            }
            plan.entries.push((kind, probability));
        }
        let total: f64 = plan.entries.iter().map(|(_, p)| p).sum();
        if total > 1.0 + 1e-9 {
            return Err(FaultPlanError(format!(
                "faults \"{spec}\": probabilities add up to {total}, more than 1"
            )));
        }
        Ok(plan)
    }
}

/// The plan in force plus its random source.
pub(crate) struct FaultState {
    pub plan: FaultPlan,
    pub rng: StdRng,
}

impl FaultState {
    pub fn new(plan: FaultPlan, seed: Option<u64>) -> FaultState {
        let rng = match seed {
            Some(seed) => StdRng::seed_from_u64(seed),
            None => StdRng::from_entropy(),
        };
        FaultState { plan, rng }
    }

    pub fn draw(&mut self) -> Option<FaultKind> {
        self.plan.draw(&mut self.rng)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spec_parses_and_bad_items_are_named() {
        let plan: FaultPlan = "429:0.05, 503:0.05,lost_response:0.1".parse().unwrap();
        assert_eq!(plan.entries().len(), 3);
        assert_eq!(plan.entries()[2], (FaultKind::LostResponse, 0.1));
        let err = "429:0.1,boom:0.2".parse::<FaultPlan>().unwrap_err();
        assert!(err.to_string().contains("boom"), "{err}");
        let err = "503:2".parse::<FaultPlan>().unwrap_err();
        assert!(err.to_string().contains("503:2"), "{err}");
        let err = "503".parse::<FaultPlan>().unwrap_err();
        assert!(err.to_string().contains("503"), "{err}");
        assert!("500:0.6,502:0.6".parse::<FaultPlan>().is_err());
        assert!("".parse::<FaultPlan>().unwrap().is_none());
    }

    #[test]
    fn draws_are_deterministic_for_a_seed() {
        let plan: FaultPlan = "500:0.5".parse().unwrap();
        let mut a = FaultState::new(plan.clone(), Some(7));
        let mut b = FaultState::new(plan, Some(7));
        let xs: Vec<_> = (0..50).map(|_| a.draw()).collect();
        let ys: Vec<_> = (0..50).map(|_| b.draw()).collect();
        assert_eq!(xs, ys);
        assert!(xs.iter().any(Option::is_some) && xs.iter().any(Option::is_none));
    }
}

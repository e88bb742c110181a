//! Scalar samples: a string of a place's format, pattern and length, a number within its
//! bounds and on its grid.

use crate::ir::ValueFacts;

/// A string for a string schema: a value of its format, one matching its pattern, or `a`s to
/// its minimum length (one at least, so that a path segment is never empty).
pub(super) fn string_sample(facts: &ValueFacts) -> String {
    let by_format = match facts.format.as_deref() {
        Some("date-time") => Some("2024-01-01T00:00:00Z"),
        Some("date") => Some("2024-01-01"),
        Some("time") => Some("00:00:00Z"),
        Some("duration") => Some("P1D"),
        Some("uuid") => Some("00000000-0000-4000-8000-000000000000"),
        Some("email" | "idn-email") => Some("user@example.com"),
        Some("uri" | "url" | "iri" | "uri-reference" | "iri-reference") => Some("https://example.com"),
        Some("hostname" | "idn-hostname") => Some("example.com"),
        Some("ipv4") => Some("127.0.0.1"),
        Some("ipv6") => Some("::1"),
        Some("byte") => Some("YWFhYQ=="),
        _ => None,
    };
    if let Some(value) = by_format {
        return value.to_owned();
    }
    let min = facts.limits.min_length.unwrap_or(1).max(1);
    let max = facts.limits.max_length.unwrap_or(u64::MAX).max(1);
    if let Some(matching) = facts.pattern.as_deref().and_then(pattern_sample) {
        let len = matching.chars().count() as u64;
        if (min..=max).contains(&len) {
            return matching;
        }
    }
    "a".repeat(min.min(max).min(4096) as usize)
}

/// The number nearest zero within the schema's bounds, on its `multipleOf` grid, and not zero
/// itself unless the bounds leave nothing else.
pub(super) fn number_sample(facts: &ValueFacts) -> f64 {
    let step = facts.multiple_of.filter(|m| *m > 0.0).unwrap_or(1.0);
    let low = facts
        .limits
        .minimum
        .map(|b| if b.exclusive { b.value + step } else { b.value });
    let high = facts
        .limits
        .maximum
        .map(|b| if b.exclusive { b.value - step } else { b.value });
    // One rather than zero where both are allowed: a value sent as text (a form field) may
    // read as `null` or `false` too when it is `0`.
    let unit = step;
    match (low, high) {
        (Some(l), _) if l > 0.0 => (l / step).ceil() * step,
        (_, Some(h)) if h < 0.0 => (h / step).floor() * step,
        (_, Some(h)) if h < unit => 0.0,
        _ => unit,
    }
}

/// The shortest string a regular expression matches, built from its syntax tree: each class's
/// first printable member, each repetition's minimum, each alternation's first branch. `None`
/// for a pattern this reader does not parse (back-references, look-around).
fn pattern_sample(pattern: &str) -> Option<String> {
    use regex_syntax::hir::{Class, Hir, HirKind};
    fn walk(hir: &Hir, out: &mut String) -> Option<()> {
        match hir.kind() {
            HirKind::Empty | HirKind::Look(_) => {}
            HirKind::Literal(lit) => out.push_str(std::str::from_utf8(&lit.0).ok()?),
            HirKind::Class(Class::Unicode(class)) => {
                let ranges = class.ranges();
                let pick = ranges
                    .iter()
                    .find_map(|r| (r.start()..=r.end()).find(|c| c.is_ascii_alphanumeric()))
                    .or_else(|| {
                        ranges
                            .iter()
                            .find_map(|r| (r.start()..=r.end()).find(|c| !c.is_control()))
                    })?;
                out.push(pick);
            }
            HirKind::Class(Class::Bytes(class)) => {
                let first = class.ranges().first()?.start();
                out.push(char::from(first));
            }
            HirKind::Repetition(rep) => {
                for _ in 0..rep.min.min(256) {
                    walk(&rep.sub, out)?;
                }
            }
            HirKind::Capture(cap) => walk(&cap.sub, out)?,
            HirKind::Concat(parts) => parts.iter().try_for_each(|p| walk(p, out))?,
            HirKind::Alternation(branches) => walk(branches.first()?, out)?,
        }
        Some(())
    }
    let hir = regex_syntax::parse(pattern).ok()?;
    let mut out = String::new();
    walk(&hir, &mut out)?;
    Some(out)
}

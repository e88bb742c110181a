//! Whether a value fits a place of the IR: what a typed decode and a validating mock check
//! first, used to pick the spec's examples and to tell a union's branches apart.

use serde_json::Value;

use super::{Sampler, MAX_DEPTH, NO_FACTS};
use crate::ir::*;

impl Sampler<'_> {
    /// Whether `value` fits a place of type `ty` in what a typed decode and a validating mock
    /// check first: its JSON type, enum, required fields, lengths and bounds, recursively.
    pub(super) fn fits(&self, value: &Value, ty: &TypeRef, facts: &ValueFacts, depth: usize) -> bool {
        if depth > MAX_DEPTH {
            return true;
        }
        if let Some(c) = &facts.const_value {
            return c == value;
        }
        if !facts.values.is_empty() {
            return facts.values.contains(value);
        }
        let inner = || facts.inner.as_deref().unwrap_or(&NO_FACTS);
        match ty {
            TypeRef::Option(t) => value.is_null() || self.fits(value, t, facts, depth),
            TypeRef::Bool => value.is_boolean(),
            TypeRef::I32 | TypeRef::I64 => (value.is_i64() || value.is_u64()) && within(value, facts),
            TypeRef::U32 | TypeRef::U64 => value.is_u64() && within(value, facts),
            TypeRef::F64 => value.is_number() && within(value, facts),
            TypeRef::String => value.as_str().is_some_and(|s| string_fits(s, facts)),
            TypeRef::Json => self.json_fits(value, facts, depth),
            TypeRef::Vec(item) => value.as_array().is_some_and(|items| {
                counted(items.len(), facts) && items.iter().all(|v| self.fits(v, item, inner(), depth + 1))
            }),
            TypeRef::Map(item) => value
                .as_object()
                .is_some_and(|entries| entries.values().all(|v| self.fits(v, item, inner(), depth + 1))),
            TypeRef::Named(id) => {
                let Some(def) = self.def(*id) else { return true };
                if def.facts.const_value.as_ref().is_some_and(|c| c != value)
                    || !def.facts.values.is_empty() && !def.facts.values.contains(value)
                {
                    return false;
                }
                match &def.kind {
                    TypeKind::Struct(s) => self.object_fits(value, s, depth),
                    TypeKind::Enum(e) => value.as_str().is_some_and(|s| e.variants.iter().any(|v| v.wire == s)),
                    TypeKind::Union(u) => u.variants.iter().any(|v| self.fits(value, &v.ty, &v.facts, depth + 1)),
                    TypeKind::Alias(t) | TypeKind::Newtype(t) => self.fits(value, t, &def.facts, depth + 1),
                }
            }
        }
    }

    /// Whether a value fits a place of any JSON value, by the types and limits its schema
    /// names.
    fn json_fits(&self, value: &Value, facts: &ValueFacts, depth: usize) -> bool {
        if let Some(named) = self.referred(facts) {
            return self.fits(value, &named, facts, depth + 1);
        }
        let named = |t: &str| match t {
            "string" => value.is_string(),
            "integer" => value.is_i64() || value.is_u64(),
            "number" => value.is_number(),
            "boolean" => value.is_boolean(),
            "array" => value.is_array(),
            "object" => value.is_object(),
            _ => false,
        };
        if value.is_null() {
            return facts.types.is_empty();
        }
        if !facts.types.is_empty() && !facts.types.iter().any(|t| named(t)) {
            return false;
        }
        match value {
            Value::String(s) => string_fits(s, facts),
            Value::Number(_) => within(value, facts),
            Value::Array(items) => {
                let inner = facts.inner.as_deref().unwrap_or(&NO_FACTS);
                counted(items.len(), facts) && items.iter().all(|v| self.fits(v, &TypeRef::Json, inner, depth + 1))
            }
            Value::Object(fields) => facts.required.iter().all(|name| {
                let own = facts.properties.iter().find(|(n, _)| n == name).map(|(_, f)| f);
                match fields.get(name) {
                    Some(v) => own.is_none_or(|f| self.fits(v, &TypeRef::Json, f, depth + 1)),
                    None => self.request && own.is_some_and(|f| f.read_only),
                }
            }),
            _ => true,
        }
    }

    /// Whether a value fits a struct: an object with every required field that travels this
    /// way, each field fitting its type, and no field the struct does not know unless it keeps
    /// them (or a flattened union may know them).
    fn object_fits(&self, value: &Value, s: &Struct, depth: usize) -> bool {
        let Value::Object(fields) = value else { return false };
        let undeclared = s
            .required
            .iter()
            .filter(|r| !s.fields.iter().any(|f| f.wire_name() == Some(r.as_str())));
        if undeclared.clone().any(|r| !fields.contains_key(r)) {
            return false;
        }
        let mut flattened = false;
        for f in &s.fields {
            match &f.wire {
                Wire::Flatten => {
                    flattened = true;
                    if !self.fits(value, &f.ty, &f.facts.value, depth + 1) {
                        return false;
                    }
                }
                Wire::Name(wire) => match fields.get(wire) {
                    None if Self::required(s, f) && self.travels(f) => return false,
                    None => {}
                    Some(Value::Null) if f.facts.nullable => {}
                    Some(v) if !self.fits(v, &f.ty, &f.facts.value, depth + 1) => return false,
                    Some(_) => {}
                },
            }
        }
        flattened
            || s.extra.is_some()
            || fields
                .keys()
                .all(|k| s.fields.iter().any(|f| f.wire_name() == Some(k.as_str())))
    }
}

/// Whether a number lies within the place's bounds.
fn within(value: &Value, facts: &ValueFacts) -> bool {
    let n = value.as_f64().unwrap_or(0.0);
    let limits = &facts.limits;
    limits
        .minimum
        .is_none_or(|b| n > b.value || !b.exclusive && n == b.value)
        && limits
            .maximum
            .is_none_or(|b| n < b.value || !b.exclusive && n == b.value)
}

/// Whether a list's length lies within the place's item counts.
fn counted(len: usize, facts: &ValueFacts) -> bool {
    let len = len as u64;
    facts.limits.min_items.is_none_or(|min| len >= min) && facts.limits.max_items.is_none_or(|max| len <= max)
}

/// Whether a string fits the place's lengths and format.
fn string_fits(s: &str, facts: &ValueFacts) -> bool {
    let len = s.chars().count() as u64;
    facts.limits.min_length.is_none_or(|min| len >= min)
        && facts.limits.max_length.is_none_or(|max| len <= max)
        && facts.format.as_deref().is_none_or(|f| fits_format(s, f))
}

/// Whether a string has the shape of a format a validator checks (the common ones; any other
/// format passes).
fn fits_format(s: &str, format: &str) -> bool {
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    let date = |d: &str| {
        let parts: Vec<&str> = d.split('-').collect();
        parts.len() == 3 && parts.iter().all(|p| digits(p)) && parts[0].len() == 4
    };
    match format {
        "date" => date(s),
        "date-time" => s
            .split_once(['T', 't', ' '])
            .is_some_and(|(d, t)| date(d) && t.len() >= 8 && (t.ends_with(['Z', 'z']) || t.contains(['+', '-']))),
        "uuid" => {
            s.len() == 36
                && s.char_indices().all(|(i, c)| {
                    if matches!(i, 8 | 13 | 18 | 23) {
                        c == '-'
                    } else {
                        c.is_ascii_hexdigit()
                    }
                })
        }
        "email" => s.split_once('@').is_some_and(|(a, b)| !a.is_empty() && b.contains('.')),
        "uri" | "url" => s.split_once(':').is_some_and(|(scheme, _)| {
            scheme.starts_with(|c: char| c.is_ascii_alphabetic()) && !s.contains(char::is_whitespace)
        }),
        "ipv4" => s.split('.').filter(|p| digits(p) && p.parse::<u8>().is_ok()).count() == 4,
        _ => true,
    }
}

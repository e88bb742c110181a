//! Constraints: the ones a schema states (fitted to the type they can apply to), and the
//! `if`/`then` pairs that hold for one value of another field, whose `then` may also narrow a
//! field to a subset of its values (`enum` under `then`).

use serde_json::Value;

use super::Lowerer;
use crate::error::WarningKind;
use crate::ir::*;
use crate::spec::Schema;

impl Lowerer<'_> {
    /// The `if`/`then` pairs the client can check: `if` pins one field to one value, `then`
    /// constrains other fields. Any other shape is left to the server, with a warning.
    pub(super) fn conditions(&mut self, fields: &[Field], pairs: &[(String, Schema, Schema)]) -> Vec<Condition> {
        let mut out = Vec::new();
        for (pointer, when, then) in pairs {
            let pinned: Vec<(&String, String)> = when
                .properties
                .iter()
                .filter_map(|(wire, prop)| single_string(prop).map(|v| (wire, v)))
                .collect();
            let when_field = match pinned.as_slice() {
                [(wire, value)] => fields
                    .iter()
                    .find(|f| f.wire_name() == Some(wire.as_str()))
                    .map(|f| (f.rust_name.clone(), value.clone())),
                _ => None,
            };
            let Some((when_field, when_value)) = when_field else {
                self.warn(
                    WarningKind::Skipped,
                    pointer,
                    "an `if` that does not pin one property to one value: the `then` is left to the server",
                );
                continue;
            };
            for (wire, prop) in &then.properties {
                let Some(field) = fields.iter().find(|f| f.wire_name() == Some(wire.as_str())) else {
                    continue;
                };
                let mut stated = constraints(prop);
                stated.one_of = string_values(prop);
                let constraints = self.fit_values(fit(stated, &field.ty), &field.ty);
                if !constraints.is_empty() {
                    out.push(Condition {
                        when_field: when_field.clone(),
                        when_value: when_value.clone(),
                        field: field.rust_name.clone(),
                        constraints,
                    });
                }
            }
        }
        out
    }
}

impl Lowerer<'_> {
    /// Keeps an allowed subset of values only for a type whose values are strings: a string,
    /// or a string enum (open or closed), both read with `as_str()`.
    fn fit_values(&self, mut c: Constraints, ty: &TypeRef) -> Constraints {
        let base = match ty {
            TypeRef::Option(inner) => inner.as_ref(),
            other => other,
        };
        let strings = match base {
            TypeRef::String => true,
            TypeRef::Named(id) => self.lowered(*id).is_some_and(|t| matches!(t.kind, TypeKind::Enum(_))),
            _ => false,
        };
        if !strings {
            c.one_of.clear();
        }
        c
    }
}

/// The strings an `enum` lists, when every value is one.
fn string_values(schema: &Schema) -> Vec<String> {
    let values: Vec<String> = schema
        .enum_values
        .iter()
        .flatten()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect();
    if values.len() == schema.enum_values.as_ref().map_or(0, Vec::len) {
        values
    } else {
        Vec::new()
    }
}

/// The one string a schema allows (`const`, or a one-value `enum`).
fn single_string(schema: &Schema) -> Option<String> {
    match (&schema.const_value, schema.enum_values.as_deref()) {
        (Some(Value::String(s)), _) => Some(s.clone()),
        (None, Some([Value::String(s)])) => Some(s.clone()),
        _ => None,
    }
}

/// Keeps only the constraints that apply to the type: a range to a number, an item count to a
/// list, a length to a string. Specs put them elsewhere too (a `maximum` beside an array of
/// references), where a check could not even be written.
pub(super) fn fit(c: Constraints, ty: &TypeRef) -> Constraints {
    let base = match ty {
        TypeRef::Option(inner) => inner.as_ref(),
        other => other,
    };
    let number = matches!(
        base,
        TypeRef::I32 | TypeRef::I64 | TypeRef::U32 | TypeRef::U64 | TypeRef::F64
    );
    let list = matches!(base, TypeRef::Vec(_));
    let string = matches!(base, TypeRef::String);
    Constraints {
        minimum: c.minimum.filter(|_| number),
        maximum: c.maximum.filter(|_| number),
        min_items: c.min_items.filter(|_| list),
        max_items: c.max_items.filter(|_| list),
        min_length: c.min_length.filter(|_| string),
        max_length: c.max_length.filter(|_| string),
        one_of: c.one_of,
    }
}

pub(super) fn constraints(schema: &Schema) -> Constraints {
    let bound = |plain: Option<f64>, exclusive: &Option<Value>| match exclusive {
        Some(Value::Number(n)) => n.as_f64().map(|value| Bound { value, exclusive: true }),
        Some(Value::Bool(true)) => plain.map(|value| Bound { value, exclusive: true }),
        _ => plain.map(|value| Bound {
            value,
            exclusive: false,
        }),
    };
    Constraints {
        minimum: bound(schema.minimum, &schema.exclusive_minimum),
        maximum: bound(schema.maximum, &schema.exclusive_maximum),
        min_items: schema.min_items.filter(|n| *n > 0),
        max_items: schema.max_items,
        min_length: schema.min_length.filter(|n| *n > 0),
        max_length: schema.max_length,
        one_of: Vec::new(),
    }
}

//! Sample values for the generated operation tests: what a test sends for each required
//! parameter and for the body. The spec's own example is taken when it fits the schema (many
//! examples do not: a string for an integer, a required property missing); otherwise the
//! smallest value the schema allows is built: an enum's first value, a bound, the minimum
//! length, the required properties only, one branch of a union.

use serde_json::{Map, Value};

use super::Lowerer;
use crate::spec::{AdditionalProperties, Items, Schema};

/// How deep a sample nests before giving up: a schema whose required properties recurse
/// without end has no finite value.
const MAX_DEPTH: usize = 24;

impl Lowerer<'_> {
    /// The value a test sends for `schema`: the first of `examples` (the spec's, written beside
    /// the schema) that fits it, else one built from the schema; `None` when no finite value
    /// exists.
    pub(super) fn sample(&self, schema: &Schema, examples: &[Value]) -> Option<Value> {
        let mut value = self.response_sample(schema, examples)?;
        self.strip_read_only(&mut value, schema, 0);
        Some(value)
    }

    /// The value a mock could answer for a response `schema`: the first of `examples` that
    /// fits, else one built from the schema, `readOnly` properties kept.
    pub(super) fn response_sample(&self, schema: &Schema, examples: &[Value]) -> Option<Value> {
        examples
            .iter()
            .find(|e| !e.is_null() && self.fits(e, schema, 0))
            .cloned()
            .or_else(|| self.build(schema, 0))
    }

    /// Takes `readOnly` properties out of a request's sample (a spec's example is often a
    /// response's): a request does not carry them, and a validating mock drops them from the
    /// schema it checks the request against, so one sent breaks `additionalProperties: false`.
    fn strip_read_only(&self, value: &mut Value, schema: &Schema, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        let schema = self.target(schema);
        match value {
            Value::Object(fields) => {
                for part in std::iter::once(&*schema).chain(schema.all_of.iter()) {
                    let part = self.target(part);
                    for (name, prop) in &part.properties {
                        if is_read_only(&self.target(prop), prop) {
                            fields.remove(name);
                        } else if let Some(field) = fields.get_mut(name) {
                            self.strip_read_only(field, prop, depth + 1);
                        }
                    }
                }
            }
            Value::Array(items) => {
                if let Some(Items::One(item)) = &schema.items {
                    for v in items {
                        self.strip_read_only(v, item, depth + 1);
                    }
                }
            }
            _ => {}
        }
    }

    /// The example values of a media type or parameter: `example`, then each of `examples`
    /// (Example objects, read through `#/components/examples` references).
    pub(super) fn examples_of(
        &self,
        example: Option<&Value>,
        examples: &indexmap::IndexMap<String, Value>,
    ) -> Vec<Value> {
        let named = examples.values().filter_map(|e| {
            let e = match e.get("$ref").and_then(Value::as_str) {
                Some(reference) => {
                    let key = reference.strip_prefix("#/components/examples/")?;
                    self.doc.components.examples.get(&crate::error::unescape_pointer(key))?
                }
                None => e,
            };
            e.get("value").cloned()
        });
        example.cloned().into_iter().chain(named).collect()
    }

    fn build(&self, schema: &Schema, depth: usize) -> Option<Value> {
        if depth > MAX_DEPTH {
            return None;
        }
        let schema = self.target(schema);
        if let Some(value) = &schema.const_value {
            return Some(value.clone());
        }
        // The schema's own example or default, when it fits (a property's example is often
        // the only value that matches its pattern).
        let own = schema
            .example
            .iter()
            .chain(schema.examples.as_ref().and_then(Value::as_array).into_iter().flatten())
            .chain(schema.default.iter());
        for value in own {
            if !value.is_null() && self.fits(value, &schema, 0) {
                return Some(value.clone());
            }
        }
        if let Some(first) = schema.enum_values.iter().flatten().find(|v| !v.is_null()) {
            return Some(first.clone());
        }
        if !schema.all_of.is_empty() {
            let mut merged = self.object(&schema, depth)?;
            for member in &schema.all_of {
                match self.build(member, depth + 1)? {
                    Value::Object(fields) => {
                        if let Value::Object(into) = &mut merged {
                            for (k, v) in fields {
                                into.entry(k).or_insert(v);
                            }
                        }
                    }
                    // A member that is not an object (`allOf: [$ref: Name]` around a string).
                    other => return Some(other),
                }
            }
            return Some(merged);
        }
        let branches = if schema.one_of.is_empty() {
            &schema.any_of
        } else {
            &schema.one_of
        };
        if !branches.is_empty() {
            return self.branch(&schema, branches, depth);
        }
        let types = schema.ty.as_ref().map(|t| t.names()).unwrap_or_default();
        let ty = types.iter().copied().find(|t| *t != "null");
        match ty {
            Some("string") => Some(Value::String(string_sample(&schema))),
            Some("integer") => Some(Value::from(number_sample(&schema).round() as i64)),
            Some("number") => {
                Some(serde_json::Number::from_f64(number_sample(&schema)).map_or(Value::from(0), Value::Number))
            }
            // `true` rather than `false`: a form or multipart field arrives as text, and a
            // validating server may read `false` (like `0`) as `null` as well.
            Some("boolean") => Some(Value::Bool(true)),
            Some("array") => self.array(&schema, depth),
            Some("object") => self.object(&schema, depth),
            Some(_) => Some(Value::String("a".to_owned())),
            None if !types.is_empty() => Some(Value::Null),
            None if schema.items.is_some() => self.array(&schema, depth),
            None => self.object(&schema, depth),
        }
    }

    /// One branch of a union, merged with the properties the schema lists beside it and
    /// carrying the discriminator's value for that branch: the first whose sample fits no
    /// other branch (a `oneOf` wants exactly one to match), else the first with a sample.
    fn branch(&self, schema: &Schema, branches: &[Schema], depth: usize) -> Option<Value> {
        let is_null = |b: &Schema| {
            let b = self.target(b);
            b.ty.as_ref().is_some_and(|t| t.names() == ["null"])
        };
        let candidates: Vec<(usize, Value)> = branches
            .iter()
            .enumerate()
            .filter(|(_, b)| !is_null(b))
            .filter_map(|(i, b)| Some((i, self.branch_sample(schema, b, depth)?)))
            .collect();
        let alone = |(i, value): &&(usize, Value)| {
            branches
                .iter()
                .enumerate()
                .all(|(j, other)| j == *i || !self.fits(value, &self.with_parent(schema, other), 0))
        };
        if let Some((_, value)) = candidates.iter().find(alone) {
            return Some(value.clone());
        }
        // An empty list fits every list branch: try each list branch again with one item.
        let with_item: Vec<(usize, Value)> = branches
            .iter()
            .enumerate()
            .filter_map(|(i, b)| {
                let mut one = self.with_parent(schema, b);
                let is_list = one.items.is_some() || one.ty.as_ref().is_some_and(|t| t.names().contains(&"array"));
                if !is_list || one.max_items == Some(0) {
                    return None;
                }
                one.min_items = Some(one.min_items.unwrap_or(0).max(1));
                Some((i, self.build(&one, depth + 1)?))
            })
            .collect();
        if let Some((_, value)) = with_item.iter().find(alone) {
            return Some(value.clone());
        }
        // An object that fits other branches too (each needs only what it shares, as Ory's
        // registration methods need only `method` and `traits`) is told apart by a property
        // only such a branch declares, given a value of another type: free in its own branch,
        // which allows properties it does not name, it rules the other out, as a validator
        // that ignores the discriminator needs.
        for (i, value) in &candidates {
            let own = self.with_parent(schema, &branches[*i]);
            if matches!(own.additional_properties, Some(AdditionalProperties::Bool(false))) {
                continue;
            }
            let mut value = value.clone();
            for (j, other) in branches.iter().enumerate() {
                let other = self.with_parent(schema, other);
                if j == *i || !self.fits(&value, &other, 0) {
                    continue;
                }
                let Value::Object(fields) = &mut value else { break };
                let rule_out = other.properties.iter().find_map(|(name, prop)| {
                    let free = !own.properties.contains_key(name) && !fields.contains_key(name);
                    free.then(|| Some((name.clone(), self.other_type(prop)?)))?
                });
                if let Some((name, wrong)) = rule_out {
                    fields.insert(name, wrong);
                }
            }
            if alone(&&(*i, value.clone())) {
                return Some(value);
            }
        }
        Some(candidates.first()?.1.clone())
    }

    /// A value of a JSON type the schema does not allow, when it names its types.
    fn other_type(&self, schema: &Schema) -> Option<Value> {
        let schema = self.target(schema);
        let types = schema.ty.as_ref().map(|t| t.names()).unwrap_or_default();
        if types.is_empty() {
            return None;
        }
        [
            ("boolean", Value::Bool(true)),
            ("string", Value::String("a".to_owned())),
            ("number", Value::from(0)),
            ("array", Value::Array(Vec::new())),
            ("object", Value::Object(Map::new())),
        ]
        .into_iter()
        .find(|(name, _)| !(types.contains(name) || *name == "number" && types.contains(&"integer")))
        .map(|(_, value)| value)
    }

    /// A branch read with the properties its schema lists beside the union, so that a branch
    /// that only says which are required (`oneOf: [{required: [status]}, …]`) knows them.
    fn with_parent(&self, parent: &Schema, branch: &Schema) -> Schema {
        let mut merged = self.target(branch).into_owned();
        for (name, prop) in &parent.properties {
            merged.properties.entry(name.clone()).or_insert_with(|| prop.clone());
        }
        merged
    }

    fn branch_sample(&self, schema: &Schema, branch: &Schema, depth: usize) -> Option<Value> {
        let mut value = self.build(&self.with_parent(schema, branch), depth + 1)?;
        if let Value::Object(fields) = &mut value {
            if let Some(Value::Object(own)) = (!schema.properties.is_empty())
                .then(|| self.object(schema, depth))
                .flatten()
            {
                for (k, v) in own {
                    fields.entry(k).or_insert(v);
                }
            }
            // The tag names the branch by the rule the union's type reads and writes it with
            // (`union.rs`), so the sample decodes as the variant it was built for.
            if let Some(d) = &schema.discriminator {
                let component = branch.reference.as_deref().and_then(|r| self.component_key(r));
                if let Some(value) = self.tag_value(schema, &d.property_name, branch, component.as_deref()) {
                    fields.insert(d.property_name.clone(), Value::String(value));
                }
            }
        }
        Some(value)
    }

    /// The sample of a parameter: as [`Lowerer::sample`], but a list holds one item at least,
    /// since an empty list in a query or header is no value at all.
    pub(super) fn param_sample(&self, schema: &Schema, examples: &[Value]) -> Option<Value> {
        match self.sample(schema, examples)? {
            Value::Array(items) if items.is_empty() => {
                let mut one = self.target(schema).into_owned();
                one.min_items = Some(one.min_items.unwrap_or(0).max(1));
                self.build(&one, 0)
            }
            other => Some(other),
        }
    }

    /// A form body's sample with each empty list property given one item, since an empty list
    /// in a form sends no pair at all (a required one would then be missing).
    pub(super) fn with_form_lists(&self, mut value: Value, schema: &Schema) -> Value {
        let target = self.target(schema);
        if let Value::Object(fields) = &mut value {
            for (name, field) in fields.iter_mut() {
                let Some(prop) = target.properties.get(name) else {
                    continue;
                };
                if matches!(field, Value::Array(items) if items.is_empty()) {
                    if let Some(one) = self.param_sample(prop, &[]) {
                        *field = one;
                    }
                }
            }
        }
        value
    }

    fn array(&self, schema: &Schema, depth: usize) -> Option<Value> {
        let count = schema.min_items.unwrap_or(0).min(64) as usize;
        let items: Vec<Value> = match &schema.items {
            Some(Items::One(item)) => (0..count).map(|_| self.build(item, depth + 1)).collect::<Option<_>>()?,
            Some(Items::Many(tuple)) => tuple
                .iter()
                .take(count.max(tuple.len()))
                .map(|item| self.build(item, depth + 1))
                .collect::<Option<_>>()?,
            None => vec![Value::String("a".to_owned()); count],
        };
        Some(Value::Array(items))
    }

    /// The required properties (and more, up to `minProperties`).
    fn object(&self, schema: &Schema, depth: usize) -> Option<Value> {
        let mut fields = Map::new();
        for name in &schema.required.names {
            let value = match schema.properties.get(name) {
                // Required of responses only; a request leaves it out.
                Some(prop) if is_read_only(&self.target(prop), prop) => continue,
                Some(prop) => self.build(prop, depth + 1)?,
                None => Value::String("a".to_owned()),
            };
            fields.insert(name.clone(), value);
        }
        let wanted = schema.min_properties.unwrap_or(0).min(64) as usize;
        for (name, prop) in &schema.properties {
            if fields.len() >= wanted {
                break;
            }
            if !fields.contains_key(name) {
                if let Some(value) = self.build(prop, depth + 1) {
                    fields.insert(name.clone(), value);
                }
            }
        }
        if let Some(AdditionalProperties::Schema(values)) = &schema.additional_properties {
            for i in fields.len()..wanted {
                fields.insert(format!("key{i}"), self.build(values, depth + 1)?);
            }
        }
        Some(Value::Object(fields))
    }

    /// Whether `value` fits `schema` in what a typed decode and a validating mock check first:
    /// its JSON type, enum, required properties, lengths and bounds, recursively.
    fn fits(&self, value: &Value, schema: &Schema, depth: usize) -> bool {
        if depth > MAX_DEPTH {
            return true;
        }
        let schema = self.target(schema);
        if let Some(c) = &schema.const_value {
            return c == value;
        }
        if let Some(values) = &schema.enum_values {
            return values.contains(value);
        }
        if !schema.all_of.iter().all(|m| self.fits(value, m, depth + 1)) {
            return false;
        }
        for branches in [&schema.one_of, &schema.any_of] {
            if !branches.is_empty() && !branches.iter().any(|b| self.fits(value, b, depth + 1)) {
                return false;
            }
        }
        let types = schema.ty.as_ref().map(|t| t.names()).unwrap_or_default();
        if value.is_null() {
            return types.is_empty() && schema.all_of.is_empty() || types.contains(&"null") || schema.nullable;
        }
        let type_fits = types.is_empty()
            || types.iter().any(|t| match *t {
                "string" => value.is_string(),
                "integer" => value.is_i64() || value.is_u64(),
                "number" => value.is_number(),
                "boolean" => value.is_boolean(),
                "array" => value.is_array(),
                "object" => value.is_object(),
                _ => false,
            });
        if !type_fits {
            return false;
        }
        match value {
            Value::String(s) => {
                let len = s.chars().count() as u64;
                schema.min_length.is_none_or(|min| len >= min)
                    && schema.max_length.is_none_or(|max| len <= max)
                    && schema.format.as_deref().is_none_or(|f| fits_format(s, f))
            }
            Value::Number(n) => {
                let n = n.as_f64().unwrap_or(0.0);
                schema.minimum.is_none_or(|min| n >= min) && schema.maximum.is_none_or(|max| n <= max)
            }
            Value::Array(items) => {
                let len = items.len() as u64;
                let item_fits = match &schema.items {
                    Some(Items::One(item)) => items.iter().all(|v| self.fits(v, item, depth + 1)),
                    _ => true,
                };
                item_fits
                    && schema.min_items.is_none_or(|min| len >= min)
                    && schema.max_items.is_none_or(|max| len <= max)
            }
            Value::Object(fields) => {
                // A request's example may leave out what only responses carry.
                let needed = |r: &&String| {
                    schema
                        .properties
                        .get(*r)
                        .is_none_or(|p| !is_read_only(&self.target(p), p))
                };
                schema
                    .required
                    .names
                    .iter()
                    .filter(needed)
                    .all(|r| fields.contains_key(r))
                    && fields.iter().all(|(k, v)| match schema.properties.get(k) {
                        Some(prop) => self.fits(v, prop, depth + 1),
                        None => !matches!(schema.additional_properties, Some(AdditionalProperties::Bool(false))),
                    })
            }
            _ => true,
        }
    }
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

/// A string for a string schema: a value of its format, one matching its pattern, or `a`s to
/// its minimum length (one at least, so that a path segment is never empty).
fn string_sample(schema: &Schema) -> String {
    let by_format = match schema.format.as_deref() {
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
    let min = schema.min_length.unwrap_or(1).max(1);
    let max = schema.max_length.unwrap_or(u64::MAX).max(1);
    if let Some(matching) = schema.pattern.as_deref().and_then(pattern_sample) {
        let len = matching.chars().count() as u64;
        if (min..=max).contains(&len) {
            return matching;
        }
    }
    "a".repeat(min.min(max).min(4096) as usize)
}

/// The number nearest zero within the schema's bounds, on its `multipleOf` grid, and not zero
/// itself unless the bounds leave nothing else.
fn number_sample(schema: &Schema) -> f64 {
    let strict = |v: &Option<Value>| v.as_ref().and_then(Value::as_f64);
    let flag = |v: &Option<Value>| v.as_ref().and_then(Value::as_bool).unwrap_or(false);
    let step = schema.multiple_of.filter(|m| *m > 0.0).unwrap_or(1.0);
    let mut low = schema.minimum;
    if let Some(x) = strict(&schema.exclusive_minimum) {
        low = Some(low.map_or(x + step, |l| l.max(x + step)));
    } else if flag(&schema.exclusive_minimum) {
        low = low.map(|l| l + step);
    }
    let mut high = schema.maximum;
    if let Some(x) = strict(&schema.exclusive_maximum) {
        high = Some(high.map_or(x - step, |h| h.min(x - step)));
    } else if flag(&schema.exclusive_maximum) {
        high = high.map(|h| h - step);
    }
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

/// Whether a property is `readOnly`, beside a `$ref` or on its target.
fn is_read_only(target: &Schema, prop: &Schema) -> bool {
    prop.read_only || target.read_only
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema(yaml: &str) -> Schema {
        serde_yaml::from_str(yaml).expect("schema")
    }

    #[test]
    fn strings_take_their_format_pattern_and_length() {
        let cases = [
            ("type: string", "a"),
            ("{type: string, format: date-time}", "2024-01-01T00:00:00Z"),
            ("{type: string, minLength: 3}", "aaa"),
            ("{type: string, pattern: '^[A-Z]{2}-\\d{3}$'}", "AA-000"),
            ("{type: string, pattern: '^(foo|bar)+$'}", "foo"),
            // A pattern beyond the reader falls back to the length rule.
            ("{type: string, pattern: '(a)\\1', minLength: 2}", "aa"),
        ];
        for (yaml, want) in cases {
            assert_eq!(string_sample(&schema(yaml)), want, "{yaml}");
        }
    }

    #[test]
    fn request_samples_leave_read_only_properties_out() {
        let doc: crate::spec::OpenApi = serde_yaml::from_str(
            "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Id: {type: string, readOnly: true}\n",
        )
        .expect("doc");
        let api = super::super::Lowerer::for_tests(&doc);
        let pet = schema(
            "{type: object, required: [id, name, owner], properties: {id: {type: string, readOnly: true}, name: {type: string}, owner: {$ref: '#/components/schemas/Id'}, tags: {type: array, items: {type: object, properties: {made: {type: integer, readOnly: true}, label: {type: string}}}}}}",
        );
        assert_eq!(api.sample(&pet, &[]), Some(serde_json::json!({"name": "a"})), "built");
        // A response's example: fits without its read-only parts, which are taken out.
        let example = serde_json::json!({"id": "p1", "name": "Rex", "owner": "o", "tags": [{"made": 1, "label": "x"}]});
        let want = serde_json::json!({"name": "Rex", "tags": [{"label": "x"}]});
        assert_eq!(api.sample(&pet, &[example]), Some(want), "from the example");
        let without = serde_json::json!({"name": "Rex"});
        assert_eq!(
            api.sample(&pet, std::slice::from_ref(&without)),
            Some(without),
            "a request's example fits"
        );
    }

    #[test]
    fn a_union_sample_fits_its_own_branch_only() {
        let doc: crate::spec::OpenApi = serde_yaml::from_str(
            "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Item: {type: object, required: [kind], properties: {kind: {type: string}}}\n    Pinned: {type: object, required: [kind], properties: {kind: {type: string, enum: [dev]}}}\n",
        )
        .expect("doc");
        let api = super::super::Lowerer::for_tests(&doc);
        let cases = [
            // Two list branches: an empty list would fit both.
            ("oneOf: [{type: array, items: {type: string}}, {type: array, items: {$ref: '#/components/schemas/Item'}}]", r#"["a"]"#),
            // Branches that only say which properties are required take them from beside the union.
            ("{type: object, properties: {status: {type: string, enum: [pending, all]}, id: {type: string}}, oneOf: [{required: [status]}, {required: [id]}]}", r#"{"status":"pending"}"#),
            // The tag names the branch: by the mapping, else as the branch pins it, else by name.
            ("{oneOf: [{$ref: '#/components/schemas/Item'}], discriminator: {propertyName: kind, mapping: {item: '#/components/schemas/Item'}}}", r#"{"kind":"item"}"#),
            ("{oneOf: [{$ref: '#/components/schemas/Pinned'}], discriminator: {propertyName: kind}}", r#"{"kind":"dev"}"#),
            ("{oneOf: [{$ref: '#/components/schemas/Item'}], discriminator: {propertyName: kind}}", r#"{"kind":"Item"}"#),
        ];
        for (yaml, want) in cases {
            let sample = api.sample(&schema(yaml), &[]).expect("a sample");
            assert_eq!(sample.to_string(), want, "{yaml}");
        }
    }

    #[test]
    fn numbers_sit_at_the_bound_nearest_zero() {
        let cases = [
            ("type: integer", 1.0),
            ("{type: integer, minimum: 0, maximum: 0}", 0.0),
            ("{type: integer, minimum: 0}", 1.0),
            ("{type: integer, minimum: 5}", 5.0),
            ("{type: integer, maximum: -3}", -3.0),
            ("{type: number, exclusiveMinimum: 0, multipleOf: 0.5}", 0.5),
            ("{type: integer, minimum: 1, exclusiveMinimum: true}", 2.0),
            ("{type: integer, minimum: 7, multipleOf: 5}", 10.0),
        ];
        for (yaml, want) in cases {
            assert_eq!(number_sample(&schema(yaml)), want, "{yaml}");
        }
    }
}

//! Reference resolution: one resolver for every kind of component (parameters, request
//! bodies, responses), and the lookups schemas need.

use indexmap::IndexMap;

use super::Lowerer;
use crate::error::{escape_pointer, unescape_pointer, Error};
use crate::spec::{OpenApi, Parameter, RequestBody, Response, Schema};

/// How many `$ref`s in a row are followed before a chain is taken for a cycle.
const MAX_CHAIN: usize = 32;

/// A spec object that may be a `$ref` to a component of its own kind.
pub(super) trait Referable: Sized + 'static {
    /// The `components` section it lives in, such as `parameters`.
    const SECTION: &'static str;
    /// What it is called in messages.
    const WHAT: &'static str;
    /// Its `$ref`, if it is one.
    fn reference(&self) -> Option<&str>;
    /// The components of its kind.
    fn components(doc: &OpenApi) -> &IndexMap<String, Self>;
}

impl Referable for Parameter {
    const SECTION: &'static str = "parameters";
    const WHAT: &'static str = "parameter";
    fn reference(&self) -> Option<&str> {
        self.reference.as_deref()
    }
    fn components(doc: &OpenApi) -> &IndexMap<String, Self> {
        &doc.components.parameters
    }
}

impl Referable for RequestBody {
    const SECTION: &'static str = "requestBodies";
    const WHAT: &'static str = "request body";
    fn reference(&self) -> Option<&str> {
        self.reference.as_deref()
    }
    fn components(doc: &OpenApi) -> &IndexMap<String, Self> {
        &doc.components.request_bodies
    }
}

impl Referable for Response {
    const SECTION: &'static str = "responses";
    const WHAT: &'static str = "response";
    fn reference(&self) -> Option<&str> {
        self.reference.as_deref()
    }
    fn components(doc: &OpenApi) -> &IndexMap<String, Self> {
        &doc.components.responses
    }
}

impl<'a> Lowerer<'a> {
    /// Follows `item`'s `$ref`s to the component they name, returning it and its pointer.
    pub(super) fn resolve<T: Referable>(&self, item: &'a T, pointer: &str) -> Result<(&'a T, String), Error> {
        let doc: &'a OpenApi = self.doc;
        let mut current = (item, pointer.to_owned());
        for _ in 0..MAX_CHAIN {
            let Some(reference) = current.0.reference() else {
                return Ok(current);
            };
            let prefix = format!("#/components/{}/", T::SECTION);
            let target = reference
                .strip_prefix(&prefix)
                .map(unescape_pointer)
                .and_then(|key| T::components(doc).get_key_value(&key));
            match target {
                Some((key, next)) => {
                    current = (next, format!("/components/{}/{}", T::SECTION, escape_pointer(key)));
                }
                None => {
                    return Err(self.invalid(
                        &format!("{}/$ref", current.1),
                        format!("`$ref: {reference}` points to no {}", T::WHAT),
                    ))
                }
            }
        }
        Err(self.invalid(&current.1, format!("`$ref`s to a {} form a cycle", T::WHAT)))
    }

    /// Resolves `#/components/schemas/Name` to the component key.
    pub(super) fn schema_ref_key(&self, reference: &str, pointer: &str) -> Result<String, Error> {
        let Some(rest) = reference.strip_prefix("#/components/schemas/") else {
            return Err(self.unsupported(
                pointer,
                format!("`$ref: {reference}`: only references to #/components/schemas/... are supported"),
            ));
        };
        let key = unescape_pointer(rest);
        if !self.doc.components.schemas.contains_key(&key) {
            return Err(self.invalid(pointer, format!("`$ref: {reference}` points to no schema")));
        }
        Ok(key)
    }

    /// The schema a chain of `$ref`s ends at (the schema itself when it is no reference).
    pub(super) fn target<'s>(&'s self, schema: &'s Schema) -> &'s Schema {
        let mut current = schema;
        for _ in 0..MAX_CHAIN {
            match current
                .reference
                .as_deref()
                .and_then(|r| r.strip_prefix("#/components/schemas/"))
            {
                Some(key) => match self.doc.components.schemas.get(&unescape_pointer(key)) {
                    Some(next) => current = next,
                    None => return current,
                },
                None => return current,
            }
        }
        current
    }
}

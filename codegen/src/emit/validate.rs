//! Checks before sending: `Validate` impls from constraints, per-model conditions and nested
//! validated types.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{ident, Spell};
use crate::ir::*;

/// Checks of one value against its constraints and those of its type.
pub(super) fn validate_value(ty: &TypeRef, c: &Constraints, value: TokenStream, path: TokenStream) -> TokenStream {
    validate_value_or(ty, c, value, path, quote!(?))
}

/// Checks of one value, each ending in `or` (`?`, or a `map_err` before it).
pub(super) fn validate_value_or(
    ty: &TypeRef,
    c: &Constraints,
    value: TokenStream,
    path: TokenStream,
    or: TokenStream,
) -> TokenStream {
    let mut checks = Vec::new();
    let opt = |v: Option<Bound>| match v {
        Some(Bound { value, exclusive }) => quote!(Some((#value, #exclusive))),
        None => quote!(None),
    };
    let opt_u = |v: Option<u64>| match v {
        Some(n) => {
            let n = Literal::u64_unsuffixed(n);
            quote!(Some(#n))
        }
        None => quote!(None),
    };
    if c.minimum.is_some() || c.maximum.is_some() {
        let (lo, hi) = (opt(c.minimum), opt(c.maximum));
        let number = if matches!(ty, TypeRef::F64) {
            quote!(*#value)
        } else {
            quote!(*#value as f64)
        };
        checks.push(quote!(crate::runtime::check_range(#path, #number, #lo, #hi) #or;));
    }
    if c.min_items.is_some() || c.max_items.is_some() {
        let (lo, hi) = (opt_u(c.min_items), opt_u(c.max_items));
        checks.push(quote!(crate::runtime::check_items(#path, #value.len(), #lo, #hi) #or;));
    }
    if c.min_length.is_some() || c.max_length.is_some() {
        let (lo, hi) = (opt_u(c.min_length), opt_u(c.max_length));
        checks.push(quote!(crate::runtime::check_length(#path, #value, #lo, #hi) #or;));
    }
    if !c.one_of.is_empty() {
        let values = &c.one_of;
        checks.push(quote!(crate::runtime::check_one_of(#path, #value.as_str(), &[#(#values),*]) #or;));
    }
    quote!(#(#checks)*)
}

pub(super) fn emit_struct_validate(def: &TypeDef, s: &Struct, validated: &Spell) -> TokenStream {
    let name = ident(&def.name);
    let checks = s.fields.iter().filter_map(|f| {
        let nested = validated.validates(&f.ty);
        if f.constraints.is_empty() && !nested {
            return None;
        }
        let rust = ident(&f.rust_name);
        // A flattened field's properties are the struct's own, so its path adds no segment.
        let wire = f.wire_name();
        // The field's own constraints, on its value when it has one (a flattened union has
        // none: lowering keeps the constraints of its branches).
        let own = wire.filter(|_| !f.constraints.is_empty()).map(|wire| {
            let body = validate_value(&f.ty, &f.constraints, quote!(value), quote!(#wire));
            on_value(f, body)
        });
        // What its type holds: the runtime's impls for `Option`, `Vec`, maps and `Box` reach
        // every validated value inside, naming the path as they go.
        let inner = nested.then(|| match wire {
            Some(wire) => {
                quote! { crate::runtime::Validate::validate(&self.#rust).map_err(|e| e.within(#wire))?; }
            }
            None => quote! { crate::runtime::Validate::validate(&self.#rust)?; },
        });
        Some(quote! { #own #inner })
    });
    // Constraints that hold only when another field has one value (a per-model limit).
    let conditions = s.conditions.iter().filter_map(|c| {
        let when = s.fields.iter().find(|f| f.rust_name == c.when_field)?;
        let field = s.fields.iter().find(|f| f.rust_name == c.field)?;
        let (when_ident, value) = (ident(&when.rust_name), &c.when_value);
        // A string and a string enum both read as `&str`.
        let matches = match when.presence {
            Presence::Required => quote!(self.#when_ident.as_str() == #value),
            Presence::OptionalNullable => quote!(matches!(&self.#when_ident, Some(Some(v)) if v.as_str() == #value)),
            Presence::Optional | Presence::Nullable => {
                quote!(matches!(&self.#when_ident, Some(v) if v.as_str() == #value))
            }
        };
        let (wire, when_wire) = (field.wire_name()?, when.wire_name()?);
        let or = quote!(.map_err(|e| e.when(#when_wire, #value))?);
        let checked = on_value(
            field,
            validate_value_or(&field.ty, &c.constraints, quote!(value), quote!(#wire), or),
        );
        Some(quote! {
            if #matches {
                #checked
            }
        })
    });
    quote! {
        impl crate::runtime::Validate for #name {
            fn validate(&self) -> Result<(), crate::runtime::ValidationError> {
                #(#checks)*
                #(#conditions)*
                Ok(())
            }
        }
    }
}

/// `body` run on a field's value, `value`, when it has one.
fn on_value(f: &Field, body: TokenStream) -> TokenStream {
    let rust = ident(&f.rust_name);
    match f.presence {
        Presence::OptionalNullable => quote! { if let Some(Some(value)) = &self.#rust { #body } },
        Presence::Optional | Presence::Nullable => quote! { if let Some(value) = &self.#rust { #body } },
        Presence::Required => quote! { { let value = &self.#rust; #body } },
    }
}

//! Checks of request values against the spec's constraints, called by generated code.

/// A value that can be checked against its spec constraints before it is sent.
pub trait Validate {
    /// Returns the first broken constraint, if any.
    fn validate(&self) -> Result<(), ValidationError>;
}

/// A list is checked item by item; the error names the index (`[2].field`).
impl<T: Validate> Validate for Vec<T> {
    fn validate(&self) -> Result<(), ValidationError> {
        for (index, item) in self.iter().enumerate() {
            item.validate().map_err(|e| e.within(&format!("[{index}]")))?;
        }
        Ok(())
    }
}

/// A map is checked value by value; the error names the key.
impl<T: Validate> Validate for std::collections::BTreeMap<String, T> {
    fn validate(&self) -> Result<(), ValidationError> {
        for (key, item) in self {
            item.validate().map_err(|e| e.within(key))?;
        }
        Ok(())
    }
}

/// An absent value breaks no constraint.
impl<T: Validate> Validate for Option<T> {
    fn validate(&self) -> Result<(), ValidationError> {
        self.as_ref().map_or(Ok(()), Validate::validate)
    }
}

/// A boxed value (a recursive field) is checked as the value.
impl<T: Validate + ?Sized> Validate for Box<T> {
    fn validate(&self) -> Result<(), ValidationError> {
        (**self).validate()
    }
}

/// A broken constraint: which field and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationError {
    /// The path of the field, such as `messages[0].content`.
    pub field: String,
    /// What is wrong.
    pub reason: String,
}

impl ValidationError {
    /// Prefixes the field path with the path of the value that contains it.
    /// Says which value of another field the broken constraint belongs to (a per-model
    /// limit): `must be at most 8192 when `model` is `x``.
    pub fn when(mut self, field: &str, value: &str) -> Self {
        let condition = format!(" when `{field}` is `{value}`");
        self.reason = match self.reason.split_once(", got ") {
            Some((rule, got)) => format!("{rule}{condition}, got {got}"),
            None => format!("{}{condition}", self.reason),
        };
        self
    }

    /// Puts the field inside `parent`, so the path names where it sits.
    pub fn within(mut self, parent: &str) -> Self {
        if parent.is_empty() {
            return self;
        }
        self.field = if self.field.is_empty() {
            parent.to_owned()
        } else if self.field.starts_with('[') {
            format!("{parent}{}", self.field)
        } else {
            format!("{parent}.{}", self.field)
        };
        self
    }
}

impl From<ValidationError> for super::Error {
    fn from(e: ValidationError) -> Self {
        super::Error::InvalidRequest {
            field: e.field,
            reason: e.reason,
        }
    }
}

fn fmt_num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// Checks a number against inclusive or exclusive bounds (`(bound, exclusive)`).
pub fn check_range(
    field: &str,
    value: f64,
    min: Option<(f64, bool)>,
    max: Option<(f64, bool)>,
) -> Result<(), ValidationError> {
    let fail = |reason: String| {
        Err(ValidationError {
            field: field.to_owned(),
            reason,
        })
    };
    if value.is_nan() {
        return fail("must be a number, not NaN".to_owned());
    }
    if let Some((lo, exclusive)) = min {
        if value < lo || (exclusive && value == lo) {
            let op = if exclusive { "greater than" } else { "at least" };
            return fail(format!("must be {op} {}, got {}", fmt_num(lo), fmt_num(value)));
        }
    }
    if let Some((hi, exclusive)) = max {
        if value > hi || (exclusive && value == hi) {
            let op = if exclusive { "less than" } else { "at most" };
            return fail(format!("must be {op} {}, got {}", fmt_num(hi), fmt_num(value)));
        }
    }
    Ok(())
}

/// Checks the number of items of an array.
pub fn check_items(field: &str, len: usize, min: Option<u64>, max: Option<u64>) -> Result<(), ValidationError> {
    let len = len as u64;
    if let Some(lo) = min.filter(|lo| len < *lo) {
        return Err(ValidationError {
            field: field.to_owned(),
            reason: format!("must have at least {lo} item(s), got {len}"),
        });
    }
    if let Some(hi) = max.filter(|hi| len > *hi) {
        return Err(ValidationError {
            field: field.to_owned(),
            reason: format!("must have at most {hi} item(s), got {len}"),
        });
    }
    Ok(())
}

/// Checks that a value is one of those allowed (a per-model subset of an enum's values).
pub fn check_one_of(field: &str, value: &str, allowed: &[&str]) -> Result<(), ValidationError> {
    if allowed.contains(&value) {
        return Ok(());
    }
    Err(ValidationError {
        field: field.to_owned(),
        reason: format!("must be one of {}, got `{value}`", allowed.join(", ")),
    })
}

/// Checks the length of a string, in characters.
pub fn check_length(field: &str, value: &str, min: Option<u64>, max: Option<u64>) -> Result<(), ValidationError> {
    let len = value.chars().count() as u64;
    if let Some(lo) = min.filter(|lo| len < *lo) {
        return Err(ValidationError {
            field: field.to_owned(),
            reason: format!("must be at least {lo} character(s) long, got {len}"),
        });
    }
    if let Some(hi) = max.filter(|hi| len > *hi) {
        return Err(ValidationError {
            field: field.to_owned(),
            reason: format!("must be at most {hi} character(s) long, got {len}"),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges() {
        let cases = [
            (0.0, Some((0.0, false)), Some((2.0, false)), None),
            (2.0, Some((0.0, false)), Some((2.0, false)), None),
            (
                2.5,
                Some((0.0, false)),
                Some((2.0, false)),
                Some("must be at most 2, got 2.5"),
            ),
            (-0.1, Some((0.0, false)), None, Some("must be at least 0, got -0.1")),
            (0.0, Some((0.0, true)), None, Some("must be greater than 0, got 0")),
            (1.0, None, Some((1.0, true)), Some("must be less than 1, got 1")),
            (f64::NAN, Some((0.0, false)), None, Some("must be a number, not NaN")),
        ];
        for (value, min, max, expected) in cases {
            let got = check_range("x", value, min, max).err().map(|e| e.reason);
            assert_eq!(got.as_deref(), expected, "{value}");
        }
    }

    #[test]
    fn items_and_lengths() {
        assert_eq!(
            check_items("stop", 5, None, Some(4)).unwrap_err().reason,
            "must have at most 4 item(s), got 5"
        );
        assert_eq!(
            check_items("messages", 0, Some(1), None).unwrap_err().reason,
            "must have at least 1 item(s), got 0"
        );
        assert!(check_items("stop", 4, None, Some(4)).is_ok());
        assert_eq!(
            check_length("s", "héllo", None, Some(4)).unwrap_err().reason,
            "must be at most 4 character(s) long, got 5"
        );
        assert!(check_length("s", "héllo", Some(5), Some(5)).is_ok());
    }

    struct Positive(i64);

    impl Validate for Positive {
        fn validate(&self) -> Result<(), ValidationError> {
            check_range("n", self.0 as f64, Some((1.0, false)), None)
        }
    }

    #[test]
    fn containers_check_what_they_hold_and_name_where() {
        assert!(vec![Positive(1), Positive(2)].validate().is_ok());
        assert_eq!(vec![Positive(1), Positive(0)].validate().unwrap_err().field, "[1].n");
        let nested = vec![vec![Positive(0)]].validate().unwrap_err().within("rows");
        assert_eq!(nested.field, "rows[0][0].n");
        let map = std::collections::BTreeMap::from([("a".to_owned(), Positive(0))]);
        assert_eq!(map.validate().unwrap_err().field, "a.n");
        assert!(None::<Positive>.validate().is_ok());
        assert!(Box::new(Positive(0)).validate().is_err());
    }

    #[test]
    fn within_builds_a_path() {
        let e = ValidationError {
            field: "fps".into(),
            reason: "r".into(),
        };
        assert_eq!(
            e.within("video_url").within("messages[0].content[1]").field,
            "messages[0].content[1].video_url.fps"
        );
        let e = ValidationError {
            field: String::new(),
            reason: "r".into(),
        };
        assert_eq!(e.within("a").field, "a");
    }
}

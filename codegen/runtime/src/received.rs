//! Absent stays absent: the decoding policy reads a required field the server left out (or
//! sent as `null`) as its type's empty value, and this remembers that it did, so encoding the
//! value again writes the field as it came (left out, or `null`) rather than inventing it.
//!
//! A generated type with such fields has a hidden [`Received`] field, which its
//! `json_struct!` codec fills when it reads and consults when it writes.

/// Which fields of a value the decoding policy filled in, and how they came (left out or
/// `null`). Empty, and allocation-free, for a value the server sent whole.
///
/// It takes no part in equality, on purpose: it records how a value came over the wire, not
/// what the value is. A response decoded from `{}` (its `id` filled in as `""`) and one a test
/// builds with `id: ""` hold the same fields and compare equal; only their encodings differ,
/// each writing back what it was made from.
#[derive(Debug, Clone, Default)]
pub struct Received {
    filled: Vec<(&'static str, bool)>,
}

impl PartialEq for Received {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Received {
    /// The value of field `name` from its slot as a generated `Deserialize` read it (`None`
    /// when absent, `Some(None)` when `null`), its empty value when the wire had none; notes
    /// which.
    #[inline]
    pub fn take_slot<T: Default>(&mut self, name: &'static str, slot: Option<Option<T>>) -> T {
        match slot {
            Some(Some(value)) => value,
            None => {
                self.filled.push((name, false));
                T::default()
            }
            Some(None) => {
                self.filled.push((name, true));
                T::default()
            }
        }
    }

    /// How field `name` goes back on the wire when the policy filled it in and it still holds
    /// the empty value: `Some(true)` as `null`, `Some(false)` left out; `None` as its value.
    #[inline]
    pub fn came_as<T: Default + PartialEq>(&self, name: &'static str, value: &T) -> Option<bool> {
        if self.filled.is_empty() {
            return None;
        }
        let (_, null) = self.filled.iter().find(|(n, _)| *n == name)?;
        (*value == T::default()).then_some(*null)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_filled_field_goes_back_as_it_came_until_it_changes() {
        let mut received = Received::default();
        assert_eq!(received.take_slot::<String>("id", None), "");
        assert_eq!(received.take_slot::<i64>("n", Some(None)), 0);
        assert_eq!(received.take_slot("kept", Some(Some(3))), 3);
        assert_eq!(received.came_as("id", &String::new()), Some(false), "left out");
        assert_eq!(received.came_as("n", &0i64), Some(true), "null");
        assert_eq!(received.came_as("n", &5i64), None, "changed since: its value");
        assert_eq!(received.came_as("kept", &3), None, "sent whole");
        assert_eq!(received, Received::default(), "equality ignores how a value was read");
    }
}

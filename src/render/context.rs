//! A view as a tera context, field by field.
//!
//! `tera::Context::from_serialize` converts the whole view into one tera map first
//! (hashing every field name into it), then copies each name into a `String` and the
//! map into the context's own. A view's fields are known names: each is converted on
//! its own and inserted under its static name, with nothing made to be thrown away.

use serde::ser::{self, Impossible, Serialize, SerializeStruct};

/// The context of `view`, a struct whose fields are what its template sees.
pub(super) fn of(view: &impl Serialize) -> Result<tera::Context, tera::Error> {
    let mut fields = Fields(tera::Context::new());
    view.serialize(&mut fields).map_err(|NotAView(message)| tera::Error::message(message))?;
    Ok(fields.0)
}

struct Fields(tera::Context);

/// Why a value could not be a context: not a struct, or a field tera cannot hold.
#[derive(Debug)]
struct NotAView(String);

impl std::fmt::Display for NotAView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for NotAView {}

impl ser::Error for NotAView {
    fn custom<T: std::fmt::Display>(message: T) -> Self {
        NotAView(message.to_string())
    }
}

impl SerializeStruct for &mut Fields {
    type Ok = ();
    type Error = NotAView;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) -> Result<(), NotAView> {
        let value = tera::Value::try_from_serializable(value).map_err(|e| NotAView(e.to_string()))?;
        self.0.insert_value(name, value);
        Ok(())
    }

    fn end(self) -> Result<(), NotAView> {
        Ok(())
    }
}

/// Every other kind of value is refused: a template's context is a struct's fields.
fn refused<T>(given: &str) -> Result<T, NotAView> {
    Err(NotAView(format!("a view must be a struct ({given} given)")))
}

/// `refused` for each of the serializer's methods whose arguments are not generic.
macro_rules! refused {
    ($($method:ident($($arg:ty),*) -> $ok:ty;)*) => {
        $(fn $method(self, $(_: $arg),*) -> Result<$ok, NotAView> {
            refused(stringify!($method))
        })*
    };
}

impl ser::Serializer for &mut Fields {
    type Ok = ();
    type Error = NotAView;
    type SerializeSeq = Impossible<(), NotAView>;
    type SerializeTuple = Impossible<(), NotAView>;
    type SerializeTupleStruct = Impossible<(), NotAView>;
    type SerializeTupleVariant = Impossible<(), NotAView>;
    type SerializeMap = Impossible<(), NotAView>;
    type SerializeStruct = Self;
    type SerializeStructVariant = Impossible<(), NotAView>;

    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Self, NotAView> {
        Ok(self)
    }

    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<(), NotAView> {
        refused("an option")
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, _: &T) -> Result<(), NotAView> {
        refused("a newtype")
    }

    fn serialize_newtype_variant<T>(self, _: &'static str, _: u32, _: &'static str, _: &T) -> Result<(), NotAView>
    where
        T: Serialize + ?Sized,
    {
        refused("an enum")
    }

    refused! {
        serialize_bool(bool) -> ();
        serialize_i8(i8) -> ();
        serialize_i16(i16) -> ();
        serialize_i32(i32) -> ();
        serialize_i64(i64) -> ();
        serialize_u8(u8) -> ();
        serialize_u16(u16) -> ();
        serialize_u32(u32) -> ();
        serialize_u64(u64) -> ();
        serialize_f32(f32) -> ();
        serialize_f64(f64) -> ();
        serialize_char(char) -> ();
        serialize_str(&str) -> ();
        serialize_bytes(&[u8]) -> ();
        serialize_none() -> ();
        serialize_unit() -> ();
        serialize_unit_struct(&'static str) -> ();
        serialize_unit_variant(&'static str, u32, &'static str) -> ();
        serialize_seq(Option<usize>) -> Self::SerializeSeq;
        serialize_tuple(usize) -> Self::SerializeTuple;
        serialize_tuple_struct(&'static str, usize) -> Self::SerializeTupleStruct;
        serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Self::SerializeTupleVariant;
        serialize_map(Option<usize>) -> Self::SerializeMap;
        serialize_struct_variant(&'static str, u32, &'static str, usize) -> Self::SerializeStructVariant;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;

    #[derive(Serialize)]
    struct View {
        title: String,
        count: usize,
        items: Vec<Item>,
        note: Option<String>,
    }

    #[derive(Serialize)]
    struct Item {
        href: String,
    }

    /// Field by field, the context holds what tera's own conversion of the whole
    /// view holds: a template sees no difference.
    #[test]
    fn a_views_context_is_the_one_tera_makes() {
        let view = View {
            title: "Press conference <1>".into(),
            count: 3,
            items: vec![Item { href: "/a/".into() }, Item { href: "/b/".into() }],
            note: None,
        };
        assert_eq!(of(&view).unwrap(), tera::Context::from_serialize(&view).unwrap());
    }

    #[test]
    fn anything_but_a_struct_is_refused() {
        assert!(of(&vec![1, 2]).is_err());
        assert!(of(&"text").is_err());
        assert!(of(&Some(3)).is_err());
    }
}

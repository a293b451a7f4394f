//! A view's digest: what a page is made from, as one 128-bit hash, so that a build can
//! tell a page whose view is the one of the last build without rendering it
//! (`render/kept.rs`).
//!
//! The view is written out in a form in which no two views read the same: every value
//! starts with a byte saying its kind, texts and byte strings with their length, and
//! lists, maps and structs end with a byte no value starts with. Two views with the
//! same digest are then the same view, as far as a 128-bit hash can tell. Writing is a
//! copy of the view's texts, far less than turning them into tera's values.

use serde::ser::{self, Serialize};

/// The digest of `view` drawn by `template`, under `inputs` (what else every page is
/// made from: the program, the templates, the site's data). `None` if the view cannot
/// be written out, which only a view that tera could not hold either does.
pub(super) fn of(inputs: &[u8], template: &str, view: &impl Serialize) -> Option<u128> {
    let mut out = Writer(Vec::with_capacity(super::PAGE_SIZE_HINT));
    out.text(inputs);
    out.text(template.as_bytes());
    let was = WRITING.replace(true);
    let written = view.serialize(&mut out);
    WRITING.set(was);
    written.ok()?;
    Some(xxhash_rust::xxh3::xxh3_128(&out.0))
}

/// A tera value that many pages show, with its digest made once: written into each
/// page's digest again, the shared parts of views (UI strings, section bodies, cards)
/// were most of the digests' cost (docs/performance.md). Into tera it goes as its
/// value; into a digest, while `of` writes one, as its own digest.
#[derive(Clone, Debug)]
pub struct Digested {
    value: tera::Value,
    /// `None` if the value could not be written out: then no page that shows it has a
    /// digest, and every such page is rendered.
    digest: Option<u128>,
}

impl Digested {
    pub fn new(value: tera::Value) -> Self {
        let digest = of(&[], "", &value);
        Digested { value, digest }
    }

    /// `part` converted for tera, and digested.
    pub fn of(part: &impl Serialize) -> Self {
        Digested::new(tera::Value::from_serializable(part))
    }

    #[cfg(test)]
    pub fn value(&self) -> &tera::Value {
        &self.value
    }
}

/// What `Writer` calls a digested value: a name no type of ours has.
const DIGESTED: &str = "diptych::render::digest::Digested";

thread_local! {
    /// Whether this thread is writing a digest (`of`): serde gives a value no other way
    /// to know what it is being written into. tera does the same for its own values.
    static WRITING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

impl Serialize for Digested {
    fn serialize<S: ser::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if WRITING.get() {
            let digest = self.digest.ok_or_else(|| ser::Error::custom("a value without a digest"))?;
            serializer.serialize_newtype_struct(DIGESTED, &digest)
        } else {
            self.value.serialize(serializer)
        }
    }
}

/// Which program is running, as a digest of its file's identity (device, inode, length,
/// modification time): pages are made by its code and the tera it was built with,
/// which no version number pins down while diptych is being worked on, and any build
/// or install of it writes a new file. Hashing the whole file instead showed in
/// profiles, on one core before the first page (docs/performance.md).
pub(super) fn program() -> Option<u128> {
    let meta = std::fs::metadata(std::env::current_exe().ok()?).ok()?;
    let modified = meta.modified().ok()?.duration_since(std::time::UNIX_EPOCH).ok()?;
    let mut identity = Writer(Vec::new());
    identity.text(&meta.len().to_le_bytes());
    identity.text(&modified.as_nanos().to_le_bytes());
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        identity.text(&meta.dev().to_le_bytes());
        identity.text(&meta.ino().to_le_bytes());
    }
    Some(xxhash_rust::xxh3::xxh3_128(&identity.0))
}

/// The view as written so far.
struct Writer(Vec<u8>);

/// What each value starts with.
mod kind {
    pub const FALSE: u8 = 0;
    pub const TRUE: u8 = 1;
    pub const SIGNED: u8 = 2;
    pub const UNSIGNED: u8 = 3;
    pub const FLOAT: u8 = 4;
    pub const CHAR: u8 = 5;
    pub const TEXT: u8 = 6;
    pub const BYTES: u8 = 7;
    pub const NONE: u8 = 8;
    pub const SOME: u8 = 9;
    pub const UNIT: u8 = 10;
    pub const VARIANT: u8 = 11;
    pub const NEWTYPE: u8 = 12;
    pub const LIST: u8 = 13;
    pub const MAP: u8 = 14;
    pub const STRUCT: u8 = 15;
    pub const WIDE: u8 = 16;
    /// A `Digested` value: its digest follows, not the value.
    pub const DIGESTED: u8 = 17;
    /// The end of a list, map or struct.
    pub const END: u8 = 255;
}

impl Writer {
    fn text(&mut self, bytes: &[u8]) {
        self.0.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
        self.0.extend_from_slice(bytes);
    }

    fn tagged(&mut self, tag: u8, bytes: &[u8]) {
        self.0.push(tag);
        self.0.extend_from_slice(bytes);
    }

    fn variant(&mut self, name: &str) {
        self.0.push(kind::VARIANT);
        self.text(name.as_bytes());
    }
}

/// Why a view could not be written out: only ever raised by a view's own `Serialize`.
#[derive(Debug)]
pub(super) struct Unwritable;

impl std::fmt::Display for Unwritable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a view that cannot be written out")
    }
}

impl std::error::Error for Unwritable {}

impl ser::Error for Unwritable {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Unwritable
    }
}

type Done = Result<(), Unwritable>;

impl ser::Serializer for &mut Writer {
    type Ok = ();
    type Error = Unwritable;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    fn serialize_bool(self, v: bool) -> Done {
        self.0.push(if v { kind::TRUE } else { kind::FALSE });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Done {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> Done {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> Done {
        self.serialize_i64(v.into())
    }
    fn serialize_i64(self, v: i64) -> Done {
        self.tagged(kind::SIGNED, &v.to_le_bytes());
        Ok(())
    }
    fn serialize_i128(self, v: i128) -> Done {
        self.tagged(kind::WIDE, &v.to_le_bytes());
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Done {
        self.serialize_u64(v.into())
    }
    fn serialize_u16(self, v: u16) -> Done {
        self.serialize_u64(v.into())
    }
    fn serialize_u32(self, v: u32) -> Done {
        self.serialize_u64(v.into())
    }
    fn serialize_u64(self, v: u64) -> Done {
        self.tagged(kind::UNSIGNED, &v.to_le_bytes());
        Ok(())
    }
    fn serialize_u128(self, v: u128) -> Done {
        self.tagged(kind::WIDE, &v.to_le_bytes());
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Done {
        self.serialize_f64(v.into())
    }
    fn serialize_f64(self, v: f64) -> Done {
        self.tagged(kind::FLOAT, &v.to_bits().to_le_bytes());
        Ok(())
    }
    fn serialize_char(self, v: char) -> Done {
        self.tagged(kind::CHAR, &u32::from(v).to_le_bytes());
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Done {
        self.0.push(kind::TEXT);
        self.text(v.as_bytes());
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Done {
        self.0.push(kind::BYTES);
        self.text(v);
        Ok(())
    }
    fn serialize_none(self) -> Done {
        self.0.push(kind::NONE);
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Done {
        self.0.push(kind::SOME);
        value.serialize(self)
    }
    fn serialize_unit(self) -> Done {
        self.0.push(kind::UNIT);
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Done {
        self.serialize_unit()
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Done {
        self.variant(variant);
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, name: &'static str, value: &T) -> Done {
        self.0.push(if name == DIGESTED { kind::DIGESTED } else { kind::NEWTYPE });
        value.serialize(self)
    }
    fn serialize_newtype_variant<T>(self, _: &'static str, _: u32, variant: &'static str, value: &T) -> Done
    where
        T: Serialize + ?Sized,
    {
        self.variant(variant);
        value.serialize(self)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self, Unwritable> {
        self.0.push(kind::LIST);
        Ok(self)
    }
    fn serialize_tuple(self, len: usize) -> Result<Self, Unwritable> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Self, Unwritable> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Self, Unwritable> {
        self.variant(variant);
        self.serialize_seq(None)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self, Unwritable> {
        self.0.push(kind::MAP);
        Ok(self)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, Unwritable> {
        self.0.push(kind::STRUCT);
        Ok(self)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self, Unwritable> {
        self.variant(variant);
        self.serialize_struct("", len)
    }
}

/// Lists, tuples, maps and structs: their items one after the other, then `END`.
macro_rules! compound {
    ($($trait:ident { $($method:ident),* })*) => {
        $(impl ser::$trait for &mut Writer {
            type Ok = ();
            type Error = Unwritable;
            $(fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
                value.serialize(&mut **self)
            })*
            fn end(self) -> Done {
                self.0.push(kind::END);
                Ok(())
            }
        })*
    };
}

compound! {
    SerializeSeq { serialize_element }
    SerializeTuple { serialize_element }
    SerializeTupleStruct { serialize_field }
    SerializeTupleVariant { serialize_field }
    SerializeMap { serialize_key, serialize_value }
}

impl ser::SerializeStruct for &mut Writer {
    type Ok = ();
    type Error = Unwritable;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) -> Done {
        self.text(name.as_bytes());
        value.serialize(&mut **self)
    }

    fn end(self) -> Done {
        self.0.push(kind::END);
        Ok(())
    }
}

impl ser::SerializeStructVariant for &mut Writer {
    type Ok = ();
    type Error = Unwritable;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) -> Done {
        ser::SerializeStruct::serialize_field(self, name, value)
    }

    fn end(self) -> Done {
        ser::SerializeStruct::end(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde::Serialize;

    #[derive(Serialize, Clone, Debug, PartialEq)]
    struct View {
        title: String,
        items: Vec<String>,
        note: Option<String>,
        count: u32,
        nested: Vec<Vec<String>>,
    }

    /// Views from so few parts (texts of one letter, short lists) that two of them
    /// often differ only in a letter, or in where their texts and lists begin and end.
    fn views() -> impl Strategy<Value = View> {
        let text = "[ab]{0,2}";
        let list = prop::collection::vec(text, 0..3);
        (text, list.clone(), prop::option::of(text), 0u32..2, prop::collection::vec(list, 0..3))
            .prop_map(|(title, items, note, count, nested)| View { title, items, note, count, nested })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// Two views have one digest only when they are the same view: texts moved
        /// across an item's bounds, a list's end or an empty note never read alike.
        #[test]
        fn views_with_one_digest_are_the_same_view(a in views(), b in views()) {
            prop_assert_eq!(of(b"p", "t", &a) == of(b"p", "t", &b), a == b);
        }
    }

    #[test]
    fn the_template_and_inputs_are_part_of_the_digest() {
        let view = View { title: "t".into(), items: vec![], note: None, count: 1, nested: vec![] };
        assert_ne!(of(b"p", "section.html", &view), of(b"p", "transcript.html", &view));
        assert_ne!(of(b"p", "section.html", &view), of(b"q", "section.html", &view));
        assert_eq!(of(b"p", "section.html", &view), of(b"p", "section.html", &view.clone()));
    }

    /// A digested value is written into a view's digest as its own digest, and into
    /// tera as its value: the view's digest changes with it, and templates see it.
    #[test]
    fn a_digested_value_counts_in_a_digest_and_shows_as_itself() {
        #[derive(Serialize)]
        struct Card {
            card: Digested,
        }
        let value = |title: &str| tera::Value::from_serializable(&serde_json::json!({ "title": title }));
        let card = |title: &str| Card { card: Digested::new(value(title)) };
        assert_eq!(of(b"p", "t", &card("a")), of(b"p", "t", &card("a")));
        assert_ne!(of(b"p", "t", &card("a")), of(b"p", "t", &card("b")));
        assert_ne!(of(b"p", "t", &card("a")), of(b"p", "t", &serde_json::json!({ "card": { "title": "a" } })));
        let undigested = Card { card: Digested { value: value("a"), digest: None } };
        assert_eq!(of(b"p", "t", &undigested), None, "a page showing it has no digest");
        let shown = tera::Context::from_serialize(&card("a")).unwrap();
        assert_eq!(shown, tera::Context::from_serialize(&serde_json::json!({ "card": { "title": "a" } })).unwrap());
    }

    /// tera's values, as the shared parts of a view are held, are written out like
    /// any other data: a changed card changes the digest.
    #[test]
    fn a_views_tera_values_are_part_of_its_digest() {
        let card = |title: &str| tera::Value::from_serializable(&serde_json::json!({ "title": title, "n": [1, 2] }));
        assert_eq!(of(b"p", "t", &card("a")), of(b"p", "t", &card("a")));
        assert_ne!(of(b"p", "t", &card("a")), of(b"p", "t", &card("b")));
    }
}

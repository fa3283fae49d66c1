//! The trait every closed list implements (`options` declares the form's
//! lists with its `closed_list!` macro; `countries` and `regions` are lists
//! too): a stable storage code and a plain-language label per value.

/// What every closed list can do; lets forms and templates treat them alike.
pub trait ClosedList: Copy + Eq + 'static {
    fn all() -> &'static [Self];
    fn code(self) -> &'static str;
    fn label(self) -> &'static str;
    fn from_code(code: &str) -> Option<Self> {
        Self::all().iter().copied().find(|v| v.code() == code)
    }
}

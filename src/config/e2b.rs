//! The sender of E2B(R3) files (the operator): FDA-approved sender id,
//! organisation and contact person (E2B C.3). The MedDRA version comes from
//! the imported release (`canary meddra import`), not from here. Nothing is
//! invented: what is not configured stays empty and the FDA business rules
//! refuse the export, naming it.

use super::Env;

/// `CANARY_E2B_*` settings; every field is optional here and checked by
/// `export::e2b::rules` when a file is built.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct E2bSettings {
    /// N.1.3 / N.2.r.2 and the middle part of C.1.1 (`US-<ID>-<case>`).
    pub sender_id: Option<String>,
    /// C.3.2 sender's organisation.
    pub organisation: Option<String>,
    /// C.3.3.1 department.
    pub department: Option<String>,
    /// C.3.3.2 contact person's title (like "Drug safety officer").
    pub title: Option<String>,
    /// C.3.3.3 / C.3.3.5 contact person.
    pub given_name: Option<String>,
    pub family_name: Option<String>,
    /// C.3.4.1–.5 address; country is ISO 3166-1 alpha-2 (default `US`).
    pub street: Option<String>,
    pub city: Option<String>,
    pub state: Option<String>,
    pub postcode: Option<String>,
    pub country: String,
    /// C.3.4.6 / C.3.4.7 / C.3.4.8.
    pub phone: Option<String>,
    pub fax: Option<String>,
    pub email: Option<String>,
}

impl E2bSettings {
    pub(super) fn read<F: Fn(&str) -> Option<String>>(env: &Env<F>) -> Self {
        let opt = |name: &str| {
            (env.get)(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        Self {
            sender_id: opt("CANARY_E2B_SENDER_ID"),
            organisation: opt("CANARY_E2B_ORGANISATION"),
            department: opt("CANARY_E2B_DEPARTMENT"),
            title: opt("CANARY_E2B_CONTACT_TITLE"),
            given_name: opt("CANARY_E2B_CONTACT_GIVEN_NAME"),
            family_name: opt("CANARY_E2B_CONTACT_FAMILY_NAME"),
            street: opt("CANARY_E2B_STREET"),
            city: opt("CANARY_E2B_CITY"),
            state: opt("CANARY_E2B_STATE"),
            postcode: opt("CANARY_E2B_POSTCODE"),
            country: opt("CANARY_E2B_COUNTRY").unwrap_or_else(|| "US".to_owned()),
            phone: opt("CANARY_E2B_PHONE"),
            fax: opt("CANARY_E2B_FAX"),
            email: opt("CANARY_E2B_EMAIL"),
        }
    }

    /// The sender settings FDA requires that are not set, by variable name
    /// (what `canary serve` warns about at start).
    pub fn missing(&self) -> Vec<&'static str> {
        [
            ("CANARY_E2B_SENDER_ID", &self.sender_id),
            ("CANARY_E2B_ORGANISATION", &self.organisation),
            ("CANARY_E2B_CONTACT_TITLE", &self.title),
            ("CANARY_E2B_CONTACT_GIVEN_NAME", &self.given_name),
            ("CANARY_E2B_CONTACT_FAMILY_NAME", &self.family_name),
            ("CANARY_E2B_STREET", &self.street),
            ("CANARY_E2B_CITY", &self.city),
            ("CANARY_E2B_STATE", &self.state),
            ("CANARY_E2B_POSTCODE", &self.postcode),
            ("CANARY_E2B_PHONE", &self.phone),
            ("CANARY_E2B_FAX", &self.fax),
            ("CANARY_E2B_EMAIL", &self.email),
        ]
        .into_iter()
        .filter(|(_, v)| v.is_none())
        .map(|(name, _)| name)
        .collect()
    }
}

//! The kinds of identifier, their placeholders and the wording shown to reporters.

/// The kinds of identifier the scrubber removes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum IdentifierKind {
    Email,
    Phone,
    Ssn,
    Url,
    Ip,
    Date,
    Address,
    Zip,
    Mrn,
    Name,
    Card,
    Place,
    Facility,
    Handle,
    Plate,
    Device,
    Age,
}

impl IdentifierKind {
    pub const ALL: [IdentifierKind; 17] = [
        Self::Email,
        Self::Phone,
        Self::Ssn,
        Self::Url,
        Self::Ip,
        Self::Date,
        Self::Address,
        Self::Zip,
        Self::Mrn,
        Self::Name,
        Self::Card,
        Self::Place,
        Self::Facility,
        Self::Handle,
        Self::Plate,
        Self::Device,
        Self::Age,
    ];

    /// Stable lower-case code, as serialised and stored in the "kinds found" flag.
    pub fn code(self) -> &'static str {
        match self {
            Self::Email => "email",
            Self::Phone => "phone",
            Self::Ssn => "ssn",
            Self::Url => "url",
            Self::Ip => "ip",
            Self::Date => "date",
            Self::Address => "address",
            Self::Zip => "zip",
            Self::Mrn => "mrn",
            Self::Name => "name",
            Self::Card => "card",
            Self::Place => "place",
            Self::Facility => "facility",
            Self::Handle => "handle",
            Self::Plate => "plate",
            Self::Device => "device",
            Self::Age => "age",
        }
    }

    /// The text that replaces an identifier of this kind.
    pub fn placeholder(self) -> &'static str {
        match self {
            Self::Email => "[email]",
            Self::Phone => "[phone]",
            Self::Ssn => "[ssn]",
            Self::Url => "[url]",
            Self::Ip => "[ip]",
            Self::Date => "[date]",
            Self::Address => "[address]",
            Self::Zip => "[zip]",
            Self::Mrn => "[mrn]",
            Self::Name => "[name]",
            Self::Card => "[card]",
            Self::Place => "[place]",
            Self::Facility => "[facility]",
            Self::Handle => "[handle]",
            Self::Plate => "[plate]",
            Self::Device => "[device]",
            Self::Age => "[age]",
        }
    }

    /// Wording for the sentence shown to reporters ("Your text seems to contain ...").
    pub fn plain_label(self) -> &'static str {
        match self {
            Self::Email => "an email address",
            Self::Phone => "a phone number",
            Self::Ssn => "a Social Security number",
            Self::Url => "a web address or social media handle",
            Self::Ip => "an IP address",
            Self::Date => "an exact date",
            Self::Address => "a street address",
            Self::Zip => "a ZIP code",
            Self::Mrn => "a record, account or ID number",
            Self::Name => "a name",
            Self::Card => "a payment card number",
            Self::Place => "a town, city or county",
            Self::Facility => "the name of a hospital, shop, school or workplace",
            Self::Handle => "a social media handle",
            Self::Plate => "a licence plate",
            Self::Device => "a device serial number",
            Self::Age => "an age over 89",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// Tie-break between equally long overlapping matches: the more specific kind wins.
    pub(crate) fn specificity(self) -> u8 {
        match self {
            Self::Card => 10,
            Self::Device => 11,
            Self::Plate => 8,
            Self::Handle => 6,
            Self::Age => 3,
            Self::Facility => 0,
            Self::Place => 0,
            Self::Ssn => 9,
            Self::Mrn => 8,
            Self::Email => 7,
            Self::Url => 6,
            Self::Ip => 5,
            Self::Phone => 4,
            Self::Date => 3,
            Self::Address => 2,
            Self::Zip => 1,
            Self::Name => 1,
        }
    }
}

//! The state or region a report comes from, a closed list (never free text,
//! deidentification.md §7 item 3): US states, DC and territories, and the
//! ISO 3166-2 subdivisions of Canada and Mexico; other countries have none.
//! Table generated from the iso-codes package (iso_3166-2.json).

use super::closed_list::ClosedList;
use super::countries::Country;

closed_list!(
    /// A state, district, territory, province or subdivision, by its
    /// ISO 3166-2 code (`US-TX`, `CA-ON`, `MX-JAL`).
    Region {
        UsAl = "US-AL" => "Alabama",
        UsAk = "US-AK" => "Alaska",
        UsAs = "US-AS" => "American Samoa",
        UsAz = "US-AZ" => "Arizona",
        UsAr = "US-AR" => "Arkansas",
        UsCa = "US-CA" => "California",
        UsCo = "US-CO" => "Colorado",
        UsCt = "US-CT" => "Connecticut",
        UsDe = "US-DE" => "Delaware",
        UsDc = "US-DC" => "District of Columbia",
        UsFl = "US-FL" => "Florida",
        UsGa = "US-GA" => "Georgia",
        UsGu = "US-GU" => "Guam",
        UsHi = "US-HI" => "Hawaii",
        UsId = "US-ID" => "Idaho",
        UsIl = "US-IL" => "Illinois",
        UsIn = "US-IN" => "Indiana",
        UsIa = "US-IA" => "Iowa",
        UsKs = "US-KS" => "Kansas",
        UsKy = "US-KY" => "Kentucky",
        UsLa = "US-LA" => "Louisiana",
        UsMe = "US-ME" => "Maine",
        UsMd = "US-MD" => "Maryland",
        UsMa = "US-MA" => "Massachusetts",
        UsMi = "US-MI" => "Michigan",
        UsMn = "US-MN" => "Minnesota",
        UsMs = "US-MS" => "Mississippi",
        UsMo = "US-MO" => "Missouri",
        UsMt = "US-MT" => "Montana",
        UsNe = "US-NE" => "Nebraska",
        UsNv = "US-NV" => "Nevada",
        UsNh = "US-NH" => "New Hampshire",
        UsNj = "US-NJ" => "New Jersey",
        UsNm = "US-NM" => "New Mexico",
        UsNy = "US-NY" => "New York",
        UsNc = "US-NC" => "North Carolina",
        UsNd = "US-ND" => "North Dakota",
        UsMp = "US-MP" => "Northern Mariana Islands",
        UsOh = "US-OH" => "Ohio",
        UsOk = "US-OK" => "Oklahoma",
        UsOr = "US-OR" => "Oregon",
        UsPa = "US-PA" => "Pennsylvania",
        UsPr = "US-PR" => "Puerto Rico",
        UsRi = "US-RI" => "Rhode Island",
        UsSc = "US-SC" => "South Carolina",
        UsSd = "US-SD" => "South Dakota",
        UsTn = "US-TN" => "Tennessee",
        UsTx = "US-TX" => "Texas",
        UsUm = "US-UM" => "United States Minor Outlying Islands",
        UsUt = "US-UT" => "Utah",
        UsVt = "US-VT" => "Vermont",
        UsVi = "US-VI" => "Virgin Islands, U.S.",
        UsVa = "US-VA" => "Virginia",
        UsWa = "US-WA" => "Washington",
        UsWv = "US-WV" => "West Virginia",
        UsWi = "US-WI" => "Wisconsin",
        UsWy = "US-WY" => "Wyoming",
        CaAb = "CA-AB" => "Alberta",
        CaBc = "CA-BC" => "British Columbia",
        CaMb = "CA-MB" => "Manitoba",
        CaNb = "CA-NB" => "New Brunswick",
        CaNl = "CA-NL" => "Newfoundland and Labrador",
        CaNt = "CA-NT" => "Northwest Territories",
        CaNs = "CA-NS" => "Nova Scotia",
        CaNu = "CA-NU" => "Nunavut",
        CaOn = "CA-ON" => "Ontario",
        CaPe = "CA-PE" => "Prince Edward Island",
        CaQc = "CA-QC" => "Quebec",
        CaSk = "CA-SK" => "Saskatchewan",
        CaYt = "CA-YT" => "Yukon",
        MxAgu = "MX-AGU" => "Aguascalientes",
        MxBcn = "MX-BCN" => "Baja California",
        MxBcs = "MX-BCS" => "Baja California Sur",
        MxCam = "MX-CAM" => "Campeche",
        MxChp = "MX-CHP" => "Chiapas",
        MxChh = "MX-CHH" => "Chihuahua",
        MxCmx = "MX-CMX" => "Ciudad de México",
        MxCoa = "MX-COA" => "Coahuila de Zaragoza",
        MxCol = "MX-COL" => "Colima",
        MxDur = "MX-DUR" => "Durango",
        MxGua = "MX-GUA" => "Guanajuato",
        MxGro = "MX-GRO" => "Guerrero",
        MxHid = "MX-HID" => "Hidalgo",
        MxJal = "MX-JAL" => "Jalisco",
        MxMic = "MX-MIC" => "Michoacán de Ocampo",
        MxMor = "MX-MOR" => "Morelos",
        MxMex = "MX-MEX" => "México",
        MxNay = "MX-NAY" => "Nayarit",
        MxNle = "MX-NLE" => "Nuevo León",
        MxOax = "MX-OAX" => "Oaxaca",
        MxPue = "MX-PUE" => "Puebla",
        MxQue = "MX-QUE" => "Querétaro",
        MxRoo = "MX-ROO" => "Quintana Roo",
        MxSlp = "MX-SLP" => "San Luis Potosí",
        MxSin = "MX-SIN" => "Sinaloa",
        MxSon = "MX-SON" => "Sonora",
        MxTab = "MX-TAB" => "Tabasco",
        MxTam = "MX-TAM" => "Tamaulipas",
        MxTla = "MX-TLA" => "Tlaxcala",
        MxVer = "MX-VER" => "Veracruz de Ignacio de la Llave",
        MxYuc = "MX-YUC" => "Yucatán",
        MxZac = "MX-ZAC" => "Zacatecas",
    }
);

impl Region {
    /// The country the region belongs to.
    pub fn country(self) -> Country {
        match self.code().split_once('-') {
            Some(("US", _)) => Country::Us,
            Some(("CA", _)) => Country::Ca,
            _ => Country::Mx,
        }
    }

    /// The regions of `country` (none for most countries).
    pub fn of(country: Country) -> impl Iterator<Item = Region> {
        Self::all()
            .iter()
            .copied()
            .filter(move |r| r.country() == country)
    }
}

/// The countries that have a region list, in the order the form shows them.
pub const WITH_REGIONS: [Country; 3] = [Country::Us, Country::Ca, Country::Mx];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_region_belongs_to_a_country_with_regions() {
        assert_eq!(
            Region::of(Country::Us).count(),
            57,
            "50 states, DC, 6 territories"
        );
        assert_eq!(Region::of(Country::Ca).count(), 13);
        assert_eq!(Region::of(Country::Mx).count(), 32);
        assert_eq!(Region::of(Country::Gb).count(), 0);
        assert_eq!(Region::from_code("US-TX").map(Region::label), Some("Texas"));
        assert_eq!(
            Region::from_code("US-PR").map(Region::country),
            Some(Country::Us)
        );
    }
}

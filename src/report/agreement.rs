//! Answers that cannot all be true at once. The form asks the reporter a
//! plain question back for each one (nothing is stored until they agree);
//! `canary review contradictions` lists reports stored before these checks
//! existed, so a reviewer can resolve them. The checks only read a report.

use super::model::NewReport;
use super::options::*;
use super::values::Age;

closed_list!(
    /// A pair of answers that disagree, or an answer kept to a question that
    /// no longer applies. The label is what a reviewer reads in the listing.
    Contradiction {
        AgeGroup = "age_vs_age_group" => "Age in years is outside the age group chosen",
        PregnantMale = "pregnant_male" => "Pregnant, and male",
        BirthDefect = "birth_defect_not_pregnant" => "Baby born with a birth defect, but not pregnant (or an adult male)",
        DisabilityRecovered = "disability_recovered" => "Lasting disability, but recovered",
        ReasonNotSaid = "reason_not_said_with_reasons" => "\"Prefer not to say\" ticked with reasons for use",
        NoCare = "no_care_with_care" => "\"No care\" ticked with other care",
        HospitalNoCare = "hospital_no_care" => "Admitted to hospital, but \"No care\"",
        Death = "death_disagrees" => "Died in one answer but not in the other",
        RegionCountry = "region_not_in_country" => "State or region is not in the country",
        RxStoppedDetail = "rx_stopped_detail_without_yes" => "Which medicine or when stopped kept without \"Yes\"",
        SubstanceName = "substance_name_beside_named" => "\"If something else\" name kept beside a named substance",
        NaloxoneHelped = "naloxone_helped_without_naloxone" => "Naloxone helped, but naloxone not given",
    }
);

impl Contradiction {
    /// The plain question the reporter gets back beside the field.
    pub fn question(self) -> &'static str {
        match self {
            Self::AgeGroup => "The age in years is not in the age group you chose. Please correct one, or set the age group back to \"Choose…\".",
            Self::PregnantMale => "You said the person is male and was pregnant. Please check \"Sex\" and \"Pregnant at the time?\".",
            Self::BirthDefect => "You ticked \"A baby was born with a birth defect\", but the person was not pregnant. If the baby is the person affected, give the baby's age and sex; otherwise please untick it.",
            Self::DisabilityRecovered => "You ticked lasting disability or damage, but said the person has recovered. If effects remain, choose \"Recovered, but with lasting effects\"; otherwise untick lasting disability.",
            Self::ReasonNotSaid => "You ticked \"Prefer not to say\" and gave reasons. Please untick \"Prefer not to say\" or the reasons.",
            Self::NoCare => "You ticked \"No care\" and another kind of care. Please untick one.",
            Self::HospitalNoCare => "You ticked that the person was admitted to hospital, and \"No care\". Please untick one.",
            Self::Death => "You said the person died in one place but not in the other. Please check \"The person died\" and \"How is the person now\".",
            Self::RegionCountry => "This state or region is not in the country you chose. Please choose one in that country, or \"Not given\".",
            Self::RxStoppedDetail => "You named a medicine that was stopped or reduced. Please answer \"Yes\" above, or empty the boxes below it.",
            Self::SubstanceName => "You named the substance, but also chose a product from the list. Please choose \"Something else\" or empty the name.",
            Self::NaloxoneHelped => "You said whether naloxone helped, but not that it was given. Please answer \"Was naloxone given?\".",
        }
    }
}

/// One disagreement, with the form field the question is shown beside.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub what: Contradiction,
    pub field: String,
}

/// Whether a whole-years age falls in an age group.
pub fn age_in_group(age: Age, group: AgeGroup) -> bool {
    let years = match age {
        Age::Years(y) => y,
        Age::Group(g) => return g == group || group == AgeGroup::Unknown,
    };
    match group {
        AgeGroup::Infant => years < 2,
        AgeGroup::Child => (2..=11).contains(&years),
        AgeGroup::Teen => (12..=17).contains(&years),
        AgeGroup::Adult => (18..=64).contains(&years),
        AgeGroup::Older => (65..=89).contains(&years),
        AgeGroup::NinetyPlus => false,
        AgeGroup::Unknown => true,
    }
}

/// Every disagreement in a report, in form order.
pub fn check(r: &NewReport) -> Vec<Found> {
    let mut found = Vec::new();
    let mut add = |what: Contradiction, field: &str| {
        found.push(Found {
            what,
            field: field.to_owned(),
        })
    };
    let outcome = |o: Outcome| r.outcomes.contains(&o);
    let male = r.sex == Sex::Male;
    if male && r.pregnancy == Pregnancy::Yes {
        add(Contradiction::PregnantMale, "pregnancy");
    }
    if r.region.is_some_and(|g| g.country() != r.country) {
        add(Contradiction::RegionCountry, "region");
    }
    let change = &r.medicine_change;
    if change.answer != YesNoUnknown::Yes && (change.which.is_some() || change.when.is_some()) {
        add(Contradiction::RxStoppedDetail, "rx_stopped");
    }
    for (i, p) in r.products.iter().enumerate() {
        if p.substance != Substance::Other && p.substance_other.is_some() {
            add(
                Contradiction::SubstanceName,
                &format!("p{i}_substance_other"),
            );
        }
        let not_said = p.reasons.contains(&ReasonForUse::NotSaid);
        if not_said && (p.reasons.len() > 1 || p.reason_other.is_some()) {
            add(
                Contradiction::ReasonNotSaid,
                &format!("p{i}_reason_not_said"),
            );
        }
    }
    if outcome(Outcome::Disability) && r.current_state == CurrentState::Recovered {
        add(Contradiction::DisabilityRecovered, "out_disability");
    }
    let baby = matches!(
        r.age,
        Some(Age::Years(0 | 1) | Age::Group(AgeGroup::Infant))
    );
    if outcome(Outcome::BirthDefect) && (r.pregnancy == Pregnancy::No || (male && !baby)) {
        add(Contradiction::BirthDefect, "out_birth_defect");
    }
    if outcome(Outcome::Hospitalised) && r.care.contains(&Care::None) {
        add(Contradiction::HospitalNoCare, "out_hospitalised");
    }
    if r.care.contains(&Care::None) && r.care.len() > 1 {
        add(Contradiction::NoCare, "care_none");
    }
    if r.naloxone != YesNoUnknown::Yes && r.naloxone_helped != NaloxoneHelped::Unknown {
        add(Contradiction::NaloxoneHelped, "naloxone");
    }
    if outcome(Outcome::Death) != (r.current_state == CurrentState::Died) {
        add(Contradiction::Death, "current_state");
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_fall_in_their_group_only() {
        assert!(age_in_group(Age::Years(34), AgeGroup::Adult));
        assert!(!age_in_group(Age::Years(34), AgeGroup::Infant));
        assert!(age_in_group(Age::Years(1), AgeGroup::Infant));
        assert!(!age_in_group(Age::Years(2), AgeGroup::Infant));
        assert!(age_in_group(Age::Years(89), AgeGroup::Older));
        assert!(age_in_group(
            Age::Group(AgeGroup::NinetyPlus),
            AgeGroup::NinetyPlus
        ));
        assert!(!age_in_group(
            Age::Group(AgeGroup::NinetyPlus),
            AgeGroup::Older
        ));
        assert!(age_in_group(Age::Years(50), AgeGroup::Unknown));
    }

    #[test]
    fn every_contradiction_has_its_own_question() {
        let mut seen = std::collections::HashSet::new();
        for c in Contradiction::all() {
            assert!(seen.insert(c.question()), "{c:?}");
        }
    }
}

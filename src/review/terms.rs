//! Canary's built-in plain-language reaction terms (what kratom and 7-OH
//! reports show: substances.md §4 and §6, clinical-scales.md §4), the term
//! suggested for each symptom a reporter can tick, and the optional MedDRA
//! code an operator with a MedDRA licence may add. Canary ships no MedDRA
//! terms; a code is only checked for its shape.

use std::fmt;

use crate::report::options::{closed_list, ClosedList};
use crate::report::symptoms::{Symptom, WithdrawalSymptom};

closed_list!(
    /// A reaction as a reviewer codes it. Codes are stored; never change one.
    ReactionTerm {
        RespiratoryDepression = "respiratory_depression" => "Slow or shallow breathing (respiratory depression)",
        RespiratoryArrest = "respiratory_arrest" => "Breathing stopped (respiratory arrest)",
        Dyspnoea = "dyspnoea" => "Shortness of breath",
        Tachycardia = "tachycardia" => "Fast heartbeat (tachycardia)",
        Palpitations = "palpitations" => "Pounding or irregular heartbeat (palpitations)",
        Hypertension = "hypertension" => "High blood pressure",
        Hypotension = "hypotension" => "Low blood pressure",
        ChestPain = "chest_pain" => "Chest pain",
        Syncope = "syncope" => "Fainting (syncope)",
        CardiacArrest = "cardiac_arrest" => "Heart stopped (cardiac arrest)",
        Seizure = "seizure" => "Seizure",
        LossOfConsciousness = "loss_of_consciousness" => "Loss of consciousness",
        Coma = "coma" => "Coma",
        Somnolence = "somnolence" => "Drowsiness or sedation",
        Confusion = "confusion" => "Confusion",
        Tremor = "tremor" => "Shaking or tremor",
        MuscleTwitching = "muscle_twitching" => "Muscle twitching or restless legs",
        Headache = "headache" => "Headache",
        Dizziness = "dizziness" => "Dizziness",
        Nausea = "nausea" => "Nausea",
        Vomiting = "vomiting" => "Vomiting",
        Constipation = "constipation" => "Constipation",
        Diarrhoea = "diarrhoea" => "Diarrhoea",
        AbdominalPain = "abdominal_pain" => "Stomach pain or cramps",
        DecreasedAppetite = "decreased_appetite" => "Loss of appetite",
        WeightLoss = "weight_loss" => "Weight loss",
        LiverInjury = "liver_injury" => "Liver injury",
        Jaundice = "jaundice" => "Yellow skin or eyes (jaundice)",
        DarkUrine = "dark_urine" => "Dark urine",
        KidneyInjury = "kidney_injury" => "Kidney injury",
        Rhabdomyolysis = "rhabdomyolysis" => "Muscle breakdown (raised CK)",
        Agitation = "agitation" => "Agitation or irritability",
        Anxiety = "anxiety" => "Anxiety or panic",
        Restlessness = "restlessness" => "Restlessness",
        Hallucinations = "hallucinations" => "Hallucinations",
        Psychosis = "psychosis" => "Psychosis",
        DepressedMood = "depressed_mood" => "Low mood or depression",
        SuicidalThoughts = "suicidal_thoughts" => "Thoughts of suicide or self-harm",
        Insomnia = "insomnia" => "Trouble sleeping (insomnia)",
        Dependence = "dependence" => "Dependence",
        WithdrawalSyndrome = "withdrawal_syndrome" => "Withdrawal syndrome",
        NeonatalWithdrawal = "neonatal_withdrawal" => "Withdrawal in a newborn baby",
        Craving = "craving" => "Craving",
        Yawning = "yawning" => "Yawning",
        Lacrimation = "lacrimation" => "Watery eyes",
        Rhinorrhoea = "rhinorrhoea" => "Runny nose",
        Piloerection = "piloerection" => "Goosebumps (piloerection)",
        Sweating = "sweating" => "Heavy sweating",
        HotFlush = "hot_flush" => "Hot flushes",
        Chills = "chills" => "Chills",
        Myalgia = "myalgia" => "Aching muscles, bones or joints",
        Rash = "rash" => "Rash or itching",
        SkinHyperpigmentation = "skin_hyperpigmentation" => "Skin darkening",
        Overdose = "overdose" => "Overdose",
        Toxicity = "toxicity" => "Toxicity (poisoning by the product)",
        AccidentalExposure = "accidental_exposure" => "Accidental exposure (for example a child)",
        Interaction = "interaction" => "Interaction with another substance",
        ProductProblem = "product_problem" => "Product problem (label, contamination, packaging)",
        Death = "death" => "Death",
        OtherReaction = "other" => "Another reaction (say which in the reason)",
    }
);

impl ReactionTerm {
    /// The term suggested for a ticked reaction (`None` for "something else").
    pub fn for_symptom(s: Symptom) -> Option<Self> {
        use Symptom as S;
        Some(match s {
            S::SlowBreathing => Self::RespiratoryDepression,
            S::ShortOfBreath => Self::Dyspnoea,
            S::FastHeart => Self::Tachycardia,
            S::ChestPain => Self::ChestPain,
            S::HighBloodPressure => Self::Hypertension,
            S::Fainting => Self::Syncope,
            S::Seizure => Self::Seizure,
            S::Unresponsive => Self::LossOfConsciousness,
            S::Drowsy => Self::Somnolence,
            S::Confusion => Self::Confusion,
            S::Shaking => Self::Tremor,
            S::Headache => Self::Headache,
            S::Dizziness => Self::Dizziness,
            S::Nausea => Self::Nausea,
            S::Vomiting => Self::Vomiting,
            S::Constipation => Self::Constipation,
            S::StomachPain => Self::AbdominalPain,
            S::Jaundice => Self::Jaundice,
            S::DarkUrine => Self::DarkUrine,
            S::Agitation => Self::Agitation,
            S::Anxiety => Self::Anxiety,
            S::Hallucinations => Self::Hallucinations,
            S::LowMood => Self::DepressedMood,
            S::TroubleSleeping => Self::Insomnia,
            S::Dependence => Self::Dependence,
            S::Rash => Self::Rash,
            S::Sweating => Self::Sweating,
            S::SkinDarkening => Self::SkinHyperpigmentation,
            S::WeightLoss => Self::WeightLoss,
            S::Other => return None,
        })
    }

    /// The term suggested for a rated withdrawal symptom.
    pub fn for_withdrawal(w: WithdrawalSymptom) -> Self {
        use WithdrawalSymptom as W;
        match w {
            W::AnxiousIrritable => Self::Anxiety,
            W::Yawning => Self::Yawning,
            W::Sweating => Self::Sweating,
            W::WateryEyes => Self::Lacrimation,
            W::RunnyNose => Self::Rhinorrhoea,
            W::Gooseflesh => Self::Piloerection,
            W::Shaking => Self::Tremor,
            W::HotFlushes => Self::HotFlush,
            W::Chills => Self::Chills,
            W::Aches => Self::Myalgia,
            W::Restless => Self::Restlessness,
            W::Nausea => Self::Nausea,
            W::Vomiting => Self::Vomiting,
            W::Diarrhoea => Self::Diarrhoea,
            W::Cramps => Self::AbdominalPain,
            W::Twitching => Self::MuscleTwitching,
            W::Craving => Self::Craving,
            W::NoSleep => Self::Insomnia,
            W::Headache => Self::Headache,
        }
    }
}

/// A MedDRA code: exactly eight digits (MedDRA's term codes all have eight).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeddraCode(String);

impl MeddraCode {
    pub const PROBLEM: &'static str =
        "A MedDRA code is exactly 8 digits. Leave it blank and search for the term instead.";

    pub fn parse(raw: &str) -> Result<Option<Self>, &'static str> {
        let value = raw.trim();
        if value.is_empty() {
            return Ok(None);
        }
        if value.len() == 8 && value.bytes().all(|b| b.is_ascii_digit()) {
            Ok(Some(Self(value.to_owned())))
        } else {
            Err(Self::PROBLEM)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for MeddraCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_large_enough_and_codes_are_unique() {
        let all = ReactionTerm::all();
        assert!(all.len() >= 55, "{}", all.len());
        let mut codes: Vec<_> = all.iter().map(|t| t.code()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), all.len());
    }

    #[test]
    fn every_symptom_but_other_has_a_suggestion() {
        for s in Symptom::all() {
            assert_eq!(
                ReactionTerm::for_symptom(*s).is_none(),
                *s == Symptom::Other
            );
        }
        assert_eq!(
            ReactionTerm::for_withdrawal(WithdrawalSymptom::Craving),
            ReactionTerm::Craving
        );
    }

    #[test]
    fn meddra_codes_are_eight_digits() {
        assert_eq!(MeddraCode::parse(" "), Ok(None));
        assert_eq!(
            MeddraCode::parse("10047700").unwrap().unwrap().as_str(),
            "10047700"
        );
        for bad in [
            "1004770",
            "100477000",
            "1004770a",
            "10 47700",
            "１００４７７００",
        ] {
            assert!(MeddraCode::parse(bad).is_err(), "{bad}");
        }
    }
}

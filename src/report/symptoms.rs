//! The plain-language symptom checklists: reactions grouped by body system,
//! and the withdrawal symptoms (Canary's own wording of what SOWS and COWS
//! cover; no scale item text, no score — see clinical-scales.md §5).

use super::options::ClosedList;

closed_list!(
    SymptomGroup {
        Breathing = "breathing" => "Breathing",
        Heart = "heart" => "Heart and circulation",
        Nervous = "nervous" => "Brain and nerves",
        Stomach = "stomach_liver" => "Stomach and liver",
        Mind = "mood_mind" => "Mood and mind",
        Skin = "skin" => "Skin",
        Other = "other" => "Other",
    }
);

macro_rules! symptoms {
    ($($variant:ident = $code:literal, $group:ident, $emergency:literal => $label:literal),+ $(,)?) => {
        /// A reaction the reporter can tick.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Symptom { $($variant),+ }
        impl ClosedList for Symptom {
            fn all() -> &'static [Self] { &[$(Self::$variant),+] }
            fn code(self) -> &'static str { match self { $(Self::$variant => $code),+ } }
            fn label(self) -> &'static str { match self { $(Self::$variant => $label),+ } }
        }
        impl Symptom {
            pub fn group(self) -> SymptomGroup { match self { $(Self::$variant => SymptomGroup::$group),+ } }
            /// Ticking one of these shows the call-for-help banner again.
            pub fn is_emergency(self) -> bool { match self { $(Self::$variant => $emergency),+ } }
        }
    };
}

symptoms!(
    SlowBreathing = "slow_breathing", Breathing, true => "Slow, shallow or stopped breathing",
    ShortOfBreath = "short_of_breath", Breathing, false => "Trouble breathing or short of breath",
    FastHeart = "fast_heart", Heart, false => "Fast or pounding heartbeat",
    ChestPain = "chest_pain", Heart, false => "Chest pain",
    HighBloodPressure = "high_bp", Heart, false => "High blood pressure (if measured)",
    Fainting = "fainting", Heart, false => "Fainting",
    Seizure = "seizure", Nervous, true => "Seizure (fit)",
    Unresponsive = "unresponsive", Nervous, true => "Could not be woken up, or did not respond",
    Drowsy = "drowsy", Nervous, false => "Very drowsy or sleepy",
    Confusion = "confusion", Nervous, false => "Confusion",
    Shaking = "shaking", Nervous, false => "Shaking or trembling",
    Headache = "headache", Nervous, false => "Headache",
    Dizziness = "dizziness", Nervous, false => "Dizziness",
    Nausea = "nausea", Stomach, false => "Feeling sick (nausea)",
    Vomiting = "vomiting", Stomach, false => "Vomiting",
    Constipation = "constipation", Stomach, false => "Constipation",
    StomachPain = "stomach_pain", Stomach, false => "Stomach pain",
    Jaundice = "jaundice", Stomach, false => "Yellow skin or eyes",
    DarkUrine = "dark_urine", Stomach, false => "Dark urine",
    Agitation = "agitation", Mind, false => "Agitation or irritability",
    Anxiety = "anxiety", Mind, false => "Anxiety or panic",
    Hallucinations = "hallucinations", Mind, false => "Seeing or hearing things that were not there",
    LowMood = "low_mood", Mind, false => "Low mood",
    TroubleSleeping = "trouble_sleeping", Mind, false => "Trouble sleeping",
    Dependence = "dependence", Mind, false => "Felt unable to stop using it",
    Rash = "rash", Skin, false => "Rash or itching",
    Sweating = "sweating", Skin, false => "Heavy sweating",
    SkinDarkening = "skin_darkening", Skin, false => "Skin getting darker",
    WeightLoss = "weight_loss", Other, false => "Weight loss",
    Other = "other", Other, false => "Something else (describe below)",
);

closed_list!(
    /// Withdrawal symptoms, each rated none / mild / moderate / severe.
    WithdrawalSymptom {
        AnxiousIrritable = "anxious_irritable" => "Feeling anxious or irritable",
        Yawning = "yawning" => "Yawning a lot",
        Sweating = "sweating" => "Sweating",
        WateryEyes = "watery_eyes" => "Watery eyes",
        RunnyNose = "runny_nose" => "Runny nose",
        Gooseflesh = "gooseflesh" => "Goosebumps",
        Shaking = "shaking" => "Shaking",
        HotFlushes = "hot_flushes" => "Hot flushes",
        Chills = "chills" => "Chills",
        Aches = "aches" => "Aching bones, joints or muscles",
        Restless = "restless" => "Restless, unable to sit still",
        Nausea = "nausea" => "Feeling sick",
        Vomiting = "vomiting" => "Vomiting",
        Diarrhoea = "diarrhoea" => "Diarrhoea or loose stools",
        Cramps = "cramps" => "Stomach cramps",
        Twitching = "twitching" => "Muscle twitching or restless legs",
        Craving = "craving" => "Strong craving to use",
        NoSleep = "no_sleep" => "Trouble sleeping",
        Headache = "headache" => "Headache",
    }
);

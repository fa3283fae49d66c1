//! Every closed list on the public form, as enums with a stable storage code
//! and the plain-language label a reporter sees. Codes are what the database
//! and exports hold; never change a code once reports use it.

pub use super::closed_list::ClosedList;

macro_rules! closed_list {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $code:literal => $label:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }
        impl ClosedList for $name {
            fn all() -> &'static [Self] { &[$(Self::$variant),+] }
            fn code(self) -> &'static str { match self { $(Self::$variant => $code),+ } }
            fn label(self) -> &'static str { match self { $(Self::$variant => $label),+ } }
        }
    };
}
/// Other domains (e.g. `review::terms`) declare their closed lists with it too.
pub(crate) use closed_list;

pub use super::countries::Country;
pub use super::regions::Region;

closed_list!(
    /// Section 1: what kind of report this is.
    ReportKind {
        Reaction = "reaction" => "A bad reaction after using a product",
        Withdrawal = "withdrawal" => "Withdrawal after stopping or cutting down",
        Accidental = "accidental" => "Accidental exposure (for example, a child swallowed it)",
        ProductProblem = "product_problem" => "A problem with the product itself (label, contamination, packaging)",
    }
);

closed_list!(
    ReporterRole {
        Self_ = "self" => "I am the person it happened to",
        FamilyFriend = "family_friend" => "A family member or friend",
        HealthProfessional = "health_professional" => "A health professional",
        Other = "other" => "Someone else",
    }
);

closed_list!(
    Sex {
        Female = "female" => "Female",
        Male = "male" => "Male",
        Intersex = "intersex" => "Intersex",
        Unknown = "unknown" => "Don't know",
        NotSaid = "not_said" => "Prefer not to say",
    }
);

closed_list!(
    /// Used when the exact age is not known; ages 90 and over are always `90+`.
    AgeGroup {
        Infant = "under_2" => "Under 2 years",
        Child = "2_11" => "2 to 11 years",
        Teen = "12_17" => "12 to 17 years",
        Adult = "18_64" => "18 to 64 years",
        Older = "65_89" => "65 to 89 years",
        NinetyPlus = "90+" => "90 years or older",
        Unknown = "unknown" => "Don't know",
    }
);

closed_list!(WeightUnit { Kg = "kg" => "kg", Lb = "lb" => "lb" });

closed_list!(
    YesNoUnknown {
        Yes = "yes" => "Yes",
        No = "no" => "No",
        Unknown = "unknown" => "Don't know",
    }
);

closed_list!(
    Pregnancy {
        Yes = "yes" => "Yes",
        No = "no" => "No",
        Unknown = "unknown" => "Don't know",
        NotApplicable = "not_applicable" => "Does not apply",
    }
);

closed_list!(
    Substance {
        KratomLeaf = "kratom_leaf" => "Kratom leaf or powder",
        KratomExtract = "kratom_extract" => "Kratom extract",
        SevenOh = "7oh" => "7-OH (7-hydroxymitragynine) product",
        Other = "other" => "Something else (please name it)",
    }
);

closed_list!(
    ProductForm {
        LeafPowder = "leaf_powder" => "Leaf powder (loose)",
        Capsule = "capsule" => "Capsules",
        Tablet = "tablet" => "Tablets",
        Liquid = "liquid" => "Liquid shot or extract",
        Gummy = "gummy" => "Gummy or other edible",
        Tea = "tea" => "Tea",
        DrinkMix = "drink_mix" => "Drink mix or powder to dissolve",
        Vape = "vape" => "Vape",
        Other = "other" => "Other",
        Unknown = "unknown" => "Don't know",
    }
);

closed_list!(
    StrengthOf {
        SevenOh = "7oh" => "7-OH",
        Mitragynine = "mitragynine" => "mitragynine",
        Unknown = "unknown" => "not stated / don't know",
    }
);

closed_list!(
    AmountUnit {
        Grams = "g" => "grams",
        Milligrams = "mg" => "milligrams (mg)",
        Capsules = "capsule" => "capsules",
        Tablets = "tablet" => "tablets",
        Millilitres = "ml" => "millilitres (ml)",
        Shots = "shot" => "shots or bottles",
        Gummies = "gummy" => "gummies",
        Teaspoons = "tsp" => "teaspoons",
        Puffs = "puff" => "puffs",
    }
);

closed_list!(
    Route {
        Swallowed = "swallowed" => "Swallowed (capsule, tablet, gummy)",
        MixedIn = "mixed_in" => "Powder mixed into a drink or food",
        Drunk = "drunk" => "Drunk as a liquid, shot or tea",
        Inhaled = "inhaled" => "Inhaled or vaped",
        Snorted = "snorted" => "Snorted",
        Injected = "injected" => "Injected",
        Other = "other" => "Another way",
        Unknown = "unknown" => "Don't know",
    }
);

closed_list!(
    TimeUnit {
        Minutes = "minutes" => "minutes",
        Hours = "hours" => "hours",
        Days = "days" => "days",
        Weeks = "weeks" => "weeks",
        Months = "months" => "months",
        Years = "years" => "years",
    }
);

closed_list!(
    WhereBought {
        SmokeShop = "smoke_shop" => "Smoke or vape shop",
        GasStation = "gas_station" => "Gas station or convenience store",
        Online = "online" => "Online",
        Other = "other" => "Somewhere else",
        Unknown = "unknown" => "Don't know",
    }
);

closed_list!(
    ProductRole {
        Suspect = "suspect" => "I think this product caused the problem",
        CoUsed = "co_used" => "Used at the same time, but probably not the cause",
    }
);

closed_list!(
    ReasonForUse {
        Pain = "pain" => "Pain",
        OpioidWithdrawal = "opioids" => "To cut down or stop other opioids, or ease their withdrawal",
        TaperMedicine = "taper_medicine" => "To come off a prescribed medicine",
        LowMood = "low_mood" => "Low mood or depression",
        Anxiety = "anxiety" => "Anxiety",
        Ptsd = "ptsd" => "PTSD",
        Sleep = "sleep" => "Sleep",
        Energy = "energy" => "Energy or focus",
        Recreation = "recreation" => "To relax or for fun",
        Other = "other" => "Another reason",
        NotSaid = "not_said" => "Prefer not to say",
    }
);

closed_list!(
    CoUsed {
        Alcohol = "alcohol" => "Alcohol",
        RxOpioids = "rx_opioids" => "Prescription opioid painkillers",
        BupMethadone = "bup_methadone" => "Buprenorphine or methadone",
        IllicitOpioids = "illicit_opioids" => "Fentanyl or heroin",
        Benzodiazepines = "benzodiazepines" => "Benzodiazepines or \"bars\"",
        Stimulants = "stimulants" => "Stimulants (cocaine, meth, prescription stimulants)",
        Cannabis = "cannabis" => "Cannabis",
        Botanicals = "botanicals" => "Other herbal products or supplements",
        Other = "other" => "Something else",
        Unknown = "unknown" => "Not sure what else was taken",
    }
);

closed_list!(
    Severity {
        None = "none" => "None",
        Mild = "mild" => "Mild",
        Moderate = "moderate" => "Moderate",
        Severe = "severe" => "Severe",
    }
);

closed_list!(
    Dechallenge {
        Yes = "yes" => "Yes, it stopped or got better",
        No = "no" => "No",
        NotStopped = "not_stopped" => "The product was not stopped",
        Unknown = "unknown" => "Don't know",
    }
);

closed_list!(
    Rechallenge {
        Yes = "yes" => "Yes, it came back",
        No = "no" => "No",
        NotRestarted = "not_restarted" => "The product was not started again",
        Unknown = "unknown" => "Don't know",
    }
);

closed_list!(
    /// The MedWatch outcome checkboxes (3500B item A2), in order of seriousness.
    Outcome {
        Death = "death" => "The person died",
        LifeThreatening = "life_threatening" => "It was life-threatening (they could have died)",
        Hospitalised = "hospitalised" => "They were admitted to hospital, or a hospital stay got longer",
        Disability = "disability" => "It caused lasting disability or damage",
        BirthDefect = "birth_defect" => "A baby was born with a birth defect",
        Intervention = "intervention" => "Treatment was needed to prevent permanent harm",
        OtherSerious = "other_serious" => "Another serious or important medical event",
    }
);

closed_list!(
    Care {
        None = "none" => "No care",
        PoisonCenter = "poison_center" => "Called a poison center",
        Doctor = "doctor" => "Saw a doctor or nurse",
        Emergency = "emergency" => "Urgent care or emergency room",
        Admitted = "admitted" => "Admitted to hospital",
        Icu = "icu" => "Intensive care (ICU)",
    }
);

closed_list!(
    NaloxoneHelped {
        Yes = "yes" => "Yes",
        Partly = "partly" => "Partly",
        No = "no" => "No",
        Unknown = "unknown" => "Don't know",
    }
);

closed_list!(
    CurrentState {
        Recovered = "recovered" => "Recovered",
        Recovering = "recovering" => "Getting better",
        NotRecovered = "not_recovered" => "Not recovered yet",
        LastingEffects = "lasting_effects" => "Recovered, but with lasting effects",
        Died = "died" => "Died",
        Unknown = "unknown" => "Don't know",
    }
);

closed_list!(
    /// Where a report is in the reviewers' workflow.
    ReportStatus {
        New = "new" => "New",
        InReview = "in_review" => "In review",
        NeedsInfo = "needs_info" => "Needs information",
        Assessed = "assessed" => "Assessed",
        Forwarded = "forwarded" => "Forwarded",
        Closed = "closed" => "Closed",
        Spam = "spam" => "Spam",
        NotAReport = "not_a_report" => "Not a report",
        Duplicate = "duplicate" => "Duplicate",
    }
);

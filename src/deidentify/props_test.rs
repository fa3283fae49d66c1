//! Property tests: no panics on arbitrary Unicode, idempotence, bounded growth, valid ordered offsets.

use super::{scrub, IdentifierKind};
use proptest::prelude::*;

/// Text that mixes arbitrary characters with fragments that trigger the detectors.
fn texty() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        any::<char>().prop_map(|c| c.to_string()),
        "[a-zA-Z]{1,8}",
        "[0-9]{1,6}",
        "[ .,:/()@#+-]{1,2}",
        Just("555-234-5678".to_owned()),
        Just("my son Jake".to_owned()),
        Just("on 3/14".to_owned()),
        Just("jane@example.com".to_owned()),
        Just("12 Elm St".to_owned()),
        Just("[phone]".to_owned()),
        Just("María ".to_owned()),
        Just("\u{1F600}".to_owned()),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

fn check(input: &str) -> Result<(), TestCaseError> {
    let s = scrub(input);
    let mut last = 0;
    for f in &s.found {
        prop_assert!(
            f.start < f.end && f.start >= last,
            "unordered or overlapping: {:?}",
            s.found
        );
        prop_assert!(input.is_char_boundary(f.start) && input.is_char_boundary(f.end));
        last = f.end;
    }
    let budget: usize = s.found.iter().map(|f| f.kind.placeholder().len()).sum();
    prop_assert!(s.text.len() <= input.len() + budget);
    let again = scrub(&s.text);
    prop_assert_eq!(&again.text, &s.text);
    prop_assert!(again.found.is_empty(), "second run found {:?}", again.found);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_unicode(input in any::<String>()) {
        check(&input)?;
    }

    #[test]
    fn arbitrary_chars(chars in prop::collection::vec(any::<char>(), 0..200)) {
        check(&chars.into_iter().collect::<String>())?;
    }

    #[test]
    fn identifier_heavy_text(input in texty()) {
        check(&input)?;
    }
}

#[test]
fn placeholders_alone_are_stable() {
    let all: String = IdentifierKind::ALL
        .iter()
        .map(|k| format!("{} ", k.placeholder()))
        .collect();
    assert_eq!(scrub(&all).text, all);
    assert!(scrub(&all).found.is_empty());
}

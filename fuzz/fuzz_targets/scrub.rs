//! Fuzz target: the identifier scrubber on arbitrary text. Never panics;
//! reported spans are ordered, disjoint and on character boundaries; the
//! output grows only by the placeholders it inserted; scrubbing the output
//! again changes nothing and finds nothing.
#![no_main]

use canary::deidentify::scrub;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    let once = scrub(input);
    let mut last = 0;
    for f in &once.found {
        assert!(f.start < f.end && f.start >= last, "spans {:?}", once.found);
        assert!(input.is_char_boundary(f.start) && input.is_char_boundary(f.end));
        last = f.end;
    }
    assert!(last <= input.len());
    let removed: usize = once.found.iter().map(|f| f.end - f.start).sum();
    let inserted: usize = once.found.iter().map(|f| f.kind.placeholder().len()).sum();
    assert_eq!(
        once.text.len(),
        input.len() - removed + inserted,
        "output length does not match the replacements"
    );
    let twice = scrub(&once.text);
    assert_eq!(twice.text, once.text, "not idempotent");
    assert!(twice.found.is_empty(), "second run found {:?}", twice.found);
});

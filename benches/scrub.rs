//! Benchmark: scrubbing a realistic 5,000-character adverse-event narrative.

use canary::deidentify::scrub;
use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;

const PARAGRAPHS: &[&str] = &[
    "I'm writing about my son Caleb, he is 19. He started using kratom powder about two years ago for back pain after a construction injury, usually 5-10 g three times a day mixed in orange juice. ",
    "In March 2025 a friend told him about the 7-OH tablets they sell at the gas station, and he switched because it was easier than the powder. Within a few weeks he was taking 4 or 5 tablets a day, 15 mg each. ",
    "On February 10 he took two tablets before work and within an hour he was sweating, confused and could not stand up. His coworker called 911 and EMS took him to the ER. BP was 170/100, HR 120, SpO2 92%, temp 38.5. ",
    "They gave him 2 mg of Narcan, which helped a little, then fluids and Zofran. He was kept overnight for observation and discharged the next afternoon with instructions to taper slowly and follow up with his doctor. ",
    "The bottle says lot 24B117, exp 06/2026, and the brand is printed in green letters with a picture of a leaf. I still have it and can send it if that helps. The store is on Main Street near the highway exit. ",
    "Since then he has tried to stop twice. Day 3 is always the worst: diarrhea, chills, restless legs, yawning, COWS around 14 according to the clinic nurse. By week 2 it gets better but he goes back when the cravings hit. ",
    "He takes 1/2 tablet of his prescribed medication in the morning and 3/4 of a teaspoon of the powder at night now, which he says keeps the withdrawal away. He rates the pain 6/10 most days. ",
    "We live at 1234 Elm Street, Austin, TX 78701 and you can reach me at 555-234-5678 or karen.whitfield72@gmail.com if you need more information. His medical record number at the hospital is MRN 40028813. ",
    "I am worried because his younger sister is 15 and I found one of the tablets in her room last week. She says a friend gave it to her at school. I do not know what to do and I hope this report helps someone else. ",
    "The pharmacist at the corner store told me they sell dozens of these every day and that most buyers are young men. Nobody checks ID. The price went from $25 to $40 for a pack of 20 tablets in the last six months. ",
];

fn narrative() -> String {
    let mut text = String::new();
    while text.len() < 5_000 {
        for p in PARAGRAPHS {
            text.push_str(p);
        }
    }
    let cut = (0..=5_000)
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0);
    text.truncate(cut);
    text
}

fn bench(c: &mut Criterion) {
    let text = narrative();
    assert_eq!(text.len(), 5_000);
    assert!(!scrub(&text).found.is_empty());
    c.bench_function("scrub 5000-char narrative", |b| {
        b.iter(|| scrub(black_box(&text)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);

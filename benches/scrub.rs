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

const PARRAFOS: &[&str] = &[
    "Les escribo por mi hijo Mateo, tiene 22 años. Empezó a tomar kratom en polvo hace un año para el dolor de espalda, unos 5 g tres veces al día con jugo de naranja. ",
    "En marzo de 2025 un amigo le habló de las pastillas de 7-OH que venden en la gasolinera y se cambió porque era más fácil. Tomaba 4 o 5 pastillas al día, de 15 mg cada una. ",
    "El 10 de febrero tomó dos pastillas antes del trabajo y en una hora estaba sudando, confundido y no podía pararse. Su compañero llamó al 911 y lo llevaron a urgencias. Presión 170/100, pulso 120, saturación 92%. ",
    "Le pusieron 2 mg de Narcan, que ayudó un poco, luego suero y Zofran. Lo dejaron en observación esa noche y salió al día siguiente con indicaciones de bajar la dosis poco a poco. ",
    "El frasco dice lote 24B117, caducidad 06/2026, y la marca tiene letras verdes con una hoja. Todavía lo tengo si les sirve. La tienda está en la Calle Reforma 123 cerca de la salida de la carretera. ",
    "Desde entonces ha intentado dejarlo dos veces. El día 3 siempre es el peor: diarrea, escalofríos, piernas inquietas. Para la semana 2 mejora pero vuelve cuando le dan ganas. ",
    "Vivimos en San Isidro del Monte, Jalisco, código postal 45010. Me pueden llamar al 33 1234 5678 o escribir a lucia.hernandez72@gmail.com. Su expediente en el hospital es 40028813. ",
    "Me preocupa porque su hermana menor tiene 15 años y encontré una pastilla en su cuarto la semana pasada. Dice que una amiga se la dio en la escuela. Espero que este reporte ayude a alguien. ",
    "El señor de la tienda me dijo que venden docenas cada día y que la mayoría de los compradores son jóvenes. Nadie pide identificación. El precio subió de $25 a $40 por un paquete de 20 pastillas. ",
];

fn narrative() -> String {
    fill(PARAGRAPHS)
}

fn narrativa() -> String {
    fill(PARRAFOS)
}

/// Repeats the paragraphs to exactly 5,000 bytes (cut at a character boundary).
fn fill(paragraphs: &[&str]) -> String {
    let mut text = String::new();
    while text.len() < 5_000 {
        for p in paragraphs {
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
    let texto = narrativa();
    assert!(texto.len() <= 5_000 && texto.len() > 4_990);
    assert!(!scrub(&texto).found.is_empty());
    c.bench_function("scrub 5000-char narrative (Spanish)", |b| {
        b.iter(|| scrub(black_box(&texto)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);

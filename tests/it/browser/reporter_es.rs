//! The reporter's walk in Spanish: the language chosen with the plain link
//! in the page header (no JavaScript needed), the form filled by its Spanish
//! labels, a missing answer asked for in Spanish, the check page and the
//! receipt; axe-core checks every Spanish page.

use super::session::{fieldset, Browser};
use super::test_name;
use crate::helpers::*;

const SYMPTOMS: &str = "Síntomas (marque todos los que correspondan)";
const CONTINUE: &str = "Continuar para revisar sus respuestas";

fn walk(backend: Backend, javascript: bool) {
    let Some(app) = TestApp::spawn(backend) else {
        return;
    };
    let name = if javascript {
        "reporter-es"
    } else {
        "reporter-es-nojs"
    };
    let mut b = Browser::start(&test_name(name, backend), &app.address, javascript);
    assert_eq!(
        b.page_scripts_run(),
        javascript,
        "JavaScript on/off as asked"
    );

    b.open("/", "home");
    b.follow_in("//header", "Leer esta página en español", "home-es");
    let lang = |b: &Browser| b.script("return document.documentElement.lang");
    assert_eq!(lang(&b), "es", "the language link switched the page");
    b.follow("Reportar un problema", "form");
    assert_eq!(lang(&b), "es", "and the choice is kept");

    b.choose(
        "¿Qué quiere reportar?",
        "Una mala reacción después de usar un producto",
    );
    b.choose("¿Quién llena este formulario?", "Me pasó a mí");
    b.fill("Edad en años", "41");
    b.choose("Sexo", "Femenino");
    b.choose("¿Estaba embarazada en ese momento?", "No");
    b.select("Estado, provincia o territorio (opcional)", "Texas");
    let p = fieldset("Producto 1");
    b.select_in(&p, "¿Qué era?", "Extracto de kratom");
    b.fill_in(&p, "Marca y nombre del producto (opcional)", "Marca Uno");
    b.select_in(&p, "Presentación", "Cápsulas");
    b.select_in(&p, "¿Cómo lo usó?", "Tragado (cápsula, tableta, gomita)");
    b.tick(SYMPTOMS, "Vómito");
    b.tick(SYMPTOMS, "Latidos rápidos o fuertes");
    b.fill(
        "¿Qué pasó? (opcional si marcó síntomas)",
        "Vomité toda la noche después de tomar dos cápsulas.",
    );
    // "How is the person now?" left unanswered: asked for in Spanish.
    b.press(CONTINUE, "form-missing-answer");
    let page = b.page_text();
    assert!(
        page.contains("Hay un problema con sus respuestas"),
        "{page}"
    );
    assert!(page.contains("Elija cómo está la persona ahora."), "{page}");
    assert_eq!(
        b.value_in(&p, "Marca y nombre del producto (opcional)"),
        "Marca Uno"
    );
    b.choose("¿Cómo está la persona ahora?", "Está mejorando");
    b.press(CONTINUE, "check");

    assert_eq!(b.h1(), "Revise sus respuestas antes de enviar");
    let summary = b.page_text();
    for shown in [
        "Extracto de kratom",
        "Vómito",
        "Marca Uno",
        "Está mejorando",
        "41 años",
    ] {
        assert!(summary.contains(shown), "check page shows {shown}");
    }
    b.press("Enviar reporte", "receipt");
    assert_eq!(b.h1(), "Gracias. Recibimos su reporte.");
    assert!(b.text_of("case-number").starts_with("CAN-"));
    assert_eq!(app.report_count(), 1);
    assert_eq!(lang(&b), "es");
    b.finish();
}

both_backends! {
    reporter_walk_in_spanish => |backend| walk(backend, true);
    reporter_walk_in_spanish_without_javascript => |backend| walk(backend, false);
}

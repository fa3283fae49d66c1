//! Handlers of the public data page: `/data` and `/data/<table>.csv`, no
//! sign-in. The figures come from the `public_data::page` use case.

use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpResponse};
use askama::Template;

use super::{html, AppError, State};
use crate::public_data::tables::TableKind;
use crate::public_data::{csv, page};
use crate::views::public_data::DataPage;
use crate::views::Layout;
use crate::web::route::{routes, Route};

pub(super) const ROUTES: &[Route] = routes![
    Get "/data" Anyone FallThrough => data_page,
    Get "/data/{table}.csv" Anyone FallThrough => table_csv,
];

pub async fn data_page(state: State) -> Result<HttpResponse, AppError> {
    let data = page::show(state.intake.db()).await?;
    let page = DataPage::new(
        Layout::new("Public data", &state.config.urgent_help),
        data.reports,
        &data.tables,
    );
    Ok(html(StatusCode::OK, page.render()?))
}

pub async fn table_csv(state: State, path: web::Path<String>) -> Result<HttpResponse, AppError> {
    let kind = TableKind::from_slug(&path.into_inner()).ok_or(AppError::NotFound)?;
    let table = page::table(state.intake.db(), kind).await?;
    let body = csv::table(&table).map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "text/csv; charset=utf-8"))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"canary-{}.csv\"", kind.slug()),
        ))
        .body(body))
}

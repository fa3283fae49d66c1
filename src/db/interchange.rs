//! Which cases the interchange exports (E2B, FHIR) take by default: the
//! ones a reviewer has assessed (status assessed or forwarded).

use diesel::prelude::*;

use super::schema::reports;
use super::{DbConnection, DbError};
use crate::ids::CaseNumber;
use crate::report::options::{ClosedList, ReportStatus};

pub fn assessed_cases(conn: &mut DbConnection) -> Result<Vec<CaseNumber>, DbError> {
    Ok(reports::table
        .filter(reports::status.eq_any([
            ReportStatus::Assessed.code(),
            ReportStatus::Forwarded.code(),
        ]))
        .order(reports::case_number)
        .select(reports::case_number)
        .load::<String>(conn)?
        .into_iter()
        .map(CaseNumber::from_stored)
        .collect())
}

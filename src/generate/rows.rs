//! Turns generated cases into the rows of a `db::synthetic::Batch`: the
//! report as `ReportRow::new` would store a submission (then marked
//! synthetic, with its own case number), its children, follow-ups, a few
//! near-duplicates of the case before, and the reviewer's work.

use chrono::NaiveDateTime;

use super::dice::Dice;
use super::{case, narrative, review};
use crate::db::new_id;
use crate::db::reports::{ProductRow, ReportRow, SubmissionKeys};
use crate::db::synthetic::*;
use crate::ids::{CaseNumber, ReportId, UserId};
use crate::report::model::NewReport;
use crate::report::options::*;
use crate::report::values::FreeText;

/// Share of cases that repeat the case before (a second submission).
const NEAR_DUPLICATE: f64 = 0.004;
/// Share of cases with one or two follow-ups from the reporter.
const FOLLOWED_UP: f64 = 0.1;

pub struct Builder {
    reviewer: UserId,
    now: NaiveDateTime,
    previous: Option<(ReportId, NewReport)>,
    meddra: Option<super::Meddra>,
}

impl Builder {
    pub fn new(reviewer: UserId, now: NaiveDateTime, meddra: Option<super::Meddra>) -> Self {
        Self {
            reviewer,
            now,
            previous: None,
            meddra,
        }
    }

    /// Add one case received at `received`, `position` through the period.
    pub fn add(
        &mut self,
        d: &mut Dice,
        b: &mut Batch,
        case_number: CaseNumber,
        received: NaiveDateTime,
        position: f64,
        cluster: Option<(&super::Clusters, u64)>,
    ) {
        let repeats = self.previous.take().filter(|_| d.chance(NEAR_DUPLICATE));
        let mut report = match &repeats {
            Some((_, first)) => near_duplicate(d, first),
            None => case::report(d, received.date(), position),
        };
        if let Some((clusters, from_end)) = cluster {
            clusters.apply(&mut report, from_end);
        }
        let id = ReportId::fresh();
        let keys = SubmissionKeys {
            idempotency_hash: format!("synthetic:{case_number}"),
            // Never the HMAC of any code: no follow-up code opens a synthetic case.
            followup_code_hash: "synthetic".into(),
        };
        let mut base = ReportRow::new(&id, &case_number, &report, &keys, received);
        base.synthetic = true;
        let mut row = SyntheticReportRow {
            base,
            assigned_to: None,
            ich_seriousness: None,
            ich_confirmed_by: None,
            ich_confirmed_at: None,
            info_request: None,
            info_requested_at: None,
            duplicate_of: None,
        };
        let mut suspects = Vec::new();
        for (position, product) in report.products.iter().enumerate() {
            let p = ProductRow::new(&id, position, product);
            if product.role == ProductRole::Suspect {
                suspects.push(p.id.clone());
            }
            b.products.push(p);
        }
        for substance in &report.co_used {
            b.co_used.push(CoUsedRow {
                id: new_id(),
                report_id: id.clone(),
                substance: substance.code(),
            });
        }
        let symptoms = report.symptoms.iter().map(|s| (s.code(), false, None));
        let withdrawal = report
            .withdrawal
            .iter()
            .map(|(w, sev)| (w.code(), true, Some(sev.code())));
        for (code, withdrawal, severity) in symptoms.chain(withdrawal) {
            b.reactions.push(ReactionRow {
                id: new_id(),
                report_id: id.clone(),
                code,
                withdrawal,
                severity,
            });
        }
        self.followups(d, b, &id, &case_number, received);
        let age_days = (self.now - received).num_seconds() as f64 / 86_400.0;
        let is_repeat = repeats.is_some();
        match repeats {
            Some((first_id, _)) if d.chance(0.5) => {
                row.base.status = ReportStatus::Duplicate.code().to_owned();
                row.duplicate_of = Some(first_id);
                row.assigned_to = Some(self.reviewer.clone());
                row.base.updated_at = review::later(d, received, 10, self.now);
            }
            _ => {
                let decision = review::decide(d, age_days);
                row.base.status = decision.status.code().to_owned();
                self.review(d, b, &mut row, &report, &suspects, decision);
            }
        }
        b.reports.push(row);
        // A repeat is not repeated again: pairs, not chains.
        self.previous = (!is_repeat).then_some((id, report));
    }

    fn followups(
        &self,
        d: &mut Dice,
        b: &mut Batch,
        id: &ReportId,
        case_number: &CaseNumber,
        received: NaiveDateTime,
    ) {
        if !d.chance(FOLLOWED_UP) {
            return;
        }
        let mut at = received;
        for n in 0..d.weighted(&[(1, 80), (2, 20)]) {
            at = review::later(d, at, 30, self.now);
            let state = d.weighted(&[
                (Some(CurrentState::Recovered), 40),
                (Some(CurrentState::Recovering), 25),
                (Some(CurrentState::NotRecovered), 10),
                (Some(CurrentState::LastingEffects), 5),
                (None, 20),
            ]);
            b.followups.push(FollowupRow {
                id: new_id(),
                report_id: id.clone(),
                idempotency_hash: format!("synthetic:{case_number}:{n}"),
                received_at: at,
                current_state: state.map(|s| s.code()),
                narrative: narrative::followup(d, state),
                scrubbed_kinds: "",
            });
        }
    }

    fn review(
        &self,
        d: &mut Dice,
        b: &mut Batch,
        row: &mut SyntheticReportRow,
        report: &NewReport,
        suspects: &[String],
        decision: review::Decision,
    ) {
        let received = row.base.received_at;
        let report_id = row.base.id.clone();
        let me = || Some(self.reviewer.clone());
        match decision.status {
            ReportStatus::InReview => row.assigned_to = me().filter(|_| d.chance(0.8)),
            ReportStatus::NeedsInfo => {
                row.assigned_to = me();
                row.info_request = Some(d.one(review::QUESTIONS).to_owned());
                row.info_requested_at = Some(review::later(d, received, 5, self.now));
            }
            _ => {}
        }
        if decision.status != ReportStatus::New && d.chance(0.2) {
            b.notes.push(NoteRow {
                id: new_id(),
                report_id: report_id.clone(),
                author_id: self.reviewer.clone(),
                created_at: review::later(d, received, 10, self.now),
                body: d.one(review::NOTES),
            });
        }
        row.base.updated_at = row.info_requested_at.unwrap_or(received);
        if !decision.assessed {
            return;
        }
        let at = review::later(d, received, 30, self.now);
        row.base.updated_at = at;
        // The reviewer mostly confirms the reporter's outcomes; now and then
        // an "other serious" alone is judged not serious.
        let mut criteria = report.outcomes.clone();
        if criteria == [Outcome::OtherSerious] && d.chance(0.3) {
            criteria.clear();
        }
        row.ich_seriousness = Some(
            criteria
                .iter()
                .map(|o| o.code())
                .collect::<Vec<_>>()
                .join(","),
        );
        row.ich_confirmed_by = me();
        row.ich_confirmed_at = Some(at);
        b.expedited.push(review::report_type(
            &report_id,
            &criteria,
            &self.reviewer,
            at,
        ));
        row.base.queue_rank = criteria
            .iter()
            .filter_map(|c| Outcome::all().iter().position(|o| o == c))
            .min()
            .unwrap_or(Outcome::all().len()) as i32;
        let terms = review::coded_terms(report);
        for (term, source) in &terms {
            let code = self.meddra.as_ref().and_then(|m| {
                let code = m.codes.get(term)?;
                Some((code.clone(), m.version.clone()))
            });
            b.coded.push(CodedReactionRow {
                id: new_id(),
                report_id: report_id.clone(),
                term: term.code(),
                source: source.clone(),
                meddra_code: code.as_ref().map(|c| c.0.clone()),
                meddra_version: code.map(|c| c.1),
                outcome: None,
                coded_by: self.reviewer.clone(),
                coded_at: at,
            });
        }
        if let Some((term, _)) = terms.first() {
            let event = format!("term:{}", term.code());
            for product_id in suspects {
                let answers = review::naranjo_answers(d, report);
                let score = review::naranjo_score(&answers);
                let band = review::naranjo_band(score);
                b.causality.push(CausalityRow {
                    id: new_id(),
                    report_id: report_id.clone(),
                    product_id: product_id.clone(),
                    event_assessed: event.clone(),
                    who_umc: review::who_umc(d, band),
                    rationale: review::rationale(d, report, band),
                    naranjo_answers: answers,
                    naranjo_score: score,
                    naranjo_band: band,
                    assessed_by: self.reviewer.clone(),
                    assessed_at: at,
                });
            }
        }
        if decision.status == ReportStatus::Forwarded {
            let sent = review::later(d, at, 5, self.now);
            row.base.updated_at = sent;
            b.forwards.push(ForwardRow {
                id: new_id(),
                report_id,
                recipient: d.one(review::RECIPIENTS),
                sent_on: sent.date().format("%Y-%m-%d").to_string(),
                reference: d
                    .chance(0.5)
                    .then(|| format!("REF-{:06}", d.between(1, 999_999))),
                forwarded_by: self.reviewer.clone(),
                recorded_at: sent,
            });
        }
    }
}

/// The same event sent again, by someone else or with a reworded story.
fn near_duplicate(d: &mut Dice, first: &NewReport) -> NewReport {
    let mut again = first.clone();
    if d.chance(0.5) {
        again.reporter = d.weighted(&[
            (ReporterRole::Self_, 1),
            (ReporterRole::FamilyFriend, 1),
            (ReporterRole::HealthProfessional, 1),
        ]);
    }
    if d.chance(0.5) {
        again
            .symptoms
            .truncate(again.symptoms.len().saturating_sub(1).max(1));
    }
    let story = again
        .narrative
        .as_ref()
        .map(|n| n.as_str())
        .unwrap_or_default();
    again.narrative = FreeText::from_stored(
        format!("{story} Sending this again in case the first report did not go through.")
            .trim_start()
            .to_owned(),
    );
    again
}

//! Use cases of the public side: storing a submitted report (durably, once
//! per idempotency key) and checking a reporter's follow-up code before they
//! see their case or add to it.

use crate::ids::{CaseNumber, ReportId};
use chrono::NaiveDateTime;

use crate::alerts::Bell;
use crate::audit;
use crate::crypto::{self, FollowupCode, IdempotencyKey, Keys};
use crate::db::reports::{self, SubmissionKeys};
use crate::db::{self, Db, DbError};
use crate::deidentify::IdentifierKind;
use crate::mail::{alerts, Outbox};
use crate::report::stored::{Followup, StoredReport};
use crate::report::NewReport;

/// What the reporter takes away.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    pub case_number: CaseNumber,
    pub code: FollowupCode,
}

/// What a submit came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Submitted {
    /// Stored now, or earlier with the same idempotency key.
    Receipt(Receipt),
    /// The form token already made another report: nothing stored.
    TokenSpent,
}

#[derive(Debug)]
pub enum CodeCheck {
    Accepted(Box<StoredReport>),
    /// Wrong case number or code (the two are not told apart).
    Refused,
    /// Too many wrong codes for this case; try again later.
    Locked {
        minutes: i64,
    },
}

#[derive(Clone)]
pub struct Intake {
    db: Db,
    keys: Keys,
    outbox: Outbox,
    alerts: Bell,
}

impl Intake {
    pub fn new(db: Db, keys: Keys, outbox: Outbox) -> Self {
        Self {
            db,
            keys,
            outbox,
            alerts: Bell::default(),
        }
    }

    /// Ring `bell` after each stored report that names a lot or seller.
    pub fn with_alerts(self, alerts: Bell) -> Self {
        Self { alerts, ..self }
    }

    pub fn keys(&self) -> &Keys {
        &self.keys
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    pub fn outbox(&self) -> &Outbox {
        &self.outbox
    }

    /// Whether the database answers a query on the reports (the health check).
    pub async fn ping(&self) -> Result<(), DbError> {
        self.db.read(reports::ping).await
    }

    /// Store `report` and answer once it is committed. Submitting again with
    /// the same key returns the same receipt and stores nothing new; a form
    /// token that already made a report makes no other. A serious report
    /// queues alerts for subscribed reviewers in the same transaction; they
    /// are sent later, so mail never delays the receipt. The creation is
    /// audited (actor `public`, no content).
    pub async fn submit(
        &self,
        report: NewReport,
        key: &IdempotencyKey,
        token: &str,
    ) -> Result<Submitted, DbError> {
        let code = self.keys.followup_code(key);
        let idempotency_hash = self.keys.idempotency_hash(key);
        let token_hash = self.keys.spent_token_hash(token);
        let keys = SubmissionKeys {
            idempotency_hash: idempotency_hash.clone(),
            followup_code_hash: self.keys.code_hash(&code),
        };
        let mail = self.outbox.settings().clone();
        let names_batch = report
            .products
            .iter()
            .any(|p| p.lot.is_some() || p.seller.is_some());
        let stored = self
            .db
            .write(move |conn| {
                if let Some(case) = reports::case_for_idempotency(conn, &keys.idempotency_hash)? {
                    return Ok((Some(case), 0));
                }
                let now = db::now();
                if !reports::spend_token(conn, &token_hash, now)? {
                    // A concurrent retry with this key may have committed
                    // between the check above and the token's: a new
                    // statement sees it (PostgreSQL reads committed rows).
                    let case = reports::case_for_idempotency(conn, &keys.idempotency_hash)?;
                    return Ok((case, 0));
                }
                let case = reports::insert_new(conn, &report, &keys, now)?;
                let event = audit::Event::new("report_received", "report", Some(&case));
                audit::append(conn, &audit::Actor::public(), event)?;
                let alerts = alerts::queue_serious_report(conn, &mail, &case, &report)?;
                Ok((Some(case), alerts))
            })
            .await;
        if matches!(stored, Ok((_, queued)) if queued > 0) {
            self.outbox.wake();
        }
        // Committed: the alert scan runs in the background, off this path.
        if names_batch && matches!(stored, Ok((Some(_), _))) {
            self.alerts.ring();
        }
        let case_number = match stored.map(|(case, _)| case) {
            Ok(case) => case,
            // Two concurrent submits with one key (or one token) on
            // PostgreSQL: the loser hits a UNIQUE constraint and reads the
            // winner's case, if it was the same key.
            Err(e) if e.is_unique_violation() => {
                self.db
                    .read(move |conn| reports::case_for_idempotency(conn, &idempotency_hash))
                    .await?
            }
            Err(e) => return Err(e),
        };
        Ok(match case_number {
            Some(case_number) => Submitted::Receipt(Receipt { case_number, code }),
            None => Submitted::TokenSpent,
        })
    }

    /// The receipt for a submission already made with `key`, if any.
    pub async fn receipt_for(
        &self,
        case_number: &CaseNumber,
        key: &IdempotencyKey,
    ) -> Result<Option<Receipt>, DbError> {
        let hash = self.keys.idempotency_hash(key);
        let stored = self
            .db
            .read(move |conn| reports::case_for_idempotency(conn, &hash))
            .await?;
        Ok(stored
            .filter(|case| case == case_number)
            .map(|case_number| Receipt {
                case_number,
                code: self.keys.followup_code(key),
            }))
    }

    /// Check a case number and code. Wrong codes are throttled per client
    /// and case by the caller; a case locked by an older version stays
    /// locked until its time is up.
    pub async fn check_code(
        &self,
        case: &CaseNumber,
        code: Option<FollowupCode>,
    ) -> Result<CodeCheck, DbError> {
        let case = case.clone();
        let typed_hash = code.as_ref().map(|c| self.keys.code_hash(c));
        self.db
            .write(move |conn| {
                let Some(check) = reports::code_check(conn, &case)? else {
                    return Ok(CodeCheck::Refused);
                };
                let now = db::now();
                if let Some(until) = check.locked_until.filter(|u| *u > now) {
                    return Ok(CodeCheck::Locked {
                        minutes: (until - now).num_minutes() + 1,
                    });
                }
                let right = typed_hash
                    .is_some_and(|h| crypto::same(h.as_bytes(), check.code_hash.as_bytes()));
                // A wrong code locks nothing: the guesser's own client is
                // slowed down (see `abuse`), never the reporter.
                if !right {
                    return Ok(CodeCheck::Refused);
                }
                if check.failures > 0 || check.locked_until.is_some() {
                    reports::record_code_attempt(conn, &check.report_id, 0, None)?;
                }
                let stored = reports::load_by_case(conn, &case)?
                    .ok_or_else(|| DbError::Corrupt("case vanished".into()))?;
                Ok(CodeCheck::Accepted(Box::new(stored)))
            })
            .await
    }

    /// Add a follow-up to a case whose code was just accepted.
    pub async fn add_followup(
        &self,
        report_id: ReportId,
        key: &IdempotencyKey,
        followup: Followup,
        scrubbed: Vec<IdentifierKind>,
    ) -> Result<(), DbError> {
        let hash = self.keys.idempotency_hash(key);
        let kinds = scrubbed
            .iter()
            .map(|k| k.code())
            .collect::<Vec<_>>()
            .join(",");
        self.db
            .write(move |conn| {
                if reports::insert_followup(conn, &report_id, &hash, &followup, &kinds)? {
                    crate::review::actions::followup_received(conn, &report_id)?;
                }
                Ok(())
            })
            .await
    }
}

/// The time as Canary stores it (UTC, microseconds): follow-up receipts,
/// the day of a digest queued from the command line.
pub fn now() -> NaiveDateTime {
    db::now()
}

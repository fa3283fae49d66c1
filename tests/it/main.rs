//! Canary's integration tests: one binary, the real server on a free port,
//! real SQLite files and a real PostgreSQL server.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod helpers;
mod smtp_sink;
mod staff_helpers;
mod totp_helpers;

mod access;
mod admin_users;
mod alerts;
mod analysis;
mod analysis_summary;
mod assess;
mod audit;
mod audit_page;
mod auth;
mod browser;
mod case_story;
mod e2b_batch;
mod e2b_decisions;
mod e2b_linked;
mod e2b_rules;
mod export_csv;
mod export_e2b;
mod export_fhir;
mod export_medwatch;
mod export_poison;
mod followup;
mod form_agreement;
mod generate;
mod guidance;
mod hardening;
mod honest_data;
mod languages;
mod mail;
mod meddra;
mod migrations;
mod notification_settings;
mod outputs_csv;
mod outputs_npds;
mod outputs_pdf;
mod password_reset;
mod privacy;
mod public_data;
mod review;
mod safe_harbor_text;
mod scrubbing;
mod security_review;
mod submit;
mod totp;
mod triage_fixes;
mod validation;

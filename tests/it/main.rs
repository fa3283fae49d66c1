//! Canary's integration tests: one binary, the real server on a free port,
//! real SQLite files and a real PostgreSQL server.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod helpers;
mod smtp_sink;
mod staff_helpers;
mod totp_helpers;

mod access;
mod admin_users;
mod analysis;
mod analysis_summary;
mod assess;
mod audit;
mod auth;
mod browser;
mod export_csv;
mod export_e2b;
mod export_fhir;
mod export_medwatch;
mod export_poison;
mod followup;
mod generate;
mod hardening;
mod mail;
mod migrations;
mod notification_settings;
mod password_reset;
mod privacy;
mod review;
mod safe_harbor_text;
mod scrubbing;
mod submit;
mod totp;
mod validation;

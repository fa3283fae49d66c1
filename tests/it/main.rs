//! Canary's integration tests: one binary, the real server on a free port,
//! real SQLite files and a real PostgreSQL server.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod helpers;
mod staff_helpers;

mod access;
mod audit;
mod auth;
mod followup;
mod generate;
mod hardening;
mod migrations;
mod privacy;
mod scrubbing;
mod submit;
mod validation;

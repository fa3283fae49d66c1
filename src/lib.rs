//! Canary: a self-hosted collector of de-identified adverse-event reports.
//!
//! # Layers
//!
//! Code is arranged in five layers, and an import only points down:
//!
//! 1. **Edge** — [`web`] (HTTP only: extractors, guards, cookies, form
//!    decoding), [`views`] (askama pages), [`cli`], [`startup`]. It decodes
//!    input once, calls a use case, and renders what comes back. From `db`
//!    it names only the handle ([`db::Db`]) and its error.
//! 2. **Use cases** — one function per thing a person does (submit a
//!    report, triage, assess, forward, export, sign in), each owning its
//!    transaction: [`intake`], [`auth`], [`audit`], [`mail`], [`alerts`],
//!    [`overview`], [`rescrub`], [`meddra_admin`], [`install`], and the
//!    use-case files of [`review`], [`export`], [`analysis`] and
//!    [`public_data`]. The web and the CLI call the same functions.
//! 3. **Storage** — [`db`]: queries and row mapping. It may use domain
//!    types, never a use case.
//! 4. **Domain** — [`report`], [`review`], [`export`] formats,
//!    [`deidentify`], [`meddra`], [`analysis`] statistics: pure types and
//!    rules, no database, no HTTP.
//! 5. **Base** — [`text`], [`form`], [`i18n`], [`crypto`], [`config`], and
//!    [`ids`] (case numbers, report and user ids).
//!
//! No two module files import each other, directly or in a circle.
//! `layers_test.rs` reads the `use crate::…` paths of `src/` and holds the
//! table of which module sits in which layer; it fails on an import that
//! points up or closes a circle.

pub mod abuse;
pub mod alerts;
pub mod analysis;
pub mod anchor;
pub mod audit;
pub mod auth;
pub mod cli;
pub mod config;
pub mod crypto;
pub mod db;
pub mod deidentify;
pub mod export;
pub mod form;
pub mod generate;
pub mod i18n;
pub mod ids;
pub mod install;
pub mod intake;
pub mod keyfile;
pub mod mail;
pub mod meddra;
pub mod meddra_admin;
pub mod overview;
pub mod public_data;
pub mod report;
pub mod rescrub;
pub mod review;
pub mod startup;
pub mod telemetry;
pub mod text;
pub mod views;
pub mod web;

#[cfg(test)]
mod layers_test;

//! Canary: a self-hosted collector of de-identified adverse-event reports.
//!
//! A request enters at [`web`], becomes a typed value in [`report`], is stored
//! through [`db`] and leaves through [`views`] (askama templates).

pub mod abuse;
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
pub mod intake;
pub mod keyfile;
pub mod mail;
pub mod meddra;
pub mod report;
pub mod review;
pub mod startup;
pub mod telemetry;
pub mod text;
pub mod views;
pub mod web;

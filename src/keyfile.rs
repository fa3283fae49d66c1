//! The server key: `CANARY_SECRET`, or a key file (`CANARY_KEY_FILE`; by
//! default `canary.key` beside the SQLite file) created on first start with
//! mode 0600. The key never enters the database: the database keeps its
//! fingerprint, and a database started with a different or missing key
//! refuses to start, naming the fingerprint it expects. A secret an older
//! version stored in the database is moved to the key file and erased.

use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use crate::config::{Config, DatabaseUrl};
use crate::crypto::{self, Keys};
use crate::db::secrets::{self, KeyRecord};
use crate::db::{DbConnection, DbError};

/// The default key file's name, beside the SQLite database.
pub const DEFAULT_NAME: &str = "canary.key";

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("with PostgreSQL set CANARY_KEY_FILE (where Canary keeps its key, apart from database backups) or CANARY_SECRET")]
    NoPlace,
    #[error("the key file {path} is missing, and this database belongs to the key with fingerprint {expected}: restore that key file (or set CANARY_KEY_FILE to where it is)")]
    Missing { path: String, expected: String },
    #[error("this database belongs to the key with fingerprint {expected}, but {source_name} holds the key with fingerprint {found}: use the right key")]
    Wrong {
        expected: String,
        found: String,
        source_name: String,
    },
    #[error(
        "the key file {path} can be read by other users (mode {mode:o}): run `chmod 600 {path}`"
    )]
    Exposed { path: String, mode: u32 },
    #[error("the key file {path} is not valid: {reason}")]
    Invalid { path: String, reason: String },
    #[error("the key file {path} holds a different key from the one this database stored; move it away so Canary can write the stored key there")]
    Conflict { path: String },
    #[error("the database's key record was changed outside Canary (its seal does not match)")]
    Tampered,
    #[error("key file {path}: {error}")]
    Io { path: String, error: std::io::Error },
    #[error(transparent)]
    Db(#[from] DbError),
}

/// Where the key file is (None with `CANARY_SECRET`).
pub fn path(config: &Config) -> Result<Option<PathBuf>, KeyError> {
    if config.secret.is_some() {
        return Ok(None);
    }
    if let Some(p) = &config.key_file {
        return Ok(Some(p.clone()));
    }
    match &config.database {
        DatabaseUrl::Sqlite(db) => Ok(Some(Path::new(db).with_file_name(DEFAULT_NAME))),
        DatabaseUrl::Postgres(_) => Err(KeyError::NoPlace),
    }
}

/// Read a key file, refusing one that others can read.
pub fn read(path: &Path) -> Result<Option<Vec<u8>>, KeyError> {
    let shown = path.display().to_string();
    let io = |error| KeyError::Io {
        path: shown.clone(),
        error,
    };
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io(e)),
    };
    let mode = meta.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(KeyError::Exposed { path: shown, mode });
    }
    let text = std::fs::read_to_string(path).map_err(io)?;
    let bytes = hex::decode(text.trim()).map_err(|e| KeyError::Invalid {
        path: shown.clone(),
        reason: e.to_string(),
    })?;
    if bytes.len() < 32 {
        return Err(KeyError::Invalid {
            path: shown,
            reason: "needs at least 32 bytes (64 hex digits)".into(),
        });
    }
    Ok(Some(bytes))
}

/// Create the key file (never overwriting one), mode 0600, synced to disk.
/// Written under a temporary name and linked into place, so a second
/// instance starting at the same moment reads a whole file or writes none.
/// Returns the key now in the file (the other instance's, if it won).
fn write(path: &Path, secret: &[u8]) -> Result<Vec<u8>, KeyError> {
    let io = |error| KeyError::Io {
        path: path.display().to_string(),
        error,
    };
    let mut temp = path.as_os_str().to_owned();
    temp.push(format!(".{}.tmp", hex::encode(crypto::random_bytes::<6>())));
    let temp = PathBuf::from(temp);
    let written = (|| {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&temp)?;
        file.write_all(format!("{}\n", hex::encode(secret)).as_bytes())?;
        file.sync_all()?;
        std::fs::hard_link(&temp, path)
    })();
    let _ = std::fs::remove_file(&temp);
    match written {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return read(path)?.ok_or_else(|| io(e));
        }
        Err(e) => return Err(io(e)),
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(io)?;
    }
    Ok(secret.to_vec())
}

fn seal(keys: &Keys, fingerprint: &str, keyed_from: i64) -> String {
    let mac = crypto::hmac(
        &keys.audit_key(),
        &[
            b"server-key-record",
            fingerprint.as_bytes(),
            &keyed_from.to_be_bytes(),
        ],
    );
    hex::encode(mac)
}

/// Load (or on first start create) the key for the database behind `conn`,
/// check it is the database's key, move a stored secret out, and register
/// the audit chain's key. Run at start-up and by every CLI command that
/// opens the database.
pub fn load(config: &Config, conn: &mut DbConnection) -> Result<Keys, KeyError> {
    let legacy = secrets::legacy(conn)?;
    let stored = secrets::record(conn)?;
    let place = path(config)?;
    let (secret, source_name) = match (&config.secret, &place) {
        (Some(secret), _) => (secret.clone(), "CANARY_SECRET".to_owned()),
        (None, Some(path)) => {
            let shown = path.display().to_string();
            let secret = match (read(path)?, &legacy, &stored) {
                (Some(file), Some(old), _) if &file != old => {
                    return Err(KeyError::Conflict { path: shown })
                }
                (Some(file), _, _) => file,
                (None, Some(old), _) => {
                    let written = write(path, old)?;
                    if &written != old {
                        return Err(KeyError::Conflict { path: shown });
                    }
                    tracing::info!(key_file = %shown, "moved the server key out of the database into its key file");
                    written
                }
                (None, None, Some(record)) => {
                    return Err(KeyError::Missing {
                        path: shown,
                        expected: record.fingerprint.clone(),
                    })
                }
                (None, None, None) => {
                    let fresh = write(path, &crypto::random_bytes::<32>())?;
                    tracing::info!(key_file = %shown, "server key file ready; keep it apart from database backups");
                    fresh
                }
            };
            (secret, format!("the key file {shown}"))
        }
        (None, None) => return Err(KeyError::NoPlace),
    };
    let keys = Keys::derive(&secret);
    let fingerprint = keys.fingerprint();
    let record = match stored {
        Some(r) => r,
        None => {
            let keyed_from = secrets::audit_head(conn)? + 1;
            secrets::put_record(
                conn,
                &KeyRecord {
                    id: 1,
                    seal: seal(&keys, &fingerprint, keyed_from),
                    fingerprint: fingerprint.clone(),
                    audit_keyed_from: keyed_from,
                },
            )?
        }
    };
    if record.fingerprint != fingerprint {
        return Err(KeyError::Wrong {
            expected: record.fingerprint,
            found: fingerprint,
            source_name,
        });
    }
    if !crypto::same(
        record.seal.as_bytes(),
        seal(&keys, &fingerprint, record.audit_keyed_from).as_bytes(),
    ) {
        return Err(KeyError::Tampered);
    }
    if legacy.is_some() {
        secrets::erase_legacy(conn)?;
        tracing::info!("erased the server key from the database");
    }
    crate::audit::register_key(&keys);
    Ok(keys)
}

/// [`load`] on a connection of its own.
pub fn load_for(config: &Config) -> Result<Keys, KeyError> {
    let mut conn = crate::db::connect(&config.database)?;
    load(config, &mut conn)
}

//! Canary's cookies, named here and written and read one way. Every cookie is `HttpOnly` and
//! `Path=/`; with `CANARY_COOKIE_SECURE` on (the default) it is also `Secure`
//! and carries the `__Host-` prefix, so no other host can set or read it.

use actix_web::http::header;
use actix_web::HttpRequest;

use crate::auth::pending;

/// The session cookie: ends with the browser; the database enforces the
/// limits (`auth::sessions`).
pub const SESSION: Cookie = Cookie {
    base: "canary-session",
    same_site: SameSite::Lax,
    max_age: None,
    max_len: 64,
};

/// The device cookie (`auth::device`); it lives a year, so the owner keeps
/// their own bucket between sign-ins.
pub const DEVICE: Cookie = Cookie {
    base: "canary-device",
    same_site: SameSite::Strict,
    max_age: Some(365 * 24 * 3600),
    max_len: 128,
};

/// The pending sign-in cookie (`auth::pending`): lives as long as the code
/// page may be used.
pub const PENDING: Cookie = Cookie {
    base: "canary-pending",
    same_site: SameSite::Lax,
    max_age: Some(pending::LIFETIME_SECONDS as u64),
    max_len: 128,
};

/// How far a cookie travels on requests from other sites.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SameSite {
    /// Sent on top-level navigations from elsewhere (a link to a staff page works).
    Lax,
    /// Never sent from another site.
    Strict,
}

/// One named cookie: its base name, reach, lifetime and the longest value read back.
#[derive(Debug, Clone, Copy)]
pub struct Cookie {
    /// The name without the `__Host-` prefix, e.g. `canary-session`.
    pub base: &'static str,
    pub same_site: SameSite,
    /// Seconds it lives; `None` ends it with the browser session.
    pub max_age: Option<u64>,
    /// Longer values are ignored when read (they were not written by Canary).
    pub max_len: usize,
}

impl Cookie {
    /// The name sent to the browser: `__Host-<base>` when `secure`.
    pub fn name(&self, secure: bool) -> String {
        if secure {
            format!("__Host-{}", self.base)
        } else {
            self.base.to_owned()
        }
    }

    /// The `Set-Cookie` value carrying `value`.
    pub fn set(&self, value: &str, secure: bool) -> String {
        let max_age = self
            .max_age
            .map(|s| format!("; Max-Age={s}"))
            .unwrap_or_default();
        self.header(value, &max_age, secure)
    }

    /// The `Set-Cookie` value removing the cookie.
    pub fn clear(&self, secure: bool) -> String {
        self.header("", "; Max-Age=0", secure)
    }

    fn header(&self, value: &str, max_age: &str, secure: bool) -> String {
        let same_site = match self.same_site {
            SameSite::Lax => "Lax",
            SameSite::Strict => "Strict",
        };
        let secure_flag = if secure { "; Secure" } else { "" };
        format!(
            "{}={value}; Path=/; HttpOnly; SameSite={same_site}{max_age}{secure_flag}",
            self.name(secure)
        )
    }

    /// The non-empty value the request carries, if any and not too long.
    pub fn read(&self, req: &HttpRequest, secure: bool) -> Option<String> {
        let name = self.name(secure);
        req.headers()
            .get_all(header::COOKIE)
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(k, v)| *k == name && !v.is_empty() && v.len() <= self.max_len)
            .map(|(_, v)| v.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    const C: Cookie = Cookie {
        base: "canary-x",
        same_site: SameSite::Strict,
        max_age: Some(60),
        max_len: 8,
    };

    #[test]
    fn secure_cookies_are_host_bound_and_plain_ones_are_not() {
        assert_eq!(
            C.set("v", true),
            "__Host-canary-x=v; Path=/; HttpOnly; SameSite=Strict; Max-Age=60; Secure"
        );
        assert_eq!(
            C.clear(false),
            "canary-x=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"
        );
    }

    #[test]
    fn reads_only_its_own_name_and_bounded_values() {
        let req = TestRequest::default()
            .insert_header((header::COOKIE, "canary-x=toolongvalue; __Host-canary-x=ok"))
            .to_http_request();
        assert_eq!(C.read(&req, true).as_deref(), Some("ok"));
        assert_eq!(C.read(&req, false), None, "too long");
    }
}

//! CSRF defences for staff POSTs: refuse cross-site requests by Fetch
//! Metadata (or `Origin` when a browser sends no `Sec-Fetch-Site`), and
//! require the session's synchronizer token in every form.

use actix_web::http::header;
use actix_web::HttpRequest;

use super::sessions::CurrentSession;

/// False for a request a browser marks as coming from another site.
pub fn same_origin(req: &HttpRequest) -> bool {
    let headers = req.headers();
    if let Some(site) = headers.get("sec-fetch-site") {
        // `none` is a navigation the person started (typed, bookmarked).
        return matches!(site.to_str(), Ok("same-origin" | "none"));
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        // Neither header: not a browser cross-site request; the token still applies.
        return true;
    };
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    match (origin.to_str().ok().and_then(origin_host), host) {
        (Some(o), Some(h)) => o.eq_ignore_ascii_case(h),
        _ => false,
    }
}

/// `host[:port]` of an `Origin` value (`null` and junk give `None`).
fn origin_host(origin: &str) -> Option<&str> {
    let (_, rest) = origin.split_once("://")?;
    (!rest.is_empty() && !rest.contains('/')).then_some(rest)
}

/// Whether a submitted form token is this session's.
pub fn token_ok(session: &CurrentSession, submitted: &str) -> bool {
    crate::crypto::same(session.csrf_token.as_bytes(), submitted.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    #[test]
    fn fetch_metadata_then_origin() {
        let ok = |r: TestRequest| same_origin(&r.to_http_request());
        assert!(ok(TestRequest::post()));
        assert!(ok(
            TestRequest::post().insert_header(("sec-fetch-site", "same-origin"))
        ));
        assert!(!ok(
            TestRequest::post().insert_header(("sec-fetch-site", "cross-site"))
        ));
        assert!(!ok(
            TestRequest::post().insert_header(("sec-fetch-site", "same-site"))
        ));
        let with_origin = |o: &str| {
            TestRequest::post()
                .insert_header((header::HOST, "canary.example"))
                .insert_header((header::ORIGIN, o.to_owned()))
        };
        assert!(ok(with_origin("https://canary.example")));
        assert!(!ok(with_origin("https://evil.example")));
        assert!(!ok(with_origin("null")));
    }
}

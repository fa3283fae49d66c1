//! Middleware on every response: strict security headers, error pages with
//! the deployment's urgent-help numbers, and an access log that records
//! method, path, status and time — never the client address, user agent,
//! referrer or query string.

use std::future::{ready, Future, Ready};
use std::pin::Pin;
use std::time::Instant;

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Service, ServiceRequest, ServiceResponse, Transform};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::Error;

/// Paths under here carry a password-reset token.
const RESET_PREFIX: &str = "/staff/password/reset/";

const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const HEADERS: &[(&str, &str)] = &[
    ("content-security-policy", CSP),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "no-referrer"),
    (
        "strict-transport-security",
        "max-age=31536000; includeSubDomains",
    ),
    ("x-frame-options", "DENY"),
    // Responses differ by where a POST came from (CSRF checks).
    ("vary", "Sec-Fetch-Site, Origin"),
    ("cross-origin-opener-policy", "same-origin"),
    (
        "permissions-policy",
        "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    ),
];

type BoxFuture<T> = Pin<Box<dyn Future<Output = T>>>;

macro_rules! transform {
    ($name:ident, $service:ident) => {
        pub struct $name;
        pub struct $service<S> {
            inner: S,
        }
        impl<S, B> Transform<S, ServiceRequest> for $name
        where
            S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error> + 'static,
            B: MessageBody + 'static,
        {
            type Response = ServiceResponse<B>;
            type Error = Error;
            type Transform = $service<S>;
            type InitError = ();
            type Future = Ready<Result<Self::Transform, ()>>;
            fn new_transform(&self, inner: S) -> Self::Future {
                ready(Ok($service { inner }))
            }
        }
    };
}

transform!(SecurityHeaders, SecurityHeadersService);
transform!(AccessLog, AccessLogService);

impl<S, B> Service<ServiceRequest> for SecurityHeadersService<S>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error> + 'static,
    B: MessageBody + 'static,
{
    type Response = ServiceResponse<B>;
    type Error = Error;
    type Future = BoxFuture<Result<Self::Response, Error>>;

    actix_web::dev::forward_ready!(inner);

    fn call(&self, req: ServiceRequest) -> Self::Future {
        let is_static = req.path().starts_with("/static/");
        let fut = self.inner.call(req);
        Box::pin(async move {
            let mut res = fut.await?;
            let headers = res.headers_mut();
            for (name, value) in HEADERS {
                headers.insert(
                    HeaderName::from_static(name),
                    HeaderValue::from_static(value),
                );
            }
            // Pages hold health information: never cache them anywhere.
            let cache = if is_static {
                "public, max-age=3600"
            } else {
                "no-store"
            };
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
            headers.remove(header::SERVER);
            Ok(res)
        })
    }
}

impl<S, B> Service<ServiceRequest> for AccessLogService<S>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error> + 'static,
    B: MessageBody + 'static,
{
    type Response = ServiceResponse<B>;
    type Error = Error;
    type Future = BoxFuture<Result<Self::Response, Error>>;

    actix_web::dev::forward_ready!(inner);

    fn call(&self, req: ServiceRequest) -> Self::Future {
        let started = Instant::now();
        let method = req.method().clone();
        // The path only: query strings could carry data. A reset link's
        // token is a secret, so that path is logged without it.
        let path = match req.path().strip_prefix(RESET_PREFIX) {
            Some(_) => format!("{RESET_PREFIX}…"),
            None => req.path().to_owned(),
        };
        let fut = self.inner.call(req);
        Box::pin(async move {
            let res = fut.await?;
            tracing::info!(
                target: "access",
                %method,
                %path,
                status = res.status().as_u16(),
                // Three decimals: `ms=0.048` rather than the f64's full expansion.
                ms = %format_args!("{:.3}", started.elapsed().as_secs_f64() * 1000.0),
                "request"
            );
            Ok(res)
        })
    }
}

/// Errors are rendered where no configuration is at hand; render them again
/// with this deployment's urgent-help numbers.
pub struct ErrorPages;

pub struct ErrorPagesService<S> {
    inner: S,
}

impl<S, B> Transform<S, ServiceRequest> for ErrorPages
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error> + 'static,
    B: MessageBody + 'static,
{
    type Response = ServiceResponse<EitherBody<B>>;
    type Error = Error;
    type Transform = ErrorPagesService<S>;
    type InitError = ();
    type Future = Ready<Result<Self::Transform, ()>>;
    fn new_transform(&self, inner: S) -> Self::Future {
        ready(Ok(ErrorPagesService { inner }))
    }
}

impl<S, B> Service<ServiceRequest> for ErrorPagesService<S>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error> + 'static,
    B: MessageBody + 'static,
{
    type Response = ServiceResponse<EitherBody<B>>;
    type Error = Error;
    type Future = BoxFuture<Result<Self::Response, Error>>;

    actix_web::dev::forward_ready!(inner);

    fn call(&self, req: ServiceRequest) -> Self::Future {
        let fut = self.inner.call(req);
        Box::pin(async move {
            let res = fut.await?;
            let error = res
                .response()
                .error()
                .and_then(|e| e.as_error::<super::AppError>());
            // Only an error page needs the settings and the reader's language.
            let state = res.request().app_data::<super::State>();
            let page = match (state, error) {
                (Some(state), Some(error)) => {
                    let lang = super::error::page_language(res.request(), state);
                    let reference = res.headers().get(super::error::REFERENCE_HEADER);
                    let reference = reference.and_then(|v| v.to_str().ok()).map(str::to_owned);
                    Some(error.page_response(&state.config.urgent_help, reference, lang))
                }
                _ => None,
            };
            Ok(match page {
                Some(page) => res.into_response(page).map_into_right_body(),
                None => res.map_into_left_body(),
            })
        })
    }
}

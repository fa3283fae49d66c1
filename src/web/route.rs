//! One declaration per route: its method, path, who may use it, what other
//! methods on the path answer, and its handler. Each area of `web` lists
//! its routes with [`routes!`]; the app registers exactly those rows, and
//! the role-matrix tests walk the same rows, so no route exists without
//! saying who may use it. The handler's `Staff<R>` extractor enforces the
//! permission on the server; the role matrix checks that it is the one
//! declared here.

use actix_web::web;

use crate::auth::roles::Permission;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
        }
    }

    fn route(self) -> actix_web::Route {
        match self {
            Self::Get => web::get(),
            Self::Post => web::post(),
        }
    }
}

/// Who may use a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone: the public pages, staff sign-in and the password reset.
    Anyone,
    /// A signed-in staff member whose role holds the permission.
    Staff(Permission),
}

/// What a request for the path with another method gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Others {
    /// 405: the rows of this path form one resource.
    NotAllowed,
    /// The request goes on to the later rows, and to 404 when none matches.
    FallThrough,
}

/// One route.
pub struct Route {
    pub method: Method,
    pub path: &'static str,
    pub access: Access,
    pub others: Others,
    /// Attaches the handler to the method's route.
    pub handler: fn(actix_web::Route) -> actix_web::Route,
}

impl Route {
    /// The permission a staff route requires; `None` for an open one.
    pub fn requires(&self) -> Option<Permission> {
        match self.access {
            Access::Anyone => None,
            Access::Staff(p) => Some(p),
        }
    }
}

/// A table of routes: `Get "/staff" ReadReports FallThrough => home,` (the
/// access is `Anyone` or a `Permission`).
macro_rules! routes {
    (@access Anyone) => {
        $crate::web::route::Access::Anyone
    };
    (@access $permission:ident) => {
        $crate::web::route::Access::Staff($crate::auth::roles::Permission::$permission)
    };
    ($($method:ident $path:tt $access:ident $others:ident => $handler:path),* $(,)?) => {
        &[$($crate::web::route::Route {
            method: $crate::web::route::Method::$method,
            path: $path,
            access: routes!(@access $access),
            others: $crate::web::route::Others::$others,
            handler: |r| r.to($handler),
        }),*]
    };
}
pub(crate) use routes;

/// Register `rows` in order. The rows of a path with [`Others::NotAllowed`]
/// become one resource, at the place of the first of them.
pub fn register<'a>(cfg: &mut web::ServiceConfig, rows: impl Iterator<Item = &'a Route> + Clone) {
    let mut opened: Vec<&str> = Vec::new();
    for row in rows.clone() {
        match row.others {
            Others::FallThrough => {
                cfg.route(row.path, (row.handler)(row.method.route()));
            }
            Others::NotAllowed if opened.contains(&row.path) => {}
            Others::NotAllowed => {
                opened.push(row.path);
                let mut resource = web::resource(row.path);
                for same in rows
                    .clone()
                    .filter(|r| r.path == row.path && r.others == Others::NotAllowed)
                {
                    resource = resource.route((same.handler)(same.method.route()));
                }
                cfg.service(resource.default_service(web::to(super::error::method_not_allowed)));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_route_is_declared_once_and_staff_paths_say_who_may_use_them() {
        let rows: Vec<&Route> = crate::web::all_routes().collect();
        for (i, a) in rows.iter().enumerate() {
            let twice = rows[..i]
                .iter()
                .any(|b| b.method == a.method && b.path == a.path);
            assert!(!twice, "{} {} declared twice", a.method.as_str(), a.path);
            let mixed = rows
                .iter()
                .any(|b| b.path == a.path && b.others != a.others);
            assert!(!mixed, "{}: one answer to other methods", a.path);
        }
        // Only signing in and resetting a password are open among staff paths.
        let open = |p: &str| p.starts_with("/staff/login") || p.starts_with("/staff/password/");
        for r in &rows {
            let staff_area = ["/staff", "/review", "/analysis"]
                .iter()
                .any(|a| r.path == *a || r.path.starts_with(&format!("{a}/")));
            if staff_area && !open(r.path) {
                assert!(
                    r.requires().is_some(),
                    "{} {} is open to anyone",
                    r.method.as_str(),
                    r.path
                );
            }
        }
    }
}

//! Staff roles, what each may do, and the permission each staff route
//! requires as a type (`Requirement`), which the web's `Staff<R>` extractor
//! checks through `auth::access`.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Reviewer,
    Analyst,
    Admin,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Reviewer, Role::Analyst, Role::Admin];

    pub fn code(self) -> &'static str {
        match self {
            Self::Reviewer => "reviewer",
            Self::Analyst => "analyst",
            Self::Admin => "admin",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Reviewer => "Reviewer",
            Self::Analyst => "Analyst",
            Self::Admin => "Administrator",
        }
    }

    /// Least privilege: a reviewer triages, an analyst reads and exports,
    /// an admin manages accounts (and may do both of the others).
    pub fn can(self, p: Permission) -> bool {
        match p {
            Permission::ReadReports => true,
            Permission::Triage => matches!(self, Self::Reviewer | Self::Admin),
            Permission::Export => matches!(self, Self::Analyst | Self::Admin),
            Permission::ManageUsers => self == Self::Admin,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    ReadReports,
    Triage,
    Export,
    ManageUsers,
}

impl Permission {
    pub const ALL: [Permission; 4] = [
        Permission::ReadReports,
        Permission::Triage,
        Permission::Export,
        Permission::ManageUsers,
    ];

    pub fn describe(self) -> &'static str {
        match self {
            Self::ReadReports => "Read incoming reports and see counts by status",
            Self::Triage => {
                "Triage reports: assign, change status, code reactions, assess causality"
            }
            Self::Export => "Export reports for analysis",
            Self::ManageUsers => "Manage staff accounts",
        }
    }
}

/// A permission a route requires, as a type.
pub trait Requirement {
    const PERMISSION: Permission;
    /// Open to a session that must still set up its second factor. Only
    /// the own-account page and sign-out say so: every other route is
    /// closed to such a session without having to remember it.
    const BEFORE_ENROLMENT: bool = false;
}

macro_rules! requirement {
    ($name:ident, $perm:ident) => {
        pub struct $name;
        impl Requirement for $name {
            const PERMISSION: Permission = Permission::$perm;
        }
    };
}

/// Any signed-in staff member, even one who must still set up a second
/// factor: the own-account page and sign-out.
pub struct OwnAccount;
impl Requirement for OwnAccount {
    const PERMISSION: Permission = Permission::ReadReports;
    const BEFORE_ENROLMENT: bool = true;
}

requirement!(AnyStaff, ReadReports);
requirement!(RequireReviewer, Triage);
requirement!(RequireAnalyst, Export);
requirement!(RequireAdmin, ManageUsers);

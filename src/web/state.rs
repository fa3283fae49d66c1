//! What every request handler may reach: the configuration, the intake
//! (database, keys, outbox) and the rate limiter. `startup` builds it once.

use crate::abuse::Limiter;
use crate::config::Config;
use crate::intake::Intake;

/// Everything a request handler may need.
pub struct AppState {
    pub config: Config,
    pub intake: Intake,
    pub limiter: Limiter,
}

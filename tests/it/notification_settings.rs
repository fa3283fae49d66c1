//! The staff member's notification settings page: it round-trips, needs
//! the CSRF token, is audited and linked from the staff bar, and the choice
//! decides who gets mail.

use canary::auth::Role;

use crate::helpers::*;
use crate::mail::mail_env;
use crate::smtp_sink::SmtpSink;
use crate::staff_helpers::*;

/// Submit a serious report (hospitalisation).
fn serious(app: &TestApp) -> String {
    let (token, idem) = app.fresh_form();
    app.submit(&full_report(&token, &idem)).0
}

fn body_has_label(body: &str, id: &str) -> bool {
    body.contains(&format!("<label for=\"{id}\">"))
}

both_backends! {
    notification_settings_round_trip => |backend| {
        let sink = SmtpSink::start();
        let app = TestApp::spawn_with(backend, mail_env(&sink)).unwrap();
        add_user(&app.db, "rev@example.org", Role::Reviewer, PASSWORD);
        let cookie = sign_in(&app, "rev@example.org", PASSWORD);
        let home = app.get_with_cookie("/staff", &cookie);
        assert!(home.body.contains("href=\"/staff/settings/notifications\""), "linked from the staff bar");
        let page = app.get_with_cookie("/staff/settings/notifications", &cookie);
        assert_eq!(page.status, 200);
        let ticked = |body: &str, name: &str| body.contains(&format!("name=\"{name}\" value=\"on\" checked"));
        assert!(body_has_label(&page.body, "f-notify_serious"));
        assert!(!ticked(&page.body, "notify_serious") && !ticked(&page.body, "daily_digest"));
        let csrf = hidden(&page.body, "csrf").unwrap();
        let refused = app.post_form_with("/staff/settings/notifications", &[("Cookie", &cookie)],
            &[("csrf", "wrong"), ("notify_serious", "on")]);
        assert_eq!(refused.status, 403);
        let saved = app.post_form_with("/staff/settings/notifications", &[("Cookie", &cookie)],
            &[("csrf", &csrf), ("notify_serious", "on")]);
        assert_eq!(saved.status, 303);
        let back = saved.header("location").unwrap().to_owned();
        let page = app.get_with_cookie(&back, &cookie);
        assert!(page.body.contains("settings were saved"));
        assert!(ticked(&page.body, "notify_serious") && !ticked(&page.body, "daily_digest"));
        let events = canary::db::audit::after(&mut app.db.connect(), 0, 1000).unwrap();
        let changed: Vec<_> = events.iter().filter(|e| e.action == "notifications_changed").collect();
        assert_eq!(changed.len(), 1);
        assert_eq!(changed[0].field.as_deref(), Some("notify_serious"));
        assert_eq!((changed[0].old_value.as_deref(), changed[0].new_value.as_deref()), (Some("false"), Some("true")));
        // And the choice takes effect.
        let case = serious(&app);
        let received = sink.wait_for(1);
        assert_eq!(received[0].rcpt_to, vec!["rev@example.org".to_owned()]);
        assert!(received[0].body().contains(&case));
    };
}

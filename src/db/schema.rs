//! Diesel table definitions, written by hand to match both migration sets
//! (`migrations/sqlite`, `migrations/postgres`); the migration test checks
//! that the two backends end with the same tables and columns.

diesel::table! {
    server_secrets (name) {
        name -> Text,
        value -> Text,
    }
}

diesel::table! {
    server_key (id) {
        id -> Integer,
        fingerprint -> Text,
        audit_keyed_from -> BigInt,
        seal -> Text,
    }
}

diesel::table! {
    spent_form_tokens (token_hash) {
        token_hash -> Text,
        spent_at -> Timestamp,
    }
}

diesel::table! {
    case_counters (year) {
        year -> Integer,
        last_value -> Integer,
    }
}

diesel::table! {
    reports (id) {
        id -> Text,
        case_number -> Text,
        idempotency_hash -> Text,
        followup_code_hash -> Text,
        followup_failures -> Integer,
        followup_locked_until -> Nullable<Timestamp>,
        received_at -> Timestamp,
        updated_at -> Timestamp,
        status -> Text,
        seriousness_rank -> Integer,
        emergency -> Bool,
        synthetic -> Bool,
        report_kind -> Text,
        reporter_role -> Text,
        age_years -> Nullable<Integer>,
        age_group -> Nullable<Text>,
        sex -> Text,
        weight_value -> Nullable<Double>,
        weight_unit -> Nullable<Text>,
        pregnancy -> Text,
        country -> Text,
        region -> Nullable<Text>,
        zip3 -> Nullable<Text>,
        health_conditions -> Nullable<Text>,
        medicines -> Nullable<Text>,
        rx_stopped -> Text,
        rx_stopped_which -> Nullable<Text>,
        rx_stopped_month -> Nullable<Text>,
        co_used_other -> Nullable<Text>,
        symptoms_other -> Nullable<Text>,
        last_dose_value -> Nullable<Integer>,
        last_dose_unit -> Nullable<Text>,
        onset_month -> Nullable<Text>,
        onset_after_value -> Nullable<Integer>,
        onset_after_unit -> Nullable<Text>,
        lasted_value -> Nullable<Integer>,
        lasted_unit -> Nullable<Text>,
        dechallenge -> Text,
        rechallenge -> Text,
        out_death -> Bool,
        out_life_threatening -> Bool,
        out_hospitalised -> Bool,
        out_disability -> Bool,
        out_birth_defect -> Bool,
        out_intervention -> Bool,
        out_other_serious -> Bool,
        care -> Text,
        naloxone -> Text,
        naloxone_helped -> Text,
        other_treatment -> Nullable<Text>,
        current_state -> Text,
        narrative -> Text,
        scrubbed_kinds -> Text,
        queue_rank -> Integer,
        assigned_to -> Nullable<Text>,
        ich_seriousness -> Nullable<Text>,
        ich_confirmed_by -> Nullable<Text>,
        ich_confirmed_at -> Nullable<Timestamp>,
        info_request -> Nullable<Text>,
        info_requested_at -> Nullable<Timestamp>,
        duplicate_of -> Nullable<Text>,
        scrubber_version -> Integer,
        narrative_confirmed_by -> Nullable<Text>,
        narrative_confirmed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    report_products (id) {
        id -> Text,
        report_id -> Text,
        position -> Integer,
        role -> Text,
        substance -> Text,
        substance_other -> Nullable<Text>,
        brand -> Nullable<Text>,
        form -> Text,
        strength_mg -> Nullable<Double>,
        strength_of -> Nullable<Text>,
        amount -> Nullable<Double>,
        amount_unit -> Nullable<Text>,
        doses_per_day -> Nullable<Integer>,
        route -> Text,
        used_for_value -> Nullable<Integer>,
        used_for_unit -> Nullable<Text>,
        last_use_month -> Nullable<Text>,
        where_bought -> Text,
        lot -> Nullable<Text>,
        reasons -> Text,
        reason_other -> Nullable<Text>,
        seller -> Nullable<Text>,
    }
}

diesel::table! {
    report_co_used (id) {
        id -> Text,
        report_id -> Text,
        substance -> Text,
    }
}

diesel::table! {
    report_reactions (id) {
        id -> Text,
        report_id -> Text,
        code -> Text,
        withdrawal -> Bool,
        severity -> Nullable<Text>,
    }
}

diesel::table! {
    followups (id) {
        id -> Text,
        report_id -> Text,
        idempotency_hash -> Text,
        received_at -> Timestamp,
        current_state -> Nullable<Text>,
        narrative -> Text,
        scrubbed_kinds -> Text,
    }
}

diesel::table! {
    users (id) {
        id -> Text,
        email -> Text,
        password_hash -> Text,
        role -> Text,
        disabled -> Bool,
        created_at -> Timestamp,
        password_changed_at -> Timestamp,
        notify_serious -> Bool,
        daily_digest -> Bool,
    }
}

diesel::table! {
    sessions (id) {
        id -> Text,
        user_id -> Text,
        created_at -> Timestamp,
        last_seen_at -> Timestamp,
        csrf_token -> Text,
    }
}

diesel::table! {
    login_throttle (account_key) {
        account_key -> Text,
        window_start -> Timestamp,
        failures -> Integer,
        locked_until -> Nullable<Timestamp>,
    }
}

diesel::table! {
    audit_events (seq) {
        seq -> BigInt,
        at_utc -> Timestamp,
        actor_id -> Nullable<Text>,
        actor_role -> Text,
        action -> Text,
        entity -> Text,
        entity_id -> Nullable<Text>,
        field -> Nullable<Text>,
        old_value -> Nullable<Text>,
        new_value -> Nullable<Text>,
        reason -> Nullable<Text>,
        prev_hash -> Text,
        hash -> Text,
    }
}

diesel::table! {
    review_notes (id) {
        id -> Text,
        report_id -> Text,
        author_id -> Text,
        created_at -> Timestamp,
        body -> Text,
    }
}

diesel::table! {
    coded_reactions (id) {
        id -> Text,
        report_id -> Text,
        term -> Text,
        source -> Text,
        meddra_code -> Nullable<Text>,
        coded_by -> Text,
        coded_at -> Timestamp,
        meddra_version -> Nullable<Text>,
        seriousness -> Nullable<Text>,
        outcome -> Nullable<Text>,
        started -> Nullable<Text>,
        ended -> Nullable<Text>,
    }
}

diesel::table! {
    causality_assessments (id) {
        id -> Text,
        report_id -> Text,
        product_id -> Text,
        event_assessed -> Text,
        who_umc -> Text,
        naranjo_answers -> Text,
        naranjo_score -> Integer,
        naranjo_band -> Text,
        rationale -> Text,
        assessed_by -> Text,
        assessed_at -> Timestamp,
    }
}

diesel::table! {
    not_duplicates (first_id, second_id) {
        first_id -> Text,
        second_id -> Text,
        decided_by -> Text,
        decided_at -> Timestamp,
    }
}

diesel::table! {
    report_forwards (id) {
        id -> Text,
        report_id -> Text,
        recipient -> Text,
        sent_on -> Text,
        reference -> Nullable<Text>,
        forwarded_by -> Text,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    mail_outbox (id) {
        id -> Text,
        kind -> Text,
        recipient -> Text,
        subject -> Text,
        body -> Text,
        created_at -> Timestamp,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        sent_at -> Nullable<Timestamp>,
        failed_at -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
        lease_until -> Nullable<Timestamp>,
    }
}

diesel::table! {
    mail_digests (day) {
        day -> Text,
        queued_at -> Timestamp,
    }
}

diesel::table! {
    duplicate_candidates (report_id) {
        report_id -> Text,
        checked_at -> Timestamp,
    }
}

diesel::table! {
    new_information (report_id) {
        report_id -> Text,
        since -> Timestamp,
        from_case -> Nullable<Text>,
    }
}

diesel::table! {
    mail_digest_recipients (day, email) {
        day -> Text,
        email -> Text,
        queued_at -> Timestamp,
    }
}

diesel::table! {
    password_resets (token_hash) {
        token_hash -> Text,
        user_id -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    user_totp (user_id) {
        user_id -> Text,
        secret_sealed -> Text,
        enabled -> Bool,
        last_used_step -> Nullable<BigInt>,
        created_at -> Timestamp,
        enabled_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    role_policies (role) {
        role -> Text,
        totp_required -> Bool,
    }
}

diesel::table! {
    export_settings (name) {
        name -> Text,
        enabled -> Bool,
    }
}

diesel::table! {
    poison_center_settings (id) {
        id -> Integer,
        recipient -> Nullable<Text>,
        updated_by -> Nullable<Text>,
        updated_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    npds_codes (report_id) {
        report_id -> Text,
        reason -> Nullable<Text>,
        chronicity -> Nullable<Text>,
        outcome -> Nullable<Text>,
        set_by -> Text,
        set_at -> Timestamp,
    }
}

diesel::table! {
    expedited_decisions (report_id) {
        report_id -> Text,
        report_type -> Text,
        reason -> Nullable<Text>,
        decided_by -> Text,
        decided_at -> Timestamp,
    }
}

diesel::joinable!(report_products -> reports (report_id));
diesel::joinable!(password_resets -> users (user_id));
diesel::joinable!(review_notes -> reports (report_id));
diesel::joinable!(review_notes -> users (author_id));
diesel::joinable!(coded_reactions -> reports (report_id));
diesel::joinable!(causality_assessments -> reports (report_id));
diesel::joinable!(causality_assessments -> report_products (product_id));
diesel::joinable!(report_forwards -> reports (report_id));
diesel::joinable!(report_co_used -> reports (report_id));
diesel::joinable!(report_reactions -> reports (report_id));
diesel::joinable!(followups -> reports (report_id));
diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(user_totp -> users (user_id));

diesel::table! {
    meddra_releases (version) {
        version -> Text,
        active -> Bool,
        llt_count -> Integer,
        pt_count -> Integer,
        imported_at -> Timestamp,
    }
}

diesel::table! {
    meddra_llts (version, llt_code) {
        version -> Text,
        llt_code -> Text,
        llt_name -> Text,
        search_name -> Text,
        pt_code -> Text,
        pt_name -> Text,
        soc_code -> Text,
        soc_name -> Text,
        is_current -> Bool,
    }
}

diesel::joinable!(meddra_llts -> meddra_releases (version));

diesel::table! {
    batch_alerts (id) {
        id -> Text,
        kind -> Text,
        alert_key -> Text,
        label -> Text,
        status -> Text,
        raised_at -> Timestamp,
        updated_at -> Timestamp,
        dismissed_at -> Nullable<Timestamp>,
        dismissed_by -> Nullable<Text>,
        dismiss_reason -> Nullable<Text>,
    }
}

diesel::table! {
    batch_alert_cases (alert_id, report_id) {
        alert_id -> Text,
        report_id -> Text,
        added_at -> Timestamp,
    }
}

diesel::joinable!(batch_alert_cases -> batch_alerts (alert_id));
diesel::joinable!(batch_alert_cases -> reports (report_id));

diesel::allow_tables_to_appear_in_same_query!(
    server_secrets,
    case_counters,
    reports,
    report_products,
    report_co_used,
    report_reactions,
    followups,
    users,
    sessions,
    login_throttle,
    audit_events,
    review_notes,
    coded_reactions,
    causality_assessments,
    not_duplicates,
    report_forwards,
    mail_outbox,
    mail_digests,
    mail_digest_recipients,
    new_information,
    duplicate_candidates,
    password_resets,
    user_totp,
    role_policies,
    export_settings,
    poison_center_settings,
    npds_codes,
    expedited_decisions,
    meddra_releases,
    meddra_llts,
    batch_alerts,
    batch_alert_cases,
);

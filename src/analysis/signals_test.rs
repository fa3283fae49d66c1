//! Hand-computed checks of the disproportionality statistics.

use super::*;

/// a = 10, b = 90, c = 20, d = 880 (N = 1000).
const EXAMPLE: TwoByTwo = TwoByTwo {
    a: 10,
    b: 90,
    c: 20,
    d: 880,
};

fn close(x: Option<f64>, want: f64) {
    let x = x.unwrap_or(f64::NAN);
    assert!((x - want).abs() < 5e-5, "{x} is not {want} to 4 decimals");
}

/// PRR = (10/100) / (20/900) = 0.1 / 0.0222222 = 4.5
/// se(ln PRR) = sqrt(1/10 − 1/100 + 1/20 − 1/900)
///            = sqrt(0.1 − 0.01 + 0.05 − 0.0011111) = sqrt(0.1388889) = 0.3726780
/// ln 4.5 = 1.5040774; 1.96 × 0.3726780 = 0.7304489
/// lower = exp(0.7736285) = 2.1676; upper = exp(2.2345263) = 9.3421
#[test]
fn prr_and_its_interval_match_the_hand_computation() {
    let p = prr(EXAMPLE);
    close(p.value, 4.5);
    close(p.lower, 2.1676);
    close(p.upper, 9.3421);
}

/// ROR = (10 × 880) / (90 × 20) = 8800 / 1800 = 4.8889
/// se(ln ROR) = sqrt(1/10 + 1/90 + 1/20 + 1/880)
///            = sqrt(0.1 + 0.0111111 + 0.05 + 0.0011364) = sqrt(0.1622475) = 0.4027995
/// ln 4.8889 = 1.5869651; 1.96 × 0.4027995 = 0.7894871
/// lower = exp(0.7974780) = 2.2199; upper = exp(2.3764521) = 10.7666
#[test]
fn ror_and_its_interval_match_the_hand_computation() {
    let r = ror(EXAMPLE);
    close(r.value, 4.8889);
    close(r.lower, 2.2199);
    close(r.upper, 10.7666);
}

/// ad − bc = 8800 − 1800 = 7000; N/2 = 500; (7000 − 500)² = 42 250 000
/// Yates: 1000 × 42 250 000 / (100 × 900 × 30 × 970) = 4.225e10 / 2.619e9 = 16.1321
/// (without the correction it would be 1000 × 7000² / 2.619e9 = 18.7094 — so
/// this test tells the two apart.)
#[test]
fn chi_square_is_yates_corrected() {
    close(chi2_yates(EXAMPLE), 16.1321);
}

#[test]
fn the_example_meets_the_evans_criteria_and_a_below_three_does_not() {
    assert!(signal(EXAMPLE).flagged);
    // a = 2: PRR = (2/20)/(20/900) = 4.5 still, but too few reports.
    let few = TwoByTwo {
        a: 2,
        b: 18,
        c: 20,
        d: 880,
    };
    assert!(signal(few).prr.value.is_some_and(|p| p >= 2.0));
    assert!(!signal(few).flagged);
    // PRR < 2: (10/100)/(60/900) = 1.5.
    let weak = TwoByTwo {
        a: 10,
        b: 90,
        c: 60,
        d: 840,
    };
    assert!(!signal(weak).flagged);
}

#[test]
fn zero_cells_are_not_computable_and_never_infinite() {
    // No other report has the reaction: c = 0 divides by zero in PRR and ROR.
    let t = TwoByTwo {
        a: 5,
        b: 5,
        c: 0,
        d: 90,
    };
    let s = signal(t);
    assert_eq!(s.prr.value, None);
    assert_eq!(s.ror.value, None);
    assert_eq!(show(s.prr.value), "not computable");
    assert_eq!(show_interval(&s.ror), "not computable");
    assert!(!s.flagged);
    // a = 0: PRR is 0 and has no log interval; no report at all: nothing computable.
    let none = signal(TwoByTwo {
        a: 0,
        b: 10,
        c: 5,
        d: 85,
    });
    assert_eq!(none.prr.value, Some(0.0));
    assert_eq!(none.prr.lower, None);
    let empty = signal(TwoByTwo {
        a: 0,
        b: 0,
        c: 0,
        d: 0,
    });
    assert_eq!(empty.chi2_yates, None);
    assert_eq!(empty.prr.value, None);
    for x in [empty.ror.value, empty.ror.lower, none.ror.upper] {
        assert!(x.is_none_or(f64::is_finite));
    }
}

#[test]
fn margins_build_the_table_and_refuse_impossible_counts() {
    assert_eq!(TwoByTwo::from_margins(10, 100, 30, 1000), Some(EXAMPLE));
    assert_eq!(TwoByTwo::from_margins(10, 5, 30, 1000), None);
    assert_eq!(TwoByTwo::from_margins(10, 100, 30, 50), None);
}

/// E = (a+b)(a+c)/N = 100 × 30 / 1000 = 3
/// IC = log2((10 + 0.5) / (3 + 0.5)) = log2(3) = 1.5849625
/// o = a + 0.5 = 10.5; o^(−1/2) = 1 / 3.2403703 = 0.3086067; o^(−3/2) = 1 / 34.0238887 = 0.0293911
/// IC025 = 1.5849625 − 3.3 × 0.3086067 − 2 × 0.0293911
///       = 1.5849625 − 1.0184021 − 0.0587822 = 0.5077782
/// IC975 = 1.5849625 + 2.4 × 0.3086067 − 0.5 × 0.0293911
///       = 1.5849625 + 0.7406561 − 0.0146956 = 2.3109230
/// (The exact 2.5 % and 97.5 % quantiles of the Gamma(10.5, 3.5) posterior,
/// in log2, are 0.5548 and 2.3415: the approximation is within 0.05.)
#[test]
fn information_component_and_its_credibility_interval_match_the_hand_computation() {
    let ic = information_component(EXAMPLE);
    close(ic.value, 1.5850);
    close(ic.lower, 0.5078);
    close(ic.upper, 2.3109);
    let s = signal(EXAMPLE);
    assert!(s.ic_flagged, "IC025 = 0.51 > 0 with a = 10");
}

/// a = 3, b = 7, c = 5, d = 185 (N = 200): few reports, a strong ratio.
/// E = 10 × 8 / 200 = 0.4; IC = log2(3.5 / 0.9) = log2(3.8888889) = 1.9593580
/// o = 3.5; o^(−1/2) = 0.5345225; o^(−3/2) = 0.1527207
/// IC025 = 1.9593580 − 3.3 × 0.5345225 − 2 × 0.1527207
///       = 1.9593580 − 1.7639242 − 0.3054414 = −0.1100076
/// IC975 = 1.9593580 + 2.4 × 0.5345225 − 0.5 × 0.1527207
///       = 1.9593580 + 1.2828540 − 0.0763604 = 3.1658516
/// PRR = (3/10) / (5/190) = 11.4 and Yates chi² = 200 × (520 − 100)² /
/// (10 × 190 × 8 × 192) = 35 280 000 / 2 918 400 = 12.09: Evans flags it,
/// while the credibility interval still includes 0, so IC025 does not.
#[test]
fn few_reports_keep_the_ic_interval_wide() {
    let t = TwoByTwo {
        a: 3,
        b: 7,
        c: 5,
        d: 185,
    };
    let s = signal(t);
    close(s.ic.value, 1.9594);
    close(s.ic.lower, -0.1100);
    close(s.ic.upper, 3.1659);
    assert!(s.flagged);
    assert!(!s.ic_flagged);
}

/// A signal needs at least 3 reports, whatever IC025 says.
/// a = 2, b = 0, c = 0, d = 998: E = 2 × 2 / 1000 = 0.004;
/// IC = log2(2.5 / 0.504) = 2.3104325; o^(−1/2) = 1 / 1.5811388, o^(−3/2) = 1 / 3.9528471
/// IC025 = 2.3104325 − 2.0871033 − 0.5059644 = −0.2826352: not flagged.
/// (With a = 2 IC025 cannot pass 0: IC ≤ log2(2.5 / 0.5) = 2.32 < 2.59.)
/// a = 3, b = 0, c = 0, d = 997: E = 3 × 3 / 1000 = 0.009;
/// IC = log2(3.5 / 0.509) = 2.7816174
/// IC025 = 2.7816174 − 1.7639242 − 0.3054414 = 0.7122518 > 0: flagged.
#[test]
fn the_ic_flag_needs_three_reports() {
    let two = signal(TwoByTwo {
        a: 2,
        b: 0,
        c: 0,
        d: 998,
    });
    close(two.ic.lower, -0.28264);
    assert!(!two.ic_flagged);
    let three = signal(TwoByTwo {
        a: 3,
        b: 0,
        c: 0,
        d: 997,
    });
    close(three.ic.lower, 0.71225);
    assert!(three.ic_flagged);
    // An empty table has no IC at all.
    let empty = information_component(TwoByTwo {
        a: 0,
        b: 0,
        c: 0,
        d: 0,
    });
    assert_eq!(empty.value, None);
}

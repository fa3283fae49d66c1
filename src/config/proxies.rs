//! Trusted reverse proxies (`CANARY_TRUSTED_PROXIES`, a CIDR list) and the
//! client address they report: the forwarding header counts only when the
//! TCP peer is one of them, and then its rightmost address that is not a
//! trusted proxy is the client (everything left of that is client-chosen).

use std::net::IpAddr;

use super::ConfigError;

/// One `address/prefix` block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cidr {
    addr: IpAddr,
    prefix: u8,
}

impl Cidr {
    /// `10.0.0.0/8`, `2001:db8::/32`, or a bare address (a single host).
    pub fn parse(text: &str) -> Option<Self> {
        let (addr, prefix) = match text.trim().split_once('/') {
            Some((a, p)) => (a.parse::<IpAddr>().ok()?, Some(p.parse::<u8>().ok()?)),
            None => (text.trim().parse::<IpAddr>().ok()?, None),
        };
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = prefix.unwrap_or(max);
        (prefix <= max).then_some(Self { addr, prefix })
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        match (self.addr, ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                bits_match(&net.octets(), &ip.octets(), self.prefix)
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                bits_match(&net.octets(), &ip.octets(), self.prefix)
            }
            _ => false,
        }
    }
}

/// An IPv4-mapped IPv6 address is the IPv4 address it carries.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

fn bits_match(a: &[u8], b: &[u8], prefix: u8) -> bool {
    let (whole, rest) = (usize::from(prefix / 8), prefix % 8);
    if a[..whole] != b[..whole] {
        return false;
    }
    rest == 0 || {
        let mask = 0xffu8 << (8 - rest);
        a[whole] & mask == b[whole] & mask
    }
}

/// The proxies whose forwarding header is believed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<Cidr>);

impl TrustedProxies {
    /// A comma- or space-separated CIDR list.
    pub fn parse(list: &str) -> Result<Self, ConfigError> {
        list.split([',', ' '])
            .filter(|s| !s.trim().is_empty())
            .map(|s| {
                Cidr::parse(s).ok_or_else(|| ConfigError::Invalid {
                    name: "CANARY_TRUSTED_PROXIES",
                    reason: format!("{s:?} is not an address or address/prefix"),
                })
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Self)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn trusts(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|c| c.contains(ip))
    }

    /// The client address of a request from `peer` carrying `header` (the
    /// value of the configured forwarding header, all its lines joined).
    pub fn client(&self, peer: Option<IpAddr>, header: Option<&str>) -> Option<IpAddr> {
        let (Some(peer), Some(header)) = (peer, header) else {
            return peer;
        };
        if !self.trusts(peer) {
            return Some(peer);
        }
        let mut client = peer;
        for hop in header.rsplit(',') {
            let Ok(ip) = hop.trim().parse::<IpAddr>() else {
                break;
            };
            client = ip;
            if !self.trusts(ip) {
                break;
            }
        }
        Some(client)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> Option<IpAddr> {
        s.parse().ok()
    }

    #[test]
    fn cidr_blocks() {
        let net = Cidr::parse("10.1.0.0/16").unwrap();
        assert!(net.contains("10.1.200.3".parse().unwrap()));
        assert!(!net.contains("10.2.0.1".parse().unwrap()));
        assert!(net.contains("::ffff:10.1.0.9".parse().unwrap()));
        let v6 = Cidr::parse("2001:db8::/33").unwrap();
        assert!(v6.contains("2001:db8:7fff::1".parse().unwrap()));
        assert!(!v6.contains("2001:db8:8000::1".parse().unwrap()));
        assert!(Cidr::parse("10.0.0.0/33").is_none());
        assert!(Cidr::parse("proxy.local").is_none());
        assert!(TrustedProxies::parse("10.0.0.0/8, nonsense").is_err());
    }

    #[test]
    fn security_review_2_header_counts_only_from_trusted_proxies() {
        let proxies = TrustedProxies::parse("10.0.0.0/8 127.0.0.1").unwrap();
        let forged = Some("1.1.1.1, 203.0.113.7");
        // A stranger connecting directly cannot choose its address.
        assert_eq!(
            proxies.client(ip("198.51.100.9"), forged),
            ip("198.51.100.9")
        );
        // Through the proxy: the rightmost address that is not a proxy.
        assert_eq!(proxies.client(ip("127.0.0.1"), forged), ip("203.0.113.7"));
        assert_eq!(
            proxies.client(ip("127.0.0.1"), Some("1.1.1.1, 203.0.113.7, 10.0.0.5")),
            ip("203.0.113.7")
        );
        // Garbage stops the walk at the last address the proxies vouched for.
        assert_eq!(
            proxies.client(ip("127.0.0.1"), Some("203.0.113.7, junk")),
            ip("127.0.0.1")
        );
        assert_eq!(proxies.client(ip("127.0.0.1"), None), ip("127.0.0.1"));
        let none = TrustedProxies::default();
        assert_eq!(none.client(ip("127.0.0.1"), forged), ip("127.0.0.1"));
    }
}

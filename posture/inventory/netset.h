// posture/inventory/netset.h
// A set of IPv4/IPv6 prefixes ("local networks"). Lookups are a linear scan
// over a handful of prefixes, cheaper than a trie at the sizes configured in
// practice (a site lists tens of prefixes, not thousands).
#pragma once

#include <string>
#include <vector>

#include "dissectors/core/addr.h"

namespace posture {

struct Prefix {
    dissect::IpAddr addr;
    unsigned len = 0;
};

class NetSet {
public:
    // RFC 1918, RFC 6598 (CGNAT), RFC 4193 (ULA), IPv4/IPv6 link-local.
    [[nodiscard]] static NetSet private_defaults();
    // Parses "a.b.c.d/n" or "v6::/n"; returns an error message on bad text.
    [[nodiscard]] std::string add(const std::string& cidr);
    [[nodiscard]] bool contains(const dissect::IpAddr& a) const noexcept;
    [[nodiscard]] bool empty() const noexcept { return prefixes_.empty(); }
    [[nodiscard]] const std::vector<Prefix>& prefixes() const noexcept { return prefixes_; }

private:
    std::vector<Prefix> prefixes_;
};

// True for fe80::/10 and 169.254/16: such sources are never routed, so they
// always belong to the MAC that sent them.
[[nodiscard]] bool is_link_local(const dissect::IpAddr& a) noexcept;

}  // namespace posture

#include "posture/inventory/netset.h"

namespace posture {

NetSet NetSet::private_defaults() {
    NetSet s;
    for (const char* c : {"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "169.254.0.0/16",
                          "fc00::/7", "fe80::/10"}) {
        (void)s.add(c);
    }
    return s;
}

std::string NetSet::add(const std::string& cidr) {
    const auto slash = cidr.find('/');
    Prefix p;
    if (!dissect::parse_ip(cidr.substr(0, slash), p.addr)) return "not an IP address: '" + cidr + "'";
    const unsigned max = p.addr.version == 4 ? 32 : 128;
    p.len = max;
    if (slash != std::string::npos) {
        const std::string l = cidr.substr(slash + 1);
        if (l.empty() || l.size() > 3 || l.find_first_not_of("0123456789") != std::string::npos)
            return "bad prefix length in '" + cidr + "'";
        p.len = static_cast<unsigned>(std::stoul(l));
        if (p.len > max) return "prefix length out of range in '" + cidr + "'";
    }
    // Clear host bits so contains() can compare whole bytes.
    for (unsigned bit = p.len; bit < max; ++bit) p.addr.b[bit / 8] &= static_cast<std::uint8_t>(~(0x80u >> (bit % 8)));
    prefixes_.push_back(p);
    return {};
}

bool NetSet::contains(const dissect::IpAddr& a) const noexcept {
    for (const auto& p : prefixes_) {
        if (p.addr.version != a.version) continue;
        const unsigned full = p.len / 8, rest = p.len % 8;
        bool match = true;
        for (unsigned i = 0; i < full && match; ++i) match = a.b[i] == p.addr.b[i];
        if (match && rest) {
            const auto mask = static_cast<std::uint8_t>(0xffu << (8 - rest));
            match = (a.b[full] & mask) == p.addr.b[full];
        }
        if (match) return true;
    }
    return false;
}

bool is_link_local(const dissect::IpAddr& a) noexcept {
    if (a.version == 4) return a.b[0] == 169 && a.b[1] == 254;
    if (a.version == 6) return a.b[0] == 0xfe && (a.b[1] & 0xc0) == 0x80;
    return false;
}

}  // namespace posture

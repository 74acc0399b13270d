#include "bench/sitegen/addr.h"

#include <cstdio>

namespace sitegen {

std::string Mac::str() const {
    char s[18];
    std::snprintf(s, sizeof s, "%02x:%02x:%02x:%02x:%02x:%02x", b[0], b[1], b[2], b[3], b[4], b[5]);
    return s;
}

std::string Mac::hex(bool upper) const {
    char s[13];
    std::snprintf(s, sizeof s, upper ? "%02X%02X%02X%02X%02X%02X" : "%02x%02x%02x%02x%02x%02x", b[0],
                  b[1], b[2], b[3], b[4], b[5]);
    return s;
}

std::string Ip4::str() const {
    char s[16];
    std::snprintf(s, sizeof s, "%u.%u.%u.%u", v >> 24, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff);
    return s;
}

std::string Ip6::str() const {
    std::array<unsigned, 8> g{};
    for (int i = 0; i < 8; ++i) g[i] = (static_cast<unsigned>(b[2 * i]) << 8) | b[2 * i + 1];
    // RFC 5952 4.2: compress the longest run (>= 2) of zero groups, the first on a tie.
    int best_at = -1, best_len = 0;
    for (int i = 0; i < 8;) {
        if (g[i] != 0) {
            ++i;
            continue;
        }
        int j = i;
        while (j < 8 && g[j] == 0) ++j;
        if (j - i > best_len && j - i >= 2) {
            best_at = i;
            best_len = j - i;
        }
        i = j;
    }
    std::string s;
    char part[8];
    for (int i = 0; i < 8; ++i) {
        if (i == best_at) {
            s += "::";
            i += best_len - 1;
            continue;
        }
        if (!s.empty() && s.back() != ':') s += ':';
        std::snprintf(part, sizeof part, "%x", g[i]);
        s += part;
    }
    return s;
}

Ip6 ip6_join(const Ip6& prefix, const std::array<std::uint8_t, 8>& iid) noexcept {
    Ip6 a = prefix;
    for (int i = 0; i < 8; ++i) a.b[8 + i] = iid[i];
    return a;
}

std::array<std::uint8_t, 8> eui64_iid(const Mac& mac) noexcept {
    return {static_cast<std::uint8_t>(mac.b[0] ^ 0x02), mac.b[1], mac.b[2], 0xff, 0xfe, mac.b[3], mac.b[4], mac.b[5]};
}

Ip6 ip6_link_local(const std::array<std::uint8_t, 8>& iid) noexcept {
    Ip6 a;
    a.b[0] = 0xfe;
    a.b[1] = 0x80;
    return ip6_join(a, iid);
}

Ip6 ip6_multicast(std::uint16_t group_low, std::uint8_t scope) noexcept {
    Ip6 a;
    a.b[0] = 0xff;
    a.b[1] = scope;
    a.b[14] = static_cast<std::uint8_t>(group_low >> 8);
    a.b[15] = static_cast<std::uint8_t>(group_low);
    return a;
}

Ip6 solicited_node(const Ip6& addr) noexcept {
    Ip6 a;
    a.b[0] = 0xff;
    a.b[1] = 0x02;
    a.b[11] = 0x01;
    a.b[12] = 0xff;
    a.b[13] = addr.b[13];
    a.b[14] = addr.b[14];
    a.b[15] = addr.b[15];
    return a;
}

Mac multicast_mac(const Ip4& group) noexcept {
    const auto g = group.bytes();
    return Mac{{0x01, 0x00, 0x5e, static_cast<std::uint8_t>(g[1] & 0x7f), g[2], g[3]}};
}

Mac multicast_mac(const Ip6& group) noexcept {
    return Mac{{0x33, 0x33, group.b[12], group.b[13], group.b[14], group.b[15]}};
}

}  // namespace sitegen

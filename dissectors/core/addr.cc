#include "dissectors/core/addr.h"

#include <arpa/inet.h>

#include <cstdio>

namespace dissect {

std::string to_string(const MacAddr& m) {
    char buf[18];
    std::snprintf(buf, sizeof buf, "%02x:%02x:%02x:%02x:%02x:%02x", m.b[0], m.b[1], m.b[2], m.b[3], m.b[4],
                  m.b[5]);
    return buf;
}

std::string to_string(const IpAddr& a) {
    char buf[INET6_ADDRSTRLEN];
    if (a.version == 4) {
        std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", a.b[0], a.b[1], a.b[2], a.b[3]);
        return buf;
    }
    if (a.version == 6) {
        // glibc's inet_ntop follows RFC 5952 (lowercase, longest run, no single-group "::").
        if (inet_ntop(AF_INET6, a.b.data(), buf, sizeof buf)) return buf;
    }
    return {};
}

bool parse_mac(const std::string& s, MacAddr& out) noexcept {
    if (s.size() != 17) return false;
    for (std::size_t i = 0; i < 6; ++i) {
        unsigned v = 0;
        for (std::size_t j = 0; j < 2; ++j) {
            const char c = s[i * 3 + j];
            v <<= 4;
            if (c >= '0' && c <= '9') v |= static_cast<unsigned>(c - '0');
            else if (c >= 'a' && c <= 'f') v |= static_cast<unsigned>(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F') v |= static_cast<unsigned>(c - 'A' + 10);
            else return false;
        }
        if (i < 5 && s[i * 3 + 2] != ':' && s[i * 3 + 2] != '-') return false;
        out.b[i] = static_cast<std::uint8_t>(v);
    }
    return true;
}

bool parse_ip(const std::string& s, IpAddr& out) noexcept {
    IpAddr a;
    if (inet_pton(AF_INET, s.c_str(), a.b.data()) == 1) {
        a.version = 4;
        out = a;
        return true;
    }
    if (inet_pton(AF_INET6, s.c_str(), a.b.data()) == 1) {
        a.version = 6;
        out = a;
        return true;
    }
    return false;
}

}  // namespace dissect

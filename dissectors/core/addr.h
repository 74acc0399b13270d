// dissectors/core/addr.h
// Value types for link and network addresses, plus their canonical text forms
// (lowercase colon MAC; dotted IPv4; RFC 5952 IPv6), as the wire protocol wants.
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <cstring>
#include <string>

namespace dissect {

namespace detail {
template <std::size_t N>
constexpr std::strong_ordering compare_bytes(const std::array<std::uint8_t, N>& x,
                                             const std::array<std::uint8_t, N>& y) noexcept {
    for (std::size_t i = 0; i < N; ++i)
        if (x[i] != y[i]) return x[i] <=> y[i];
    return std::strong_ordering::equal;
}
}  // namespace detail

struct MacAddr {
    std::array<std::uint8_t, 6> b{};
    [[nodiscard]] constexpr bool is_multicast() const noexcept { return (b[0] & 0x01) != 0; }
    [[nodiscard]] constexpr bool is_local_admin() const noexcept { return (b[0] & 0x02) != 0; }
    [[nodiscard]] constexpr bool is_zero() const noexcept {
        return (b[0] | b[1] | b[2] | b[3] | b[4] | b[5]) == 0;
    }
    [[nodiscard]] constexpr bool is_broadcast() const noexcept {
        return (b[0] & b[1] & b[2] & b[3] & b[4] & b[5]) == 0xff;
    }
    [[nodiscard]] constexpr std::uint64_t as_u64() const noexcept {
        std::uint64_t v = 0;
        for (auto x : b) v = (v << 8) | x;
        return v;
    }
    friend constexpr bool operator==(const MacAddr&, const MacAddr&) = default;
    // Spelled out: libc++ 16 (the `make fuzz` toolchain) has no <=> for std::array.
    friend constexpr std::strong_ordering operator<=>(const MacAddr& x, const MacAddr& y) noexcept {
        return detail::compare_bytes(x.b, y.b);
    }
};

// An IPv4 or IPv6 address. IPv4 is stored in the first 4 bytes.
struct IpAddr {
    std::array<std::uint8_t, 16> b{};
    std::uint8_t version = 0;  // 0 = none, 4 or 6

    [[nodiscard]] static IpAddr v4(const std::uint8_t* p) noexcept {
        IpAddr a;
        std::memcpy(a.b.data(), p, 4);
        a.version = 4;
        return a;
    }
    [[nodiscard]] static IpAddr v4(std::uint32_t host_order) noexcept {
        IpAddr a;
        a.b[0] = static_cast<std::uint8_t>(host_order >> 24);
        a.b[1] = static_cast<std::uint8_t>(host_order >> 16);
        a.b[2] = static_cast<std::uint8_t>(host_order >> 8);
        a.b[3] = static_cast<std::uint8_t>(host_order);
        a.version = 4;
        return a;
    }
    [[nodiscard]] static IpAddr v6(const std::uint8_t* p) noexcept {
        IpAddr a;
        std::memcpy(a.b.data(), p, 16);
        a.version = 6;
        return a;
    }
    [[nodiscard]] constexpr bool valid() const noexcept { return version != 0; }
    [[nodiscard]] constexpr std::size_t size() const noexcept { return version == 4 ? 4 : version == 6 ? 16 : 0; }
    [[nodiscard]] bool is_unspecified() const noexcept {
        for (std::size_t i = 0; i < size(); ++i)
            if (b[i]) return false;
        return true;
    }
    [[nodiscard]] bool is_multicast() const noexcept {
        return version == 4 ? (b[0] & 0xf0) == 0xe0 : version == 6 && b[0] == 0xff;
    }
    [[nodiscard]] bool is_broadcast() const noexcept {
        return version == 4 && b[0] == 255 && b[1] == 255 && b[2] == 255 && b[3] == 255;
    }
    friend bool operator==(const IpAddr&, const IpAddr&) = default;
    // Bytes, then version: the order a defaulted <=> would give.
    friend constexpr std::strong_ordering operator<=>(const IpAddr& x, const IpAddr& y) noexcept {
        if (const auto c = detail::compare_bytes(x.b, y.b); c != 0) return c;
        return x.version <=> y.version;
    }
};

// "aa:bb:cc:dd:ee:ff"
[[nodiscard]] std::string to_string(const MacAddr& m);
// Dotted quad, or RFC 5952 canonical IPv6 (lowercase, longest zero run compressed,
// a single zero group not compressed, embedded IPv4 for ::ffff:0:0/96).
[[nodiscard]] std::string to_string(const IpAddr& a);
// Parses "aa:bb:cc:dd:ee:ff" / "aa-bb-..." ; false on any error.
[[nodiscard]] bool parse_mac(const std::string& s, MacAddr& out) noexcept;
// Parses dotted IPv4 or IPv6 text; false on any error.
[[nodiscard]] bool parse_ip(const std::string& s, IpAddr& out) noexcept;

}  // namespace dissect

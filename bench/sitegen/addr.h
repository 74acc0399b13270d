// Link and network addresses used by the generator, with their text forms
// (MAC lowercase colon form, IPv4 dotted quad, IPv6 per RFC 5952).
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <string>

namespace sitegen {

struct Mac {
    std::array<std::uint8_t, 6> b{};

    [[nodiscard]] std::string str() const;
    [[nodiscard]] std::string hex(bool upper = false) const;  // "aabbccddeeff"
    [[nodiscard]] bool locally_administered() const noexcept { return (b[0] & 0x02) != 0; }
    [[nodiscard]] bool multicast() const noexcept { return (b[0] & 0x01) != 0; }
    static Mac broadcast() noexcept { return Mac{{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}}; }
    auto operator<=>(const Mac&) const = default;
};

struct Ip4 {
    std::uint32_t v = 0;

    static constexpr Ip4 of(unsigned a, unsigned b, unsigned c, unsigned d) noexcept {
        return Ip4{(a << 24) | (b << 16) | (c << 8) | d};
    }
    [[nodiscard]] std::string str() const;
    [[nodiscard]] std::array<std::uint8_t, 4> bytes() const noexcept {
        return {static_cast<std::uint8_t>(v >> 24), static_cast<std::uint8_t>(v >> 16),
                static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v)};
    }
    [[nodiscard]] bool multicast() const noexcept { return (v >> 28) == 0xe; }
    auto operator<=>(const Ip4&) const = default;
};

struct Ip6 {
    std::array<std::uint8_t, 16> b{};

    [[nodiscard]] std::string str() const;  // RFC 5952
    [[nodiscard]] bool unspecified() const noexcept { return b == std::array<std::uint8_t, 16>{}; }
    [[nodiscard]] bool multicast() const noexcept { return b[0] == 0xff; }
    auto operator<=>(const Ip6&) const = default;
};

// A /64 prefix and an interface identifier joined.
Ip6 ip6_join(const Ip6& prefix, const std::array<std::uint8_t, 8>& iid) noexcept;
std::array<std::uint8_t, 8> eui64_iid(const Mac& mac) noexcept;
Ip6 ip6_link_local(const std::array<std::uint8_t, 8>& iid) noexcept;
Ip6 ip6_multicast(std::uint16_t group_low, std::uint8_t scope = 2) noexcept;  // ff0s::group_low
Ip6 solicited_node(const Ip6& addr) noexcept;                                 // ff02::1:ffXX:XXXX
Mac multicast_mac(const Ip4& group) noexcept;                                 // 01:00:5e + low 23 bits
Mac multicast_mac(const Ip6& group) noexcept;                                 // 33:33 + low 32 bits

}  // namespace sitegen

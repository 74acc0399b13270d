// dissectors/core/routes.h
// Routing is data (STYLE.md §2): which dissector sees which bytes. L2 routes
// are keyed by ethertype and SNAP/LLC; UDP routes by port; TCP routes by a
// cheap probe of the first payload bytes (SSH-, a TLS handshake record, an
// HTTP method or status line, SMB magic after the NetBIOS header) with the
// server port as a hint for line protocols that the server opens (Telnet,
// FTP, POP3, IMAP). Every route can be disabled (config).
#pragma once

#include <bitset>
#include <cstdint>
#include <string_view>

#include "dissectors/core/byte_view.h"

namespace dissect::packet {
struct Decoded;
}

namespace dissect::routes {

enum class Proto : std::uint8_t {
    None,
    // L2
    Lldp, Cdp, Stp, Eapol,
    // UDP
    Dhcp, Dhcpv6, Dns, Mdns, Llmnr, Nbns, Browser, Ssdp, Snmp, Ntp, Quic,
    // TCP
    Http, Tls, Ssh, Smb, Telnet, Ftp, Pop3, Imap,
    kCount
};
inline constexpr std::size_t kProtoCount = static_cast<std::size_t>(Proto::kCount);

// Stable lowercase name ("dhcp", "tls", ...), used in counter names.
[[nodiscard]] std::string_view name(Proto p) noexcept;
// Inverse of name(); Proto::None when unknown.
[[nodiscard]] Proto from_name(std::string_view n) noexcept;

inline constexpr std::size_t kQuicMinInitial = 1200;  // RFC 9000 §14.1: a client pads its Initial datagrams

struct Table {
    std::bitset<kProtoCount> enabled;  // all on by default
    Table() { enabled.set(); }
    void disable(Proto p) { enabled.reset(static_cast<std::size_t>(p)); }
    [[nodiscard]] bool on(Proto p) const noexcept { return enabled.test(static_cast<std::size_t>(p)); }

    // Frames without IP: LLDP (0x88cc), EAPOL (0x888e), CDP (SNAP 00-00-0c/0x2000), STP (LLC 0x42).
    [[nodiscard]] Proto l2(const packet::Decoded& d) const noexcept;
    // UDP datagram by its ports; on other ports, a QUIC client Initial by
    // its shape (RFC 9000 §14.1, §17.2.2): a long header Initial of a known
    // version in a datagram of at least kQuicMinInitial bytes. (Interop and
    // test servers listen on 4433, 4434, 8443...)
    [[nodiscard]] Proto udp(std::uint16_t client_port, std::uint16_t server_port,
                            ByteView payload = {}) const noexcept;
    // TCP flow: by the first payload bytes seen in either direction, then the server port.
    [[nodiscard]] Proto tcp(std::uint16_t server_port, ByteView first_payload) const noexcept;
};

}  // namespace dissect::routes

#include "dissectors/core/routes.h"

#include <algorithm>
#include <array>

#include "dissectors/packet/packet.h"
#include "dissectors/quic/quic.h"

namespace dissect::routes {
namespace {

constexpr std::array<std::string_view, kProtoCount> kNames = {
    "none", "lldp", "cdp", "stp", "eapol", "dhcp", "dhcpv6", "dns", "mdns", "llmnr", "nbns", "browser",
    "ssdp", "snmp", "ntp", "quic", "http", "tls", "ssh", "smb", "telnet", "ftp", "pop3", "imap"};

struct PortRoute {
    std::uint16_t port;
    Proto proto;
};

// UDP: either port may match (clients of DHCP and NetBIOS use fixed ports too).
constexpr PortRoute kUdp[] = {
    {67, Proto::Dhcp}, {68, Proto::Dhcp}, {546, Proto::Dhcpv6}, {547, Proto::Dhcpv6}, {5353, Proto::Mdns},
    {5355, Proto::Llmnr}, {137, Proto::Nbns}, {138, Proto::Browser}, {1900, Proto::Ssdp}, {161, Proto::Snmp},
    {162, Proto::Snmp}, {123, Proto::Ntp}, {53, Proto::Dns}, {443, Proto::Quic},
};

// When no probe matches the first payload: protocols whose server speaks
// first (a greeting, so the first payload may come from either side), and
// SMB, which on port 139 opens with a NetBIOS session request.
constexpr PortRoute kTcpPorts[] = {
    {23, Proto::Telnet}, {21, Proto::Ftp}, {110, Proto::Pop3}, {143, Proto::Imap},
    {139, Proto::Smb},   {445, Proto::Smb},
};

constexpr std::string_view kHttpTokens[] = {"GET ", "POST ", "HEAD ", "PUT ", "DELETE ", "OPTIONS ",
                                            "PATCH ", "CONNECT ", "TRACE ", "HTTP/1."};

// A long header (form bit) Initial of a known version: type 0 in v1 and the
// drafts, 1 in v2 (RFC 9369 §3.2).
bool quic_client_initial(ByteView p) noexcept {
    if (p.size() < 5 || (p[0] & 0x80) == 0) return false;
    const std::uint32_t version = (std::uint32_t{p[1]} << 24) | (std::uint32_t{p[2]} << 16) |
                                  (std::uint32_t{p[3]} << 8) | p[4];
    if (!quic::known_version(version) || (version & 0x0f0f0f0f) == 0x0a0a0a0a) return false;
    const unsigned type = (p[0] >> 4) & 0x03;
    return type == (version == quic::kVersion2 ? 1u : 0u);
}

bool smb_after_netbios(ByteView p) noexcept {
    // NetBIOS session message (type 0x00, 3-byte length), then \xffSMB or \xfeSMB.
    if (p.size() >= 8 && p[0] == 0x00)
        return (p[4] == 0xff || p[4] == 0xfe) && p[5] == 'S' && p[6] == 'M' && p[7] == 'B';
    // A NetBIOS session request (RFC 1002 §4.3.2: type 0x81, flags 0, two
    // 34-byte encoded names = length 68) opens SMB over port 139.
    return p.size() >= 4 && p[0] == 0x81 && p[1] == 0x00 && p[2] == 0x00 && p[3] == 68;
}

// An HTTP/1.x request or response line: a known method or "HTTP/1.", or any
// other method token (WebDAV's PROPFIND, MKCOL, ...) whose request line, within
// the first kMaxRequestLine bytes, ends in " HTTP/1.0" or " HTTP/1.1".
bool http_start(ByteView p) noexcept {
    for (auto t : kHttpTokens)
        if (p.starts_with(t)) return true;
    constexpr std::size_t kMaxRequestLine = 512, kMaxMethod = 16;
    std::size_t i = 0;
    while (i < p.size() && i < kMaxMethod && ((p[i] >= 'A' && p[i] <= 'Z') || p[i] == '-' || p[i] == '_')) ++i;
    if (i < 3 || i >= p.size() || p[i] != ' ') return false;
    const std::size_t end = std::min(p.size(), kMaxRequestLine);
    for (std::size_t j = i + 1; j + 1 < end; ++j) {
        if (p[j] != '\r' || p[j + 1] != '\n') continue;
        constexpr std::string_view kV10 = " HTTP/1.0", kV11 = " HTTP/1.1";
        if (j < kV10.size()) return false;
        const ByteView version = p.tail(j - kV10.size()).prefix(kV10.size());
        return version.starts_with(kV10) || version.starts_with(kV11);
    }
    return false;
}

}  // namespace

std::string_view name(Proto p) noexcept {
    const auto i = static_cast<std::size_t>(p);
    return i < kNames.size() ? kNames[i] : "none";
}

Proto from_name(std::string_view n) noexcept {
    for (std::size_t i = 1; i < kNames.size(); ++i)
        if (kNames[i] == n) return static_cast<Proto>(i);
    return Proto::None;
}

Proto Table::l2(const packet::Decoded& d) const noexcept {
    Proto p = Proto::None;
    if (d.ethertype == 0x88cc) p = Proto::Lldp;
    else if (d.ethertype == 0x888e) p = Proto::Eapol;
    else if (d.snap && d.snap_oui == 0x00000c && d.snap_pid == 0x2000) p = Proto::Cdp;
    else if (d.llc && d.llc_dsap == 0x42) p = Proto::Stp;
    return on(p) ? p : Proto::None;
}

Proto Table::udp(std::uint16_t client_port, std::uint16_t server_port, ByteView payload) const noexcept {
    for (const auto& r : kUdp)
        if (r.port == server_port && on(r.proto)) return r.proto;
    for (const auto& r : kUdp)
        if (r.port == client_port && on(r.proto)) return r.proto;
    if (payload.size() >= kQuicMinInitial && on(Proto::Quic) && quic_client_initial(payload)) return Proto::Quic;
    return Proto::None;
}

Proto Table::tcp(std::uint16_t server_port, ByteView p) const noexcept {
    Proto r = Proto::None;
    if (p.starts_with("SSH-")) r = Proto::Ssh;
    else if (p.size() >= 3 && p[0] == 0x16 && p[1] == 0x03 && p[2] <= 0x04) r = Proto::Tls;
    else if (smb_after_netbios(p)) r = Proto::Smb;
    else if (http_start(p)) r = Proto::Http;
    if (r == Proto::None)
        for (const auto& pr : kTcpPorts)
            if (pr.port == server_port) r = pr.proto;
    return on(r) ? r : Proto::None;
}

}  // namespace dissect::routes

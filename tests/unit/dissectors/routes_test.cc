// Routing of payloads to the fingerprint dissectors: probes on the first TCP
// payload, port tables, the per-protocol switch, L2 ethertypes.
#include "dissectors/core/routes.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "dissectors/packet/packet.h"

namespace dissect::routes {
namespace {

using Bytes = std::vector<std::uint8_t>;

Bytes bytes(std::string_view s) { return Bytes(s.begin(), s.end()); }
ByteView view(const Bytes& b) { return ByteView{b.data(), b.size()}; }

TEST(Routes, TcpProbesRecogniseTheFirstPayloadOnAnyPort) {
    const Table t;
    const Bytes ssh = bytes("SSH-2.0-OpenSSH_9.2\r\n");
    EXPECT_EQ(t.tcp(2222, view(ssh)), Proto::Ssh);
    const Bytes tls = {0x16, 0x03, 0x01, 0x00, 0x10};
    EXPECT_EQ(t.tcp(8443, view(tls)), Proto::Tls);
    const Bytes get = bytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_EQ(t.tcp(8080, view(get)), Proto::Http);
    const Bytes resp = bytes("HTTP/1.1 200 OK\r\n");
    EXPECT_EQ(t.tcp(8080, view(resp)), Proto::Http);
    const Bytes smb2 = {0x00, 0x00, 0x00, 0x40, 0xfe, 'S', 'M', 'B'};
    EXPECT_EQ(t.tcp(9999, view(smb2)), Proto::Smb);
}

TEST(Routes, WebDavAndOtherMethodsNeedAnHttpRequestLine) {
    const Table t;
    const Bytes propfind = bytes("PROPFIND /dav/ HTTP/1.1\r\nDepth: 1\r\n\r\n");
    EXPECT_EQ(t.tcp(8080, view(propfind)), Proto::Http);
    const Bytes mkcol = bytes("MKCOL /new HTTP/1.0\r\n\r\n");
    EXPECT_EQ(t.tcp(80, view(mkcol)), Proto::Http);
    // An upper-case word that is not an HTTP request line stays unrouted.
    const Bytes smtp = bytes("EHLO mail.example.org\r\n");
    EXPECT_EQ(t.tcp(2525, view(smtp)), Proto::None);
    const Bytes no_eol = bytes("PROPFIND /dav/ HTTP/1.1");
    EXPECT_EQ(t.tcp(8080, view(no_eol)), Proto::None);
    const Bytes lower = bytes("propfind / HTTP/1.1\r\n");
    EXPECT_EQ(t.tcp(8080, view(lower)), Proto::None);
}

TEST(Routes, NetbiosSessionRequestOpensSmb) {
    const Table t;
    Bytes req = {0x81, 0x00, 0x00, 68};
    req.resize(4 + 68, 0x20);
    EXPECT_EQ(t.tcp(139, view(req)), Proto::Smb);
    EXPECT_EQ(t.tcp(7139, view(req)), Proto::Smb);  // the probe, not the port
    const Bytes other = {0x81, 0x00, 0x00, 0x10};
    EXPECT_EQ(t.tcp(7139, view(other)), Proto::None);
    EXPECT_EQ(t.tcp(445, view(other)), Proto::Smb);  // port fallback
}

TEST(Routes, ServerFirstProtocolsGoByPort) {
    const Table t;
    const Bytes banner = bytes("220 ftp.example.org FTP ready\r\n");
    EXPECT_EQ(t.tcp(21, view(banner)), Proto::Ftp);
    const Bytes login = bytes("\xff\xfd\x18");
    EXPECT_EQ(t.tcp(23, view(login)), Proto::Telnet);
    EXPECT_EQ(t.tcp(110, view(banner)), Proto::Pop3);
    EXPECT_EQ(t.tcp(143, view(banner)), Proto::Imap);
    EXPECT_EQ(t.tcp(25, view(banner)), Proto::None);
}

TEST(Routes, UdpPortsOnEitherSide) {
    const Table t;
    EXPECT_EQ(t.udp(50000, 53), Proto::Dns);
    EXPECT_EQ(t.udp(5353, 5353), Proto::Mdns);
    EXPECT_EQ(t.udp(68, 67), Proto::Dhcp);
    EXPECT_EQ(t.udp(546, 547), Proto::Dhcpv6);
    EXPECT_EQ(t.udp(161, 40000), Proto::Snmp);  // the agent's port on the client side
    EXPECT_EQ(t.udp(50000, 443), Proto::Quic);
    EXPECT_EQ(t.udp(50000, 50001), Proto::None);
    // A QUIC client Initial on another port, by its shape.
    std::vector<std::uint8_t> initial(kQuicMinInitial, 0);
    initial[0] = 0xc3;  // long header, fixed bit, Initial, PN length 4
    initial[4] = 0x01;  // version 1
    const ByteView iv{initial.data(), initial.size()};
    EXPECT_EQ(t.udp(50000, 4433, iv), Proto::Quic);
    EXPECT_EQ(t.udp(50000, 4433, iv.prefix(kQuicMinInitial - 1)), Proto::None);  // not padded: not a client Initial
    initial[0] = 0xe3;  // 0-RTT in v1
    EXPECT_EQ(t.udp(50000, 4433, iv), Proto::None);
    initial[0] = 0xd3;  // type 1: Initial in v2, 0-RTT in v1
    EXPECT_EQ(t.udp(50000, 4433, iv), Proto::None);
    initial[1] = 0x6b, initial[2] = 0x33, initial[3] = 0x43, initial[4] = 0xcf;  // version 2
    EXPECT_EQ(t.udp(50000, 4433, iv), Proto::Quic);
    initial[0] = 0x43;  // short header
    EXPECT_EQ(t.udp(50000, 4433, iv), Proto::None);
    initial[0] = 0xc3, initial[1] = 0x00, initial[2] = 0x00, initial[3] = 0x00, initial[4] = 0x00;  // version negotiation
    EXPECT_EQ(t.udp(50000, 4433, iv), Proto::None);
}

TEST(Routes, DisabledDissectorsAreNotRouted) {
    Table t;
    t.disable(Proto::Tls);
    t.disable(Proto::Dns);
    const Bytes tls = {0x16, 0x03, 0x03, 0x00, 0x10};
    EXPECT_EQ(t.tcp(443, view(tls)), Proto::None);
    EXPECT_EQ(t.udp(50000, 53), Proto::None);
    EXPECT_EQ(t.udp(50000, 5353), Proto::Mdns);
}

TEST(Routes, NamesRoundTrip) {
    for (std::size_t i = 1; i < kProtoCount; ++i) {
        const auto p = static_cast<Proto>(i);
        EXPECT_EQ(from_name(name(p)), p) << name(p);
    }
    EXPECT_EQ(from_name("nonsense"), Proto::None);
    EXPECT_EQ(from_name(""), Proto::None);
}

TEST(Routes, L2EthertypesAndLlc) {
    const Table t;
    packet::Decoded d;
    d.has_eth = true;
    d.ethertype = 0x88cc;
    EXPECT_EQ(t.l2(d), Proto::Lldp);
    d.ethertype = 0x888e;
    EXPECT_EQ(t.l2(d), Proto::Eapol);
    d.ethertype = 0x0800;
    EXPECT_EQ(t.l2(d), Proto::None);
}

}  // namespace
}  // namespace dissect::routes

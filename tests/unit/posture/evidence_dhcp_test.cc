// DHCPv4 evidence mapper (posture/evidence/dhcp).
#include "posture/evidence/dhcp.h"

#include <gtest/gtest.h>

#include <string>

#include "dissectors/packet/packet.h"
#include "posture/record/value.h"
#include "tests/unit/dissectors/dhcp_messages.h"

namespace posture::evidence {
namespace {

using dissect::test::Bytes;
using dissect::test::view;
namespace msgs = dissect::test::dhcp_messages;

// The packet around a payload: who sent it.
struct Sent {
    dissect::packet::Decoded dec;
    Databases db;
    PacketContext ctx;
    Sent(const char* mac, const char* ip) : ctx{&dec, true, 0, &db} {
        EXPECT_TRUE(dissect::parse_mac(mac, dec.src_mac));
        EXPECT_TRUE(dissect::parse_ip(ip, dec.src_ip));
    }
};

Sink map(const Bytes& payload, const Sent& s) {
    Sink out;
    const auto r = dhcp_datagram(view(payload), s.ctx, out);
    EXPECT_TRUE(r) << r.error().what;
    return out;
}

// A client message from 00:00:5e:00:53:02 with `options` after the cookie.
Bytes client_with(std::initializer_list<std::uint8_t> options) {
    return dissect::test::cat(msgs::kAndroidDiscoverHeader, msgs::kNoServerOrFile,
                              Bytes{0x63, 0x82, 0x53, 0x63, 53, 1, 1}, Bytes(options));
}
const char* const kAndroidMac = "00:00:5e:00:53:02";
constexpr std::size_t kMudAckMsgTypeAt = 242;  // BOOTP header (236), cookie, option 53 code and length

std::string hints_of(const Fingerprint& f) {
    std::string s;
    for (const auto& h : f.hints) s += h.attribute + "=" + h.value + "/" + std::to_string(h.weight) + "/" + h.src + ";";
    return s;
}

TEST(EvidenceDhcp, WindowsRequestGivesFingerprintNamesAndOs) {
    const Sent s("00:00:5e:00:53:01", "0.0.0.0");
    const auto out = map(msgs::kWindowsRequest, s);
    ASSERT_EQ(out.size(), 1u);
    const Fingerprint& f = out[0];
    EXPECT_EQ(f.key, "dhcp");
    EXPECT_FALSE(f.singleton);
    EXPECT_EQ(to_json(f.entry),
              R"({"client_id":"0100005e005301","fqdn":"DESKTOP-7F3K2Q.corp.example.com",)"
              R"("hostname":"DESKTOP-7F3K2Q","prl":"1,3,6,15,31,33,43,44,46,47,119,121,249,252","vendor":"MSFT 5.0"})");
    ASSERT_EQ(f.names.size(), 2u);
    EXPECT_EQ(f.names[0].name, "DESKTOP-7F3K2Q");
    EXPECT_EQ(f.names[0].src, NameSource::Dhcp);
    EXPECT_EQ(f.names[1].name, "DESKTOP-7F3K2Q.corp.example.com");
    EXPECT_EQ(hints_of(f), "os.name=Windows/80/dhcp.vendor;");
    EXPECT_TRUE(f.observations.empty());
}

TEST(EvidenceDhcp, AndroidVendorClassGivesOsAndVersion) {
    const auto out = map(msgs::kAndroidDiscover, Sent(kAndroidMac, "0.0.0.0"));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(to_json(out[0].entry),
              R"({"client_id":"0100005e005302","hostname":"Pixel-7","prl":"1,3,6,15,26,28,51,58,59,43,114,108",)"
              R"("vendor":"android-dhcp-13"})");
    EXPECT_EQ(hints_of(out[0]), "os.name=Android/80/dhcp.vendor;os.version=13/70/dhcp.vendor;");
}

TEST(EvidenceDhcp, BusyBoxUdhcpIsLinux) {
    const auto out = map(msgs::kUdhcpDiscover, Sent("b0:c5:54:25:5b:0e", "0.0.0.0"));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(to_json(out[0].entry),
              R"({"client_id":"01b0c554255b0e","hostname":"DCS-935L","prl":"1,3,6,12,15,28,42","vendor":"udhcp 1.22.1"})");
    EXPECT_EQ(hints_of(out[0]), "os.name=Linux/40/dhcp.vendor;");
    ASSERT_EQ(out[0].names.size(), 1u);
    EXPECT_EQ(out[0].names[0].name, "DCS-935L");
}

TEST(EvidenceDhcp, DhcpcdNamesItsSystem) {
    // The dhcp-mud REQUEST as its client sent it (before the relay).
    const auto out = map(msgs::kMudRequest, Sent("b8:27:eb:b8:53:c8", "62.12.173.123"));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(to_json(out[0].entry),
              R"({"client_id":"01b827ebb853c8","hostname":"raspberrypi",)"
              R"("prl":"1,121,33,3,6,12,15,28,42,51,54,58,59,100,101,119",)"
              R"("vendor":"dhcpcd-6.11.5:Linux-4.1.18-v7+:armv7l:BCM2709"})");
    EXPECT_EQ(hints_of(out[0]), "os.name=Linux/60/dhcp.vendor;");
}

TEST(EvidenceDhcp, OldDhcpcdWithoutSystemIsProbablyLinux) {
    const auto v = client_with({60, 12, 'd', 'h', 'c', 'p', 'c', 'd', '-', '5', '.', '5', '.', '6', 0xff});
    const auto out = map(v, Sent(kAndroidMac, "0.0.0.0"));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(hints_of(out[0]), "os.name=Linux/40/dhcp.vendor;");
}

TEST(EvidenceDhcp, RelayedRequestSaysNothingAboutTheRelay) {
    const auto out = map(msgs::kMudRequest, Sent("00:23:eb:10:2c:29", "62.12.173.121"));
    EXPECT_TRUE(out.empty());
}

TEST(EvidenceDhcp, InformGivesOnlyWhatItHas) {
    const auto out = map(msgs::kInform, Sent("90:b1:1c:99:49:29", "128.2.6.122"));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(to_json(out[0].entry), R"({"prl":"1"})");
    EXPECT_TRUE(out[0].names.empty());
    EXPECT_TRUE(out[0].hints.empty());
}

TEST(EvidenceDhcp, ClientMessageWithNothingToSayAppendsNothing) {
    auto v = client_with({0xff});  // option 53 only
    v[v.size() - 2] = 7;           // RELEASE
    EXPECT_TRUE(map(v, Sent(kAndroidMac, "192.0.2.7")).empty());
}

// A bare DISCOVER says only that it was one: starvation detection counts them.
TEST(EvidenceDhcp, DiscoverIsObserved) {
    const auto out = map(client_with({0xff}), Sent(kAndroidMac, "0.0.0.0"));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_TRUE(out[0].key.empty());
    ASSERT_EQ(out[0].observations.size(), 1u);
    EXPECT_EQ(out[0].observations[0].what, "dhcp.discover");
}

TEST(EvidenceDhcp, TextStopsAtNul) {
    const auto v = client_with({12, 5, 'h', 'o', 's', 't', 0, 60, 3, 'a', 0, 'b', 0xff});
    const auto out = map(v, Sent(kAndroidMac, "0.0.0.0"));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(to_json(out[0].entry), R"({"hostname":"host","vendor":"a"})");
}

TEST(EvidenceDhcp, FqdnInWireFormatIsDotted) {
    const auto v = client_with({81, 14, 0x05, 0, 0, 2, 'p', 'c', 3, 'l', 'a', 'n', 0, 0xff, 0xff, 0xff, 0xff});
    const auto out = map(v, Sent(kAndroidMac, "0.0.0.0"));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(to_json(out[0].entry), R"({"fqdn":"pc.lan"})");
    ASSERT_EQ(out[0].names.size(), 1u);
    EXPECT_EQ(out[0].names[0].name, "pc.lan");
}

TEST(EvidenceDhcp, AsciiFqdnLosesItsFinalDot) {
    const auto v = client_with({81, 10, 0x00, 0, 0, 'p', 'c', '.', 'l', 'a', 'n', '.', 0xff});
    const auto out = map(v, Sent(kAndroidMac, "0.0.0.0"));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(to_json(out[0].entry), R"({"fqdn":"pc.lan"})");
}

TEST(EvidenceDhcp, ServerAckDescribesTheServer) {
    const auto out = map(msgs::kMudAck, Sent("00:23:54:c2:57:02", "62.12.173.114"));
    ASSERT_EQ(out.size(), 1u);
    const Fingerprint& f = out[0];
    EXPECT_EQ(f.key, "dhcp_server");
    EXPECT_EQ(to_json(f.entry),
              R"({"dns":"62.12.173.114","domain":"ofcourseimright.com","lease_s":600,"msg":5,)"
              R"("offered":"62.12.173.123","router":"62.12.173.121","server_id":"62.12.173.114"})");
    ASSERT_EQ(f.observations.size(), 1u);
    EXPECT_EQ(f.observations[0].what, "dhcp.server");
    EXPECT_EQ(f.observations[0].detail, "62.12.173.114");
    EXPECT_TRUE(f.names.empty());
    EXPECT_TRUE(f.hints.empty());
}

TEST(EvidenceDhcp, AckToInformOffersNoAddress) {
    const auto out = map(msgs::kInformAck, Sent("00:0c:29:40:0e:ef", "128.2.6.152"));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(to_json(out[0].entry), R"({"msg":5,"server_id":"128.2.6.152"})");
}

TEST(EvidenceDhcp, ServerWithoutIdentifierIsKnownByItsAddress) {
    auto v = dissect::test::cat(msgs::kMudAckHeader, msgs::kNoServerOrFile,
                                Bytes{0x63, 0x82, 0x53, 0x63, 53, 1, 2, 3, 8, 10, 0, 0, 1, 10, 0, 0, 2, 0xff});
    const auto out = map(v, Sent("00:00:5e:00:53:fe", "10.0.0.1"));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(to_json(out[0].entry), R"({"msg":2,"offered":"62.12.173.123","router":"10.0.0.1,10.0.0.2"})");
    ASSERT_EQ(out[0].observations.size(), 1u);
    EXPECT_EQ(out[0].observations[0].detail, "10.0.0.1");
}

TEST(EvidenceDhcp, RepliesOtherThanOfferAckNakAreIgnored) {
    auto v = msgs::kMudAck;
    v[kMudAckMsgTypeAt] = 4;  // DECLINE in a BOOTREPLY makes no sense
    EXPECT_TRUE(map(v, Sent("00:23:54:c2:57:02", "62.12.173.114")).empty());
}

TEST(EvidenceDhcp, ParseErrorIsReturnedAndNothingAppended) {
    const Sent s(kAndroidMac, "0.0.0.0");
    Sink out;
    const auto r = dhcp_datagram(view(msgs::kInform).prefix(100), s.ctx, out);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, dissect::ErrorKind::Truncated);
    EXPECT_TRUE(out.empty());
}

TEST(EvidenceDhcp, DnsWireName) {
    const std::uint8_t full[] = {3, 'w', 'w', 'w', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0};
    EXPECT_EQ(dns_wire_name(view(full)), "www.example.com");
    const std::uint8_t partial[] = {4, 'h', 'o', 's', 't'};  // RFC 4702: no root label
    EXPECT_EQ(dns_wire_name(view(partial)), "host");
    const std::uint8_t pointer[] = {1, 'a', 0xc0, 0x0c};
    EXPECT_EQ(dns_wire_name(view(pointer)), "a");
    const std::uint8_t cut[] = {1, 'a', 9, 'b'};
    EXPECT_EQ(dns_wire_name(view(cut)), "a");
    EXPECT_EQ(dns_wire_name({}), "");
    Bytes big;
    for (int i = 0; i < 10; ++i) {
        big.push_back(63);
        big.insert(big.end(), 63, 'x');
    }
    bool truncated = false;
    EXPECT_EQ(dns_wire_name(view(big), &truncated).size(), kMaxString);
    EXPECT_TRUE(truncated);
}

}  // namespace
}  // namespace posture::evidence

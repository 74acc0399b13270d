// DHCPv4 (dissectors/dhcp).
#include "dissectors/dhcp/dhcp.h"

#include <gtest/gtest.h>

#include <string_view>

#include "tests/unit/dissectors/dhcp_messages.h"
#include "tests/unit/dissectors/dissector_test_util.h"

namespace dissect::dhcp {
namespace {

using test::Bytes;
using test::view;
namespace msgs = test::dhcp_messages;

std::string_view text(ByteView v) { return v.as_chars(); }

// A BOOTREQUEST header for 00:00:5e:00:53:01, then `options` (cookie included by the caller).
Bytes request_with(std::initializer_list<std::uint8_t> options) {
    return test::cat(msgs::kAndroidDiscoverHeader, msgs::kNoServerOrFile, Bytes(options));
}

TEST(DhcpParse, RelayedClientRequest) {
    const auto m = parse(view(msgs::kMudRequest));
    ASSERT_TRUE(m) << m.error().what;
    EXPECT_EQ(m->op, kOpRequest);
    EXPECT_EQ(m->hops, 1);
    EXPECT_EQ(m->xid, 0x068c4847u);
    EXPECT_EQ(to_string(m->ciaddr), "62.12.173.123");
    EXPECT_EQ(to_string(m->giaddr), "62.12.173.121");
    EXPECT_EQ(to_string(m->client_mac), "b8:27:eb:b8:53:c8");
    EXPECT_EQ(m->msg_type, kRequest);
    const Bytes prl = {1, 121, 33, 3, 6, 12, 15, 28, 42, 51, 54, 58, 59, 100, 101, 119};
    EXPECT_EQ(Bytes(m->param_request_list.data(), m->param_request_list.data() + m->param_request_list.size()), prl);
    EXPECT_EQ(text(m->vendor_class), "dhcpcd-6.11.5:Linux-4.1.18-v7+:armv7l:BCM2709");
    EXPECT_EQ(text(m->hostname), "raspberrypi");
    EXPECT_EQ(m->client_id.size(), 7u);
    EXPECT_EQ(m->max_message_size, 1472);
    EXPECT_FALSE(m->fqdn_flags);
    const std::uint8_t codes[] = {53, 61, 57, 161, 60, 12, 145, 55};
    ASSERT_EQ(m->option_count, std::size(codes));
    for (std::size_t i = 0; i < std::size(codes); ++i) EXPECT_EQ(m->option_codes[i], codes[i]) << i;
    EXPECT_EQ(m->options_skipped, 0);
    EXPECT_TRUE(m->end_seen);
    EXPECT_TRUE(test::within(view(msgs::kMudRequest), m->vendor_class));
}

TEST(DhcpParse, ServerAckFields) {
    const auto m = parse(view(msgs::kMudAck));
    ASSERT_TRUE(m) << m.error().what;
    EXPECT_EQ(m->op, kOpReply);
    EXPECT_EQ(m->msg_type, kAck);
    EXPECT_EQ(to_string(m->yiaddr), "62.12.173.123");
    EXPECT_EQ(to_string(m->siaddr), "62.12.173.114");
    ASSERT_TRUE(m->server_id);
    EXPECT_EQ(to_string(*m->server_id), "62.12.173.114");
    EXPECT_EQ(m->lease_s, 600u);
    EXPECT_EQ(m->routers.size(), 4u);
    EXPECT_EQ(m->dns_servers.size(), 4u);
    EXPECT_EQ(text(m->domain_name), "ofcourseimright.com");
}

TEST(DhcpParse, ClientFqdnSplitsFlagsAndName) {
    const auto m = parse(view(msgs::kWindowsRequest));
    ASSERT_TRUE(m) << m.error().what;
    ASSERT_TRUE(m->fqdn_flags);
    EXPECT_EQ(*m->fqdn_flags, 0);
    EXPECT_EQ(text(m->fqdn_name), "DESKTOP-7F3K2Q.corp.example.com");
    EXPECT_EQ(m->fqdn.size(), 34u);
    ASSERT_TRUE(m->requested_ip);
    EXPECT_EQ(to_string(*m->requested_ip), "192.0.2.100");
    EXPECT_EQ(text(m->vendor_class), "MSFT 5.0");
}

TEST(DhcpParse, FqdnShorterThanItsFixedPartKeepsOnlyTheRawBody) {
    const auto v = request_with({0x63, 0x82, 0x53, 0x63, 81, 2, 0x04, 0x00, 0xff});
    const auto m = parse(view(v));
    ASSERT_TRUE(m);
    EXPECT_FALSE(m->fqdn_flags);
    EXPECT_EQ(m->fqdn.size(), 2u);
    EXPECT_TRUE(m->fqdn_name.empty());
}

// Found by `make fuzz`: a second, short option 81 left the first one's name.
TEST(DhcpParse, RepeatedFqdnReplacesTheEarlierOneWhole) {
    const auto v = request_with({0x63, 0x82, 0x53, 0x63, 81, 5, 0x01, 0x00, 0x00, 'a', 'b', 81, 2, 0x04, 0x00, 0xff});
    const auto m = parse(view(v));
    ASSERT_TRUE(m);
    EXPECT_EQ(m->fqdn.size(), 2u);
    EXPECT_FALSE(m->fqdn_flags);
    EXPECT_TRUE(m->fqdn_name.empty());
}

TEST(DhcpParse, PaddingAfterEndIsIgnored) {
    const auto m = parse(view(msgs::kUdhcpDiscover));
    ASSERT_TRUE(m);
    EXPECT_TRUE(m->end_seen);
    EXPECT_EQ(m->flags, 0x8000);
    EXPECT_EQ(m->secs, 3);
    EXPECT_EQ(m->option_count, 6);
}

TEST(DhcpParse, AckToInformHasNoLease) {
    const auto m = parse(view(msgs::kInformAck));
    ASSERT_TRUE(m);
    EXPECT_EQ(m->msg_type, kAck);
    EXPECT_FALSE(m->lease_s);
    EXPECT_TRUE(m->yiaddr.is_unspecified());
    EXPECT_EQ(to_string(m->ciaddr), "128.2.6.122");
}

TEST(DhcpParse, MissingEndIsAccepted) {
    const auto v = request_with({0x63, 0x82, 0x53, 0x63, 53, 1, 1});
    const auto m = parse(view(v));
    ASSERT_TRUE(m);
    EXPECT_FALSE(m->end_seen);
    EXPECT_EQ(m->msg_type, kDiscover);
}

TEST(DhcpParse, WrongMagicCookieIsMalformed) {
    auto v = msgs::kInform;
    v[kFixedHeaderBytes] = 0x00;
    const auto r = parse(view(v));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::Malformed);
    EXPECT_EQ(r.error().offset, kFixedHeaderBytes);
}

TEST(DhcpParse, OptionLengthPastEndIsTruncated) {
    const auto v = request_with({0x63, 0x82, 0x53, 0x63, 53, 1, 1, 60, 200, 'M', 'S'});
    const auto r = parse(view(v));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::Truncated);
    EXPECT_EQ(r.error().offset, kFixedHeaderBytes + 9);  // after the length byte of option 60
}

TEST(DhcpParse, LyingLengthStaysInsideItsOption) {
    // Option 12 claims 3 bytes; what would have been option 60 becomes host-name bytes and the
    // parse resumes after them, so nothing of the "vendor" leaks into another field.
    const auto v = request_with({0x63, 0x82, 0x53, 0x63, 12, 3, 60, 1, 'x', 0xff});
    const auto m = parse(view(v));
    ASSERT_TRUE(m);
    EXPECT_EQ(m->hostname.size(), 3u);
    EXPECT_TRUE(m->vendor_class.empty());
    EXPECT_TRUE(m->end_seen);
}

TEST(DhcpParse, WrongSizedFixedOptionsAreListedButNotDecoded) {
    const auto v = request_with({0x63, 0x82, 0x53, 0x63, 54, 3, 1, 2, 3, 51, 2, 0, 1, 53, 2, 1, 1, 57, 1, 9, 0xff});
    const auto m = parse(view(v));
    ASSERT_TRUE(m);
    EXPECT_FALSE(m->server_id);
    EXPECT_FALSE(m->lease_s);
    EXPECT_FALSE(m->msg_type);
    EXPECT_FALSE(m->max_message_size);
    EXPECT_EQ(m->option_count, 4);
}

TEST(DhcpParse, OptionsPastTheCapAreCountedNotParsed) {
    Bytes v = request_with({0x63, 0x82, 0x53, 0x63});
    for (std::size_t i = 0; i < kMaxOptions; ++i) {
        v.push_back(0);  // pads do not count toward the cap
        v.push_back(224);  // site-specific option, empty
        v.push_back(0);
    }
    const Bytes late_hostname = {12, 1, 'h', 53, 1, 1, 0xff};
    v.insert(v.end(), late_hostname.begin(), late_hostname.end());
    const auto m = parse(view(v));
    ASSERT_TRUE(m);
    EXPECT_EQ(m->option_count, kMaxOptions);
    EXPECT_EQ(m->options_skipped, 2);
    EXPECT_TRUE(m->hostname.empty());
    EXPECT_FALSE(m->msg_type);
    EXPECT_TRUE(m->end_seen);
}

TEST(DhcpParse, OverloadIsRecordedNotFollowed) {
    const auto v = request_with({0x63, 0x82, 0x53, 0x63, 52, 1, 3, 0xff});
    const auto m = parse(view(v));
    ASSERT_TRUE(m);
    EXPECT_EQ(m->overload, 3);
}

TEST(DhcpParse, ClientMacOnlyForEthernetAddresses) {
    auto v = msgs::kInform;
    v[1] = 6;  // htype IEEE 802
    v[2] = 6;
    const auto m = parse(view(v));
    ASSERT_TRUE(m);
    EXPECT_TRUE(m->client_mac.is_zero());
}

TEST(DhcpParse, EveryPrefixIsTruncatedOrClean) {
    for (const auto& [name, bytes] : msgs::kNamedDhcpMessages) {
        SCOPED_TRACE(name);
        test::expect_prefixes_truncated_or_ok(bytes, parse);
    }
}

}  // namespace
}  // namespace dissect::dhcp

// DHCPv6 (dissectors/dhcpv6).
#include "dissectors/dhcpv6/dhcpv6.h"

#include <gtest/gtest.h>

#include <string_view>

#include "tests/unit/dissectors/dhcpv6_messages.h"
#include "tests/unit/dissectors/dissector_test_util.h"

namespace dissect::dhcpv6 {
namespace {

using test::Bytes;
using test::view;
namespace msgs = test::dhcpv6_messages;

std::string_view text(ByteView v) { return v.as_chars(); }

// A SOLICIT header (transaction id 0x010203) followed by `options`.
Bytes solicit_with(std::initializer_list<std::uint8_t> options) {
    return test::cat(Bytes{kSolicit, 0x01, 0x02, 0x03}, Bytes(options));
}

TEST(Dhcpv6Parse, SolicitWithDuidLl) {
    const auto m = parse(view(msgs::kSolicit));
    ASSERT_TRUE(m) << m.error().what;
    EXPECT_EQ(m->msg_type, kSolicit);
    EXPECT_EQ(m->transaction_id, 0x90b45cu);
    EXPECT_EQ(m->client_id.size(), 10u);
    EXPECT_EQ(m->oro.size(), 4u);
    EXPECT_EQ(m->elapsed_cs, 0);
    const std::uint16_t codes[] = {1, 6, 8, 3};
    ASSERT_EQ(m->option_count, std::size(codes));
    for (std::size_t i = 0; i < std::size(codes); ++i) EXPECT_EQ(m->option_codes[i], codes[i]) << i;
    const auto duid = parse_duid(m->client_id);
    ASSERT_TRUE(duid);
    EXPECT_EQ(duid->type, kDuidLl);
    EXPECT_EQ(duid->hw_type, kHwTypeEthernet);
    ASSERT_TRUE(duid->mac);
    EXPECT_EQ(to_string(*duid->mac), "00:01:02:03:04:05");
}

TEST(Dhcpv6Parse, AdvertiseCarriesBothIdentifiers) {
    const auto m = parse(view(msgs::kAdvertise));
    ASSERT_TRUE(m) << m.error().what;
    EXPECT_EQ(m->msg_type, kAdvertise);
    EXPECT_EQ(m->client_id.size(), 10u);
    const auto server = parse_duid(m->server_id);
    ASSERT_TRUE(server);
    EXPECT_EQ(server->type, kDuidLlt);
    EXPECT_EQ(server->time, 0x1846488cu);
    ASSERT_TRUE(server->mac);
    EXPECT_EQ(to_string(*server->mac), "00:11:22:33:44:55");
}

TEST(Dhcpv6Parse, VendorClassFqdnAndOro) {
    const auto m = parse(view(msgs::kWindowsSolicit));
    ASSERT_TRUE(m) << m.error().what;
    EXPECT_EQ(m->vendor_class_enterprise, 311u);
    ASSERT_EQ(m->vendor_class.count, 1);
    EXPECT_EQ(text(m->vendor_class.items[0]), "MSFT 5.0");
    EXPECT_FALSE(m->vendor_class.malformed);
    ASSERT_TRUE(m->fqdn_flags);
    EXPECT_EQ(*m->fqdn_flags, 0);
    EXPECT_EQ(m->fqdn_name.size(), 33u);
    EXPECT_EQ(m->oro.size(), 8u);
    EXPECT_TRUE(test::within(view(msgs::kWindowsSolicit), m->fqdn_name));
}

TEST(Dhcpv6Parse, UserClassAndVendorOptions) {
    const auto m = parse(view(msgs::kAristaInformationRequest));
    ASSERT_TRUE(m) << m.error().what;
    EXPECT_EQ(m->msg_type, kInformationRequest);
    EXPECT_EQ(m->vendor_opts_enterprise, 30065u);
    ASSERT_EQ(m->user_class.count, 1);
    EXPECT_EQ(text(m->user_class.items[0]), "Arista;Test-Dhcpv6Discover;4.21.XX");
    EXPECT_EQ(m->elapsed_cs, 331);
    EXPECT_FALSE(m->vendor_class_enterprise);
}

TEST(Dhcpv6Parse, RelayForwKeepsTheRelayedMessage) {
    const auto m = parse(view(msgs::kRelayForw));
    ASSERT_TRUE(m) << m.error().what;
    EXPECT_EQ(m->msg_type, kRelayForw);
    EXPECT_EQ(m->hop_count, 0);
    EXPECT_EQ(to_string(m->link_address), "2001:db8::1");
    EXPECT_EQ(to_string(m->peer_address), "fe80::201:203:405:0");
    EXPECT_EQ(text(m->interface_id), "eth0");
    EXPECT_TRUE(m->client_id.empty());  // the client's options stay inside the relay message
    const auto inner = parse(m->relay_message);
    ASSERT_TRUE(inner);
    EXPECT_EQ(inner->msg_type, kSolicit);
    EXPECT_EQ(inner->client_id.size(), 10u);
}

TEST(Dhcpv6Parse, ClassItemsPastTheCapAreCounted) {
    const auto v = solicit_with({0, 15, 0, 11, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 'x'});  // 5 items
    const auto m = parse(view(v));
    ASSERT_TRUE(m);
    EXPECT_EQ(m->user_class.count, kMaxClassItems);
    EXPECT_EQ(m->user_class.dropped, 1);
    EXPECT_EQ(text(m->user_class.items[kMaxClassItems - 1]), "");
}

TEST(Dhcpv6Parse, ClassItemLengthPastItsOptionKeepsEarlierItems) {
    const auto v = solicit_with({0, 16, 0, 9, 0, 0, 1, 0x37, 0, 1, 'a', 0, 9});
    const auto m = parse(view(v));
    ASSERT_TRUE(m);  // the option itself is whole: the message parses
    EXPECT_EQ(m->vendor_class_enterprise, 311u);
    ASSERT_EQ(m->vendor_class.count, 1);
    EXPECT_EQ(text(m->vendor_class.items[0]), "a");
    EXPECT_TRUE(m->vendor_class.malformed);
}

TEST(Dhcpv6Parse, ShortFixedOptionsAreListedButIgnored) {
    const auto v = solicit_with({0, 8, 0, 1, 0, 0, 16, 0, 2, 0, 1, 0, 39, 0, 0});
    const auto m = parse(view(v));
    ASSERT_TRUE(m);
    EXPECT_FALSE(m->elapsed_cs);
    EXPECT_FALSE(m->vendor_class_enterprise);
    EXPECT_FALSE(m->fqdn_flags);
    EXPECT_EQ(m->option_count, 3);
}

TEST(Dhcpv6Parse, OddOroDropsTheHalfCode) {
    const auto v = solicit_with({0, 6, 0, 3, 0, 23, 0});
    const auto m = parse(view(v));
    ASSERT_TRUE(m);
    EXPECT_EQ(m->oro.size(), 2u);
}

TEST(Dhcpv6Parse, OptionLengthPastEndIsTruncated) {
    const auto v = solicit_with({0, 1, 0, 40, 0, 3, 0, 1});
    const auto r = parse(view(v));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::Truncated);
    EXPECT_EQ(r.error().offset, 8u);
}

TEST(Dhcpv6Parse, OptionsPastTheCapAreCountedNotParsed) {
    Bytes v = solicit_with({});
    for (std::size_t i = 0; i < kMaxOptions; ++i) {
        const Bytes empty_option = {0xff, 0x00, 0, 0};
        v.insert(v.end(), empty_option.begin(), empty_option.end());
    }
    const Bytes late_client_id = {0, 1, 0, 2, 0, 4};
    v.insert(v.end(), late_client_id.begin(), late_client_id.end());
    const auto m = parse(view(v));
    ASSERT_TRUE(m);
    EXPECT_EQ(m->option_count, kMaxOptions);
    EXPECT_EQ(m->options_skipped, 1);
    EXPECT_TRUE(m->client_id.empty());
}

TEST(Dhcpv6Parse, DuidTypes) {
    const std::uint8_t en[] = {0, 2, 0, 0, 0x01, 0x37, 0xaa, 0xbb};
    const auto e = parse_duid(view(en));
    ASSERT_TRUE(e);
    EXPECT_EQ(e->enterprise, 311u);
    EXPECT_EQ(e->id.size(), 2u);
    EXPECT_FALSE(e->mac);
    std::uint8_t uuid[18] = {0, 4};
    EXPECT_TRUE(parse_duid(view(uuid)));
    const std::uint8_t unknown[] = {0, 9, 1};
    const auto u = parse_duid(view(unknown));
    ASSERT_TRUE(u);
    EXPECT_EQ(u->id.size(), 1u);
    const std::uint8_t ll_infiniband[] = {0, 3, 0, 32, 1, 2, 3, 4, 5, 6};
    const auto ib = parse_duid(view(ll_infiniband));
    ASSERT_TRUE(ib);
    EXPECT_FALSE(ib->mac);  // not Ethernet
    const std::uint8_t llt_eui64[] = {0, 1, 0, 1, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8};
    EXPECT_FALSE(parse_duid(view(llt_eui64))->mac);  // Ethernet type but not 6 bytes
}

TEST(Dhcpv6Parse, DuidShorterThanItsTypeIsTruncated) {
    const std::uint8_t llt[] = {0, 1, 0, 1, 0, 0};
    EXPECT_EQ(parse_duid(view(llt)).error().kind, ErrorKind::Truncated);
    const std::uint8_t uuid[] = {0, 4, 1, 2, 3};
    EXPECT_EQ(parse_duid(view(uuid)).error().kind, ErrorKind::Truncated);
    const std::uint8_t en[] = {0, 2, 0};
    EXPECT_EQ(parse_duid(view(en)).error().kind, ErrorKind::Truncated);
    const std::uint8_t ll[] = {0, 3, 0};
    EXPECT_EQ(parse_duid(view(ll)).error().kind, ErrorKind::Truncated);
    EXPECT_EQ(parse_duid({}).error().kind, ErrorKind::Truncated);
}

TEST(Dhcpv6Parse, EveryPrefixIsTruncatedOrClean) {
    for (const auto& [name, bytes] : msgs::kNamedDhcpv6Messages) {
        SCOPED_TRACE(name);
        test::expect_prefixes_truncated_or_ok(bytes, parse);
    }
    const Bytes duid(msgs::kAdvertise + 66, msgs::kAdvertise + 80);  // the server DUID-LLT
    test::expect_prefixes_truncated_or_ok(duid, parse_duid);
}

}  // namespace
}  // namespace dissect::dhcpv6

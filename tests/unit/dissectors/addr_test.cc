// MAC and IP address values and text forms (dissectors/core/addr).
#include "dissectors/core/addr.h"

#include <gtest/gtest.h>

#include <string>

namespace dissect {
namespace {

IpAddr ip(const std::string& text) {
    IpAddr a;
    EXPECT_TRUE(parse_ip(text, a)) << text;
    return a;
}

TEST(MacAddrText, LowercaseColonSeparated) {
    const MacAddr m{{0x00, 0x1A, 0x2b, 0xC3, 0xd4, 0xFF}};
    EXPECT_EQ(to_string(m), "00:1a:2b:c3:d4:ff");
}

TEST(MacAddrText, ParseRoundTrips) {
    for (const char* text : {"00:00:00:00:00:00", "ff:ff:ff:ff:ff:ff", "02:42:ac:11:00:02"}) {
        MacAddr m;
        ASSERT_TRUE(parse_mac(text, m)) << text;
        EXPECT_EQ(to_string(m), text);
    }
}

TEST(MacAddrText, ParseAcceptsUppercaseAndDashes) {
    MacAddr m;
    ASSERT_TRUE(parse_mac("AA-BB-CC-DD-EE-0F", m));
    EXPECT_EQ(to_string(m), "aa:bb:cc:dd:ee:0f");
}

TEST(MacAddrText, ParseRejectsMalformedText) {
    MacAddr m;
    for (const char* text : {"", "aa:bb:cc:dd:ee", "aa:bb:cc:dd:ee:ff:", "aa:bb:cc:dd:ee:fg", "aabb.ccdd.eeff",
                             "aa:bb:cc:dd:ee:f", "aa bb cc dd ee ff"})
        EXPECT_FALSE(parse_mac(text, m)) << text;
}

TEST(MacAddrValue, Predicates) {
    EXPECT_TRUE((MacAddr{{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}}).is_broadcast());
    EXPECT_TRUE((MacAddr{{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}}).is_multicast());
    EXPECT_TRUE((MacAddr{{0x01, 0x00, 0x5e, 0x00, 0x00, 0x01}}).is_multicast());
    EXPECT_FALSE((MacAddr{{0x00, 0x00, 0x5e, 0x00, 0x00, 0x01}}).is_multicast());
    EXPECT_TRUE((MacAddr{{0x02, 0, 0, 0, 0, 1}}).is_local_admin());
    EXPECT_TRUE(MacAddr{}.is_zero());
    EXPECT_EQ((MacAddr{{0, 0, 0, 0, 0x01, 0x02}}).as_u64(), 0x0102u);
    EXPECT_LT((MacAddr{{0, 0, 0, 0, 0, 1}}), (MacAddr{{0, 0, 0, 0, 0, 2}}));
}

TEST(IpAddrText, DottedQuad) {
    const std::uint8_t raw[] = {192, 0, 2, 255};
    EXPECT_EQ(to_string(IpAddr::v4(raw)), "192.0.2.255");
    EXPECT_EQ(to_string(IpAddr::v4(0x0a000001u)), "10.0.0.1");
    EXPECT_EQ(to_string(IpAddr{}), "");  // no address
}

// RFC 5952 §4: lowercase, no leading zeros, the longest run of two or more
// zero groups compressed (the first one on a tie), a single zero group not
// compressed; §5: IPv4-mapped addresses in mixed notation.
TEST(IpAddrText, Rfc5952CanonicalIpv6) {
    const struct {
        const char* in;
        const char* canonical;
    } cases[] = {
        {"2001:0DB8:0000:0000:0000:0000:0000:0001", "2001:db8::1"},         // §4.1 leading zeros, §4.3 lowercase
        {"2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"},                      // §4.2.3 first of equal runs
        {"2001:0:0:1:0:0:0:1", "2001:0:0:1::1"},                            // §4.2.3 longest run
        {"2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"},                   // §4.2.2 single zero kept
        {"0:0:0:0:0:0:0:0", "::"},
        {"0:0:0:0:0:0:0:1", "::1"},
        {"fe80:0:0:0:0:0:0:0", "fe80::"},
        {"::ffff:192.0.2.1", "::ffff:192.0.2.1"},                           // §5 IPv4-mapped
        {"0:0:0:0:0:ffff:c000:0201", "::ffff:192.0.2.1"},
        {"FF02::1:FF00:2", "ff02::1:ff00:2"},
    };
    for (const auto& c : cases) EXPECT_EQ(to_string(ip(c.in)), c.canonical) << c.in;
}

TEST(IpAddrText, ParseRoundTrips) {
    for (const char* text : {"0.0.0.0", "255.255.255.255", "198.51.100.2", "::", "::1", "2001:db8::1",
                             "fe80::1:2:3:4", "::ffff:10.0.0.1", "2001:db8:0:1:1:1:1:1"}) {
        const IpAddr a = ip(text);
        EXPECT_EQ(to_string(a), text);
        IpAddr again;
        ASSERT_TRUE(parse_ip(to_string(a), again));
        EXPECT_EQ(again, a);
    }
}

TEST(IpAddrText, ParseRejectsMalformedTextAndKeepsOutput) {
    const IpAddr before = ip("192.0.2.1");
    for (const char* text : {"", "256.0.0.1", "1.2.3", "1.2.3.4.5", "2001:db8:::1", "2001:db8::1::2", "fe80::1%eth0",
                             "gggg::1", "1:2:3:4:5:6:7:8:9"}) {
        IpAddr out = before;
        EXPECT_FALSE(parse_ip(text, out)) << text;
        EXPECT_EQ(out, before) << text;
    }
}

TEST(IpAddrValue, Predicates) {
    EXPECT_TRUE(ip("224.0.0.251").is_multicast());
    EXPECT_FALSE(ip("192.0.2.1").is_multicast());
    EXPECT_TRUE(ip("ff02::fb").is_multicast());
    EXPECT_TRUE(ip("255.255.255.255").is_broadcast());
    EXPECT_FALSE(ip("ff02::1").is_broadcast());
    EXPECT_TRUE(ip("0.0.0.0").is_unspecified());
    EXPECT_TRUE(ip("::").is_unspecified());
    EXPECT_FALSE(ip("::1").is_unspecified());
    EXPECT_EQ(ip("::1").size(), 16u);
    EXPECT_EQ(ip("10.0.0.1").size(), 4u);
    EXPECT_FALSE(IpAddr{}.valid());
    EXPECT_NE(ip("10.0.0.1"), ip("::ffff:10.0.0.1"));  // different versions never compare equal
}

}  // namespace
}  // namespace dissect

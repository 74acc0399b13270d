// Router Advertisement evidence mapper (posture/evidence/ndp).
#include "posture/evidence/ndp.h"

#include <gtest/gtest.h>

#include <vector>

#include "dissectors/packet/packet.h"
#include "posture/record/value.h"

namespace posture::evidence {
namespace {

// RA body (after type, code, checksum): hop limit 64, M and O set, lifetime
// 1800 s, reachable 0, retrans 0; source link-layer address; MTU 1500;
// prefix 2001:db8:77::/64 (on-link, autonomous).
std::vector<std::uint8_t> ra(std::uint16_t lifetime) {
    std::vector<std::uint8_t> b = {64, 0xc0, static_cast<std::uint8_t>(lifetime >> 8),
                                   static_cast<std::uint8_t>(lifetime), 0, 0, 0, 0, 0, 0, 0, 0};
    const std::uint8_t sll[] = {1, 1, 0x00, 0x00, 0x0c, 0x07, 0xac, 0x01};
    const std::uint8_t mtu[] = {5, 1, 0, 0, 0, 0, 0x05, 0xdc};
    const std::uint8_t pfx[] = {3, 4, 64, 0xc0, 0, 0x27, 0x8d, 0, 0, 0x09, 0x3a, 0x80, 0, 0, 0, 0,
                                0x20, 0x01, 0x0d, 0xb8, 0, 0x77, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    b.insert(b.end(), std::begin(sll), std::end(sll));
    b.insert(b.end(), std::begin(mtu), std::end(mtu));
    b.insert(b.end(), std::begin(pfx), std::end(pfx));
    return b;
}

dissect::Result<void> map(const std::vector<std::uint8_t>& body, Sink& out) {
    dissect::packet::Decoded dec;
    Databases db;
    const PacketContext ctx{&dec, true, 0, &db};
    return ndp_router_advert(dissect::ByteView(body.data(), body.size()), ctx, out);
}

TEST(EvidenceNdp, DefaultRouterAdvertisement) {
    Sink out;
    ASSERT_TRUE(map(ra(1800), out));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].key, "ipv6_ra");
    EXPECT_TRUE(out[0].singleton);
    EXPECT_EQ(to_json(out[0].entry),
              R"({"flags":"MO","hop_limit":64,"lifetime_s":1800,"mtu":1500,"prefixes":"2001:db8:77::/64"})");
    ASSERT_EQ(out[0].observations.size(), 1u);
    EXPECT_EQ(out[0].observations[0].what, "ipv6.ra");
    EXPECT_EQ(out[0].observations[0].detail, "router lifetime 1800 s, prefixes 2001:db8:77::/64");
    ASSERT_EQ(out[0].hints.size(), 1u);
    EXPECT_EQ(out[0].hints[0].attribute, "type");
    EXPECT_EQ(out[0].hints[0].value, "network");
    EXPECT_EQ(out[0].hints[0].src, "ipv6.ra");
}

TEST(EvidenceNdp, ZeroLifetimeIsNoDefaultRouter) {
    Sink out;
    ASSERT_TRUE(map(ra(0), out));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_TRUE(out[0].observations.empty());
    EXPECT_TRUE(out[0].hints.empty());
}

TEST(EvidenceNdp, EveryTruncationFailsCleanlyAndAddsNothing) {
    const auto full = ra(1800);
    for (std::size_t n = 0; n < full.size(); ++n) {
        std::vector<std::uint8_t> cut(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(n));
        Sink out;
        const auto r = map(cut, out);
        if (!r) {
            EXPECT_TRUE(out.empty()) << n;
        }
    }
    auto zero_len = ra(1800);
    zero_len[13] = 0;  // the source link-layer option's length: 0 is malformed (RFC 4861 §4.6)
    Sink out;
    EXPECT_FALSE(map(zero_len, out));
    EXPECT_TRUE(out.empty());
}

}  // namespace
}  // namespace posture::evidence

// Linux cooked capture v1 (dissectors/sll).
#include "dissectors/sll/sll.h"

#include <gtest/gtest.h>

#include "tests/unit/dissectors/dissector_test_util.h"

namespace dissect::sll {
namespace {

using test::view;

constexpr std::uint8_t kHeader[] = {
    0x00, 0x04,                                      // packet type: outgoing
    0x00, 0x01,                                      // ARPHRD_ETHER
    0x00, 0x06,                                      // address length 6
    0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00,  // address + 2 unused bytes
    0x08, 0x06,                                      // protocol ARP
    0x00, 0x01,                                      // payload
};

TEST(SllParse, Fields) {
    const auto h = parse(view(kHeader));
    ASSERT_TRUE(h);
    EXPECT_EQ(h->packet_type, kPacketOutgoing);
    EXPECT_EQ(h->arphrd, kArphrdEther);
    EXPECT_EQ(h->addr_len, 6);
    ASSERT_EQ(h->addr.size(), 6u);
    EXPECT_EQ(h->addr[5], 0x01);
    EXPECT_EQ(h->protocol, 0x0806);
    EXPECT_EQ(h->payload.size(), 2u);
}

TEST(SllParse, LongAddressIsCutToTheField) {
    auto v = test::cat(kHeader);
    v[5] = 20;  // InfiniBand-style 20-byte address: only 8 bytes are in the header
    const auto h = parse(view(v));
    ASSERT_TRUE(h);
    EXPECT_EQ(h->addr_len, 20);
    EXPECT_EQ(h->addr.size(), kAddrFieldLen);
    EXPECT_EQ(h->protocol, 0x0806);
}

TEST(SllParse, EveryPrefixIsTruncatedOrClean) {
    test::expect_prefixes_truncated_or_ok(kHeader, parse);
    const auto r = parse(view(kHeader).prefix(15));
    ASSERT_FALSE(r);
    EXPECT_STREQ(r.error().what, kErrTruncated);
}

}  // namespace
}  // namespace dissect::sll

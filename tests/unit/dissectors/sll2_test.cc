// Linux cooked capture v2 (dissectors/sll2).
#include "dissectors/sll2/sll2.h"

#include <gtest/gtest.h>

#include "dissectors/sll/sll.h"
#include "tests/unit/dissectors/dissector_test_util.h"

namespace dissect::sll2 {
namespace {

using test::view;

constexpr std::uint8_t kHeader[] = {
    0x86, 0xdd,                                      // protocol IPv6
    0x00, 0x00,                                      // reserved
    0x00, 0x00, 0x00, 0x07,                          // interface index 7
    0x00, 0x01,                                      // ARPHRD_ETHER
    0x03,                                            // packet type: other host
    0x06,                                            // address length 6
    0x02, 0x00, 0x00, 0x00, 0x00, 0x09, 0x00, 0x00,  // address + 2 unused bytes
    0x60, 0x00,                                      // payload
};

TEST(Sll2Parse, Fields) {
    const auto h = parse(view(kHeader));
    ASSERT_TRUE(h);
    EXPECT_EQ(h->protocol, 0x86dd);
    EXPECT_EQ(h->if_index, 7u);
    EXPECT_EQ(h->arphrd, sll::kArphrdEther);
    EXPECT_EQ(h->packet_type, sll::kPacketOtherHost);
    EXPECT_EQ(h->addr_len, 6);
    ASSERT_EQ(h->addr.size(), 6u);
    EXPECT_EQ(h->addr[5], 0x09);
    EXPECT_EQ(h->payload.size(), 2u);
}

TEST(Sll2Parse, ShortAddressLength) {
    auto v = test::cat(kHeader);
    v[11] = 0;  // no address (e.g. a tunnel interface)
    const auto h = parse(view(v));
    ASSERT_TRUE(h);
    EXPECT_TRUE(h->addr.empty());
}

TEST(Sll2Parse, EveryPrefixIsTruncatedOrClean) {
    test::expect_prefixes_truncated_or_ok(kHeader, parse);
    const auto r = parse(view(kHeader).prefix(19));
    ASSERT_FALSE(r);
    EXPECT_STREQ(r.error().what, kErrTruncated);
}

}  // namespace
}  // namespace dissect::sll2

// NTP (dissectors/ntp).
#include "dissectors/ntp/ntp.h"

#include <gtest/gtest.h>

#include "tests/unit/dissectors/dissector_test_util.h"
#include "tests/unit/dissectors/ntp_messages.h"

namespace dissect::ntp {
namespace {

using test::Bytes;
using test::view;
namespace msgs = test::ntp_messages;

TEST(NtpParse, ClientRequest) {
    const auto m = parse(view(msgs::kClient));
    ASSERT_TRUE(m) << m.error().what;
    EXPECT_EQ(m->leap, 0);
    EXPECT_EQ(m->version, 4);
    EXPECT_EQ(m->mode, kClient);
    EXPECT_EQ(m->stratum, 2);
    EXPECT_EQ(m->poll, 6);
    EXPECT_EQ(m->precision, -22);
    EXPECT_EQ(m->root_delay, 0x0bd9u);
    EXPECT_EQ(m->root_dispersion, 0x0630u);
    EXPECT_EQ(m->refid, 0x55c7d663u);
    EXPECT_EQ(m->reference_ts, 0xe09ab55c12dcc914u);
    EXPECT_EQ(m->transmit_ts, 0xe09ab59607050baau);
    EXPECT_TRUE(m->trailer.empty());
}

TEST(NtpParse, ServerAnswerEchoesTheClientTransmitTime) {
    const auto client = parse(view(msgs::kClient));
    const auto server = parse(view(msgs::kServer));
    ASSERT_TRUE(client && server);
    EXPECT_EQ(server->mode, kServer);
    EXPECT_EQ(server->stratum, 4);
    EXPECT_EQ(server->precision, -24);
    EXPECT_EQ(server->origin_ts, client->transmit_ts);
}

TEST(NtpParse, Version3) {
    const auto m = parse(view(msgs::kV3Server));
    ASSERT_TRUE(m);
    EXPECT_EQ(m->version, 3);
    EXPECT_EQ(m->mode, kServer);
    EXPECT_EQ(m->stratum, 2);
}

TEST(NtpParse, KeyIdAndMacAreLeftInTheTrailer) {
    const auto m = parse(view(msgs::kClientWithMac));
    ASSERT_TRUE(m);
    EXPECT_EQ(m->trailer.size(), 20u);  // key id + MD5
    EXPECT_TRUE(test::within(view(msgs::kClientWithMac), m->trailer));
}

TEST(NtpParse, ControlMessageHeader) {
    const auto m = parse(view(msgs::kControlReadStatus));
    ASSERT_TRUE(m);
    EXPECT_EQ(m->version, 2);
    EXPECT_EQ(m->mode, kControl);
    EXPECT_FALSE(m->response);
    EXPECT_EQ(m->opcode, 1);
    auto v = test::cat(msgs::kControlReadStatus);
    v[1] |= 0x80;
    EXPECT_TRUE(parse(view(v))->response);
}

TEST(NtpParse, PrivateMessageHeader) {
    const auto m = parse(view(msgs::kPrivateMonlist));
    ASSERT_TRUE(m);
    EXPECT_EQ(m->mode, kPrivate);
    EXPECT_EQ(m->version, 2);
    EXPECT_FALSE(m->response);
    EXPECT_EQ(m->opcode, 42);
    EXPECT_EQ(m->trailer.size(), 40u);
    auto v = test::cat(msgs::kPrivateMonlist);
    v[0] |= 0x80;  // R: a response, which is what makes monlist an amplifier
    EXPECT_TRUE(parse(view(v))->response);
}

TEST(NtpParse, VersionZeroIsNotNtp) {
    auto v = test::cat(msgs::kClient);
    v[0] = 0x03;  // version 0, mode 3
    const auto r = parse(view(v));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::Malformed);
    v[0] = 0x3b;  // version 7
    EXPECT_EQ(parse(view(v)).error().kind, ErrorKind::Malformed);
}

TEST(NtpParse, ShortHeaderIsTruncated) {
    const auto r = parse(view(msgs::kServer).prefix(47));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::Truncated);
    EXPECT_EQ(r.error().offset, 47u);
}

TEST(NtpParse, EveryPrefixIsTruncatedOrClean) {
    for (const auto& [name, bytes] : msgs::kNamedNtpMessages) {
        SCOPED_TRACE(name);
        test::expect_prefixes_truncated_or_ok(bytes, parse);
    }
}

}  // namespace
}  // namespace dissect::ntp

// QUIC long header and Initial frames (dissectors/quic).
#include "dissectors/quic/quic.h"

#include <gtest/gtest.h>

#include <array>

#include "tests/unit/dissectors/dissector_test_util.h"
#include "tests/unit/dissectors/quic_samples.h"

namespace dissect::quic {
namespace {

using test::Bytes;
using test::cat;
using test::view;
using namespace test::quic_samples;

constexpr std::uint8_t kRfcDcid[] = {0x83, 0x94, 0xc8, 0xf0, 0x3e, 0x51, 0x57, 0x08};

TEST(QuicParse, Rfc9001ClientInitialHeader) {
    const auto h = parse(view(kRfc9001ClientInitial));
    ASSERT_TRUE(h) << h.error().what;
    EXPECT_EQ(h->version, kVersion1);
    EXPECT_EQ(h->type, PacketType::Initial);
    EXPECT_EQ(h->first, 0xc0);
    ASSERT_EQ(h->dcid.size(), sizeof kRfcDcid);
    EXPECT_TRUE(std::equal(std::begin(kRfcDcid), std::end(kRfcDcid), h->dcid.data()));
    EXPECT_TRUE(h->scid.empty());
    EXPECT_TRUE(h->token.empty());
    EXPECT_EQ(h->length, 1182u);
    EXPECT_EQ(h->pn_offset, 18u);
    EXPECT_EQ(h->packet.size(), sizeof kRfc9001ClientInitial);
}

TEST(QuicParse, Version2TypeBits) {
    const auto h = parse(view(kRfc9369ClientInitialV2));
    ASSERT_TRUE(h) << h.error().what;
    EXPECT_EQ(h->version, kVersion2);
    EXPECT_EQ(h->type, PacketType::Initial);  // 0b01 in version 2
    Bytes v = cat(kRfc9369ClientInitialV2);
    v[0] = 0xc0;  // 0b00 is Retry in version 2
    EXPECT_EQ(parse(view(v))->type, PacketType::Retry);
    v = cat(kRfc9001ClientInitial);
    v[0] = 0xe0;  // 0b10: Handshake in version 1
    EXPECT_EQ(parse(view(v))->type, PacketType::Handshake);
}

TEST(QuicParse, EveryPrefixIsTruncated) {
    test::expect_prefixes_truncated_or_ok(kRfc9001ClientInitial, [](ByteView v) {
        auto r = parse(v);
        EXPECT_FALSE(r) << "prefix " << v.size() << " parsed";  // the Length runs past every prefix
        return r;
    });
}

TEST(QuicParse, CoalescedPacketsAfterTheFirstAreNotRead) {
    const Bytes two = cat(kRfc9001ClientInitial, Bytes{0x40, 0x01, 0x02, 0x03});
    const auto h = parse(view(two));
    ASSERT_TRUE(h);
    EXPECT_EQ(h->packet.size(), sizeof kRfc9001ClientInitial);
}

TEST(QuicParse, WhatIsNotALongHeaderInitialOfAKnownVersion) {
    const Bytes short_header = {0x40, 0x83, 0x94, 0xc8, 0xf0};
    EXPECT_EQ(parse(view(short_header)).error().kind, ErrorKind::Unsupported);
    Bytes v = cat(kRfc9001ClientInitial);
    v[1] = v[2] = v[3] = v[4] = 0;  // Version Negotiation
    EXPECT_EQ(parse(view(v)).error().kind, ErrorKind::Unsupported);
    v[1] = 0x51, v[2] = 0x30, v[3] = 0x35, v[4] = 0x30;  // Google "Q050"
    EXPECT_EQ(parse(view(v)).error().kind, ErrorKind::Unsupported);
    v[1] = 0x1a, v[2] = 0x2a, v[3] = 0x3a, v[4] = 0x4a;  // reserved, forces version negotiation
    EXPECT_TRUE(parse(view(v)));
}

TEST(QuicParse, KnownVersions) {
    EXPECT_TRUE(known_version(kVersion1));
    EXPECT_TRUE(known_version(kVersion2));
    EXPECT_TRUE(known_version(kDraft29));
    EXPECT_TRUE(known_version(0xff000016));  // draft 22
    EXPECT_TRUE(known_version(0xff000022));  // draft 34
    EXPECT_FALSE(known_version(0xff000015));
    EXPECT_TRUE(known_version(kMvfstDraft27));
    EXPECT_TRUE(known_version(0xfafafafa));
    EXPECT_FALSE(known_version(0x54303530));  // Google "T050"
}

TEST(QuicParse, ConnectionIdOver20BytesIsMalformed) {
    Bytes v = cat(kRfc9001ClientInitial);
    v[5] = 21;  // DCID length
    const auto h = parse(view(v));
    ASSERT_FALSE(h);
    EXPECT_EQ(h.error().kind, ErrorKind::Malformed);
    EXPECT_EQ(h.error().offset, 5u);
}

TEST(QuicParse, LengthPastTheDatagramIsTruncated) {
    Bytes v = cat(kRfc9001ClientInitial);
    v[16] = 0x44, v[17] = 0xa0;  // Length 1184, two bytes more than there are
    EXPECT_EQ(parse(view(v)).error().kind, ErrorKind::Truncated);
    v[15] = 0x80;  // token length: a 4-byte varint, 0x0044a07b, far past the end
    EXPECT_EQ(parse(view(v)).error().kind, ErrorKind::Truncated);
}

TEST(QuicVarint, Rfc9000AppendixA1Examples) {
    const auto read = [](Bytes b) {
        ByteReader r(view(b));
        return varint(r);
    };
    EXPECT_EQ(read({0xc2, 0x19, 0x7c, 0x5e, 0xff, 0x14, 0xe8, 0x8c}), 151288809941952652u);
    EXPECT_EQ(read({0x9d, 0x7f, 0x3e, 0x7d}), 494878333u);
    EXPECT_EQ(read({0x7b, 0xbd}), 15293u);
    EXPECT_EQ(read({0x25}), 37u);
    EXPECT_EQ(read({0x40, 0x25}), 37u);
    EXPECT_FALSE(read({0x9d, 0x7f, 0x3e}));
    EXPECT_FALSE(read({}));
}

TEST(QuicFrames, Rfc9001InitialPayload) {
    const Bytes plain = cat(kRfc9001InitialPlaintext, Bytes(917, 0x00));
    const auto f = parse_frames(view(plain));
    ASSERT_TRUE(f) << f.error().what;
    ASSERT_EQ(f->crypto.count, 1u);
    EXPECT_EQ(f->crypto.items[0].offset, 0u);
    EXPECT_EQ(f->crypto.items[0].data.size(), 241u);
    EXPECT_EQ(f->padding_bytes, 917u);
    std::array<std::uint8_t, 512> out{};
    const std::size_t n = assemble_crypto(*f, out);
    ASSERT_EQ(n, 241u);
    EXPECT_EQ(out[0], 0x01);  // client_hello
    EXPECT_TRUE(std::equal(out.begin(), out.begin() + 241, kRfc9001InitialPlaintext + 4));
}

TEST(QuicFrames, EveryPrefixIsTruncatedOrPartial) {
    const Bytes frames = cat(Bytes{0x01},                                     // PING
                             Bytes{0x02, 0x05, 0x00, 0x01, 0x00, 0x01, 0x02},  // ACK: 1 extra range
                             Bytes{0x03, 0x05, 0x00, 0x00, 0x00, 0x07, 0x08, 0x09},  // ACK_ECN + counts
                             kRfc9001InitialPlaintext,
                             Bytes{0x1c, 0x0a, 0x06, 0x03, 'b', 'y', 'e'});  // CONNECTION_CLOSE
    const auto f = parse_frames(view(frames));
    ASSERT_TRUE(f) << f.error().what;
    EXPECT_EQ(f->ping, 1u);
    EXPECT_EQ(f->ack, 2u);
    EXPECT_EQ(f->crypto.count, 1u);
    EXPECT_TRUE(f->connection_close);
    test::expect_prefixes_truncated_or_ok(frames, [](ByteView v) { return parse_frames(v); });
}

TEST(QuicFrames, FrameNotAllowedInInitialIsMalformed) {
    const Bytes stream = {0x00, 0x00, 0x08, 0x00, 0x01, 'x'};  // padding, then a STREAM frame
    const auto f = parse_frames(view(stream));
    ASSERT_FALSE(f);
    EXPECT_EQ(f.error().kind, ErrorKind::Malformed);
    EXPECT_EQ(f.error().offset, 2u);
}

TEST(QuicFrames, LyingLengthsAreTruncated) {
    EXPECT_EQ(parse_frames(view(Bytes{0x06, 0x00, 0x40, 0x10, 'a'})).error().kind, ErrorKind::Truncated);
    // An ACK claiming 2^62 ranges runs out of bytes, not of time.
    EXPECT_EQ(parse_frames(view(Bytes{0x02, 0x01, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0x01}))
                  .error()
                  .kind,
              ErrorKind::Truncated);
    EXPECT_EQ(parse_frames(view(Bytes{0x1c, 0x00, 0x00, 0x20, 'a'})).error().kind, ErrorKind::Truncated);
}

TEST(QuicFrames, CryptoIsAssembledInStreamOrder) {
    // Chrome shuffles its CRYPTO frames and overlaps some.
    const Bytes frames = cat(Bytes{0x06, 0x0a, 0x0a}, Bytes{10, 11, 12, 13, 14, 15, 16, 17, 18, 19},  // [10, 20)
                             Bytes{0x00, 0x00, 0x01},                                             // padding, ping
                             Bytes{0x06, 0x05, 0x0a}, Bytes{5, 6, 7, 8, 9, 10, 11, 12, 13, 14},  // [5, 15)
                             Bytes{0x06, 0x00, 0x06}, Bytes{0, 1, 2, 3, 4, 5},                   // [0, 6)
                             Bytes{0x06, 0x1e, 0x02}, Bytes{30, 31});                            // [30, 32): after a gap
    const auto f = parse_frames(view(frames));
    ASSERT_TRUE(f);
    std::array<std::uint8_t, 64> out{};
    ASSERT_EQ(assemble_crypto(*f, out), 20u);
    for (std::uint8_t i = 0; i < 20; ++i) EXPECT_EQ(out[i], i);
    std::array<std::uint8_t, 8> small{};
    EXPECT_EQ(assemble_crypto(*f, small), 8u);
}

TEST(QuicFrames, CryptoFramesPastTheCapAreCounted) {
    Bytes frames;
    for (std::size_t i = 0; i < kMaxCryptoFrames + 3; ++i)
        frames = cat(frames, Bytes{0x06, 0x40, static_cast<std::uint8_t>(i), 0x01, static_cast<std::uint8_t>(i)});
    const auto f = parse_frames(view(frames));
    ASSERT_TRUE(f);
    EXPECT_EQ(f->crypto.count, kMaxCryptoFrames);
    EXPECT_EQ(f->crypto.dropped, 3u);
    std::array<std::uint8_t, 128> out{};
    EXPECT_EQ(assemble_crypto(*f, out), kMaxCryptoFrames);
}

}  // namespace
}  // namespace dissect::quic

// QUIC Initial evidence (posture/evidence/quic.cc, declared in tls.h): the
// RFC 9001 / RFC 9369 client Initials decrypted, their ClientHello turned into
// JA3, JA4 ('q'), SNI and the tls entry. Expected values computed
// independently from the RFC's plaintext and the JA3/JA4 specifications.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "dissectors/packet/packet.h"
#include "posture/evidence/tls.h"
#include "tests/unit/dissectors/dissector_test_util.h"
#include "tests/unit/dissectors/quic_samples.h"

namespace posture::evidence {
namespace {

using dissect::test::Bytes;
using dissect::test::cat;
using dissect::test::view;
using namespace dissect::test::quic_samples;

struct Outcome {
    dissect::Result<void> status;
    Sink sink;
};

Outcome datagram(dissect::ByteView payload, bool from_client = true, QuicMemo* memo = nullptr) {
    static const dissect::packet::Decoded dec{};
    static const Databases db{};
    const PacketContext ctx{&dec, from_client, 0, &db, memo};
    Outcome r;
    r.status = quic_datagram(payload, ctx, r.sink);
    return r;
}

std::vector<std::string> keys(const Sink& s) {
    std::vector<std::string> k;
    for (const auto& f : s) k.push_back(f.key);
    return k;
}

void expect_rfc_hello(const Sink& sink) {
    ASSERT_EQ(keys(sink), (std::vector<std::string>{"ja3", "ja4", "sni", "tls"}));
    EXPECT_EQ(*sink[0].entry.as_string(), "41bc9ae914d6cb3bd0bd0a5453ab7d7f");
    EXPECT_EQ(*sink[1].entry.as_string(), "q13d0211an_62ed6f6ca7ad_4d634acda6c0");
    EXPECT_EQ(*sink[2].entry.as_string(), "example.com");
    EXPECT_EQ(to_json(sink[3].entry),
              R"({"alpn":"alpn","ja3_full":"771,4865-4866,0-65281-10-16-5-51-43-13-45-28-57,29-23-24,",)"
              R"("legacy_version":"0x0303","supported_versions":"0x0304","version":"1.3"})");
    for (const auto& f : sink) EXPECT_TRUE(f.observations.empty()) << f.key;
}

TEST(EvidenceQuic, Rfc9001ClientInitial) {
    const Outcome r = datagram(view(kRfc9001ClientInitial));
    ASSERT_TRUE(r.status) << r.status.error().what;
    expect_rfc_hello(r.sink);
}

TEST(EvidenceQuic, Rfc9369ClientInitialVersion2) {
    const Outcome r = datagram(view(kRfc9369ClientInitialV2));
    ASSERT_TRUE(r.status) << r.status.error().what;
    expect_rfc_hello(r.sink);
}

// RFC 9001 A.3: the server's Initial, read with the keys of the client
// Initial's DCID that the flow's memo kept. JA3S "771,4865,51-43".
TEST(EvidenceQuic, Rfc9001ServerInitialGivesJa3s) {
    QuicMemo memo;
    ASSERT_TRUE(datagram(view(kRfc9001ClientInitial), true, &memo).status);
    EXPECT_TRUE(memo.known);
    EXPECT_EQ(memo.dcid_len, 8);
    const Outcome r = datagram(view(kRfc9001ServerInitial), false, &memo);
    ASSERT_TRUE(r.status) << r.status.error().what;
    ASSERT_EQ(keys(r.sink), (std::vector<std::string>{"ja3s", "tls_server"}));
    EXPECT_EQ(*r.sink[0].entry.as_string(), "eb1d94daa7e0344597e756a1fb6e7054");
    EXPECT_EQ(to_json(r.sink[1].entry), R"({"cipher":"0x1301","ja3s_full":"771,4865,51-43","legacy_version":"0x0303",)"
                                        R"("supported_version":"0x0304","version":"1.3"})");
    EXPECT_TRUE(memo.server_read);
    // Read once: a second server Initial says nothing more.
    EXPECT_TRUE(datagram(view(kRfc9001ServerInitial), false, &memo).sink.empty());
}

TEST(EvidenceQuic, ServerInitialNeedsTheClientsDcid) {
    // No memo, or a memo without a client Initial: ignored.
    EXPECT_TRUE(datagram(view(kRfc9001ServerInitial), false).sink.empty());
    QuicMemo memo;
    EXPECT_TRUE(datagram(view(kRfc9001ServerInitial), false, &memo).sink.empty());
    // A client DCID after a Retry replaces the first; the server's Initial
    // then freezes it (later client Initials carry the server's choice).
    Bytes other = cat(kRfc9001ClientInitial);
    other[6] ^= 0x01;  // another DCID (it does not decrypt; the DCID is still kept)
    (void)datagram(view(other), true, &memo);
    EXPECT_EQ(memo.dcid[0], 0x82);
    (void)datagram(view(kRfc9001ClientInitial), true, &memo);
    EXPECT_EQ(memo.dcid[0], 0x83);
    const Outcome r = datagram(view(kRfc9001ServerInitial), false, &memo);
    ASSERT_TRUE(r.status);
    EXPECT_EQ(r.sink.size(), 2u);
    (void)datagram(view(other), true, &memo);
    EXPECT_EQ(memo.dcid[0], 0x83);
}

TEST(EvidenceQuic, ServerInitialWithWrongKeysDoesNotDecrypt) {
    QuicMemo memo;
    memo.known = true;
    memo.dcid_len = 8;  // zeros: not the client's DCID
    const Outcome r = datagram(view(kRfc9001ServerInitial), false, &memo);
    ASSERT_FALSE(r.status);
    EXPECT_EQ(r.status.error().kind, dissect::ErrorKind::Malformed);
    EXPECT_FALSE(memo.server_read);
}

TEST(EvidenceQuic, ServerPacketsAndShortHeadersAreIgnored) {
    EXPECT_TRUE(datagram(view(kRfc9001ClientInitial), false).sink.empty());
    const Bytes one_rtt = {0x43, 0x83, 0x94, 0xc8, 0xf0, 0x3e, 0x51, 0x57, 0x08, 0x01, 0x02};
    const Outcome r = datagram(view(one_rtt));
    EXPECT_TRUE(r.status);
    EXPECT_TRUE(r.sink.empty());
    EXPECT_TRUE(datagram({}).status);
}

TEST(EvidenceQuic, OtherLongHeaderTypesAreIgnored) {
    Bytes v = cat(kRfc9001ClientInitial);
    v[0] = 0xe0;  // Handshake
    const Outcome r = datagram(view(v));
    EXPECT_TRUE(r.status);
    EXPECT_TRUE(r.sink.empty());
}

TEST(EvidenceQuic, TamperedPacketDoesNotDecrypt) {
    Bytes v = cat(kRfc9001ClientInitial);
    v.back() ^= 0x01;  // the AEAD tag
    Outcome r = datagram(view(v));
    ASSERT_FALSE(r.status);
    EXPECT_EQ(r.status.error().kind, dissect::ErrorKind::Malformed);
    EXPECT_TRUE(r.sink.empty());
    v = cat(kRfc9001ClientInitial);
    v[6] ^= 0x01;  // the DCID: other keys
    r = datagram(view(v));
    ASSERT_FALSE(r.status);
    EXPECT_EQ(r.status.error().kind, dissect::ErrorKind::Malformed);
}

TEST(EvidenceQuic, EveryPrefixIsTruncated) {
    for (std::size_t n = 1; n < sizeof kRfc9001ClientInitial; ++n) {
        const Bytes prefix(kRfc9001ClientInitial, kRfc9001ClientInitial + n);
        const Outcome r = datagram(view(prefix));
        ASSERT_FALSE(r.status) << n;
        EXPECT_EQ(r.status.error().kind, dissect::ErrorKind::Truncated) << n;
        EXPECT_TRUE(r.sink.empty());
    }
}

TEST(EvidenceQuic, UnknownVersionIsUnsupported) {
    Bytes v = cat(kRfc9001ClientInitial);
    v[1] = 'Q', v[2] = '0', v[3] = '5', v[4] = '0';
    const Outcome r = datagram(view(v));
    ASSERT_FALSE(r.status);
    EXPECT_EQ(r.status.error().kind, dissect::ErrorKind::Unsupported);
}

}  // namespace
}  // namespace posture::evidence

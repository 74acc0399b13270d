// EAPOL evidence mapper (posture/evidence/eapol).
#include "posture/evidence/eapol.h"

#include <gtest/gtest.h>

#include <string>

#include "dissectors/packet/packet.h"
#include "posture/record/value.h"
#include "tests/unit/dissectors/eapol_messages.h"

namespace posture::evidence {
namespace {

using dissect::test::view;
namespace msgs = dissect::test::eapol_messages;

Sink map(dissect::ByteView frame) {
    dissect::packet::Decoded dec;
    Databases db;
    const PacketContext ctx{&dec, true, 0, &db};
    Sink out;
    const auto r = eapol_frame(frame, ctx, out);
    EXPECT_TRUE(r) << r.error().what;
    return out;
}

void expect_present(const Fingerprint& f, const char* detail) {
    ASSERT_EQ(f.observations.size(), 1u);
    EXPECT_EQ(f.observations[0].what, "eapol.present");
    EXPECT_EQ(f.observations[0].detail, detail);
}

TEST(EvidenceEapol, KeyFrame) {
    const auto out = map(view(msgs::kKeyMessage2));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].key, "eapol");
    EXPECT_TRUE(out[0].singleton);
    EXPECT_EQ(to_json(out[0].entry), R"({"type":3})");
    expect_present(out[0], "key");
    EXPECT_TRUE(out[0].names.empty());
    EXPECT_TRUE(out[0].hints.empty());
}

TEST(EvidenceEapol, Start) {
    const auto out = map(view(msgs::kStart));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(to_json(out[0].entry), R"({"type":1})");
    expect_present(out[0], "start");
}

TEST(EvidenceEapol, AuthenticatorRequestsIdentity) {
    const auto out = map(view(msgs::kRequestIdentity));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(to_json(out[0].entry), R"({"eap_code":1,"eap_type":1,"type":0})");  // no identity_seen
    expect_present(out[0], "eap");
}

TEST(EvidenceEapol, IdentityIsFlaggedNeverRecorded) {
    const auto out = map(view(msgs::kResponseIdentity));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(to_json(out[0].entry), R"({"eap_code":2,"eap_type":1,"identity_seen":true,"type":0})");
    for (const auto& f : out) {
        EXPECT_EQ(to_json(f.entry).find("alice"), std::string::npos);
        for (const auto& o : f.observations) EXPECT_EQ(o.detail.find("alice"), std::string::npos);
        EXPECT_TRUE(f.names.empty());
    }
}

TEST(EvidenceEapol, MethodAndOutcome) {
    auto out = map(view(msgs::kRequestPeapStart));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(to_json(out[0].entry), R"({"eap_code":1,"eap_type":25,"type":0})");
    out = map(view(msgs::kSuccess));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(to_json(out[0].entry), R"({"eap_code":3,"type":0})");
}

TEST(EvidenceEapol, LogoffAndUnknownTypes) {
    auto out = map(view(msgs::kLogoff));
    ASSERT_EQ(out.size(), 1u);
    expect_present(out[0], "logoff");
    const std::uint8_t future[] = {0x03, 0x0c, 0x00, 0x00};
    out = map(view(future));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(to_json(out[0].entry), R"({"type":12})");
    expect_present(out[0], "other");
}

TEST(EvidenceEapol, ParseErrorIsReturnedAndNothingAppended) {
    dissect::packet::Decoded dec;
    Databases db;
    const PacketContext ctx{&dec, true, 0, &db};
    Sink out;
    const auto r = eapol_frame(view(msgs::kKeyMessage1).prefix(50), ctx, out);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, dissect::ErrorKind::Truncated);
    EXPECT_TRUE(out.empty());
}

}  // namespace
}  // namespace posture::evidence

// EAPOL / EAP (dissectors/eapol).
#include "dissectors/eapol/eapol.h"

#include <gtest/gtest.h>

#include "tests/unit/dissectors/dissector_test_util.h"
#include "tests/unit/dissectors/eapol_messages.h"

namespace dissect::eapol {
namespace {

using test::Bytes;
using test::view;
namespace msgs = test::eapol_messages;

TEST(EapolParse, KeyFrame) {
    const auto m = parse(view(msgs::kKeyMessage1));
    ASSERT_TRUE(m) << m.error().what;
    EXPECT_EQ(m->version, 2);
    EXPECT_EQ(m->type, kKey);
    EXPECT_EQ(m->body_length, 95);
    EXPECT_EQ(m->body.size(), 95u);
    EXPECT_EQ(m->key_descriptor, 2);
    EXPECT_EQ(m->key_info, 0x008a);
    EXPECT_FALSE(m->eap_code);
}

TEST(EapolParse, Start) {
    const auto m = parse(view(msgs::kStart));
    ASSERT_TRUE(m);
    EXPECT_EQ(m->version, 1);
    EXPECT_EQ(m->type, kStart);
    EXPECT_TRUE(m->body.empty());
}

TEST(EapolParse, EapRequestIdentity) {
    const auto m = parse(view(msgs::kRequestIdentity));
    ASSERT_TRUE(m) << m.error().what;
    EXPECT_EQ(m->type, kEapPacket);
    EXPECT_EQ(m->eap_code, kRequest);
    EXPECT_EQ(m->eap_id, 1);
    EXPECT_EQ(m->eap_length, 5);
    EXPECT_EQ(m->eap_type, kEapTypeIdentity);
    EXPECT_TRUE(m->eap_type_data.empty());
}

TEST(EapolParse, EapResponseIdentity) {
    const auto m = parse(view(msgs::kResponseIdentity));
    ASSERT_TRUE(m) << m.error().what;
    EXPECT_EQ(m->eap_code, kResponse);
    EXPECT_EQ(m->eap_type, kEapTypeIdentity);
    EXPECT_EQ(m->eap_type_data.as_chars(), "alice@example.org");
    EXPECT_TRUE(test::within(view(msgs::kResponseIdentity), m->eap_type_data));
}

TEST(EapolParse, EapMethodAndSuccess) {
    const auto peap = parse(view(msgs::kRequestPeapStart));
    ASSERT_TRUE(peap);
    EXPECT_EQ(peap->eap_type, 25);
    EXPECT_EQ(peap->eap_type_data.size(), 1u);
    const auto ok = parse(view(msgs::kSuccess));
    ASSERT_TRUE(ok);
    EXPECT_EQ(ok->eap_code, kSuccess);
    EXPECT_FALSE(ok->eap_type);
}

TEST(EapolParse, PaddingAfterTheBodyIsIgnored) {
    const auto m = parse(view(msgs::kLogoff));
    ASSERT_TRUE(m);
    EXPECT_EQ(m->type, kLogoff);
    EXPECT_TRUE(m->body.empty());
    const auto v = test::cat(msgs::kResponseIdentity, Bytes(20, 0));
    const auto r = parse(view(v));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->eap_type_data.as_chars(), "alice@example.org");
}

TEST(EapolParse, BodyLengthPastEndIsTruncated) {
    auto v = test::cat(msgs::kStart);
    v[3] = 4;
    const auto r = parse(view(v));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::Truncated);
    EXPECT_EQ(r.error().offset, 4u);
}

TEST(EapolParse, EapLengthsThatLieAreMalformed) {
    auto v = test::cat(msgs::kResponseIdentity);
    v[7] = 0x40;  // EAP length 64 in a 22-byte body
    EXPECT_EQ(parse(view(v)).error().kind, ErrorKind::Malformed);
    v[7] = 0x03;  // below the 4-byte EAP header
    EXPECT_EQ(parse(view(v)).error().kind, ErrorKind::Malformed);
    v[7] = 0x04;  // a Response without its type byte
    EXPECT_EQ(parse(view(v)).error().kind, ErrorKind::Malformed);
    const Bytes short_eap = {0x02, 0x00, 0x00, 0x02, 0x01, 0x01};  // body too short for the EAP header
    EXPECT_EQ(parse(view(short_eap)).error().kind, ErrorKind::Malformed);
}

TEST(EapolParse, ShorterEapLengthBoundsTheTypeData) {
    auto v = test::cat(msgs::kResponseIdentity);
    v[7] = 10;  // EAP says 10 bytes: type + 5 bytes of data; the rest of the body is ignored
    const auto m = parse(view(v));
    ASSERT_TRUE(m);
    EXPECT_EQ(m->eap_type_data.as_chars(), "alice");
}

TEST(EapolParse, OtherDescriptorsHaveNoKeyInfo) {
    const Bytes rc4 = {0x01, 0x03, 0x00, 0x03, 0x01, 0x00, 0x0d};
    const auto m = parse(view(rc4));
    ASSERT_TRUE(m);
    EXPECT_EQ(m->key_descriptor, 1);
    EXPECT_FALSE(m->key_info);
}

TEST(EapolParse, EveryPrefixIsTruncatedOrClean) {
    for (const auto& [name, bytes] : msgs::kNamedEapolMessages) {
        SCOPED_TRACE(name);
        test::expect_prefixes_truncated_or_ok(bytes, parse);
    }
}

}  // namespace
}  // namespace dissect::eapol

// X.509 certificate walk (dissectors/tls/x509).
#include "dissectors/tls/x509.h"

#include <gtest/gtest.h>

#include <string_view>

#include "tests/unit/dissectors/dissector_test_util.h"
#include "tests/unit/dissectors/tls_samples.h"

namespace dissect::tls::x509 {
namespace {

using test::Bytes;
using test::cat;
using test::view;
using namespace test::tls_samples;

std::string_view text(const DirectoryString& s) { return s.value.as_chars(); }

// A hand-written certificate exercising the less common encodings: no
// version field (v1), BMPString and UniversalString names, GeneralizedTime,
// and a UTCTime in 2049 (two-digit years below 50 are 20xx).
constexpr std::uint8_t kOddCert[] = {
    0x30, 0x51,                                            // Certificate SEQUENCE
    0x30, 0x4f,                                            //  tbsCertificate SEQUENCE
    0x02, 0x01, 0x07,                                      //   serialNumber 7
    0x30, 0x00,                                            //   signature AlgorithmIdentifier (empty)
    0x30, 0x11,                                            //   issuer Name
    0x31, 0x0f,                                            //    RDN SET
    0x30, 0x0d,                                            //     AttributeTypeAndValue
    0x06, 0x03, 0x55, 0x04, 0x03,                          //      commonName
    0x1e, 0x06, 0x00, 0x41, 0x00, 0xe9, 0x00, 0x42,        //      BMPString "AéB"
    0x30, 0x20,                                            //   validity
    0x18, 0x0f, '2', '0', '5', '0', '0', '1', '0', '1',    //    notBefore GeneralizedTime
    '0', '0', '0', '0', '0', '0', 'Z',                     //     "20500101000000Z"
    0x17, 0x0d, '4', '9', '1', '2', '3', '1', '2', '3',    //    notAfter UTCTime
    '5', '9', '5', '9', 'Z',                               //     "491231235959Z"
    0x30, 0x13,                                            //   subject Name
    0x31, 0x11,                                            //    RDN SET
    0x30, 0x0f,                                            //     AttributeTypeAndValue
    0x06, 0x03, 0x55, 0x04, 0x0a,                          //      organizationName
    0x1c, 0x08, 0x00, 0x00, 0x00, 0x5a, 0x00, 0x00, 0x00, 0xf6,  // UniversalString "Zö"
};

TEST(X509Parse, LeafVersion1) {
    const auto c = parse(view(kLeafCertDer));
    ASSERT_TRUE(c) << c.error().what;
    EXPECT_EQ(c->version, 1);
    EXPECT_EQ(c->serial.size(), 20u);
    EXPECT_EQ(c->serial[0], 0x7b);
    EXPECT_EQ(text(c->subject.common_name), "nas.example.com");
    EXPECT_EQ(c->subject.common_name.tag, kUtf8String);
    EXPECT_EQ(text(c->subject.organization), "Example Corp");
    EXPECT_EQ(text(c->issuer.common_name), "Example Root CA");
    EXPECT_EQ(text(c->issuer.organization), "Example Corp");
    EXPECT_EQ(c->issuer.attributes, 2u);
    EXPECT_EQ(c->not_before, (Time{2026, 11, 28, 18, 7, 20}));
    EXPECT_EQ(c->not_after, (Time{2029, 3, 2, 18, 7, 20}));
    EXPECT_FALSE(c->self_issued);
    EXPECT_TRUE(test::within(view(kLeafCertDer), c->subject.der));
}

TEST(X509Parse, CaVersion3IsSelfIssued) {
    const auto c = parse(view(kCaCertDer));
    ASSERT_TRUE(c) << c.error().what;
    EXPECT_EQ(c->version, 3);
    EXPECT_TRUE(c->self_issued);
    EXPECT_EQ(text(c->subject.common_name), "Example Root CA");
    EXPECT_EQ(c->not_after, (Time{2036, 11, 25, 18, 7, 20}));
}

TEST(X509Parse, SelfSignedDevice) {
    const auto c = parse(view(kSelfSignedDer));
    ASSERT_TRUE(c);
    EXPECT_TRUE(c->self_issued);
    EXPECT_EQ(text(c->subject.common_name), "printer.local");
    EXPECT_EQ(text(c->issuer.organization), "Acme Printers");
}

TEST(X509Parse, UncommonEncodings) {
    const auto c = parse(view(kOddCert));
    ASSERT_TRUE(c) << c.error().what;
    EXPECT_EQ(c->version, 1);
    EXPECT_EQ(c->issuer.common_name.tag, kBmpString);
    EXPECT_EQ(c->issuer.common_name.value.size(), 6u);
    EXPECT_EQ(c->subject.organization.tag, kUniversalString);
    EXPECT_TRUE(c->subject.common_name.empty());
    EXPECT_EQ(c->not_before, (Time{2050, 1, 1, 0, 0, 0}));
    EXPECT_EQ(c->not_after, (Time{2049, 12, 31, 23, 59, 59}));
    EXPECT_FALSE(c->self_issued);
}

TEST(X509Parse, EveryPrefixIsTruncated) {
    for (const auto& der : {cat(kLeafCertDer), cat(kCaCertDer), cat(kOddCert)})
        test::expect_prefixes_truncated_or_ok(der, [](ByteView v) {
            auto r = parse(v);
            EXPECT_FALSE(r) << "a prefix parsed";  // the outer SEQUENCE always overruns
            return r;
        });
}

TEST(X509Parse, WrongStructureIsMalformed) {
    Bytes v = cat(kOddCert);
    v[0] = 0x31;  // a SET where the Certificate SEQUENCE goes
    EXPECT_EQ(parse(view(v)).error().kind, ErrorKind::Malformed);
    v = cat(kOddCert);
    v[4] = 0x04;  // serialNumber as an OCTET STRING
    EXPECT_EQ(parse(view(v)).error().kind, ErrorKind::Malformed);
    v = cat(kOddCert);
    v[1] = 0x80;  // indefinite length (BER, not DER)
    EXPECT_EQ(parse(view(v)).error().kind, ErrorKind::Malformed);
    v = cat(kOddCert);
    v[1] = 0x85;  // a 5-byte length
    EXPECT_EQ(parse(view(v)).error().kind, ErrorKind::Malformed);
    v = cat(kOddCert);
    v[0] = 0x3f;  // high tag number form
    EXPECT_EQ(parse(view(v)).error().kind, ErrorKind::Malformed);
}

TEST(X509Parse, BadTimesAreMalformed) {
    Bytes v = cat(kOddCert);
    v[40] = 'x';  // a letter in the GeneralizedTime hour
    EXPECT_EQ(parse(view(v)).error().kind, ErrorKind::Malformed);
    v = cat(kOddCert);
    v[36] = '1';
    v[37] = '3';  // month 13
    EXPECT_EQ(parse(view(v)).error().kind, ErrorKind::Malformed);
    v = cat(kOddCert);
    v[61] = '+';  // no 'Z': a local time, not DER
    EXPECT_EQ(parse(view(v)).error().kind, ErrorKind::Malformed);
}

// Builds a DER element with a short or 0x81/0x82 long length.
Bytes der(std::uint8_t tag, const Bytes& content) {
    const std::size_t n = content.size();
    Bytes len = n < 0x80    ? Bytes{static_cast<std::uint8_t>(n)}
                : n < 0x100 ? Bytes{0x81, static_cast<std::uint8_t>(n)}
                            : Bytes{0x82, static_cast<std::uint8_t>(n >> 8), static_cast<std::uint8_t>(n)};
    return cat(Bytes{tag}, len, content);
}

TEST(X509Parse, AttributesPastTheCapAreCounted) {
    Bytes rdns;
    for (std::size_t i = 0; i < kMaxNameAttributes + 5; ++i)
        rdns = cat(rdns, der(0x31, der(0x30, cat(der(0x06, {0x55, 0x04, 0x0b}), der(0x0c, {'u'})))));  // OU
    rdns = cat(rdns, der(0x31, der(0x30, cat(der(0x06, {0x55, 0x04, 0x03}), der(0x0c, {'l', 'a', 't', 'e'})))));
    const Bytes name = der(0x30, rdns);
    const Bytes validity = Bytes(kOddCert + 28, kOddCert + 62);
    const Bytes cert = der(0x30, der(0x30, cat(Bytes{0x02, 0x01, 0x01, 0x30, 0x00}, name, validity, name)));
    const auto c = parse(view(cert));
    ASSERT_TRUE(c) << c.error().what;
    EXPECT_EQ(c->subject.attributes, kMaxNameAttributes);
    EXPECT_EQ(c->subject.attributes_skipped, 6u);
    EXPECT_TRUE(c->subject.common_name.empty());  // it came after the cap
    EXPECT_TRUE(c->self_issued);
}

}  // namespace
}  // namespace dissect::tls::x509

// TLS evidence (posture/evidence/tls): JA3, JA4, SNI and the tls entries from
// ClientHellos, JA3S and tls_server from ServerHellos, tls_cert from the
// certificate, and the observations. Expected JA3/JA4 values were computed
// independently from the specifications (and, for the Firefox hello, equal
// tshark's and FoxIO's outputs for ja4/tls12.pcap).
#include <gtest/gtest.h>

#include <array>
#include <span>
#include <string>
#include <vector>

#include "dissectors/packet/packet.h"
#include "dissectors/tls/tls.h"
#include "posture/evidence/tls.h"
#include "tests/unit/dissectors/dissector_test_util.h"
#include "tests/unit/dissectors/tls_samples.h"

namespace posture::evidence {
namespace {

using dissect::test::Bytes;
using dissect::test::cat;
using dissect::test::view;
using namespace dissect::test::tls_samples;

struct Outcome {
    dissect::Result<StreamStatus> status = StreamStatus{};
    Sink sink;
};

// Calls tls_stream as the router does: `segment` is the payload just added.
Outcome stream(dissect::ByteView buffered, dissect::ByteView segment = {}) {
    static const Databases db{};
    dissect::packet::Decoded dec{};
    dec.l4_payload = segment;
    const PacketContext ctx{&dec, true, 0, &db};
    Outcome r;
    r.status = tls_stream(buffered, ctx, r.sink);
    return r;
}

std::vector<std::string> keys(const Sink& s) {
    std::vector<std::string> k;
    for (const auto& f : s) k.push_back(f.key);
    return k;
}

const Fingerprint& get(const Sink& s, const std::string& key) {
    for (const auto& f : s)
        if (f.key == key) return f;
    static const Fingerprint none;
    ADD_FAILURE() << "no " << key;
    return none;
}

std::string str(const Fingerprint& f) { return f.entry.as_string() ? *f.entry.as_string() : "<not a string>"; }

TEST(EvidenceTls, FirefoxClientHello) {
    const Outcome r = stream(view(kFirefoxHello));
    ASSERT_TRUE(r.status);
    EXPECT_TRUE(r.status->done);
    EXPECT_EQ(keys(r.sink), (std::vector<std::string>{"ja3", "ja4", "sni", "tls"}));
    EXPECT_EQ(str(get(r.sink, "ja3")), "579ccef312d18482fc42e2b822ca2430");
    EXPECT_EQ(str(get(r.sink, "ja4")), "t13d1715h2_5b57614c22b0_3d5424432f57");
    EXPECT_EQ(str(get(r.sink, "sni")), "contile.services.mozilla.com");
    EXPECT_EQ(to_json(get(r.sink, "tls").entry),
              R"({"alpn":"h2,http/1.1","ja3_full":"771,4865-4867-4866-49195-49199-52393-52392-49196-49200-49162-)"
              R"(49161-49171-49172-156-157-47-53,0-23-65281-10-11-35-16-5-34-51-43-13-45-28-21,29-23-24-25-256-257,0",)"
              R"("legacy_version":"0x0303","supported_versions":"0x0304,0x0303","version":"1.3"})");
    for (const auto& f : r.sink) {
        EXPECT_FALSE(f.singleton);
        EXPECT_TRUE(f.names.empty()) << f.key;  // SNI names the server, not the sender
        EXPECT_TRUE(f.hints.empty()) << f.key;
        EXPECT_TRUE(f.observations.empty()) << f.key;
    }
}

TEST(EvidenceTls, GreaseIsIgnoredInJa3AndJa4) {
    const Outcome r = stream(view(kChromeLikeHello));
    ASSERT_TRUE(r.status && r.status->done);
    EXPECT_EQ(str(get(r.sink, "ja3")), "cd08e31494f9531f560d64c695473da9");
    // Same suites and extensions as JA4.md's example, so the same JA4.
    EXPECT_EQ(str(get(r.sink, "ja4")), "t13d1516h2_8daaf6152771_e5627efa2ab1");
    EXPECT_EQ(to_json(get(r.sink, "tls").entry),
              R"({"alpn":"h2,http/1.1","ja3_full":"771,4865-4866-4867-49195-49199-49196-49200-52393-52392-49171-)"
              R"(49172-156-157-47-53,0-23-65281-10-11-35-16-5-13-18-51-45-43-27-17513-21,29-23-24,0",)"
              R"("legacy_version":"0x0303","supported_versions":"0x3a3a,0x0304,0x0303","version":"1.3"})");
    std::array<std::uint8_t, 4096> s{};
    const auto f = dissect::tls::parse(view(kChromeLikeHello), s);
    ASSERT_TRUE(f && f->client_hello);
    EXPECT_EQ(ja4_raw(*f->client_hello, Transport::Tcp),
              "t13d1516h2_002f,0035,009c,009d,1301,1302,1303,c013,c014,c02b,c02c,c02f,c030,cca8,cca9_0005,000a,000b,"
              "000d,0012,0015,0017,001b,0023,002b,002d,0033,4469,ff01_0403,0804,0401,0503,0805,0501,0806,0601");
    EXPECT_EQ(ja4(*f->client_hello, Transport::Quic).substr(0, 10), "q13d1516h2");
}

TEST(EvidenceTls, LegacyClientOffersOldVersionAndWeakCiphers) {
    const Outcome r = stream(view(kLegacyHello));
    ASSERT_TRUE(r.status && r.status->done);
    EXPECT_EQ(keys(r.sink), (std::vector<std::string>{"ja3", "ja4", "tls"}));  // no SNI
    EXPECT_EQ(str(get(r.sink, "ja3")), "32979b47da23527938a773c695b0ac8c");  // "769,5-10-47-255,,,"
    EXPECT_EQ(str(get(r.sink, "ja4")), "t10i040000_869dcdc5a9a6_000000000000");
    const Fingerprint& tls = get(r.sink, "tls");
    EXPECT_EQ(to_json(tls.entry), R"({"ja3_full":"769,5-10-47-255,,,","legacy_version":"0x0301","version":"1.0"})");
    ASSERT_EQ(tls.observations.size(), 2u);
    EXPECT_EQ(tls.observations[0].what, "tls.version.1.0");
    EXPECT_EQ(tls.observations[0].detail, "client offers at most 1.0");
    EXPECT_EQ(tls.observations[1].what, "tls.weak_cipher.offered");
    EXPECT_EQ(tls.observations[1].detail, "offered RC4,3DES");
}

TEST(EvidenceTls, StrayByteHelloEndsJa3LikeTshark) {
    Bytes v = cat(kLegacyHello, Bytes{0x00});
    v[4] += 1;  // record length
    v[8] += 1;  // handshake length
    const Outcome r = stream(view(v));
    ASSERT_TRUE(r.status && r.status->done);
    EXPECT_EQ(to_json(get(r.sink, "tls").entry.as_map()->at("ja3_full")), R"("769,5-10-47-255,")");
}

TEST(EvidenceTls, IncompleteHelloWaitsAndAppendsNothing) {
    const Outcome r = stream(view(kFirefoxHello).prefix(100));
    ASSERT_TRUE(r.status);
    EXPECT_FALSE(r.status->done);
    EXPECT_EQ(r.status->need_bytes, sizeof kFirefoxHello);
    EXPECT_TRUE(r.sink.empty());
}

TEST(EvidenceTls, ParserErrorsAreReturned) {
    const Bytes http = {'G', 'E', 'T', ' ', '/'};
    const Outcome r = stream(view(http));
    ASSERT_FALSE(r.status);
    EXPECT_EQ(r.status.error().kind, dissect::ErrorKind::Unsupported);
    EXPECT_TRUE(r.sink.empty());
}

Bytes tls12_flight(std::span<const std::uint8_t> leaf) {
    // The Certificate record's lengths follow the leaf's size.
    const std::size_t list = 3 + leaf.size() + sizeof kCaCertLength + sizeof kCaCertDer;
    const std::size_t msg = 3 + list;
    const std::size_t rec = 4 + msg + sizeof kServerDone;
    const Bytes header = {0x16, 0x03, 0x03, static_cast<std::uint8_t>(rec >> 8), static_cast<std::uint8_t>(rec),
                          0x0b, 0x00, static_cast<std::uint8_t>(msg >> 8), static_cast<std::uint8_t>(msg),
                          0x00, static_cast<std::uint8_t>(list >> 8), static_cast<std::uint8_t>(list),
                          0x00, static_cast<std::uint8_t>(leaf.size() >> 8), static_cast<std::uint8_t>(leaf.size())};
    return cat(kServerHello12, header, leaf, kCaCertLength, kCaCertDer, kServerDone);
}

TEST(EvidenceTls, Tls12ServerFlight) {
    const Bytes flight = tls12_flight(kLeafCertDer);
    ASSERT_EQ(Bytes(flight.begin() + sizeof kServerHello12, flight.begin() + sizeof kServerHello12 + sizeof kCertificateHeader),
              cat(kCertificateHeader));
    const Outcome r = stream(view(flight));
    ASSERT_TRUE(r.status) << r.status.error().what;
    EXPECT_TRUE(r.status->done);
    EXPECT_EQ(keys(r.sink), (std::vector<std::string>{"ja3s", "tls_server", "tls_cert"}));
    EXPECT_EQ(str(get(r.sink, "ja3s")), "8d2a028aa94425f76ced7826b1f39039");  // "771,49199,65281-11-35-16"
    EXPECT_EQ(to_json(get(r.sink, "tls_server").entry),
              R"({"alpn":"h2","cipher":"0xc02f","ja3s_full":"771,49199,65281-11-35-16","legacy_version":"0x0303",)"
              R"("version":"1.2"})");
    const Fingerprint& cert = get(r.sink, "tls_cert");
    EXPECT_EQ(to_json(cert.entry),
              R"({"issuer":"CN=Example Root CA,O=Example Corp","not_after":"2029-03-02T18:07:20Z",)"
              R"("not_before":"2026-11-28T18:07:20Z","self_signed":false,"subject":"CN=nas.example.com,O=Example Corp"})");
    for (const auto& f : r.sink) EXPECT_TRUE(f.observations.empty()) << f.key;
}

TEST(EvidenceTls, ServerHelloEvidenceGoesOutOnceAcrossSegments) {
    const Bytes flight = tls12_flight(kLeafCertDer);
    const dissect::ByteView all = view(flight);
    // Segment 1 completes the ServerHello but not the Certificate.
    const Outcome first = stream(all.prefix(400), all.prefix(400));
    ASSERT_TRUE(first.status);
    EXPECT_FALSE(first.status->done);
    EXPECT_EQ(first.status->need_bytes, sizeof kServerHello12 + 9 + 805);
    EXPECT_EQ(keys(first.sink), (std::vector<std::string>{"ja3s", "tls_server"}));
    // Segment 2 completes the Certificate: only its evidence follows.
    const Outcome second = stream(all, *all.subview(400, flight.size() - 400));
    ASSERT_TRUE(second.status);
    EXPECT_TRUE(second.status->done);
    EXPECT_EQ(keys(second.sink), (std::vector<std::string>{"tls_cert"}));
    // A segment that ends inside the hello, then one that completes it.
    const Outcome early = stream(all.prefix(60), all.prefix(60));
    ASSERT_TRUE(early.status);
    EXPECT_TRUE(early.sink.empty());
    const Outcome late = stream(all.prefix(200), *all.subview(60, 140));
    EXPECT_EQ(keys(late.sink), (std::vector<std::string>{"ja3s", "tls_server"}));
}

TEST(EvidenceTls, SelfSignedCertificateIsObserved) {
    const Outcome r = stream(view(tls12_flight(kSelfSignedDer)));
    ASSERT_TRUE(r.status && r.status->done);
    const Fingerprint& cert = get(r.sink, "tls_cert");
    EXPECT_EQ(to_json(cert.entry.as_map()->at("self_signed")), "true");
    EXPECT_EQ(to_json(cert.entry.as_map()->at("subject")), R"("CN=printer.local,O=Acme Printers")");
    ASSERT_EQ(cert.observations.size(), 1u);
    EXPECT_EQ(cert.observations[0].what, "tls.self_signed");
    EXPECT_EQ(cert.observations[0].detail, "CN=printer.local,O=Acme Printers");
}

TEST(EvidenceTls, CertificateThatDoesNotParseKeepsTheServerHello) {
    Bytes leaf = cat(kLeafCertDer);
    leaf[0] = 0x31;  // not a SEQUENCE
    const Outcome r = stream(view(tls12_flight(leaf)));
    ASSERT_FALSE(r.status);
    EXPECT_EQ(r.status.error().kind, dissect::ErrorKind::Malformed);
    EXPECT_EQ(keys(r.sink), (std::vector<std::string>{"ja3s", "tls_server"}));
}

TEST(EvidenceTls, Tls13ServerHello) {
    const Outcome r = stream(view(kServerHello13));
    ASSERT_TRUE(r.status && r.status->done);
    EXPECT_EQ(str(get(r.sink, "ja3s")), "f4febc55ea12b31ae17cfb7e614afda8");  // "771,4865,43-51"
    EXPECT_EQ(to_json(get(r.sink, "tls_server").entry),
              R"({"cipher":"0x1301","ja3s_full":"771,4865,43-51","legacy_version":"0x0303",)"
              R"("supported_version":"0x0304","version":"1.3"})");
    EXPECT_TRUE(get(r.sink, "tls_server").observations.empty());
}

TEST(EvidenceTls, OldServerVersionAndWeakCipherAreObserved) {
    Bytes sh = cat(kServerHello12);
    sh[9] = 0x03, sh[10] = 0x01;   // server_version TLS 1.0
    sh[76] = 0x00, sh[77] = 0x05;  // TLS_RSA_WITH_RC4_128_SHA
    const Bytes ske = {0x16, 0x03, 0x01, 0x00, 0x06, 0x0c, 0x00, 0x00, 0x02, 0xab, 0xcd};
    const Outcome r = stream(view(cat(sh, ske)));
    ASSERT_TRUE(r.status && r.status->done);
    EXPECT_EQ(str(get(r.sink, "ja3s")), "326048a087aa026737b61b399d79618f");  // "769,5,65281-11-35-16"
    const Fingerprint& server = get(r.sink, "tls_server");
    EXPECT_EQ(to_json(server.entry.as_map()->at("ja3s_full")), R"("769,5,65281-11-35-16")");
    ASSERT_EQ(server.observations.size(), 2u);
    EXPECT_EQ(server.observations[0].what, "tls.version.1.0");
    EXPECT_EQ(server.observations[0].detail, "server selected 1.0");
    EXPECT_EQ(server.observations[1].what, "tls.weak_cipher");
    EXPECT_EQ(server.observations[1].detail, "selected 0x0005 (RC4)");
}

TEST(EvidenceTls, FatalAlertEndsTheDirectionQuietly) {
    const Bytes alert = {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28};
    const Outcome r = stream(view(alert));
    ASSERT_TRUE(r.status);
    EXPECT_TRUE(r.status->done);
    EXPECT_TRUE(r.sink.empty());
}

TEST(EvidenceTls, HelloLargerThanTheStreamBufferIsLimitExceeded) {
    // A record header and a hello header announcing 20000 bytes.
    const Bytes big = {0x16, 0x03, 0x01, 0x40, 0x00, 0x01, 0x00, 0x4e, 0x20};
    const Outcome r = stream(view(big));
    ASSERT_FALSE(r.status);
    EXPECT_EQ(r.status.error().kind, dissect::ErrorKind::LimitExceeded);
}

// --- JA4 details, on hand-made ClientHello values ---

// The result points into `first`.
dissect::tls::ClientHello hello_with_alpn(const Bytes& first) {
    dissect::tls::ClientHello ch;
    static const std::uint8_t kSuite[] = {0x13, 0x01};
    ch.legacy_version = 0x0303;
    ch.cipher_suites = dissect::tls::U16List(view(kSuite));
    ch.extensions.push({dissect::tls::kExtAlpn, {}});
    ch.alpn.push(dissect::ByteView{first.data(), first.size()});
    return ch;
}

TEST(EvidenceTlsJa4, AlpnCharacters) {
    const auto a = [](const Bytes& first) { return ja4(hello_with_alpn(first), Transport::Tcp).substr(0, 10); };
    EXPECT_EQ(a({'h', '2'}), "t12i0101h2");
    EXPECT_EQ(a({'h', 't', 't', 'p', '/', '1', '.', '1'}), "t12i0101h1");
    EXPECT_EQ(a({'h'}), "t12i0101hh");  // one character is both ends
    EXPECT_EQ(a({}), "t12i010100");    // an empty first value
    // Non-alphanumeric ends: first and last hex digit of the value (JA4.md).
    EXPECT_EQ(a({0xab}), "t12i0101ab");
    EXPECT_EQ(a({0xab, 0xcd}), "t12i0101ad");
    EXPECT_EQ(a({0x30, 0xab}), "t12i01013b");
    EXPECT_EQ(a({0x30, 0x31, 0xab, 0xcd}), "t12i01013d");
    EXPECT_EQ(a({0x30, 0xab, 0xcd, 0x31}), "t12i010101");
}

TEST(EvidenceTlsJa4, VersionCountsAndEmptyLists) {
    dissect::tls::ClientHello ch;
    ch.legacy_version = 0x0301;
    EXPECT_EQ(ja4(ch, Transport::Tcp), "t10i000000_000000000000_000000000000");
    ch.legacy_version = 0xfefd;
    EXPECT_EQ(ja4(ch, Transport::Dtls).substr(0, 3), "dd2");
    ch.legacy_version = 0x0200;
    EXPECT_EQ(ja4(ch, Transport::Tcp).substr(0, 3), "t00");
    // supported_versions: the highest non-GREASE value; only GREASE: client_version.
    static const std::uint8_t kGreaseOnly[] = {0x1a, 0x1a};
    ch.legacy_version = 0x0303;
    ch.extensions.push({dissect::tls::kExtSupportedVersions, {}});
    ch.supported_versions = dissect::tls::U16List(view(kGreaseOnly));
    EXPECT_EQ(ja4(ch, Transport::Tcp).substr(0, 3), "t12");
    static const std::uint8_t kDraft[] = {0x7f, 0x1c, 0x03, 0x04};
    ch.supported_versions = dissect::tls::U16List(view(kDraft));
    EXPECT_EQ(ja4(ch, Transport::Tcp).substr(0, 3), "t00");  // 0x7f1c is the maximum, and unknown
    // Counts stop at 99.
    Bytes suites;
    for (std::uint16_t i = 1; i <= 120; ++i) suites = cat(suites, Bytes{0x00, static_cast<std::uint8_t>(i)});
    ch.cipher_suites = dissect::tls::U16List(view(suites));
    EXPECT_EQ(ja4(ch, Transport::Tcp).substr(0, 8), "t00i9901");
}

TEST(EvidenceTlsJa4, OnlySniAndAlpnLeaveAnEmptyExtensionHash) {
    const Bytes h2 = {'h', '2'};  // outlives `ch`, which points into it
    dissect::tls::ClientHello ch = hello_with_alpn(h2);
    ch.extensions.push({dissect::tls::kExtServerName, {}});
    EXPECT_EQ(ja4(ch, Transport::Tcp), "t12d0102h2_0f2cb44170f4_000000000000");  // sha256("1301")
}

TEST(EvidenceTls, VersionNames) {
    EXPECT_EQ(tls_version_name(0x0304), "1.3");
    EXPECT_EQ(tls_version_name(0x0300), "ssl3");
    EXPECT_EQ(tls_version_name(0x0002), "ssl2");
    EXPECT_EQ(tls_version_name(0x7f1c), "0x7f1c");
}

TEST(EvidenceTls, LongStringsAreCappedAndFlagged) {
    // 300 suites make a JA3 string far over 256 bytes.
    Bytes suites;
    for (std::uint16_t i = 0; i < 300; ++i) suites = cat(suites, Bytes{0xc0, static_cast<std::uint8_t>(i)});
    Bytes name(300, 'a');
    const Bytes sni = cat(Bytes{0x00, 0x00,   // server_name
                                0x01, 0x31,   // extension length 305
                                0x01, 0x2f,   // list length 303
                                0x00,         // host_name
                                0x01, 0x2c},  // name length 300
                          name);
    const Bytes body = cat(Bytes{0x03, 0x03}, Bytes(32, 0), Bytes{0x00, 0x02, 0x58}, suites, Bytes{0x01, 0x00},
                           Bytes{0x01, 0x35}, sni);  // extensions length 309
    const Bytes rec = cat(Bytes{0x16, 0x03, 0x01, static_cast<std::uint8_t>((body.size() + 4) >> 8),
                                static_cast<std::uint8_t>(body.size() + 4), 0x01, 0x00,
                                static_cast<std::uint8_t>(body.size() >> 8), static_cast<std::uint8_t>(body.size())},
                          body);
    const Outcome r = stream(view(rec));
    ASSERT_TRUE(r.status) << r.status.error().what;
    EXPECT_EQ(str(get(r.sink, "sni")).size(), kMaxString);
    const Map& tls = *get(r.sink, "tls").entry.as_map();
    EXPECT_EQ(tls.at("ja3_full").as_string()->size(), kMaxString);
    EXPECT_EQ(to_json(tls.at("truncated")), "true");
    EXPECT_EQ(str(get(r.sink, "ja4")).substr(0, 10), "t12d990100");
}

}  // namespace
}  // namespace posture::evidence

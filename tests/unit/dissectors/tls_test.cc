// TLS record layer and handshake (dissectors/tls).
#include "dissectors/tls/tls.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <initializer_list>
#include <span>
#include <string_view>
#include <vector>

#include "tests/unit/dissectors/dissector_test_util.h"
#include "tests/unit/dissectors/tls_samples.h"

namespace dissect::tls {
namespace {

using test::Bytes;
using test::cat;
using test::view;
using namespace test::tls_samples;

using Scratch = std::array<std::uint8_t, 16 * 1024>;

std::string_view text(ByteView v) { return v.as_chars(); }

Bytes u16(std::size_t v) { return {static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v)}; }
Bytes u24(std::size_t v) {
    return {static_cast<std::uint8_t>(v >> 16), static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v)};
}

// The handshake message (header + body) inside a single-record sample.
Bytes message_of(std::span<const std::uint8_t> record) { return Bytes(record.begin() + 5, record.end()); }
Bytes body_of(std::span<const std::uint8_t> record) { return Bytes(record.begin() + 9, record.end()); }

// Re-frames handshake bytes into records of the given sizes (the rest in a last one).
Bytes records(const Bytes& hs, std::initializer_list<std::size_t> sizes) {
    Bytes out;
    std::size_t at = 0;
    auto emit = [&](std::size_t n) {
        out.insert(out.end(), {kHandshake, 0x03, 0x03});
        const Bytes len = u16(n);
        out.insert(out.end(), len.begin(), len.end());
        out.insert(out.end(), hs.begin() + static_cast<std::ptrdiff_t>(at), hs.begin() + static_cast<std::ptrdiff_t>(at + n));
        at += n;
    };
    for (std::size_t n : sizes) emit(n);
    emit(hs.size() - at);
    return out;
}

// A ClientHello record around `body`.
Bytes client_hello_record(const Bytes& body) {
    return cat(Bytes{kHandshake, 0x03, 0x01}, u16(body.size() + 4), Bytes{kClientHello}, u24(body.size()), body);
}

// A minimal ClientHello body: TLS 1.2, zero random, no session id, one
// suite, null compression, then `extensions` (a whole block, length included).
Bytes small_hello_body(const Bytes& extensions) {
    return cat(Bytes{0x03, 0x03}, Bytes(32, 0), Bytes{0x00}, Bytes{0x00, 0x02, 0x13, 0x01}, Bytes{0x01, 0x00},
               extensions);
}

Bytes extension(std::uint16_t type, const Bytes& body) { return cat(u16(type), u16(body.size()), body); }
Bytes block(const Bytes& exts) { return cat(u16(exts.size()), exts); }

// --- ClientHello ---

TEST(TlsClientHello, FirefoxFields) {
    Scratch s;
    const auto f = parse(view(kFirefoxHello), s);
    ASSERT_TRUE(f) << f.error().what;
    EXPECT_EQ(f->need_bytes, 0u);
    EXPECT_EQ(f->record_version, 0x0301);
    EXPECT_EQ(f->hello_end, sizeof kFirefoxHello);
    ASSERT_TRUE(f->client_hello);
    EXPECT_FALSE(f->server_hello);
    const ClientHello& ch = *f->client_hello;
    EXPECT_EQ(ch.legacy_version, 0x0303);
    EXPECT_EQ(ch.session_id.size(), 32u);
    ASSERT_EQ(ch.cipher_suites.size(), 17u);
    EXPECT_EQ(ch.cipher_suites[0], 0x1301);
    EXPECT_EQ(ch.cipher_suites[16], 0x0035);
    EXPECT_EQ(ch.compression_methods.size(), 1u);
    EXPECT_TRUE(ch.has_extensions);
    const std::vector<std::uint16_t> want_exts = {0, 23, 65281, 10, 11, 35, 16, 5, 34, 51, 43, 13, 45, 28, 21};
    std::vector<std::uint16_t> exts;
    for (const auto& e : ch.extensions.view()) exts.push_back(e.type);
    EXPECT_EQ(exts, want_exts);
    EXPECT_EQ(ch.extensions.dropped, 0u);
    EXPECT_EQ(text(ch.server_name), "contile.services.mozilla.com");
    ASSERT_EQ(ch.supported_groups.size(), 6u);
    EXPECT_EQ(ch.supported_groups[0], 0x001d);
    EXPECT_EQ(ch.supported_groups[5], 0x0101);
    ASSERT_EQ(ch.ec_point_formats.size(), 1u);
    EXPECT_EQ(ch.ec_point_formats[0], 0);
    ASSERT_EQ(ch.signature_algorithms.size(), 11u);
    EXPECT_EQ(ch.signature_algorithms[0], 0x0403);
    EXPECT_EQ(ch.signature_algorithms[10], 0x0201);
    ASSERT_EQ(ch.alpn.count, 2u);
    EXPECT_EQ(text(ch.alpn.items[0]), "h2");
    EXPECT_EQ(text(ch.alpn.items[1]), "http/1.1");
    ASSERT_EQ(ch.supported_versions.size(), 2u);
    EXPECT_EQ(ch.supported_versions[0], 0x0304);
    EXPECT_EQ(ch.supported_versions[1], 0x0303);
    ASSERT_EQ(ch.key_share_groups.count, 2u);
    EXPECT_EQ(ch.key_share_groups.items[0], 0x001d);
    EXPECT_EQ(ch.key_share_groups.items[1], 0x0017);
    EXPECT_EQ(ch.bad_extensions, 0u);
    EXPECT_TRUE(ch.has_extension(kExtAlpn));
    EXPECT_FALSE(ch.has_extension(kExtQuicTransportParameters));
    // Views point into the reassembly buffer, not into the stream.
    EXPECT_TRUE(test::within(ByteView{s.data(), s.size()}, ch.server_name));
}

TEST(TlsClientHello, GreaseIsKeptInTheParsedLists) {
    Scratch s;
    const auto f = parse(view(kChromeLikeHello), s);
    ASSERT_TRUE(f && f->client_hello);
    const ClientHello& ch = *f->client_hello;
    EXPECT_EQ(ch.cipher_suites[0], 0x7a7a);
    EXPECT_TRUE(is_grease(ch.cipher_suites[0]));
    EXPECT_EQ(ch.extensions.count, 18u);
    EXPECT_EQ(ch.extensions.items[0].type, 0x2a2a);
    EXPECT_EQ(ch.supported_versions[0], 0x3a3a);
    EXPECT_EQ(ch.signature_algorithms[0], 0x0a0a);
    EXPECT_EQ(ch.key_share_groups.items[0], 0x4a4a);
    EXPECT_EQ(text(ch.server_name), "example.com");
    EXPECT_EQ(ch.session_id.size(), 32u);
}

TEST(TlsClientHello, GreaseValues) {
    EXPECT_TRUE(is_grease(0x0a0a));
    EXPECT_TRUE(is_grease(0xfafa));
    EXPECT_FALSE(is_grease(0x0a1a));
    EXPECT_FALSE(is_grease(0x1301));
    EXPECT_FALSE(is_grease(0x0b0b));
}

TEST(TlsClientHello, WithoutExtensionsBlock) {
    Scratch s;
    const auto f = parse(view(kLegacyHello), s);
    ASSERT_TRUE(f && f->client_hello);
    const ClientHello& ch = *f->client_hello;
    EXPECT_EQ(ch.legacy_version, 0x0301);
    EXPECT_EQ(ch.cipher_suites.size(), 4u);
    EXPECT_FALSE(ch.has_extensions);
    EXPECT_FALSE(ch.stray_byte);
    EXPECT_TRUE(ch.extensions.empty());
    EXPECT_TRUE(ch.server_name.empty());
}

TEST(TlsClientHello, StrayByteAfterCompressionIsNoExtensionsBlock) {
    const Bytes body = cat(body_of(kLegacyHello), Bytes{0x00});
    const auto ch = parse_client_hello(view(body));
    ASSERT_TRUE(ch);
    EXPECT_FALSE(ch->has_extensions);
    EXPECT_TRUE(ch->stray_byte);
}

TEST(TlsClientHello, SplitAcrossRecordsGivesTheSameHello) {
    const Bytes split = records(message_of(kFirefoxHello), {3, 100, 1});
    Scratch s1, s2;
    const auto whole = parse(view(kFirefoxHello), s1);
    const auto parts = parse(view(split), s2);
    ASSERT_TRUE(whole && parts);
    ASSERT_TRUE(parts->client_hello) << parts->need_bytes;
    EXPECT_EQ(parts->hello_end, split.size());
    EXPECT_EQ(text(parts->client_hello->server_name), text(whole->client_hello->server_name));
    EXPECT_EQ(parts->client_hello->extensions.count, whole->client_hello->extensions.count);
    EXPECT_EQ(parts->client_hello->cipher_suites.size(), whole->client_hello->cipher_suites.size());
}

TEST(TlsClientHello, EveryPrefixOfTheStreamAsksForMore) {
    const Bytes split = records(message_of(kFirefoxHello), {3, 100, 1});
    for (const Bytes& stream : {Bytes(std::begin(kFirefoxHello), std::end(kFirefoxHello)), split}) {
        for (std::size_t n = 0; n < stream.size(); ++n) {
            const Bytes prefix(stream.begin(), stream.begin() + static_cast<std::ptrdiff_t>(n));
            Scratch s;
            const auto f = parse(view(prefix), s);
            ASSERT_TRUE(f) << "prefix " << n << ": " << f.error().what;
            EXPECT_FALSE(f->client_hello) << n;
            EXPECT_GT(f->need_bytes, n) << n;
            EXPECT_LE(f->need_bytes, stream.size()) << n;  // a lower bound, never past the hello
        }
    }
}

TEST(TlsClientHello, NeedBytesFollowsTheHeaders) {
    Scratch s;
    auto need = [&](std::size_t n) { return parse(view(kFirefoxHello).prefix(n), s)->need_bytes; };
    EXPECT_EQ(need(0), 9u);  // a record header and a handshake header
    EXPECT_EQ(need(3), 9u);
    EXPECT_EQ(need(7), 9u);
    EXPECT_EQ(need(9), sizeof kFirefoxHello);  // the hello's length is known
    EXPECT_EQ(need(300), sizeof kFirefoxHello);
}

TEST(TlsClientHello, EveryPrefixOfTheBodyIsTruncatedOrPartial) {
    using Sample = std::span<const std::uint8_t>;
    for (const Sample sample : {Sample(kFirefoxHello), Sample(kChromeLikeHello), Sample(kLegacyHello)}) {
        const Bytes body = body_of(sample);
        test::expect_prefixes_truncated_or_ok(body, [](ByteView v) { return parse_client_hello(v); });
    }
}

TEST(TlsClientHello, RecordLongerThanTheLimitIsMalformed) {
    Bytes v = cat(kFirefoxHello);
    v[3] = 0x49;  // record length 0x4900 > 2^14 + 2048
    Scratch s;
    const auto f = parse(view(v), s);
    ASSERT_FALSE(f);
    EXPECT_EQ(f.error().kind, ErrorKind::Malformed);
    EXPECT_EQ(f.error().offset, 3u);
}

TEST(TlsClientHello, OddCipherSuitesLengthIsMalformed) {
    Bytes body = body_of(kLegacyHello);
    body[36] = 0x07;  // cipher suites length 7
    const auto ch = parse_client_hello(view(body));
    ASSERT_FALSE(ch);
    EXPECT_EQ(ch.error().kind, ErrorKind::Malformed);
}

TEST(TlsClientHello, SessionIdOver32BytesIsMalformed) {
    Bytes body = body_of(kLegacyHello);
    body[34] = 33;  // session id length
    const auto ch = parse_client_hello(view(body));
    ASSERT_FALSE(ch);
    EXPECT_EQ(ch.error().kind, ErrorKind::Malformed);
}

TEST(TlsClientHello, FieldPastTheMessageIsMalformedInAStream) {
    // The extensions block claims 200 bytes; the message ends after 10.
    const Bytes body = small_hello_body(cat(u16(200), extension(kExtSupportedGroups, {0x00, 0x02, 0x00, 0x1d})));
    EXPECT_EQ(parse_client_hello(view(body)).error().kind, ErrorKind::Truncated);
    Scratch s;
    const auto f = parse(view(client_hello_record(body)), s);
    ASSERT_FALSE(f);
    EXPECT_EQ(f.error().kind, ErrorKind::Malformed);
}

TEST(TlsClientHello, BrokenExtensionBodyIsCountedNotFatal) {
    const Bytes exts = cat(extension(kExtServerName, {0x00, 0x30, 0x00, 0x00, 0x01, 'x'}),  // list length lies
                           extension(kExtAlpn, {0x00, 0x03, 0x02, 'h', '2'}),
                           extension(kExtSupportedVersions, {0x03, 0x03, 0x04, 0x03}));  // odd length
    const Bytes body = small_hello_body(block(exts));  // the views point into it
    const auto ch = parse_client_hello(view(body));
    ASSERT_TRUE(ch);
    EXPECT_EQ(ch->bad_extensions, 2u);
    EXPECT_EQ(ch->extensions.count, 3u);
    EXPECT_TRUE(ch->server_name.empty());
    ASSERT_EQ(ch->alpn.count, 1u);
    EXPECT_EQ(text(ch->alpn.items[0]), "h2");
    EXPECT_TRUE(ch->supported_versions.empty());
}

TEST(TlsClientHello, ExtensionsPastTheCapAreCounted) {
    Bytes exts;
    for (std::uint16_t t = 0; t < kMaxExtensions + 6; ++t) exts = cat(exts, extension(static_cast<std::uint16_t>(0x1000 + t), {}));
    const Bytes body = small_hello_body(block(exts));  // the views point into it
    const auto ch = parse_client_hello(view(body));
    ASSERT_TRUE(ch);
    EXPECT_EQ(ch->extensions.count, kMaxExtensions);
    EXPECT_EQ(ch->extensions.dropped, 6u);
    EXPECT_EQ(ch->extensions.items[kMaxExtensions - 1].type, 0x1000 + kMaxExtensions - 1);
}

TEST(TlsClientHello, AlpnNamesAndKeySharesPastTheCapAreCounted) {
    Bytes names, shares;
    for (std::size_t i = 0; i < kMaxAlpnNames + 8; ++i) names = cat(names, Bytes{0x02, 'h', static_cast<std::uint8_t>('0' + i % 10)});
    for (std::size_t i = 0; i < kMaxKeyShares + 4; ++i) shares = cat(shares, u16(0x1000 + i), Bytes{0x00, 0x01, 0xaa});
    const Bytes exts = cat(extension(kExtAlpn, cat(u16(names.size()), names)), extension(kExtKeyShare, cat(u16(shares.size()), shares)));
    const Bytes body = small_hello_body(block(exts));  // the views point into it
    const auto ch = parse_client_hello(view(body));
    ASSERT_TRUE(ch);
    EXPECT_EQ(ch->alpn.count, kMaxAlpnNames);
    EXPECT_EQ(ch->alpn.dropped, 8u);
    EXPECT_EQ(ch->key_share_groups.count, kMaxKeyShares);
    EXPECT_EQ(ch->key_share_groups.dropped, 4u);
    EXPECT_EQ(ch->bad_extensions, 0u);
}

TEST(TlsClientHello, HelloLargerThanTheBufferIsLimitExceeded) {
    std::array<std::uint8_t, 256> small{};
    const auto f = parse(view(kFirefoxHello), small);
    ASSERT_FALSE(f);
    EXPECT_EQ(f.error().kind, ErrorKind::LimitExceeded);
    // Even before the hello is all there: its header already says it cannot fit.
    const auto early = parse(view(kFirefoxHello).prefix(20), small);
    ASSERT_FALSE(early);
    EXPECT_EQ(early.error().kind, ErrorKind::LimitExceeded);
}

TEST(TlsClientHello, NotTlsIsUnsupported) {
    Scratch s;
    const Bytes http = {'G', 'E', 'T', ' ', '/', ' ', 'H', 'T', 'T', 'P'};
    EXPECT_EQ(parse(view(http), s).error().kind, ErrorKind::Unsupported);
    // An SSLv2-format hello: 2-byte record header with the high bit set.
    const Bytes sslv2 = {0x80, 0x2e, 0x01, 0x00, 0x02, 0x00, 0x15, 0x00, 0x00, 0x00, 0x10};
    EXPECT_EQ(parse(view(sslv2), s).error().kind, ErrorKind::Unsupported);
    // A handshake record whose version is not 3.x.
    const Bytes v2 = {kHandshake, 0x02, 0x00, 0x00, 0x04, 0x01, 0x00, 0x00, 0x00};
    EXPECT_EQ(parse(view(v2), s).error().kind, ErrorKind::Unsupported);
}

TEST(TlsClientHello, FirstHandshakeThatIsNotAHelloIsUnsupported) {
    Scratch s;
    const Bytes finished = {kHandshake, 0x03, 0x03, 0x00, 0x08, 20, 0x00, 0x00, 0x04, 1, 2, 3, 4};
    EXPECT_EQ(parse(view(finished), s).error().kind, ErrorKind::Unsupported);
    // Known as soon as the type byte is in.
    EXPECT_EQ(parse(view(finished).prefix(6), s).error().kind, ErrorKind::Unsupported);
}

TEST(TlsClientHello, HelloCutByAnotherRecordIsMalformed) {
    Bytes v(std::begin(kFirefoxHello), std::begin(kFirefoxHello) + 50);
    v[3] = 0x00;
    v[4] = 45;  // the record ends after 45 bytes of a 512-byte hello...
    v = cat(v, Bytes{kChangeCipherSpec, 0x03, 0x03, 0x00, 0x01, 0x01});  // ...and a CCS follows
    Scratch s;
    const auto f = parse(view(v), s);
    ASSERT_FALSE(f);
    EXPECT_EQ(f.error().kind, ErrorKind::Malformed);
}

TEST(TlsClientHello, BrokenRecordAfterTheHelloDoesNotMatter) {
    const Bytes v = cat(kFirefoxHello, Bytes{0x17, 0x07, 0x07, 0xff, 0xff});
    Scratch s;
    const auto f = parse(view(v), s);
    ASSERT_TRUE(f);
    EXPECT_TRUE(f->client_hello);
}

TEST(TlsClientHello, BareHandshakeMessageAsInQuic) {
    const Bytes msg = message_of(kFirefoxHello);
    const auto ch = parse_client_hello_message(view(msg));
    ASSERT_TRUE(ch);
    EXPECT_EQ(text(ch->server_name), "contile.services.mozilla.com");
    test::expect_prefixes_truncated_or_ok(msg, [](ByteView v) { return parse_client_hello_message(v); });
    Bytes server = msg;
    server[0] = kServerHello;
    EXPECT_EQ(parse_client_hello_message(view(server)).error().kind, ErrorKind::Unsupported);
    // The message claims 30 bytes: a hello cut there overruns its own length.
    Bytes lying(msg.begin(), msg.begin() + 34);
    lying[2] = 0;
    lying[3] = 30;
    EXPECT_EQ(parse_client_hello_message(view(lying)).error().kind, ErrorKind::Malformed);
}

// --- ServerHello and Certificate ---

Bytes tls12_flight() { return cat(kServerHello12, kCertificateHeader, kLeafCertDer, kCaCertLength, kCaCertDer, kServerDone); }

TEST(TlsServerHello, Tls12FlightWithCertificate) {
    const Bytes flight = tls12_flight();
    Scratch s;
    const auto f = parse(view(flight), s);
    ASSERT_TRUE(f) << f.error().what;
    EXPECT_EQ(f->need_bytes, 0u);
    EXPECT_EQ(f->hello_end, sizeof kServerHello12);
    ASSERT_TRUE(f->server_hello);
    const ServerHello& sh = *f->server_hello;
    EXPECT_EQ(sh.legacy_version, 0x0303);
    EXPECT_EQ(sh.version(), 0x0303);
    EXPECT_FALSE(sh.selected_version);
    EXPECT_FALSE(sh.hello_retry_request);
    EXPECT_EQ(sh.session_id.size(), 32u);
    EXPECT_EQ(sh.cipher_suite, 0xc02f);
    EXPECT_EQ(sh.compression_method, 0);
    ASSERT_EQ(sh.extensions.count, 4u);
    EXPECT_EQ(sh.extensions.items[0].type, 65281);
    EXPECT_EQ(sh.extensions.items[3].type, kExtAlpn);
    EXPECT_EQ(text(sh.alpn), "h2");
    ASSERT_TRUE(f->certificate);
    EXPECT_EQ(f->certificate->count, 2u);
    ASSERT_EQ(f->certificate->first.size(), sizeof kLeafCertDer);
    EXPECT_TRUE(std::equal(std::begin(kLeafCertDer), std::end(kLeafCertDer), f->certificate->first.data()));
}

TEST(TlsServerHello, Tls12WaitsForTheCertificate) {
    const Bytes flight = tls12_flight();
    const std::size_t cert_end = sizeof kServerHello12 + 5 + 4 + 805;  // record and handshake headers, body
    Scratch s;
    const auto hello_only = parse(view(kServerHello12), s);
    ASSERT_TRUE(hello_only && hello_only->server_hello);
    EXPECT_EQ(hello_only->need_bytes, sizeof kServerHello12 + 9);  // the next message's headers
    const auto partial = parse(view(flight).prefix(400), s);
    ASSERT_TRUE(partial && partial->server_hello);
    EXPECT_FALSE(partial->certificate);
    EXPECT_EQ(partial->need_bytes, cert_end);
    const auto enough = parse(view(flight).prefix(cert_end), s);
    ASSERT_TRUE(enough);
    EXPECT_EQ(enough->need_bytes, 0u);
    EXPECT_TRUE(enough->certificate);
}

TEST(TlsServerHello, EveryPrefixOfTheFlightAsksForMore) {
    const Bytes flight = tls12_flight();
    for (std::size_t n = 0; n < flight.size() - sizeof kServerDone; ++n) {
        Scratch s;
        const auto f = parse(view(flight).prefix(n), s);
        ASSERT_TRUE(f) << "prefix " << n << ": " << f.error().what;
        EXPECT_GT(f->need_bytes, n) << n;
        EXPECT_EQ(f->server_hello.has_value(), n >= sizeof kServerHello12) << n;
    }
}

TEST(TlsServerHello, EveryPrefixOfTheMessagesIsTruncatedOrPartial) {
    test::expect_prefixes_truncated_or_ok(body_of(kServerHello12), [](ByteView v) { return parse_server_hello(v); });
    const Bytes cert = cat(Bytes(kCertificateHeader + 9, std::end(kCertificateHeader)), kLeafCertDer, kCaCertLength, kCaCertDer);
    test::expect_prefixes_truncated_or_ok(cert, [](ByteView v) { return parse_certificate(v); });
}

TEST(TlsServerHello, Tls13IsCompleteAfterTheHello) {
    Scratch s;
    const auto f = parse(view(kServerHello13), s);
    ASSERT_TRUE(f && f->server_hello);
    EXPECT_EQ(f->need_bytes, 0u);
    EXPECT_FALSE(f->certificate);
    EXPECT_EQ(f->server_hello->selected_version, 0x0304);
    EXPECT_EQ(f->server_hello->version(), 0x0304);
    EXPECT_EQ(f->server_hello->key_share_group, 0x001d);
    EXPECT_EQ(f->server_hello->cipher_suite, 0x1301);
    // Also without what follows the hello.
    const auto alone = parse(view(kServerHello13).prefix(sizeof kServerHello13 - 16), s);
    ASSERT_TRUE(alone && alone->server_hello);
    EXPECT_EQ(alone->need_bytes, 0u);
}

TEST(TlsServerHello, HelloRetryRequestIsFlagged) {
    Scratch s;
    const auto f = parse(view(kHelloRetryRequest), s);
    ASSERT_TRUE(f && f->server_hello);
    EXPECT_TRUE(f->server_hello->hello_retry_request);
    EXPECT_EQ(f->server_hello->key_share_group, 0x0017);
    EXPECT_EQ(f->need_bytes, 0u);
    EXPECT_FALSE(parse(view(kServerHello13), s)->server_hello->hello_retry_request);
}

TEST(TlsServerHello, NoCertificateWhenAnotherMessageFollows) {
    // ServerKeyExchange right after the hello: an anonymous or PSK suite.
    const Bytes ske = {kHandshake, 0x03, 0x03, 0x00, 0x06, kServerKeyExchange, 0x00, 0x00, 0x02, 0xab, 0xcd};
    Scratch s;
    const auto f = parse(view(cat(kServerHello12, ske)), s);
    ASSERT_TRUE(f && f->server_hello);
    EXPECT_FALSE(f->certificate);
    EXPECT_EQ(f->need_bytes, 0u);
    // Known from the type byte alone.
    const auto early = parse(view(cat(kServerHello12, ske)).prefix(sizeof kServerHello12 + 6), s);
    ASSERT_TRUE(early);
    EXPECT_EQ(early->need_bytes, 0u);
}

TEST(TlsServerHello, ResumptionEndsAtChangeCipherSpec) {
    const Bytes ccs = {kChangeCipherSpec, 0x03, 0x03, 0x00, 0x01, 0x01};
    Scratch s;
    const auto f = parse(view(cat(kServerHello12, ccs)), s);
    ASSERT_TRUE(f && f->server_hello);
    EXPECT_FALSE(f->certificate);
    EXPECT_EQ(f->need_bytes, 0u);
}

TEST(TlsServerHello, CertificateLargerThanTheBufferIsFlagged) {
    std::array<std::uint8_t, 300> small{};
    const auto f = parse(view(tls12_flight()), small);
    ASSERT_TRUE(f && f->server_hello);
    EXPECT_TRUE(f->certificate_too_large);
    EXPECT_FALSE(f->certificate);
    EXPECT_EQ(f->need_bytes, 0u);
}

TEST(TlsServerHello, WarningAlertBeforeTheHelloIsSkipped) {
    const Bytes alert = {kAlert, 0x03, 0x03, 0x00, 0x02, 0x01, 0x70};  // warning, unrecognized_name
    Scratch s;
    const auto f = parse(view(cat(alert, kServerHello13)), s);
    ASSERT_TRUE(f && f->server_hello) << (f ? "no hello" : f.error().what);
    EXPECT_EQ(f->hello_end, alert.size() + sizeof kServerHello13 - 16);
    // Cut inside the alert: wait for it and the next headers.
    const auto cut = parse(view(alert).prefix(6), s);
    ASSERT_TRUE(cut);
    EXPECT_EQ(cut->need_bytes, alert.size() + 9);
}

TEST(TlsServerHello, FatalAlertEndsTheDirection) {
    const Bytes alert = {kAlert, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28};  // fatal, handshake_failure
    Scratch s;
    const auto f = parse(view(alert), s);
    ASSERT_TRUE(f);
    EXPECT_FALSE(f->server_hello);
    EXPECT_FALSE(f->client_hello);
    EXPECT_EQ(f->need_bytes, 0u);
}

TEST(TlsServerHello, CertificateWithLyingLengthsIsTruncated) {
    const Bytes lying = {0x00, 0x00, 0x10, 0x00, 0x00, 0x20, 0x30, 0x82};  // list 16 bytes, cert 32
    EXPECT_EQ(parse_certificate(view(lying)).error().kind, ErrorKind::Truncated);
    const Bytes empty = {0x00, 0x00, 0x00};  // an empty chain (a client with no certificate)
    const auto c = parse_certificate(view(empty));
    ASSERT_TRUE(c);
    EXPECT_EQ(c->count, 0u);
    EXPECT_TRUE(c->first.empty());
}

}  // namespace
}  // namespace dissect::tls

// HTTP/1.x message heads (dissectors/http).
#include "dissectors/http/http.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "tests/unit/dissectors/dissector_test_util.h"
#include "tests/unit/dissectors/http_messages.h"

namespace dissect::http {
namespace {

using test::Bytes;
using test::view;

Bytes bytes(std::string_view s) { return Bytes(s.begin(), s.end()); }
std::string str(ByteView v) { return std::string(v.as_chars()); }

using namespace test::http_messages;

TEST(HttpParse, RequestLineAndFields) {
    const Bytes in = bytes(kWgetRequest);
    const auto m = parse(view(in));
    ASSERT_TRUE(m);
    EXPECT_FALSE(need_more(*m));
    EXPECT_EQ(m->kind, Kind::Request);
    EXPECT_EQ(str(m->method), "GET");
    EXPECT_EQ(str(m->target), "/download/CHANGES.bro-aux.txt");
    EXPECT_EQ(m->version_major, 1);
    EXPECT_EQ(m->version_minor, 1);
    EXPECT_EQ(str(m->user_agent), "Wget/1.14 (darwin12.2.0)");
    EXPECT_EQ(str(m->host), "bro.org");
    EXPECT_TRUE(m->server.empty());
    EXPECT_TRUE(m->auth_scheme.empty());
    EXPECT_EQ(m->header_count, 4);
    EXPECT_EQ(m->head_bytes, in.size());
    EXPECT_FALSE(m->cut);
    EXPECT_TRUE(test::within(view(in), m->user_agent));
}

TEST(HttpParse, StatusLineAndFieldsStopAtEndOfHead) {
    const Bytes in = bytes(kApacheResponse);
    const auto m = parse(view(in));
    ASSERT_TRUE(m);
    EXPECT_FALSE(need_more(*m));
    EXPECT_EQ(m->kind, Kind::Response);
    EXPECT_EQ(m->status, 200);
    EXPECT_EQ(str(m->reason), "OK");
    EXPECT_EQ(str(m->server), "Apache/2.4.3 (Fedora)");
    EXPECT_EQ(str(m->content_type), "text/plain; charset=UTF-8");
    EXPECT_EQ(m->header_count, 9);
    EXPECT_EQ(m->head_bytes, kApacheResponse.find("\r\n\r\n") + 4);
}

TEST(HttpParse, EveryPrefixIsNeedMore) {
    for (const auto msg : {kWgetRequest, kApacheResponse, kBrowserRequest, kBasicAuthRequest}) {
        const Bytes in = bytes(msg);
        test::expect_prefixes_truncated_or_ok(in, [](ByteView v) { return parse(v); });
        const std::size_t head = msg.find("\r\n\r\n") + 4;
        for (std::size_t n = 0; n < head; ++n) {
            const Bytes prefix(in.begin(), in.begin() + static_cast<std::ptrdiff_t>(n));
            const auto m = parse(view(prefix));
            ASSERT_TRUE(m) << "prefix " << n << ": " << m.error().what;
            EXPECT_TRUE(need_more(*m)) << "prefix " << n;
            EXPECT_EQ(m->need_bytes, n + 1);
        }
    }
}

TEST(HttpParse, FieldNamesAreCaseInsensitiveAndFirstWins) {
    const Bytes in = bytes(
        "POST /api HTTP/1.0\r\n"           // request line
        "user-AGENT:   curl/8.0   \r\n"    // OWS trimmed
        "HOST:a.example\r\n"               // no OWS at all
        "Host: b.example\r\n"              // a second Host: ignored
        "Authorization: Basic dXNlcjpwdw==\r\n"  // credentials: only the scheme is kept
        "Proxy-Authorization: Digest username=\"u\"\r\n"
        "\r\n");
    const auto m = parse(view(in));
    ASSERT_TRUE(m);
    EXPECT_EQ(str(m->user_agent), "curl/8.0");
    EXPECT_EQ(str(m->host), "a.example");
    EXPECT_EQ(str(m->auth_scheme), "Basic");
    EXPECT_EQ(str(m->proxy_auth_scheme), "Digest");
    EXPECT_EQ(m->version_minor, 0);
}

TEST(HttpParse, BareLfLinesAndLeadingEmptyLines) {
    const Bytes in = bytes("\r\n\nGET / HTTP/1.1\nHost: x\n\n");
    const auto m = parse(view(in));
    ASSERT_TRUE(m);
    EXPECT_FALSE(need_more(*m));
    EXPECT_EQ(str(m->host), "x");
    EXPECT_EQ(m->head_bytes, in.size());
}

TEST(HttpParse, LenientRequestLineWhitespace) {
    // Runs of blanks separate the parts; a target may hold spaces (RFC 9112 §3 leniency).
    const Bytes padded = bytes("GET        /very_long_uri HTTP/1.1\r\n\r\n");
    auto m = parse(view(padded));
    ASSERT_TRUE(m);
    EXPECT_EQ(str(m->target), "/very_long_uri");
    const Bytes spaced = bytes("GET /cgi-bin/x;cat /etc/passwd|?data=Download HTTP/1.1\r\n\r\n");
    m = parse(view(spaced));
    ASSERT_TRUE(m);
    EXPECT_EQ(str(m->target), "/cgi-bin/x;cat /etc/passwd|?data=Download");
}

TEST(HttpParse, StatusLineWithoutReason) {
    const Bytes in = bytes("HTTP/1.0 404\r\nServer: tiny\r\n\r\n");
    const auto m = parse(view(in));
    ASSERT_TRUE(m);
    EXPECT_EQ(m->status, 404);
    EXPECT_TRUE(m->reason.empty());
    EXPECT_EQ(str(m->server), "tiny");
}

TEST(HttpParse, InterimResponseThenFinalByOffset) {
    const Bytes in = bytes(kContinueThenFinal);
    const auto first = parse(view(in));
    ASSERT_TRUE(first);
    EXPECT_TRUE(interim(*first));
    EXPECT_EQ(first->head_bytes, 25u);
    const auto final_head = parse(view(in), first->head_bytes);
    ASSERT_TRUE(final_head);
    EXPECT_FALSE(interim(*final_head));
    EXPECT_EQ(final_head->status, 200);
    EXPECT_EQ(str(final_head->server), "Apache-Coyote/1.1");
    EXPECT_EQ(final_head->head_bytes, in.size());
    // 101 is not interim: what follows is another protocol.
    const Bytes upgrade = bytes("HTTP/1.1 101 Switching Protocols\r\n\r\n");
    EXPECT_FALSE(interim(*parse(view(upgrade))));
}

TEST(HttpParse, OffsetPastInputIsMalformed) {
    const Bytes in = bytes(kWgetRequest);
    const auto m = parse(view(in), in.size() + 1);
    ASSERT_FALSE(m);
    EXPECT_EQ(m.error().kind, ErrorKind::Malformed);
}

TEST(HttpParse, BinaryFailsAtFirstBytes) {
    // A TLS record on port 80: rejected as soon as it arrives, without waiting for a LF.
    constexpr std::uint8_t kTls[] = {0x16, 0x03, 0x01, 0x02, 0x00};
    const auto m = parse(view(kTls));
    ASSERT_FALSE(m);
    EXPECT_EQ(m.error().kind, ErrorKind::Malformed);
    EXPECT_EQ(m.error().offset, 0u);
    // Control bytes in a request target, before the line is complete.
    const Bytes ctl = bytes(std::string_view("GET /a\x01", 7));
    ASSERT_FALSE(parse(view(ctl)));
}

TEST(HttpParse, MalformedStartLines) {
    for (const std::string_view bad : {
             "GET\r\n\r\n",                       // method only
             "GET / HTTP/1.1 extra\r\n\r\n",      // not ending in a version
             "G(T / HTTP/1.1\r\n\r\n",            // not a token
             " GET / HTTP/1.1\r\n\r\n",           // leading blank
             "GET / HTTQ/1.1\r\n\r\n",            // version name
             "HTTP/1.1 2x0 OK\r\n\r\n",           // status code
             "HTTP/1.1 099 Low\r\n\r\n",          // status below 100
             "HTTP/1.1200 OK\r\n\r\n",            // no blank after version
             "HTTP/x.1 200 OK\r\n\r\n",           // version digit
         }) {
        const Bytes in = bytes(bad);
        const auto m = parse(view(in));
        ASSERT_FALSE(m) << bad;
        EXPECT_EQ(m.error().kind, ErrorKind::Malformed) << bad;
    }
}

TEST(HttpParse, Http09IsUnsupported) {
    const Bytes in = bytes("GET /index.html\r\n");
    const auto m = parse(view(in));
    ASSERT_FALSE(m);
    EXPECT_EQ(m.error().kind, ErrorKind::Unsupported);
}

TEST(HttpParse, MethodLongerThanCapIsMalformed) {
    const std::string method(kMaxMethodBytes + 1, 'A');
    const Bytes in = bytes(method + " / HTTP/1.1\r\n\r\n");
    const auto m = parse(view(in));
    ASSERT_FALSE(m);
    EXPECT_EQ(m.error().kind, ErrorKind::Malformed);
    const Bytes ok = bytes(std::string(kMaxMethodBytes, 'A') + " / HTTP/1.1\r\n\r\n");
    EXPECT_TRUE(parse(view(ok)));
}

TEST(HttpParse, BadAndFoldedFieldLinesAreSkippedAndCounted) {
    const Bytes in = bytes(
        "GET / HTTP/1.1\r\n"
        "User-Agent: first line\r\n"
        "  folded continuation\r\n"      // obs-fold: skipped, not joined
        "Host : spaced.example\r\n"      // whitespace before colon: skipped
        "no colon here\r\n"              // skipped
        ": empty name\r\n"               // skipped
        "Host: ok.example\r\n"
        "\r\n");
    const auto m = parse(view(in));
    ASSERT_TRUE(m);
    EXPECT_EQ(str(m->user_agent), "first line");
    EXPECT_EQ(str(m->host), "ok.example");
    EXPECT_EQ(m->folded_lines, 1);
    EXPECT_EQ(m->bad_lines, 3);
    EXPECT_EQ(m->header_count, 6);
}

TEST(HttpParse, FieldLinesPastCapAreCountedNotExamined) {
    std::string s = "GET / HTTP/1.1\r\n";
    for (std::size_t i = 0; i < kMaxHeaders; ++i) s += "X-Filler: " + std::to_string(i) + "\r\n";
    s += "User-Agent: too-late\r\nHost: also-late\r\n\r\n";
    const Bytes in = bytes(s);
    const auto m = parse(view(in));
    ASSERT_TRUE(m);
    EXPECT_FALSE(need_more(*m));
    EXPECT_EQ(m->header_count, kMaxHeaders);
    EXPECT_EQ(m->headers_dropped, 2);
    EXPECT_TRUE(m->user_agent.empty());
    EXPECT_EQ(m->head_bytes, in.size());
}

TEST(HttpParse, FullBufferWithoutEndIsCutNotNeedMore) {
    std::string s = "GET / HTTP/1.1\r\nUser-Agent: big\r\nHost: h\r\n";
    while (s.size() < kMaxHeaderBytes + 100) s += "X-Pad: " + std::string(100, 'p') + "\r\n";
    const Bytes in = bytes(s);
    const auto m = parse(view(in));
    ASSERT_TRUE(m);
    EXPECT_FALSE(need_more(*m));
    EXPECT_TRUE(m->cut);
    EXPECT_EQ(str(m->user_agent), "big");
    EXPECT_EQ(m->head_bytes, 0u);
    // One byte short of the cap: still waiting.
    const Bytes short_in(in.begin(), in.begin() + static_cast<std::ptrdiff_t>(kMaxHeaderBytes - 1));
    const auto w = parse(view(short_in));
    ASSERT_TRUE(w);
    EXPECT_TRUE(need_more(*w));
}

TEST(HttpParse, StartLineLongerThanBufferIsLimitExceeded) {
    const Bytes in = bytes("GET /" + std::string(kMaxHeaderBytes, 'a'));
    const auto m = parse(view(in));
    ASSERT_FALSE(m);
    EXPECT_EQ(m.error().kind, ErrorKind::LimitExceeded);
}

TEST(HttpParse, BodyFraming) {
    const auto head = [](std::string_view text) {
        auto r = parse(ByteView{reinterpret_cast<const std::uint8_t*>(text.data()), text.size()});
        EXPECT_TRUE(r) << text;
        return *r;
    };
    std::uint64_t n = 99;
    EXPECT_TRUE(body_length(head("GET / HTTP/1.1\r\n\r\n"), n));
    EXPECT_EQ(n, 0u);
    EXPECT_TRUE(body_length(head("POST / HTTP/1.1\r\ncontent-length:  12 \r\n\r\n"), n));
    EXPECT_EQ(n, 12u);
    EXPECT_TRUE(body_length(head("HTTP/1.1 200 OK\r\nContent-Length: 7\r\nContent-Length: 7\r\n\r\n"), n));
    EXPECT_EQ(n, 7u);
    EXPECT_TRUE(body_length(head("HTTP/1.1 304 Not Modified\r\nContent-Length: 7\r\n\r\n"), n));
    EXPECT_EQ(n, 0u);
    EXPECT_FALSE(body_length(head("HTTP/1.1 200 OK\r\n\r\n"), n));  // read until close
    EXPECT_FALSE(body_length(head("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"), n));
    EXPECT_FALSE(body_length(head("POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"), n));
    EXPECT_FALSE(body_length(head("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n"), n));
    EXPECT_FALSE(body_length(head("POST / HTTP/1.1\r\nContent-Length: 1234567890123456789\r\n\r\n"), n));
    const auto chunked_not_last = head("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\nContent-Length: 3\r\n\r\n");
    EXPECT_FALSE(chunked_not_last.chunked);
}

TEST(HttpParse, NtlmAndNegotiateTokensOnlyForThoseSchemes) {
    const auto head = [](std::string_view text) {
        auto r = parse(ByteView{reinterpret_cast<const std::uint8_t*>(text.data()), text.size()});
        EXPECT_TRUE(r) << text;
        return *r;
    };
    auto m = head("GET / HTTP/1.1\r\nAuthorization: NTLM  TlRMTVNTUAAB \r\n\r\n");
    EXPECT_EQ(m.auth_scheme.as_chars(), "NTLM");
    EXPECT_EQ(m.auth_token.as_chars(), "TlRMTVNTUAAB");
    m = head("GET / HTTP/1.1\r\nAuthorization: Basic dGVzdDp0ZXN0\r\n\r\n");
    EXPECT_EQ(m.auth_scheme.as_chars(), "Basic");
    EXPECT_TRUE(m.auth_token.empty()) << "Basic credentials are never exposed";
    m = head("HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=x\r\nWWW-Authenticate: Negotiate\r\n"
             "WWW-Authenticate: negotiate YIIB\r\n\r\n");
    EXPECT_EQ(m.challenge_token.as_chars(), "YIIB");
}

TEST(HttpParse, IequalsIsAsciiCaseInsensitive) {
    const Bytes v = bytes("BaSiC");
    EXPECT_TRUE(iequals(view(v), "basic"));
    EXPECT_FALSE(iequals(view(v), "basi"));
    EXPECT_FALSE(iequals(ByteView{}, "basic"));
}

}  // namespace
}  // namespace dissect::http

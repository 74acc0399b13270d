// HTTP evidence mapper (posture/evidence/http).
#include "posture/evidence/http.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "dissectors/packet/packet.h"
#include "tests/unit/dissectors/http_messages.h"
#include "tests/unit/dissectors/smb_frames.h"

namespace posture::evidence {
namespace {

struct Ctx {
    dissect::packet::Decoded dec;
    Databases db;
    PacketContext at(bool from_client) { return PacketContext{&dec, from_client, 0, &db}; }
};

std::vector<std::uint8_t> bytes(std::string_view s) { return {s.begin(), s.end()}; }
dissect::ByteView view(const std::vector<std::uint8_t>& b) { return {b.data(), b.size()}; }

std::string json(const Value& v) { return to_json(v); }

using namespace dissect::test::http_messages;

TEST(EvidenceHttp, RequestGivesUserAgentAndRequestEntry) {
    Ctx c;
    Sink out;
    const auto in = bytes(kWgetRequest);
    const auto r = http_stream(view(in), c.at(true), out);
    ASSERT_TRUE(r);
    EXPECT_TRUE(r->done);
    ASSERT_EQ(out.size(), 2u);
    EXPECT_EQ(out[0].key, "http_ua");
    EXPECT_EQ(json(out[0].entry), R"x("Wget/1.14 (darwin12.2.0)")x");
    EXPECT_FALSE(out[0].singleton);
    EXPECT_EQ(out[1].key, "http");
    EXPECT_EQ(json(out[1].entry), R"({"host":"bro.org","method":"GET","path":"/download/CHANGES.bro-aux.txt"})");
    for (const auto& f : out) {
        EXPECT_TRUE(f.names.empty());
        EXPECT_TRUE(f.hints.empty());  // user agents are interpreted by issue 4's uap-core rules
        EXPECT_TRUE(f.observations.empty());
    }
}

TEST(EvidenceHttp, BrowserRequest) {
    Ctx c;
    Sink out;
    const auto in = bytes(kBrowserRequest);
    ASSERT_TRUE(http_stream(view(in), c.at(true), out));
    ASSERT_EQ(out.size(), 2u);
    EXPECT_EQ(json(out[0].entry),
              R"x("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) )x"
              R"x(Chrome/120.0.0.0 Safari/537.36")x");
    EXPECT_EQ(json(out[1].entry), R"({"host":"intranet.example.com","method":"GET","path":"/static/app.js"})");
    // The cookie is neither kept nor flagged: not a login.
    EXPECT_EQ(json(out[1].entry).find("session"), std::string::npos);
    EXPECT_TRUE(out[1].observations.empty());
}

TEST(EvidenceHttp, IncompleteHeadIsNeedMoreAndSaysNothing) {
    Ctx c;
    Sink out;
    const auto in = bytes(kWgetRequest.substr(0, 60));
    const auto r = http_stream(view(in), c.at(true), out);
    ASSERT_TRUE(r);
    EXPECT_FALSE(r->done);
    EXPECT_EQ(r->need_bytes, 61u);
    EXPECT_TRUE(out.empty());
}

TEST(EvidenceHttp, PathDropsQueryAndUserInfo) {
    EXPECT_EQ(http_path("/a/b?token=secret#frag"), "/a/b");
    EXPECT_EQ(http_path("http://user:pw@example.com:8080/x/y?q=1"), "/x/y");
    EXPECT_EQ(http_path("http://user:pw@example.com"), "/");
    EXPECT_EQ(http_path("http://example.com?q=/x"), "/");
    EXPECT_EQ(http_path("example.com:443"), "example.com:443");  // CONNECT authority-form
    EXPECT_EQ(http_path("*"), "*");                              // OPTIONS asterisk-form
}

TEST(EvidenceHttp, PathIsCapped) {
    Ctx c;
    Sink out;
    const std::string target = "/" + std::string(300, 'p');
    const auto in = bytes("GET " + target + " HTTP/1.1\r\n\r\n");
    ASSERT_TRUE(http_stream(view(in), c.at(true), out));
    ASSERT_EQ(out.size(), 1u);  // no User-Agent: only the request entry
    const Map* m = out[0].entry.as_map();
    ASSERT_NE(m, nullptr);
    EXPECT_EQ(m->at("path").as_string()->size(), kMaxHttpPath);
    EXPECT_FALSE(m->contains("host"));
}

TEST(EvidenceHttp, BasicCredentialsAreFlaggedNeverCopied) {
    Ctx c;
    Sink out;
    const auto in = bytes(kBasicAuthRequest);
    ASSERT_TRUE(http_stream(view(in), c.at(true), out));
    ASSERT_EQ(out.size(), 1u);
    ASSERT_EQ(out[0].observations.size(), 1u);
    EXPECT_EQ(out[0].observations[0].what, "cleartext.http.basic");
    EXPECT_EQ(out[0].observations[0].detail, "browserspy.dk");
    const std::string all = json(out[0].entry) + out[0].observations[0].detail;
    EXPECT_EQ(all.find("dGVzdDp0ZXN0"), std::string::npos);
    EXPECT_EQ(all.find("test:test"), std::string::npos);
}

TEST(EvidenceHttp, ProxyBasicAndOtherSchemes) {
    Ctx c;
    Sink out;
    const auto proxy = bytes("CONNECT example.com:443 HTTP/1.1\r\nProxy-Authorization: basic eDp5\r\n\r\n");
    ASSERT_TRUE(http_stream(view(proxy), c.at(true), out));
    ASSERT_EQ(out.back().observations.size(), 1u);
    EXPECT_EQ(out.back().observations[0].detail, "proxy");
    out.clear();
    const auto bearer = bytes("GET / HTTP/1.1\r\nAuthorization: Bearer abc\r\n\r\n");
    ASSERT_TRUE(http_stream(view(bearer), c.at(true), out));
    EXPECT_TRUE(out.back().observations.empty());
}

TEST(EvidenceHttp, ResponseGivesServer) {
    Ctx c;
    Sink out;
    const auto in = bytes("HTTP/1.1 200 OK\r\nServer: Apache/2.4.3 (Fedora)\r\nContent-Length: 0\r\n\r\n");
    const auto r = http_stream(view(in), c.at(false), out);
    ASSERT_TRUE(r);
    EXPECT_TRUE(r->done);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].key, "http_server");
    EXPECT_EQ(json(out[0].entry), R"x("Apache/2.4.3 (Fedora)")x");
    EXPECT_TRUE(out[0].hints.empty());
}

TEST(EvidenceHttp, WindowsOnlyServersHintTheOs) {
    Ctx c;
    Sink out;
    const auto in = bytes("HTTP/1.1 404 Not Found\r\nServer: Microsoft-IIS/10.0\r\n\r\n");
    ASSERT_TRUE(http_stream(view(in), c.at(false), out));
    ASSERT_EQ(out.size(), 1u);
    ASSERT_EQ(out[0].hints.size(), 1u);
    EXPECT_EQ(out[0].hints[0].attribute, "os.name");
    EXPECT_EQ(out[0].hints[0].value, "Windows");
    EXPECT_EQ(out[0].hints[0].weight, 40);
    EXPECT_EQ(out[0].hints[0].src, "http.server");
}

TEST(EvidenceHttp, ResponseWithoutServerAsksForTheNextMessage) {
    Ctx c;
    Sink out;
    // A keep-alive connection's first response without Server: the next one
    // (after the body, framed by Content-Length) may name it.
    const std::string first = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello";
    auto in = bytes(first);
    auto r = http_stream(view(in), c.at(false), out);
    ASSERT_TRUE(r);
    EXPECT_FALSE(r->done);
    EXPECT_EQ(r->consumed, first.size());
    EXPECT_EQ(r->need_bytes, first.size() + 1);
    EXPECT_TRUE(out.empty());
    // The router calls again with the bytes after the first message.
    in = bytes("HTTP/1.1 200 OK\r\nServer: AkamaiGHost\r\nContent-Length: 0\r\n\r\n");
    r = http_stream(view(in), c.at(false), out);
    ASSERT_TRUE(r);
    EXPECT_TRUE(r->done);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(json(out[0].entry), R"("AkamaiGHost")");
    // No body (204), too: the next message follows the head.
    out.clear();
    in = bytes("HTTP/1.1 204 No Content\r\n\r\n");
    r = http_stream(view(in), c.at(false), out);
    ASSERT_TRUE(r);
    EXPECT_FALSE(r->done);
    EXPECT_EQ(r->consumed, in.size());
    EXPECT_TRUE(out.empty());
}

TEST(EvidenceHttp, UnframedOrChunkedBodyEndsTheDirection) {
    Ctx c;
    Sink out;
    for (const char* head : {"HTTP/1.0 200 OK\r\n\r\n",                                  // read to close
                             "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",   // chunked
                             "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",  // ambiguous
                             "HTTP/1.1 200 OK\r\nContent-Length: 99999999\r\n\r\n"}) {  // past the buffer
        const auto in = bytes(head);
        const auto r = http_stream(view(in), c.at(false), out);
        ASSERT_TRUE(r) << head;
        EXPECT_TRUE(r->done) << head;
    }
    EXPECT_TRUE(out.empty());
}

TEST(EvidenceHttp, RequestWithoutUserAgentAsksForTheNextRequest) {
    Ctx c;
    Sink out;
    const std::string first = "POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc";
    const auto in = bytes(first + "GET /b HTTP/1.1\r\nHost: h\r\nUser-Agent: x/1\r\n\r\n");
    const auto r = http_stream(view(in), c.at(true), out);
    ASSERT_TRUE(r);
    EXPECT_FALSE(r->done);
    EXPECT_EQ(r->consumed, first.size());
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(json(out[0].entry), R"({"host":"h","method":"POST","path":"/a"})");
}

std::string base64(const std::vector<std::uint8_t>& in) {
    static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    for (std::size_t i = 0; i < in.size(); i += 3) {
        const std::uint32_t n = (std::uint32_t{in[i]} << 16) | (i + 1 < in.size() ? std::uint32_t{in[i + 1]} << 8 : 0) |
                                (i + 2 < in.size() ? in[i + 2] : 0);
        out += kAlphabet[(n >> 18) & 63];
        out += kAlphabet[(n >> 12) & 63];
        out += i + 1 < in.size() ? kAlphabet[(n >> 6) & 63] : '=';
        out += i + 2 < in.size() ? kAlphabet[n & 63] : '=';
    }
    return out;
}

// WebDAV with NTLM (the ndpi mix capture's shape): NEGOTIATE, 401 with the
// CHALLENGE, then the AUTHENTICATE that names the client's host and domain.
TEST(EvidenceHttp, NtlmOverHttpNamesBothEnds) {
    namespace sf = dissect::test::smb_frames;
    Ctx c;
    Sink out;
    const std::string negotiate =
        "MKCOL /webdav HTTP/1.1\r\nHost: dav\r\nUser-Agent: curl/7.68.0\r\nAuthorization: NTLM " +
        base64(sf::ntlm_negotiate()) + "\r\n\r\n";
    auto in = bytes(negotiate);
    auto r = http_stream(view(in), c.at(true), out);
    ASSERT_TRUE(r);
    EXPECT_FALSE(r->done) << "the AUTHENTICATE follows";
    EXPECT_EQ(r->consumed, negotiate.size());
    ASSERT_EQ(out.size(), 3u);
    EXPECT_EQ(out[2].key, "ntlm");
    EXPECT_EQ(json(out[2].entry), R"({"ntlm_os":"10.0.19045","via":"http"})");
    out.clear();
    in = bytes("MKCOL /webdav HTTP/1.1\r\nHost: dav\r\nUser-Agent: curl/7.68.0\r\nAuthorization: NTLM " +
               base64(sf::ntlm_authenticate("www.dlp-test.com", "WebDAV", "ivan-Latitude-E6540", 10, 0, 19045)) +
               "\r\n\r\n");
    r = http_stream(view(in), c.at(true), out);
    ASSERT_TRUE(r);
    EXPECT_TRUE(r->done);
    ASSERT_EQ(out.size(), 3u);
    EXPECT_EQ(json(out[2].entry),
              R"({"ntlm_domain":"www.dlp-test.com","ntlm_host":"ivan-Latitude-E6540","ntlm_os":"10.0.19045","via":"http"})");
    EXPECT_EQ(json(out[1].entry).find("WebDAV"), std::string::npos);
    // The server's CHALLENGE in WWW-Authenticate.
    out.clear();
    in = bytes("HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Negotiate\r\nWWW-Authenticate: NTLM " +
               base64(sf::ntlm_challenge("DLP-TEST-R5", "DLP-TEST-R5", "DLP", "", 10, 0, 20348)) +
               "\r\nContent-Length: 0\r\n\r\n");
    r = http_stream(view(in), c.at(false), out);
    ASSERT_TRUE(r);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(json(out[0].entry),
              R"({"ntlm_domain":"DLP","ntlm_host":"DLP-TEST-R5","ntlm_os":"10.0.20348","ntlm_target":"DLP-TEST-R5","via":"http"})");
    // Not base64, or no NTLMSSP inside: nothing.
    out.clear();
    in = bytes("GET / HTTP/1.1\r\nAuthorization: NTLM %%%%\r\nUser-Agent: u\r\n\r\n");
    ASSERT_TRUE(http_stream(view(in), c.at(true), out));
    EXPECT_EQ(out.size(), 2u);
}

TEST(EvidenceHttp, InterimResponseIsSkippedUnlessItNamesTheServer) {
    Ctx c;
    Sink out;
    // "100 Continue" then the final response (IoT Sentinel capture shape).
    const auto both = bytes(kContinueThenFinal);
    ASSERT_TRUE(http_stream(view(both), c.at(false), out));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(json(out[0].entry), R"("Apache-Coyote/1.1")");
    // Only the interim response so far: wait for the final one.
    out.clear();
    const auto interim_only = bytes("HTTP/1.1 100 Continue\r\n\r\n");
    const auto r = http_stream(view(interim_only), c.at(false), out);
    ASSERT_TRUE(r);
    EXPECT_FALSE(r->done);
    EXPECT_TRUE(out.empty());
    // IIS 4 names itself in "100 Continue": taken at once.
    const auto iis = bytes("HTTP/1.1 100 Continue\r\nServer: Microsoft-IIS/4.0\r\n\r\n");
    ASSERT_TRUE(http_stream(view(iis), c.at(false), out));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(json(out[0].entry), R"("Microsoft-IIS/4.0")");
}

TEST(EvidenceHttp, MessageKindDecidesNotTheFlowDirection) {
    Ctx c;
    Sink out;
    const auto in = bytes(kWgetRequest);
    ASSERT_TRUE(http_stream(view(in), c.at(false), out));  // flow table missed the SYN
    ASSERT_EQ(out.size(), 2u);
    EXPECT_EQ(out[0].key, "http_ua");
}

TEST(EvidenceHttp, ParserErrorsPassThrough) {
    Ctx c;
    Sink out;
    const auto in = bytes("\x16\x03\x01 not http\r\n");
    const auto r = http_stream(view(in), c.at(false), out);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, dissect::ErrorKind::Malformed);
    EXPECT_TRUE(out.empty());
}

TEST(EvidenceHttp, LongUserAgentIsCapped) {
    Ctx c;
    Sink out;
    const auto in = bytes("GET / HTTP/1.1\r\nUser-Agent: " + std::string(400, 'u') + "\r\n\r\n");
    ASSERT_TRUE(http_stream(view(in), c.at(true), out));
    ASSERT_EQ(out.size(), 2u);
    EXPECT_EQ(out[0].entry.as_string()->size(), kMaxString);
}

}  // namespace
}  // namespace posture::evidence

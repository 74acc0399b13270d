#include "posture/evidence/http.h"

#include <string>
#include <string_view>
#include <utility>

#include <openssl/evp.h>

#include <vector>

#include "dissectors/http/http.h"
#include "posture/evidence/smb.h"

namespace posture::evidence {
namespace {

namespace http = dissect::http;

[[nodiscard]] std::string_view text(dissect::ByteView v) noexcept { return v.as_chars(); }

// Server products that exist only on one OS: a direct, strong enough hint.
struct ServerOs {
    std::string_view prefix;
    std::string_view os;
};
constexpr ServerOs kServerOs[] = {
    {"Microsoft-IIS/", "Windows"},
    {"Microsoft-HTTPAPI/", "Windows"},  // http.sys (WinRM, WSD, SSDP descriptions)
};
constexpr std::uint8_t kServerOsWeight = 40;

// Base64 (RFC 4648 §4, padded) -> bytes, via OpenSSL; empty when the token
// is not valid base64 or longer than kMaxAuthToken.
std::vector<std::uint8_t> base64(dissect::ByteView token) {
    if (token.empty() || token.size() > kMaxAuthToken || token.size() % 4 != 0) return {};
    std::vector<std::uint8_t> out(token.size() / 4 * 3);
    const int n = EVP_DecodeBlock(out.data(), token.data(), static_cast<int>(token.size()));
    if (n < 0) return {};
    std::size_t pad = 0;
    for (std::size_t i = token.size(); i > 0 && token[i - 1] == '=' && pad < 2; --i) ++pad;
    out.resize(static_cast<std::size_t>(n) - pad);
    return out;
}

// NTLM / Negotiate authentication: the NTLMSSP message inside the token.
std::uint32_t ntlm(dissect::ByteView token, Sink& out) {
    const auto blob = base64(token);
    if (blob.empty()) return 0;
    return ntlm_blob(dissect::ByteView{blob.data(), blob.size()}, "http", out);
}

// Returns the NTLMSSP message type its Authorization carried (0: none).
std::uint32_t request(const http::Message& m, Sink& out) {
    if (!m.user_agent.empty()) {
        Fingerprint ua;
        ua.key = "http_ua";
        ua.entry = capped(text(m.user_agent));
        out.push_back(std::move(ua));
    }
    Fingerprint f;
    f.key = "http";
    Map e;
    e.emplace("method", capped(text(m.method)));
    if (!m.host.empty()) e.emplace("host", capped(text(m.host)));
    e.emplace("path", capped(http_path(text(m.target)), nullptr, kMaxHttpPath));
    f.entry = std::move(e);
    const bool basic = http::iequals(m.auth_scheme, "basic");
    const bool proxy_basic = http::iequals(m.proxy_auth_scheme, "basic");
    if (basic || proxy_basic) {
        // Where the credentials went, not what they were.
        std::string detail = capped(text(m.host), nullptr, kMaxHttpPath);
        if (proxy_basic && !basic) detail = detail.empty() ? "proxy" : "proxy " + detail;
        f.observations.push_back({"cleartext.http.basic", std::move(detail)});
    }
    out.push_back(std::move(f));
    return ntlm(m.auth_token, out);
}

// Returns the NTLMSSP message type its WWW-Authenticate carried (0: none).
std::uint32_t response(const http::Message& m, Sink& out) {
    const std::uint32_t type = ntlm(m.challenge_token, out);
    if (m.server.empty()) return type;
    Fingerprint f;
    f.key = "http_server";
    f.entry = capped(text(m.server));
    for (const auto& s : kServerOs)
        if (text(m.server).starts_with(s.prefix))
            f.hints.push_back({"os.name", std::string(s.os), kServerOsWeight, "http.server"});
    out.push_back(std::move(f));
    return type;
}

}  // namespace

std::string_view http_path(std::string_view target) noexcept {
    if (!target.starts_with('/')) {
        // absolute-form: scheme "://" authority path (RFC 9112 §3.2.2).
        const auto scheme_end = target.find("://");
        if (scheme_end != std::string_view::npos && target.substr(0, scheme_end).find('/') == std::string_view::npos) {
            const auto path = target.find_first_of("/?#", scheme_end + 3);
            target = path != std::string_view::npos && target[path] == '/' ? target.substr(path) : std::string_view("/");
        }
    }
    return target.substr(0, target.find_first_of("?#"));
}

dissect::Result<StreamStatus> http_stream(dissect::ByteView buffered, const PacketContext& /*ctx*/, Sink& out) {
    std::size_t at = 0;
    auto r = http::parse(buffered, at);
    // Skip interim responses ("100 Continue") to the final one, unless the
    // interim one already names the server: the final one may never come
    // within the buffered bytes (a request body of more than 16 KiB).
    for (std::size_t skipped = 0; r && !http::need_more(*r) && !r->cut && http::interim(*r) && r->server.empty() &&
                                  skipped < kMaxInterimResponses;
         ++skipped) {
        at = r->head_bytes;
        r = http::parse(buffered, at);
    }
    if (!r) return dissect::fail(r.error());
    if (http::need_more(*r)) return StreamStatus{false, r->need_bytes, 0};
    // The message says who sent it: a request comes from the client whatever
    // direction the flow table guessed (it may have missed the SYN).
    const bool request_msg = r->kind == http::Kind::Request;
    const std::uint32_t ntlm_type = request_msg ? request(*r, out) : response(*r, out);
    // A message without the sender's name (a keep-alive response without
    // Server, a request without User-Agent) may be followed by one that has
    // it; an NTLM NEGOTIATE is followed by the AUTHENTICATE that names the
    // client's host and domain: ask for the next message when this one's end
    // is known.
    const bool named = (request_msg ? !r->user_agent.empty() : !r->server.empty()) && ntlm_type != 1;
    std::uint64_t body = 0;
    if (named || r->cut || !http::body_length(*r, body) || body > http::kMaxHeaderBytes) return StreamStatus{true, 0, 0};
    const std::size_t end = r->head_bytes + static_cast<std::size_t>(body);
    return StreamStatus{false, end + 1, end};
}

}  // namespace posture::evidence

#include "posture/evidence/cleartext.h"

#include <string>
#include <string_view>
#include <utility>

#include "dissectors/cleartext/cleartext.h"

namespace posture::evidence {
namespace {

namespace ct = dissect::cleartext;

// What the observation detail says about the login: the command only.
[[nodiscard]] std::string_view login_detail(const ct::Message& m) noexcept {
    switch (m.login) {
        case ct::Login::None: return {};
        case ct::Login::TelnetLine: return "typed line";
        case ct::Login::User: return m.anonymous ? "USER anonymous" : "USER";
        case ct::Login::Pass: return "PASS";
        case ct::Login::Apop: return "APOP";
        case ct::Login::Login: return "LOGIN";
        case ct::Login::SaslPlain: return m.proto == ct::Proto::Imap ? "AUTHENTICATE PLAIN" : "AUTH PLAIN";
        case ct::Login::SaslLogin: return m.proto == ct::Proto::Imap ? "AUTHENTICATE LOGIN" : "AUTH LOGIN";
    }
    return {};
}

[[nodiscard]] std::string server_detail(const ct::Message& m) {
    if (m.proto == ct::Proto::Telnet) return m.login_prompt ? "login prompt" : m.prompt ? "prompt" : "";
    if (m.proto == ct::Proto::Ftp) return "reply " + std::to_string(m.reply_code);
    return m.greeting_ok ? "ready" : "refused";
}

dissect::Result<StreamStatus> stream(ct::Proto proto, std::string_view name, dissect::ByteView buffered,
                                     const PacketContext& ctx, Sink& out) {
    const auto side = ctx.from_client ? ct::Side::Client : ct::Side::Server;
    const auto r = ct::parse(proto, side, buffered);
    if (!r) return dissect::fail(r.error());
    if (ct::need_more(*r)) return StreamStatus{false, r->need_bytes};
    const ct::Message& m = *r;
    Fingerprint f;
    if (side == ct::Side::Server) {
        if (!m.greeting.empty()) {
            f.key = "banner";
            std::string entry(name);
            entry += ": ";
            entry += capped(m.greeting.as_chars(), nullptr, kMaxBannerLine);
            f.entry = std::move(entry);
        }
        f.observations.push_back({"svc." + std::string(name), server_detail(m)});
    } else if (m.login != ct::Login::None) {
        f.observations.push_back({"cleartext." + std::string(name) + ".login", std::string(login_detail(m))});
    } else {
        return StreamStatus{true, 0};  // no login in the clear (none yet, or TLS asked for first)
    }
    out.push_back(std::move(f));
    return StreamStatus{true, 0};
}

}  // namespace

dissect::Result<StreamStatus> telnet_stream(dissect::ByteView buffered, const PacketContext& ctx, Sink& out) {
    return stream(ct::Proto::Telnet, "telnet", buffered, ctx, out);
}
dissect::Result<StreamStatus> ftp_stream(dissect::ByteView buffered, const PacketContext& ctx, Sink& out) {
    return stream(ct::Proto::Ftp, "ftp", buffered, ctx, out);
}
dissect::Result<StreamStatus> pop3_stream(dissect::ByteView buffered, const PacketContext& ctx, Sink& out) {
    return stream(ct::Proto::Pop3, "pop3", buffered, ctx, out);
}
dissect::Result<StreamStatus> imap_stream(dissect::ByteView buffered, const PacketContext& ctx, Sink& out) {
    return stream(ct::Proto::Imap, "imap", buffered, ctx, out);
}

}  // namespace posture::evidence

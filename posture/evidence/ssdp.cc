// posture/evidence/ssdp.cc
// SSDP mapper: see ssdp.h for what it emits and why.
#include "posture/evidence/ssdp.h"

#include <algorithm>
#include <string>
#include <string_view>

#include "dissectors/ssdp/ssdp.h"

namespace posture::evidence {
namespace {

namespace sd = dissect::ssdp;

constexpr std::string_view kSrcServer = "ssdp.server";
constexpr std::string_view kSrcUa = "ssdp.ua";
constexpr std::string_view kSrcNt = "ssdp.nt";

[[nodiscard]] char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

[[nodiscard]] bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); });
}

[[nodiscard]] bool icontains(std::string_view s, std::string_view needle) {
    return std::search(s.begin(), s.end(), needle.begin(), needle.end(),
                       [](char x, char y) { return lower(x) == lower(y); }) != s.end();
}

[[nodiscard]] bool alnum(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// `word` standing alone in `s`: not glued to letters or digits on either side
// ("Microsoft-Windows/10.0" and "Chrome/120 Windows" match, "DarwinWindowsX" not).
[[nodiscard]] bool has_word(std::string_view s, std::string_view word) {
    for (std::size_t i = 0; i + word.size() <= s.size(); ++i) {
        if (!iequals(s.substr(i, word.size()), word)) continue;
        const bool left = i == 0 || !alnum(s[i - 1]);
        const bool right = i + word.size() == s.size() || !alnum(s[i + word.size()]);
        if (left && right) return true;
    }
    return false;
}

// The OS token that UPnP puts first in SERVER and USER-AGENT ("OS/version UPnP/1.0 product/version").
[[nodiscard]] std::string_view first_token(std::string_view s) {
    return s.substr(0, std::min(s.size(), s.find_first_of("/, ")));
}

void add_hint(Fingerprint& fp, const char* attribute, const char* value, std::uint8_t weight, std::string_view src) {
    fp.hints.push_back(ClassHint{attribute, value, weight, std::string(src)});
}

void os_hints(std::string_view s, std::string_view src, Fingerprint& fp) {
    const std::string_view first = first_token(s);
    if (has_word(s, "Windows")) add_hint(fp, "os.name", "Windows", 40, src);
    else if (iequals(first, "Linux")) add_hint(fp, "os.name", "Linux", 20, src);
    else if (iequals(first, "Android")) add_hint(fp, "os.name", "Android", 40, src);
}

void type_hints(std::string_view nt, std::string_view server, Fingerprint& fp) {
    if (icontains(nt, "urn:schemas-upnp-org:device:InternetGatewayDevice:"))
        add_hint(fp, "type", "network", 50, kSrcNt);
    else if (icontains(nt, "urn:schemas-upnp-org:device:MediaRenderer:"))
        add_hint(fp, "type", "media", icontains(server, "DLNADOC") ? 50 : 40, kSrcNt);
    else if (icontains(nt, "urn:schemas-upnp-org:device:Printer:"))
        add_hint(fp, "type", "printer", 40, kSrcNt);
    else if (icontains(nt, "urn:dial-multiscreen-org:service:dial:") || iequals(nt, "roku:ecp"))
        add_hint(fp, "type", "media", 40, kSrcNt);
}

void put(Map& m, const char* key, dissect::ByteView v) {
    if (v.data() != nullptr && !v.empty()) m.insert_or_assign(key, Value(capped(v.as_chars())));
}

}  // namespace

dissect::Result<void> ssdp_datagram(dissect::ByteView payload, const PacketContext& /*ctx*/, Sink& out) {
    const auto m = sd::parse(payload);
    if (!m) return dissect::fail(m.error());
    Fingerprint fp;
    Map e;
    const std::string_view server = m->server.as_chars();
    switch (m->kind) {
        case sd::Kind::Notify: {
            if (iequals(m->nts.as_chars(), "ssdp:byebye")) return {};
            const std::string_view nt = m->nt.as_chars();
            const bool bare_uuid = nt.starts_with("uuid:") && nt.find("::") == std::string_view::npos;
            if (!bare_uuid && !icontains(nt, ":service:")) {
                e.emplace("method", Value("NOTIFY"));
                put(e, "server", m->server);
                put(e, "nt", m->nt);
                put(e, "usn", m->usn);
                put(e, "location", m->location);
            }
            fp.observations.push_back({"ssdp.notify", capped(m->location.as_chars())});
            os_hints(server, kSrcServer, fp);
            type_hints(nt, server, fp);
            break;
        }
        case sd::Kind::Response: {
            e.emplace("status", Value(std::to_string(m->status)));
            put(e, "server", m->server);
            put(e, "nt", m->st);
            put(e, "usn", m->usn);
            put(e, "location", m->location);
            os_hints(server, kSrcServer, fp);
            type_hints(m->st.as_chars(), server, fp);
            break;
        }
        case sd::Kind::MSearch: {
            e.emplace("method", Value("M-SEARCH"));
            put(e, "st", m->st);
            put(e, "user_agent", m->user_agent);
            fp.observations.push_back({"ssdp.msearch", capped(m->st.as_chars())});
            os_hints(m->user_agent.as_chars(), kSrcUa, fp);
            break;
        }
        case sd::Kind::OtherRequest: return {};
    }
    if (!e.empty()) {
        fp.key = "ssdp";
        fp.entry = Value(std::move(e));
    }
    if (!fp.key.empty() || !fp.observations.empty() || !fp.hints.empty()) out.push_back(std::move(fp));
    return {};
}

}  // namespace posture::evidence

// posture/evidence/netbios_dgm.cc
// NetBIOS datagram / browser mapper: see netbios_dgm.h for what it emits and why.
#include "posture/evidence/netbios_dgm.h"

#include <string>
#include <string_view>

#include "dissectors/netbios_dgm/netbios_dgm.h"
#include "posture/evidence/nbns.h"

namespace posture::evidence {
namespace {

namespace ng = dissect::netbios_dgm;

constexpr std::string_view kSrcOs = "browser.os";
constexpr std::string_view kSrcType = "browser.type";
constexpr std::uint8_t kSuffixWorkstation = 0x00;
constexpr std::uint8_t kSuffixServer = 0x20;

[[nodiscard]] bool printable(std::string_view s) {
    for (const char c : s)
        if (c < ' ' || c > '~') return false;
    return !s.empty();
}

// A browser name field as a host name, or "" when it holds anything unprintable.
[[nodiscard]] std::string host_name(dissect::ByteView v) {
    std::string_view s = v.as_chars();
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    return printable(s) ? capped(s) : std::string();
}

void add_name(Fingerprint& fp, std::string name) {
    if (name.empty()) return;
    for (const auto& n : fp.names)
        if (n.name == name) return;
    fp.names.push_back({std::move(name), NameSource::Nbns});
}

void add_hint(Fingerprint& fp, const char* attribute, const char* value, std::uint8_t weight, std::string_view src) {
    fp.hints.push_back(ClassHint{attribute, value, weight, std::string(src)});
}

// The Windows release an NT host's announced version stands for, or nullptr
// when the version alone does not tell (10.0, unknown pairs).
[[nodiscard]] const char* nt_release(std::uint8_t major, std::uint8_t minor, bool server) {
    struct Release {
        std::uint8_t major, minor;
        const char* workstation;
        const char* server;
    };
    static constexpr Release kReleases[] = {
        {4, 0, "NT 4.0", "NT 4.0"},      {5, 0, "2000", "2000"},
        {5, 1, "XP", nullptr},           {5, 2, nullptr, "Server 2003"},
        {6, 0, "Vista", "Server 2008"},  {6, 1, "7", "Server 2008 R2"},
        {6, 2, "8", "Server 2012"},      {6, 3, "8.1", "Server 2012 R2"},
    };
    for (const auto& r : kReleases)
        if (r.major == major && r.minor == minor) return server ? r.server : r.workstation;
    return nullptr;
}

void announcement_hints(const ng::Browser& b, Fingerprint& fp) {
    const std::uint32_t t = b.server_type;
    if ((t & ng::kSvServerUnix) || !(t & (ng::kSvNt | ng::kSvWfw | ng::kSvWindows))) return;
    const bool server = (t & (ng::kSvServerNt | ng::kSvDomainCtrl | ng::kSvDomainBakCtrl)) != 0;
    add_hint(fp, "os.name", "Windows", 40, kSrcOs);
    if (t & ng::kSvNt) {
        if (const char* rel = nt_release(b.os_major, b.os_minor, server)) add_hint(fp, "os.version", rel, 40, kSrcOs);
    } else if (t & ng::kSvWindows) {
        add_hint(fp, "os.version", "9x", 30, kSrcOs);
    }
    if (server) add_hint(fp, "type", "server", 40, kSrcType);
    else if (t & ng::kSvWorkstation) add_hint(fp, "type", "workstation", 30, kSrcType);
}

[[nodiscard]] std::string hex32(std::uint32_t v) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string s = "0x";
    for (int shift = 28; shift >= 0; shift -= 4) s.push_back(kDigits[(v >> shift) & 15]);
    return s;
}

}  // namespace

dissect::Result<void> browser_datagram(dissect::ByteView payload, const PacketContext& /*ctx*/, Sink& out) {
    const auto m = ng::parse(payload);
    if (!m) return dissect::fail(m.error());
    Fingerprint fp;
    if (m->source_name && (m->source_name->suffix == kSuffixWorkstation || m->source_name->suffix == kSuffixServer))
        add_name(fp, netbios_plain_name(*m->source_name));
    if (m->browser) {
        const ng::Browser& b = *m->browser;
        if (b.announcement && (b.opcode == ng::kHostAnnouncement || b.opcode == ng::kLocalMasterAnnouncement)) {
            std::string name = host_name(b.server_name);
            Map e;
            if (!name.empty()) e.emplace("name", Value(name));
            e.emplace("os", Value(std::to_string(b.os_major) + "." + std::to_string(b.os_minor)));
            e.emplace("server_type", Value(hex32(b.server_type)));
            if (!b.comment.empty()) e.emplace("comment", Value(capped(b.comment.as_chars())));
            fp.key = "browser";
            fp.entry = Value(std::move(e));
            add_name(fp, std::move(name));
            announcement_hints(b, fp);
        } else if (b.announcement && b.opcode == ng::kDomainAnnouncement) {
            if (std::string group = host_name(b.server_name); !group.empty()) {
                fp.key = "nbns_group";
                fp.entry = Value(std::move(group));
            }
        } else if (b.opcode == ng::kRequestElection || b.opcode == ng::kAnnouncementRequest ||
                   b.opcode == ng::kMasterAnnouncement) {
            add_name(fp, host_name(b.name));  // BecomeBackup names the browser to promote, not the sender
        }
    }
    if (!fp.key.empty() || !fp.names.empty()) out.push_back(std::move(fp));
    return {};
}

}  // namespace posture::evidence

#include "posture/evidence/ssh.h"

#include <openssl/evp.h>

#include <array>
#include <string>
#include <string_view>
#include <utility>

namespace posture::evidence {
namespace {

namespace ssh = dissect::ssh;

[[nodiscard]] std::string_view text(dissect::ByteView v) noexcept { return v.as_chars(); }

[[nodiscard]] bool istarts_with(std::string_view s, std::string_view lower_prefix) noexcept {
    if (s.size() < lower_prefix.size()) return false;
    for (std::size_t i = 0; i < lower_prefix.size(); ++i) {
        const char c = (s[i] >= 'A' && s[i] <= 'Z') ? static_cast<char>(s[i] | 0x20) : s[i];
        if (c != lower_prefix[i]) return false;
    }
    return true;
}

// ---- Hints from the banner ----

constexpr std::string_view kSrc = "ssh.banner";
constexpr std::uint8_t kDistroOsWeight = 30;   // a distribution's package suffix in the comment
constexpr std::uint8_t kDistroVersionWeight = 20;
constexpr std::uint8_t kProductOsWeight = 40;  // an implementation that exists for one OS only
constexpr std::uint8_t kVendorWeight = 50;     // a vendor's own SSH server
constexpr std::uint8_t kTypeWeight = 20;
constexpr std::uint8_t kEmbeddedWeight = 15;   // dropbear: embedded Linux (routers, cameras, NAS...)

void hint(Fingerprint& f, std::string_view attribute, std::string value, std::uint8_t weight) {
    f.hints.push_back({std::string(attribute), std::move(value), weight, std::string(kSrc)});
}

// Debian-family OpenSSH packages put "<Distro>-<rev>" in the comment and, for
// stable updates, "+deb<N>u<k>" / "~deb<N>u<k>" naming the release.
[[nodiscard]] std::string_view debian_release(std::string_view comments) noexcept {
    for (std::size_t at = comments.find("deb"); at != std::string_view::npos; at = comments.find("deb", at + 1)) {
        if (at == 0 || (comments[at - 1] != '+' && comments[at - 1] != '~')) continue;
        std::size_t end = at + 3;
        while (end < comments.size() && comments[end] >= '0' && comments[end] <= '9') ++end;
        if (end > at + 3) return comments.substr(at + 3, end - at - 3);
    }
    return {};
}

struct Product {
    std::string_view prefix;     // of the software version, case-insensitive
    std::string_view attribute;
    std::string_view value;
    std::uint8_t weight;
};
// Implementations whose name alone says what runs them. Kept short on
// purpose: the knowledge base proper is issue 4's.
constexpr Product kProducts[] = {
    {"openssh_for_windows", "os.name", "Windows", kProductOsWeight},
    {"netbsd_secure_shell", "os.name", "NetBSD", kProductOsWeight},
    {"sun_ssh", "os.name", "Solaris", kProductOsWeight},
    {"dropbear", "os.name", "Linux", kEmbeddedWeight},
    {"dropbear", "type", "iot", kEmbeddedWeight},
    {"cisco", "vendor", "Cisco", kVendorWeight},
    {"cisco", "type", "network", kTypeWeight},
    {"rosssh", "vendor", "MikroTik", kVendorWeight},
    {"rosssh", "type", "network", kTypeWeight},
    {"huawei", "vendor", "Huawei", kVendorWeight},
};

void banner_hints(const ssh::Message& m, Fingerprint& f) {
    const std::string_view software = text(m.software);
    const std::string_view comments = text(m.comments);
    for (const auto& p : kProducts)
        if (istarts_with(software, p.prefix)) hint(f, p.attribute, std::string(p.value), p.weight);
    for (const std::string_view distro : {"Debian", "Ubuntu", "Raspbian"}) {
        if (!comments.starts_with(distro)) continue;
        hint(f, "os.name", "Linux", kDistroOsWeight);
        if (const auto release = debian_release(comments); !release.empty() && distro != "Ubuntu")
            hint(f, "os.version", std::string(distro) + " " + std::string(release), kDistroVersionWeight);
    }
    if (comments.starts_with("FreeBSD")) hint(f, "os.name", "FreeBSD", kProductOsWeight);
}

// ---- Weak offers (RFC 9142 §3.1 kex, RFC 8758 arcfour, RFC 8332 and OpenSSH 7.0 for DSA) ----

// Names that only signal extensions, not algorithms (RFC 8308 ext-info,
// OpenSSH strict kex): they say nothing about the strength of the offer.
[[nodiscard]] bool pseudo_algorithm(std::string_view n) noexcept {
    return n.starts_with("ext-info-") || n.starts_with("kex-strict-");
}

[[nodiscard]] bool weak_kex(std::string_view n) noexcept {
    return n == "diffie-hellman-group1-sha1" || n == "diffie-hellman-group-exchange-sha1" ||
           n == "rsa1024-sha1" || n.starts_with("gss-group1-sha1-") || n.starts_with("gss-gex-sha1-");
}

[[nodiscard]] bool weak_host_key(std::string_view n) noexcept {
    return n.starts_with("ssh-dss") || n == "x509v3-sign-dss";
}

[[nodiscard]] bool weak_cipher(std::string_view n) noexcept {
    return n.starts_with("arcfour") || n == "3des-cbc" || n.starts_with("des-cbc") || n == "des" ||
           n == "blowfish-cbc" || n == "cast128-cbc" || n == "none";
}

// True when the list names at least one real algorithm and all of them are weak.
template <class Weak>
[[nodiscard]] bool only_weak(dissect::ByteView list, Weak weak) noexcept {
    ssh::NameIter it(list);
    bool any = false;
    while (const auto name = it.next()) {
        const std::string_view n = text(*name);
        if (pseudo_algorithm(n)) continue;
        if (!weak(n)) return false;
        any = true;
    }
    return any;
}

[[nodiscard]] std::string obsolete_reasons(const ssh::Message& m, bool server) {
    std::string why;
    auto add = [&](std::string_view reason) {
        if (!why.empty()) why += ", ";
        why += reason;
    };
    if (text(m.proto_version).starts_with("1.")) add("protocol " + std::string(text(m.proto_version)));
    if (server && m.has_kexinit) {
        const auto& l = m.kexinit.lists;
        if (only_weak(l[ssh::kKex], weak_kex)) add("only weak key exchange");
        if (only_weak(l[ssh::kHostKey], weak_host_key)) add("only DSA host keys");
        if (only_weak(l[ssh::kCiphersC2s], weak_cipher) || only_weak(l[ssh::kCiphersS2c], weak_cipher))
            add("only weak ciphers");
    }
    return why;
}

void emit(const ssh::Message& m, bool server, Sink& out) {
    Fingerprint f;
    f.key = "ssh";
    Map e;
    e.emplace("banner", capped(text(m.banner)));
    if (m.has_kexinit) e.emplace(server ? "hassh_server" : "hassh", md5_hex(hassh_string(m.kexinit, server)));
    f.entry = std::move(e);
    banner_hints(m, f);
    if (auto why = obsolete_reasons(m, server); !why.empty())
        f.observations.push_back({"ssh.obsolete", std::move(why)});
    out.push_back(std::move(f));
}

}  // namespace

std::string hassh_string(const ssh::Kexinit& k, bool server) {
    const auto& l = k.lists;
    std::string s;
    s.reserve(l[ssh::kKex].size() + l[ssh::kCiphersC2s].size() + l[ssh::kMacsC2s].size() + 32);
    s += text(l[ssh::kKex]);
    s += ';';
    s += text(l[server ? ssh::kCiphersS2c : ssh::kCiphersC2s]);
    s += ';';
    s += text(l[server ? ssh::kMacsS2c : ssh::kMacsC2s]);
    s += ';';
    s += text(l[server ? ssh::kCompressionS2c : ssh::kCompressionC2s]);
    return s;
}

std::string md5_hex(std::string_view s) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
    unsigned int len = 0;
    if (EVP_Digest(s.data(), s.size(), md.data(), &len, EVP_md5(), nullptr) != 1) return {};
    return hex(std::string_view(reinterpret_cast<const char*>(md.data()), len));
}

dissect::Result<StreamStatus> ssh_stream(dissect::ByteView buffered, const PacketContext& ctx, Sink& out) {
    const bool server = !ctx.from_client;
    const auto r = ssh::parse(buffered);
    if (!r) {
        // A broken KEXINIT does not unsay the banner before it.
        if (const auto id = ssh::parse_identification(buffered); id && !ssh::need_more(*id)) emit(*id, server, out);
        return dissect::fail(r.error());
    }
    if (ssh::need_more(*r)) return StreamStatus{false, r->need_bytes};
    emit(*r, server, out);
    return StreamStatus{true, 0};
}

}  // namespace posture::evidence

// posture/evidence/smb.cc
// SMB mapper: see smb.h for what it emits and why.
#include "posture/evidence/smb.h"

#include <algorithm>
#include <cstdio>
#include <optional>
#include <string_view>

#include "dissectors/smb/smb.h"

namespace posture::evidence {
namespace {

namespace sm = dissect::smb;

constexpr std::uint8_t kOsNameWeight = 70;
constexpr std::uint8_t kNtlmVersionWeight = 70;
constexpr std::uint8_t kNativeVersionWeight = 60;
constexpr std::uint16_t kNoDialect = 0xffff;       // SMB1 NEGOTIATE response: none acceptable
constexpr std::uint16_t kWindows11Build = 22000;   // first Windows 11 build (NT 10.0)
constexpr std::size_t kMaxVersionToken = 6;        // "2000", "8.1", "10.10"

// What one direction said, across its messages (a later value replaces an earlier one).
struct Seen {
    std::string dialects;
    std::string native_os, native_lanman, primary_domain;
    std::optional<sm::NtlmVersion> ntlm_version;
    std::string ntlm_host, ntlm_dns_host, ntlm_domain, ntlm_target;
    std::string smb1_detail;  // non-empty: observation smb.v1
    bool done = false;
};

void set_if(std::string& dst, std::string v) {
    if (!v.empty()) dst = std::move(v);
}

std::string oem_text(dissect::ByteView v) {
    const std::string_view s = v.as_chars();
    return capped(s.substr(0, s.find('\0')));
}

// SMB1 strings follow Flags2; NTLMSSP strings its UNICODE flag.
std::string smb1_text(const sm::Message& m, dissect::ByteView v) {
    return m.unicode ? utf16le_to_utf8(v) : oem_text(v);
}
std::string ntlm_text(const sm::Ntlmssp& n, dissect::ByteView v) {
    return n.unicode ? utf16le_to_utf8(v) : oem_text(v);
}

std::string hex16(std::uint16_t v) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "0x%04x", v);
    return buf;
}

void ntlm(const sm::Ntlmssp& n, Seen& s) {
    if (n.version) s.ntlm_version = n.version;
    switch (n.type) {
        case sm::kNtlmNegotiate:  // OEM names, when the client supplies them at all
            set_if(s.ntlm_host, oem_text(n.workstation));
            set_if(s.ntlm_domain, oem_text(n.domain));
            break;
        case sm::kNtlmChallenge:
            set_if(s.ntlm_target, ntlm_text(n, n.target_name));
            // Target info is UTF-16LE whatever the flags say (MS-NLMP §2.2.2.1).
            set_if(s.ntlm_host, utf16le_to_utf8(n.nb_computer.empty() ? n.dns_computer : n.nb_computer));
            set_if(s.ntlm_dns_host, utf16le_to_utf8(n.dns_computer));
            set_if(s.ntlm_domain, utf16le_to_utf8(n.nb_domain.empty() ? n.dns_domain : n.nb_domain));
            break;
        case sm::kNtlmAuthenticate:
            set_if(s.ntlm_host, ntlm_text(n, n.workstation));
            set_if(s.ntlm_domain, ntlm_text(n, n.domain));
            break;
        default: break;
    }
}

void smb1(const sm::Message& m, Seen& s) {
    switch (m.command) {
        case sm::kSmb1Negotiate:
            if (!m.response) {
                std::string names;
                bool offers_smb2 = false;
                for (std::uint8_t i = 0; i < m.dialect_name_count; ++i) {
                    const std::string_view d = m.dialect_names[i].as_chars();
                    offers_smb2 |= d.starts_with("SMB 2.");
                    if (!names.empty()) names.push_back(',');
                    names.append(d);
                }
                // An SMB2 NEGOTIATE that follows says more; keep that one.
                if (s.dialects.empty() || !s.dialects.starts_with("0x")) set_if(s.dialects, capped(names));
                if (!offers_smb2 && m.dialect_name_count) s.smb1_detail = "SMB1 negotiate without SMB 2 dialects";
            } else if (m.dialect && *m.dialect != kNoDialect) {
                s.smb1_detail = "SMB1 dialect chosen";
                set_if(s.primary_domain, smb1_text(m, m.primary_domain));
            }
            return;
        case sm::kSmb1SessionSetupAndx:
            s.smb1_detail = "SMB1 session setup";
            set_if(s.native_os, smb1_text(m, m.native_os));
            set_if(s.native_lanman, smb1_text(m, m.native_lanman));
            set_if(s.primary_domain, smb1_text(m, m.primary_domain));
            if (m.ntlm) ntlm(*m.ntlm, s);
            if (m.response) {
                s.done |= m.status != sm::kStatusMoreProcessingRequired;
            } else {
                // Without extended security the one request carries
                // everything; so does one whose blob holds no NTLMSSP
                // (Kerberos): later legs would only repeat it.
                s.done |= m.security_blob.empty() || !m.ntlm || m.ntlm->type == sm::kNtlmAuthenticate;
            }
            return;
        default:
            s.smb1_detail = "SMB1 command after set-up";
            s.done = true;
            return;
    }
}

void smb2(const sm::Message& m, Seen& s) {
    switch (m.command) {
        case sm::kSmb2Negotiate:
            if (!m.response) {
                std::string list;
                for (std::uint8_t i = 0; i < m.dialect_count; ++i) {
                    if (!list.empty()) list.push_back(',');
                    list += hex16(m.dialects[i]);
                }
                set_if(s.dialects, std::move(list));
            } else if (m.dialect) {
                s.dialects = hex16(*m.dialect);
            }
            return;
        case sm::kSmb2SessionSetup:
            if (m.ntlm) ntlm(*m.ntlm, s);
            if (m.response) s.done |= m.status != sm::kStatusMoreProcessingRequired;
            else s.done |= !m.ntlm || m.ntlm->type == sm::kNtlmAuthenticate;  // Kerberos: nothing more to learn
            return;
        default: s.done = true; return;
    }
}

void message(const sm::Message& m, Seen& s) {
    switch (m.kind) {
        case sm::Kind::Session: return;
        case sm::Kind::Transform: s.done = true; return;
        case sm::Kind::Smb1: return smb1(m, s);
        case sm::Kind::Smb2: return smb2(m, s);
    }
}

std::string_view nt_version_name(unsigned major, unsigned minor, unsigned build) {
    if (major == 10 && minor == 0) return build >= kWindows11Build ? "11" : "10";
    if (major == 6 && minor == 3) return "8.1";
    if (major == 6 && minor == 2) return "8";
    if (major == 6 && minor == 1) return "7";
    if (major == 6 && minor == 0) return "Vista";
    if (major == 5 && minor == 2) return "Server 2003";
    if (major == 5 && minor == 1) return "XP";
    if (major == 5 && minor == 0) return "2000";
    return {};
}

void add_hint(Fingerprint& fp, const char* attribute, std::string value, std::uint8_t weight, const char* src) {
    fp.hints.push_back(ClassHint{attribute, std::move(value), weight, src});
}

std::string_view next_token(std::string_view& s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    const std::size_t end = std::min(s.find(' '), s.size());
    const std::string_view t = s.substr(0, end);
    s.remove_prefix(end);
    return t;
}

bool version_token(std::string_view t) {
    if (t.empty() || t.size() > kMaxVersionToken || t.front() < '0' || t.front() > '9') return false;
    for (const char c : t)
        if (!((c >= '0' && c <= '9') || c == '.')) return false;
    return true;
}

// "Windows 5.1" (an NT version), "Windows 7 Ultimate 7601 Service Pack 1",
// "Windows Server 2008 R2 Enterprise 7601 Service Pack 1", "Windows XP ..."
// -> the product version; empty when the string says no more than Windows.
std::string windows_version(std::string_view rest) {
    std::string_view t = next_token(rest);
    if (t == "Server") {
        const std::string_view year = next_token(rest);
        if (!version_token(year)) return {};
        std::string v = "Server " + std::string(year);
        if (next_token(rest) == "R2") v += " R2";
        return v;
    }
    if (t == "XP" || t == "Vista") return std::string(t);
    if (!version_token(t)) return {};
    unsigned major = 0, minor = 0;
    if (std::sscanf(std::string(t).c_str(), "%u.%u", &major, &minor) == 2) {
        if (const auto name = nt_version_name(major, minor, 0); !name.empty()) return std::string(name);
    }
    return std::string(t);
}

bool windows_hints_allowed(const Seen& s) {
    if (s.native_lanman.starts_with("Samba")) return false;
    return s.native_os.empty() || s.native_os.starts_with("Windows");
}

void hints(const Seen& s, Fingerprint& fp) {
    const bool windows_ok = windows_hints_allowed(s);
    bool named = false;
    bool versioned = false;
    if (windows_ok && s.native_os.starts_with("Windows")) {
        add_hint(fp, "os.name", "Windows", kOsNameWeight, "smb.native_os");
        named = true;
        if (std::string v = windows_version(std::string_view(s.native_os).substr(7)); !v.empty()) {
            add_hint(fp, "os.version", std::move(v), kNativeVersionWeight, "smb.native_os");
            versioned = true;  // "Server 2016" says more than NT 10.0
        }
    } else if (s.native_os.starts_with("Mac OS X")) {
        add_hint(fp, "os.name", "macOS", kOsNameWeight, "smb.native_os");
        std::string_view rest = std::string_view(s.native_os).substr(8);
        if (const std::string_view v = next_token(rest); version_token(v))
            add_hint(fp, "os.version", std::string(v), kNativeVersionWeight, "smb.native_os");
    }
    if (s.ntlm_version && s.ntlm_version->build != 0 && windows_ok) {
        const auto& v = *s.ntlm_version;
        const std::string_view name = nt_version_name(v.major, v.minor, v.build);
        if (!name.empty()) {
            if (!named) add_hint(fp, "os.name", "Windows", kOsNameWeight, "smb.ntlm");
            if (!versioned) add_hint(fp, "os.version", std::string(name), kNtlmVersionWeight, "smb.ntlm");
        }
    }
}

bool same_nocase(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
        if (lower(a[i]) != lower(b[i])) return false;
    }
    return true;
}

void put(Map& m, const char* key, const std::string& value) {
    if (!value.empty()) m.insert_or_assign(key, Value(value));
}

void emit(const Seen& s, Sink& out, const char* key = "smb", std::string_view via = {}) {
    Fingerprint fp;
    Map e;
    put(e, "via", std::string(via));
    put(e, "dialects", s.dialects);
    put(e, "native_os", s.native_os);
    put(e, "native_lanman", s.native_lanman);
    put(e, "primary_domain", s.primary_domain);
    if (s.ntlm_version) {
        const auto& v = *s.ntlm_version;
        e.insert_or_assign("ntlm_os", Value(std::to_string(v.major) + "." + std::to_string(v.minor) + "." +
                                            std::to_string(v.build)));
    }
    put(e, "ntlm_host", s.ntlm_host);
    put(e, "ntlm_domain", s.ntlm_domain);
    put(e, "ntlm_target", s.ntlm_target);
    if (!s.ntlm_host.empty()) fp.names.push_back({s.ntlm_host, NameSource::Smb});
    // The DNS computer name is often the NetBIOS one in lower case: once is enough.
    if (!s.ntlm_dns_host.empty() && !same_nocase(s.ntlm_dns_host, s.ntlm_host))
        fp.names.push_back({s.ntlm_dns_host, NameSource::Smb});
    hints(s, fp);
    if (!s.smb1_detail.empty()) fp.observations.push_back({"smb.v1", s.smb1_detail});
    if (!e.empty()) {
        fp.key = key;
        fp.singleton = true;
        fp.entry = Value(std::move(e));
    }
    if (!fp.key.empty() || !fp.names.empty() || !fp.observations.empty()) out.push_back(std::move(fp));
}

}  // namespace

std::string utf16le_to_utf8(dissect::ByteView v, bool* truncated, std::size_t max_bytes) {
    std::string out;
    const auto unit = [&v](std::size_t i) { return static_cast<std::uint32_t>(v[i] | (v[i + 1] << 8)); };
    for (std::size_t i = 0; i + 1 < v.size(); i += 2) {
        std::uint32_t cp = unit(i);
        if (cp == 0) break;
        if (cp >= 0xd800 && cp <= 0xdbff && i + 3 < v.size() && unit(i + 2) >= 0xdc00 && unit(i + 2) <= 0xdfff) {
            cp = 0x10000 + ((cp - 0xd800) << 10) + (unit(i + 2) - 0xdc00);
            i += 2;
        } else if (cp >= 0xd800 && cp <= 0xdfff) {
            cp = 0xfffd;
        }
        char buf[4];
        std::size_t n = 0;
        if (cp < 0x80) {
            buf[n++] = static_cast<char>(cp);
        } else if (cp < 0x800) {
            buf[n++] = static_cast<char>(0xc0 | (cp >> 6));
            buf[n++] = static_cast<char>(0x80 | (cp & 0x3f));
        } else if (cp < 0x10000) {
            buf[n++] = static_cast<char>(0xe0 | (cp >> 12));
            buf[n++] = static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
            buf[n++] = static_cast<char>(0x80 | (cp & 0x3f));
        } else {
            buf[n++] = static_cast<char>(0xf0 | (cp >> 18));
            buf[n++] = static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
            buf[n++] = static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
            buf[n++] = static_cast<char>(0x80 | (cp & 0x3f));
        }
        if (out.size() + n > max_bytes) {
            if (truncated) *truncated = true;
            break;
        }
        out.append(buf, n);
    }
    return out;
}

std::uint32_t ntlm_blob(dissect::ByteView blob, std::string_view via, Sink& out) {
    const auto msg = sm::find_ntlmssp(blob);
    if (!msg) return 0;
    const auto n = sm::parse_ntlmssp(*msg);
    if (!n) return 0;
    Seen s;
    ntlm(*n, s);
    emit(s, out, "ntlm", via);
    return n->type;
}

dissect::Result<StreamStatus> smb_stream(dissect::ByteView buffered, const PacketContext& /*ctx*/, Sink& out) {
    Seen s;
    std::size_t pos = 0;
    StreamStatus status;
    while (!s.done) {
        const auto p = sm::parse(buffered.tail(pos));
        if (!p) {
            emit(s, out);
            dissect::ParseError e = p.error();
            e.offset += pos;
            return dissect::fail(e);
        }
        if (p->need_bytes) {
            status.need_bytes = pos + p->need_bytes;
            break;
        }
        message(p->message, s);
        pos += p->size;
        if (pos >= buffered.size() && !s.done) {
            status.need_bytes = pos + sm::kNbssHeaderLen;
            break;
        }
    }
    status.done = s.done;
    if (status.done) status.need_bytes = 0;
    emit(s, out);
    return status;
}

}  // namespace posture::evidence

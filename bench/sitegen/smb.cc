#include "bench/sitegen/smb.h"

#include "bench/sitegen/der.h"

namespace sitegen::smb {
namespace {

constexpr std::uint16_t kCmdNegotiate = 0;
constexpr std::uint16_t kCmdSessionSetup = 1;
constexpr std::uint16_t kCmdTreeConnect = 3;
constexpr std::uint32_t kFlagResponse = 0x00000001;
constexpr std::uint32_t kFlagSigned = 0x00000008;
constexpr std::uint32_t kNtlmFlags = 0xe2088297;  // 56/128-bit, key exch, version, target info, NTLM, unicode ...
constexpr std::size_t kHeader = 64;

void smb2_header(Writer& w, std::uint16_t cmd, std::uint32_t status, bool response, std::uint64_t message_id,
                 std::uint64_t session_id, std::uint32_t tree_id, Rng* signer) {
    w.u8(0xfe).str("SMB").le16(64).le16(cmd == kCmdNegotiate ? 0 : 1).le32(status).le16(cmd);
    w.le16(response ? 1 : 31);  // credits granted / requested
    w.le32((response ? kFlagResponse : 0) | (signer != nullptr ? kFlagSigned : 0));
    w.le32(0).le64(message_id).le32(0x0000feff).le32(tree_id).le64(session_id);
    if (signer != nullptr) {
        w.random(*signer, 16);
    } else {
        w.zeros(16);
    }
}

void ntlm_version(Writer& w, const OsVersion& v) {
    w.u8(v.major).u8(v.minor).le16(v.build).zeros(3).u8(15);  // NTLMSSP revision 15
}

void av_pair(Writer& w, unsigned id, std::string_view s) { w.le16(id).le16(static_cast<unsigned>(s.size() * 2)).utf16le(s); }

Bytes av_pairs(const ChallengeNames& n, std::uint64_t filetime, bool client) {
    Writer w;
    av_pair(w, 2, n.nb_domain);
    av_pair(w, 1, n.nb_computer);
    av_pair(w, 4, n.dns_domain);
    av_pair(w, 3, n.dns_computer);
    w.le16(7).le16(8).le64(filetime);
    if (client) w.le16(6).le16(4).le32(2);  // MsvAvFlags: MIC present
    w.le16(0).le16(0);
    return w.take();
}

void smb1_header(Writer& w, std::uint8_t cmd, std::uint32_t status, bool response, std::uint16_t uid,
                 std::uint16_t pid, std::uint16_t mid) {
    w.u8(0xff).str("SMB").u8(cmd).le32(status).u8(response ? 0x98 : 0x18).le16(0xc853);
    w.le16(0).zeros(8).le16(0).le16(0xffff).le16(pid).le16(uid).le16(mid);
}

const char* const kNtlmOid = "1.3.6.1.4.1.311.2.2.10";

}  // namespace

Bytes nbss(ByteSpan m) {
    Writer w(m.size() + 4);
    w.u8(0).be24(static_cast<std::uint32_t>(m.size())).bytes(m);
    return w.take();
}

Bytes negotiate_request(std::uint64_t message_id, const Guid& client_guid, std::string_view server_name, Rng& rng) {
    static constexpr std::uint16_t kDialects[] = {0x0202, 0x0210, 0x0300, 0x0302, 0x0311};
    Writer w(256);
    smb2_header(w, kCmdNegotiate, 0, false, message_id, 0, 0, nullptr);
    w.le16(36).le16(5).le16(1).le16(0).le32(0x7f).bytes(client_guid);
    const std::size_t ctx_off_at = w.size();
    w.le32(0).le16(3).le16(0);
    for (const std::uint16_t d : kDialects) w.le16(d);
    w.align(8);
    w.patch_le32(ctx_off_at, static_cast<std::uint32_t>(w.size()));
    // Preauth integrity: SHA-512 with a 32-byte salt.
    w.le16(1).le16(38).le32(0).le16(1).le16(32).le16(1).random(rng, 32);
    w.align(8);
    // Encryption: AES-128-GCM, AES-128-CCM, AES-256-GCM, AES-256-CCM.
    w.le16(2).le16(10).le32(0).le16(4).le16(2).le16(1).le16(4).le16(3);
    w.align(8);
    // Netname: the server name the client asked for.
    w.le16(5).le16(static_cast<unsigned>(server_name.size() * 2)).le32(0).utf16le(server_name);
    return w.take();
}

Bytes negotiate_response(std::uint64_t message_id, std::uint16_t dialect, const Guid& server_guid,
                         std::uint64_t filetime, Rng& rng) {
    const Bytes blob = spnego_server_hint();
    Writer w(256);
    smb2_header(w, kCmdNegotiate, 0, true, message_id, 0, 0, nullptr);
    const bool v311 = dialect == 0x0311;
    w.le16(65).le16(1).le16(dialect).le16(v311 ? 2 : 0).bytes(server_guid).le32(0x2f);
    w.le32(8388608).le32(8388608).le32(8388608).le64(filetime).le64(0);
    w.le16(static_cast<unsigned>(kHeader + 64)).le16(static_cast<unsigned>(blob.size()));
    const std::size_t ctx_off_at = w.size();
    w.le32(0);
    w.bytes(blob);
    if (v311) {
        w.align(8);
        w.patch_le32(ctx_off_at, static_cast<std::uint32_t>(w.size()));
        w.le16(1).le16(38).le32(0).le16(1).le16(32).le16(1).random(rng, 32);
        w.align(8);
        w.le16(2).le16(4).le32(0).le16(1).le16(2);  // AES-128-GCM chosen
    }
    return w.take();
}

Bytes session_setup_request(std::uint64_t message_id, std::uint64_t session_id, ByteSpan blob) {
    Writer w(kHeader + 24 + blob.size());
    smb2_header(w, kCmdSessionSetup, 0, false, message_id, session_id, 0, nullptr);
    w.le16(25).u8(0).u8(1).le32(1).le32(0).le16(static_cast<unsigned>(kHeader + 24));
    w.le16(static_cast<unsigned>(blob.size())).le64(0).bytes(blob);
    return w.take();
}

Bytes session_setup_response(std::uint64_t message_id, std::uint64_t session_id, std::uint32_t status,
                             ByteSpan blob) {
    Writer w(kHeader + 8 + blob.size());
    smb2_header(w, kCmdSessionSetup, status, true, message_id, session_id, 0, nullptr);
    w.le16(9).le16(0).le16(static_cast<unsigned>(kHeader + 8)).le16(static_cast<unsigned>(blob.size())).bytes(blob);
    return w.take();
}

Bytes tree_connect_request(std::uint64_t message_id, std::uint64_t session_id, std::string_view unc_path, Rng& rng) {
    Writer w(kHeader + 8 + unc_path.size() * 2);
    smb2_header(w, kCmdTreeConnect, 0, false, message_id, session_id, 0, &rng);
    w.le16(9).le16(0).le16(static_cast<unsigned>(kHeader + 8)).le16(static_cast<unsigned>(unc_path.size() * 2));
    w.utf16le(unc_path);
    return w.take();
}

Bytes tree_connect_response(std::uint64_t message_id, std::uint64_t session_id, std::uint32_t tree_id, Rng& rng) {
    Writer w(kHeader + 16);
    smb2_header(w, kCmdTreeConnect, 0, true, message_id, session_id, tree_id, &rng);
    w.le16(16).u8(1).u8(0).le32(0x00000800).le32(0).le32(0x001f01ff);  // disk, access-based enum off, full access
    return w.take();
}

Bytes ntlm_negotiate(const OsVersion& v) {
    Writer w(40);
    w.str("NTLMSSP").u8(0).le32(1).le32(kNtlmFlags);
    w.le16(0).le16(0).le32(0).le16(0).le16(0).le32(0);  // domain, workstation: not supplied
    ntlm_version(w, v);
    return w.take();
}

Bytes ntlm_challenge(const OsVersion& v, const ChallengeNames& names, std::uint64_t filetime, Rng& rng) {
    const Bytes info = av_pairs(names, filetime, false);
    const auto target_len = static_cast<unsigned>(names.nb_domain.size() * 2);
    constexpr unsigned kFixed = 56;
    Writer w(kFixed + target_len + info.size());
    w.str("NTLMSSP").u8(0).le32(2);
    w.le16(target_len).le16(target_len).le32(kFixed);
    w.le32(kNtlmFlags | 0x00010000);  // + target type domain
    w.random(rng, 8).zeros(8);        // server challenge, reserved
    w.le16(static_cast<unsigned>(info.size())).le16(static_cast<unsigned>(info.size())).le32(kFixed + target_len);
    ntlm_version(w, v);
    w.utf16le(names.nb_domain).bytes(info);
    return w.take();
}

Bytes ntlm_authenticate(const OsVersion& v, const ChallengeNames& names, std::string_view user,
                        std::string_view workstation, std::uint64_t filetime, Rng& rng) {
    Writer nt;
    nt.random(rng, 16);                            // NTProofStr
    nt.u8(1).u8(1).le16(0).le32(0).le64(filetime);  // NTLMv2 client challenge blob
    nt.random(rng, 8).le32(0).bytes(av_pairs(names, filetime, true)).le32(0);
    constexpr unsigned kFixed = 88;
    const unsigned lm_len = 24;
    const auto nt_len = static_cast<unsigned>(nt.size());
    const auto dom_len = static_cast<unsigned>(names.nb_domain.size() * 2);
    const auto user_len = static_cast<unsigned>(user.size() * 2);
    const auto ws_len = static_cast<unsigned>(workstation.size() * 2);
    unsigned off = kFixed;
    Writer w(kFixed + lm_len + nt_len + dom_len + user_len + ws_len + 16);
    w.str("NTLMSSP").u8(0).le32(3);
    auto field = [&w, &off](unsigned len) {
        w.le16(len).le16(len).le32(off);
        off += len;
    };
    field(lm_len);
    field(nt_len);
    field(dom_len);
    field(user_len);
    field(ws_len);
    field(16);  // encrypted random session key
    w.le32(kNtlmFlags);
    ntlm_version(w, v);
    w.random(rng, 16);  // MIC
    w.zeros(lm_len).bytes(nt.data()).utf16le(names.nb_domain).utf16le(user).utf16le(workstation).random(rng, 16);
    return w.take();
}

Bytes spnego_init(ByteSpan ntlm) {
    const Bytes mech_types = der::tlv(0xa0, der::seq({der::oid(kNtlmOid)}));
    const Bytes token = der::tlv(0xa2, der::octets(ntlm));
    const Bytes init = der::tlv(0xa0, der::seq({mech_types, token}));
    return der::tlv(0x60, der::cat({der::oid("1.3.6.1.5.5.2"), init}));
}

Bytes spnego_server_hint() {
    const Bytes mechs = der::seq({der::oid("1.2.840.48018.1.2.2"), der::oid("1.2.840.113554.1.2.2"), der::oid(kNtlmOid)});
    const Bytes init = der::tlv(0xa0, der::seq({der::tlv(0xa0, mechs)}));
    return der::tlv(0x60, der::cat({der::oid("1.3.6.1.5.5.2"), init}));
}

Bytes spnego_response(ByteSpan ntlm, int neg_state) {
    Bytes inner;
    if (neg_state >= 0) {
        const Bytes st = der::tlv(0xa0, der::tlv(der::tag::kEnumerated, Bytes{static_cast<std::uint8_t>(neg_state)}));
        inner = der::cat({inner, st});
        if (neg_state == 1) inner = der::cat({inner, der::tlv(0xa1, der::oid(kNtlmOid))});
    }
    if (!ntlm.empty()) inner = der::cat({inner, der::tlv(0xa2, der::octets(ntlm))});
    return der::tlv(0xa1, der::tlv(der::tag::kSequence, inner));
}

Bytes smb1_negotiate_request(std::span<const std::string_view> dialects, std::uint16_t pid, std::uint16_t mid) {
    Writer body;
    for (const std::string_view d : dialects) body.u8(2).cstr(d);
    Writer w(64 + body.size());
    smb1_header(w, 0x72, 0, false, 0, pid, mid);
    w.u8(0).le16(static_cast<unsigned>(body.size())).bytes(body.data());
    return w.take();
}

Bytes smb1_negotiate_response(std::uint16_t dialect_index, const Guid& server_guid, std::uint64_t filetime,
                              std::uint16_t pid, std::uint16_t mid) {
    const Bytes blob = spnego_server_hint();
    Writer w(128 + blob.size());
    smb1_header(w, 0x72, 0, true, 0, pid, mid);
    w.u8(17).le16(dialect_index).u8(0x03).le16(50).le16(1).le32(16644).le32(65536).le32(0);
    w.le32(0x8001e3fc).le64(filetime).le16(0).u8(0);  // capabilities incl. extended security; UTC
    w.le16(static_cast<unsigned>(16 + blob.size())).bytes(server_guid).bytes(blob);
    return w.take();
}

Bytes smb1_session_setup_request(ByteSpan blob, std::string_view native_os, std::string_view native_lm,
                                 std::uint16_t pid, std::uint16_t mid) {
    Writer w(128 + blob.size() + 2 * (native_os.size() + native_lm.size()));
    smb1_header(w, 0x73, 0, false, 0, pid, mid);
    w.u8(12).u8(0xff).u8(0).le16(0).le16(16644).le16(50).le16(0).le32(0);
    w.le16(static_cast<unsigned>(blob.size())).le32(0).le32(0x800000d4);
    const std::size_t bcc_at = w.size();
    w.le16(0).bytes(blob);
    w.align(2);  // Unicode strings are aligned relative to the SMB header
    w.utf16le(native_os).le16(0).utf16le(native_lm).le16(0).le16(0);
    w.patch_le16(bcc_at, since(w, bcc_at, 2));
    return w.take();
}

Bytes smb1_session_setup_response(ByteSpan blob, std::uint32_t status, std::uint16_t uid, std::string_view native_os,
                                  std::string_view native_lm, std::uint16_t pid, std::uint16_t mid) {
    Writer w(128 + blob.size() + 2 * (native_os.size() + native_lm.size()));
    smb1_header(w, 0x73, status, true, uid, pid, mid);
    w.u8(4).u8(0xff).u8(0).le16(0).le16(0).le16(static_cast<unsigned>(blob.size()));
    const std::size_t bcc_at = w.size();
    w.le16(0).bytes(blob);
    w.align(2);
    w.utf16le(native_os).le16(0).utf16le(native_lm).le16(0).utf16le("WORKGROUP").le16(0);
    w.patch_le16(bcc_at, since(w, bcc_at, 2));
    return w.take();
}

}  // namespace sitegen::smb

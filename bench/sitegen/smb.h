// SMB over direct TCP 445 ([MS-SMB2], [MS-CIFS]/[MS-SMB] for SMB1), with the
// NTLMSSP messages ([MS-NLMP]) wrapped in SPNEGO (RFC 4178) that carry the
// client and server OS versions. Negotiate, session setup and tree connect only.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "bench/sitegen/bytes.h"

namespace sitegen::smb {

using Guid = std::array<std::uint8_t, 16>;

struct OsVersion {
    std::uint8_t major = 10;
    std::uint8_t minor = 0;
    std::uint16_t build = 19041;
};

// NetBIOS session service header for direct-hosted SMB.
Bytes nbss(ByteSpan smb_message);

inline constexpr std::uint32_t kStatusOk = 0;
inline constexpr std::uint32_t kStatusMoreProcessing = 0xc0000016;

// SMB2/3 messages (without the NetBIOS header).
Bytes negotiate_request(std::uint64_t message_id, const Guid& client_guid, std::string_view server_name, Rng& rng);
Bytes negotiate_response(std::uint64_t message_id, std::uint16_t dialect, const Guid& server_guid,
                         std::uint64_t filetime, Rng& rng);
Bytes session_setup_request(std::uint64_t message_id, std::uint64_t session_id, ByteSpan security_blob);
Bytes session_setup_response(std::uint64_t message_id, std::uint64_t session_id, std::uint32_t status,
                             ByteSpan security_blob);
Bytes tree_connect_request(std::uint64_t message_id, std::uint64_t session_id, std::string_view unc_path, Rng& rng);
Bytes tree_connect_response(std::uint64_t message_id, std::uint64_t session_id, std::uint32_t tree_id, Rng& rng);

// NTLMSSP.
Bytes ntlm_negotiate(const OsVersion& v);
struct ChallengeNames {
    std::string nb_domain, nb_computer, dns_domain, dns_computer;
};
Bytes ntlm_challenge(const OsVersion& v, const ChallengeNames& names, std::uint64_t filetime, Rng& rng);
Bytes ntlm_authenticate(const OsVersion& v, const ChallengeNames& names, std::string_view user,
                        std::string_view workstation, std::uint64_t filetime, Rng& rng);

// SPNEGO wrappers.
Bytes spnego_init(ByteSpan ntlm);                   // client's first token (negTokenInit)
Bytes spnego_server_hint();                         // negotiate response's negTokenInit (mech list)
Bytes spnego_response(ByteSpan ntlm, int neg_state);  // negTokenResp; neg_state < 0 omits it; empty ntlm omits the token

// SMB1 ([MS-CIFS] 2.2.4.52, 2.2.4.53) with extended security.
Bytes smb1_negotiate_request(std::span<const std::string_view> dialects, std::uint16_t pid, std::uint16_t mid);
Bytes smb1_negotiate_response(std::uint16_t dialect_index, const Guid& server_guid, std::uint64_t filetime,
                              std::uint16_t pid, std::uint16_t mid);
Bytes smb1_session_setup_request(ByteSpan blob, std::string_view native_os, std::string_view native_lm,
                                 std::uint16_t pid, std::uint16_t mid);
Bytes smb1_session_setup_response(ByteSpan blob, std::uint32_t status, std::uint16_t uid, std::string_view native_os,
                                  std::string_view native_lm, std::uint16_t pid, std::uint16_t mid);

}  // namespace sitegen::smb

// dissectors/smb/smb.h
// SMB session set-up, as a passive observer sees it at the start of a TCP
// connection to port 445 (direct TCP, MS-SMB2 §2.1) or 139 (NetBIOS session
// service, RFC 1002 §4.3): one message at a time, each behind its 4-byte
// session-service header. Extracts what identifies the two ends:
//   - SMB1 (MS-CIFS §2.2.4.52, MS-SMB §2.2.4.5/§2.2.4.6): NEGOTIATE request
//     dialect strings and the response's dialect index; SESSION_SETUP_ANDX
//     request and response NativeOS, NativeLanMan and PrimaryDomain (raw views:
//     UTF-16LE when `unicode`, else OEM bytes) and the security blob;
//   - SMB2/3 (MS-SMB2 §2.2.3, §2.2.4, §2.2.5, §2.2.6): NEGOTIATE request
//     dialect list, response dialect revision, SESSION_SETUP security buffers;
//   - NTLMSSP (MS-NLMP §2.2.1) found inside a security blob by its signature
//     (SPNEGO is not walked, so raw NTLMSSP and GSS-wrapped both work):
//     NEGOTIATE, CHALLENGE and AUTHENTICATE: flags, version (major.minor.build),
//     domain, user and workstation names, the challenge's target name and
//     target-info names (NetBIOS/DNS computer, domain and tree).
// Reads only inside the input; all views point into it. Lists have fixed
// capacity and a `dropped` count. Contents of a complete message that do not
// add up (an offset past the end, a string without room) never fail the
// parse: the field stays empty and `malformed` is set.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "dissectors/core/byte_view.h"
#include "dissectors/core/result.h"

namespace dissect::smb {

inline constexpr std::size_t kNbssHeaderLen = 4;
inline constexpr std::size_t kSmb1HeaderLen = 32;
inline constexpr std::size_t kSmb2HeaderLen = 64;
inline constexpr std::size_t kMaxDialects = 16;  // dialects kept per NEGOTIATE request
inline constexpr std::size_t kMaxAvPairs = 32;   // NTLMSSP target-info pairs walked

// NetBIOS session service packet types (RFC 1002 §4.3.1).
enum NbssType : std::uint8_t {
    kSessionMessage = 0x00, kSessionRequest = 0x81, kPositiveResponse = 0x82, kNegativeResponse = 0x83,
    kRetargetResponse = 0x84, kKeepAlive = 0x85,
};

enum class Kind : std::uint8_t {
    Session,     // a session-service packet other than a message (request, response, keep-alive)
    Smb1,
    Smb2,
    Transform,   // SMB 3 encrypted (0xFD 'SMB') or compressed (0xFC 'SMB'): opaque from here on
};

inline constexpr std::uint8_t kSmb1Negotiate = 0x72;
inline constexpr std::uint8_t kSmb1SessionSetupAndx = 0x73;
inline constexpr std::uint16_t kSmb2Negotiate = 0x0000;
inline constexpr std::uint16_t kSmb2SessionSetup = 0x0001;
inline constexpr std::uint32_t kStatusMoreProcessingRequired = 0xc0000016;
inline constexpr std::uint16_t kSmb1Flags2Unicode = 0x8000;
inline constexpr std::uint16_t kSmb1Flags2ExtendedSecurity = 0x0800;

// NTLMSSP.
inline constexpr std::uint32_t kNtlmNegotiate = 1;
inline constexpr std::uint32_t kNtlmChallenge = 2;
inline constexpr std::uint32_t kNtlmAuthenticate = 3;
inline constexpr std::uint32_t kNtlmFlagUnicode = 0x00000001;
inline constexpr std::uint32_t kNtlmFlagVersion = 0x02000000;

struct NtlmVersion {
    std::uint8_t major = 0;
    std::uint8_t minor = 0;
    std::uint16_t build = 0;
    std::uint8_t revision = 0;  // NTLMSSP revision, 15 today
};

struct Ntlmssp {
    std::uint32_t type = 0;   // kNtlmNegotiate, kNtlmChallenge, kNtlmAuthenticate
    std::uint32_t flags = 0;
    bool unicode = false;     // strings of CHALLENGE/AUTHENTICATE are UTF-16LE (else OEM);
                              // NEGOTIATE's domain/workstation are always OEM
    std::optional<NtlmVersion> version;
    ByteView domain;          // NEGOTIATE (OEM), AUTHENTICATE
    ByteView user;            // AUTHENTICATE
    ByteView workstation;     // NEGOTIATE (OEM), AUTHENTICATE
    ByteView target_name;     // CHALLENGE
    // CHALLENGE target info (MS-NLMP §2.2.2.1), always UTF-16LE.
    ByteView nb_computer;
    ByteView nb_domain;
    ByteView dns_computer;
    ByteView dns_domain;
    ByteView dns_tree;
    bool malformed = false;   // a field pointed outside the message: left empty
};

struct Message {
    std::uint8_t nbss_type = kSessionMessage;
    Kind kind = Kind::Session;
    std::uint16_t command = 0;     // SMB1: 8 bits; SMB2: 16 bits
    bool response = false;
    std::uint32_t status = 0;      // NT status (SMB1 with 32-bit status, SMB2)
    std::uint16_t flags2 = 0;      // SMB1
    bool unicode = false;          // SMB1 strings are UTF-16LE (Flags2), else OEM bytes

    // NEGOTIATE request: SMB1 dialect strings (without the 0x02 marker and
    // NUL), or SMB2 dialect revisions, in wire order.
    ByteView dialect_names[kMaxDialects] = {};
    std::uint8_t dialect_name_count = 0;
    std::uint16_t dialects[kMaxDialects] = {};
    std::uint8_t dialect_count = 0;
    std::uint16_t dialects_dropped = 0;
    // NEGOTIATE response: SMB1 index into the request's list (0xFFFF: none
    // acceptable), or the SMB2 dialect revision (0x02FF: "SMB 2.???" wildcard).
    std::optional<std::uint16_t> dialect;

    // SMB1 SESSION_SETUP_ANDX (and the non-extended NEGOTIATE response domain).
    ByteView native_os;
    ByteView native_lanman;
    ByteView primary_domain;
    ByteView account_name;         // non-extended-security request only

    ByteView security_blob;        // SESSION_SETUP (both versions), NEGOTIATE response
    std::optional<Ntlmssp> ntlm;   // found inside security_blob

    bool malformed = false;        // the command body did not add up: fields left empty
};

// One session-service packet. When the input holds only part of it,
// `need_bytes` says how many bytes (from the start of the input) it takes;
// `message` is then empty.
struct Parsed {
    std::size_t need_bytes = 0;  // 0 = complete
    std::size_t size = 0;        // bytes this packet took, header included
    Message message;
};

// Anomaly names reported in ParseError::what (stable counter names).
inline constexpr const char kErrTruncated[] = "dissect.smb.truncated";
inline constexpr const char kErrBadNbssType[] = "dissect.smb.bad_nbss_type";
inline constexpr const char kErrBadMagic[] = "dissect.smb.bad_magic";
inline constexpr const char kErrBadHeader[] = "dissect.smb.bad_header";
inline constexpr const char kErrNtlmBadSignature[] = "dissect.smb.ntlm_bad_signature";

// Parses the session-service packet at the start of `buffered` (the first
// bytes of one direction of the TCP stream, possibly several packets). An
// incomplete packet is not an error: `need_bytes` > 0. Errors: Malformed for
// an unknown session packet type ("bad_nbss_type"), a message that is neither
// SMB1, SMB2 nor an SMB 3 transform ("bad_magic"), or one shorter than its
// protocol header ("bad_header").
[[nodiscard]] Result<Parsed> parse(ByteView buffered) noexcept;

// The NTLMSSP message inside a security blob: from its "NTLMSSP\0" signature
// to the end of the blob; nullopt when there is none.
[[nodiscard]] std::optional<ByteView> find_ntlmssp(ByteView blob) noexcept;

// Parses an NTLMSSP message (MS-NLMP §2.2.1) that starts with its signature.
// Errors: Truncated when the fixed part for its type is cut; Malformed for a
// wrong signature ("ntlm_bad_signature"); Unsupported for a message type other
// than 1, 2 or 3. Older peers send shorter fixed parts (no version): accepted.
[[nodiscard]] Result<Ntlmssp> parse_ntlmssp(ByteView message) noexcept;

}  // namespace dissect::smb

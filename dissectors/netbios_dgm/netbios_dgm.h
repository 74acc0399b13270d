// dissectors/netbios_dgm/netbios_dgm.h
// NetBIOS Datagram Service (RFC 1002 §4.4), UDP 138, and the browser protocol
// it carries: an SMB_COM_TRANSACTION (CIFS §2.2.4.33; [MS-CIFS]) that writes
// to the mailslot \MAILSLOT\BROWSE ([MS-MAIL] §2.2.1), whose data is a
// CIFS Browser Protocol frame ([MS-BRWS] §2.2).
//
// Extracts:
//   - the datagram header: message type, flags, id, source IP and port; for
//     DIRECT_UNIQUE / DIRECT_GROUP / BROADCAST datagrams the source and
//     destination NetBIOS names (first-level decoded, dissectors/nbns) and the
//     user data, clamped to DGM_LENGTH; for ERROR the error code; for the
//     query types the destination name;
//   - when the user data of a first fragment is an SMB1 transaction: the
//     mailslot name and the transaction data (bounded by DataOffset/DataCount);
//   - when that mailslot is \MAILSLOT\BROWSE (or \MAILSLOT\LANMAN, which
//     carries the same announcement frames): the browser opcode and, for
//     HostAnnouncement, LocalMasterAnnouncement and DomainAnnouncement, the
//     server (or workgroup) name, OS version, server type bits and comment;
//     for RequestElection the criteria and server name; for the opcodes that
//     carry only a name (AnnouncementRequest, MasterAnnouncement,
//     BecomeBackup) that name.
// Names and strings are views (NUL excluded). Limits: a NetBIOS name (with its
// scope) is at most kMaxNameWireBytes; the SMB wrapping is read only as far as
// the fields above need, every offset checked against its own sub-view.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "dissectors/core/addr.h"
#include "dissectors/core/byte_view.h"
#include "dissectors/core/result.h"
#include "dissectors/nbns/nbns.h"

namespace dissect::netbios_dgm {

inline constexpr std::size_t kHeaderLen = 10;          // MSG_TYPE FLAGS DGM_ID SOURCE_IP SOURCE_PORT
inline constexpr std::size_t kMaxNameWireBytes = 255;  // encoded name + scope labels + root byte
inline constexpr std::size_t kSmbHeaderLen = 32;
inline constexpr std::size_t kTransWords = 14;         // SMB_COM_TRANSACTION words before Setup
inline constexpr std::size_t kServerNameLen = 16;      // announcement ServerName field, NUL padded

// MSG_TYPE (RFC 1002 §4.4.1).
inline constexpr std::uint8_t kDirectUnique = 0x10;
inline constexpr std::uint8_t kDirectGroup = 0x11;
inline constexpr std::uint8_t kBroadcast = 0x12;
inline constexpr std::uint8_t kError = 0x13;
inline constexpr std::uint8_t kQueryRequest = 0x14;
inline constexpr std::uint8_t kPositiveQueryResponse = 0x15;
inline constexpr std::uint8_t kNegativeQueryResponse = 0x16;

// FLAGS: M (more fragments) and F (first fragment); SNT in bits 2..3.
inline constexpr std::uint8_t kFlagMore = 0x01;
inline constexpr std::uint8_t kFlagFirst = 0x02;

inline constexpr std::uint8_t kSmbComTransaction = 0x25;
inline constexpr std::uint16_t kSmbFlags2Unicode = 0x8000;

// Browser opcodes ([MS-BRWS] §2.2).
inline constexpr std::uint8_t kHostAnnouncement = 0x01;
inline constexpr std::uint8_t kAnnouncementRequest = 0x02;
inline constexpr std::uint8_t kRequestElection = 0x08;
inline constexpr std::uint8_t kGetBackupListRequest = 0x09;
inline constexpr std::uint8_t kGetBackupListResponse = 0x0a;
inline constexpr std::uint8_t kBecomeBackup = 0x0b;
inline constexpr std::uint8_t kDomainAnnouncement = 0x0c;
inline constexpr std::uint8_t kMasterAnnouncement = 0x0d;
inline constexpr std::uint8_t kResetState = 0x0e;
inline constexpr std::uint8_t kLocalMasterAnnouncement = 0x0f;

// Server type bits ([MS-RAP] §2.5.5.4.4 / [MS-BRWS] §2.2.1), the ones callers test.
inline constexpr std::uint32_t kSvWorkstation = 0x00000001;
inline constexpr std::uint32_t kSvServer = 0x00000002;
inline constexpr std::uint32_t kSvDomainCtrl = 0x00000008;
inline constexpr std::uint32_t kSvDomainBakCtrl = 0x00000010;
inline constexpr std::uint32_t kSvPrintQServer = 0x00000200;
inline constexpr std::uint32_t kSvServerUnix = 0x00000800;   // Xenix/Unix: Samba sets it
inline constexpr std::uint32_t kSvNt = 0x00001000;           // Windows NT family
inline constexpr std::uint32_t kSvWfw = 0x00002000;          // Windows for Workgroups
inline constexpr std::uint32_t kSvServerNt = 0x00008000;     // NT server that is not a DC
inline constexpr std::uint32_t kSvMasterBrowser = 0x00040000;
inline constexpr std::uint32_t kSvWindows = 0x00400000;      // Windows 95 and later (9x)
inline constexpr std::uint32_t kSvDomainEnum = 0x80000000;

// Anomaly names reported in ParseError::what (stable counter names).
inline constexpr const char kErrTruncated[] = "dissect.netbios_dgm.truncated";
inline constexpr const char kErrBadName[] = "dissect.netbios_dgm.bad_name";
inline constexpr const char kErrBadLength[] = "dissect.netbios_dgm.bad_length";  // DGM_LENGTH < names

// A browser frame, as far as it identifies its sender.
struct Browser {
    std::uint8_t opcode = 0;
    // HostAnnouncement, LocalMasterAnnouncement, DomainAnnouncement.
    bool announcement = false;
    std::uint8_t update_count = 0;
    std::uint32_t periodicity_ms = 0;
    ByteView server_name;        // up to the first NUL of the 16-byte field (workgroup for DomainAnnouncement)
    std::uint8_t os_major = 0, os_minor = 0;
    std::uint32_t server_type = 0;
    std::uint8_t browser_major = 0, browser_minor = 0;
    std::uint16_t signature = 0;
    ByteView comment;            // NUL-terminated string (for DomainAnnouncement: the master browser's name)
    // RequestElection.
    std::uint8_t election_version = 0;
    std::uint32_t election_criteria = 0;
    std::uint32_t election_uptime_ms = 0;
    // RequestElection, AnnouncementRequest, MasterAnnouncement, BecomeBackup.
    ByteView name;
};

struct Message {
    std::uint8_t msg_type = 0;
    std::uint8_t flags = 0;
    std::uint16_t dgm_id = 0;
    IpAddr source_ip{};
    std::uint16_t source_port = 0;
    // DIRECT_UNIQUE, DIRECT_GROUP, BROADCAST.
    std::uint16_t dgm_length = 0;
    std::uint16_t packet_offset = 0;
    std::optional<nbns::NetbiosName> source_name;
    std::optional<nbns::NetbiosName> destination_name;  // also for the query types
    ByteView user_data;           // clamped to DGM_LENGTH
    // ERROR.
    std::uint8_t error_code = 0;
    // SMB transaction (first fragment whose user data starts with \xffSMB, command 0x25).
    bool smb_transaction = false;
    bool smb_unicode = false;     // FLAGS2 says strings are UTF-16LE
    ByteView mailslot;            // transaction name, terminator excluded (raw; UTF-16LE when smb_unicode)
    ByteView trans_data;          // DataCount bytes at DataOffset
    // Browser frame (mailslot \MAILSLOT\BROWSE or \MAILSLOT\LANMAN).
    std::optional<Browser> browser;

    [[nodiscard]] constexpr bool first_fragment() const noexcept { return (flags & kFlagFirst) != 0; }
    [[nodiscard]] constexpr bool more_fragments() const noexcept { return (flags & kFlagMore) != 0; }
};

// Parses one NetBIOS datagram (the UDP payload). Views point into `payload`.
// Errors: Truncated ("dissect.netbios_dgm.truncated") when the header, a name,
// or the DGM_LENGTH bytes run past the end; Malformed ("bad_name") for a name
// that is not a 32-byte first-level encoded label with plain scope labels, or
// ("bad_length") when DGM_LENGTH is shorter than the two names. Unknown message
// types parse as the 10-byte header only. The SMB and browser layers never
// fail the parse: what does not fit is left unset.
[[nodiscard]] Result<Message> parse(ByteView payload) noexcept;

}  // namespace dissect::netbios_dgm

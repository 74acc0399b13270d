// dissectors/netbios_dgm/netbios_dgm.cc: NetBIOS Datagram Service, RFC 1002
// §4.4, with the SMB mailslot and browser frames inside (see netbios_dgm.h).
#include "dissectors/netbios_dgm/netbios_dgm.h"

#include <string_view>

#include "dissectors/core/byte_reader.h"

namespace dissect::netbios_dgm {

namespace {

constexpr std::uint8_t kLabelTypeMask = 0xc0;
constexpr std::size_t kAnnouncementFixed = 32;  // opcode .. signature of a HostAnnouncement
constexpr std::size_t kElectionFixed = 14;      // opcode version criteria uptime reserved
// SMB_COM_TRANSACTION word offsets (after WordCount), CIFS §2.2.4.33.1.
constexpr std::size_t kWordDataCount = 22;
constexpr std::size_t kWordDataOffset = 24;
static_assert(kWordDataOffset == kWordDataCount + 2, "DataOffset follows DataCount: read in sequence");

enum class NameStatus : std::uint8_t { Ok, Short, Bad };

// Reads an uncompressed NetBIOS name: the 32-byte encoded label, then scope
// labels up to the root byte. Datagram names are never compressed (RFC 1002
// §4.4.1 has no message to point into), so a pointer is a bad name.
[[nodiscard]] NameStatus read_name(ByteReader& r, nbns::NetbiosName& out) noexcept {
    const auto len = r.u8();
    if (!len) return NameStatus::Short;
    if (*len != nbns::kEncodedNameLen) return NameStatus::Bad;
    const auto label = r.take(nbns::kEncodedNameLen);
    if (!label) return NameStatus::Short;
    const auto name = nbns::decode_name(*label);
    if (!name) return NameStatus::Bad;
    out = *name;
    std::size_t wire = 1 + nbns::kEncodedNameLen;
    for (;;) {
        const auto scope_len = r.u8();
        if (!scope_len) return NameStatus::Short;
        if (*scope_len == 0) break;
        if ((*scope_len & kLabelTypeMask) != 0) return NameStatus::Bad;
        wire += 1 + std::size_t{*scope_len};
        if (wire + 1 > kMaxNameWireBytes) return NameStatus::Bad;
        if (!r.skip(*scope_len)) return NameStatus::Short;
        out.scoped = true;
    }
    return NameStatus::Ok;
}

// The bytes up to the first NUL (or the end).
[[nodiscard]] ByteView until_nul(ByteView v) noexcept {
    for (std::size_t i = 0; i < v.size(); ++i)
        if (v[i] == 0) return v.prefix(i);
    return v;
}

// The transaction name at the start of `bytes`: ASCII up to a NUL, or, with
// Unicode strings, UTF-16LE up to a NUL pair after a pad byte that aligns it
// to an even offset from the SMB header (`at` is that offset).
[[nodiscard]] ByteView trans_name(ByteView bytes, std::size_t at, bool unicode) noexcept {
    if (!unicode) return until_nul(bytes);
    const ByteView s = bytes.tail(at % 2);
    std::size_t i = 0;
    while (i + 1 < s.size() && (s[i] != 0 || s[i + 1] != 0)) i += 2;
    return s.prefix(i);
}

// ASCII case-insensitive comparison; for UTF-16LE every high byte must be 0.
[[nodiscard]] bool name_is(ByteView name, bool unicode, std::string_view want) noexcept {
    const std::size_t step = unicode ? 2 : 1;
    if (name.size() != want.size() * step) return false;
    for (std::size_t i = 0; i < want.size(); ++i) {
        auto c = name[i * step];
        if (unicode && name[i * step + 1] != 0) return false;
        if (c >= 'a' && c <= 'z') c = static_cast<std::uint8_t>(c - 'a' + 'A');
        if (c != static_cast<std::uint8_t>(want[i])) return false;
    }
    return true;
}

// [MS-BRWS] §2.2: the frames that identify their sender. Fields that do not
// fit stay unset; the opcode alone is still worth reporting.
[[nodiscard]] Browser read_browser(ByteView data) noexcept {
    Browser b;
    ByteReader r(data);
    b.opcode = r.u8().value_or(0);
    switch (b.opcode) {
        case kHostAnnouncement:
        case kLocalMasterAnnouncement:
        case kDomainAnnouncement: {
            if (data.size() < kAnnouncementFixed) break;
            b.announcement = true;
            b.update_count = *r.u8();  // cannot fail: size checked above
            b.periodicity_ms = *r.le32();
            b.server_name = until_nul(*r.take(kServerNameLen));
            b.os_major = *r.u8();
            b.os_minor = *r.u8();
            b.server_type = *r.le32();
            b.browser_major = *r.u8();
            b.browser_minor = *r.u8();
            b.signature = *r.le16();
            b.comment = until_nul(r.rest());
            break;
        }
        case kRequestElection: {
            if (data.size() < kElectionFixed) break;
            b.election_version = *r.u8();  // cannot fail: size checked above
            b.election_criteria = *r.le32();
            b.election_uptime_ms = *r.le32();
            (void)r.skip(4);  // reserved
            b.name = until_nul(r.rest());
            break;
        }
        case kAnnouncementRequest:
            if (r.skip(1)) b.name = until_nul(r.rest());  // a reserved byte, then ResponseComputerName
            break;
        case kMasterAnnouncement:
        case kBecomeBackup: b.name = until_nul(r.rest()); break;
        default: break;
    }
    return b;
}

// The SMB1 transaction around a mailslot write; leaves `m` as it was when the
// user data is anything else.
void read_smb(Message& m) noexcept {
    const ByteView smb = m.user_data;
    if (smb.size() <= kSmbHeaderLen || !smb.starts_with("\xffSMB") || smb[4] != kSmbComTransaction) return;
    ByteReader r(smb);
    (void)r.skip(10);  // protocol, command, status, flags: cannot fail, size checked above
    const std::uint16_t flags2 = *r.le16();
    (void)r.skip(kSmbHeaderLen - r.offset());
    const std::uint8_t word_count = *r.u8();
    if (word_count < kTransWords) return;
    const auto words = r.take(std::size_t{word_count} * 2);
    const auto byte_count = r.le16();
    if (!words || !byte_count) return;
    const std::size_t bytes_at = r.offset();
    const ByteView bytes = r.rest().prefix(*byte_count);
    ByteReader w(*words);
    (void)w.skip(kWordDataCount);  // cannot fail: at least 14 words
    const std::uint16_t data_count = *w.le16();
    const std::uint16_t data_offset = *w.le16();
    m.smb_transaction = true;
    m.smb_unicode = (flags2 & kSmbFlags2Unicode) != 0;
    m.mailslot = trans_name(bytes, bytes_at, m.smb_unicode);
    m.trans_data = smb.subview(data_offset, data_count).value_or(ByteView{});
    if (name_is(m.mailslot, m.smb_unicode, "\\MAILSLOT\\BROWSE") ||
        name_is(m.mailslot, m.smb_unicode, "\\MAILSLOT\\LANMAN"))
        if (!m.trans_data.empty()) m.browser = read_browser(m.trans_data);
}

// Fills `m`, which parse() hands over already in the caller's return slot
// (see dissectors/eth/eth.cc for why).
[[nodiscard]] std::optional<ParseError> parse_into(ByteView payload, Message& m) noexcept {
    if (payload.size() < kHeaderLen) return ParseError::truncated(payload.size(), kErrTruncated);
    ByteReader r(payload);
    m.msg_type = *r.u8();  // cannot fail: size checked above
    m.flags = *r.u8();
    m.dgm_id = *r.be16();
    m.source_ip = IpAddr::v4(r.take(4)->data());
    m.source_port = *r.be16();
    switch (m.msg_type) {
        case kDirectUnique:
        case kDirectGroup:
        case kBroadcast: {
            const auto length = r.be16();
            const auto offset = r.be16();
            if (!length || !offset) return ParseError::truncated(payload.size(), kErrTruncated);
            m.dgm_length = *length;
            m.packet_offset = *offset;
            // DGM_LENGTH counts both names and the user data.
            const auto body = r.take(m.dgm_length);
            if (!body) return ParseError::truncated(payload.size(), kErrTruncated);
            ByteReader b(*body);
            nbns::NetbiosName src, dst;
            for (auto* name : {&src, &dst}) {
                const std::size_t at = r.offset() - body->size() + b.offset();
                switch (read_name(b, *name)) {
                    case NameStatus::Ok: break;
                    case NameStatus::Short: return ParseError::malformed(at, kErrBadLength);
                    case NameStatus::Bad: return ParseError::malformed(at, kErrBadName);
                }
            }
            m.source_name = src;
            m.destination_name = dst;
            m.user_data = b.rest();
            if (m.first_fragment()) read_smb(m);
            return std::nullopt;
        }
        case kError: {
            const auto code = r.u8();
            if (!code) return ParseError::truncated(payload.size(), kErrTruncated);
            m.error_code = *code;
            return std::nullopt;
        }
        case kQueryRequest:
        case kPositiveQueryResponse:
        case kNegativeQueryResponse: {
            nbns::NetbiosName dst;
            const std::size_t at = r.offset();
            switch (read_name(r, dst)) {
                case NameStatus::Ok: break;
                case NameStatus::Short: return ParseError::truncated(payload.size(), kErrTruncated);
                case NameStatus::Bad: return ParseError::malformed(at, kErrBadName);
            }
            m.destination_name = dst;
            return std::nullopt;
        }
        default: return std::nullopt;
    }
}

}  // namespace

Result<Message> parse(ByteView payload) noexcept {
    Result<Message> res{std::in_place};  // the one return object: see parse_into
    if (const auto err = parse_into(payload, *res)) res = fail(*err);
    return res;
}

}  // namespace dissect::netbios_dgm

#include "dissectors/smb/smb.h"

#include <initializer_list>
#include <string_view>

#include "dissectors/core/byte_reader.h"

namespace dissect::smb {
namespace {

constexpr std::string_view kNtlmSignature{"NTLMSSP\0", 8};
constexpr std::uint32_t kSmb1CapExtendedSecurity = 0x80000000;
constexpr std::uint8_t kSmb1FlagsReply = 0x80;
constexpr std::uint32_t kSmb2FlagsResponse = 0x00000001;
constexpr std::uint8_t kSmb1DialectMarker = 0x02;

// NTLMSSP fixed-part sizes (MS-NLMP §2.2.1.1-3): the minimum we accept (older
// peers stop before the version), and where the version field ends.
constexpr std::size_t kNtlmNegotiateMin = 16;      // signature, type, flags
constexpr std::size_t kNtlmNegotiateFields = 32;   // + domain, workstation fields
constexpr std::size_t kNtlmNegotiateVersionEnd = 40;
constexpr std::size_t kNtlmChallengeMin = 32;      // + target name fields, flags, challenge
constexpr std::size_t kNtlmChallengeInfoEnd = 48;  // + reserved, target info fields
constexpr std::size_t kNtlmChallengeVersionEnd = 56;
constexpr std::size_t kNtlmAuthenticateMin = 52;   // + LM, NT, domain, user, workstation fields
constexpr std::size_t kNtlmAuthenticateFlagsEnd = 64;
constexpr std::size_t kNtlmAuthenticateVersionEnd = 72;

// Target-info AV ids (MS-NLMP §2.2.2.1).
constexpr std::uint16_t kAvEol = 0;
constexpr std::uint16_t kAvNbComputer = 1;
constexpr std::uint16_t kAvNbDomain = 2;
constexpr std::uint16_t kAvDnsComputer = 3;
constexpr std::uint16_t kAvDnsDomain = 4;
constexpr std::uint16_t kAvDnsTree = 5;

bool is_status_ok_for_body(std::uint32_t status) noexcept {
    return status == 0 || status == kStatusMoreProcessingRequired;
}

// ---- NTLMSSP ----

// A security buffer descriptor (length, allocated, offset) read at `at`.
struct SecBuf {
    std::uint16_t len = 0;
    std::uint32_t offset = 0;
};

SecBuf read_secbuf(ByteView msg, std::size_t at) noexcept {
    ByteReader r(msg.tail(at));
    const auto len = r.le16();
    const auto max = r.le16();
    const auto off = r.le32();
    if (!len || !max || !off) return {};
    return SecBuf{*len, *off};
}

ByteView take_secbuf(ByteView msg, SecBuf b, Ntlmssp& n) noexcept {
    if (b.len == 0) return {};
    const auto v = msg.subview(b.offset, b.len);
    if (!v) {
        n.malformed = true;
        return {};
    }
    return *v;
}

// The version field is there when the flag says so and the fixed part is long
// enough to hold it without overlapping the payload of any buffer: peers that
// predate it (Windows 2000, Samba 3) send a shorter fixed part.
bool version_fits(ByteView msg, std::size_t version_end, std::uint32_t flags,
                  std::initializer_list<SecBuf> bufs) noexcept {
    if (!(flags & kNtlmFlagVersion) || msg.size() < version_end) return false;
    for (const SecBuf& b : bufs)
        if (b.len != 0 && b.offset < version_end) return false;
    return true;
}

NtlmVersion read_version(ByteView msg, std::size_t at) noexcept {
    ByteReader r(msg.tail(at));
    NtlmVersion v;
    v.major = *r.u8();  // cannot fail: version_fits checked the size
    v.minor = *r.u8();
    v.build = *r.le16();
    (void)r.skip(3);
    v.revision = *r.u8();
    return v;
}

void read_target_info(ByteView info, Ntlmssp& n) noexcept {
    ByteReader r(info);
    for (std::size_t i = 0; i < kMaxAvPairs; ++i) {
        const auto id = r.le16();
        const auto len = id ? r.le16() : std::nullopt;
        const auto value = len ? r.take(*len) : std::nullopt;
        if (!value) {
            n.malformed = true;
            return;
        }
        switch (*id) {
            case kAvEol: return;
            case kAvNbComputer: n.nb_computer = *value; break;
            case kAvNbDomain: n.nb_domain = *value; break;
            case kAvDnsComputer: n.dns_computer = *value; break;
            case kAvDnsDomain: n.dns_domain = *value; break;
            case kAvDnsTree: n.dns_tree = *value; break;
            default: break;
        }
    }
}

// ---- SMB1 ----

// Strings in an SMB1 byte area: NUL-terminated, OEM bytes or UTF-16LE units;
// UTF-16 strings start on an even offset from the SMB header (MS-CIFS
// §2.2.1.1), so a pad byte may precede them. A missing terminator ends the
// string at the end of the area.
class StringReader {
public:
    StringReader(ByteView bytes, std::size_t base, bool unicode) noexcept
        : bytes_(bytes), base_(base), unicode_(unicode) {}

    void skip(std::size_t n) noexcept { pos_ = pos_ + n < bytes_.size() ? pos_ + n : bytes_.size(); }

    // `align`: skip the pad byte before an odd-offset UTF-16 string (every
    // string but the NEGOTIATE response's domain name, which has no pad).
    ByteView next(bool align = true) noexcept {
        if (align && unicode_ && ((base_ + pos_) & 1u) && pos_ < bytes_.size()) ++pos_;
        const std::size_t start = pos_;
        const std::size_t unit = unicode_ ? 2 : 1;
        while (pos_ + unit <= bytes_.size()) {
            const bool nul = bytes_[pos_] == 0 && (!unicode_ || bytes_[pos_ + 1] == 0);
            if (nul) {
                const ByteView s{bytes_.data() + start, pos_ - start};
                pos_ += unit;
                return s;
            }
            pos_ += unit;
        }
        const ByteView s{bytes_.data() + start, pos_ - start};
        pos_ = bytes_.size();
        return s;
    }

private:
    ByteView bytes_;
    std::size_t base_;
    bool unicode_;
    std::size_t pos_ = 0;
};

void attach_ntlm(Message& m) noexcept {
    const auto ntlm = find_ntlmssp(m.security_blob);
    if (!ntlm) return;
    auto n = parse_ntlmssp(*ntlm);
    if (n) m.ntlm = *n;
    else m.malformed = true;
}

void smb1_negotiate_request(ByteView bytes, Message& m) noexcept {
    ByteReader r(bytes);
    while (!r.empty()) {
        if (*r.u8() != kSmb1DialectMarker) {  // cannot fail: !r.empty()
            m.malformed = true;
            return;
        }
        const ByteView rest = r.rest();
        std::size_t n = 0;
        while (n < rest.size() && rest[n] != 0) ++n;
        const ByteView name{rest.data(), n};
        (void)r.skip(n < rest.size() ? n + 1 : n);
        if (m.dialect_name_count < kMaxDialects) m.dialect_names[m.dialect_name_count++] = name;
        else ++m.dialects_dropped;
    }
}

void smb1_negotiate_response(ByteView words, ByteView bytes, std::size_t bytes_base, Message& m) noexcept {
    ByteReader w(words);
    const auto index = w.le16();
    if (!index) return;  // word count 0: an error response
    m.dialect = *index;
    constexpr std::size_t kNtWordBytes = 34;  // NT LM 0.12 response, word count 17
    if (words.size() != kNtWordBytes) return;
    ByteReader caps_r(words.tail(19));        // after index, mode, mpx, vcs, buffer, raw, session key
    const std::uint32_t caps = *caps_r.le32();
    const std::uint8_t challenge_len = words[33];
    if (caps & kSmb1CapExtendedSecurity) {
        constexpr std::size_t kGuidLen = 16;
        if (bytes.size() < kGuidLen) {
            m.malformed = true;
            return;
        }
        m.security_blob = bytes.tail(kGuidLen);
        attach_ntlm(m);
        return;
    }
    StringReader s(bytes, bytes_base, m.unicode);
    s.skip(challenge_len);
    m.primary_domain = s.next(false);
}

void smb1_session_setup(ByteView words, ByteView bytes, std::size_t bytes_base, Message& m) noexcept {
    ByteReader w(words);
    StringReader s(bytes, bytes_base, m.unicode);
    const auto take_blob = [&](std::size_t blob_len) {
        if (blob_len > bytes.size()) {
            m.malformed = true;
            return false;
        }
        m.security_blob = bytes.prefix(blob_len);
        s.skip(blob_len);
        attach_ntlm(m);
        return true;
    };
    constexpr std::size_t kAndxBytes = 4;
    if (m.response) {
        switch (words.size() / 2) {
            case 4: {  // extended security: AndX, Action, SecurityBlobLength
                (void)w.skip(kAndxBytes + 2);
                if (!take_blob(*w.le16())) return;
                break;
            }
            case 3: break;  // AndX, Action
            default: return;
        }
        m.native_os = s.next();
        m.native_lanman = s.next();
        m.primary_domain = s.next();
        return;
    }
    constexpr std::size_t kLengthsAt = kAndxBytes + 2 + 2 + 2 + 4;  // after MaxBuffer, MaxMpx, VcNumber, SessionKey
    (void)w.skip(kLengthsAt);
    switch (words.size() / 2) {
        case 12:  // extended security: SecurityBlobLength, Reserved, Capabilities
            if (!take_blob(*w.le16())) return;
            break;
        case 13: {  // NT LM 0.12: OEM and Unicode password lengths
            const std::size_t oem = *w.le16();
            const std::size_t uni = *w.le16();
            s.skip(oem + uni);
            m.account_name = s.next();
            m.primary_domain = s.next();
            break;
        }
        case 10:  // LAN Manager: one password length
            s.skip(*w.le16());
            m.account_name = s.next();
            m.primary_domain = s.next();
            break;
        default: return;
    }
    m.native_os = s.next();
    m.native_lanman = s.next();
}

void parse_smb1(ByteView msg, Message& m) noexcept {
    ByteReader r(msg);
    (void)r.skip(4);  // protocol id, checked by the caller
    m.kind = Kind::Smb1;
    m.command = *r.u8();
    m.status = *r.le32();
    m.response = (*r.u8() & kSmb1FlagsReply) != 0;
    m.flags2 = *r.le16();
    m.unicode = (m.flags2 & kSmb1Flags2Unicode) != 0;
    (void)r.skip(kSmb1HeaderLen - r.offset());
    const auto wc = r.u8();
    const auto words = wc ? r.take(std::size_t{*wc} * 2) : std::nullopt;
    const auto bcc = words ? r.le16() : std::nullopt;
    if (!bcc) {
        m.malformed = !(m.response && !wc);  // a bare header answering with an error is fine
        return;
    }
    const std::size_t bytes_base = r.offset();
    ByteView bytes = r.rest().prefix(*bcc);
    if (bytes.size() < *bcc) m.malformed = true;  // byte count past the message: use what is there
    if (m.response && !is_status_ok_for_body(m.status)) return;
    switch (m.command) {
        case kSmb1Negotiate:
            if (m.response) smb1_negotiate_response(*words, bytes, bytes_base, m);
            else smb1_negotiate_request(bytes, m);
            return;
        case kSmb1SessionSetupAndx: smb1_session_setup(*words, bytes, bytes_base, m); return;
        default: return;
    }
}

// ---- SMB2 ----

void smb2_security_buffer(ByteView msg, std::size_t at, Message& m) noexcept {
    ByteReader r(msg.tail(at));
    const auto off = r.le16();
    const auto len = r.le16();
    if (!off || !len) {
        m.malformed = true;
        return;
    }
    if (*len == 0) return;
    const auto blob = msg.subview(*off, *len);  // offsets count from the SMB2 header
    if (!blob) {
        m.malformed = true;
        return;
    }
    m.security_blob = *blob;
    attach_ntlm(m);
}

void parse_smb2(ByteView msg, Message& m) noexcept {
    ByteReader r(msg);
    (void)r.skip(8);  // protocol id, structure size, credit charge
    m.kind = Kind::Smb2;
    m.status = *r.le32();
    m.command = *r.le16();
    (void)r.skip(2);
    m.response = (*r.le32() & kSmb2FlagsResponse) != 0;
    const std::uint32_t next = *r.le32();
    // A compound chain: only the first command is ours.
    if (next >= kSmb2HeaderLen && next < msg.size()) msg = msg.prefix(next);
    if (m.response && !is_status_ok_for_body(m.status)) return;
    constexpr std::size_t kBody = kSmb2HeaderLen;
    switch (m.command) {
        case kSmb2Negotiate:
            if (m.response) {
                ByteReader b(msg.tail(kBody + 4));  // after StructureSize, SecurityMode
                const auto dialect = b.le16();
                if (!dialect) {
                    m.malformed = true;
                    return;
                }
                m.dialect = *dialect;
                smb2_security_buffer(msg, kBody + 56, m);
            } else {
                ByteReader b(msg.tail(kBody + 2));  // after StructureSize
                const auto count = b.le16();
                ByteReader d(msg.tail(kBody + 36));  // the dialects follow the fixed part
                if (!count) {
                    m.malformed = true;
                    return;
                }
                for (std::uint16_t i = 0; i < *count; ++i) {
                    const auto dialect = d.le16();
                    if (!dialect) {
                        m.malformed = true;
                        return;
                    }
                    if (m.dialect_count < kMaxDialects) m.dialects[m.dialect_count++] = *dialect;
                    else ++m.dialects_dropped;
                }
            }
            return;
        case kSmb2SessionSetup: smb2_security_buffer(msg, kBody + (m.response ? 4 : 12), m); return;
        default: return;
    }
}

}  // namespace

std::optional<ByteView> find_ntlmssp(ByteView blob) noexcept {
    const std::string_view s = blob.as_chars();
    const std::size_t at = s.find(kNtlmSignature);
    if (at == std::string_view::npos) return std::nullopt;
    return blob.tail(at);
}

Result<Ntlmssp> parse_ntlmssp(ByteView msg) noexcept {
    ByteReader r(msg);
    const auto sig = r.take(kNtlmSignature.size());
    if (!sig) return fail(ParseError::truncated(msg.size(), kErrTruncated));
    if (sig->as_chars() != kNtlmSignature) return fail(ParseError::malformed(0, kErrNtlmBadSignature));
    const auto type = r.le32();
    if (!type) return fail(ParseError::truncated(msg.size(), kErrTruncated));
    Ntlmssp n;
    n.type = *type;
    switch (n.type) {
        case kNtlmNegotiate: {
            if (msg.size() < kNtlmNegotiateMin) return fail(ParseError::truncated(msg.size(), kErrTruncated));
            n.flags = *r.le32();
            n.unicode = (n.flags & kNtlmFlagUnicode) != 0;
            if (msg.size() < kNtlmNegotiateFields) return n;
            const SecBuf domain = read_secbuf(msg, 16);
            const SecBuf workstation = read_secbuf(msg, 24);
            n.domain = take_secbuf(msg, domain, n);
            n.workstation = take_secbuf(msg, workstation, n);
            if (version_fits(msg, kNtlmNegotiateVersionEnd, n.flags, {domain, workstation}))
                n.version = read_version(msg, 32);
            return n;
        }
        case kNtlmChallenge: {
            if (msg.size() < kNtlmChallengeMin) return fail(ParseError::truncated(msg.size(), kErrTruncated));
            const SecBuf target = read_secbuf(msg, 12);
            ByteReader f(msg.tail(20));
            n.flags = *f.le32();
            n.unicode = (n.flags & kNtlmFlagUnicode) != 0;
            n.target_name = take_secbuf(msg, target, n);
            SecBuf info;
            if (msg.size() >= kNtlmChallengeInfoEnd && (target.len == 0 || target.offset >= kNtlmChallengeInfoEnd)) {
                info = read_secbuf(msg, 40);
                read_target_info(take_secbuf(msg, info, n), n);
            }
            if (version_fits(msg, kNtlmChallengeVersionEnd, n.flags, {target, info}))
                n.version = read_version(msg, 48);
            return n;
        }
        case kNtlmAuthenticate: {
            if (msg.size() < kNtlmAuthenticateMin) return fail(ParseError::truncated(msg.size(), kErrTruncated));
            const SecBuf lm = read_secbuf(msg, 12);
            const SecBuf nt = read_secbuf(msg, 20);
            const SecBuf domain = read_secbuf(msg, 28);
            const SecBuf user = read_secbuf(msg, 36);
            const SecBuf workstation = read_secbuf(msg, 44);
            SecBuf session_key;
            if (msg.size() >= kNtlmAuthenticateFlagsEnd) {
                session_key = read_secbuf(msg, 52);
                ByteReader f(msg.tail(60));
                n.flags = *f.le32();
            }
            n.unicode = (n.flags & kNtlmFlagUnicode) != 0;
            n.domain = take_secbuf(msg, domain, n);
            n.user = take_secbuf(msg, user, n);
            n.workstation = take_secbuf(msg, workstation, n);
            if (version_fits(msg, kNtlmAuthenticateVersionEnd, n.flags, {lm, nt, domain, user, workstation, session_key}))
                n.version = read_version(msg, 64);
            return n;
        }
        default: return fail(ParseError::unsupported(8, "dissect.smb.ntlm_unknown_type"));
    }
}

Result<Parsed> parse(ByteView buffered) noexcept {
    ByteReader r(buffered);
    Parsed p;
    const auto type = r.u8();
    const auto len = type ? r.be24() : std::nullopt;
    if (!len) {
        p.need_bytes = kNbssHeaderLen;
        return p;
    }
    // RFC 1002 has a 17-bit length behind a flags byte; direct TCP (MS-SMB2
    // §2.1) a 24-bit one. The flags byte's other bits are zero, so reading 24
    // bits serves both.
    const std::size_t total = kNbssHeaderLen + *len;
    switch (*type) {
        case kSessionMessage: break;
        case kSessionRequest:
        case kPositiveResponse:
        case kNegativeResponse:
        case kRetargetResponse:
        case kKeepAlive:
            if (buffered.size() < total) {
                p.need_bytes = total;
                return p;
            }
            p.size = total;
            p.message.nbss_type = *type;
            return p;
        default: return fail(ParseError::malformed(0, kErrBadNbssType));
    }
    if (buffered.size() < total) {
        p.need_bytes = total;
        return p;
    }
    p.size = total;
    const ByteView msg = *r.take(*len);  // cannot fail: size checked
    Message& m = p.message;
    if (msg.size() < 4) return fail(ParseError::malformed(kNbssHeaderLen, kErrBadHeader));
    const std::string_view magic = msg.prefix(4).as_chars();
    if (magic == "\xffSMB") {
        if (msg.size() < kSmb1HeaderLen) return fail(ParseError::malformed(kNbssHeaderLen, kErrBadHeader));
        parse_smb1(msg, m);
    } else if (magic == "\xfeSMB") {
        if (msg.size() < kSmb2HeaderLen) return fail(ParseError::malformed(kNbssHeaderLen, kErrBadHeader));
        parse_smb2(msg, m);
    } else if (magic == "\xfdSMB" || magic == "\xfcSMB") {
        m.kind = Kind::Transform;
    } else {
        return fail(ParseError::malformed(kNbssHeaderLen, kErrBadMagic));
    }
    return p;
}

}  // namespace dissect::smb

// tests/unit/dissectors/smb_frames.h
// SMB messages (each with its 4-byte session-service header) shared by the SMB
// dissector and mapper tests, the fuzz seeds and the benchmark: real ones from
// BSD/Apache-licensed captures, and builders for the variants the tests need.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace dissect::test::smb_frames {

using Bytes = std::vector<std::uint8_t>;

// zeek/raw_ntlm_in_smb.pcap frame 16 (Zeek test suite, BSD-3-Clause): macOS 10.10 offers SMB1 and SMB2
constexpr std::uint8_t kMacNegotiateRequest[] = {
    0x00, 0x00, 0x00, 0x45,                                                   // NBSS session message, length 69
    0xff, 0x53, 0x4d, 0x42,                                                   // SMB1
    0x72,                                                                     // NEGOTIATE
    0x00, 0x00, 0x00, 0x00,                                                   // status 0
    0x08,                                                                     // flags: request
    0x01, 0xc8,                                                               // flags2: unicode, NT status, extended security
    0x00, 0x00,                                                               // PID high
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,                           // security features
    0x00, 0x00,                                                               // reserved
    0xff, 0xff,                                                               // TID
    0x01, 0x00,                                                               // PID
    0xff, 0xff,                                                               // UID
    0x00, 0x00,                                                               // MID
    0x00,                                                                     // word count 0
    0x22, 0x00,                                                               // byte count 34
    0x02, 0x4e, 0x54, 0x20, 0x4c, 0x4d, 0x20, 0x30, 0x2e, 0x31, 0x32, 0x00,   // dialect "NT LM 0.12"
    0x02, 0x53, 0x4d, 0x42, 0x20, 0x32, 0x2e, 0x30, 0x30, 0x32, 0x00,         // dialect "SMB 2.002"
    0x02, 0x53, 0x4d, 0x42, 0x20, 0x32, 0x2e, 0x3f, 0x3f, 0x3f, 0x00,         // dialect "SMB 2.???"
};

// zeek/raw_ntlm_in_smb.pcap frame 19 (Zeek test suite, BSD-3-Clause): raw NTLMSSP NEGOTIATE in SMB1
constexpr std::uint8_t kMacSessionSetupNegotiate[] = {
    0x00, 0x00, 0x00, 0x9a,                                                   // NBSS session message, length 154
    0xff, 0x53, 0x4d, 0x42,                                                   // SMB1
    0x73,                                                                     // SESSION_SETUP_ANDX
    0x00, 0x00, 0x00, 0x00,                                                   // status 0
    0x08,                                                                     // flags: request
    0x01, 0xc8,                                                               // flags2: unicode, NT status, extended security
    0x00, 0x00,                                                               // PID high
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,                           // security features
    0x00, 0x00,                                                               // reserved
    0xff, 0xff,                                                               // TID
    0x01, 0x00,                                                               // PID
    0x00, 0x00,                                                               // UID
    0x01, 0x00,                                                               // MID
    0x0c,                                                                     // word count 12
    0xff, 0x00, 0x00, 0x00,                                                   // AndX: none
    0x04, 0x11,                                                               // max buffer 4356
    0x0a, 0x00,                                                               // max mpx 10
    0x07, 0x00,                                                               // VC number 7
    0x00, 0x00, 0x00, 0x00,                                                   // session key
    0x28, 0x00,                                                               // security blob length 40
    0x00, 0x00, 0x00, 0x00,                                                   // reserved
    0x5c, 0xc0, 0x00, 0x80,                                                   // capabilities
    0x5f, 0x00,                                                               // byte count 95
    0x4e, 0x54, 0x4c, 0x4d, 0x53, 0x53, 0x50, 0x00,                           // NTLMSSP signature
    0x01, 0x00, 0x00, 0x00,                                                   // type 1 NEGOTIATE
    0x05, 0x02, 0x88, 0x62,                                                   // flags 0x62880205 (unicode, version, ...)
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,                           // domain: none
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,                           // workstation: none
    0x06, 0x01, 0xb0, 0x1d, 0x0f, 0x00, 0x00, 0x00,                           // version 6.1.7600 (revision 15 in the wrong byte)
    0x00,                                                                     // pad to an even offset
    0x4d, 0x00, 0x61, 0x00, 0x63, 0x00, 0x20, 0x00, 0x4f, 0x00, 0x53, 0x00,   // native OS "Mac OS X 10.10"
    0x20, 0x00, 0x58, 0x00, 0x20, 0x00, 0x31, 0x00, 0x30, 0x00, 0x2e, 0x00,
    0x31, 0x00, 0x30, 0x00, 0x00, 0x00,
    0x53, 0x00, 0x4d, 0x00, 0x42, 0x00, 0x46, 0x00, 0x53, 0x00, 0x20, 0x00,   // native LAN manager "SMBFS 3.0.0"
    0x33, 0x00, 0x2e, 0x00, 0x30, 0x00, 0x2e, 0x00, 0x30, 0x00, 0x00, 0x00,
};

// zeek/raw_ntlm_in_smb.pcap frame 20 (Zeek test suite, BSD-3-Clause): Windows XP answers with a CHALLENGE
constexpr std::uint8_t kXpChallengeResponse[] = {
    0x00, 0x00, 0x01, 0x5f,                                                   // NBSS session message, length 351
    0xff, 0x53, 0x4d, 0x42,                                                   // SMB1
    0x73,                                                                     // SESSION_SETUP_ANDX
    0x16, 0x00, 0x00, 0xc0,                                                   // status STATUS_MORE_PROCESSING_REQUIRED
    0x88,                                                                     // flags: reply
    0x01, 0xc8,                                                               // flags2: unicode, NT status, extended security
    0x00, 0x00,                                                               // PID high
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,                           // security features
    0x00, 0x00,                                                               // reserved
    0xff, 0xff,                                                               // TID
    0x01, 0x00,                                                               // PID
    0x00, 0x08,                                                               // UID
    0x01, 0x00,                                                               // MID
    0x04,                                                                     // word count 4
    0xff, 0x00, 0x5f, 0x01,                                                   // AndX: none
    0x00, 0x00,                                                               // action
    0xea, 0x00,                                                               // security blob length 234
    0x34, 0x01,                                                               // byte count 308
    0x4e, 0x54, 0x4c, 0x4d, 0x53, 0x53, 0x50, 0x00,                           // NTLMSSP signature
    0x02, 0x00, 0x00, 0x00,                                                   // type 2 CHALLENGE
    0x1e, 0x00, 0x1e, 0x00, 0x38, 0x00, 0x00, 0x00,                           // target name: 30 bytes at 56
    0x05, 0x02, 0x8a, 0x62,                                                   // flags 0x628a0205 (unicode, version, target info, ...)
    0xcc, 0xc0, 0xba, 0xd0, 0xf4, 0x7e, 0x17, 0xf0,                           // server challenge
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,                           // reserved
    0x94, 0x00, 0x94, 0x00, 0x56, 0x00, 0x00, 0x00,                           // target info: 148 bytes at 86
    0x05, 0x01, 0x28, 0x0a, 0x00, 0x00, 0x00, 0x0f,                           // version 5.1 build 2600, NTLMSSP revision 15
    0x54, 0x00, 0x45, 0x00, 0x53, 0x00, 0x54, 0x00, 0x2d, 0x00, 0x46, 0x00,   // target name "TEST-F7DFBC3FE9" (UTF-16LE)
    0x37, 0x00, 0x44, 0x00, 0x46, 0x00, 0x42, 0x00, 0x43, 0x00, 0x33, 0x00,
    0x46, 0x00, 0x45, 0x00, 0x39, 0x00,
    0x02, 0x00, 0x1e, 0x00, 0x54, 0x00, 0x45, 0x00, 0x53, 0x00, 0x54, 0x00,   // AV NetBIOS domain name "TEST-F7DFBC3FE9"
    0x2d, 0x00, 0x46, 0x00, 0x37, 0x00, 0x44, 0x00, 0x46, 0x00, 0x42, 0x00,
    0x43, 0x00, 0x33, 0x00, 0x46, 0x00, 0x45, 0x00, 0x39, 0x00,
    0x01, 0x00, 0x1e, 0x00, 0x54, 0x00, 0x45, 0x00, 0x53, 0x00, 0x54, 0x00,   // AV NetBIOS computer name "TEST-F7DFBC3FE9"
    0x2d, 0x00, 0x46, 0x00, 0x37, 0x00, 0x44, 0x00, 0x46, 0x00, 0x42, 0x00,
    0x43, 0x00, 0x33, 0x00, 0x46, 0x00, 0x45, 0x00, 0x39, 0x00,
    0x04, 0x00, 0x1e, 0x00, 0x74, 0x00, 0x65, 0x00, 0x73, 0x00, 0x74, 0x00,   // AV DNS domain name "test-f7dfbc3fe9"
    0x2d, 0x00, 0x66, 0x00, 0x37, 0x00, 0x64, 0x00, 0x66, 0x00, 0x62, 0x00,
    0x63, 0x00, 0x33, 0x00, 0x66, 0x00, 0x65, 0x00, 0x39, 0x00,
    0x03, 0x00, 0x1e, 0x00, 0x74, 0x00, 0x65, 0x00, 0x73, 0x00, 0x74, 0x00,   // AV DNS computer name "test-f7dfbc3fe9"
    0x2d, 0x00, 0x66, 0x00, 0x37, 0x00, 0x64, 0x00, 0x66, 0x00, 0x62, 0x00,
    0x63, 0x00, 0x33, 0x00, 0x66, 0x00, 0x65, 0x00, 0x39, 0x00,
    0x06, 0x00, 0x04, 0x00, 0x01, 0x00, 0x00, 0x00,                           // AV flags
    0x00, 0x00, 0x00, 0x00,                                                   // AV end of list
    0x00,                                                                     // pad to an even offset
    0x57, 0x00, 0x69, 0x00, 0x6e, 0x00, 0x64, 0x00, 0x6f, 0x00, 0x77, 0x00,   // native OS "Windows 5.1"
    0x73, 0x00, 0x20, 0x00, 0x35, 0x00, 0x2e, 0x00, 0x31, 0x00, 0x00, 0x00,
    0x57, 0x00, 0x69, 0x00, 0x6e, 0x00, 0x64, 0x00, 0x6f, 0x00, 0x77, 0x00,   // native LAN manager "Windows 2000 LAN Manager", last NUL cut short
    0x73, 0x00, 0x20, 0x00, 0x32, 0x00, 0x30, 0x00, 0x30, 0x00, 0x30, 0x00,
    0x20, 0x00, 0x4c, 0x00, 0x41, 0x00, 0x4e, 0x00, 0x20, 0x00, 0x4d, 0x00,
    0x61, 0x00, 0x6e, 0x00, 0x61, 0x00, 0x67, 0x00, 0x65, 0x00, 0x72, 0x00,
    0x00,
};

// arkime/wireshark-smb-on-windows10.pcap frame 7 (Arkime test suite, Apache-2.0): Windows 10 SMB2 NEGOTIATE
constexpr std::uint8_t kWin10Smb2Negotiate[] = {
    0x00, 0x00, 0x00, 0xae,                                                   // NBSS session message, length 174
    0xfe, 0x53, 0x4d, 0x42,                                                   // SMB2
    0x40, 0x00,                                                               // structure size 64
    0x00, 0x00,                                                               // credit charge
    0x00, 0x00, 0x00, 0x00,                                                   // status
    0x00, 0x00,                                                               // NEGOTIATE
    0x00, 0x00,                                                               // credits
    0x00, 0x00, 0x00, 0x00,                                                   // flags: request
    0x00, 0x00, 0x00, 0x00,                                                   // next command
    0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,                           // message id
    0xff, 0xfe, 0x00, 0x00,                                                   // process id
    0x00, 0x00, 0x00, 0x00,                                                   // tree id
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,                           // session id
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,   // signature
    0x00, 0x00, 0x00, 0x00,
    0x24, 0x00,                                                               // structure size 36
    0x05, 0x00,                                                               // dialect count 5
    0x01, 0x00,                                                               // security mode
    0x00, 0x00,                                                               // reserved
    0x7f, 0x00, 0x00, 0x00,                                                   // capabilities
    0xb2, 0x4b, 0xdf, 0xa8, 0x77, 0x93, 0xe6, 0x11, 0xa0, 0x1d, 0x00, 0x0c,   // client GUID
    0x29, 0x61, 0xf5, 0x5f,
    0x70, 0x00, 0x00, 0x00,                                                   // negotiate context offset 112
    0x02, 0x00,                                                               // context count 2
    0x00, 0x00,                                                               // reserved
    0x02, 0x02, 0x10, 0x02, 0x00, 0x03, 0x02, 0x03, 0x11, 0x03,               // dialects 0x0202 0x0210 0x0300 0x0302 0x0311
    0x00, 0x00,                                                               // pad
    0x01, 0x00, 0x26, 0x00, 0x00, 0x00, 0x00, 0x00,                           // context: preauth integrity, 38 bytes
    0x01, 0x00, 0x20, 0x00, 0x01, 0x00, 0xd3, 0xe0, 0xee, 0xb4, 0xd9, 0xee,   // SHA-512, 32-byte salt
    0xe0, 0x3b, 0xc8, 0x5d, 0x56, 0xc6, 0x1b, 0x56, 0x7f, 0xf6, 0x6c, 0x56,
    0x7e, 0x86, 0x82, 0xd1, 0x38, 0xcb, 0x24, 0x8b, 0x87, 0x73, 0x8f, 0xab,
    0x80, 0xb4,
    0x00, 0x00,                                                               // pad
    0x02, 0x00, 0x06, 0x00, 0x00, 0x00, 0x00, 0x00,                           // context: encryption, 6 bytes
    0x02, 0x00, 0x02, 0x00, 0x01, 0x00,                                       // AES-128-GCM, AES-128-CCM
};

// Little-endian writer for building messages.
class W {
public:
    W& u8(std::uint64_t v) {
        b_.push_back(static_cast<std::uint8_t>(v));
        return *this;
    }
    W& le16(std::uint64_t v) { return u8(v).u8(v >> 8); }
    W& le32(std::uint64_t v) { return le16(v).le16(v >> 16); }
    W& le64(std::uint64_t v) { return le32(v).le32(v >> 32); }
    W& zeros(std::size_t n) {
        b_.insert(b_.end(), n, 0);
        return *this;
    }
    W& bytes(const Bytes& v) {
        b_.insert(b_.end(), v.begin(), v.end());
        return *this;
    }
    W& str(std::string_view s) {
        b_.insert(b_.end(), s.begin(), s.end());
        return *this;
    }
    W& cstr(std::string_view s) { return str(s).u8(0); }
    W& utf16(std::string_view ascii) {
        for (const char c : ascii) le16(static_cast<unsigned char>(c));
        return *this;
    }
    [[nodiscard]] std::size_t size() const { return b_.size(); }
    [[nodiscard]] const Bytes& data() const { return b_; }

private:
    Bytes b_;
};

inline std::size_t utf16_len(std::string_view s) { return s.size() * 2; }

// The session-service header in front of a message.
inline Bytes nbss(const Bytes& m, std::uint8_t type = 0x00) {
    W w;
    w.u8(type).u8(m.size() >> 16).u8(m.size() >> 8).u8(m.size()).bytes(m);
    return w.data();
}

inline Bytes smb2(std::uint16_t command, std::uint32_t status, bool response, const Bytes& body) {
    W w;
    w.u8(0xfe).str("SMB").le16(64).le16(0).le32(status).le16(command).le16(1);
    w.le32(response ? 1 : 0).le32(0).le64(7).le32(0xfeff).le32(0).le64(0x1122334455667788ull).zeros(16);
    return w.bytes(body).data();
}

inline Bytes smb2_session_setup_request(const Bytes& blob) {
    W w;
    w.le16(25).u8(0).u8(1).le32(1).le32(0).le16(64 + 24).le16(blob.size()).le64(0);
    return smb2(0x0001, 0, false, w.bytes(blob).data());
}

inline Bytes smb2_session_setup_response(std::uint32_t status, const Bytes& blob) {
    W w;
    w.le16(9).le16(0).le16(64 + 8).le16(blob.size());
    return smb2(0x0001, status, true, w.bytes(blob).data());
}

inline Bytes smb2_negotiate_response(std::uint16_t dialect, const Bytes& blob) {
    W w;
    w.le16(65).le16(1).le16(dialect).le16(0).zeros(16).le32(0x2f).le32(8388608).le32(8388608).le32(8388608);
    w.le64(0).le64(0).le16(64 + 64).le16(blob.size()).le32(0);
    return smb2(0x0000, 0, true, w.bytes(blob).data());
}

inline Bytes smb1(std::uint8_t command, std::uint32_t status, bool reply, std::uint16_t flags2, const Bytes& words,
                  const Bytes& bytes) {
    W w;
    w.u8(0xff).str("SMB").u8(command).le32(status).u8(reply ? 0x98 : 0x18).le16(flags2);
    w.le16(0).zeros(8).le16(0).le16(0xffff).le16(0xfeff).le16(0).le16(1);
    w.u8(words.size() / 2).bytes(words).le16(bytes.size()).bytes(bytes);
    return w.data();
}

// NTLMSSP AUTHENTICATE with UTF-16LE names and a version field (MS-NLMP
// §2.2.1.3): fixed part of 88 bytes (with MIC), then LM and NT responses,
// domain, user, workstation, session key.
inline Bytes ntlm_authenticate(std::string_view domain, std::string_view user, std::string_view workstation,
                               std::uint8_t major, std::uint8_t minor, std::uint16_t build) {
    const Bytes lm(24, 0);
    const Bytes nt(48, 0x5a);
    std::uint32_t off = 88;
    W w;
    w.str("NTLMSSP").u8(0).le32(3);
    const auto field = [&](std::size_t len) {
        w.le16(len).le16(len).le32(off);
        off += static_cast<std::uint32_t>(len);
    };
    field(lm.size());
    field(nt.size());
    field(utf16_len(domain));
    field(utf16_len(user));
    field(utf16_len(workstation));
    field(16);
    w.le32(0xe2888215);  // unicode, NTLM, version, 128-bit, key exchange, ...
    w.u8(major).u8(minor).le16(build).zeros(3).u8(15);
    w.zeros(16);  // MIC
    w.bytes(lm).bytes(nt).utf16(domain).utf16(user).utf16(workstation).zeros(16);
    return w.data();
}

// A CHALLENGE with target info (MS-NLMP §2.2.1.2), UTF-16LE names.
inline Bytes ntlm_challenge(std::string_view target, std::string_view nb_computer, std::string_view nb_domain,
                     std::string_view dns_computer, std::uint8_t major, std::uint8_t minor, std::uint16_t build) {
    W info;
    const auto av = [&info](std::uint16_t id, std::string_view s) { info.le16(id).le16(utf16_len(s)).utf16(s); };
    av(2, nb_domain);
    av(1, nb_computer);
    if (!dns_computer.empty()) av(3, dns_computer);
    info.le16(0).le16(0);
    W w;
    w.str("NTLMSSP").u8(0).le32(2).le16(utf16_len(target)).le16(utf16_len(target)).le32(56);
    w.le32(0xe28a8215).le64(0x0123456789abcdefull).zeros(8);
    w.le16(info.size()).le16(info.size()).le32(56 + utf16_len(target));
    w.u8(major).u8(minor).le16(build).zeros(3).u8(15);
    return w.utf16(target).bytes(info.data()).data();
}

// A NEGOTIATE without names (MS-NLMP §2.2.1.1), version 10.0.19045.
inline Bytes ntlm_negotiate() {
    W w;
    w.str("NTLMSSP").u8(0).le32(1).le32(0xe2088297);
    w.le16(0).le16(0).le32(40).le16(0).le16(0).le32(40);  // domain, workstation: absent
    w.u8(10).u8(0).le16(19045).zeros(3).u8(15);
    return w.data();
}

// The same names in a GSS-API/SPNEGO wrapper, as Windows sends them: the
// parser only looks for the NTLMSSP signature inside.
inline Bytes spnego_wrapped(const Bytes& ntlm) {
    W w;
    w.u8(0xa1).u8(0x82).u8((ntlm.size() + 8) >> 8).u8(ntlm.size() + 8);  // negTokenResp
    w.u8(0x30).u8(0x82).u8((ntlm.size() + 4) >> 8).u8(ntlm.size() + 4);
    w.u8(0xa2).u8(0x82).u8(ntlm.size() >> 8).u8(ntlm.size());            // responseToken
    return w.bytes(ntlm).data();
}

}  // namespace dissect::test::smb_frames

// SMB session set-up and NTLMSSP (dissectors/smb).
#include "dissectors/smb/smb.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "tests/unit/dissectors/dissector_test_util.h"
#include "tests/unit/dissectors/smb_frames.h"

namespace dissect::smb {
namespace {

using test::view;
using namespace test::smb_frames;

std::string_view str(ByteView v) { return v.as_chars(); }

// UTF-16LE of ASCII, for comparing raw views.
std::string u16(std::string_view ascii) {
    std::string out;
    for (const char c : ascii) {
        out.push_back(c);
        out.push_back('\0');
    }
    return out;
}

Message parse_one(ByteView v) {
    const auto p = parse(v);
    EXPECT_TRUE(p) << (p ? "" : p.error().what);
    if (!p) return {};
    EXPECT_EQ(p->need_bytes, 0u);
    EXPECT_EQ(p->size, v.size());
    return p->message;
}

// Every proper prefix of a complete packet asks for the whole packet (once
// the 4-byte header is there) and never fails.
void expect_prefixes_need_more(ByteView packet) {
    for (std::size_t n = 0; n < packet.size(); ++n) {
        const test::Bytes prefix(packet.data(), packet.data() + n);
        const auto p = parse(test::view(prefix));
        ASSERT_TRUE(p) << "prefix " << n << ": " << p.error().what;
        EXPECT_EQ(p->need_bytes, n < kNbssHeaderLen ? kNbssHeaderLen : packet.size()) << "prefix " << n;
    }
}

TEST(SmbParse, Smb1NegotiateRequestDialects) {
    const Message m = parse_one(view(kMacNegotiateRequest));
    EXPECT_EQ(m.kind, Kind::Smb1);
    EXPECT_EQ(m.command, kSmb1Negotiate);
    EXPECT_FALSE(m.response);
    EXPECT_TRUE(m.unicode);
    ASSERT_EQ(m.dialect_name_count, 3);
    EXPECT_EQ(str(m.dialect_names[0]), "NT LM 0.12");
    EXPECT_EQ(str(m.dialect_names[1]), "SMB 2.002");
    EXPECT_EQ(str(m.dialect_names[2]), "SMB 2.???");
    EXPECT_FALSE(m.malformed);
}

TEST(SmbParse, Smb1SessionSetupWithRawNtlmNegotiate) {
    const Message m = parse_one(view(kMacSessionSetupNegotiate));
    EXPECT_EQ(m.command, kSmb1SessionSetupAndx);
    EXPECT_EQ(str(m.native_os), u16("Mac OS X 10.10"));
    EXPECT_EQ(str(m.native_lanman), u16("SMBFS 3.0.0"));
    EXPECT_EQ(m.security_blob.size(), 40u);
    ASSERT_TRUE(m.ntlm);
    EXPECT_EQ(m.ntlm->type, kNtlmNegotiate);
    EXPECT_EQ(m.ntlm->flags, 0x62880205u);
    ASSERT_TRUE(m.ntlm->version);
    EXPECT_EQ(m.ntlm->version->major, 6);
    EXPECT_EQ(m.ntlm->version->minor, 1);
    EXPECT_EQ(m.ntlm->version->build, 7600);
    EXPECT_TRUE(m.ntlm->workstation.empty());
    EXPECT_FALSE(m.malformed);
}

TEST(SmbParse, Smb1ChallengeResponseNamesTheServer) {
    const Message m = parse_one(view(kXpChallengeResponse));
    EXPECT_TRUE(m.response);
    EXPECT_EQ(m.status, kStatusMoreProcessingRequired);
    EXPECT_EQ(str(m.native_os), u16("Windows 5.1"));
    // The last string's terminator is cut to one byte: the string ends there.
    EXPECT_EQ(str(m.native_lanman), u16("Windows 2000 LAN Manager"));
    EXPECT_TRUE(m.primary_domain.empty());
    ASSERT_TRUE(m.ntlm);
    const Ntlmssp& n = *m.ntlm;
    EXPECT_EQ(n.type, kNtlmChallenge);
    EXPECT_TRUE(n.unicode);
    EXPECT_EQ(str(n.target_name), u16("TEST-F7DFBC3FE9"));
    EXPECT_EQ(str(n.nb_computer), u16("TEST-F7DFBC3FE9"));
    EXPECT_EQ(str(n.nb_domain), u16("TEST-F7DFBC3FE9"));
    EXPECT_EQ(str(n.dns_computer), u16("test-f7dfbc3fe9"));
    EXPECT_EQ(str(n.dns_domain), u16("test-f7dfbc3fe9"));
    EXPECT_TRUE(n.dns_tree.empty());
    ASSERT_TRUE(n.version);
    EXPECT_EQ(n.version->major, 5);
    EXPECT_EQ(n.version->minor, 1);
    EXPECT_EQ(n.version->build, 2600);
    EXPECT_EQ(n.version->revision, 15);
    EXPECT_FALSE(n.malformed);
    EXPECT_TRUE(test::within(view(kXpChallengeResponse), n.nb_computer));
}

TEST(SmbParse, Smb2NegotiateRequestDialects) {
    const Message m = parse_one(view(kWin10Smb2Negotiate));
    EXPECT_EQ(m.kind, Kind::Smb2);
    EXPECT_EQ(m.command, kSmb2Negotiate);
    EXPECT_FALSE(m.response);
    ASSERT_EQ(m.dialect_count, 5);
    EXPECT_EQ(m.dialects[0], 0x0202);
    EXPECT_EQ(m.dialects[4], 0x0311);
    EXPECT_EQ(m.dialects_dropped, 0);
}

TEST(SmbParse, EveryPrefixAsksForTheWholePacket) {
    expect_prefixes_need_more(view(kMacNegotiateRequest));
    expect_prefixes_need_more(view(kMacSessionSetupNegotiate));
    expect_prefixes_need_more(view(kXpChallengeResponse));
    expect_prefixes_need_more(view(kWin10Smb2Negotiate));
    test::expect_prefixes_truncated_or_ok(kXpChallengeResponse, [](ByteView v) { return parse(v); });
}

TEST(SmbParse, OnlyTheFirstPacketOfTheBufferIsParsed) {
    const auto both = test::cat(kMacNegotiateRequest, kWin10Smb2Negotiate);
    const auto p = parse(view(both));
    ASSERT_TRUE(p);
    EXPECT_EQ(p->size, sizeof kMacNegotiateRequest);
    EXPECT_EQ(p->message.kind, Kind::Smb1);
    const auto q = parse(view(both).tail(p->size));
    ASSERT_TRUE(q);
    EXPECT_EQ(q->message.kind, Kind::Smb2);
}

TEST(SmbParse, Smb2SessionSetupWithSpnegoAuthenticate) {
    const auto ntlm = ntlm_authenticate("CORP", "alice", "PC-17", 10, 0, 19041);
    const auto pkt = nbss(smb2_session_setup_request(spnego_wrapped(ntlm)));
    const Message m = parse_one(view(pkt));
    EXPECT_EQ(m.command, kSmb2SessionSetup);
    EXPECT_EQ(m.security_blob.size(), ntlm.size() + 12);
    ASSERT_TRUE(m.ntlm);
    EXPECT_EQ(m.ntlm->type, kNtlmAuthenticate);
    EXPECT_TRUE(m.ntlm->unicode);
    EXPECT_EQ(str(m.ntlm->domain), u16("CORP"));
    EXPECT_EQ(str(m.ntlm->user), u16("alice"));
    EXPECT_EQ(str(m.ntlm->workstation), u16("PC-17"));
    ASSERT_TRUE(m.ntlm->version);
    EXPECT_EQ(m.ntlm->version->build, 19041);
    expect_prefixes_need_more(view(pkt));
}

TEST(SmbParse, Smb2NegotiateResponseDialect) {
    const auto pkt = nbss(smb2_negotiate_response(0x0311, Bytes{0x60, 0x00}));
    const Message m = parse_one(view(pkt));
    EXPECT_TRUE(m.response);
    EXPECT_EQ(m.dialect, 0x0311);
    EXPECT_EQ(m.security_blob.size(), 2u);
    EXPECT_FALSE(m.ntlm);
}

TEST(SmbParse, Smb2ErrorResponseBodyIsNotRead) {
    const auto pkt = nbss(smb2_session_setup_response(0xc000006d, Bytes{}));  // STATUS_LOGON_FAILURE
    const Message m = parse_one(view(pkt));
    EXPECT_EQ(m.status, 0xc000006du);
    EXPECT_TRUE(m.security_blob.empty());
    EXPECT_FALSE(m.malformed);
}

TEST(SmbParse, Smb2DialectsPastTheCapAreCounted) {
    W body;
    body.le16(36).le16(kMaxDialects + 4).le16(1).le16(0).le32(0).zeros(16).le32(0).le16(0).le16(0);
    for (std::size_t i = 0; i < kMaxDialects + 4; ++i) body.le16(0x0200 + i);
    const Message m = parse_one(view(nbss(smb2(kSmb2Negotiate, 0, false, body.data()))));
    EXPECT_EQ(m.dialect_count, kMaxDialects);
    EXPECT_EQ(m.dialects_dropped, 4);
    EXPECT_FALSE(m.malformed);
}

TEST(SmbParse, Smb2DialectCountThatLiesIsMalformed) {
    W body;
    body.le16(36).le16(9).le16(1).le16(0).le32(0).zeros(16).le32(0).le16(0).le16(0).le16(0x0202).le16(0x0210);
    const Message m = parse_one(view(nbss(smb2(kSmb2Negotiate, 0, false, body.data()))));
    EXPECT_EQ(m.dialect_count, 2);
    EXPECT_TRUE(m.malformed);
}

TEST(SmbParse, SecurityBufferPastTheMessageIsMalformed) {
    auto msg = smb2_session_setup_request(ntlm_authenticate("D", "u", "w", 10, 0, 1));
    msg[64 + 14] = 0xff;  // security buffer length low byte: now past the end
    msg[64 + 15] = 0x7f;
    const Bytes frame = nbss(msg);
    const Message m = parse_one(view(frame));  // m's views point into frame
    EXPECT_TRUE(m.malformed);
    EXPECT_TRUE(m.security_blob.empty());
    EXPECT_FALSE(m.ntlm);
}

TEST(SmbParse, Smb1NonExtendedSessionSetupWithOemStrings) {
    W words;
    words.u8(0xff).u8(0).le16(0).le16(4356).le16(10).le16(0).le32(0).le16(3).le16(0).le32(0).le32(0);
    W bytes;
    bytes.str("pw!").cstr("bob").cstr("WORKGROUP").cstr("Unix").cstr("Samba 3.0.37");
    const auto pkt = nbss(smb1(kSmb1SessionSetupAndx, 0, false, 0x0001, words.data(), bytes.data()));
    const Message m = parse_one(view(pkt));
    EXPECT_FALSE(m.unicode);
    EXPECT_EQ(str(m.account_name), "bob");
    EXPECT_EQ(str(m.primary_domain), "WORKGROUP");
    EXPECT_EQ(str(m.native_os), "Unix");
    EXPECT_EQ(str(m.native_lanman), "Samba 3.0.37");
    EXPECT_TRUE(m.security_blob.empty());
}

TEST(SmbParse, Smb1LanManagerSessionSetupWordCount10) {
    W words;
    words.u8(0xff).u8(0).le16(0).le16(4356).le16(10).le16(0).le32(0).le16(0).le32(0);
    W bytes;
    bytes.cstr("guest").cstr("").cstr("Windows for Workgroups 3.1a").cstr("Windows for Workgroups 3.1a");
    const Bytes frame = nbss(smb1(kSmb1SessionSetupAndx, 0, false, 0, words.data(), bytes.data()));
    const Message m = parse_one(view(frame));  // m's views point into frame
    EXPECT_EQ(str(m.account_name), "guest");
    EXPECT_EQ(str(m.native_os), "Windows for Workgroups 3.1a");
}

TEST(SmbParse, Smb1NegotiateResponseWithoutExtendedSecurityNamesTheDomain) {
    W words;
    words.le16(5).u8(3).le16(50).le16(1).le32(16644).le32(65536).le32(0).le32(0x0000e3fd).le64(0).le16(0).u8(8);
    W bytes;
    bytes.zeros(8).utf16("WORKGROUP").le16(0).utf16("NAS").le16(0);  // challenge, domain, server
    const auto pkt = nbss(smb1(kSmb1Negotiate, 0, true, 0xc001, words.data(), bytes.data()));
    const Message m = parse_one(view(pkt));
    EXPECT_EQ(m.dialect, 5);
    // The domain follows the challenge at odd offset 77 from the SMB header with
    // no pad byte (MS-CIFS §2.2.4.52.2 has none there, unlike SESSION_SETUP).
    EXPECT_EQ(str(m.primary_domain), u16("WORKGROUP"));
}

TEST(SmbParse, Smb1NegotiateResponseNoDialect) {
    W words;
    words.le16(0xffff);
    const Message m = parse_one(view(nbss(smb1(kSmb1Negotiate, 0, true, 0xc001, words.data(), Bytes{}))));
    EXPECT_EQ(m.dialect, 0xffff);
}

TEST(SmbParse, Smb1ByteCountPastTheMessageKeepsWhatIsThere) {
    auto msg = smb1(kSmb1Negotiate, 0, false, 0xc801, Bytes{}, Bytes{0x02, 'N', 'T', 0x00});
    msg[33] = 0x40;  // byte count 64
    const Bytes frame = nbss(msg);
    const Message m = parse_one(view(frame));  // m's views point into frame
    EXPECT_TRUE(m.malformed);
    ASSERT_EQ(m.dialect_name_count, 1);
    EXPECT_EQ(str(m.dialect_names[0]), "NT");
}

TEST(SmbParse, Smb1DialectWithoutMarkerIsMalformed) {
    const Message m = parse_one(view(nbss(smb1(kSmb1Negotiate, 0, false, 0xc801, Bytes{}, Bytes{0x03, 'N', 0x00}))));
    EXPECT_TRUE(m.malformed);
    EXPECT_EQ(m.dialect_name_count, 0);
}

TEST(SmbParse, SessionServicePacketsCarryNoMessage) {
    const Bytes keepalive{0x85, 0x00, 0x00, 0x00};
    const auto p = parse(view(keepalive));
    ASSERT_TRUE(p);
    EXPECT_EQ(p->size, 4u);
    EXPECT_EQ(p->message.kind, Kind::Session);
    EXPECT_EQ(p->message.nbss_type, kKeepAlive);
    const auto request = nbss(Bytes(68, 0x20), kSessionRequest);  // two encoded NetBIOS names
    const auto q = parse(view(request));
    ASSERT_TRUE(q);
    EXPECT_EQ(q->size, 72u);
    EXPECT_EQ(q->message.kind, Kind::Session);
    const auto partial = parse(view(request).prefix(10));
    ASSERT_TRUE(partial);
    EXPECT_EQ(partial->need_bytes, 72u);
}

TEST(SmbParse, TransformHeadersAreOpaque) {
    Bytes enc{0xfd, 'S', 'M', 'B'};
    enc.resize(52, 0);
    const Message m = parse_one(view(nbss(enc)));
    EXPECT_EQ(m.kind, Kind::Transform);
}

TEST(SmbParse, UnknownSessionPacketTypeIsMalformed) {
    const auto p = parse(view(Bytes{0x42, 0x00, 0x00, 0x00}));
    ASSERT_FALSE(p);
    EXPECT_EQ(p.error().kind, ErrorKind::Malformed);
    EXPECT_STREQ(p.error().what, kErrBadNbssType);
}

TEST(SmbParse, MessageThatIsNotSmbIsMalformed) {
    const auto p = parse(view(nbss(Bytes{'H', 'T', 'T', 'P', '/', '1'})));
    ASSERT_FALSE(p);
    EXPECT_STREQ(p.error().what, kErrBadMagic);
}

TEST(SmbParse, MessageShorterThanItsHeaderIsMalformed) {
    Bytes smb2_short{0xfe, 'S', 'M', 'B'};
    smb2_short.resize(40, 0);
    const auto p = parse(view(nbss(smb2_short)));
    ASSERT_FALSE(p);
    EXPECT_STREQ(p.error().what, kErrBadHeader);
    const auto q = parse(view(nbss(Bytes{0xff, 'S'})));
    ASSERT_FALSE(q);
    EXPECT_STREQ(q.error().what, kErrBadHeader);
}

// ---- NTLMSSP on its own ----

TEST(NtlmParse, EveryPrefixOfAnAuthenticateIsTruncatedOrPartial) {
    const auto msg = ntlm_authenticate("CORP", "alice", "PC-17", 10, 0, 19041);
    test::expect_prefixes_truncated_or_ok(msg, [](ByteView v) { return parse_ntlmssp(v); });
}

TEST(NtlmParse, WrongSignatureIsMalformed) {
    auto msg = ntlm_authenticate("D", "u", "w", 6, 1, 7601);
    msg[0] = 'X';
    const auto n = parse_ntlmssp(view(msg));
    ASSERT_FALSE(n);
    EXPECT_STREQ(n.error().what, kErrNtlmBadSignature);
}

TEST(NtlmParse, UnknownMessageTypeIsUnsupported) {
    auto msg = ntlm_authenticate("D", "u", "w", 6, 1, 7601);
    msg[8] = 4;
    const auto n = parse_ntlmssp(view(msg));
    ASSERT_FALSE(n);
    EXPECT_EQ(n.error().kind, ErrorKind::Unsupported);
}

TEST(NtlmParse, BufferOutsideTheMessageIsLeftEmpty) {
    auto msg = ntlm_authenticate("CORP", "alice", "PC-17", 10, 0, 19041);
    msg[44 + 4] = 0xf0;  // workstation offset far past the end
    const auto n = parse_ntlmssp(view(msg));
    ASSERT_TRUE(n);
    EXPECT_TRUE(n->malformed);
    EXPECT_TRUE(n->workstation.empty());
    EXPECT_EQ(str(n->user), u16("alice"));
}

TEST(NtlmParse, OldPeersWithoutVersionField) {
    // A Windows 2000 style CHALLENGE: 48-byte fixed part, data right after it.
    W w;
    w.str("NTLMSSP").u8(0).le32(2).le16(8).le16(8).le32(48).le32(0x02810205).zeros(8).zeros(8);
    w.le16(0).le16(0).le32(56).utf16("WXYZ");
    const auto n = parse_ntlmssp(view(w.data()));
    ASSERT_TRUE(n);
    EXPECT_FALSE(n->version);  // the version flag is set, but the payload starts at 48
    EXPECT_EQ(str(n->target_name), u16("WXYZ"));
    // And a 32-byte one (NT4): no target info either.
    W v;
    v.str("NTLMSSP").u8(0).le32(2).le16(0).le16(0).le32(32).le32(0x00000201).zeros(8);
    const auto o = parse_ntlmssp(view(v.data()));
    ASSERT_TRUE(o);
    EXPECT_FALSE(o->version);
    EXPECT_TRUE(o->nb_computer.empty());
}

TEST(NtlmParse, NegotiateWithOemNames) {
    W w;
    w.str("NTLMSSP").u8(0).le32(1).le32(0x00003207).le16(4).le16(4).le32(32).le16(2).le16(2).le32(36);
    w.str("CORPPC");
    const auto n = parse_ntlmssp(view(w.data()));
    ASSERT_TRUE(n);
    EXPECT_EQ(str(n->domain), "CORP");
    EXPECT_EQ(str(n->workstation), "PC");
    EXPECT_FALSE(n->version);
}

TEST(NtlmParse, TargetInfoThatRunsOutIsMalformed) {
    W w;
    w.str("NTLMSSP").u8(0).le32(2).le16(0).le16(0).le32(56).le32(0x00800001).zeros(16);
    w.le16(8).le16(8).le32(56).zeros(8);
    w.le16(1).le16(40).le16(0x41).le16(0x42);  // NetBIOS computer name claims 40 bytes
    const auto n = parse_ntlmssp(view(w.data()));
    ASSERT_TRUE(n);
    EXPECT_TRUE(n->malformed);
    EXPECT_TRUE(n->nb_computer.empty());
}

TEST(NtlmParse, FindsTheSignatureAnywhereInTheBlob) {
    EXPECT_FALSE(find_ntlmssp(view(Bytes{0x60, 0x03, 'N', 'T', 'L'})));
    const auto blob = spnego_wrapped(ntlm_authenticate("D", "u", "w", 6, 1, 7601));
    const auto at = find_ntlmssp(view(blob));
    ASSERT_TRUE(at);
    EXPECT_EQ(at->data(), blob.data() + 12);
}

}  // namespace
}  // namespace dissect::smb

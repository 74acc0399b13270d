// SMB / NTLMSSP -> evidence (posture/evidence/smb).
#include "posture/evidence/smb.h"

#include <gtest/gtest.h>

#include <string>

#include "dissectors/packet/packet.h"
#include "posture/record/value.h"
#include "tests/unit/dissectors/smb_frames.h"

namespace posture::evidence {
namespace {

using namespace dissect::test::smb_frames;

struct Run {
    dissect::Result<StreamStatus> result;
    Sink out;
};

Run run(const Bytes& stream, bool from_client) {
    static const dissect::packet::Decoded dec{};
    static const Databases db{};
    const PacketContext ctx{&dec, from_client, 0, &db};
    Run r;
    r.result = smb_stream(dissect::ByteView{stream.data(), stream.size()}, ctx, r.out);
    return r;
}

Bytes cat(std::initializer_list<Bytes> parts) {
    Bytes out;
    for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
    return out;
}
template <std::size_t N>
Bytes bytes(const std::uint8_t (&a)[N]) {
    return Bytes(a, a + N);
}

std::string hints_text(const Fingerprint& fp) {
    std::string out;
    for (const auto& h : fp.hints) out += h.attribute + "=" + h.value + "/" + std::to_string(h.weight) + "/" + h.src + ";";
    return out;
}
std::string names_text(const Fingerprint& fp) {
    std::string out;
    for (const auto& n : fp.names) out += n.name + ";";
    return out;
}


// SMB1 SESSION_SETUP_ANDX with extended security (word count 12 / 4) and
// UTF-16 strings, the way Windows and macOS send it.
Bytes smb1_session_setup_request(const Bytes& blob, std::string_view os, std::string_view lanman) {
    W words;
    words.u8(0xff).u8(0).le16(0).le16(4356).le16(10).le16(0).le32(0).le16(blob.size()).le32(0).le32(0x8000c05c);
    W b;
    b.bytes(blob);
    if ((32 + 1 + 24 + 2 + b.size()) % 2) b.u8(0);
    b.utf16(os).le16(0).utf16(lanman).le16(0);
    return nbss(smb1(0x73, 0, false, 0xc801, words.data(), b.data()));
}
Bytes smb1_session_setup_response(std::uint32_t status, const Bytes& blob, std::string_view os, std::string_view lanman) {
    W words;
    words.u8(0xff).u8(0).le16(0).le16(0).le16(blob.size());
    W b;
    b.bytes(blob);
    if ((32 + 1 + 8 + 2 + b.size()) % 2) b.u8(0);
    b.utf16(os).le16(0).utf16(lanman).le16(0).utf16("WORKGROUP").le16(0);
    return nbss(smb1(0x73, status, true, 0xc801, words.data(), b.data()));
}

constexpr std::uint32_t kMore = 0xc0000016;

TEST(EvidenceSmb, MacClientOverSmb1) {
    const auto auth = ntlm_authenticate("TEST-F7DFBC3FE9", "test", "BABYBOOK", 6, 1, 7600);
    const auto stream = cat({bytes(kMacNegotiateRequest), bytes(kMacSessionSetupNegotiate),
                             smb1_session_setup_request(auth, "Mac OS X 10.10", "SMBFS 3.0.0")});
    const auto r = run(stream, true);
    ASSERT_TRUE(r.result);
    EXPECT_TRUE(r.result->done);
    ASSERT_EQ(r.out.size(), 1u);
    const Fingerprint& fp = r.out[0];
    EXPECT_EQ(fp.key, "smb");
    EXPECT_TRUE(fp.singleton);
    EXPECT_EQ(to_json(fp.entry),
              R"({"dialects":"NT LM 0.12,SMB 2.002,SMB 2.???","native_lanman":"SMBFS 3.0.0",)"
              R"("native_os":"Mac OS X 10.10","ntlm_domain":"TEST-F7DFBC3FE9","ntlm_host":"BABYBOOK",)"
              R"("ntlm_os":"6.1.7600"})");
    EXPECT_EQ(names_text(fp), "BABYBOOK;");
    // macOS sends a Windows 7 NTLM version: the native OS wins, no Windows hint.
    EXPECT_EQ(hints_text(fp), "os.name=macOS/70/smb.native_os;os.version=10.10/60/smb.native_os;");
    ASSERT_EQ(fp.observations.size(), 1u);
    EXPECT_EQ(fp.observations[0].what, "smb.v1");
    EXPECT_EQ(fp.observations[0].detail, "SMB1 session setup");
}

// A Kerberos session set-up (SPNEGO without NTLMSSP) carries the client's
// native OS and LAN manager in its one request: nothing more will come.
TEST(EvidenceSmb, KerberosSessionSetupRequestEndsTheDirection) {
    const Bytes kerberos = {0x60, 0x06, 0x06, 0x04, 0x2a, 0x86, 0x48, 0x86};  // GSS-API token, no NTLMSSP
    auto r = run(cat({bytes(kMacNegotiateRequest), smb1_session_setup_request(kerberos, "Unix CIFS V1", "Unix LanMan")}),
                 true);
    ASSERT_TRUE(r.result);
    EXPECT_TRUE(r.result->done);
    ASSERT_EQ(r.out.size(), 1u);
    EXPECT_EQ(*r.out[0].entry.as_map()->at("native_os").as_string(), "Unix CIFS V1");
    r = run(nbss(smb2_session_setup_request(kerberos)), true);
    ASSERT_TRUE(r.result);
    EXPECT_TRUE(r.result->done);
    // An NTLMSSP NEGOTIATE is followed by the AUTHENTICATE: not done yet.
    r = run(nbss(smb2_session_setup_request(ntlm_negotiate())), true);
    ASSERT_TRUE(r.result);
    EXPECT_FALSE(r.result->done);
}

TEST(EvidenceSmb, NtlmBlobOutsideSmb) {
    Sink out;
    const auto auth = spnego_wrapped(ntlm_authenticate("CORP", "alice", "LAPTOP-7", 10, 0, 19045));
    EXPECT_EQ(ntlm_blob(dissect::ByteView{auth.data(), auth.size()}, "http", out), 3u);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].key, "ntlm");
    EXPECT_TRUE(out[0].singleton);
    EXPECT_EQ(to_json(out[0].entry),
              R"({"ntlm_domain":"CORP","ntlm_host":"LAPTOP-7","ntlm_os":"10.0.19045","via":"http"})");
    EXPECT_EQ(names_text(out[0]), "LAPTOP-7;");
    EXPECT_EQ(hints_text(out[0]), "os.name=Windows/70/smb.ntlm;os.version=10/70/smb.ntlm;");
    // The user name and the responses are never kept.
    EXPECT_EQ(to_json(out[0].entry).find("alice"), std::string::npos);
    out.clear();
    const Bytes junk = {'N', 'T', 'L', 'M'};
    EXPECT_EQ(ntlm_blob(dissect::ByteView{junk.data(), junk.size()}, "http", out), 0u);
    EXPECT_TRUE(out.empty());
}

TEST(EvidenceSmb, StreamStatusAsBytesArrive) {
    const Bytes neg = bytes(kMacNegotiateRequest);
    // Half of the first message: wants all of it.
    auto r = run(Bytes(neg.begin(), neg.begin() + 20), true);
    ASSERT_TRUE(r.result);
    EXPECT_FALSE(r.result->done);
    EXPECT_EQ(r.result->need_bytes, neg.size());
    EXPECT_TRUE(r.out.empty());
    // The whole first message: wants the next header.
    r = run(neg, true);
    ASSERT_TRUE(r.result);
    EXPECT_FALSE(r.result->done);
    EXPECT_EQ(r.result->need_bytes, neg.size() + 4);
    ASSERT_EQ(r.out.size(), 1u);
    EXPECT_EQ(*r.out[0].entry.as_map()->at("dialects").as_string(), "NT LM 0.12,SMB 2.002,SMB 2.???");
    EXPECT_TRUE(r.out[0].observations.empty());  // offering SMB1 next to SMB2 is not using it
}

TEST(EvidenceSmb, WindowsXpServerChallenge) {
    auto r = run(bytes(kXpChallengeResponse), false);
    ASSERT_TRUE(r.result);
    EXPECT_FALSE(r.result->done);  // more processing required: the final answer is still to come
    ASSERT_EQ(r.out.size(), 1u);
    const Fingerprint& fp = r.out[0];
    EXPECT_EQ(to_json(fp.entry),
              R"({"native_lanman":"Windows 2000 LAN Manager","native_os":"Windows 5.1",)"
              R"("ntlm_domain":"TEST-F7DFBC3FE9","ntlm_host":"TEST-F7DFBC3FE9","ntlm_os":"5.1.2600",)"
              R"("ntlm_target":"TEST-F7DFBC3FE9"})");
    EXPECT_EQ(names_text(fp), "TEST-F7DFBC3FE9;");  // the DNS name differs only in case
    EXPECT_EQ(hints_text(fp), "os.name=Windows/70/smb.native_os;os.version=XP/60/smb.native_os;");
    ASSERT_EQ(fp.observations.size(), 1u);
    EXPECT_EQ(fp.observations[0].what, "smb.v1");

    r = run(cat({bytes(kXpChallengeResponse), smb1_session_setup_response(0, Bytes{}, "Windows 5.1", "LM")}), false);
    ASSERT_TRUE(r.result);
    EXPECT_TRUE(r.result->done);
    EXPECT_EQ(*r.out[0].entry.as_map()->at("primary_domain").as_string(), "WORKGROUP");
}

TEST(EvidenceSmb, Windows10ClientOverSmb2) {
    const auto auth = ntlm_authenticate("CORP", "alice", "PC-17", 10, 0, 19041);
    const auto stream = cat({bytes(kWin10Smb2Negotiate), nbss(smb2_session_setup_request(spnego_wrapped(auth)))});
    const auto r = run(stream, true);
    ASSERT_TRUE(r.result);
    EXPECT_TRUE(r.result->done);
    const Fingerprint& fp = r.out[0];
    EXPECT_EQ(to_json(fp.entry),
              R"({"dialects":"0x0202,0x0210,0x0300,0x0302,0x0311","ntlm_domain":"CORP","ntlm_host":"PC-17",)"
              R"("ntlm_os":"10.0.19041"})");
    EXPECT_EQ(names_text(fp), "PC-17;");
    EXPECT_EQ(hints_text(fp), "os.name=Windows/70/smb.ntlm;os.version=10/70/smb.ntlm;");
    EXPECT_TRUE(fp.observations.empty());
    EXPECT_EQ(to_json(fp.entry).find("alice"), std::string::npos);  // user names stay out
}

TEST(EvidenceSmb, Windows11ServerOverSmb2) {
    const auto challenge = ntlm_challenge("FS01", "FS01", "CORP", "fs01.corp.example", 10, 0, 22621);
    const auto stream = cat({nbss(smb2_negotiate_response(0x0311, Bytes{})),
                             nbss(smb2_session_setup_response(kMore, spnego_wrapped(challenge))),
                             nbss(smb2_session_setup_response(0, Bytes{}))});
    const auto r = run(stream, false);
    ASSERT_TRUE(r.result);
    EXPECT_TRUE(r.result->done);
    const Fingerprint& fp = r.out[0];
    EXPECT_EQ(to_json(fp.entry),
              R"({"dialects":"0x0311","ntlm_domain":"CORP","ntlm_host":"FS01","ntlm_os":"10.0.22621",)"
              R"("ntlm_target":"FS01"})");
    EXPECT_EQ(names_text(fp), "FS01;fs01.corp.example;");
    EXPECT_EQ(hints_text(fp), "os.name=Windows/70/smb.ntlm;os.version=11/70/smb.ntlm;");
}

TEST(EvidenceSmb, SambaGetsNoWindowsHints) {
    const auto challenge = ntlm_challenge("NAS", "NAS", "ACME", "", 6, 1, 0);
    const auto r = run(smb1_session_setup_response(kMore, challenge, "Windows 6.1", "Samba 4.15.13"), false);
    ASSERT_TRUE(r.result);
    const Fingerprint& fp = r.out[0];
    EXPECT_EQ(*fp.entry.as_map()->at("ntlm_os").as_string(), "6.1.0");
    EXPECT_EQ(hints_text(fp), "");
    // Without the LAN manager string, build 0 alone still says "not Windows".
    const auto smb2 = run(nbss(smb2_session_setup_response(kMore, challenge)), false);
    ASSERT_TRUE(smb2.result);
    EXPECT_EQ(hints_text(smb2.out[0]), "");
}

TEST(EvidenceSmb, NativeOsVersions) {
    struct Case {
        const char* os;
        const char* want;
    };
    const Case cases[] = {
        {"Windows 5.1", "os.name=Windows/70/smb.native_os;os.version=XP/60/smb.native_os;"},
        {"Windows 5.0", "os.name=Windows/70/smb.native_os;os.version=2000/60/smb.native_os;"},
        {"Windows 2000 2195", "os.name=Windows/70/smb.native_os;os.version=2000/60/smb.native_os;"},
        {"Windows 7 Ultimate 7601 Service Pack 1", "os.name=Windows/70/smb.native_os;os.version=7/60/smb.native_os;"},
        {"Windows 8.1 9600", "os.name=Windows/70/smb.native_os;os.version=8.1/60/smb.native_os;"},
        {"Windows Server 2016 Standard 14393",
         "os.name=Windows/70/smb.native_os;os.version=Server 2016/60/smb.native_os;"},
        {"Windows Server 2008 R2 Enterprise 7601 Service Pack 1",
         "os.name=Windows/70/smb.native_os;os.version=Server 2008 R2/60/smb.native_os;"},
        {"Windows Vista (TM) Business 6002 Service Pack 2",
         "os.name=Windows/70/smb.native_os;os.version=Vista/60/smb.native_os;"},
        {"Windows for Workgroups 3.1a", "os.name=Windows/70/smb.native_os;"},
        {"Mac OS X 10.10", "os.name=macOS/70/smb.native_os;os.version=10.10/60/smb.native_os;"},
        {"Unix", ""},
        {"SpinCifsClient V1", ""},
    };
    for (const auto& c : cases) {
        const auto r = run(smb1_session_setup_response(0, Bytes{}, c.os, "LM"), false);
        ASSERT_TRUE(r.result) << c.os;
        ASSERT_EQ(r.out.size(), 1u) << c.os;
        EXPECT_EQ(hints_text(r.out[0]), c.want) << c.os;
    }
}

TEST(EvidenceSmb, NtlmVersionNames) {
    struct Case {
        std::uint8_t major, minor;
        std::uint16_t build;
        const char* version;
    };
    const Case cases[] = {{10, 0, 26100, "11"}, {10, 0, 19045, "10"}, {6, 3, 9600, "8.1"}, {6, 2, 9200, "8"},
                          {6, 1, 7601, "7"},    {6, 0, 6002, "Vista"}, {5, 2, 3790, "Server 2003"},
                          {5, 1, 2600, "XP"},   {5, 0, 2195, "2000"}};
    for (const auto& c : cases) {
        const auto auth = ntlm_authenticate("D", "u", "W", c.major, c.minor, c.build);
        const auto r = run(nbss(smb2_session_setup_request(auth)), true);
        ASSERT_TRUE(r.result);
        EXPECT_EQ(hints_text(r.out[0]),
                  std::string("os.name=Windows/70/smb.ntlm;os.version=") + c.version + "/70/smb.ntlm;");
    }
    // An NT version nobody shipped: the numbers are kept, no hint.
    const auto r = run(nbss(smb2_session_setup_request(ntlm_authenticate("D", "u", "W", 7, 0, 1))), true);
    EXPECT_EQ(*r.out[0].entry.as_map()->at("ntlm_os").as_string(), "7.0.1");
    EXPECT_EQ(hints_text(r.out[0]), "");
}

TEST(EvidenceSmb, Smb1OnlyClientIsObservedAtNegotiate) {
    W b;
    b.u8(2).cstr("PC NETWORK PROGRAM 1.0").u8(2).cstr("LANMAN1.0").u8(2).cstr("NT LM 0.12");
    const auto r = run(nbss(smb1(0x72, 0, false, 0xc801, Bytes{}, b.data())), true);
    ASSERT_TRUE(r.result);
    ASSERT_EQ(r.out[0].observations.size(), 1u);
    EXPECT_EQ(r.out[0].observations[0].detail, "SMB1 negotiate without SMB 2 dialects");
}

TEST(EvidenceSmb, Smb2NegotiateAfterSmb1ReplacesTheDialects) {
    const auto r = run(cat({bytes(kMacNegotiateRequest), bytes(kWin10Smb2Negotiate)}), true);
    ASSERT_TRUE(r.result);
    EXPECT_EQ(*r.out[0].entry.as_map()->at("dialects").as_string(), "0x0202,0x0210,0x0300,0x0302,0x0311");
}

TEST(EvidenceSmb, OtherCommandsAndEncryptionEndTheDirection) {
    W tree;
    tree.le16(9).le16(0).le16(72).le16(0);
    auto r = run(cat({bytes(kWin10Smb2Negotiate), nbss(smb2(0x0003, 0, false, tree.data()))}), true);
    ASSERT_TRUE(r.result);
    EXPECT_TRUE(r.result->done);
    Bytes enc{0xfd, 'S', 'M', 'B'};
    enc.resize(64, 0);
    r = run(nbss(enc), true);
    ASSERT_TRUE(r.result);
    EXPECT_TRUE(r.result->done);
    EXPECT_TRUE(r.out.empty());
}

TEST(EvidenceSmb, ErrorAfterAGoodMessageKeepsWhatWasLearnt) {
    const auto r = run(cat({bytes(kWin10Smb2Negotiate), Bytes{0x42, 0, 0, 0}}), true);
    ASSERT_FALSE(r.result);
    EXPECT_EQ(r.result.error().kind, dissect::ErrorKind::Malformed);
    EXPECT_EQ(r.result.error().offset, sizeof kWin10Smb2Negotiate);
    ASSERT_EQ(r.out.size(), 1u);
    EXPECT_TRUE(r.out[0].entry.as_map()->contains("dialects"));
}

TEST(EvidenceSmb, KeepAlivesAloneSayNothing) {
    const auto r = run(Bytes{0x85, 0, 0, 0, 0x85, 0, 0, 0}, true);
    ASSERT_TRUE(r.result);
    EXPECT_FALSE(r.result->done);
    EXPECT_EQ(r.result->need_bytes, 12u);
    EXPECT_TRUE(r.out.empty());
}

TEST(EvidenceSmb, Utf16ToUtf8) {
    const auto conv = [](std::initializer_list<std::uint8_t> b, std::size_t max = kMaxString, bool* cut = nullptr) {
        const Bytes v(b);
        return utf16le_to_utf8(dissect::ByteView{v.data(), v.size()}, cut, max);
    };
    EXPECT_EQ(conv({'A', 0, 0xe9, 0x00, 0xac, 0x20}), "A\xc3\xa9\xe2\x82\xac");  // A é €
    EXPECT_EQ(conv({0x3d, 0xd8, 0x00, 0xde}), "\xf0\x9f\x98\x80");              // U+1F600, a surrogate pair
    EXPECT_EQ(conv({0x3d, 0xd8, 'x', 0}), "\xef\xbf\xbdx");                      // lone high surrogate
    EXPECT_EQ(conv({0x00, 0xde}), "\xef\xbf\xbd");                               // lone low surrogate
    EXPECT_EQ(conv({'a', 0, 0, 0, 'b', 0}), "a");                                // stops at U+0000
    EXPECT_EQ(conv({'a', 0, 'b'}), "a");                                         // odd last byte dropped
    bool cut = false;
    EXPECT_EQ(conv({'a', 0, 0xac, 0x20}, 3, &cut), "a");                         // € does not fit whole
    EXPECT_TRUE(cut);
}

}  // namespace
}  // namespace posture::evidence

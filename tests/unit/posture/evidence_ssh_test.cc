// SSH evidence mapper (posture/evidence/ssh): fp "ssh" entries, HASSH, hints, ssh.obsolete.
#include "posture/evidence/ssh.h"

#include <gtest/gtest.h>

#include <array>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "dissectors/packet/packet.h"
#include "tests/unit/dissectors/ssh_messages.h"

namespace posture::evidence {
namespace {

using namespace dissect::test::ssh_messages;

struct Ctx {
    dissect::packet::Decoded dec;
    Databases db;
    PacketContext at(bool from_client) { return PacketContext{&dec, from_client, 0, &db}; }
};

dissect::ByteView view(const Bytes& b) { return {b.data(), b.size()}; }
std::string json(const Value& v) { return to_json(v); }

TEST(EvidenceSsh, HasshMatchesSalesforceDefinition) {
    const Bytes in = stream("SSH-2.0-x", kModern);
    const auto m = dissect::ssh::parse(view(in));
    ASSERT_TRUE(m);
    ASSERT_TRUE(m->has_kexinit);
    EXPECT_EQ(hassh_string(m->kexinit, false), "curve25519-sha256,ext-info-c;aes128-ctr;hmac-sha2-256;none");
    EXPECT_EQ(hassh_string(m->kexinit, true),
              "curve25519-sha256,ext-info-c;chacha20-poly1305@openssh.com;hmac-sha2-512;zlib@openssh.com");
    // md5("curve25519-sha256;aes128-ctr;hmac-sha2-256;none"), computed with Python's hashlib.
    EXPECT_EQ(md5_hex("curve25519-sha256;aes128-ctr;hmac-sha2-256;none"), "e97d07603350d1111ec2b64bf25413c9");
}

TEST(EvidenceSsh, ZeekCaptureHashesEqualTheReference) {
    // reference/ssh.tsv, zeek/ssh.pcap stream 0.
    Ctx c;
    Sink out;
    const Bytes client = stream("SSH-2.0-OpenSSH_5.9", kZeekClient);
    const Bytes server = stream("SSH-2.0-OpenSSH_5.8", kZeekServer);
    ASSERT_TRUE(ssh_stream(view(client), c.at(true), out));
    ASSERT_TRUE(ssh_stream(view(server), c.at(false), out));
    ASSERT_EQ(out.size(), 2u);
    EXPECT_EQ(json(out[0].entry), R"({"banner":"SSH-2.0-OpenSSH_5.9","hassh":"fded76fff260754db84bd4725a931b7e"})");
    EXPECT_EQ(json(out[1].entry),
              R"({"banner":"SSH-2.0-OpenSSH_5.8","hassh_server":"60205d0b53ffd441ead5c43b5a6f1bc7"})");
    for (const auto& f : out) {
        EXPECT_EQ(f.key, "ssh");
        EXPECT_FALSE(f.singleton);
        EXPECT_TRUE(f.hints.empty());
        EXPECT_TRUE(f.observations.empty());  // old, but each list still holds a strong choice
    }
}

TEST(EvidenceSsh, DebianBannerHintsLinuxAndRelease) {
    Ctx c;
    Sink out;
    const Bytes in = stream("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u1", kModern);
    const auto r = ssh_stream(view(in), c.at(false), out);
    ASSERT_TRUE(r);
    EXPECT_TRUE(r->done);
    ASSERT_EQ(out.size(), 1u);
    const auto& h = out[0].hints;
    ASSERT_EQ(h.size(), 2u);
    EXPECT_EQ(h[0].attribute, "os.name");
    EXPECT_EQ(h[0].value, "Linux");
    EXPECT_EQ(h[0].weight, 30);
    EXPECT_EQ(h[0].src, "ssh.banner");
    EXPECT_EQ(h[1].attribute, "os.version");
    EXPECT_EQ(h[1].value, "Debian 12");
    EXPECT_EQ(h[1].weight, 20);
}

TEST(EvidenceSsh, ClientEntryFromHandWrittenKexinit) {
    Ctx c;
    Sink out;
    Bytes in(kDebianBanner.begin(), kDebianBanner.end());
    in.insert(in.end(), std::begin(kKexinit), std::end(kKexinit));
    const auto r = ssh_stream(view(in), c.at(true), out);
    ASSERT_TRUE(r);
    EXPECT_TRUE(r->done);
    ASSERT_EQ(out.size(), 1u);
    // md5("curve25519-sha256;aes128-ctr;hmac-sha2-256;none")
    EXPECT_EQ(json(out[0].entry),
              R"({"banner":"SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u1","hassh":"e97d07603350d1111ec2b64bf25413c9"})");
    EXPECT_TRUE(out[0].names.empty());
    EXPECT_EQ(out[0].hints.size(), 2u);
    EXPECT_TRUE(out[0].observations.empty());
}

TEST(EvidenceSsh, BannerProductHints) {
    struct Case {
        std::string_view banner;
        std::vector<std::pair<std::string, std::string>> hints;
    };
    const Case cases[] = {
        {"SSH-2.0-OpenSSH_8.9p1 Ubuntu-3ubuntu0.1", {{"os.name", "Linux"}}},
        {"SSH-2.0-OpenSSH_7.4p1 Raspbian-10+deb9u7", {{"os.name", "Linux"}, {"os.version", "Raspbian 9"}}},
        {"SSH-2.0-OpenSSH_7.8 FreeBSD-20180909", {{"os.name", "FreeBSD"}}},
        {"SSH-2.0-OpenSSH_for_Windows_8.1", {{"os.name", "Windows"}}},
        {"SSH-2.0-dropbear_2019.78", {{"os.name", "Linux"}, {"type", "iot"}}},
        {"SSH-2.0-Cisco-1.25", {{"vendor", "Cisco"}, {"type", "network"}}},
        {"SSH-2.0-ROSSSH", {{"vendor", "MikroTik"}, {"type", "network"}}},
        {"SSH-2.0-OpenSSH_6.6", {}},
        {"SSH-2.0-paramiko_1.15.2", {}},
    };
    for (const auto& tc : cases) {
        Ctx c;
        Sink out;
        const Bytes in = stream(tc.banner, kModern);
        ASSERT_TRUE(ssh_stream(view(in), c.at(false), out)) << tc.banner;
        ASSERT_EQ(out.size(), 1u);
        std::vector<std::pair<std::string, std::string>> got;
        for (const auto& h : out[0].hints) got.emplace_back(h.attribute, h.value);
        EXPECT_EQ(got, tc.hints) << tc.banner;
    }
}

TEST(EvidenceSsh, ProtocolOneIsObsolete) {
    Ctx c;
    Sink out;
    const std::string s = "SSH-1.5-OpenSSH_6.2\r\n";
    const Bytes in(s.begin(), s.end());
    const auto r = ssh_stream(view(in), c.at(true), out);
    ASSERT_TRUE(r);
    EXPECT_TRUE(r->done);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(json(out[0].entry), R"({"banner":"SSH-1.5-OpenSSH_6.2"})");
    ASSERT_EQ(out[0].observations.size(), 1u);
    EXPECT_EQ(out[0].observations[0].what, "ssh.obsolete");
    EXPECT_EQ(out[0].observations[0].detail, "protocol 1.5");
}

TEST(EvidenceSsh, ServerOfferingOnlyWeakAlgorithmsIsObsolete) {
    Ctx c;
    Sink out;
    const Lists weak = {"diffie-hellman-group1-sha1,ext-info-s", "ssh-dss", "3des-cbc,arcfour", "aes128-ctr,3des-cbc",
                        "hmac-md5", "hmac-md5", "none", "none", "", ""};
    const Bytes in = stream("SSH-1.99-OpenSSH_3.4", weak);
    ASSERT_TRUE(ssh_stream(view(in), c.at(false), out));
    ASSERT_EQ(out.size(), 1u);
    ASSERT_EQ(out[0].observations.size(), 1u);
    EXPECT_EQ(out[0].observations[0].detail,
              "protocol 1.99, only weak key exchange, only DSA host keys, only weak ciphers");
    // The same offer from a client is not the client's weakness to report.
    out.clear();
    const Bytes client = stream("SSH-2.0-old", weak);
    ASSERT_TRUE(ssh_stream(view(client), c.at(true), out));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_TRUE(out[0].observations.empty());
}

TEST(EvidenceSsh, WaitsForKexinitThenIsDone) {
    Ctx c;
    Sink out;
    const std::string s = "SSH-2.0-OpenSSH_9.6\r\n";
    const Bytes in(s.begin(), s.end());
    const auto r = ssh_stream(view(in), c.at(true), out);
    ASSERT_TRUE(r);
    EXPECT_FALSE(r->done);
    EXPECT_EQ(r->need_bytes, in.size() + 6);
    EXPECT_TRUE(out.empty());
}

TEST(EvidenceSsh, BrokenKexinitStillRecordsTheBanner) {
    Ctx c;
    Sink out;
    Bytes in = stream("SSH-2.0-OpenSSH_9.6", kModern);
    in[21 + 6 + 16 + 3] = 0xff;  // kex name-list length far past the packet
    const auto r = ssh_stream(view(in), c.at(true), out);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, dissect::ErrorKind::Malformed);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(json(out[0].entry), R"({"banner":"SSH-2.0-OpenSSH_9.6"})");
}

TEST(EvidenceSsh, BadIdentificationIsAnErrorWithNothingRecorded) {
    Ctx c;
    Sink out;
    const std::string s = "SSH-2.0-\r\n";
    const Bytes in(s.begin(), s.end());
    const auto r = ssh_stream(view(in), c.at(false), out);
    ASSERT_FALSE(r);
    EXPECT_TRUE(out.empty());
}

}  // namespace
}  // namespace posture::evidence

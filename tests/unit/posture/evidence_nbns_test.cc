// NBNS mapper (posture/evidence/nbns).
#include "posture/evidence/nbns.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "dissectors/packet/packet.h"
#include "posture/record/value.h"
#include "tests/unit/dissectors/nbns_messages.h"

namespace posture::evidence {
namespace {

using dissect::ByteView;

template <std::size_t N>
ByteView view(const std::uint8_t (&a)[N]) {
    return ByteView{a, N};
}

struct Mapper {
    explicit Mapper(const char* src_ip) { EXPECT_TRUE(dissect::parse_ip(src_ip, dec.src_ip)); }
    dissect::packet::Decoded dec;
    Databases db;
    PacketContext ctx{&dec, true, 0, &db};
    Sink out;
};

// "key=json" for every fp entry, in the order emitted.
std::vector<std::string> fp_entries(const Sink& out) {
    std::vector<std::string> v;
    for (const auto& f : out)
        if (!f.key.empty()) v.push_back(f.key + "=" + to_json(f.entry));
    return v;
}
std::vector<std::string> names(const Sink& out) {
    std::vector<std::string> v;
    for (const auto& f : out)
        for (const auto& n : f.names) {
            EXPECT_EQ(n.src, NameSource::Nbns);
            v.push_back(n.name);
        }
    return v;
}
std::vector<std::string> observations(const Sink& out) {
    std::vector<std::string> v;
    for (const auto& f : out)
        for (const auto& o : f.observations) v.push_back(o.what + ":" + o.detail);
    return v;
}

TEST(EvidenceNbns, UniqueRegistrationNamesTheHost) {
    Mapper m("192.168.239.129");
    ASSERT_TRUE(nbns_datagram(view(dissect::test::kNbnsRegistration), m.ctx, m.out));
    EXPECT_EQ(fp_entries(m.out), std::vector<std::string>{R"(nbns="MDJR98<00>")"});
    EXPECT_EQ(names(m.out), std::vector<std::string>{"MDJR98"});
    EXPECT_EQ(observations(m.out), std::vector<std::string>{"nbns.chatter:registration"});
    EXPECT_TRUE(m.out[0].hints.empty());
}

TEST(EvidenceNbns, GroupRegistrationGivesTheWorkgroup) {
    Mapper m("192.168.239.129");
    ASSERT_TRUE(nbns_datagram(view(dissect::test::kNbnsRegistrationGroup), m.ctx, m.out));
    EXPECT_EQ(fp_entries(m.out), (std::vector<std::string>{R"(nbns="WORKGROUP<00>")", R"(nbns_group="WORKGROUP")"}));
    EXPECT_TRUE(names(m.out).empty());
}

TEST(EvidenceNbns, MasterBrowserNameGivesTheWorkgroup) {
    Mapper m("192.168.239.129");
    ASSERT_TRUE(nbns_datagram(view(dissect::test::kNbnsRegistrationMaster), m.ctx, m.out));
    EXPECT_EQ(fp_entries(m.out), (std::vector<std::string>{R"(nbns="WORKGROUP<1d>")", R"(nbns_group="WORKGROUP")"}));
    EXPECT_TRUE(names(m.out).empty());
}

TEST(EvidenceNbns, MsBrowseRendersLikeWireshark) {
    Mapper m("192.168.239.129");
    ASSERT_TRUE(nbns_datagram(view(dissect::test::kNbnsRegistrationMsBrowse), m.ctx, m.out));
    EXPECT_EQ(fp_entries(m.out), std::vector<std::string>{R"(nbns="<01><02>__MSBROWSE__<02><01>")"});
    EXPECT_TRUE(names(m.out).empty());
}

TEST(EvidenceNbns, QueryIsChatterOnly) {
    Mapper m("10.0.4.66");
    ASSERT_TRUE(nbns_datagram(view(dissect::test::kNbnsQuery), m.ctx, m.out));
    ASSERT_EQ(m.out.size(), 1u);
    EXPECT_TRUE(m.out[0].key.empty());
    EXPECT_EQ(observations(m.out), std::vector<std::string>{"nbns.chatter:query"});
    EXPECT_TRUE(names(m.out).empty());
}

TEST(EvidenceNbns, OwnerAnsweringForItself) {
    Mapper m("10.0.5.1");
    ASSERT_TRUE(nbns_datagram(view(dissect::test::kNbnsPositiveResponse), m.ctx, m.out));
    EXPECT_EQ(fp_entries(m.out), std::vector<std::string>{R"(nbns="GURU<00>")"});
    EXPECT_EQ(names(m.out), std::vector<std::string>{"GURU"});
    EXPECT_EQ(observations(m.out), std::vector<std::string>{"nbns.chatter:query response"});
}

TEST(EvidenceNbns, NameServerAnsweringForAnotherHost) {
    Mapper m("10.0.0.2");  // a WINS server: the answer is 10.0.5.1's name, not its own
    ASSERT_TRUE(nbns_datagram(view(dissect::test::kNbnsPositiveResponse), m.ctx, m.out));
    EXPECT_TRUE(fp_entries(m.out).empty());
    EXPECT_TRUE(names(m.out).empty());
    EXPECT_EQ(observations(m.out), std::vector<std::string>{"nbns.chatter:query response"});
}

TEST(EvidenceNbns, NodeStatusListsTheResponderNames) {
    Mapper m("10.0.0.9");
    ASSERT_TRUE(nbns_datagram(view(dissect::test::kNbnsNodeStatusResponse), m.ctx, m.out));
    EXPECT_EQ(fp_entries(m.out), (std::vector<std::string>{
                                     R"(nbns="WS01<00>")",
                                     R"(nbns="WORKGROUP<00>")",
                                     R"(nbns="WS01<20>")",
                                     R"(nbns="WORKGROUP<1e>")",
                                     R"(nbns="ALICE<03>")",
                                     R"(nbns_group="WORKGROUP")",
                                 }));
    EXPECT_EQ(names(m.out), std::vector<std::string>{"WS01"});
}

TEST(EvidenceNbns, ParseErrorIsReturned) {
    Mapper m("10.0.0.9");
    const auto r = nbns_datagram(view(dissect::test::kNbnsRegistration).prefix(30), m.ctx, m.out);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, dissect::ErrorKind::Truncated);
    EXPECT_TRUE(m.out.empty());
}

TEST(EvidenceNbns, NameTextForms) {
    dissect::nbns::NetbiosName wildcard;
    wildcard.name[0] = '*';  // then 14 NULs
    std::string expected = "*";
    for (int i = 0; i < 15; ++i) expected += "<00>";
    EXPECT_EQ(netbios_name_text(wildcard), expected);
    EXPECT_EQ(netbios_plain_name(wildcard), "*");

    dissect::nbns::NetbiosName spaced;
    const std::string s = "MARTIN ROSENAU ";
    std::copy(s.begin(), s.end(), spaced.name.begin());
    spaced.suffix = 0x03;
    EXPECT_EQ(netbios_name_text(spaced), "MARTIN ROSENAU<03>");
    EXPECT_EQ(netbios_plain_name(spaced), "MARTIN ROSENAU");

    spaced.name[3] = 0x7f;
    EXPECT_EQ(netbios_name_text(spaced), "MAR<7f>IN ROSENAU<03>");
    EXPECT_EQ(netbios_plain_name(spaced), "");
}

}  // namespace
}  // namespace posture::evidence

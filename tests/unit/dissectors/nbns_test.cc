// NetBIOS Name Service (dissectors/nbns).
#include "dissectors/nbns/nbns.h"

#include <gtest/gtest.h>

#include <string>

#include "tests/unit/dissectors/dissector_test_util.h"
#include "tests/unit/dissectors/nbns_messages.h"

namespace dissect::nbns {
namespace {

using test::Bytes;
using test::view;

std::string raw(const NetbiosName& n) { return std::string(n.name.begin(), n.name.end()); }

// "GURU<00>" first-level encoded: 'E','H' = 0x47 'G', ... padded with "CA" (space).
constexpr std::uint8_t kGuruLabel[] = {
    0x20,                                                                    // label length 32
    'E', 'H', 'F', 'F', 'F', 'C', 'F', 'F', 'C', 'A', 'C', 'A', 'C', 'A', 'C', 'A',  // "GURU" + spaces
    'C', 'A', 'C', 'A', 'C', 'A', 'C', 'A', 'C', 'A', 'C', 'A', 'C', 'A', 'A', 'A',  // spaces, suffix 0x00
};

constexpr std::uint8_t kResponseHeader[] = {
    0x8a, 0x3c,  // id
    0x85, 0x00,  // flags: response, opcode 0, AA, RD
    0x00, 0x00,  // qdcount 0
    0x00, 0x01,  // ancount 1
    0x00, 0x00,  // nscount 0
    0x00, 0x00,  // arcount 0
};
constexpr std::uint8_t kRoot[] = {0x00};
constexpr std::uint8_t kNbInTtl[] = {
    0x00, 0x20,              // type NB
    0x00, 0x01,              // class IN
    0x00, 0x04, 0x93, 0xe0,  // ttl 300000
};

// A positive response for GURU<00> whose RDATA is `rdata`.
Bytes response_with_rdata(const Bytes& rdata) {
    const std::uint8_t len[] = {static_cast<std::uint8_t>(rdata.size() >> 8), static_cast<std::uint8_t>(rdata.size())};
    return test::cat(kResponseHeader, kGuruLabel, kRoot, kNbInTtl, len, rdata);
}

TEST(NbnsParse, RegistrationFields) {
    const auto m = parse(view(test::kNbnsRegistration));
    ASSERT_TRUE(m);
    EXPECT_EQ(m->id, 0x0008);
    EXPECT_FALSE(m->response());
    EXPECT_EQ(m->opcode(), kOpRegistration);
    EXPECT_TRUE(m->broadcast());
    ASSERT_EQ(m->question_count, 1);
    EXPECT_EQ(raw(m->questions[0].name), "MDJR98         ");
    EXPECT_EQ(m->questions[0].name.suffix, 0x00);
    EXPECT_FALSE(m->questions[0].name.scoped);
    EXPECT_EQ(m->questions[0].qtype, kTypeNb);
    ASSERT_EQ(m->record_count, 1);
    const Record& rr = m->records[0];
    EXPECT_EQ(rr.section, dns::Section::Additional);
    EXPECT_EQ(raw(rr.name), "MDJR98         ");
    EXPECT_EQ(rr.type, kTypeNb);
    EXPECT_EQ(rr.ttl, 300000u);
    EXPECT_TRUE(rr.rdata_ok);
    ASSERT_EQ(rr.entry_count, 1);
    EXPECT_FALSE(rr.entries[0].group());
    EXPECT_EQ(rr.entries[0].flags & kFlagNodeType, 0);  // B-node
    EXPECT_EQ(to_string(rr.entries[0].addr), "192.168.239.129");
    EXPECT_FALSE(m->node_status);
}

TEST(NbnsParse, GroupRegistration) {
    const auto m = parse(view(test::kNbnsRegistrationGroup));
    ASSERT_TRUE(m);
    EXPECT_EQ(raw(m->questions[0].name), "WORKGROUP      ");
    ASSERT_EQ(m->records[0].entry_count, 1);
    EXPECT_TRUE(m->records[0].entries[0].group());
}

TEST(NbnsParse, MsBrowseNameKeepsItsControlBytes) {
    const auto m = parse(view(test::kNbnsRegistrationMsBrowse));
    ASSERT_TRUE(m);
    EXPECT_EQ(raw(m->questions[0].name), std::string("\x01\x02__MSBROWSE__\x02", 15));
    EXPECT_EQ(m->questions[0].name.suffix, 0x01);
}

TEST(NbnsParse, QueryAndPositiveResponse) {
    const auto q = parse(view(test::kNbnsQuery));
    ASSERT_TRUE(q);
    EXPECT_EQ(q->opcode(), kOpQuery);
    EXPECT_TRUE(q->broadcast());
    EXPECT_EQ(raw(q->questions[0].name), "GURU           ");

    const auto r = parse(view(test::kNbnsPositiveResponse));
    ASSERT_TRUE(r);
    EXPECT_TRUE(r->response());
    EXPECT_EQ(r->rcode(), 0);
    ASSERT_EQ(r->record_count, 1);
    EXPECT_EQ(r->records[0].section, dns::Section::Answer);
    ASSERT_EQ(r->records[0].entry_count, 1);
    EXPECT_EQ(to_string(r->records[0].entries[0].addr), "10.0.5.1");
}

TEST(NbnsParse, NodeStatusResponse) {
    const auto m = parse(view(test::kNbnsNodeStatusResponse));
    ASSERT_TRUE(m);
    EXPECT_TRUE(m->node_status);
    ASSERT_EQ(m->record_count, 1);
    EXPECT_EQ(m->records[0].type, kTypeNbstat);
    EXPECT_EQ(raw(m->records[0].name), std::string("*") + std::string(14, '\0'));
    EXPECT_TRUE(m->records[0].rdata_ok);
    ASSERT_EQ(m->node_name_count, 5);
    EXPECT_EQ(raw(m->node_names[0].name), "WS01           ");
    EXPECT_FALSE(m->node_names[0].group());
    EXPECT_EQ(m->node_names[1].name.suffix, 0x00);
    EXPECT_TRUE(m->node_names[1].group());
    EXPECT_EQ(m->node_names[3].name.suffix, 0x1e);
    EXPECT_EQ(m->node_names[4].flags, 0x0400);
    ASSERT_TRUE(m->unit_id);
    EXPECT_EQ(to_string(*m->unit_id), "00:11:22:33:44:55");
}

TEST(NbnsParse, NodeStatusNamesPastRdataMarkTheRecord) {
    auto v = test::cat(test::kNbnsNodeStatusResponse);
    const std::size_t num_names_at = v.size() - (1 + 18 * 5 + 46);
    v[num_names_at] = 10;  // 5 names, then 46 statistics bytes: 2 more "names" fit, the 3rd does not
    const auto m = parse(view(v));
    ASSERT_TRUE(m);
    EXPECT_FALSE(m->records[0].rdata_ok);
    EXPECT_EQ(m->node_name_count, 7);
    EXPECT_FALSE(m->unit_id);
}

TEST(NbnsParse, NodeStatusNamesPastCapAreCounted) {
    Bytes rdata = {40};  // NUM_NAMES
    for (int i = 0; i < 40; ++i) {
        rdata.insert(rdata.end(), 15, 'N');
        rdata.insert(rdata.end(), {0x00, 0x04, 0x00});  // suffix, NAME_FLAGS
    }
    rdata.insert(rdata.end(), 46, 0x00);  // statistics
    auto v = response_with_rdata(rdata);
    v[v.size() - rdata.size() - 10 + 1] = 0x21;  // type NBSTAT
    const auto m = parse(view(v));
    ASSERT_TRUE(m);
    EXPECT_EQ(m->node_name_count, kMaxNodeNames);
    EXPECT_EQ(m->node_names_dropped, 40 - kMaxNodeNames);
}

TEST(NbnsParse, NbEntriesPastCapAreCounted) {
    Bytes rdata;
    for (std::uint8_t i = 0; i < 10; ++i) rdata.insert(rdata.end(), {0x00, 0x00, 10, 0, 0, i});
    const Bytes v = response_with_rdata(rdata);
    const auto m = parse(view(v));
    ASSERT_TRUE(m);
    EXPECT_TRUE(m->records[0].rdata_ok);
    EXPECT_EQ(m->records[0].entry_count, kMaxAddresses);
    EXPECT_EQ(m->records[0].entries_dropped, 2);
    EXPECT_EQ(to_string(m->records[0].entry_list().back().addr), "10.0.0.7");
}

TEST(NbnsParse, NbRdataNotAMultipleOfSixMarksTheRecord) {
    const Bytes v = response_with_rdata({0x00, 0x00, 10, 0, 5, 1, 0xff});
    const auto m = parse(view(v));
    ASSERT_TRUE(m);
    EXPECT_FALSE(m->records[0].rdata_ok);
    EXPECT_EQ(m->records[0].entry_count, 1);  // the whole entry before the odd byte
}

TEST(NbnsParse, NegativeResponseHasNoEntries) {
    auto v = response_with_rdata({});
    v[3] = 0x03;  // rcode 3: name error
    const auto m = parse(view(v));
    ASSERT_TRUE(m);
    EXPECT_EQ(m->rcode(), 3);
    EXPECT_EQ(m->records[0].entry_count, 0);
    EXPECT_TRUE(m->records[0].rdata_ok);
}

TEST(NbnsParse, ScopedName) {
    constexpr std::uint8_t kQueryHeader[] = {
        0x00, 0x01,  // id
        0x01, 0x10,  // flags: query, RD, B
        0x00, 0x01,  // qdcount 1
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // an/ns/ar 0
    };
    constexpr std::uint8_t kScope[] = {0x04, 'c', 'o', 'r', 'p', 0x00};  // scope "corp", root
    constexpr std::uint8_t kNbIn[] = {0x00, 0x20, 0x00, 0x01};
    const Bytes v = test::cat(kQueryHeader, kGuruLabel, kScope, kNbIn);
    const auto m = parse(view(v));
    ASSERT_TRUE(m);
    EXPECT_TRUE(m->questions[0].name.scoped);
    EXPECT_EQ(raw(m->questions[0].name), "GURU           ");
}

TEST(NbnsParse, DecodeNameAcceptsOnlyFirstLevelEncoding) {
    const ByteView label = view(kGuruLabel).tail(1);
    const auto n = decode_name(label);
    ASSERT_TRUE(n);
    EXPECT_EQ(raw(*n), "GURU           ");
    EXPECT_FALSE(decode_name(label.prefix(30)));
    auto bad = test::cat(kGuruLabel);
    bad[5] = 'Q';  // outside 'A'..'P'
    EXPECT_FALSE(decode_name(view(bad).tail(1)));
    bad[5] = 'c';  // lowercase is not the encoding either
    EXPECT_FALSE(decode_name(view(bad).tail(1)));
}

TEST(NbnsParse, BadEncodingIsBadName) {
    auto v = test::cat(test::kNbnsRegistration);
    v[13] = 'Z';
    const auto r = parse(view(v));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::Malformed);
    EXPECT_STREQ(r.error().what, kErrBadName);
    EXPECT_EQ(r.error().offset, dns::kHeaderLen);
}

TEST(NbnsParse, DnsStyleNameIsBadName) {
    constexpr std::uint8_t kDnsName[] = {
        0x00, 0x01, 0x01, 0x10, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // header: one question
        0x04, 'g', 'u', 'r', 'u', 0x00,                                          // "guru": not encoded
        0x00, 0x20, 0x00, 0x01,                                                  // NB, IN
    };
    const auto r = parse(view(kDnsName));
    ASSERT_FALSE(r);
    EXPECT_STREQ(r.error().what, kErrBadName);
}

TEST(NbnsParse, DnsLevelErrorsAreRenamed) {
    const auto cut = parse(view(test::kNbnsRegistration).prefix(40));
    ASSERT_FALSE(cut);
    EXPECT_EQ(cut.error().kind, ErrorKind::Truncated);
    EXPECT_STREQ(cut.error().what, kErrTruncated);

    auto loop = test::cat(test::kNbnsRegistration);
    loop[loop.size() - 17] = 0x32;  // the record's pointer 0xc00c -> 0xc032, which points at itself
    const auto r = parse(view(loop));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::Malformed);
    EXPECT_STREQ(r.error().what, kErrBadName);
}

TEST(NbnsParse, EveryPrefixIsTruncatedOrClean) {
    test::expect_prefixes_truncated_or_ok(test::kNbnsRegistration, parse);
    test::expect_prefixes_truncated_or_ok(test::kNbnsRegistrationGroup, parse);
    test::expect_prefixes_truncated_or_ok(test::kNbnsRegistrationMsBrowse, parse);
    test::expect_prefixes_truncated_or_ok(test::kNbnsRegistrationMaster, parse);
    test::expect_prefixes_truncated_or_ok(test::kNbnsQuery, parse);
    test::expect_prefixes_truncated_or_ok(test::kNbnsPositiveResponse, parse);
    test::expect_prefixes_truncated_or_ok(test::kNbnsNodeStatusResponse, parse);
}

}  // namespace
}  // namespace dissect::nbns

// DNS message format (dissectors/dns): unicast DNS, mDNS, LLMNR.
#include "dissectors/dns/dns.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/unit/dissectors/dissector_test_util.h"
#include "tests/unit/dissectors/dns_messages.h"

namespace dissect::dns {
namespace {

using test::Bytes;
using test::view;

constexpr std::uint8_t kHeaderOneQuestion[] = {
    0xab, 0xcd,  // id
    0x01, 0x00,  // flags: query, RD
    0x00, 0x01,  // qdcount 1
    0x00, 0x00,  // ancount 0
    0x00, 0x00,  // nscount 0
    0x00, 0x00,  // arcount 0
};
constexpr std::uint8_t kQtypeAClassIn[] = {0x00, 0x01, 0x00, 0x01};

// A query whose question name is `name_bytes`.
Bytes query_with_name(const Bytes& name_bytes) { return test::cat(kHeaderOneQuestion, name_bytes, kQtypeAClassIn); }

std::vector<std::string> txt_strings(ByteView rdata) {
    std::vector<std::string> out;
    TxtReader r(rdata);
    while (const auto s = r.next()) out.emplace_back(s->as_chars());
    return out;
}

TEST(DnsParse, QueryFields) {
    const auto m = parse(view(test::kDnsQueryNtp));
    ASSERT_TRUE(m);
    EXPECT_EQ(m->header.id, 0x0003);
    EXPECT_FALSE(m->header.response());
    EXPECT_EQ(m->header.opcode(), kOpcodeQuery);
    EXPECT_EQ(m->header.qdcount, 1);
    ASSERT_EQ(m->question_count, 1);
    const Question& q = m->questions[0];
    EXPECT_EQ(m->text(q.name).view(), "ntp1.dlink.com");
    EXPECT_EQ(q.name.offset, kHeaderLen);
    EXPECT_EQ(q.name.labels, 3);
    EXPECT_EQ(q.name.text_len, 14);
    EXPECT_EQ(q.qtype, kTypeA);
    EXPECT_EQ(q.qclass, kClassIn);
    EXPECT_EQ(m->record_count, 0);
    EXPECT_EQ(m->questions_dropped, 0);
    EXPECT_EQ(m->records_dropped, 0);
}

TEST(DnsParse, ResponseFollowsCompressionPointers) {
    const auto m = parse(view(test::kDnsResponseCname));
    ASSERT_TRUE(m);
    EXPECT_TRUE(m->header.response());
    EXPECT_EQ(m->header.rcode(), 0);
    ASSERT_EQ(m->record_count, 2);
    const Record& cname = m->records[0];
    EXPECT_EQ(cname.section, Section::Answer);
    EXPECT_EQ(cname.type, kTypeCname);
    EXPECT_EQ(cname.ttl, 300u);
    EXPECT_TRUE(cname.rdata_ok);
    EXPECT_EQ(m->text(cname.name).view(), "www.example.com");
    EXPECT_EQ(m->text(cname.target).view(), "example.com");
    const Record& a = m->records[1];
    EXPECT_EQ(m->text(a.name).view(), "example.com");
    EXPECT_EQ(to_string(a.address()), "93.184.215.14");
    EXPECT_FALSE(cname.address().valid());
}

TEST(DnsParse, MdnsAnnouncementRecords) {
    const auto m = parse(view(test::kMdnsAnnounceCamera));
    ASSERT_TRUE(m);
    EXPECT_TRUE(m->header.response());
    EXPECT_TRUE(m->header.authoritative());
    EXPECT_EQ(m->question_count, 0);
    ASSERT_EQ(m->record_count, 6);
    EXPECT_EQ(m->bad_rdata, 0);

    const Record& a = m->records[0];
    EXPECT_EQ(a.type, kTypeA);
    EXPECT_EQ(a.rclass, kClassTopBit | kClassIn);  // cache-flush
    EXPECT_EQ(m->text(a.name).view(), "DCS-935L-B0C554255B0E.local");
    EXPECT_EQ(to_string(a.address()), "192.168.0.20");

    const Record& rev = m->records[1];
    EXPECT_EQ(rev.type, kTypePtr);
    EXPECT_EQ(m->text(rev.name).view(), "20.0.168.192.in-addr.arpa");
    EXPECT_EQ(m->text(rev.target).view(), "DCS-935L-B0C554255B0E.local");

    const Record& srv = m->records[2];
    EXPECT_EQ(srv.type, kTypeSrv);
    EXPECT_EQ(m->text(srv.name).view(), "D-Link HNAP Service._dhnap._tcp.local");
    EXPECT_EQ(srv.srv_priority, 0);
    EXPECT_EQ(srv.srv_weight, 0);
    EXPECT_EQ(srv.srv_port, 80);
    EXPECT_EQ(m->text(srv.target).view(), "DCS-935L-B0C554255B0E.local");

    const Record& txt = m->records[3];
    EXPECT_EQ(txt.type, kTypeTxt);
    EXPECT_TRUE(txt.rdata_ok);
    const auto strings = txt_strings(txt.rdata);
    ASSERT_EQ(strings.size(), 10u);
    EXPECT_EQ(strings[0], "mac=B0:C5:54:25:5B:0E");
    EXPECT_EQ(strings[2], "model_number=DCS-935L");
    EXPECT_EQ(strings[9], "dtype=100;101");

    EXPECT_EQ(m->text(m->records[4].name).view(), "_services._dns-sd._udp.local");
    EXPECT_EQ(m->text(m->records[4].target).view(), "_dhnap._tcp.local");
    EXPECT_EQ(m->text(m->records[5].name).view(), "_dhnap._tcp.local");
    EXPECT_EQ(m->text(m->records[5].target).view(), "D-Link HNAP Service._dhnap._tcp.local");
}

TEST(DnsParse, MdnsProbeHasAuthorityRecordsAndQuBit) {
    const auto m = parse(view(test::kMdnsProbeCamera));
    ASSERT_TRUE(m);
    EXPECT_FALSE(m->header.response());
    ASSERT_EQ(m->question_count, 2);
    EXPECT_EQ(m->questions[0].qtype, kTypeAny);
    EXPECT_EQ(m->questions[0].qclass & kClassTopBit, kClassTopBit);  // QU: unicast reply wanted
    EXPECT_EQ(m->text(m->questions[1].name).view(), "D-Link HNAP Service._dhnap._tcp.local");
    ASSERT_EQ(m->record_count, 2);
    for (const auto& rr : m->record_list()) EXPECT_EQ(rr.section, Section::Authority);
    EXPECT_EQ(to_string(m->records[0].address()), "10.10.10.37");
    EXPECT_EQ(m->text(m->records[1].target).view(), "DCS-935L-B0C554255B0E.local");
}

TEST(DnsParse, CompressedQuestionName) {
    const auto m = parse(view(test::kMdnsQueryIpp));
    ASSERT_TRUE(m);
    ASSERT_EQ(m->question_count, 2);
    EXPECT_EQ(m->text(m->questions[0].name).view(), "_ipp._tcp.local");
    EXPECT_EQ(m->text(m->questions[1].name).view(), "_ipps._tcp.local");
    EXPECT_EQ(m->questions[1].name.labels, 3);
    // In place the second name is one label and a pointer.
    const auto w = walk_name(view(test::kMdnsQueryIpp), m->questions[1].name.offset);
    ASSERT_TRUE(w);
    EXPECT_EQ(w->in_place, 8);
    EXPECT_EQ(first_label(view(test::kMdnsQueryIpp), m->questions[1].name).as_chars(), "_ipps");
}

TEST(DnsParse, HinfoAndAaaa) {
    const auto m = parse(view(test::kMdnsHinfo));
    ASSERT_TRUE(m);
    ASSERT_EQ(m->record_count, 2);
    const auto [cpu, os] = m->records[0].hinfo();
    EXPECT_EQ(cpu.as_chars(), "X86_64");
    EXPECT_EQ(os.as_chars(), "LINUX");
    EXPECT_EQ(to_string(m->records[1].address()), "fd00::1");
    EXPECT_TRUE(m->records[1].hinfo().first.empty());
}

TEST(DnsParse, LlmnrResponseKeepsOwnerCase) {
    const auto m = parse(view(test::kLlmnrResponse));
    ASSERT_TRUE(m);
    EXPECT_EQ(m->text(m->questions[0].name).view(), "hs2011");
    ASSERT_EQ(m->record_count, 1);
    EXPECT_EQ(m->text(m->records[0].name).view(), "HS2011");
    EXPECT_EQ(to_string(m->records[0].address()), "192.168.10.101");
}

TEST(DnsParse, RootNameIsEmptyText) {
    const Bytes v = query_with_name({0x00});
    const auto m = parse(view(v));
    ASSERT_TRUE(m);
    EXPECT_EQ(m->questions[0].name.labels, 0);
    EXPECT_EQ(m->text(m->questions[0].name).view(), "");
}

TEST(DnsParse, SelfPointerIsPointerLoop) {
    const auto r = parse(view(query_with_name({0xc0, 0x0c})));  // points at itself
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::Malformed);
    EXPECT_STREQ(r.error().what, kErrPointerLoop);
}

TEST(DnsParse, PointerCycleIsPointerLoop) {
    // 12: "a" then a pointer to 17; 17: pointer back to 12.
    const auto r = parse(view(query_with_name({0x01, 'a', 0xc0, 0x11, 0x00, 0xc0, 0x0c})));
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().kind, ErrorKind::Truncated);
}

TEST(DnsParse, PointerPastEndIsTruncated) {
    const auto r = parse(view(query_with_name({0xc0, 0xff})));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::Truncated);
    EXPECT_STREQ(r.error().what, kErrTruncated);
}

TEST(DnsParse, ReservedLabelTypesAreMalformed) {
    for (const std::uint8_t type : std::initializer_list<std::uint8_t>{0x40, 0x80}) {
        const auto r = parse(view(query_with_name({type, 0x00})));
        ASSERT_FALSE(r) << int{type};
        EXPECT_EQ(r.error().kind, ErrorKind::Malformed);
        EXPECT_STREQ(r.error().what, kErrLabelType);
        EXPECT_EQ(r.error().offset, kHeaderLen);
    }
}

Bytes labels(std::initializer_list<std::size_t> sizes) {
    Bytes b;
    for (const auto n : sizes) {
        b.push_back(static_cast<std::uint8_t>(n));
        b.insert(b.end(), n, 'x');
    }
    b.push_back(0);
    return b;
}

TEST(DnsParse, NameOf255BytesIsAccepted) {
    const Bytes v = query_with_name(labels({63, 63, 63, 61}));  // 3*64 + 62 + 1 = 255
    const auto m = parse(view(v));  // names render against `v`: it must outlive `m`
    ASSERT_TRUE(m);
    EXPECT_EQ(m->questions[0].name.text_len, kMaxNameText);
    EXPECT_EQ(m->text(m->questions[0].name).view().size(), kMaxNameText);
}

TEST(DnsParse, NameOver255BytesIsLimitExceeded) {
    const auto r = parse(view(query_with_name(labels({63, 63, 63, 62}))));  // 256
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::LimitExceeded);
    EXPECT_STREQ(r.error().what, kErrNameTooLong);
}

TEST(DnsParse, CountsThatLieAreTruncated) {
    auto v = test::cat(test::kDnsResponseCname);
    v[7] = 5;  // ancount 5, two present
    const auto r = parse(view(v));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::Truncated);
    EXPECT_LE(r.error().offset, v.size());
}

TEST(DnsParse, RdlengthPastEndIsTruncated) {
    auto v = test::cat(test::kDnsResponseCname);
    v[v.size() - 5] = 0x40;  // the A record's rdlength 4 -> 64
    const auto r = parse(view(v));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::Truncated);
}

TEST(DnsParse, QuestionsPastCapAreCounted) {
    Bytes v = test::cat(kHeaderOneQuestion);
    v[5] = 20;  // qdcount 20
    for (int i = 0; i < 20; ++i) v.insert(v.end(), {0x00, 0x00, 0x01, 0x00, 0x01});  // root, A, IN
    const auto m = parse(view(v));
    ASSERT_TRUE(m);
    EXPECT_EQ(m->question_count, kMaxQuestions);
    EXPECT_EQ(m->questions_dropped, 20 - kMaxQuestions);
}

TEST(DnsParse, RecordsPastCapAreCountedAndWalked) {
    constexpr std::size_t kCount = kMaxRecords + 6;
    Bytes v = {0x00, 0x00, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, kCount};  // arcount 70
    for (std::size_t i = 0; i < kCount; ++i)
        v.insert(v.end(), {0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x78, 0x00, 0x04, 10, 0, 0,
                           static_cast<std::uint8_t>(i)});  // root A 10.0.0.i
    const auto m = parse(view(v));
    ASSERT_TRUE(m);
    EXPECT_EQ(m->record_count, kMaxRecords);
    EXPECT_EQ(m->records_dropped, 6);
    EXPECT_EQ(m->records[kMaxRecords - 1].section, Section::Additional);
    EXPECT_EQ(to_string(m->records[kMaxRecords - 1].address()), "10.0.0.63");
}

TEST(DnsParse, BadRdataMarksOnlyThatRecord) {
    constexpr std::uint8_t kMsg[] = {
        0x00, 0x00,                          // id
        0x84, 0x00,                          // flags: response, AA
        0x00, 0x00,                          // qdcount 0
        0x00, 0x05,                          // ancount 5
        0x00, 0x00,                          // nscount 0
        0x00, 0x00,                          // arcount 0
        0x01, 'h', 0x00,                     // 12: owner "h"
        0x00, 0x01, 0x00, 0x01,              // A, IN
        0x00, 0x00, 0x00, 0x78,              // ttl 120
        0x00, 0x03, 0x0a, 0x00, 0x00,        // rdlength 3: not an IPv4 address
        0xc0, 0x0c,                          // owner -> "h"
        0x00, 0x10, 0x00, 0x01,              // TXT, IN
        0x00, 0x00, 0x00, 0x78,              // ttl 120
        0x00, 0x03, 0x05, 'a', '=',          // rdlength 3: a string of 5 that does not fit
        0xc0, 0x0c,                          // owner -> "h"
        0x00, 0x21, 0x00, 0x01,              // SRV, IN
        0x00, 0x00, 0x00, 0x78,              // ttl 120
        0x00, 0x04, 0x00, 0x00, 0x00, 0x50,  // rdlength 4: no room for weight, port, target
        0xc0, 0x0c,                          // owner -> "h"
        0x00, 0x0c, 0x00, 0x01,              // PTR, IN
        0x00, 0x00, 0x00, 0x78,              // ttl 120
        0x00, 0x02, 0x01, 'x',               // rdlength 2: the name's root byte lies outside
        0xc0, 0x0c,                          // owner -> "h"
        0x00, 0x01, 0x00, 0x01,              // A, IN
        0x00, 0x00, 0x00, 0x78,              // ttl 120
        0x00, 0x04, 0x0a, 0x00, 0x00, 0x01,  // rdlength 4: 10.0.0.1
    };
    const auto m = parse(view(kMsg));
    ASSERT_TRUE(m);
    ASSERT_EQ(m->record_count, 5);
    EXPECT_EQ(m->bad_rdata, 4);
    for (std::size_t i = 0; i < 4; ++i) EXPECT_FALSE(m->records[i].rdata_ok) << i;
    EXPECT_FALSE(m->records[0].address().valid());
    EXPECT_TRUE(m->records[4].rdata_ok);
    EXPECT_EQ(to_string(m->records[4].address()), "10.0.0.1");
}

TEST(DnsParse, ForgedNameRefRendersSafely) {
    const ByteView msg = view(test::kMdnsAnnounceCamera);
    EXPECT_EQ(name_text(msg, NameRef{0xffff, 0, 0}).view(), "");
    EXPECT_TRUE(first_label(msg, NameRef{0xffff, 0, 0}).empty());
    // Any offset renders without reading outside the message.
    for (std::size_t at = 0; at < msg.size(); ++at) {
        const auto t = name_text(msg, NameRef{static_cast<std::uint16_t>(at), 0, 0});
        EXPECT_LE(t.size, kMaxNameText);
    }
}

TEST(DnsParse, ShortHeaderIsTruncated) {
    const auto r = parse(view(test::kDnsQueryNtp).prefix(kHeaderLen - 1));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::Truncated);
    EXPECT_EQ(r.error().offset, kHeaderLen - 1);
}

TEST(DnsParse, EveryPrefixIsTruncatedOrClean) {
    test::expect_prefixes_truncated_or_ok(test::kDnsQueryNtp, parse);
    test::expect_prefixes_truncated_or_ok(test::kDnsResponseCname, parse);
    test::expect_prefixes_truncated_or_ok(test::kMdnsAnnounceCamera, parse);
    test::expect_prefixes_truncated_or_ok(test::kMdnsProbeCamera, parse);
    test::expect_prefixes_truncated_or_ok(test::kMdnsQueryIpp, parse);
    test::expect_prefixes_truncated_or_ok(test::kMdnsPrinter, parse);
    test::expect_prefixes_truncated_or_ok(test::kMdnsMacBook, parse);
    test::expect_prefixes_truncated_or_ok(test::kMdnsHinfo, parse);
    test::expect_prefixes_truncated_or_ok(test::kLlmnrQuery, parse);
    test::expect_prefixes_truncated_or_ok(test::kLlmnrResponse, parse);
}

}  // namespace
}  // namespace dissect::dns

// SNMP v1/v2c (dissectors/snmp).
#include "dissectors/snmp/snmp.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "tests/unit/dissectors/dissector_test_util.h"
#include "tests/unit/dissectors/snmp_messages.h"

namespace dissect::snmp {
namespace {

using test::Bytes;
using test::view;
namespace msgs = test::snmp_messages;

std::string_view text(ByteView v) { return v.as_chars(); }

std::string dotted(ByteView contents) {
    const auto oid = decode_oid(contents);
    if (!oid) return "error";
    std::string s;
    for (std::size_t i = 0; i < oid->count; ++i) s += (i ? "." : "") + std::to_string(oid->arcs[i]);
    return s;
}

// One BER element: tag, definite length (short or long form), contents.
Bytes tlv(std::uint8_t tag, const Bytes& contents) {
    Bytes out = {tag};
    const std::size_t n = contents.size();
    if (n < 0x80) out.push_back(static_cast<std::uint8_t>(n));
    else if (n <= 0xff) out.insert(out.end(), {0x81, static_cast<std::uint8_t>(n)});
    else out.insert(out.end(), {0x82, static_cast<std::uint8_t>(n >> 8), static_cast<std::uint8_t>(n)});
    out.insert(out.end(), contents.begin(), contents.end());
    return out;
}

// A v1 message with community "p" around `pdu` (a whole PDU element).
Bytes v1_with_pdu(const Bytes& pdu) {
    return tlv(kSequence, test::cat(Bytes{0x02, 0x01, 0x00, 0x04, 0x01, 'p'}, pdu));
}

const Bytes kZeroErrors = {0x02, 0x01, 0x00, 0x02, 0x01, 0x00};  // error-status, error-index

// GetRequest-PDU, request-id 1, with `varbinds` (the SEQUENCE OF contents).
Bytes get_with_varbinds(const Bytes& varbinds) {
    return v1_with_pdu(tlv(kGetRequest, test::cat(Bytes{0x02, 0x01, 0x01}, kZeroErrors, tlv(kSequence, varbinds))));
}

ErrorKind kind_of(const Bytes& b) {
    const auto r = parse(view(b));
    EXPECT_FALSE(r);
    return r ? ErrorKind::Malformed : r.error().kind;
}

TEST(SnmpParse, V1GetRequest) {
    const auto m = parse(view(msgs::kV1GetSysObjectId));
    ASSERT_TRUE(m) << m.error().what;
    EXPECT_EQ(m->version, kV1);
    EXPECT_EQ(text(m->community), "public");
    EXPECT_EQ(m->pdu_type, kGetRequest);
    EXPECT_EQ(m->request_id, 38);
    EXPECT_EQ(m->error_status, 0);
    ASSERT_EQ(m->varbind_count, 1);
    EXPECT_EQ(dotted(m->varbinds[0].oid), "1.3.6.1.2.1.1.2.0");
    EXPECT_EQ(m->varbinds[0].value_tag, kNull);
    EXPECT_TRUE(m->varbinds[0].value.empty());
}

TEST(SnmpParse, V1ResponseWithOidValue) {
    const auto m = parse(view(msgs::kV1SysObjectIdResponse));
    ASSERT_TRUE(m) << m.error().what;
    EXPECT_EQ(m->pdu_type, kResponse);
    ASSERT_EQ(m->varbind_count, 1);
    EXPECT_EQ(m->varbinds[0].value_tag, kOid);
    EXPECT_EQ(dotted(m->varbinds[0].value), "1.3.6.1.4.1.2001.1.1.1.297.93.1.27.2.2.1");
}

TEST(SnmpParse, V1ResponseWithStrings) {
    const auto m = parse(view(msgs::kV1SysNameResponse));
    ASSERT_TRUE(m) << m.error().what;
    ASSERT_EQ(m->varbind_count, 2);
    EXPECT_EQ(dotted(m->varbinds[0].oid), "1.3.6.1.2.1.1.5.0");
    EXPECT_EQ(m->varbinds[0].value_tag, kOctetString);
    EXPECT_EQ(text(m->varbinds[0].value), "B6300");
    EXPECT_EQ(text(m->varbinds[1].value), "Chandra's cube");
    EXPECT_TRUE(test::within(view(msgs::kV1SysNameResponse), m->varbinds[1].value));
}

TEST(SnmpParse, V2cGetNext) {
    const auto m = parse(view(msgs::kV2cGetNext));
    ASSERT_TRUE(m) << m.error().what;
    EXPECT_EQ(m->version, kV2c);
    EXPECT_EQ(text(m->community), "[R0_C@cti!]");
    EXPECT_EQ(m->pdu_type, kGetNextRequest);
    EXPECT_EQ(m->request_id, 0x2b133f85);
    ASSERT_EQ(m->varbind_count, 1);
    EXPECT_EQ(dotted(m->varbinds[0].oid), "0.1");
}

TEST(SnmpParse, LongFormLengths) {
    const auto m = parse(view(msgs::kV2cSystemResponse));
    ASSERT_TRUE(m) << m.error().what;
    EXPECT_EQ(m->request_id, 1234567);
    ASSERT_EQ(m->varbind_count, 3);
    EXPECT_EQ(m->varbinds[0].value.size(), 75u);
    EXPECT_EQ(text(m->varbinds[2].value), "access-sw1.example.net");
}

TEST(SnmpParse, V1Trap) {
    const auto m = parse(view(msgs::kV1TrapLinkUp));
    ASSERT_TRUE(m) << m.error().what;
    EXPECT_EQ(m->pdu_type, kTrapV1);
    EXPECT_EQ(dotted(m->enterprise), "1.3.6.1.4.1.9");
    ASSERT_TRUE(m->agent_address);
    EXPECT_EQ(to_string(*m->agent_address), "192.0.2.10");
    EXPECT_EQ(m->generic_trap, 3);
    EXPECT_EQ(m->specific_trap, 0);
    EXPECT_EQ(m->time_stamp, 1000000u);
    ASSERT_EQ(m->varbind_count, 2);
    EXPECT_EQ(m->varbinds[0].value_tag, kInteger);
    EXPECT_EQ(text(m->varbinds[1].value), "edge-sw2");
}

TEST(SnmpParse, V3StopsAtTheVersion) {
    const auto m = parse(view(msgs::kV3GetNext));
    ASSERT_TRUE(m) << m.error().what;
    EXPECT_EQ(m->version, kV3);
    EXPECT_TRUE(m->community.empty());
    EXPECT_EQ(m->pdu_type, 0);
    EXPECT_EQ(m->varbind_count, 0);
}

TEST(SnmpParse, NegativeAndWideIntegers) {
    Bytes v = test::cat(msgs::kV1GetSysObjectId);
    v[17] = 0xfe;  // request-id -2 (one byte, two's complement)
    EXPECT_EQ(parse(view(v))->request_id, -2);
    // request-id 0x00ffffffff: the leading zero keeps it positive.
    const Bytes pdu = tlv(kGetRequest, test::cat(Bytes{0x02, 0x05, 0x00, 0xff, 0xff, 0xff, 0xff}, kZeroErrors,
                                                 Bytes{0x30, 0x00}));
    const auto m = parse(view(v1_with_pdu(pdu)));
    ASSERT_TRUE(m) << m.error().what;
    EXPECT_EQ(m->request_id, 0xffffffff);
}

TEST(SnmpParse, OuterLengthPastEndIsTruncated) {
    const auto r = parse(view(msgs::kV1GetSysObjectId).prefix(30));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::Truncated);
    EXPECT_EQ(r.error().offset, 2u);
}

TEST(SnmpParse, InnerLengthPastItsParentIsMalformed) {
    Bytes v = test::cat(msgs::kV1GetSysObjectId);
    v[6] = 0x40;  // community claims 64 bytes inside a 38-byte message
    const auto r = parse(view(v));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, ErrorKind::Malformed);
    EXPECT_EQ(r.error().offset, 7u);
}

TEST(SnmpParse, BerFormsSnmpDoesNotUseAreMalformed) {
    Bytes indefinite = test::cat(msgs::kV1GetSysObjectId);
    indefinite[1] = 0x80;
    EXPECT_EQ(kind_of(indefinite), ErrorKind::Malformed);
    const Bytes five_length_bytes = {0x30, 0x85, 0, 0, 0, 0, 3, 2, 1, 0};
    EXPECT_EQ(kind_of(five_length_bytes), ErrorKind::Malformed);
    const Bytes multi_byte_tag = {0x3f, 0x01, 0x01, 0x00};
    EXPECT_EQ(kind_of(multi_byte_tag), ErrorKind::Malformed);
    const Bytes not_a_sequence = {0x31, 0x03, 0x02, 0x01, 0x00};
    EXPECT_EQ(kind_of(not_a_sequence), ErrorKind::Malformed);
}

TEST(SnmpParse, UnexpectedTagsAreMalformed) {
    Bytes v = test::cat(msgs::kV1GetSysObjectId);
    v[5] = 0x02;  // community as an INTEGER
    EXPECT_EQ(kind_of(v), ErrorKind::Malformed);
    const Bytes varbind_name_not_oid = {0x30, 0x05, 0x04, 0x01, 'x', 0x05, 0x00};
    EXPECT_EQ(kind_of(get_with_varbinds(varbind_name_not_oid)), ErrorKind::Malformed);
    const Bytes empty_integer = tlv(kGetRequest, test::cat(Bytes{0x02, 0x00}, kZeroErrors, Bytes{0x30, 0x00}));
    EXPECT_EQ(kind_of(v1_with_pdu(empty_integer)), ErrorKind::Malformed);
    const Bytes nine_byte_integer =
        tlv(kGetRequest, test::cat(Bytes{0x02, 0x09, 1, 2, 3, 4, 5, 6, 7, 8, 9}, kZeroErrors, Bytes{0x30, 0x00}));
    EXPECT_EQ(kind_of(v1_with_pdu(nine_byte_integer)), ErrorKind::Malformed);
}

TEST(SnmpParse, TrapAgentAddressMustBeFourBytes) {
    Bytes v = test::cat(msgs::kV1TrapLinkUp);
    v[23] = 0x43;  // agent-addr tag -> TimeTicks
    EXPECT_EQ(kind_of(v), ErrorKind::Malformed);
    const Bytes five_byte_address = tlv(kTrapV1, test::cat(Bytes{0x06, 0x01, 0x2b, 0x40, 0x05, 192, 0, 2, 1, 0},
                                                           kZeroErrors, Bytes{0x43, 0x01, 0x00, 0x30, 0x00}));
    EXPECT_EQ(kind_of(v1_with_pdu(five_byte_address)), ErrorKind::Malformed);
}

TEST(SnmpParse, UnknownVersionAndPduAreUnsupported) {
    Bytes v = test::cat(msgs::kV1GetSysObjectId);
    v[4] = 2;  // SNMPv2u / v2*
    EXPECT_EQ(kind_of(v), ErrorKind::Unsupported);
    v = test::cat(msgs::kV1GetSysObjectId);
    v[13] = 0xa9;
    EXPECT_EQ(kind_of(v), ErrorKind::Unsupported);
}

TEST(SnmpParse, VarbindsPastTheCapAreCounted) {
    Bytes list;
    for (std::size_t i = 0; i < kMaxVarbinds + 3; ++i) {
        const Bytes vb = {0x30, 0x05, 0x06, 0x01, 0x2b, 0x05, 0x00};  // 1.3 = NULL
        list.insert(list.end(), vb.begin(), vb.end());
    }
    const Bytes m = get_with_varbinds(list);  // 245 bytes of varbinds: long-form lengths
    const auto r = parse(view(m));
    ASSERT_TRUE(r) << r.error().what;
    EXPECT_EQ(r->varbind_count, kMaxVarbinds);
    EXPECT_EQ(r->varbinds_dropped, 3);
}

TEST(SnmpParse, BytesAfterTheMessageAreIgnored) {
    const Bytes v = test::cat(msgs::kV1GetSysObjectId, Bytes{0, 0, 0});
    EXPECT_TRUE(parse(view(v)));
}

TEST(SnmpParse, DecodeOid) {
    const std::uint8_t first_arc_two[] = {0x88, 0x37, 0x03};  // 2.999.3
    EXPECT_EQ(dotted(view(first_arc_two)), "2.999.3");
    const std::uint8_t zero[] = {0x00};
    EXPECT_EQ(dotted(view(zero)), "0.0");
    const std::uint8_t big[] = {0x2b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f};  // 2^63 - 1
    EXPECT_EQ(dotted(view(big)), "1.3.9223372036854775807");
    EXPECT_EQ(decode_oid({}).error().kind, ErrorKind::Malformed);
    const std::uint8_t cut[] = {0x2b, 0x86};
    EXPECT_EQ(decode_oid(view(cut)).error().kind, ErrorKind::Malformed);
    const std::uint8_t too_big[] = {0x2b, 0x81, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00};
    EXPECT_EQ(decode_oid(view(too_big)).error().kind, ErrorKind::Malformed);
    Bytes many(kMaxOidArcs, 0x01);  // 0.1 then 31 more arcs: 33
    EXPECT_EQ(decode_oid(view(many)).error().kind, ErrorKind::LimitExceeded);
    many.pop_back();
    ASSERT_TRUE(decode_oid(view(many)));
    EXPECT_EQ(decode_oid(view(many))->count, kMaxOidArcs);
}

TEST(SnmpParse, EveryPrefixIsTruncatedOrClean) {
    for (const auto& [name, bytes] : msgs::kNamedSnmpMessages) {
        SCOPED_TRACE(name);
        test::expect_prefixes_truncated_or_ok(bytes, parse);
    }
}

}  // namespace
}  // namespace dissect::snmp

// dissectors/snmp/snmp.cc
// SNMP v1/v2c parser: see snmp.h for the fields, the specs and the limits.
#include "dissectors/snmp/snmp.h"

#include "dissectors/core/byte_reader.h"

namespace dissect::snmp {
namespace {

constexpr std::uint8_t kHighTagNumber = 0x1f;    // X.690 §8.1.2.4: multi-byte tag
constexpr std::uint8_t kLongLength = 0x80;       // X.690 §8.1.3.5
constexpr std::size_t kMaxLengthBytes = 4;       // SNMP messages fit far below 4 GiB
constexpr std::size_t kMaxIntegerBytes = 8;      // int64
constexpr std::size_t kMaxArcBytes = 9;          // 9 x 7 bits = 63 bits
constexpr std::size_t kIpAddressBytes = 4;
static_assert(kMaxOidArcs >= 2, "the first subidentifier holds two arcs");

struct Tlv {
    std::uint8_t tag = 0;
    ByteView value;
};

// Where `r` stands, as an offset into the whole payload (readers over
// sub-views count from their own start).
std::size_t at(ByteView whole, const ByteReader& r) noexcept {
    return static_cast<std::size_t>(r.view().data() - whole.data()) + r.offset();
}

// Reads one TLV from `r`. A value running past the reader's view is
// `overrun_kind` (Truncated at the top level, Malformed inside a parent).
Result<Tlv> read_tlv(ByteView whole, ByteReader& r, ErrorKind overrun_kind) noexcept {
    const std::size_t start = at(whole, r);
    const auto cut = [&](const char* what) {
        return fail(ParseError{overrun_kind, at(whole, r), what});
    };
    const auto tag = r.u8();
    if (!tag) return cut("snmp tag");
    if ((*tag & kHighTagNumber) == kHighTagNumber) return fail(ParseError::malformed(start, "snmp multi-byte tag"));
    const auto first = r.u8();
    if (!first) return cut("snmp length");
    std::size_t len = *first;
    if (*first & kLongLength) {
        const std::size_t n = *first & ~kLongLength;
        if (n == 0) return fail(ParseError::malformed(start, "snmp indefinite length"));
        if (n > kMaxLengthBytes) return fail(ParseError::malformed(start, "snmp length too long"));
        len = 0;
        for (std::size_t i = 0; i < n; ++i) {
            const auto b = r.u8();
            if (!b) return cut("snmp length");
            len = len << 8 | *b;
        }
    }
    const auto value = r.take(len);
    if (!value) return cut("snmp value past its parent");
    return Tlv{*tag, *value};
}

Result<Tlv> expect(ByteView whole, ByteReader& r, std::uint8_t tag, const char* what) noexcept {
    const std::size_t start = at(whole, r);
    auto t = read_tlv(whole, r, ErrorKind::Malformed);
    if (!t) return t;
    if (t->tag != tag) return fail(ParseError::malformed(start, what));
    return t;
}

Result<std::int64_t> integer(ByteView whole, ByteReader& r, std::uint8_t tag, const char* what) noexcept {
    const std::size_t start = at(whole, r);
    const auto t = expect(whole, r, tag, what);
    if (!t) return fail(t.error());
    const ByteView v = t->value;
    if (v.empty() || v.size() > kMaxIntegerBytes) return fail(ParseError::malformed(start, what));
    // Two's complement, big-endian: sign-extend from the first byte.
    std::uint64_t u = (v[0] & 0x80) ? ~std::uint64_t{0} : 0;
    for (std::size_t i = 0; i < v.size(); ++i) u = u << 8 | v[i];
    return static_cast<std::int64_t>(u);
}

bool known_pdu(std::uint8_t tag) noexcept { return tag >= kGetRequest && tag <= kReport; }

Result<void> varbinds(ByteView whole, ByteReader& pdu, Message& m) noexcept {
    const auto list = expect(whole, pdu, kSequence, "snmp varbind list");
    if (!list) return fail(list.error());
    ByteReader r(list->value);
    while (!r.empty()) {
        const auto vb = expect(whole, r, kSequence, "snmp varbind");
        if (!vb) return fail(vb.error());
        if (m.varbind_count >= kMaxVarbinds) {
            ++m.varbinds_dropped;
            continue;
        }
        ByteReader b(vb->value);
        const auto name = expect(whole, b, kOid, "snmp varbind name");
        if (!name) return fail(name.error());
        const auto value = read_tlv(whole, b, ErrorKind::Malformed);
        if (!value) return fail(value.error());
        m.varbinds[m.varbind_count++] = VarBind{name->value, value->tag, value->value};
    }
    return {};
}

Result<void> trap_v1(ByteView whole, ByteReader& r, Message& m) noexcept {
    const auto ent = expect(whole, r, kOid, "snmp trap enterprise");
    if (!ent) return fail(ent.error());
    m.enterprise = ent->value;
    const std::size_t addr_at = at(whole, r);
    const auto addr = expect(whole, r, kIpAddress, "snmp trap agent address");
    if (!addr) return fail(addr.error());
    if (addr->value.size() != kIpAddressBytes) return fail(ParseError::malformed(addr_at, "snmp trap agent address"));
    m.agent_address = IpAddr::v4(addr->value.data());
    const auto generic = integer(whole, r, kInteger, "snmp generic trap");
    if (!generic) return fail(generic.error());
    m.generic_trap = *generic;
    const auto specific = integer(whole, r, kInteger, "snmp specific trap");
    if (!specific) return fail(specific.error());
    m.specific_trap = *specific;
    const auto ts = integer(whole, r, kTimeTicks, "snmp trap time stamp");
    if (!ts) return fail(ts.error());
    m.time_stamp = static_cast<std::uint32_t>(*ts);
    return varbinds(whole, r, m);
}

Result<void> request_pdu(ByteView whole, ByteReader& r, Message& m) noexcept {
    const auto id = integer(whole, r, kInteger, "snmp request id");
    if (!id) return fail(id.error());
    m.request_id = *id;
    const auto status = integer(whole, r, kInteger, "snmp error status");
    if (!status) return fail(status.error());
    m.error_status = *status;
    const auto index = integer(whole, r, kInteger, "snmp error index");
    if (!index) return fail(index.error());
    m.error_index = *index;
    return varbinds(whole, r, m);
}

}  // namespace

Result<Message> parse(ByteView payload) noexcept {
    ByteReader top(payload);
    const auto outer = read_tlv(payload, top, ErrorKind::Truncated);
    if (!outer) return fail(outer.error());
    if (outer->tag != kSequence) return fail(ParseError::malformed(0, "snmp message is not a sequence"));
    ByteReader r(outer->value);
    Message m;
    const std::size_t version_at = at(payload, r);
    const auto version = integer(payload, r, kInteger, "snmp version");
    if (!version) return fail(version.error());
    m.version = *version;
    if (m.version == kV3) return m;  // header data, security parameters, maybe-encrypted scoped PDU
    if (m.version != kV1 && m.version != kV2c) return fail(ParseError::unsupported(version_at, "snmp version"));

    const auto community = expect(payload, r, kOctetString, "snmp community");
    if (!community) return fail(community.error());
    m.community = community->value;

    const std::size_t pdu_at = at(payload, r);
    const auto pdu = read_tlv(payload, r, ErrorKind::Malformed);
    if (!pdu) return fail(pdu.error());
    if (!known_pdu(pdu->tag)) return fail(ParseError::unsupported(pdu_at, "snmp pdu type"));
    m.pdu_type = pdu->tag;
    ByteReader p(pdu->value);
    const auto body = m.pdu_type == kTrapV1 ? trap_v1(payload, p, m) : request_pdu(payload, p, m);
    if (!body) return fail(body.error());
    return m;
}

Result<Oid> decode_oid(ByteView contents) noexcept {
    Oid oid;
    if (contents.empty()) return fail(ParseError::malformed(0, "snmp empty oid"));
    std::size_t i = 0;
    bool first = true;
    while (i < contents.size()) {
        const std::size_t start = i;
        std::uint64_t arc = 0;
        std::size_t n = 0;
        for (;;) {
            if (i >= contents.size()) return fail(ParseError::malformed(start, "snmp oid arc cut"));
            if (++n > kMaxArcBytes) return fail(ParseError::malformed(start, "snmp oid arc too large"));
            const std::uint8_t b = contents[i++];
            arc = arc << 7 | (b & 0x7f);
            if (!(b & 0x80)) break;
        }
        if (first) {
            // X.690 §8.19.4: the first subidentifier is 40 * arc1 + arc2, arc1 in 0..2.
            const std::uint64_t a1 = arc < 40 ? 0 : arc < 80 ? 1 : 2;
            oid.arcs[oid.count++] = a1;
            oid.arcs[oid.count++] = arc - 40 * a1;
            first = false;
        } else {
            if (oid.count >= kMaxOidArcs) return fail(ParseError::limit(start, "snmp oid arcs"));
            oid.arcs[oid.count++] = arc;
        }
    }
    return oid;
}

}  // namespace dissect::snmp

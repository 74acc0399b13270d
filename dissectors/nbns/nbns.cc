// dissectors/nbns/nbns.cc: NetBIOS Name Service, RFC 1002 §4.2 (see nbns.h).
#include "dissectors/nbns/nbns.h"

#include "dissectors/core/byte_reader.h"

namespace dissect::nbns {

namespace {

// A DNS-level error, renamed for this protocol's counters.
[[nodiscard]] constexpr ParseError renamed(const ParseError& e) noexcept {
    return {e.kind, e.offset, e.kind == ErrorKind::Truncated ? kErrTruncated : kErrBadName};
}

[[nodiscard]] std::optional<NetbiosName> netbios_name(const dns::Message& dm, dns::NameRef ref) noexcept {
    auto n = decode_name(dns::first_label(dm.raw, ref));
    if (n) n->scoped = ref.labels > 1;
    return n;
}

[[nodiscard]] NetbiosName raw_name(ByteView sixteen) noexcept {
    NetbiosName n;
    for (std::size_t i = 0; i < kNameLen; ++i) n.name[i] = sixteen[i];
    n.suffix = sixteen[kNameLen];
    return n;
}

void read_nb(Record& rec) noexcept {
    if (rec.rdata.size() % kNbEntryLen != 0) rec.rdata_ok = false;
    ByteReader r(rec.rdata);
    while (r.remaining() >= kNbEntryLen) {
        NbEntry e;
        e.flags = *r.be16();  // cannot fail: remaining checked
        e.addr = IpAddr::v4(r.take(4)->data());
        if (rec.entry_count < kMaxAddresses) rec.entries[rec.entry_count++] = e;
        else ++rec.entries_dropped;
    }
}

// NODE_STATUS_RESPONSE RDATA (§4.2.18): NUM_NAMES, the names, then STATISTICS,
// whose first 6 bytes are the UNIT_ID.
void read_nbstat(Record& rec, Message& m) noexcept {
    ByteReader r(rec.rdata);
    const auto count = r.u8();
    if (!count) {
        rec.rdata_ok = false;
        return;
    }
    m.node_status = true;
    for (std::size_t i = 0; i < *count; ++i) {
        const auto entry = r.take(kNodeNameLen);
        if (!entry) {
            rec.rdata_ok = false;
            return;
        }
        NodeName nn;
        nn.name = raw_name(*entry);
        nn.flags = static_cast<std::uint16_t>((*entry)[16] << 8 | (*entry)[17]);
        if (m.node_name_count < kMaxNodeNames) m.node_names[m.node_name_count++] = nn;
        else ++m.node_names_dropped;
    }
    if (const auto unit = r.take(6)) {
        MacAddr mac;
        for (std::size_t i = 0; i < 6; ++i) mac.b[i] = (*unit)[i];
        m.unit_id = mac;
    }
}

// Fills `m`, which parse() hands over already in the caller's return slot
// (see dissectors/eth/eth.cc for why).
[[nodiscard]] std::optional<ParseError> parse_into(ByteView payload, Message& m) noexcept {
    const auto dm = dns::parse(payload);
    if (!dm) return renamed(dm.error());
    m.id = dm->header.id;
    m.flags = dm->header.flags;
    for (const auto& q : dm->question_list()) {
        const auto name = netbios_name(*dm, q.name);
        if (!name) return ParseError::malformed(q.name.offset, kErrBadName);
        if (m.question_count == kMaxQuestions) {
            ++m.questions_dropped;
            continue;
        }
        Question& out = m.questions[m.question_count++];
        out.name = *name;
        out.qtype = q.qtype;
        out.qclass = q.qclass;
    }
    m.questions_dropped = static_cast<std::uint16_t>(m.questions_dropped + dm->questions_dropped);
    for (const auto& rr : dm->record_list()) {
        const auto name = netbios_name(*dm, rr.name);
        if (!name) return ParseError::malformed(rr.name.offset, kErrBadName);
        if (m.record_count == kMaxRecords) {
            ++m.records_dropped;
            continue;
        }
        Record& out = m.records[m.record_count++];
        out.section = rr.section;
        out.name = *name;
        out.type = rr.type;
        out.rclass = rr.rclass;
        out.ttl = rr.ttl;
        out.rdata = rr.rdata;
        if (rr.type == kTypeNb) read_nb(out);
        else if (rr.type == kTypeNbstat && !m.node_status) read_nbstat(out, m);
    }
    m.records_dropped = static_cast<std::uint16_t>(m.records_dropped + dm->records_dropped);
    return std::nullopt;
}

}  // namespace

std::optional<NetbiosName> decode_name(ByteView label) noexcept {
    if (label.size() != kEncodedNameLen) return std::nullopt;
    std::array<std::uint8_t, kNameLen + 1> raw{};
    for (std::size_t i = 0; i < raw.size(); ++i) {
        const std::uint8_t hi = label[2 * i];
        const std::uint8_t lo = label[2 * i + 1];
        if (hi < 'A' || hi > 'P' || lo < 'A' || lo > 'P') return std::nullopt;
        raw[i] = static_cast<std::uint8_t>((hi - 'A') << 4 | (lo - 'A'));
    }
    return raw_name(ByteView{raw.data(), raw.size()});
}

Result<Message> parse(ByteView payload) noexcept {
    Result<Message> res{std::in_place};  // the one return object: see parse_into
    if (const auto err = parse_into(payload, *res)) res = fail(*err);
    return res;
}

}  // namespace dissect::nbns

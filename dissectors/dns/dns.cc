// dissectors/dns/dns.cc: the DNS message format, RFC 1035 §4.1 (see dns.h).
#include "dissectors/dns/dns.h"

#include <algorithm>
#include <cstring>

#include "dissectors/core/byte_reader.h"

namespace dissect::dns {

namespace {

constexpr std::uint8_t kLabelTypeMask = 0xc0;
constexpr std::uint8_t kPointer = 0xc0;        // 11xxxxxx: compression pointer (§4.1.4)
constexpr std::size_t kQuestionFixed = 4;      // QTYPE QCLASS
constexpr std::size_t kRecordFixed = 10;       // TYPE CLASS TTL RDLENGTH
constexpr std::size_t kSrvFixed = 6;           // priority weight port
// A UDP payload never exceeds this; a NameRef offset is 16 bits.
constexpr std::size_t kMaxMessageBytes = 0xffff;

[[nodiscard]] constexpr ParseError cut(std::size_t at, std::size_t size) noexcept {
    return ParseError::truncated(std::min(at, size), kErrTruncated);
}

// RDATA that is a name (PTR, CNAME, SRV target): the name may point anywhere
// in the message, but its in-place part must lie inside the RDATA.
[[nodiscard]] std::optional<NameRef> rdata_name(ByteView msg, std::size_t at, std::size_t room) noexcept {
    const auto w = walk_name(msg, at);
    if (!w || w->in_place > room) return std::nullopt;
    return w->ref;
}

// Character-strings (a length byte, then that many bytes) that exactly fill `v`.
[[nodiscard]] bool strings_tile(ByteView v) noexcept {
    std::size_t pos = 0;
    while (pos < v.size()) pos += 1 + std::size_t{v[pos]};
    return pos == v.size();
}

// Decodes the RDATA of the types the header lists; marks the record when it
// does not fit. `at` is the RDATA's offset in the message.
void decode_rdata(ByteView msg, std::size_t at, Record& rec) noexcept {
    const std::size_t n = rec.rdata.size();
    switch (rec.type) {
        case kTypeA: rec.rdata_ok = n == 4; break;
        case kTypeAaaa: rec.rdata_ok = n == 16; break;
        case kTypePtr:
        case kTypeCname: {
            const auto name = rdata_name(msg, at, n);
            rec.rdata_ok = name.has_value();
            if (name) rec.target = *name;
            break;
        }
        case kTypeSrv: {
            if (n < kSrvFixed + 1) {
                rec.rdata_ok = false;
                break;
            }
            ByteReader r(rec.rdata);
            rec.srv_priority = *r.be16();  // cannot fail: n checked above
            rec.srv_weight = *r.be16();
            rec.srv_port = *r.be16();
            const auto name = rdata_name(msg, at + kSrvFixed, n - kSrvFixed);
            rec.rdata_ok = name.has_value();
            if (name) rec.target = *name;
            break;
        }
        case kTypeTxt: rec.rdata_ok = strings_tile(rec.rdata); break;
        case kTypeHinfo: {
            // Two character-strings, CPU then OS (§3.3.2); trailing bytes are tolerated.
            ByteReader r(rec.rdata);
            const auto cpu_len = r.u8();
            const bool cpu = cpu_len && r.skip(*cpu_len);
            const auto os_len = cpu ? r.u8() : std::nullopt;
            rec.rdata_ok = os_len && r.skip(*os_len);
            break;
        }
        default: break;
    }
}

// Reads one resource record at the reader's position into `rec`.
[[nodiscard]] std::optional<ParseError> read_record(ByteView msg, ByteReader& r, Record& rec) noexcept {
    const auto w = walk_name(msg, r.offset());
    if (!w) return w.error();
    (void)r.skip(w->in_place);  // cannot fail: the walk read these bytes
    if (r.remaining() < kRecordFixed) return cut(msg.size(), msg.size());
    rec.name = w->ref;
    rec.type = *r.be16();  // cannot fail: remaining checked above
    rec.rclass = *r.be16();
    rec.ttl = *r.be32();
    const std::uint16_t rdlength = *r.be16();
    const std::size_t at = r.offset();
    const auto rdata = r.take(rdlength);
    if (!rdata) return cut(msg.size(), msg.size());
    rec.rdata = *rdata;
    decode_rdata(msg, at, rec);
    return std::nullopt;
}

// Fills `m`, which parse() hands over already in the caller's return slot
// (see dissectors/eth/eth.cc for why: Message is a few KiB).
[[nodiscard]] std::optional<ParseError> parse_into(ByteView payload, Message& m) noexcept {
    m.raw = payload;
    if (payload.size() < kHeaderLen) return cut(payload.size(), payload.size());
    ByteReader r(payload);
    Header& h = m.header;
    h.id = *r.be16();  // cannot fail: size checked above
    h.flags = *r.be16();
    h.qdcount = *r.be16();
    h.ancount = *r.be16();
    h.nscount = *r.be16();
    h.arcount = *r.be16();

    for (std::size_t i = 0; i < h.qdcount; ++i) {
        const auto w = walk_name(payload, r.offset());
        if (!w) return w.error();
        (void)r.skip(w->in_place);  // cannot fail: the walk read these bytes
        if (r.remaining() < kQuestionFixed) return cut(payload.size(), payload.size());
        Question q;
        q.name = w->ref;
        q.qtype = *r.be16();  // cannot fail: remaining checked above
        q.qclass = *r.be16();
        if (m.question_count < kMaxQuestions) m.questions[m.question_count++] = q;
        else ++m.questions_dropped;
    }

    const std::pair<Section, std::uint16_t> sections[] = {
        {Section::Answer, h.ancount}, {Section::Authority, h.nscount}, {Section::Additional, h.arcount}};
    for (const auto& [section, count] : sections) {
        for (std::size_t i = 0; i < count; ++i) {
            Record rec;
            rec.section = section;
            if (const auto err = read_record(payload, r, rec)) return err;
            if (!rec.rdata_ok) ++m.bad_rdata;
            if (m.record_count < kMaxRecords) m.records[m.record_count++] = rec;
            else ++m.records_dropped;
        }
    }
    return std::nullopt;
}

}  // namespace

IpAddr Record::address() const noexcept {
    if (!rdata_ok) return {};
    if (type == kTypeA && rdata.size() == 4) return IpAddr::v4(rdata.data());
    if (type == kTypeAaaa && rdata.size() == 16) return IpAddr::v6(rdata.data());
    return {};
}

std::pair<ByteView, ByteView> Record::hinfo() const noexcept {
    if (type != kTypeHinfo || !rdata_ok) return {};
    ByteReader r(rdata);
    const auto cpu_len = r.u8();
    const auto cpu = cpu_len ? r.take(*cpu_len) : std::nullopt;
    const auto os_len = cpu ? r.u8() : std::nullopt;
    const auto os = os_len ? r.take(*os_len) : std::nullopt;
    if (!os) return {};
    return {*cpu, *os};
}

std::optional<ByteView> TxtReader::next() noexcept {
    const auto len = v_.at(pos_);
    if (!len) return std::nullopt;
    const auto s = v_.subview(pos_ + 1, *len);
    if (!s) {
        pos_ = v_.size();  // a string that does not fit ends the walk
        return std::nullopt;
    }
    pos_ += 1 + std::size_t{*len};
    return s;
}

Result<WalkedName> walk_name(ByteView message, std::size_t offset) noexcept {
    const ByteView msg = message.prefix(kMaxMessageBytes);
    WalkedName w;
    if (offset > msg.size()) return fail(cut(msg.size(), msg.size()));
    w.ref.offset = static_cast<std::uint16_t>(offset);
    std::size_t pos = offset;
    std::size_t hops = 0;
    std::size_t wire = 0;  // bytes of labels and root, not counting pointers
    std::size_t text = 0;
    std::size_t labels = 0;
    bool jumped = false;
    for (;;) {
        const auto len = msg.at(pos);
        if (!len) return fail(cut(pos, msg.size()));
        if ((*len & kLabelTypeMask) == kPointer) {
            const auto low = msg.at(pos + 1);
            if (!low) return fail(cut(pos + 1, msg.size()));
            if (!jumped) {
                w.in_place = static_cast<std::uint16_t>(pos + 2 - offset);
                jumped = true;
            }
            if (++hops > kMaxPointerHops) return fail(ParseError::malformed(pos, kErrPointerLoop));
            pos = (std::size_t{*len & 0x3fu} << 8) | *low;
            continue;
        }
        if ((*len & kLabelTypeMask) != 0) return fail(ParseError::malformed(pos, kErrLabelType));
        wire += 1 + std::size_t{*len};
        if (wire > kMaxNameWireBytes) return fail(ParseError::limit(pos, kErrNameTooLong));
        if (*len == 0) {
            if (!jumped) w.in_place = static_cast<std::uint16_t>(pos + 1 - offset);
            break;
        }
        if (!msg.subview(pos + 1, *len)) return fail(cut(msg.size(), msg.size()));
        text += (labels ? 1 : 0) + std::size_t{*len};
        ++labels;
        pos += 1 + std::size_t{*len};
    }
    // wire <= 255 bounds both: at most 127 labels, text = wire - 2 <= 253.
    w.ref.labels = static_cast<std::uint8_t>(labels);
    w.ref.text_len = static_cast<std::uint8_t>(text);
    return w;
}

NameText name_text(ByteView message, NameRef name) noexcept {
    NameText t;
    std::size_t pos = name.offset;
    std::size_t hops = 0;
    // Bounded even for a forged ref: each turn either follows one of at most
    // kMaxPointerHops pointers or appends at least one byte to the fixed buffer.
    for (;;) {
        const auto len = message.at(pos);
        if (!len || *len == 0) break;
        if ((*len & kLabelTypeMask) == kPointer) {
            const auto low = message.at(pos + 1);
            if (!low || ++hops > kMaxPointerHops) break;
            pos = (std::size_t{*len & 0x3fu} << 8) | *low;
            continue;
        }
        if ((*len & kLabelTypeMask) != 0) break;
        const auto label = message.subview(pos + 1, *len);
        const std::size_t dot = t.size ? 1 : 0;
        if (!label || t.size + dot + label->size() > t.buf.size()) break;
        if (dot) t.buf[t.size++] = '.';
        std::memcpy(t.buf.data() + t.size, label->data(), label->size());
        t.size = static_cast<std::uint16_t>(t.size + label->size());
        pos += 1 + std::size_t{*len};
    }
    return t;
}

ByteView first_label(ByteView message, NameRef name) noexcept {
    std::size_t pos = name.offset;
    for (std::size_t hops = 0; hops <= kMaxPointerHops; ++hops) {
        const auto len = message.at(pos);
        if (!len || *len == 0) return {};
        if ((*len & kLabelTypeMask) == kPointer) {
            const auto low = message.at(pos + 1);
            if (!low) return {};
            pos = (std::size_t{*len & 0x3fu} << 8) | *low;
            continue;
        }
        if ((*len & kLabelTypeMask) != 0) return {};
        return message.subview(pos + 1, *len).value_or(ByteView{});
    }
    return {};
}

NameText Message::text(NameRef n) const noexcept { return name_text(raw, n); }

Result<Message> parse(ByteView payload) noexcept {
    Result<Message> res{std::in_place};  // the one return object: see parse_into
    if (const auto err = parse_into(payload.prefix(kMaxMessageBytes), *res)) res = fail(*err);
    return res;
}

}  // namespace dissect::dns

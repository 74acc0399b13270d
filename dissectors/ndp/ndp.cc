#include "dissectors/ndp/ndp.h"

#include "dissectors/core/byte_reader.h"

namespace dissect::ndp {
namespace {

MacAddr mac_of(ByteView v) noexcept {
    MacAddr m;
    for (std::size_t i = 0; i < 6; ++i) m.b[i] = v[i];
    return m;
}

}  // namespace

Result<Message> parse(std::uint8_t type, ByteView body) noexcept {
    Message m;
    m.type = type;
    ByteReader r(body);
    switch (type) {
        case 133:  // RS: reserved
            if (!r.skip(4)) return fail(ParseError::truncated(r.offset(), "ndp rs"));
            break;
        case 134: {  // RA
            const auto hop = r.u8(), flags = r.u8();
            const auto life = r.be16();
            const auto reach = r.be32(), retrans = r.be32();
            if (!hop || !flags || !life || !reach || !retrans) return fail(ParseError::truncated(r.offset(), "ndp ra"));
            m.cur_hop_limit = *hop;
            m.managed = (*flags & 0x80) != 0;
            m.other = (*flags & 0x40) != 0;
            m.router_lifetime_s = *life;
            m.reachable_ms = *reach;
            m.retrans_ms = *retrans;
            break;
        }
        case 135:
        case 136: {
            const auto flags = r.be32();
            const auto t = r.take(16);
            if (!flags || !t) return fail(ParseError::truncated(r.offset(), "ndp ns/na"));
            m.target = IpAddr::v6(t->data());
            if (type == 136) {
                m.router = (*flags & 0x80000000u) != 0;
                m.solicited = (*flags & 0x40000000u) != 0;
                m.override_flag = (*flags & 0x20000000u) != 0;
            }
            break;
        }
        case 137: {
            if (!r.skip(4)) return fail(ParseError::truncated(r.offset(), "ndp redirect"));
            const auto t = r.take(16);
            if (!t || !r.skip(16)) return fail(ParseError::truncated(r.offset(), "ndp redirect"));
            m.target = IpAddr::v6(t->data());
            break;
        }
        default:
            return fail(ParseError::unsupported(0, "not a neighbor discovery message"));
    }
    std::size_t seen = 0;
    while (!r.empty()) {
        const auto otype = r.u8();
        const auto olen = r.u8();
        if (!otype || !olen) return fail(ParseError::truncated(r.offset(), "ndp option header"));
        if (*olen == 0) return fail(ParseError::malformed(r.offset() - 1, "ndp option length 0"));
        const auto ob = r.take(std::size_t{*olen} * 8 - 2);
        if (!ob) return fail(ParseError::truncated(r.offset(), "ndp option body"));
        if (seen++ >= kMaxOptions) {
            ++m.options_skipped;
            continue;
        }
        switch (*otype) {
            case 1:
                if (ob->size() >= 6) m.source_lla = mac_of(*ob);
                break;
            case 2:
                if (ob->size() >= 6) m.target_lla = mac_of(*ob);
                break;
            case 3:
                if (ob->size() == 30 && m.prefix_count < kMaxPrefixes) {
                    ByteReader p(*ob);
                    PrefixInfo& pi = m.prefixes[m.prefix_count++];
                    pi.length = *p.u8();
                    const std::uint8_t f = *p.u8();
                    pi.on_link = (f & 0x80) != 0;
                    pi.autonomous = (f & 0x40) != 0;
                    pi.valid_s = *p.be32();
                    pi.preferred_s = *p.be32();
                    (void)p.skip(4);
                    pi.prefix = IpAddr::v6(p.take(16)->data());
                }
                break;
            case 5:
                if (ob->size() == 6) m.mtu = std::uint32_t{(*ob)[2]} << 24 | std::uint32_t{(*ob)[3]} << 16 |
                                             std::uint32_t{(*ob)[4]} << 8 | (*ob)[5];
                break;
            default:
                break;
        }
    }
    return m;
}

}  // namespace dissect::ndp

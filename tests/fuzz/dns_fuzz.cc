// Fuzz target for the DNS message format (dissectors/dns) and its three
// mappers (posture/evidence/dns: unicast DNS, mDNS, LLMNR). Checks what must
// hold for any bytes: every view lies inside the input, counts respect their
// caps, a validated name renders to exactly the length the walk computed, and
// the mappers never throw or emit over-long strings. A violated invariant
// aborts, which both libFuzzer and the replay driver report as a failure.
// Seeds: tests/fuzz/corpus/dns/ (tests/unit/dissectors/dns_messages.h).
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "dissectors/dns/dns.h"
#include "dissectors/packet/packet.h"
#include "posture/evidence/dns.h"

namespace {

using dissect::ByteView;
namespace dd = dissect::dns;

bool within(ByteView outer, ByteView inner) {
    if (inner.empty()) return true;
    const auto* const lo = outer.data();
    const auto* const hi = outer.data() + outer.size();
    return inner.data() >= lo && inner.data() <= hi && inner.size() <= static_cast<std::size_t>(hi - inner.data());
}

void require(bool ok) {
    if (!ok) std::abort();
}

void check_name(const dd::Message& m, dd::NameRef n) {
    const auto t = m.text(n);
    require(t.size == n.text_len && t.size <= dd::kMaxNameText);
    require(within(m.raw, dd::first_label(m.raw, n)));
}

void check(const dd::Message& m, ByteView input) {
    require(within(input, m.raw));
    require(m.question_count <= dd::kMaxQuestions && m.record_count <= dd::kMaxRecords);
    for (const auto& q : m.question_list()) check_name(m, q.name);
    for (const auto& rr : m.record_list()) {
        check_name(m, rr.name);
        require(within(input, rr.rdata));
        if (!rr.rdata_ok) continue;
        if (rr.type == dd::kTypePtr || rr.type == dd::kTypeCname || rr.type == dd::kTypeSrv) check_name(m, rr.target);
        const auto [cpu, os] = rr.hinfo();
        require(within(rr.rdata, cpu) && within(rr.rdata, os));
        dd::TxtReader txt(rr.rdata);
        while (const auto s = txt.next()) require(within(rr.rdata, *s));
        (void)rr.address();
    }
}

void check_sink(const posture::evidence::Sink& out) {
    for (const auto& f : out) {
        if (const auto* s = f.entry.as_string()) require(s->size() <= posture::kMaxString);
        for (const auto& n : f.names) require(n.name.size() <= posture::kMaxString);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const ByteView input{data, size};
    if (const auto m = dd::parse(input)) check(*m, input);
    static dissect::packet::Decoded dec;
    static const posture::Databases db;
    const posture::evidence::PacketContext ctx{&dec, true, 0, &db};
    posture::evidence::Sink out;
    (void)posture::evidence::dns_datagram(input, ctx, out);
    (void)posture::evidence::mdns_datagram(input, ctx, out);
    (void)posture::evidence::llmnr_datagram(input, ctx, out);
    check_sink(out);
    return 0;
}

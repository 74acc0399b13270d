// posture/evidence/ndp.cc
// Router Advertisement mapper: see ndp.h for what it emits.
#include "posture/evidence/ndp.h"

#include <string>

#include "dissectors/ndp/ndp.h"

namespace posture::evidence {
namespace {

constexpr std::uint8_t kRouterAdvert = 134;
constexpr std::uint8_t kRouterWeight = 40;

}  // namespace

dissect::Result<void> ndp_router_advert(dissect::ByteView icmp_body, const PacketContext& /*ctx*/, Sink& out) {
    const auto m = dissect::ndp::parse(kRouterAdvert, icmp_body);
    if (!m) return dissect::fail(m.error());
    std::string prefixes;
    for (std::uint8_t i = 0; i < m->prefix_count; ++i) {
        if (!prefixes.empty()) prefixes += ',';
        prefixes += dissect::to_string(m->prefixes[i].prefix) + "/" + std::to_string(m->prefixes[i].length);
    }
    std::string flags;
    if (m->managed) flags += 'M';
    if (m->other) flags += 'O';
    Map e;
    e.insert_or_assign("lifetime_s", Value(std::uint64_t{m->router_lifetime_s}));
    e.insert_or_assign("hop_limit", Value(std::uint64_t{m->cur_hop_limit}));
    e.insert_or_assign("flags", Value(flags));
    if (m->mtu) e.insert_or_assign("mtu", Value(std::uint64_t{*m->mtu}));
    if (!prefixes.empty()) e.insert_or_assign("prefixes", Value(prefixes));
    Fingerprint fp;
    fp.key = "ipv6_ra";
    fp.singleton = true;
    fp.entry = Value(std::move(e));
    if (m->router_lifetime_s != 0) {
        std::string detail = "router lifetime " + std::to_string(m->router_lifetime_s) + " s";
        if (!prefixes.empty()) detail += ", prefixes " + prefixes;
        fp.observations.push_back({"ipv6.ra", capped(detail)});
        fp.hints.push_back(ClassHint{"type", "network", kRouterWeight, "ipv6.ra"});
    }
    out.push_back(std::move(fp));
    return {};
}

}  // namespace posture::evidence

// posture/evidence/eapol.cc
// EAPOL mapper: see eapol.h for what it emits.
#include "posture/evidence/eapol.h"

#include "dissectors/eapol/eapol.h"

namespace posture::evidence {
namespace {

namespace ea = dissect::eapol;

const char* type_name(std::uint8_t t) {
    switch (t) {
        case ea::kEapPacket: return "eap";
        case ea::kStart: return "start";
        case ea::kLogoff: return "logoff";
        case ea::kKey: return "key";
        case ea::kAsfAlert: return "asf-alert";
        case ea::kMka: return "mka";
        case ea::kAnnouncementGeneric:
        case ea::kAnnouncementSpecific: return "announcement";
        case ea::kAnnouncementReq: return "announcement-req";
        default: return "other";
    }
}

}  // namespace

dissect::Result<void> eapol_frame(dissect::ByteView l2_payload, const PacketContext& /*ctx*/, Sink& out) {
    const auto m = ea::parse(l2_payload);
    if (!m) return dissect::fail(m.error());
    Fingerprint fp;
    Map e;
    e.insert_or_assign("type", Value(std::uint64_t{m->type}));
    if (m->eap_code) e.insert_or_assign("eap_code", Value(std::uint64_t{*m->eap_code}));
    if (m->eap_type) e.insert_or_assign("eap_type", Value(std::uint64_t{*m->eap_type}));
    // A Response/Identity carries the user name; only the fact that one was sent is kept.
    if (m->eap_code == ea::kResponse && m->eap_type == ea::kEapTypeIdentity)
        e.insert_or_assign("identity_seen", Value(true));
    fp.key = "eapol";
    fp.singleton = true;
    fp.entry = Value(std::move(e));
    fp.observations.push_back({"eapol.present", type_name(m->type)});
    out.push_back(std::move(fp));
    return {};
}

}  // namespace posture::evidence

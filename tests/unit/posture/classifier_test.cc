// Evidence fusion and hysteresis (posture/classify/classifier.h), on devices
// built field by field, with the real knowledge base.
#include "posture/classify/classifier.h"

#include <gtest/gtest.h>

#include "posture/inventory/inventory.h"
#include "posture/kb/kb.h"

namespace posture::classify {
namespace {

constexpr std::uint64_t kSec = 1'000'000;

const kb::Kb& real_kb() {
    static const kb::Kb kb = [] {
        auto k = kb::Kb::load_dir(std::string(SENSOR_SOURCE_DIR) + "/posture/kb");
        EXPECT_TRUE(k) << k.error();
        return k ? std::move(*k) : kb::Kb{};
    }();
    return kb;
}

const Verdict& attr(const ClassState& st, Attr a) { return st.attrs[static_cast<std::size_t>(a)]; }

ClassHint vote(const char* attribute, const char* value, std::uint8_t w, const char* src) {
    return ClassHint{attribute, value, w, src};
}

TEST(Classifier, KnowledgeBaseVotesFromTheRecordsFacts) {
    Device d;
    d.names.push_back({"DESKTOP-C9T0DAI", NameSource::Dhcp});
    d.vendor = "Dell Inc.";
    Map dhcp;
    dhcp["prl"] = "1,3,6,15,31,33,43,44,46,47,119,121,249,252";
    d.fp["dhcp"] = Array{Value(dhcp), Value(dhcp)};
    d.hints.push_back(vote("os.name", "Windows", 80, "dhcp.vendor"));
    d.hints.push_back(vote("os.version", "10", 70, "dhcp.vendor"));  // a source that named no other OS
    const Classifier c(&real_kb(), nullptr);
    const auto v = c.votes(d);
    ClassState st;
    EXPECT_TRUE(c.update(st, v, 0));
    EXPECT_EQ(attr(st, Attr::Type).value, "workstation");
    EXPECT_EQ(attr(st, Attr::OsName).value, "Windows");
    EXPECT_EQ(attr(st, Attr::OsVersion).value, "10");
    EXPECT_EQ(attr(st, Attr::Vendor).value, "Dell");
    // The PRL appears twice in the record but votes once.
    EXPECT_EQ(std::count_if(v.begin(), v.end(), [](const ClassHint& h) { return h.src == "kb.dhcp.prl"; }), 1);
    // Windows: 80 + 50 (host name) + 50 (PRL) = 180 of 180.
    EXPECT_EQ(attr(st, Attr::OsName).score, 180u);
    EXPECT_DOUBLE_EQ(attr(st, Attr::OsName).confidence, 1.0);
    // Type: host name 50 + the Windows 10 client prior (kb.os) 25 = 75 of 75 -> 0.75 * 1.
    EXPECT_DOUBLE_EQ(st.confidence, 0.75);
    const Map m = Classifier::to_map(st);
    EXPECT_EQ(to_json(Value(m)).substr(0, 80), R"({"confidence":0.75,"evidence":[{"src":"dhcp.vendor","val":"os.name=Windows","w":)");
}

TEST(Classifier, ConfidenceFallsWithContradiction) {
    const Classifier c(nullptr, nullptr);
    ClassState st;
    c.update(st, {vote("type", "printer", 60, "a"), vote("type", "iot", 40, "b")}, 0);
    EXPECT_EQ(attr(st, Attr::Type).value, "printer");
    EXPECT_DOUBLE_EQ(st.confidence, 0.6 * 60 / 100);
}

TEST(Classifier, OsVersionOnlyFromSourcesThatNamedTheOs) {
    const Classifier c(nullptr, nullptr);
    ClassState st;
    c.update(st,
             {vote("os.name", "Windows", 80, "smb"), vote("os.version", "10", 70, "smb"),
              vote("os.name", "Linux", 30, "tcp.syn"), vote("os.version", "2.2.x-3.x", 90, "tcp.syn")},
             0);
    EXPECT_EQ(attr(st, Attr::OsName).value, "Windows");
    EXPECT_EQ(attr(st, Attr::OsVersion).value, "10");
}

TEST(Classifier, HysteresisNeedsAMarginSustainedOverTime) {
    const Classifier c(nullptr, nullptr);
    ClassState st;
    c.update(st, {vote("type", "media", 40, "a")}, 0);
    ASSERT_EQ(attr(st, Attr::Type).value, "media");
    // A challenger within the margin (45 < 1.25 * 40 + 10): no change, no wait.
    std::vector<ClassHint> v = {vote("type", "media", 40, "a"), vote("type", "laptop", 45, "b")};
    EXPECT_FALSE(c.update(st, v, 1 * kSec));
    EXPECT_EQ(attr(st, Attr::Type).value, "media");
    EXPECT_TRUE(attr(st, Attr::Type).challenger.empty());
    // Past the margin (65 >= 60) but not overwhelming (65 < 100): it waits kSustainUs.
    v = {vote("type", "media", 40, "a"), vote("type", "laptop", 65, "b")};
    EXPECT_FALSE(c.update(st, v, 2 * kSec));
    EXPECT_EQ(attr(st, Attr::Type).challenger, "laptop");
    EXPECT_TRUE(st.pending);
    EXPECT_FALSE(c.update(st, v, 2 * kSec + kSustainUs - 1));
    const auto material = st.material;
    EXPECT_TRUE(c.update(st, v, 2 * kSec + kSustainUs));
    EXPECT_EQ(attr(st, Attr::Type).value, "laptop");
    EXPECT_EQ(st.material, material + 1);
    EXPECT_EQ(attr(st, Attr::Type).changes, 1u);
    // Losing the lead resets the wait.
    v = {vote("type", "laptop", 65, "b"), vote("type", "phone", 100, "c")};
    EXPECT_FALSE(c.update(st, v, 100 * kSec));
    v = {vote("type", "laptop", 65, "b"), vote("type", "phone", 70, "c")};
    EXPECT_FALSE(c.update(st, v, 100 * kSec + kSustainUs));
    EXPECT_TRUE(attr(st, Attr::Type).challenger.empty());
}

TEST(Classifier, OverwhelmingEvidenceSwitchesAtOnceAndFlapsAreCounted) {
    const Classifier c(nullptr, nullptr);
    ClassState st;
    c.update(st, {vote("type", "iot", 20, "oui")}, 0);
    EXPECT_TRUE(c.update(st, {vote("type", "iot", 20, "oui"), vote("type", "printer", 60, "kb")}, kSec));
    EXPECT_EQ(attr(st, Attr::Type).value, "printer");
    EXPECT_EQ(attr(st, Attr::Type).flaps, 0u);
    // Back to a value it held: a flap.
    EXPECT_TRUE(c.update(st, {vote("type", "iot", 200, "x")}, 2 * kSec));
    EXPECT_EQ(attr(st, Attr::Type).value, "iot");
    EXPECT_EQ(attr(st, Attr::Type).flaps, 1u);
}

TEST(Classifier, EvidenceTrailSupportingFirstStrongestFirstCapped) {
    const Classifier c(nullptr, nullptr);
    ClassState st;
    std::vector<ClassHint> v;
    v.push_back(vote("type", "iot", 90, "contra"));
    for (int i = 0; i < 20; ++i)
        v.push_back(ClassHint{"type", "printer", static_cast<std::uint8_t>(10 + i), "s" + std::to_string(i)});
    c.update(st, v, 0);
    ASSERT_EQ(attr(st, Attr::Type).value, "printer");
    ASSERT_EQ(st.evidence.size(), kMaxEvidence);
    EXPECT_EQ(st.evidence.front().weight, 29);
    EXPECT_EQ(st.evidence.front().value, "printer");
    for (const auto& e : st.evidence) EXPECT_EQ(e.value, "printer") << "16 supporting votes fill the trail";
}

TEST(Classifier, NoTypeVotesIsUnknown) {
    const Classifier c(nullptr, nullptr);
    ClassState st;
    c.update(st, {}, 0);
    const Map m = Classifier::to_map(st);
    EXPECT_EQ(*m.at("type").as_string(), "unknown");
    EXPECT_FALSE(m.contains("os"));
}

TEST(Classifier, GenericWindowsVersionSupportsTheReleaseOtherSourcesName) {
    const Classifier c(nullptr, nullptr);
    ClassState st;
    c.update(st,
             {vote("os.name", "Windows", 45, "tcp.syn"), vote("os.version", "NT kernel", 45, "tcp.syn"),
              vote("os.name", "Windows", 50, "http.ua"), vote("os.version", "XP", 40, "http.ua")},
             0);
    EXPECT_EQ(attr(st, Attr::OsVersion).value, "XP");  // 40 + 45 against 45
}

const Conflict* conflict(const ClassState& st, std::string_view kind) {
    for (const auto& c : st.conflicts)
        if (c.kind == kind) return &c;
    return nullptr;
}

TEST(Classifier, SourcesNamingDifferentOsFamiliesAreAConflictWithBothSidesNamed) {
    const Classifier c(nullptr, nullptr);
    ClassState st;
    c.update(st, {vote("os.name", "Windows", 80, "dhcp.vendor"), vote("os.name", "Linux", 60, "tcp.syn")}, 7 * kSec);
    const Conflict* k = conflict(st, "os_sources");
    ASSERT_NE(k, nullptr);
    EXPECT_EQ(k->detail, "DHCP says Windows (dhcp.vendor 80); TCP stack says Linux (tcp.syn 60)");
    EXPECT_EQ(k->first_us, 7 * kSec);
    EXPECT_EQ(conflict(st, "os_family_change"), nullptr);
    // Still there later: first found is kept.
    c.update(st, {vote("os.name", "Windows", 80, "dhcp.vendor"), vote("os.name", "Linux", 60, "tcp.syn")}, 9 * kSec);
    ASSERT_NE(conflict(st, "os_sources"), nullptr);
    EXPECT_EQ(conflict(st, "os_sources")->first_us, 7 * kSec);
}

TEST(Classifier, NoConflictWithinAFamilyOrOnWeakOrSameChannelVotes) {
    const Classifier c(nullptr, nullptr);
    auto none = [&](std::vector<ClassHint> v) {
        ClassState st;
        c.update(st, v, 0);
        return st.conflicts.empty();
    };
    // Android is Linux; iOS is Mac OS X.
    EXPECT_TRUE(none({vote("os.name", "Android", 80, "dhcp.vendor"), vote("os.name", "Linux", 60, "tcp.syn")}));
    EXPECT_TRUE(none({vote("os.name", "iOS", 50, "http.ua"), vote("os.name", "Mac OS X", 45, "tcp.syn")}));
    // Both sides weak (the strong side must reach kConflictStrongWeight).
    EXPECT_TRUE(none({vote("os.name", "Windows", 30, "dhcp.vendor"), vote("os.name", "Linux", 30, "tcp.syn")}));
    // One side under kConflictMinWeight.
    EXPECT_TRUE(none({vote("os.name", "Windows", 80, "dhcp.vendor"), vote("os.name", "Linux", 20, "tcp.syn")}));
    // Two sources of one channel: a NAT box's SYN+ACKs are its servers'.
    EXPECT_TRUE(none({vote("os.name", "FreeBSD", 60, "tcp.syn"), vote("os.name", "Windows", 60, "tcp.synack")}));
    // Sources outside the compared channels (host names, DNS names).
    EXPECT_TRUE(none({vote("os.name", "Windows", 80, "kb.hostname"), vote("os.name", "macOS", 60, "kb.dns")}));
    // Routers forward other hosts' traffic.
    EXPECT_TRUE(none({vote("os.name", "Windows", 80, "dhcp.vendor"), vote("os.name", "Linux", 60, "tcp.syn"),
                      vote("type", "network", 60, "l3.forwarding")}));
}

TEST(Classifier, OneHostSourceNamingTwoFamiliesIsAnOsFamilyChange) {
    const Classifier c(nullptr, nullptr);
    ClassState st;
    c.update(st, {vote("os.name", "Windows", 80, "dhcp.vendor"), vote("os.name", "Android", 80, "dhcp.vendor")}, 0);
    const Conflict* k = conflict(st, "os_family_change");
    ASSERT_NE(k, nullptr);
    EXPECT_EQ(k->detail, "DHCP named both Windows (dhcp.vendor 80) and Android (dhcp.vendor 80)");
    EXPECT_EQ(conflict(st, "os_sources"), nullptr);
    // A User-Agent is per application: two of them are no change of machine.
    ClassState ua;
    c.update(ua, {vote("os.name", "Windows", 50, "http.ua"), vote("os.name", "Android", 50, "http.ua")}, 0);
    EXPECT_EQ(conflict(ua, "os_family_change"), nullptr);
}

TEST(Classifier, AppleMacWithAnotherOsIsAVendorConflict) {
    const Classifier c(nullptr, nullptr);
    ClassState st;
    c.update(st, {vote("vendor", "Apple", 25, "oui"), vote("os.name", "Windows", 80, "dhcp.vendor")}, 0);
    const Conflict* k = conflict(st, "vendor_os");
    ASSERT_NE(k, nullptr);
    EXPECT_EQ(k->detail, "the MAC's vendor is Apple (OUI); DHCP says Windows (dhcp.vendor 80)");
    // Apple's appliances run other kernels: the TCP stack alone does not count.
    ClassState airport;
    c.update(airport, {vote("vendor", "Apple", 25, "oui"), vote("os.name", "Linux", 60, "tcp.syn")}, 0);
    EXPECT_EQ(conflict(airport, "vendor_os"), nullptr);
    ClassState mac;
    c.update(mac, {vote("vendor", "Apple", 25, "oui"), vote("os.name", "macOS", 80, "dhcp.vendor")}, 0);
    EXPECT_TRUE(mac.conflicts.empty());
}

TEST(Classifier, VotesAreRememberedWhenTheirFingerprintRotatesOut) {
    Device d;
    d.hints.push_back(vote("os.name", "Android", 40, "http.ua"));
    d.hints.push_back(vote("os.name", "Linux", 45, "tcp.syn"));
    const Classifier c(nullptr, nullptr);
    Classifier::remember(d.cls, c.votes(d));
    d.hints.erase(d.hints.begin());  // the User-Agent left the record's capped list
    const auto v = c.votes(d);
    EXPECT_TRUE(std::any_of(v.begin(), v.end(), [](const ClassHint& h) { return h.value == "Android"; }));
    c.update(d.cls, v, 0);
    EXPECT_EQ(attr(d.cls, Attr::OsName).value, "Android");  // Linux's weight supports it
    // The memory is bounded: the weakest votes go first.
    for (int i = 0; i < 100; ++i)
        Classifier::remember(d.cls, {ClassHint{"type", "t" + std::to_string(i), static_cast<std::uint8_t>(i % 90 + 1), "s"}});
    EXPECT_EQ(d.cls.remembered.size(), kMaxRemembered);
    EXPECT_TRUE(std::any_of(d.cls.remembered.begin(), d.cls.remembered.end(),
                            [](const ClassHint& h) { return h.value == "Android"; }));
}

}  // namespace
}  // namespace posture::classify

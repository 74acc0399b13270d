// posture/inventory/inventory.h
// The device table, owned by the posture thread. One record per local L2
// endpoint keyed by MAC (never by IP); `ip:` records only for hosts inside the
// local networks that are seen solely behind a router. Addresses outside the
// local networks are peers, never devices.
//
// Router rule: a MAC that sources packets from kRouterRemoteSources distinct
// non-local addresses, or from more than kRouterLocalSources distinct local
// IPv4 addresses that no ARP/ND/DHCP binding gives it, forwards traffic for
// others. It keeps only the addresses bound to it (and link-local ones, which
// are never routed); the local hosts behind it get `ip:` records unless some
// MAC record already owns their address.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "dissectors/core/addr.h"
#include "posture/classify/classifier.h"
#include "posture/classify/state.h"
#include "posture/evidence/evidence.h"
#include "posture/inventory/netset.h"
#include "posture/inventory/oui_db.h"
#include "posture/record/value.h"
#include "posture/risk/engine.h"
#include "posture/risk/network.h"
#include "posture/risk/rules.h"

namespace posture {

inline constexpr std::size_t kMaxTrackedIps = 64;   // per device, most recent kept
inline constexpr std::size_t kMaxRecordIps = 16;    // WIRE-PROTOCOL §4
inline constexpr std::size_t kMaxServices = 32;
inline constexpr std::size_t kMaxApps = 32;
inline constexpr std::size_t kRouterRemoteSources = 2;
inline constexpr std::size_t kRouterLocalSources = 2;
inline constexpr std::size_t kMaxFpEntries = 8;     // per fp list, newest first
inline constexpr std::size_t kMaxNames = 8;
inline constexpr std::size_t kMaxHints = 64;
inline constexpr std::size_t kMaxObservations = 32;
inline constexpr std::uint64_t kLastSeenResolutionUs = 1'000'000;  // see Inventory::apply

struct IpEntry {
    dissect::IpAddr ip;
    std::uint64_t first_us = 0, last_us = 0;
    std::uint8_t sources = 0;  // BindingSource bits
};

struct Service {
    std::uint8_t l4 = 0;
    std::uint16_t port = 0;
    std::string app;
    std::uint64_t first_us = 0;
};

// A policy engine's verdict on a device (WIRE-PROTOCOL set_verdict): shown
// in the record's posture.verdict, stored and restored with the device, and
// cleared when its ttl runs out. Wall-clock milliseconds: a verdict is about
// now, whatever the packet time of an offline read.
struct PolicyVerdict {
    std::string state;   // allow / restrict / quarantine / ...
    std::string by;      // the controller's name (its key's User-Id)
    std::string reason;
    std::uint64_t ts_ms = 0;
    std::uint64_t expires_ms = 0;  // 0: until replaced or the device leaves

    friend bool operator==(const PolicyVerdict&, const PolicyVerdict&) = default;
};

struct Device {
    std::string id;
    bool by_ip = false;
    dissect::MacAddr mac{};
    dissect::IpAddr ip_key{};
    std::string vendor;
    bool random_mac = false;
    std::uint16_t vlan = 0;
    bool tagged = false;
    std::vector<IpEntry> ips;
    std::uint64_t first_us = 0, last_us = 0;
    std::vector<Service> services;
    std::vector<std::string> apps;
    std::uint64_t risk_bits = 0;
    Map fp;                               // WIRE-PROTOCOL §4 `fp`
    std::vector<NameHint> names;          // first come, deduplicated
    std::vector<ClassHint> hints;         // classification votes from the mappers
    classify::ClassState cls;             // the fused verdicts (posture/classify)
    std::vector<risk::Finding> findings;  // active findings, first_seen kept (posture/risk)
    risk::Posture posture;                // the last evaluation
    bool dirty = false;                   // changed since it was last classified
    std::vector<Observation> observations;
    bool router = false;
    std::vector<dissect::IpAddr> remote_sources;  // distinct, up to kRouterRemoteSources
    std::optional<PolicyVerdict> verdict;          // the last set_verdict
    std::uint64_t rev = 0;
};

struct InventoryOptions {
    NetSet local = NetSet::private_defaults();
    const OuiDb* oui = nullptr;                 // may be null: no vendor names
    std::array<std::string, 64> risk_names{};   // nDPI risk bit -> name
    const classify::Classifier* classifier = nullptr;  // null: mapper hints only (no KB, no UA)
    const risk::RuleSet* rules = nullptr;              // null: no risk scoring
    risk::NetworkWatch* network = nullptr;             // null: no network-level detections
    // A device first seen this long after the first packet is new (DEV-NEW);
    // a server port a device opens this long after its first sighting is new
    // (SVC-NEW-PORT). Packet time.
    std::uint64_t learning_us = 600'000'000;
    // A device not seen for this long (packet time) ages out; 0: never.
    std::uint64_t idle_timeout_us = 7ULL * 86'400'000'000;
    // Hard cap on records: above it, the least recently seen are evicted
    // before the next evidence is applied (one evidence may add two records).
    std::size_t max_devices = 100'000;
};

// A record that left the table (WIRE-PROTOCOL device.gone).
struct Gone {
    std::string id;
    std::string reason;  // aged_out, evicted (cap), merged, forgotten
    std::uint64_t ts_us = 0;
    std::string into;    // merged: the record that continues it
};

struct InventoryStats {
    std::uint64_t evidence = 0;
    std::uint64_t mac_devices = 0;
    std::uint64_t ip_devices = 0;
    std::uint64_t routers = 0;
    std::uint64_t aged_out = 0;
    std::uint64_t evicted = 0;  // removed to stay under max_devices
    std::uint64_t merged = 0;   // random-MAC records stitched into their successor
};

class Inventory {
public:
    explicit Inventory(InventoryOptions opts);

    // Applies one observation. Deterministic: the same sequence of evidence
    // gives the same table. last_seen keeps a 1 s resolution, the granularity
    // at which workers refresh sightings (so it does not depend on how packets
    // were spread over workers).
    void apply(const Evidence& e);

    // Time moved without evidence (a quiet live link; the caller's clock is
    // the one of the packet timestamps): classification challengers and
    // ageing catch up to `now_us`. Earlier than the latest evidence: no-op.
    void advance(std::uint64_t now_us);

    // A reloaded configuration or knowledge base (SIGHUP): new rules, network
    // watch, classifier (null keeps the current one). Every device is scored
    // again (and classified again with a new classifier); a device whose
    // classification or posture changed changes (a new rev), the others do not.
    void set_risk(const risk::RuleSet* rules, risk::NetworkWatch* network,
                  const classify::Classifier* classifier = nullptr);

    // Every current record, sorted by id, in the WIRE-PROTOCOL §4 shape.
    [[nodiscard]] std::vector<Value> records() const;
    [[nodiscard]] Value record(const Device& d) const;
    // Devices in id order (ip: records shadowed by a MAC owner are skipped).
    void for_each(const std::function<void(const Device&)>& f) const;
    [[nodiscard]] InventoryStats stats() const;
    // Start-up: the devices a previous run stored (posture/inventory/persist.h)
    // become the table; the change counter continues after their highest rev.
    void restore(std::vector<Device> devices);
    // A controller's forget_device: the record leaves with Gone{forgotten}.
    // False when no record has this id.
    bool forget(std::string_view id);
    // A controller's set_verdict: the record changes (a new rev) and shows it
    // in posture.verdict. False when no record has this id.
    bool set_verdict(std::string_view id, PolicyVerdict v);
    // Clears the verdicts whose ttl ran out by `wall_ms`; each such record
    // changes. Cheap when no verdict has a ttl.
    void expire_verdicts(std::uint64_t wall_ms);
    // Records that left the table since the last call (oldest first).
    [[nodiscard]] std::vector<Gone> take_gone();
    // Every device (ip: records shadowed by a MAC owner included) whose rev is
    // above `since`: what the store has not written yet.
    void changed_since(std::uint64_t since, const std::function<void(const Device&)>& f) const;
    // Verdict changes and flaps (a verdict back to a value it held) summed over devices, per attribute.
    struct Flaps {
        std::array<std::uint64_t, classify::kAttrCount> changes{}, flaps{};
    };
    [[nodiscard]] Flaps flaps() const;
    [[nodiscard]] std::uint64_t seq() const noexcept { return seq_; }

private:
    void apply_one(const Evidence& e);
    Device* mac_device(const dissect::MacAddr& mac, std::uint64_t ts_us);
    Device* ip_device(const dissect::IpAddr& ip, std::uint64_t ts_us);
    // The record an endpoint (mac, ip) belongs to, or null for a peer.
    Device* resolve(const dissect::MacAddr& mac, const dissect::IpAddr& ip, std::uint64_t ts_us);
    void add_ip(Device& d, const dissect::IpAddr& ip, std::uint64_t ts_us, BindingSource src);
    void apply_fingerprint(Device& d, const Fingerprint& f);
    // The device for a local address seen without its own MAC: the owning MAC's, else an ip: record.
    Device* ip_only(const dissect::IpAddr& ip, std::uint64_t ts_us);
    // `d` owns `ip` now; an ip: record for it is absorbed into `d`.
    void own(Device& d, const dissect::IpAddr& ip);
    // Moves what an ip: record learned into the MAC device that now owns its address.
    void absorb(Device& into, const Device& from);
    void become_router(Device& d, std::uint64_t ts_us);
    void touch(Device& d, std::uint64_t ts_us);
    Device* find(std::string_view id);
    void changed(Device& d) {
        d.rev = ++seq_;
        if (!d.dirty) {
            d.dirty = true;
            dirty_.push_back(&d);
        }
    }
    // Classifies the devices changed by the last evidence, and those whose
    // challengers may have waited long enough (once per second of packet time).
    void classify(std::uint64_t now_us);
    // Risk: the rules over what `d` is and did (posture/risk).
    void score(Device& d, std::uint64_t now_us);
    // Network-level detectors fed from one piece of evidence.
    void watch(const Evidence& e, const Device* d);
    // Ages out idle devices (once a minute of packet time) and keeps the
    // table under max_devices.
    void expire(std::uint64_t now_us);
    void remove(Device& d, const char* reason, std::uint64_t now_us);
    void make_room(std::uint64_t now_us);
    // MAC rotation: a random-MAC device whose fingerprint carries a strong
    // key (see inventory.cc stitch) that an earlier, no longer active
    // random-MAC record carried is that device: the old record merges into it.
    void stitch(Device& d, const Fingerprint& f, std::uint64_t now_us);
    [[nodiscard]] bool shadowed(const Device& d) const;
    [[nodiscard]] bool bound_to(const Device& d, const dissect::IpAddr& ip) const;

    InventoryOptions opts_;
    std::unordered_map<std::uint64_t, Device> by_mac_;
    std::map<dissect::IpAddr, Device> by_ip_;
    std::map<dissect::IpAddr, std::uint64_t> ip_owner_;  // ip -> MAC (as u64) of a non-router record
    std::uint64_t seq_ = 0;
    std::uint64_t latest_us_ = 0;  // the latest evidence time, or advance()'s
    std::size_t timed_verdicts_ = 0;  // verdicts with a ttl set since the last expiry walk (upper bound)
    std::uint64_t evidence_ = 0;
    std::vector<Device*> dirty_;
    std::uint64_t next_pending_check_us_ = 0;
    std::uint64_t first_packet_us_ = 0;
    std::uint64_t next_expire_us_ = 0;
    std::vector<Gone> gone_;
    std::uint64_t aged_out_ = 0, evicted_ = 0, merged_ = 0;
    std::map<std::string, std::uint64_t, std::less<>> stitch_keys_;  // strong key -> MAC (u64) of a random-MAC record
    // Reverse indexes, so that removing a record costs what the record holds,
    // not a walk over every address or key of the inventory (a MAC flood
    // evicts a record per frame): the addresses and strong keys each MAC was
    // given (an entry since taken by another MAC is skipped at removal).
    std::unordered_map<std::uint64_t, std::vector<dissect::IpAddr>> owned_ips_;
    std::unordered_map<std::uint64_t, std::vector<std::string>> owned_keys_;
    void set_owner(const dissect::IpAddr& ip, std::uint64_t mac);
    void note_key(const std::string& key, std::uint64_t mac);
    // Which record the device cap evicts: first the transient ones (seen in
    // one second only: what a MAC flood, DHCP starvation or a scan creates,
    // and what a least-recently-seen order alone would keep, since a flood
    // is always the most recent thing on the wire), then the established
    // ones; in each, the least recently seen, then the smallest id. A
    // min-heap on that order with lazy updates: an entry is pushed when a
    // record is made; at eviction time an entry whose record was seen (or
    // became established) since is pushed again with what it is now, and
    // one whose record is gone is dropped.
    struct LruEntry {
        bool established = false;
        std::uint64_t last_us = 0;
        std::string id;
        bool by_ip = false;
        std::uint64_t mac = 0;
        dissect::IpAddr ip{};
    };
    std::vector<LruEntry> lru_;
    // The heap order: std::push_heap keeps the "largest" on top, and the
    // oldest (then the smallest id) must be there.
    static bool lru_newer(const LruEntry& a, const LruEntry& b) noexcept {
        if (a.established != b.established) return a.established;
        return a.last_us != b.last_us ? a.last_us > b.last_us : a.id > b.id;
    }
    // Seen in at least two distinct seconds.
    static bool established(const Device& d) noexcept;
    void lru_push(const Device& d);
    void lru_rebuild();
    classify::Classifier fallback_{nullptr, nullptr};
};

// Canonical text forms used in records.
[[nodiscard]] std::string mac_id(const dissect::MacAddr& m);
[[nodiscard]] std::string ip_id(const dissect::IpAddr& a);

}  // namespace posture

// sensor/pipeline/ndpi_adapter.h
// nDPI as one more evidence source (STYLE.md §1). Each worker owns one Dpi:
// a detection module plus a free list of per-flow states. A flow is fed to
// ndpi_detection_process_packet until nDPI settles (a protocol is known and no
// extra dissection is possible) or until kMaxDpiPackets, then given up and
// bypassed; its state goes back to the free list at once.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

struct ndpi_detection_module_struct;

namespace sensor {

inline constexpr std::uint16_t kMaxDpiPackets = 32;  // packets fed before ndpi_detection_giveup

struct DpiVerdict {
    std::uint16_t master = 0, app = 0;
    std::uint64_t risk = 0;  // ndpi_risk bitmask
};

class Dpi {
public:
    Dpi();
    ~Dpi();
    Dpi(const Dpi&) = delete;
    Dpi& operator=(const Dpi&) = delete;

    // A zeroed per-flow state (from the free list).
    [[nodiscard]] void* new_flow();
    // Feeds one IP packet (`ip` .. `ip+len`, starting at the IP header). True
    // once the flow has settled; `out` then holds the result and the state has
    // been released (do not use it again).
    bool process(void* flow, const std::uint8_t* ip, std::uint16_t len, std::uint64_t ts_ms, DpiVerdict& out);
    // Ends detection now (flow end, packet budget spent) and releases the state.
    void giveup(void* flow, DpiVerdict& out);
    // "TLS.Google"-style name, as ndpiReader prints it; empty for Unknown.
    [[nodiscard]] std::string name(const DpiVerdict& v) const;

    [[nodiscard]] std::size_t live_states() const noexcept { return live_; }
    // nDPI's name for every risk bit (ndpi_risk2str), for the inventory.
    [[nodiscard]] static std::array<std::string, 64> risk_names();

private:
    void release(void* flow);
    ::ndpi_detection_module_struct* mod_ = nullptr;
    std::vector<void*> free_;
    std::size_t live_ = 0;
};

// Detection modules kept for the next pipeline run: nDPI's start-up (its
// protocol tables and automata) costs about 100 ms, a small capture's run a
// millisecond. For the whole-pipeline fuzz target, which runs a pipeline per
// input; sensord makes one pipeline and needs none. A module taken back has
// no live flow state (every flow was ended); what nDPI caches across flows
// (its LRU caches) carries over. Thread-safe.
class DpiPool {
public:
    [[nodiscard]] std::unique_ptr<Dpi> take();
    void give(std::unique_ptr<Dpi> dpi);

private:
    std::mutex mu_;
    std::vector<std::unique_ptr<Dpi>> free_;
};

}  // namespace sensor

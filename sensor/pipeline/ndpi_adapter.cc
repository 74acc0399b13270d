#include "sensor/pipeline/ndpi_adapter.h"

#include <cstdlib>
#include <cstring>
#include <mutex>
#include <stdexcept>

extern "C" {
#include <ndpi/ndpi_api.h>
}

namespace sensor {
namespace {
constexpr std::size_t kMaxFreeStates = 1024;  // states kept for reuse; the rest go back to malloc
}

Dpi::Dpi() {
    // nDPI's start-up touches process-wide state (libgcrypt initialisation,
    // shared tables): workers build their modules one at a time.
    static std::mutex init_mu;
    std::lock_guard lock(init_mu);
    mod_ = ndpi_init_detection_module(ndpi_no_prefs);
    if (!mod_) throw std::runtime_error("nDPI: cannot initialise the detection module");
    NDPI_PROTOCOL_BITMASK all;
    NDPI_BITMASK_SET_ALL(all);
    ndpi_set_protocol_detection_bitmask2(mod_, &all);
    ndpi_finalize_initialization(mod_);
}

Dpi::~Dpi() {
    for (void* f : free_) std::free(f);
    if (mod_) ndpi_exit_detection_module(mod_);
}

void* Dpi::new_flow() {
    void* f;
    if (!free_.empty()) {
        f = free_.back();
        free_.pop_back();
    } else {
        f = std::malloc(SIZEOF_FLOW_STRUCT);
        if (!f) throw std::bad_alloc();
    }
    std::memset(f, 0, SIZEOF_FLOW_STRUCT);
    ++live_;
    return f;
}

void Dpi::release(void* flow) {
    auto* f = static_cast<ndpi_flow_struct*>(flow);
    ndpi_free_flow_data(f);
    --live_;
    if (free_.size() < kMaxFreeStates) free_.push_back(f);
    else std::free(f);
}

namespace {

// nDPI 4.2 checks an HTTP request's URL for XSS, SQL injection and
// suspicious paths only when asked (ndpi_validate_url; ndpiReader asks when
// it prints a flow): the flow's risks include what it finds.
std::uint64_t url_risk(ndpi_flow_struct* f) {
    if (!f->http.url || !*f->http.url) return 0;
    const ndpi_risk_enum r = ndpi_validate_url(f->http.url);
    return r == NDPI_NO_RISK ? 0 : std::uint64_t{1} << static_cast<unsigned>(r);
}

}  // namespace

bool Dpi::process(void* flow, const std::uint8_t* ip, std::uint16_t len, std::uint64_t ts_ms, DpiVerdict& out) {
    auto* f = static_cast<ndpi_flow_struct*>(flow);
    const ndpi_protocol p = ndpi_detection_process_packet(mod_, f, ip, len, ts_ms);
    const bool known = p.app_protocol != NDPI_PROTOCOL_UNKNOWN || p.master_protocol != NDPI_PROTOCOL_UNKNOWN;
    if (!known || ndpi_extra_dissection_possible(mod_, f)) return false;
    out.master = p.master_protocol;
    out.app = p.app_protocol;
    out.risk = f->risk | url_risk(f);
    release(flow);
    return true;
}

void Dpi::giveup(void* flow, DpiVerdict& out) {
    auto* f = static_cast<ndpi_flow_struct*>(flow);
    std::uint8_t guessed = 0;
    const ndpi_protocol p = ndpi_detection_giveup(mod_, f, 1, &guessed);
    out.master = p.master_protocol;
    out.app = p.app_protocol;
    out.risk = f->risk | url_risk(f);
    release(flow);
}

std::string Dpi::name(const DpiVerdict& v) const {
    if (v.master == NDPI_PROTOCOL_UNKNOWN && v.app == NDPI_PROTOCOL_UNKNOWN) return {};
    ndpi_protocol p{};
    p.master_protocol = v.master;
    p.app_protocol = v.app;
    char buf[64];
    ndpi_protocol2name(mod_, p, buf, sizeof buf);
    return buf;
}

std::array<std::string, 64> Dpi::risk_names() {
    std::array<std::string, 64> names{};
    for (int i = 1; i < NDPI_MAX_RISK && i < 64; ++i) {
        const char* s = ndpi_risk2str(static_cast<ndpi_risk_enum>(i));
        if (s) names[static_cast<std::size_t>(i)] = s;
    }
    return names;
}

std::unique_ptr<Dpi> DpiPool::take() {
    {
        std::lock_guard lk(mu_);
        if (!free_.empty()) {
            auto d = std::move(free_.back());
            free_.pop_back();
            return d;
        }
    }
    return std::make_unique<Dpi>();
}

void DpiPool::give(std::unique_ptr<Dpi> dpi) {
    if (!dpi || dpi->live_states() != 0) return;  // a module with flows in it is not reused
    std::lock_guard lk(mu_);
    free_.push_back(std::move(dpi));
}

}  // namespace sensor

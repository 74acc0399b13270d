// sensor/pipeline/counter.h
// A counter written by exactly one thread and read by any: relaxed atomic
// load+store (a plain increment on x86 and ARM64, no locked RMW), so readers
// see a recent value without a data race.
#pragma once

#include <atomic>
#include <cstdint>

namespace sensor {

class Counter {
public:
    void add(std::uint64_t n = 1) noexcept { v_.store(v_.load(std::memory_order_relaxed) + n, std::memory_order_relaxed); }
    void set(std::uint64_t n) noexcept { v_.store(n, std::memory_order_relaxed); }
    [[nodiscard]] std::uint64_t get() const noexcept { return v_.load(std::memory_order_relaxed); }

private:
    std::atomic<std::uint64_t> v_{0};
};

}  // namespace sensor

// sensor/pipeline/spsc_ring.h
// Bounded single-producer single-consumer ring. Lock-free, no allocation after
// construction. try_push never blocks: a full ring is the producer's signal to
// drop and count (STYLE.md §3). Capacity is rounded up to a power of two.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>
#include <optional>
#include <utility>

namespace sensor {

inline constexpr std::size_t kCacheLine = 64;

template <class T>
class SpscRing {
public:
    explicit SpscRing(std::size_t capacity) {
        std::size_t c = 2;
        while (c < capacity) c <<= 1;
        mask_ = c - 1;
        buf_ = std::make_unique<T[]>(c);
    }
    SpscRing(const SpscRing&) = delete;
    SpscRing& operator=(const SpscRing&) = delete;

    [[nodiscard]] std::size_t capacity() const noexcept { return mask_ + 1; }

    // Producer side. False when full.
    [[nodiscard]] bool try_push(T v) noexcept(std::is_nothrow_move_assignable_v<T>) {
        const std::size_t head = head_.load(std::memory_order_relaxed);
        if (head - tail_cache_ > mask_) {
            tail_cache_ = tail_.load(std::memory_order_acquire);
            if (head - tail_cache_ > mask_) return false;
        }
        buf_[head & mask_] = std::move(v);
        head_.store(head + 1, std::memory_order_release);
        return true;
    }

    // Producer side, for move-only values: moves from `v` only on success, so
    // the caller can retry or drop it.
    [[nodiscard]] bool try_push_ref(T& v) noexcept(std::is_nothrow_move_assignable_v<T>) {
        const std::size_t head = head_.load(std::memory_order_relaxed);
        if (head - tail_cache_ > mask_) {
            tail_cache_ = tail_.load(std::memory_order_acquire);
            if (head - tail_cache_ > mask_) return false;
        }
        buf_[head & mask_] = std::move(v);
        head_.store(head + 1, std::memory_order_release);
        return true;
    }

    // Consumer side. Pointer to the front element or nullptr when empty; valid
    // until pop().
    [[nodiscard]] T* front() noexcept {
        const std::size_t tail = tail_.load(std::memory_order_relaxed);
        if (tail == head_cache_) {
            head_cache_ = head_.load(std::memory_order_acquire);
            if (tail == head_cache_) return nullptr;
        }
        return &buf_[tail & mask_];
    }
    void pop() noexcept { tail_.store(tail_.load(std::memory_order_relaxed) + 1, std::memory_order_release); }

    [[nodiscard]] std::optional<T> try_pop() noexcept(std::is_nothrow_move_constructible_v<T>) {
        T* f = front();
        if (!f) return std::nullopt;
        std::optional<T> v(std::move(*f));
        pop();
        return v;
    }

    // Approximate depth, readable from any thread (a gauge, not a sync point).
    [[nodiscard]] std::size_t depth() const noexcept {
        return head_.load(std::memory_order_relaxed) - tail_.load(std::memory_order_relaxed);
    }
    [[nodiscard]] bool empty() const noexcept {
        return head_.load(std::memory_order_acquire) == tail_.load(std::memory_order_acquire);
    }

private:
    std::unique_ptr<T[]> buf_;
    std::size_t mask_ = 0;
    alignas(kCacheLine) std::atomic<std::size_t> head_{0};
    std::size_t tail_cache_ = 0;  // producer's view of tail
    alignas(kCacheLine) std::atomic<std::size_t> tail_{0};
    std::size_t head_cache_ = 0;  // consumer's view of head
};

}  // namespace sensor

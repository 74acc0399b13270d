// Deterministic pseudo-random numbers for the site generator: xoshiro256**
// seeded through splitmix64. Never seeded from the clock or random_device, so
// the same arguments always give the same capture.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace sitegen {

inline constexpr std::uint64_t splitmix64(std::uint64_t& state) noexcept {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

// FNV-1a, for deriving stable values (addresses, ids) from names.
inline constexpr std::uint64_t fnv1a(std::string_view s, std::uint64_t h = 0xcbf29ce484222325ULL) noexcept {
    for (const char c : s) {
        h ^= static_cast<std::uint8_t>(c);
        h *= 0x100000001b3ULL;
    }
    return h;
}

class Rng {
public:
    explicit Rng(std::uint64_t seed = 1) noexcept { reseed(seed); }

    void reseed(std::uint64_t seed) noexcept {
        for (auto& w : s_) w = splitmix64(seed);
    }

    std::uint64_t next() noexcept {
        const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
        const std::uint64_t t = s_[1] << 17;
        s_[2] ^= s_[0];
        s_[3] ^= s_[1];
        s_[1] ^= s_[2];
        s_[0] ^= s_[3];
        s_[2] ^= t;
        s_[3] = rotl(s_[3], 45);
        return result;
    }

    std::uint32_t u32() noexcept { return static_cast<std::uint32_t>(next() >> 32); }
    std::uint16_t u16() noexcept { return static_cast<std::uint16_t>(next() >> 48); }
    std::uint8_t u8() noexcept { return static_cast<std::uint8_t>(next() >> 56); }

    // Uniform in [0, n); n == 0 gives 0.
    std::uint64_t below(std::uint64_t n) noexcept { return n == 0 ? 0 : next() % n; }
    // Uniform in [lo, hi] (inclusive).
    std::uint64_t range(std::uint64_t lo, std::uint64_t hi) noexcept {
        return hi <= lo ? lo : lo + below(hi - lo + 1);
    }
    double unit() noexcept { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    bool chance(double p) noexcept { return unit() < p; }

    void fill(std::uint8_t* p, std::size_t n) noexcept {
        while (n >= 8) {
            std::uint64_t v = next();
            for (int i = 0; i < 8; ++i) {
                *p++ = static_cast<std::uint8_t>(v);
                v >>= 8;
            }
            n -= 8;
        }
        if (n > 0) {
            std::uint64_t v = next();
            while (n-- > 0) {
                *p++ = static_cast<std::uint8_t>(v);
                v >>= 8;
            }
        }
    }

private:
    static constexpr std::uint64_t rotl(std::uint64_t x, int k) noexcept {
        return (x << k) | (x >> (64 - k));
    }
    std::uint64_t s_[4]{};
};

}  // namespace sitegen

#include "sensor/pipeline/spsc_ring.h"

#include <gtest/gtest.h>

#include <thread>

namespace sensor {
namespace {

TEST(SpscRing, FullRingRefusesInsteadOfBlocking) {
    SpscRing<int> r(4);
    EXPECT_EQ(r.capacity(), 4u);
    for (int i = 0; i < 4; ++i) EXPECT_TRUE(r.try_push(i));
    EXPECT_FALSE(r.try_push(99));
    EXPECT_EQ(r.depth(), 4u);
    EXPECT_EQ(*r.try_pop(), 0);
    EXPECT_TRUE(r.try_push(4));
}

TEST(SpscRing, CapacityRoundsUpToPowerOfTwo) { EXPECT_EQ(SpscRing<int>(5).capacity(), 8u); }

TEST(SpscRing, TwoThreadsTransferEveryItemInOrder) {
    SpscRing<std::uint64_t> r(64);
    constexpr std::uint64_t kN = 200000;
    std::thread producer([&] {
        for (std::uint64_t i = 0; i < kN; ++i)
            while (!r.try_push(i)) std::this_thread::yield();
    });
    std::uint64_t expect = 0;
    while (expect < kN) {
        if (auto v = r.try_pop()) {
            ASSERT_EQ(*v, expect);
            ++expect;
        }
    }
    producer.join();
    EXPECT_TRUE(r.empty());
}

}  // namespace
}  // namespace sensor

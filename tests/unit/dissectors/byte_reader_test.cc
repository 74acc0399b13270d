// ByteView and ByteReader (dissectors/core).
#include "dissectors/core/byte_reader.h"

#include <gtest/gtest.h>

#include <limits>

#include "dissectors/core/byte_view.h"
#include "tests/unit/dissectors/dissector_test_util.h"

namespace dissect {
namespace {

using test::view;

constexpr std::uint8_t kBytes[] = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09};

TEST(ByteView, SubviewFailsCleanlyPastTheEnd) {
    const ByteView v = view(kBytes);
    EXPECT_EQ(v.subview(0, 9)->size(), 9u);
    EXPECT_EQ(v.subview(9, 0)->size(), 0u);
    EXPECT_FALSE(v.subview(10, 0));
    EXPECT_FALSE(v.subview(8, 2));
    EXPECT_FALSE(v.subview(1, std::numeric_limits<std::size_t>::max()));  // no overflow in pos + n
}

TEST(ByteView, TailAndPrefixClamp) {
    const ByteView v = view(kBytes);
    EXPECT_EQ(v.tail(3).size(), 6u);
    EXPECT_EQ(v.tail(3)[0], 0x04);
    EXPECT_TRUE(v.tail(100).empty());
    EXPECT_EQ(v.prefix(4).size(), 4u);
    EXPECT_EQ(v.prefix(100).size(), 9u);
}

TEST(ByteView, AtAndStartsWith) {
    const ByteView v = view(kBytes);
    EXPECT_EQ(v.at(8), 0x09);
    EXPECT_FALSE(v.at(9));
    constexpr std::uint8_t kText[] = {'S', 'S', 'H', '-', '2'};
    EXPECT_TRUE(view(kText).starts_with("SSH-"));
    EXPECT_FALSE(view(kText).starts_with("SSH-2.0"));
    EXPECT_EQ(view(kText).as_chars(), "SSH-2");
}

TEST(ByteView, EmptyDefault) {
    const ByteView v;
    EXPECT_TRUE(v.empty());
    EXPECT_FALSE(v.at(0));
    EXPECT_TRUE(v.tail(0).empty());
    EXPECT_TRUE(v.subview(0, 0));
}

TEST(ByteReader, BigEndianReads) {
    ByteReader r(view(kBytes));
    EXPECT_EQ(r.u8(), 0x01);
    EXPECT_EQ(r.be16(), 0x0203);
    EXPECT_EQ(r.be24(), 0x040506u);
    EXPECT_EQ(r.offset(), 6u);
    EXPECT_EQ(r.remaining(), 3u);
    EXPECT_FALSE(r.be32());  // 3 left
    EXPECT_EQ(r.offset(), 6u);
}

TEST(ByteReader, Be32Be64AndLittleEndian) {
    ByteReader r(view(kBytes));
    EXPECT_EQ(r.be32(), 0x01020304u);
    ByteReader r64(view(kBytes));
    EXPECT_EQ(r64.be64(), 0x0102030405060708ull);
    EXPECT_EQ(r64.remaining(), 1u);
    ByteReader le(view(kBytes));
    EXPECT_EQ(le.le16(), 0x0201);
    EXPECT_EQ(le.le32(), 0x06050403u);
}

TEST(ByteReader, FailedReadLeavesCursorUnchanged) {
    ByteReader r(view(kBytes).prefix(3));
    ASSERT_TRUE(r.skip(1));
    EXPECT_FALSE(r.be32());
    EXPECT_FALSE(r.be24());
    EXPECT_FALSE(r.be64());
    EXPECT_FALSE(r.le32());
    EXPECT_FALSE(r.take(3));
    EXPECT_FALSE(r.skip(3));
    EXPECT_EQ(r.offset(), 1u);
    EXPECT_EQ(r.be16(), 0x0203);
    EXPECT_TRUE(r.empty());
    EXPECT_FALSE(r.u8());
    EXPECT_FALSE(r.le16());
}

TEST(ByteReader, TakeIsASubViewAndRestFollowsIt) {
    ByteReader r(view(kBytes));
    const auto t = r.take(4);
    ASSERT_TRUE(t);
    EXPECT_EQ(t->data(), kBytes);
    EXPECT_EQ(t->size(), 4u);
    EXPECT_EQ(r.rest().data(), kBytes + 4);
    EXPECT_EQ(r.rest().size(), 5u);
    EXPECT_EQ(r.view().size(), 9u);
}

TEST(ByteReader, PeekDoesNotAdvance) {
    ByteReader r(view(kBytes));
    EXPECT_EQ(r.peek_u8(), 0x01);
    EXPECT_EQ(r.peek_u8(8), 0x09);
    EXPECT_FALSE(r.peek_u8(9));
    EXPECT_EQ(r.offset(), 0u);
}

TEST(ByteReader, EmptyViewReadsNothing) {
    ByteReader r(ByteView{});
    EXPECT_TRUE(r.empty());
    EXPECT_FALSE(r.u8());
    EXPECT_TRUE(r.take(0));
    EXPECT_TRUE(r.skip(0));
    EXPECT_TRUE(r.rest().empty());
}

}  // namespace
}  // namespace dissect

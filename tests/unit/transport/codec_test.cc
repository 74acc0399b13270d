// Value <-> msgpack (transport/codec.h): round trips of every kind, each decode
// limit of WIRE-PROTOCOL.md §8 at its bound and one past it, every prefix of a
// valid message, hostile bytes, and the golden vectors of §9
// (transport/vectors/, also decoded from Python by tests/transport/decode_vectors.py).
#include "transport/codec.h"

#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <nlohmann/json.hpp>

namespace transport {
namespace {

using posture::Array;
using posture::Map;
using posture::Value;

// Same kind and same value, recursively (a uint64 1 is not an int64 1 nor a
// double 1.0); doubles compare by their bits, so a NaN equals itself.
bool same(const Value& a, const Value& b) {
    if (a.v.index() != b.v.index()) return false;
    return std::visit(
        [&](const auto& x) -> bool {
            using T = std::decay_t<decltype(x)>;
            const T& y = std::get<T>(b.v);
            if constexpr (std::is_same_v<T, std::monostate>) return true;
            else if constexpr (std::is_same_v<T, double>)
                return std::bit_cast<std::uint64_t>(x) == std::bit_cast<std::uint64_t>(y);
            else if constexpr (std::is_same_v<T, Array>) {
                if (x.size() != y.size()) return false;
                for (std::size_t i = 0; i < x.size(); ++i)
                    if (!same(x[i], y[i])) return false;
                return true;
            } else if constexpr (std::is_same_v<T, Map>) {
                if (x.size() != y.size()) return false;
                for (auto i = x.begin(), j = y.begin(); i != x.end(); ++i, ++j)
                    if (i->first != j->first || !same(i->second, j->second)) return false;
                return true;
            } else {
                return x == y;
            }
        },
        a.v);
}

std::string bytes(std::initializer_list<unsigned> b) {
    std::string s;
    for (unsigned c : b) s.push_back(static_cast<char>(c));
    return s;
}

// Large enough for every round trip below; the limits have their own tests.
constexpr DecodeLimits kRoomy{.array = 1 << 20, .map = 1 << 20, .str = 1 << 24, .bin = 1 << 24, .ext = 0, .depth = 64};

std::string error_of(std::string_view b, const DecodeLimits& limits = kWireLimits) {
    auto v = from_msgpack(b, limits);
    return v ? std::string("(decoded)") : v.error();
}

// A message with one of everything: every kind and the size classes of the
// encodings (fix, 8, 16 and 32 bit forms).
Value every_kind() {
    Map m;
    m["nil"] = Value{};
    m["t"] = true;
    m["f"] = false;
    m["u"] = Array{Value(std::uint64_t{0}), Value(std::uint64_t{127}), Value(std::uint64_t{128}),
                   Value(std::uint64_t{255}), Value(std::uint64_t{256}), Value(std::uint64_t{65535}),
                   Value(std::uint64_t{65536}), Value(std::uint64_t{0xffffffff}), Value(std::uint64_t{1} << 32),
                   Value(std::numeric_limits<std::uint64_t>::max())};
    m["i"] = Array{Value(std::int64_t{-1}), Value(std::int64_t{-32}), Value(std::int64_t{-33}),
                   Value(std::int64_t{-128}), Value(std::int64_t{-129}), Value(std::int64_t{-32768}),
                   Value(std::int64_t{-32769}), Value(std::int64_t{std::numeric_limits<std::int32_t>::min()} - 1),
                   Value(std::numeric_limits<std::int64_t>::min())};
    m["d"] = Array{Value(0.25), Value(-1.5), Value(1e300), Value(std::numeric_limits<double>::infinity()),
                   Value(std::numeric_limits<double>::quiet_NaN()), Value(0.0), Value(-0.0), Value(1.0),
                   Value(-2.0), Value(18446744073709551616.0)};
    m["s"] = Array{Value(""), Value(std::string("a\0b\xfe\xff", 5)), Value(std::string(31, 'x')),
                   Value(std::string(32, 'x')), Value(std::string(255, 'y')), Value(std::string(256, 'y')),
                   Value(std::string(65535, 'z')), Value(std::string(65536, 'z')), Value("Büro 2. OG")};
    m["a"] = Array{Value(Array{}), Value(Array(15, Value(true))), Value(Array(16, Value(false))),
                   Value(Array(65536, Value{}))};
    Map m15, m16;
    for (int i = 0; i < 16; ++i) {
        const std::string k = "k" + std::to_string(i + 10);
        if (i < 15) m15[k] = static_cast<std::uint64_t>(i);
        m16[k] = static_cast<std::uint64_t>(i);
    }
    m["m"] = Array{Value(Map{}), Value(m15), Value(m16)};
    m[""] = std::string("empty key");
    m[std::string("\xff\x00key", 5)] = std::string("binary key");
    return Value(std::move(m));
}

TEST(Codec, EveryKindRoundTripsExactly) {
    const Value v = every_kind();
    const std::string b = to_msgpack(v);
    const auto back = from_msgpack(b, kRoomy);
    ASSERT_TRUE(back) << back.error();
    EXPECT_TRUE(same(*back, v));
    EXPECT_EQ(to_msgpack(*back), b);
}

TEST(Codec, EncodingIsTheSmallestFormWithSortedKeys) {
    EXPECT_EQ(to_msgpack(Value{}), bytes({0xc0}));
    EXPECT_EQ(to_msgpack(Value(true)), bytes({0xc3}));
    EXPECT_EQ(to_msgpack(Value(std::uint64_t{0})), bytes({0x00}));
    EXPECT_EQ(to_msgpack(Value(std::uint64_t{128})), bytes({0xcc, 0x80}));
    EXPECT_EQ(to_msgpack(Value(std::uint64_t{65536})), bytes({0xce, 0x00, 0x01, 0x00, 0x00}));
    EXPECT_EQ(to_msgpack(Value(std::int64_t{-1})), bytes({0xff}));
    EXPECT_EQ(to_msgpack(Value(std::int64_t{-33})), bytes({0xd0, 0xdf}));
    EXPECT_EQ(to_msgpack(Value(0.25)), bytes({0xcb, 0x3f, 0xd0, 0, 0, 0, 0, 0, 0}));
    // A double stays a double when its value is integral (msgpack-c's own
    // pack_double would write these as integers).
    EXPECT_EQ(to_msgpack(Value(1.0)), bytes({0xcb, 0x3f, 0xf0, 0, 0, 0, 0, 0, 0}));
    EXPECT_EQ(to_msgpack(Value(0.0)), bytes({0xcb, 0, 0, 0, 0, 0, 0, 0, 0}));
    EXPECT_EQ(to_msgpack(Value(-0.0)), bytes({0xcb, 0x80, 0, 0, 0, 0, 0, 0, 0}));
    EXPECT_EQ(to_msgpack(Value(-2.0)), bytes({0xcb, 0xc0, 0, 0, 0, 0, 0, 0, 0}));
    EXPECT_EQ(to_msgpack(Value("a")), bytes({0xa1, 'a'}));
    Map m;
    m["b"] = std::uint64_t{1};
    m["a"] = std::uint64_t{2};
    EXPECT_EQ(to_msgpack(Value(m)), bytes({0x82, 0xa1, 'a', 0x02, 0xa1, 'b', 0x01}));
}

TEST(Codec, OtherEncodingsDecodeToTheirValueKind) {
    // A non-negative int64 is packed as an unsigned integer, so it comes back as uint64.
    auto v = from_msgpack(to_msgpack(Value(std::int64_t{5})), kWireLimits);
    ASSERT_TRUE(v) << v.error();
    EXPECT_TRUE(same(*v, Value(std::uint64_t{5})));
    // bin 8 -> string, byte for byte.
    v = from_msgpack(bytes({0xc4, 0x03, 'a', 0x00, 0xff}), kWireLimits);
    ASSERT_TRUE(v) << v.error();
    EXPECT_TRUE(same(*v, Value(std::string("a\0\xff", 3))));
    // float 32 -> double.
    v = from_msgpack(bytes({0xca, 0x3e, 0x80, 0x00, 0x00}), kWireLimits);
    ASSERT_TRUE(v) << v.error();
    EXPECT_TRUE(same(*v, Value(0.25)));
    // A peer's map in its own key order is re-encoded sorted.
    v = from_msgpack(bytes({0x82, 0xa1, 'b', 0x01, 0xa1, 'a', 0x02}), kWireLimits);
    ASSERT_TRUE(v) << v.error();
    EXPECT_EQ(to_msgpack(*v), bytes({0x82, 0xa1, 'a', 0x02, 0xa1, 'b', 0x01}));
}

// --- limits (WIRE-PROTOCOL.md §8) ---

std::string array_of(std::size_t n) { return to_msgpack(Value(Array(n, Value{}))); }
std::string map_of(std::size_t n) {
    Map m;
    for (std::size_t i = 0; i < n; ++i) m["k" + std::to_string(100000 + i)] = Value{};
    return to_msgpack(Value(std::move(m)));
}
std::string str_of(std::size_t n) { return to_msgpack(Value(std::string(n, 's'))); }
std::string bin_of(std::size_t n) {
    const auto u = static_cast<std::uint32_t>(n);
    std::string s = bytes({0xc6, (u >> 24) & 0xff, (u >> 16) & 0xff, (u >> 8) & 0xff, u & 0xff});  // bin 32
    return s + std::string(n, 'b');
}
// `depth` nested arrays (the innermost empty); depth 0 is a scalar.
std::string arrays_nested(int depth) {
    if (depth == 0) return bytes({0xc0});
    return std::string(static_cast<std::size_t>(depth - 1), '\x91') + bytes({0x90});
}
// `depth` nested maps {"a": {"a": ... {}}}.
std::string maps_nested(int depth) {
    std::string s;
    for (int i = 1; i < depth; ++i) s += bytes({0x81, 0xa1, 'a'});
    return s + bytes({0x80});
}

TEST(CodecLimits, WireLimitsAreTheProtocols) {
    EXPECT_EQ(kWireLimits.array, 4096u);
    EXPECT_EQ(kWireLimits.map, 256u);
    EXPECT_EQ(kWireLimits.str, 65536u);
    EXPECT_EQ(kWireLimits.bin, 65536u);
    EXPECT_EQ(kWireLimits.ext, 0u);
    EXPECT_EQ(kWireLimits.depth, 8);
    EXPECT_EQ(kStateLimits.depth, 32);
}

TEST(CodecLimits, ArrayAtTheLimitIsAcceptedOneMoreIsNot) {
    EXPECT_TRUE(from_msgpack(array_of(4096), kWireLimits));
    EXPECT_EQ(error_of(array_of(4097)), "array of 4097 elements exceeds 4096");
}

TEST(CodecLimits, MapAtTheLimitIsAcceptedOneMoreIsNot) {
    EXPECT_TRUE(from_msgpack(map_of(256), kWireLimits));
    EXPECT_EQ(error_of(map_of(257)), "map of 257 entries exceeds 256");
    EXPECT_EQ(error_of(map_of(300)), "map of 300 entries exceeds 256");
}

TEST(CodecLimits, StringAtTheLimitIsAcceptedOneMoreIsNot) {
    EXPECT_TRUE(from_msgpack(str_of(65536), kWireLimits));
    EXPECT_EQ(error_of(str_of(65537)), "string of 65537 bytes exceeds 65536");
    // Map keys are strings too.
    Map m;
    m[std::string(65537, 'k')] = Value{};
    EXPECT_EQ(error_of(to_msgpack(Value(m))), "string of 65537 bytes exceeds 65536");
}

TEST(CodecLimits, BinAtTheLimitIsAcceptedOneMoreIsNot) {
    EXPECT_TRUE(from_msgpack(bin_of(65536), kWireLimits));
    EXPECT_EQ(error_of(bin_of(65537)), "bin of 65537 bytes exceeds 65536");
}

TEST(CodecLimits, ExtTypesAreNotAccepted) {
    EXPECT_EQ(error_of(bytes({0xd4, 0x01, 0x00})), "ext types are not accepted");        // fixext 1
    EXPECT_EQ(error_of(bytes({0xc7, 0x00, 0x05})), "ext types are not accepted");        // ext 8, no data
    EXPECT_EQ(error_of(bytes({0x81, 0xa1, 'x', 0xd6, 0xff, 0, 0, 0, 1})), "ext types are not accepted");  // a timestamp
    // Even where a caller lets msgpack-c pass them, a Value has no ext.
    EXPECT_EQ(error_of(bytes({0xd4, 0x01, 0x00}), DecodeLimits{.ext = 16}), "ext types are not accepted");
}

TEST(CodecLimits, NestingAtTheLimitIsAcceptedOneDeeperIsNot) {
    EXPECT_TRUE(from_msgpack(arrays_nested(0), kWireLimits));
    EXPECT_TRUE(from_msgpack(arrays_nested(8), kWireLimits));
    EXPECT_EQ(error_of(arrays_nested(9)), "nesting deeper than 8");
    EXPECT_TRUE(from_msgpack(maps_nested(8), kWireLimits));
    EXPECT_EQ(error_of(maps_nested(9)), "nesting deeper than 8");
    EXPECT_TRUE(from_msgpack(maps_nested(32), kStateLimits));
    EXPECT_EQ(error_of(maps_nested(33), kStateLimits), "nesting deeper than 32");
    // Depth 0 allows scalars only.
    EXPECT_EQ(error_of(arrays_nested(1), DecodeLimits{.depth = 0}), "nesting deeper than 0");
}

TEST(CodecLimits, AClaimedSizeIsRefusedBeforeTheDataArrives) {
    // Headers alone, a few bytes claiming 4 billion: refused at the header,
    // before msgpack-c allocates for them (not reported as truncated).
    EXPECT_EQ(error_of(bytes({0xdd, 0xff, 0xff, 0xff, 0xff})), "array of 4294967295 elements exceeds 4096");
    EXPECT_EQ(error_of(bytes({0xdf, 0xff, 0xff, 0xff, 0xff})), "map of 4294967295 entries exceeds 256");
    // A string's size is checked once its bytes are there: without them it is truncated.
    EXPECT_EQ(error_of(bytes({0xdb, 0xff, 0xff, 0xff, 0xff, 'a'})), "truncated");
}

TEST(CodecLimits, TheFirstViolationInReadingOrderIsNamed) {
    // A 300-entry map holding a 5000-element array: the map's header comes first.
    Map m;
    for (int i = 0; i < 300; ++i) m["k" + std::to_string(1000 + i)] = Value{};
    m["k1000"] = Array(5000, Value{});
    EXPECT_EQ(error_of(to_msgpack(Value(m))), "map of 300 entries exceeds 256");
    // Nesting is checked after the size of the container that goes too deep.
    EXPECT_EQ(error_of(std::string(8, '\x91') + array_of(5000)), "array of 5000 elements exceeds 4096");
    EXPECT_EQ(error_of(std::string(8, '\x91') + array_of(1)), "nesting deeper than 8");
}

TEST(CodecLimits, CallerLimitsApply) {
    const DecodeLimits tiny{.array = 2, .map = 1, .str = 3, .bin = 0, .ext = 0, .depth = 2};
    EXPECT_TRUE(from_msgpack(array_of(2), tiny));
    EXPECT_EQ(error_of(array_of(3), tiny), "array of 3 elements exceeds 2");
    EXPECT_EQ(error_of(map_of(2), tiny), "map of 2 entries exceeds 1");
    EXPECT_EQ(error_of(str_of(4), tiny), "string of 4 bytes exceeds 3");
    EXPECT_EQ(error_of(bin_of(1), tiny), "bin of 1 bytes exceeds 0");
    EXPECT_EQ(error_of(arrays_nested(3), tiny), "nesting deeper than 2");
}

TEST(CodecLimits, StoredStateLimitsAreWider) {
    EXPECT_TRUE(from_msgpack(map_of(300), kStateLimits));
    EXPECT_TRUE(from_msgpack(array_of(5000), kStateLimits));
    EXPECT_TRUE(from_msgpack(str_of(100'000), kStateLimits));
    EXPECT_EQ(error_of(array_of(kStateLimits.array + 1), kStateLimits), "array of 16385 elements exceeds 16384");
}

TEST(CodecLimits, OnlySizeErrorsSayExceeds) {
    // The publisher answers a request 413 (too large) when its error says
    // "exceeds", 400 otherwise.
    const std::string too_large[] = {array_of(4097), map_of(257), str_of(65537), bin_of(65537)};
    for (const auto& b : too_large) EXPECT_NE(error_of(b).find("exceeds"), std::string::npos) << error_of(b);
    const std::string bad[] = {arrays_nested(9),         std::string(),           bytes({0xc1}),
                               bytes({0x81, 0x01, 0x02}), bytes({0xd4, 0x01, 0x00}), bytes({0x01, 0x02}),
                               bytes({0x82, 0xa1, 'a', 0x01, 0xa1, 'a', 0x02})};
    for (const auto& b : bad) EXPECT_EQ(error_of(b).find("exceeds"), std::string::npos) << error_of(b);
}

// --- bad input ---

TEST(CodecErrors, EveryPrefixOfAValidMessageIsTruncated) {
    Value v = every_kind();
    // Keep the wire limits' sizes so the message is what a peer could send.
    auto& m = std::get<Map>(v.v);
    m["a"] = Array{Value(Array{}), Value(Array(15, Value(true))), Value(Array(16, Value(false)))};
    m["s"] = Array{Value(""), Value(std::string("a\0b\xfe\xff", 5)), Value(std::string(32, 'x')),
                   Value(std::string(256, 'y')), Value(std::string(300, 'z'))};
    const std::string b = to_msgpack(v);
    ASSERT_TRUE(from_msgpack(b, kWireLimits));
    for (std::size_t n = 0; n < b.size(); ++n) {
        const std::string e = error_of(std::string_view(b).substr(0, n));
        ASSERT_EQ(e, "truncated") << "prefix of " << n << " of " << b.size() << " bytes";
    }
}

TEST(CodecErrors, TrailingBytesAreRefused) {
    EXPECT_EQ(error_of(bytes({0x01, 0x02})), "trailing bytes");
    EXPECT_EQ(error_of(to_msgpack(every_kind()) + bytes({0x00}), kRoomy), "trailing bytes");
    EXPECT_EQ(error_of(map_of(1) + map_of(1)), "trailing bytes");  // two messages in one frame
}

TEST(CodecErrors, MapKeysMustBeStrings) {
    EXPECT_EQ(error_of(bytes({0x81, 0x01, 0x02})), "map key is not a string");              // integer
    EXPECT_EQ(error_of(bytes({0x81, 0xc0, 0x02})), "map key is not a string");              // nil
    EXPECT_EQ(error_of(bytes({0x81, 0xc4, 0x01, 'a', 0x02})), "map key is not a string");   // bin
    EXPECT_EQ(error_of(bytes({0x81, 0x90, 0x02})), "map key is not a string");              // array
    EXPECT_EQ(error_of(bytes({0x91, 0x81, 0xc3, 0x02})), "map key is not a string");        // nested
}

TEST(CodecErrors, DuplicateKeysAreRefused) {
    EXPECT_EQ(error_of(bytes({0x82, 0xa1, 'a', 0x01, 0xa1, 'a', 0x02})), "duplicate map key");
}

TEST(CodecErrors, MalformedBytesAreRefused) {
    EXPECT_EQ(error_of(bytes({0xc1})), "malformed");  // the one never-used type byte
    EXPECT_EQ(error_of(bytes({0x92, 0x01, 0xc1})), "malformed");
    EXPECT_EQ(error_of(""), "truncated");
}

TEST(CodecErrors, RandomBytesNeverCrash) {
    std::mt19937 rng(20240611);  // fixed seed: hermetic
    std::uniform_int_distribution<int> byte(0, 255), len(0, 48);
    // Bias toward container and size headers, which is where decoders break.
    const unsigned char headers[] = {0x91, 0x9f, 0x81, 0x8f, 0xdc, 0xdd, 0xde, 0xdf, 0xd9, 0xda,
                                     0xdb, 0xc4, 0xc5, 0xc6, 0xc7, 0xd4, 0xca, 0xcb, 0xcf, 0xd3};
    std::size_t decoded = 0;
    for (int i = 0; i < 20000; ++i) {
        std::string b;
        const int n = len(rng);
        for (int j = 0; j < n; ++j)
            b.push_back(static_cast<char>(byte(rng) < 96 ? headers[static_cast<std::size_t>(byte(rng)) % sizeof headers]
                                                         : byte(rng)));
        auto v = from_msgpack(b, kWireLimits);
        if (!v) {
            EXPECT_FALSE(v.error().empty());
            continue;
        }
        ++decoded;
        // What decodes re-encodes to something that decodes to the same.
        auto again = from_msgpack(to_msgpack(*v), kRoomy);
        ASSERT_TRUE(again) << again.error();
        EXPECT_TRUE(same(*again, *v));
    }
    EXPECT_GT(decoded, 0u);
}

// --- golden vectors (WIRE-PROTOCOL.md §9) ---

const std::filesystem::path kVectorDir = std::filesystem::path(SENSOR_SOURCE_DIR) / "transport" / "vectors";

// The vectors the protocol promises (transport/vectors/README.md): losing one fails.
const std::set<std::string> kRequiredVectors = {
    "device_update_event", "device_gone_merged_event", "sensor_health_event", "hello_request",
    "hello_reply",         "snapshot_chunk_reply",     "snapshot_end_reply",  "error_reply_400"};

std::string read_file(const std::filesystem::path& p) {
    std::ifstream f(p, std::ios::binary);
    std::ostringstream s;
    s << f.rdbuf();
    return s.str();
}

// JSON -> Value as the vectors mean it: a non-negative integer is uint64, a
// negative one int64, a number with a fraction or exponent a double.
Value from_json(const nlohmann::json& j) {
    using T = nlohmann::json::value_t;
    switch (j.type()) {
        case T::null: return Value{};
        case T::boolean: return Value(j.get<bool>());
        case T::number_unsigned: return Value(j.get<std::uint64_t>());
        case T::number_integer: return Value(j.get<std::int64_t>());
        case T::number_float: return Value(j.get<double>());
        case T::string: return Value(j.get<std::string>());
        case T::array: {
            Array a;
            for (const auto& e : j) a.push_back(from_json(e));
            return Value(std::move(a));
        }
        case T::object: {
            Map m;
            for (const auto& [k, e] : j.items()) m[k] = from_json(e);
            return Value(std::move(m));
        }
        default: ADD_FAILURE() << "a JSON value with no msgpack counterpart"; return Value{};
    }
}

// One line of lowercase hex digits, newline-terminated; anything else (upper
// case, spaces, a second line) is an edited file and fails.
std::optional<std::string> unhex(std::string text) {
    if (text.empty() || text.back() != '\n') return std::nullopt;
    text.pop_back();
    if (text.size() % 2 != 0) return std::nullopt;
    auto digit = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        return -1;
    };
    std::string out;
    for (std::size_t i = 0; i < text.size(); i += 2) {
        const int hi = digit(text[i]), lo = digit(text[i + 1]);
        if (hi < 0 || lo < 0) return std::nullopt;
        out.push_back(static_cast<char>(hi * 16 + lo));
    }
    return out;
}

std::string hex(std::string_view b) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string s;
    for (unsigned char c : b) {
        s.push_back(kDigits[c >> 4]);
        s.push_back(kDigits[c & 15]);
    }
    return s;
}

// SENSOR_UPDATE_VECTORS=1 rewrites every .hex from its .json with our encoder
// (add a vector: write NAME.json, run this, review both); otherwise each .hex
// must decode, under the wire limits, to its .json exactly, and re-encode to
// the same bytes.
TEST(CodecVectors, DecodeToTheirJsonAndReencodeToTheSameBytes) {
    ASSERT_TRUE(std::filesystem::is_directory(kVectorDir)) << kVectorDir;
    const bool update = std::getenv("SENSOR_UPDATE_VECTORS") != nullptr;
    std::set<std::string> seen;
    for (const auto& entry : std::filesystem::directory_iterator(kVectorDir)) {
        const auto& p = entry.path();
        const std::string ext = p.extension().string();
        if (ext != ".json" && ext != ".hex") continue;
        const std::string name = p.stem().string();
        if (!seen.insert(name).second) continue;
        SCOPED_TRACE(name);
        const auto json_path = kVectorDir / (name + ".json");
        const auto hex_path = kVectorDir / (name + ".hex");
        ASSERT_TRUE(std::filesystem::exists(json_path)) << "a .hex without its .json";
        const auto parsed = nlohmann::json::parse(read_file(json_path), nullptr, false);
        ASSERT_FALSE(parsed.is_discarded()) << "not JSON: " << json_path;
        const Value expected = from_json(parsed);
        const std::string encoded = to_msgpack(expected);
        if (update) {
            std::ofstream(hex_path, std::ios::binary | std::ios::trunc) << hex(encoded) << '\n';
            continue;
        }
        ASSERT_TRUE(std::filesystem::exists(hex_path)) << "a .json without its .hex (SENSOR_UPDATE_VECTORS=1 makes it)";
        const auto b = unhex(read_file(hex_path));
        ASSERT_TRUE(b) << "not one line of lowercase hex: " << hex_path;
        const auto decoded = from_msgpack(*b, kWireLimits);
        ASSERT_TRUE(decoded) << decoded.error();
        EXPECT_TRUE(same(*decoded, expected)) << "decoded: " << posture::to_json(*decoded)
                                              << "\nexpected: " << posture::to_json(expected);
        EXPECT_EQ(hex(to_msgpack(*decoded)), hex(*b)) << "re-encoding differs";
        EXPECT_EQ(hex(encoded), hex(*b)) << "our encoder writes other bytes for the .json";
    }
    for (const auto& r : kRequiredVectors) EXPECT_TRUE(seen.contains(r)) << "missing vector " << r;
    if (update) GTEST_SKIP() << "rewrote the .hex files in " << kVectorDir;
}

}  // namespace
}  // namespace transport

// transport/codec.cc (see codec.h).
#include "transport/codec.h"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <new>

#include <msgpack.hpp>

// The msgpackc-cxx CMake target selects API v3; describe_oversize needs the
// visitor parser of v2 and later.
static_assert(MSGPACK_DEFAULT_API_VERSION >= 2, "link transport_codec with msgpackc-cxx (API v3)");

namespace transport {
namespace {

using posture::Array;
using posture::Map;
using posture::Value;

// msgpack-c 4.1.2 and later (Debian 12 has 4.1.3) pack a double whose value
// is integral (1.0, 0.0, -0.0) as an integer (msgpack-c PR #1018), so a
// value's kind on the wire would depend on the value and on the library
// version: class.confidence 1.0 would arrive as the integer 1. A double is
// always float64 here, so a key keeps its type (WIRE-PROTOCOL.md §9) and the
// golden vectors are the same bytes whichever msgpack-c builds them.
void pack_float64(msgpack::sbuffer& out, double d) {
    const auto bits = std::bit_cast<std::uint64_t>(d);
    char b[9];
    b[0] = static_cast<char>(0xcb);
    for (int i = 0; i < 8; ++i) b[1 + i] = static_cast<char>(bits >> (56 - 8 * i));
    out.write(b, sizeof b);
}

// The packer writes straight through to `out`, so raw writes to `out` keep their place.
void pack(msgpack::sbuffer& out, msgpack::packer<msgpack::sbuffer>& pk, const Value& v) {
    std::visit(
        [&](const auto& x) {
            using T = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<T, std::monostate>) pk.pack_nil();
            else if constexpr (std::is_same_v<T, bool>) x ? pk.pack_true() : pk.pack_false();
            else if constexpr (std::is_same_v<T, std::uint64_t>) pk.pack_uint64(x);
            else if constexpr (std::is_same_v<T, std::int64_t>) pk.pack_int64(x);
            else if constexpr (std::is_same_v<T, double>) pack_float64(out, x);
            else if constexpr (std::is_same_v<T, std::string>) {
                pk.pack_str(static_cast<std::uint32_t>(x.size()));
                pk.pack_str_body(x.data(), static_cast<std::uint32_t>(x.size()));
            } else if constexpr (std::is_same_v<T, Array>) {
                pk.pack_array(static_cast<std::uint32_t>(x.size()));
                for (const auto& e : x) pack(out, pk, e);
            } else {
                pk.pack_map(static_cast<std::uint32_t>(x.size()));
                for (const auto& [k, e] : x) {
                    pk.pack_str(static_cast<std::uint32_t>(k.size()));
                    pk.pack_str_body(k.data(), static_cast<std::uint32_t>(k.size()));
                    pack(out, pk, e);
                }
            }
        },
        v.v);
}

std::string exceeds(const char* what, std::size_t n, const char* unit, std::size_t limit) {
    return std::string(what) + " of " + std::to_string(n) + " " + unit + " exceeds " + std::to_string(limit);
}

// msgpack-c's size exceptions do not say which object was too big or by how
// much. After one, this walks the same bytes again with the same limits and
// the same checks in the same order (size before depth, as
// create_object_visitor does), so the first violation it meets is the one
// that stopped the unpacker. It stops there and builds nothing, and it only
// runs on the error path.
class FirstOversize : public msgpack::null_visitor {
public:
    explicit FirstOversize(const DecodeLimits& limits) : limits_(limits) {}

    bool visit_str(const char*, std::uint32_t n) { return fits(n, limits_.str, "string", "bytes"); }
    bool visit_bin(const char*, std::uint32_t n) { return fits(n, limits_.bin, "bin", "bytes"); }
    bool start_array(std::uint32_t n) { return fits(n, limits_.array, "array", "elements") && enter(); }
    bool start_map(std::uint32_t n) { return fits(n, limits_.map, "map", "entries") && enter(); }
    bool end_array() { return leave(); }
    bool end_map() { return leave(); }

    std::string found;

private:
    bool fits(std::size_t n, std::size_t limit, const char* what, const char* unit) {
        if (n <= limit) return true;
        found = exceeds(what, n, unit, limit);
        return false;
    }
    // Depth is checked here too, so this walk cannot go deeper than the
    // unpacker would have.
    bool enter() { return ++depth_ <= limits_.depth; }
    bool leave() {
        --depth_;
        return true;
    }

    const DecodeLimits& limits_;
    int depth_ = 0;
};

std::string describe_oversize(std::string_view bytes, const DecodeLimits& limits, const char* fallback) {
    FirstOversize v(limits);
    std::size_t off = 0;
    try {
        (void)msgpack::parse(bytes.data(), bytes.size(), off, v);
    } catch (const std::exception&) {  // cannot happen with this visitor; the fallback covers it
    }
    return v.found.empty() ? std::string(fallback) : v.found;
}

// msgpack-c already bounded the depth, so this recursion is bounded by
// limits.depth too.
std::expected<Value, std::string> convert(const msgpack::object& o) {
    switch (o.type) {
        case msgpack::type::NIL: return Value{};
        case msgpack::type::BOOLEAN: return Value(o.via.boolean);
        case msgpack::type::POSITIVE_INTEGER: return Value(static_cast<std::uint64_t>(o.via.u64));
        case msgpack::type::NEGATIVE_INTEGER: return Value(static_cast<std::int64_t>(o.via.i64));
        case msgpack::type::FLOAT32:
        case msgpack::type::FLOAT64: return Value(o.via.f64);
        case msgpack::type::STR: return Value(std::string(o.via.str.ptr, o.via.str.size));
        case msgpack::type::BIN: return Value(std::string(o.via.bin.ptr, o.via.bin.size));
        case msgpack::type::ARRAY: {
            Array a;
            a.reserve(o.via.array.size);
            for (std::uint32_t i = 0; i < o.via.array.size; ++i) {
                auto e = convert(o.via.array.ptr[i]);
                if (!e) return e;
                a.push_back(std::move(*e));
            }
            return Value(std::move(a));
        }
        case msgpack::type::MAP: {
            Map m;
            for (std::uint32_t i = 0; i < o.via.map.size; ++i) {
                const auto& kv = o.via.map.ptr[i];
                if (kv.key.type != msgpack::type::STR) return std::unexpected("map key is not a string");
                auto e = convert(kv.val);
                if (!e) return e;
                if (!m.try_emplace(std::string(kv.key.via.str.ptr, kv.key.via.str.size), std::move(*e)).second)
                    return std::unexpected("duplicate map key");
            }
            return Value(std::move(m));
        }
        case msgpack::type::EXT:  // only when a caller allows ext sizes: a Value has no ext
        default: return std::unexpected("ext types are not accepted");
    }
}

}  // namespace

std::string to_msgpack(const Value& v) {
    msgpack::sbuffer buf;
    msgpack::packer<msgpack::sbuffer> pk(buf);
    pack(buf, pk, v);
    return std::string(buf.data(), buf.size());
}

std::expected<Value, std::string> from_msgpack(std::string_view bytes, const DecodeLimits& limits) {
    const msgpack::unpack_limit limit(limits.array, limits.map, limits.str, limits.bin, limits.ext,
                                      static_cast<std::size_t>(std::max(limits.depth, 0)));
    // msgpack-c reports every problem by throwing (most derived types first below).
    try {
        std::size_t off = 0;
        const msgpack::object_handle oh = msgpack::unpack(bytes.data(), bytes.size(), off, nullptr, nullptr, limit);
        if (off != bytes.size()) return std::unexpected("trailing bytes");
        return convert(oh.get());
    } catch (const msgpack::depth_size_overflow&) {
        return std::unexpected("nesting deeper than " + std::to_string(limits.depth));
    } catch (const msgpack::ext_size_overflow&) {
        return std::unexpected("ext types are not accepted");
    } catch (const msgpack::array_size_overflow&) {
        return std::unexpected(describe_oversize(bytes, limits, "array exceeds its limit"));
    } catch (const msgpack::map_size_overflow&) {
        return std::unexpected(describe_oversize(bytes, limits, "map exceeds its limit"));
    } catch (const msgpack::str_size_overflow&) {
        return std::unexpected(describe_oversize(bytes, limits, "string exceeds its limit"));
    } catch (const msgpack::bin_size_overflow&) {
        return std::unexpected(describe_oversize(bytes, limits, "bin exceeds its limit"));
    } catch (const msgpack::insufficient_bytes&) {
        return std::unexpected("truncated");
    } catch (const msgpack::parse_error&) {
        return std::unexpected("malformed");
    } catch (const std::bad_alloc&) {  // bounded by the limits, but the zone allocates
        return std::unexpected("out of memory");
    } catch (const std::exception& e) {
        return std::unexpected(std::string("undecodable: ") + e.what());
    }
}

}  // namespace transport

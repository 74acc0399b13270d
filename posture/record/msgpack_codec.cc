// posture/record/msgpack_codec.cc (see msgpack_codec.h).
#include "posture/record/msgpack_codec.h"

#include <msgpack.hpp>

namespace posture {
namespace {

void pack(msgpack::packer<msgpack::sbuffer>& pk, const Value& v) {
    std::visit(
        [&](const auto& x) {
            using T = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<T, std::monostate>) pk.pack_nil();
            else if constexpr (std::is_same_v<T, bool>) x ? pk.pack_true() : pk.pack_false();
            else if constexpr (std::is_same_v<T, std::uint64_t>) pk.pack_uint64(x);
            else if constexpr (std::is_same_v<T, std::int64_t>) pk.pack_int64(x);
            else if constexpr (std::is_same_v<T, double>) pk.pack_double(x);
            else if constexpr (std::is_same_v<T, std::string>) {
                pk.pack_str(static_cast<std::uint32_t>(x.size()));
                pk.pack_str_body(x.data(), static_cast<std::uint32_t>(x.size()));
            } else if constexpr (std::is_same_v<T, Array>) {
                pk.pack_array(static_cast<std::uint32_t>(x.size()));
                for (const auto& e : x) pack(pk, e);
            } else {
                pk.pack_map(static_cast<std::uint32_t>(x.size()));
                for (const auto& [k, e] : x) {
                    pk.pack_str(static_cast<std::uint32_t>(k.size()));
                    pk.pack_str_body(k.data(), static_cast<std::uint32_t>(k.size()));
                    pack(pk, e);
                }
            }
        },
        v.v);
}

std::expected<Value, std::string> convert(const msgpack::object& o, int depth) {
    if (depth > kMaxMsgpackDepth) return std::unexpected("msgpack: nested deeper than " + std::to_string(kMaxMsgpackDepth));
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
                auto e = convert(o.via.array.ptr[i], depth + 1);
                if (!e) return e;
                a.push_back(std::move(*e));
            }
            return Value(std::move(a));
        }
        case msgpack::type::MAP: {
            Map m;
            for (std::uint32_t i = 0; i < o.via.map.size; ++i) {
                const auto& kv = o.via.map.ptr[i];
                if (kv.key.type != msgpack::type::STR) return std::unexpected("msgpack: a map key is not a string");
                auto e = convert(kv.val, depth + 1);
                if (!e) return e;
                m.insert_or_assign(std::string(kv.key.via.str.ptr, kv.key.via.str.size), std::move(*e));
            }
            return Value(std::move(m));
        }
        default: return std::unexpected("msgpack: unsupported object type");
    }
}

}  // namespace

std::string to_msgpack(const Value& v) {
    msgpack::sbuffer buf;
    msgpack::packer<msgpack::sbuffer> pk(buf);
    pack(pk, v);
    return std::string(buf.data(), buf.size());
}

std::expected<Value, std::string> from_msgpack(std::string_view bytes) {
    try {
        std::size_t off = 0;
        const msgpack::object_handle oh = msgpack::unpack(bytes.data(), bytes.size(), off);
        if (off != bytes.size()) return std::unexpected("msgpack: trailing bytes after the object");
        return convert(oh.get(), 0);
    } catch (const std::exception& e) {  // msgpack-c reports malformed input by throwing
        return std::unexpected(std::string("msgpack: ") + e.what());
    }
}

}  // namespace posture

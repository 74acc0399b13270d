// posture/record/value.h
// A small owned document tree for device records: the one shape that both the
// offline JSON rendering (here) and the msgpack encoder (transport/) walk. Keys
// of a map are kept sorted, so every rendering is canonical.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <variant>
#include <vector>

namespace posture {

struct Value;
using Array = std::vector<Value>;
using Map = std::map<std::string, Value, std::less<>>;

struct Value {
    std::variant<std::monostate, bool, std::uint64_t, std::int64_t, double, std::string, Array, Map> v;

    Value() = default;
    Value(bool b) : v(b) {}
    Value(std::uint64_t u) : v(u) {}
    Value(std::uint32_t u) : v(std::uint64_t{u}) {}
    Value(std::uint16_t u) : v(std::uint64_t{u}) {}
    Value(std::int64_t i) : v(i) {}
    Value(int i) : v(std::int64_t{i}) {}
    Value(double d) : v(d) {}
    Value(std::string s) : v(std::move(s)) {}
    Value(const char* s) : v(std::string(s)) {}
    Value(Array a) : v(std::move(a)) {}
    Value(Map m) : v(std::move(m)) {}

    [[nodiscard]] bool is_null() const noexcept { return std::holds_alternative<std::monostate>(v); }
    [[nodiscard]] const Map* as_map() const noexcept { return std::get_if<Map>(&v); }
    [[nodiscard]] const Array* as_array() const noexcept { return std::get_if<Array>(&v); }
    [[nodiscard]] const std::string* as_string() const noexcept { return std::get_if<std::string>(&v); }
};

// Compact JSON, keys in sorted order, strings escaped per RFC 8259 (control
// characters as \u00XX; bytes that are not valid UTF-8 as \u00XX of the byte,
// so the output is always valid UTF-8 whatever came off the wire).
[[nodiscard]] std::string to_json(const Value& v);
void append_json(std::string& out, const Value& v);

}  // namespace posture

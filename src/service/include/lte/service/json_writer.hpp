#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lte::service {

// A minimal JSON writer for the control socket (the project takes no JSON library).
// Commas are placed by the writer; strings are escaped per RFC 8259 and invalid UTF-8
// (a modem's line noise) becomes U+FFFD so every reply stays parseable.
class JsonWriter {
public:
    JsonWriter& begin_object();
    JsonWriter& end_object();
    JsonWriter& begin_array();
    JsonWriter& end_array();
    JsonWriter& key(std::string_view name);

    JsonWriter& value(std::string_view text);
    JsonWriter& value(const char* text) { return value(std::string_view(text)); }
    JsonWriter& value(bool flag);
    JsonWriter& value(std::int64_t number);
    JsonWriter& value(std::uint64_t number);
    JsonWriter& value(int number) { return value(static_cast<std::int64_t>(number)); }
    JsonWriter& value(double number);  // the shortest form that reads back the same; NaN and infinities: null
    JsonWriter& null();

    [[nodiscard]] const std::string& str() const noexcept { return out_; }

private:
    void separate();

    std::string out_;
    std::vector<bool> first_;  // per open container: no element written yet
    bool after_key_ = false;
};

// text with each byte that is not part of valid UTF-8 replaced by U+FFFD (a modem's line noise).
[[nodiscard]] std::string valid_utf8(std::string_view text);

// text as a quoted, escaped JSON string.
[[nodiscard]] std::string json_quote(std::string_view text);

}  // namespace lte::service

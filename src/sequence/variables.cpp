#include "lte/sequence/variables.hpp"

#include <cctype>
#include <functional>

#include <fmt/format.h>

#include "lte/common/secrets.hpp"

namespace lte::sequence {
namespace {

bool valid_name(std::string_view name) {
    if (name.empty() || std::isdigit(static_cast<unsigned char>(name.front()))) return false;
    for (char c : name)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
    return true;
}

// Calls on_text for literal runs and on_var for each ${name}, in order.
void scan(std::string_view text, const std::function<void(std::string_view)>& on_text,
          const std::function<void(std::string_view)>& on_var) {
    std::size_t pos = 0;
    while (pos < text.size()) {
        const auto open = text.find("${", pos);
        if (open == std::string_view::npos) break;
        on_text(text.substr(pos, open - pos));
        const auto close = text.find('}', open + 2);
        if (close == std::string_view::npos)
            throw SubstitutionError(fmt::format("'${{' without a closing '}}' in \"{}\"", text));
        const auto name = text.substr(open + 2, close - open - 2);
        if (!valid_name(name))
            throw SubstitutionError(fmt::format("'${{{}}}' is not a variable name (letters, digits, _)", name));
        on_var(name);
        pos = close + 1;
    }
    on_text(text.substr(std::min(pos, text.size())));
}

const std::string& value_of(std::string_view name, const Variables& vars) {
    const auto* value = vars.find(name);
    if (!value) throw SubstitutionError(fmt::format("unknown variable ${{{}}}", name));
    return *value;
}

std::string substitute(std::string_view text, const Variables& vars,
                       const std::function<std::string(std::string_view, const std::string&)>& render) {
    std::string out;
    scan(
        text, [&](std::string_view literal) { out += literal; },
        [&](std::string_view name) { out += render(name, value_of(name, vars)); });
    return out;
}

}  // namespace

void Variables::set(const std::string& name, std::string value, bool secret) {
    if (secret) secret_.insert(name);
    if (is_secret(name)) SecretRegistry::instance().add(value);
    values_[name] = std::move(value);
}

void Variables::mark_secret(const std::string& name) {
    secret_.insert(name);
    if (const auto* value = find(name)) SecretRegistry::instance().add(*value);
}

const std::string* Variables::find(std::string_view name) const {
    const auto it = values_.find(name);
    return it == values_.end() ? nullptr : &it->second;
}

bool Variables::is_secret(std::string_view name) const { return secret_.find(name) != secret_.end(); }

std::vector<std::string> referenced_variables(std::string_view text) {
    std::vector<std::string> names;
    scan(
        text, [](std::string_view) {}, [&](std::string_view name) { names.emplace_back(name); });
    return names;
}

const char* unsafe_for_at(std::string_view value) noexcept {
    for (unsigned char c : value) {
        if (c == '"') return "a double quote";
        if (c == '\r') return "a carriage return";
        if (c == '\n') return "a line feed";
        if (c == ';') return "a ';' (it would start a second AT command)";
        if (c < 0x20 || c == 0x7f) return "a control character";
    }
    return nullptr;
}

std::string substitute_command(std::string_view text, const Variables& vars) {
    return substitute(text, vars, [&](std::string_view name, const std::string& value) {
        if (const char* why = unsafe_for_at(value))
            throw SubstitutionError(
                fmt::format("the value of ${{{}}} contains {}, which cannot be sent inside an AT command", name, why));
        return value;
    });
}

std::string substitute_plain(std::string_view text, const Variables& vars) {
    return substitute(text, vars, [](std::string_view, const std::string& value) { return value; });
}

std::string substitute_regex(std::string_view text, const Variables& vars) {
    return substitute(text, vars, [](std::string_view, const std::string& value) {
        std::string escaped;
        for (char c : value) {
            if (std::string_view("\\^$.|?*+()[]{}").find(c) != std::string_view::npos) escaped += '\\';
            escaped += c;
        }
        return escaped;
    });
}

}  // namespace lte::sequence

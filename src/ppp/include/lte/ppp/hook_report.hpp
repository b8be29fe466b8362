#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace lte::ppp {

// Where the ppp hook (packaging/ppp-hook, pppd's ip-up-script) tells us what it did: pppd sends a
// script's output nowhere, and "online" must wait until the network's DNS servers have reached the
// system's resolver. A private directory (0700) of its own, removed with this object; the hook writes
// <dir>/ip-up.tmp and renames it to <dir>/ip-up as its last act, so the file appearing means "done".
class HookReport {
public:
    // Throws std::system_error naming the directory it could not create.
    HookReport();
    ~HookReport();
    HookReport(const HookReport&) = delete;
    HookReport& operator=(const HookReport&) = delete;

    // The file the hook renames into place (its LTE_HOOK_REPORT).
    [[nodiscard]] std::string path() const { return (dir_ / "ip-up").string(); }
    // The hook's messages once it has finished, else nothing. Bounded whatever the file holds:
    // kMaxLines lines of at most kMaxLineBytes each.
    [[nodiscard]] std::optional<std::vector<std::string>> messages() const;

    static constexpr std::size_t kMaxLines = 16;
    static constexpr std::size_t kMaxLineBytes = 512;

private:
    std::filesystem::path dir_;
};

}  // namespace lte::ppp

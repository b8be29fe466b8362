#pragma once
#include <chrono>
#include <cstddef>
#include <functional>
#include <set>
#include <string>
#include <string_view>

#include "lte/mux/frame_decoder.hpp"

namespace lte::sim {

// The modem's end of 27.010 (basic option) on the single port once AT+CMUX=0 has been answered:
// UA for the initiator's SABM and DISC, an MSC of its own once a channel is open (carrier, ready)
// and a response to the initiator's, CLD's response, NSC for the messages it does not know. DLCI n
// carries the model's port n-1 (1: AT, 2: data), as a SIM7600 or EC25 lays them out by default.
class CmuxResponder {
public:
    struct Hooks {
        std::function<void(std::string, std::chrono::milliseconds)> write;  // frames for the UART
        std::function<void(int port, std::string_view)> data;               // a channel's bytes for the model
        std::function<void(int port)> closed;                               // DISC of a channel
        std::function<void()> ended;  // CLD, or DISC of DLCI 0: the port is plain AT again
    };
    static constexpr int kChannels = 2;

    // n1: the longest information field (AT+CMUX's N1): longer data goes out in several frames.
    CmuxResponder(std::size_t n1, Hooks hooks);

    void receive(std::string_view bytes);
    // The model's bytes for `port` as UIH frames on its DLCI; nothing while that channel is closed.
    void send(int port, std::string_view bytes, std::chrono::milliseconds delay);
    // MSC with the carrier (DV) off on the data channel: what a modem says when a call ends.
    void carrier_lost(int port);

    [[nodiscard]] const mux::DecodeStats& stats() const noexcept { return decoder_.stats(); }

private:
    void on_frame(const mux::Frame& frame);
    void on_control(const mux::Frame& frame);
    void reply(const mux::Frame& frame);
    void modem_status(int dlci, bool carrier);

    std::size_t n1_;
    Hooks hooks_;
    mux::FrameDecoder decoder_;
    std::set<int> open_;  // DLCIs opened by SABM, 0 included
};

}  // namespace lte::sim

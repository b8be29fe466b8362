#include "lte/sim/cmux_responder.hpp"

#include <span>
#include <vector>

#include "lte/mux/control_message.hpp"
#include "lte/mux/frame.hpp"

namespace lte::sim {

namespace {

using namespace std::chrono_literals;
using mux::Frame;
using mux::FrameType;

std::string bytes_of(const std::vector<std::uint8_t>& v) { return {v.begin(), v.end()}; }

}  // namespace

CmuxResponder::CmuxResponder(std::size_t n1, Hooks hooks) : n1_(n1), hooks_(std::move(hooks)), decoder_(n1) {}

void CmuxResponder::receive(std::string_view bytes) {
    std::vector<Frame> frames;
    decoder_.feed(std::span(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()), frames);
    for (const auto& f : frames) on_frame(f);
}

// The responder's responses (UA, DM) carry C/R set; its commands, UIH frames among them, clear it
// (27.010 5.2.1.2).
void CmuxResponder::reply(const Frame& frame) { hooks_.write(bytes_of(mux::encode(frame)), 0ms); }

void CmuxResponder::on_frame(const Frame& frame) {
    const int dlci = frame.dlci;
    switch (frame.type) {
        case FrameType::SABM:
            if (dlci != 0 && (dlci > kChannels || !open_.contains(0))) {
                reply({frame.dlci, FrameType::DM, true, frame.poll_final, {}});
                return;
            }
            open_.insert(dlci);
            reply({frame.dlci, FrameType::UA, true, frame.poll_final, {}});
            if (dlci != 0) modem_status(dlci, true);
            return;
        case FrameType::DISC:
            reply({frame.dlci, open_.contains(dlci) ? FrameType::UA : FrameType::DM, true, frame.poll_final, {}});
            if (!open_.erase(dlci)) return;
            if (dlci == 0) {
                hooks_.ended();
                return;
            }
            hooks_.closed(dlci - 1);
            return;
        case FrameType::UIH:
        case FrameType::UI:
            if (!open_.contains(dlci)) return;  // 27.010 5.4.1: frames on a closed DLCI are discarded
            if (dlci == 0) return on_control(frame);
            if (dlci <= kChannels)
                hooks_.data(dlci - 1,
                            std::string_view(reinterpret_cast<const char*>(frame.info.data()), frame.info.size()));
            return;
        case FrameType::UA:
        case FrameType::DM: return;  // answers to nothing this side asks
    }
}

void CmuxResponder::on_control(const Frame& frame) {
    const auto messages = mux::decode_control(frame.info);
    if (!messages) return;
    for (const auto& m : *messages) {
        if (!m.command) continue;  // a response to our MSC
        mux::ControlMessage answer{m.type, false, m.values};
        bool close = false;
        switch (m.type) {
            case mux::ControlType::MSC:
            case mux::ControlType::Test:
            case mux::ControlType::FCon:
            case mux::ControlType::FCoff:
            case mux::ControlType::PSC: break;
            case mux::ControlType::CLD: close = true; break;
            default:
                answer = {mux::ControlType::NSC,
                          false,
                          {static_cast<std::uint8_t>((static_cast<unsigned>(m.type) << 2U) | 0x03U)}};
        }
        reply({0, FrameType::UIH, false, false, mux::encode(answer)});
        if (close) {
            open_.clear();
            hooks_.ended();
            return;
        }
    }
}

void CmuxResponder::modem_status(int dlci, bool carrier) {
    const mux::ModemStatus status{static_cast<std::uint8_t>(dlci), false, true, true, false, carrier};
    hooks_.write(bytes_of(mux::encode(
                     Frame{0, FrameType::UIH, false, false, mux::encode(mux::modem_status_message(status, true))})),
                 0ms);
}

void CmuxResponder::carrier_lost(int port) {
    if (open_.contains(port + 1)) modem_status(port + 1, false);
}

void CmuxResponder::send(int port, std::string_view bytes, std::chrono::milliseconds delay) {
    const int dlci = port + 1;
    if (!open_.contains(dlci)) return;
    while (!bytes.empty()) {
        const auto chunk = bytes.substr(0, n1_);
        bytes.remove_prefix(chunk.size());
        hooks_.write(bytes_of(mux::encode(Frame{
                         static_cast<std::uint8_t>(dlci), FrameType::UIH, false, false, {chunk.begin(), chunk.end()}})),
                     delay);
        delay = 0ms;
    }
}

}  // namespace lte::sim

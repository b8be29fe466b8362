#include "lte/service/tty_events.hpp"

#include <unistd.h>

#include <system_error>

#include <systemd/sd-device.h>
#include <systemd/sd-event.h>

namespace lte::service {

namespace {

void check(int rc, const char* what) {
    if (rc < 0) throw std::system_error(-rc, std::generic_category(), what);
}

}  // namespace

struct TtyEvents::State {
    explicit State(asio::io_context& io) : descriptor(io) {}
    ~State() {
        descriptor.release();  // sd-event owns its fd
        if (monitor) sd_device_monitor_unref(monitor);
        if (event) sd_event_unref(event);
    }
    State(const State&) = delete;
    State& operator=(const State&) = delete;

    sd_event* event = nullptr;
    sd_device_monitor* monitor = nullptr;
    asio::posix::stream_descriptor descriptor;
    std::function<void()> changed;
};

bool TtyEvents::udev_running() { return ::access("/run/udev/control", F_OK) == 0; }

TtyEvents::TtyEvents(asio::io_context& io, std::function<void()> changed) : state_(std::make_shared<State>(io)) {
    auto& s = *state_;
    s.changed = std::move(changed);
    check(sd_event_new(&s.event), "sd_event_new");
    check(sd_device_monitor_new(&s.monitor), "sd_device_monitor_new (udev's netlink socket)");
    check(sd_device_monitor_filter_add_match_subsystem_devtype(s.monitor, "tty", nullptr),
          "sd_device_monitor_filter_add_match_subsystem_devtype(tty)");
    check(sd_device_monitor_attach_event(s.monitor, s.event), "sd_device_monitor_attach_event");
    check(sd_device_monitor_start(
              s.monitor,
              [](sd_device_monitor*, sd_device*, void* user) {
                  static_cast<State*>(user)->changed();
                  return 0;
              },
              &s),
          "sd_device_monitor_start");
    s.descriptor.assign(sd_event_get_fd(s.event));
    arm(state_);
}

TtyEvents::~TtyEvents() {
    if (state_) state_->descriptor.cancel();
}

void TtyEvents::arm(const std::shared_ptr<State>& state) {
    state->descriptor.async_wait(asio::posix::stream_descriptor::wait_read,
                                 [weak = std::weak_ptr<State>(state)](const boost::system::error_code& ec) {
                                     const auto alive = weak.lock();
                                     if (ec || !alive) return;  // cancelled, or we are gone
                                     // Everything pending, without blocking: 0 once nothing is left.
                                     while (sd_event_run(alive->event, 0) > 0) {
                                     }
                                     arm(alive);
                                 });
}

}  // namespace lte::service

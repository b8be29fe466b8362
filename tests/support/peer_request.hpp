#pragma once
// One control-socket request from another user: a forked child drops to uid/gid 65534 (nobody)
// with the given supplementary groups, sends `request` and passes the reply back through a pipe.
// Needs root. A child that fails reports the step by its exit code: "child failed at step N"
// (2: dropping privileges, 3: connect, 4: write, 5: passing the reply on).
#include <grp.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "lte/common/scoped_fd.hpp"

namespace lte::test {

inline std::string request_as_nobody(const std::filesystem::path& socket, const std::string& request,
                                     const std::vector<gid_t>& groups = {}) {
    int pipe_fds[2];
    if (::pipe(pipe_fds) != 0) return "pipe failed";
    ScopedFd read_end(pipe_fds[0]), write_end(pipe_fds[1]);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::strncpy(addr.sun_path, socket.c_str(), sizeof addr.sun_path - 1);
    const std::string line = request + "\n";
    const pid_t child = ::fork();
    if (child < 0) return "fork failed";
    if (child == 0) {
        // Only async-signal-safe calls here: the parent may have other threads.
        if (::setgroups(groups.size(), groups.data()) != 0 || ::setgid(65534) != 0 || ::setuid(65534) != 0) ::_exit(2);
        const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
        if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) ::_exit(3);
        if (::write(fd, line.data(), line.size()) != static_cast<ssize_t>(line.size())) ::_exit(4);
        char buf[1024];
        for (ssize_t n; (n = ::read(fd, buf, sizeof buf)) > 0;)
            if (::write(pipe_fds[1], buf, static_cast<std::size_t>(n)) != n) ::_exit(5);
        ::_exit(0);
    }
    write_end.reset();
    std::string reply;
    char buf[512];
    for (ssize_t n; (n = ::read(read_end.get(), buf, sizeof buf)) > 0;) reply.append(buf, static_cast<std::size_t>(n));
    int wstatus = 0;
    if (::waitpid(child, &wstatus, 0) != child || !WIFEXITED(wstatus)) return "child did not exit";
    if (WEXITSTATUS(wstatus) != 0) return "child failed at step " + std::to_string(WEXITSTATUS(wstatus));
    return reply;
}

}  // namespace lte::test

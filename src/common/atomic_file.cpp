#include "lte/common/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <system_error>

#include "lte/common/scoped_fd.hpp"

namespace lte {

namespace {

// errno is taken before the temporary is removed: unlink may change it.
[[noreturn]] void abandon(const std::string& what, const std::filesystem::path& named,
                          const std::filesystem::path& temporary) {
    const int err = errno;
    ::unlink(temporary.c_str());
    throw std::system_error(err, std::generic_category(), what + " " + named.string());
}

}  // namespace

void write_file_atomically(const std::filesystem::path& path, std::string_view content, mode_t mode) {
    const std::filesystem::path temporary = path.string() + "." + std::to_string(::getpid()) + ".tmp";
    {
        ScopedFd fd(::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, mode));
        if (!fd.valid()) throw std::system_error(errno, std::generic_category(), "cannot create " + temporary.string());
        if (::fchmod(fd.get(), mode) != 0)
            abandon("cannot set the mode of", temporary, temporary);  // whatever the umask
        for (std::size_t done = 0; done < content.size();) {
            const ssize_t n = ::write(fd.get(), content.data() + done, content.size() - done);
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) abandon("cannot write", temporary, temporary);
            done += static_cast<std::size_t>(n);
        }
        if (::fsync(fd.get()) != 0) abandon("cannot sync", temporary, temporary);
    }
    if (::rename(temporary.c_str(), path.c_str()) != 0) abandon("cannot replace", path, temporary);
}

}  // namespace lte

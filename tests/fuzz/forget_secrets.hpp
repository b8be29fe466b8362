#pragma once
// Each fuzz input stands for a process of its own: a password one input registers must not stay
// registered for the next ones. Otherwise the registry grows by one entry per input (it is kept
// sorted, and masking walks it), and a long run slows down the longer it runs.
#include "lte/common/secrets.hpp"

namespace lte::fuzz {

struct ForgetSecrets {
    ForgetSecrets() = default;
    ForgetSecrets(const ForgetSecrets&) = delete;
    ForgetSecrets& operator=(const ForgetSecrets&) = delete;
    ~ForgetSecrets() { SecretRegistry::instance().clear(); }
};

}  // namespace lte::fuzz

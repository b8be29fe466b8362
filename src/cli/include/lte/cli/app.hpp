#pragma once

namespace lte::cli {

// Exit codes of every subcommand.
enum ExitCode : int {
    kOk = 0,
    kFailed = 1,       // the connection failed / the modem said no
    kUsage = 2,        // bad command line or configuration
    kPortProblem = 3,  // a port is missing or busy
    kGaveUp = 4,       // retrying cannot help (no kernel PPP, credentials rejected)
};

// lte-dialer's command line. argv's password (if any) is wiped once read so `ps` cannot show it.
int run_app(int argc, char** argv);

}  // namespace lte::cli

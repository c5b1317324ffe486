#ifndef FRICTIONLENS_NATIVE_CLI_CLI_ARGS_H_
#define FRICTIONLENS_NATIVE_CLI_CLI_ARGS_H_

// A small argument parser for subcommands: `--name value`, `--name=value`, boolean
// switches, and positional arguments. Unknown flags are usage errors (exit 2).

#include <map>
#include <set>
#include <string>
#include <vector>

namespace fl::cli {

enum ExitCode {
  kExitOk = 0,
  kExitFailure = 1,     // an analysis or output failure not caused by the input
  kExitUsage = 2,       // bad command line
  kExitBadInput = 3,    // unreadable input file or journey spec
  kExitRejectedRows = 4 // --strict and at least one row was rejected
};

struct ParsedArgs {
  std::vector<std::string> positional;
  std::map<std::string, std::string> values;  // flags with a value
  std::set<std::string> switches;             // flags without a value
  bool Has(const std::string& name) const { return values.count(name) || switches.count(name); }
  std::string Get(const std::string& name, const std::string& fallback = "") const {
    auto it = values.find(name);
    return it == values.end() ? fallback : it->second;
  }
};

// `value_flags` take a value; `switch_flags` do not. On error returns false and sets *error.
bool ParseArgs(const std::vector<std::string>& args, const std::set<std::string>& value_flags,
               const std::set<std::string>& switch_flags, ParsedArgs* out, std::string* error);

}  // namespace fl::cli

#endif  // FRICTIONLENS_NATIVE_CLI_CLI_ARGS_H_

#include "native-cli/cli_args.h"

namespace fl::cli {

bool ParseArgs(const std::vector<std::string>& args, const std::set<std::string>& value_flags,
               const std::set<std::string>& switch_flags, ParsedArgs* out, std::string* error) {
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg.size() < 2 || arg[0] != '-' || arg == "-") {
      out->positional.push_back(arg);
      continue;
    }
    if (arg == "--") {
      out->positional.insert(out->positional.end(), args.begin() + i + 1, args.end());
      break;
    }
    std::string name = arg.substr(arg[1] == '-' ? 2 : 1);
    std::string value;
    bool has_value = false;
    if (size_t eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      has_value = true;
    }
    if (name == "h") name = "help";
    if (switch_flags.count(name)) {
      if (has_value) {
        *error = "--" + name + " takes no value";
        return false;
      }
      out->switches.insert(name);
    } else if (value_flags.count(name)) {
      if (!has_value) {
        if (i + 1 >= args.size()) {
          *error = "--" + name + " needs a value";
          return false;
        }
        value = args[++i];
      }
      out->values[name] = value;
    } else {
      *error = "unknown option --" + name;
      return false;
    }
  }
  return true;
}

}  // namespace fl::cli

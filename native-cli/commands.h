#ifndef FRICTIONLENS_NATIVE_CLI_COMMANDS_H_
#define FRICTIONLENS_NATIVE_CLI_COMMANDS_H_

// One function per subcommand; each returns a process exit code (cli_args.h).

#include <string>
#include <vector>

namespace fl::cli {

int RunAnalyze(const std::vector<std::string>& args);
int RunDemo(const std::vector<std::string>& args);
int RunExplain(const std::vector<std::string>& args);
int RunGenerate(const std::vector<std::string>& args);
int RunMerge(const std::vector<std::string>& args);
int RunPartial(const std::vector<std::string>& args);
int RunPlan(const std::vector<std::string>& args);
int RunReport(const std::vector<std::string>& args);
int RunShard(const std::vector<std::string>& args);
int RunValidate(const std::vector<std::string>& args);

}  // namespace fl::cli

#endif  // FRICTIONLENS_NATIVE_CLI_COMMANDS_H_

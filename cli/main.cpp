// pith: learns which paragraphs of a web page are content and labels new pages.
#include <cstdio>
#include <map>

#include <fmt/format.h>

#include "cli/commands.h"
#include "features/error.h"
#include "features/version.h"

int main(int argc, char** argv) {
  using namespace pith::cli;
  CLI::App app{"pith labels the paragraphs of web pages as content or boilerplate, with a model it learns from "
               "labelled pages.",
               "pith"};
  app.set_version_flag("--version", std::string("pith ") + pith::kVersion);
  app.require_subcommand(1);
  app.footer("Run 'pith COMMAND --help' for a command's options. Exit codes: 0 success, 1 data error, 2 usage error.");

  std::map<CLI::App*, CommandRunner> runners;
  const auto add = [&](CommandRunner (*adder)(CLI::App&)) {
    const std::size_t before = app.get_subcommands({}).size();
    CommandRunner runner = adder(app);
    runners[app.get_subcommands({})[before]] = std::move(runner);
  };
  add(add_infer_command);
  add(add_train_command);
  add(add_eval_command);
  add(add_dataset_command);
  add(add_model_command);
  add(add_features_command);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    fmt::print(stderr, "pith: {}\nRun 'pith --help' (or 'pith COMMAND --help') for usage.\n", e.what());
    return kExitUsageError;
  }

  try {
    for (const auto& [command, run] : runners)
      if (command->parsed()) return run();
  } catch (const UsageError& e) {
    fmt::print(stderr, "pith: {}\nRun 'pith --help' (or 'pith COMMAND --help') for usage.\n", e.what());
    return kExitUsageError;
  } catch (const pith::Error& e) {
    fmt::print(stderr, "pith: {}\n", e.what());
    return kExitDataError;
  } catch (const std::exception& e) {
    fmt::print(stderr, "pith: internal error: {}\n", e.what());
    return kExitDataError;
  }
  return kExitUsageError;
}

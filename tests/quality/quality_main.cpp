// Quality floors on the shared datasets. Skipped (exit 77, which CTest reports as skipped)
// with a message when ../shared is absent; everything else in the suite runs everywhere.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>

int main(int argc, char** argv) {
  for (const char* needed : {PITH_SHARED_DIR "/seed/news-page.txt", PITH_DATASETS "/wcxb/splits.tsv"}) {
    if (!std::filesystem::exists(needed)) {
      std::printf("skipped: %s is absent (the shared datasets are not beside this checkout)\n", needed);
      return 77;
    }
  }
  return Catch::Session().run(argc, argv);
}

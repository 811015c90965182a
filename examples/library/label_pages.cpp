// Labels the pages named on the command line with pith's library API and prints, for each,
// its content paragraphs with their p(content) and then its main text as Markdown.
//   label_pages [--model FILE] page.html...
// Built with the project and run by ctest (docs/library.md).
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <pith/pith.h>

int main(int argc, char** argv) {
  std::string model_path;
  std::vector<std::string> pages;
  for (int i = 1; i < argc; ++i) {
    const std::string argument = argv[i];
    if (argument == "--model" && i + 1 < argc) model_path = argv[++i];
    else pages.push_back(argument);
  }
  try {
    pith::Classifier classifier = pith::Classifier::load(model_path);  // once, then many pages
    int failed = 0;
    for (const std::string& path : pages) {
      std::ifstream in(path, std::ios::binary);
      const std::string bytes((std::istreambuf_iterator<char>(in)), {});
      try {
        pith::PageOptions options;
        options.source = path;
        const pith::PageResult page = classifier.label(bytes, options);
        std::printf("# %s: %zu paragraphs\n", path.c_str(), page.paragraphs.size());
        for (const pith::ParagraphResult& paragraph : page.paragraphs)
          if (paragraph.is_content())
            std::printf("%3zu %-4s %.3f %.60s\n", paragraph.index, paragraph.tag.c_str(), paragraph.p_content,
                        paragraph.text.c_str());
        std::printf("\n%s\n", page.markdown.c_str());
      } catch (const pith::Error& e) {  // this page only: the others are still labelled
        std::fprintf(stderr, "label_pages: %s\n", e.what());
        ++failed;
      }
    }
    return failed > 0 ? 1 : 0;
  } catch (const pith::Error& e) {  // the model could not be loaded
    std::fprintf(stderr, "label_pages: %s\n", e.what());
    return 2;
  }
}

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "features/class_id_chain_cache.h"
#include "features/html_segmenter.h"

using namespace pith;

TEST_CASE("a chain is found again only by the same values under the same ancestor chain") {
  ClassIdChainCache cache;
  const std::vector<ClassIdChainCache::Word> words = {{0, 4, 11}, {5, 4, 22}};
  const std::uint64_t key = ClassIdChainCache::key("card item", 7);
  CHECK(cache.find("card item", 7, key) == nullptr);
  cache.add("card item", 7, key, words, "card item", 42);
  const ClassIdChainCache::Chain* chain = cache.find("card item", 7, key);
  REQUIRE(chain != nullptr);
  CHECK(chain->id == 42);
  CHECK(cache.text(*chain) == "card item");
  REQUIRE(chain->words_end - chain->words_begin == 2);
  CHECK(cache.word(chain->words_begin + 1).offset == 5);
  CHECK(cache.word(chain->words_begin + 1).hash == 22);
  CHECK(cache.find("card item", 8, ClassIdChainCache::key("card item", 8)) == nullptr);
  // the key is a hash: values that are not the same are never taken for them, even under one key
  CHECK(cache.find("card items", 7, key) == nullptr);
  CHECK(ClassIdChainCache::key("card item", 7) != ClassIdChainCache::key("card item", 8));
}

TEST_CASE("elements that repeat under the same ancestors get the same class/id words as the first") {
  // the second and third items are built from the cache, the fourth under another ancestor is not
  const std::string html =
      "<div class='comments commentList'><ul id='thread'>"
      "<li class='comment-item odd'><p>first</p></li>"
      "<li class='comment-item odd'><p>second</p></li>"
      "<li class='comment-item odd'><p>third</p></li></ul></div>"
      "<div class='sidebar'><li class='comment-item odd'><p>fourth</p></li></div>";
  const Document document = segment_html(html, "page.html");
  REQUIRE(document.paragraphs.size() == 4);
  const std::string_view nested = document.class_id_words(document.paragraphs[0]);
  CHECK(nested == "comment item odd thread comments list");
  CHECK(document.class_id_words(document.paragraphs[1]) == nested);
  CHECK(document.class_id_words(document.paragraphs[2]) == nested);
  CHECK(document.class_id_words(document.paragraphs[3]) == "comment item odd sidebar");
}

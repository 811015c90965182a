#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "features/hashed_features.h"
#include "features/sparse_rows.h"

using namespace pith;

namespace {

std::vector<std::string> tokens_of(const Paragraph& paragraph, PageKind layout_kind) {
  std::vector<std::string> tokens;
  for_each_hashed_token(paragraph, layout_kind, [&](std::string_view token) { tokens.emplace_back(token); });
  return tokens;
}

Paragraph share_links() {
  Paragraph paragraph;
  paragraph.text = "Share on Twitter";
  paragraph.tag = "li";
  paragraph.tag_path = "html body div ul li";
  paragraph.class_id_words = "share social bar";
  return paragraph;
}

}  // namespace

TEST_CASE("hashed tokens: class/id words, tag-path suffixes and the words of a short paragraph") {
  CHECK(tokens_of(share_links(), PageKind::html) ==
        std::vector<std::string>{"class:share", "class:social", "class:bar", "path:li", "path:ul li",
                                 "path:div ul li", "word:share", "words:share on", "word:on", "words:on twitter",
                                 "word:twitter", "first:share on", "last:on twitter"});
}

TEST_CASE("hashed tokens: a plain-text layout has no markup tokens") {
  CHECK(tokens_of(share_links(), PageKind::text) ==
        std::vector<std::string>{"word:share", "words:share on", "word:on", "words:on twitter", "word:twitter",
                                 "first:share on", "last:on twitter"});
}

TEST_CASE("hashed tokens: a long paragraph gives only its first and last words; a short path gives what it has") {
  Paragraph paragraph;
  paragraph.text = "The council met on Tuesday, and after a long debate about the harbour it voted. Read more";
  paragraph.tag_path = "p";
  CHECK(tokens_of(paragraph, PageKind::html) == std::vector<std::string>{"path:p", "first:the council", "last:read more"});
  paragraph.text = "\xe6\x96\xb0\xe9\x97\xbb";  // two CJK characters: two words
  paragraph.tag_path.clear();
  CHECK(tokens_of(paragraph, PageKind::html) ==
        std::vector<std::string>{"word:\xe6\x96\xb0", "words:\xe6\x96\xb0 \xe9\x97\xbb", "word:\xe9\x97\xbb",
                                 "first:\xe6\x96\xb0 \xe9\x97\xbb", "last:\xe6\x96\xb0 \xe9\x97\xbb"});
  paragraph.text = "...";
  CHECK(tokens_of(paragraph, PageKind::html).empty());
}

TEST_CASE("hashed tokens: each line of a paragraph of several lines gives how it starts") {
  Paragraph paragraph;
  paragraph.text = "Share on facebook\nShare on twitter\n\u2014\nEmail";
  CHECK(tokens_of(paragraph, PageKind::text) ==
        std::vector<std::string>{"line:share on", "line:share on", "line:email", "word:share", "words:share on",
                                 "word:on", "words:on facebook", "word:facebook", "words:facebook share",
                                 "word:share", "words:share on", "word:on", "words:on twitter", "word:twitter",
                                 "words:twitter email", "word:email", "first:share on", "last:twitter email"});
}

TEST_CASE("hashing: columns are in range, fixed by the seed, and differ between seeds") {
  const FeatureHashing a{18, kDefaultHashSeed}, b{18, kDefaultHashSeed + 1}, small{4, kDefaultHashSeed};
  CHECK(a.columns() == 262144);
  CHECK(a.column("class:comment") == a.column("class:comment"));
  CHECK(a.column("class:comment") != a.column("class:commend"));
  std::size_t differing = 0;
  for (const char* token : {"class:comment", "word:share", "path:li", "first:read more", "last:all rights"}) {
    CHECK(a.column(token) < a.columns());
    CHECK(small.column(token) < 16);
    differing += a.column(token) != b.column(token);
  }
  CHECK(differing >= 4);
  CHECK_FALSE(FeatureHashing{}.enabled());
}

TEST_CASE("hashed rows: one row per paragraph, tokens sharing a column summed") {
  Document document;
  document.paragraphs.push_back(share_links());
  Paragraph repeated;
  repeated.text = "more more";
  document.paragraphs.push_back(repeated);
  const FeatureHashing hashing{12, 7};
  SparseRows rows(hashing.columns());
  append_hashed_rows(document, PageKind::text, hashing, rows);
  REQUIRE(rows.rows() == 2);
  CHECK(rows.row_end(0) - rows.row_begin(0) == 7);
  // "word:more" twice, "words:more more", "first:more more" and "last:more more" (one token, two sources)
  float word_more = 0;
  for (const SparseEntry* e = rows.row_begin(1); e != rows.row_end(1); ++e) {
    CHECK((e == rows.row_begin(1) || (e - 1)->column < e->column));  // sorted, each column once
    if (e->column == hashing.column("word:more")) word_more = e->value;
  }
  CHECK(word_more == 2.0f);
}

TEST_CASE("sparse rows: select, append and keep_columns") {
  SparseRows rows(8);
  std::vector<SparseEntry> entries{{5, 1}, {1, 2}, {5, 3}};
  rows.append_row(entries);
  entries = {};
  rows.append_row(entries);
  entries = {{7, 1}, {0, 4}};
  rows.append_row(entries);
  REQUIRE(rows.rows() == 3);
  CHECK(rows.non_zeros() == 4);
  CHECK(rows.row_begin(0)->column == 1);
  CHECK((rows.row_begin(0) + 1)->value == 4.0f);  // column 5: 1 + 3
  const SparseRows picked = rows.select(std::vector<int>{2, 0});
  REQUIRE(picked.rows() == 2);
  CHECK(picked.row_begin(0)->column == 0);
  CHECK(picked.row_begin(1)->column == 1);
  SparseRows kept = rows;
  std::vector<bool> keep(8, true);
  keep[5] = keep[0] = false;
  kept.keep_columns(keep);
  CHECK(kept.non_zeros() == 2);
  CHECK(kept.row_end(0) - kept.row_begin(0) == 1);
  CHECK(kept.row_end(1) == kept.row_begin(1));
  CHECK(kept.row_begin(2)->column == 7);
}

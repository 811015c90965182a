#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "features/hashed_features.h"
#include "features/html_segmenter.h"
#include "features/sparse_rows.h"

using namespace pith;

namespace {

std::vector<std::string> tokens_of(const Paragraph& paragraph, PageKind layout_kind) {
  std::vector<std::string> tokens;
  for_each_hashed_token(paragraph, layout_kind, [&](std::string_view token) { tokens.emplace_back(token); });
  return tokens;
}

// The rows as training builds them: each token spelled, hashed by FeatureHashing::column and
// the row sorted and summed, the definition append_hashed_rows must match entry for entry.
SparseRows rows_from_tokens(const Document& document, PageKind layout_kind, const FeatureHashing& hashing) {
  SparseRows rows(hashing.columns());
  std::vector<SparseEntry> entries;
  for (const Paragraph& paragraph : document.paragraphs) {
    entries.clear();
    for_each_hashed_token(paragraph, layout_kind,
                          [&](std::string_view token) { entries.push_back({hashing.column(token), 1.0f}); });
    rows.append_row(entries);
  }
  return rows;
}

void check_same_rows(const SparseRows& a, const SparseRows& b) {
  REQUIRE(a.rows() == b.rows());
  for (std::size_t r = 0; r < a.rows(); ++r) {
    INFO("row " << r);
    REQUIRE(a.row_end(r) - a.row_begin(r) == b.row_end(r) - b.row_begin(r));
    for (const SparseEntry *x = a.row_begin(r), *y = b.row_begin(r); x != a.row_end(r); ++x, ++y) {
      CHECK(x->column == y->column);
      CHECK(x->value == y->value);
    }
  }
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

TEST_CASE("hashed tokens: a long paragraph gives only its first and last words, a short path gives what it has") {
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

TEST_CASE("hashing: a token hashed in pieces, and lower-cased on the way, has the column of the whole token") {
  const FeatureHashing hashing{18, kDefaultHashSeed};
  for (const std::string& token : std::vector<std::string>{
           "", "class:comment", "path:div article p", "word:caf\xc3\xa9", "words:share on", "first:\xe6\x96\xb0 \xe9\x97\xbb",
        "last:read more", "line:\xf0 ab", std::string("word:a\0b", 8), "\xff\x80\x7f"}) {
    for (std::size_t split = 0; split <= token.size(); ++split) {
      TokenHash hash = hashing.start();
      hash.add(std::string_view(token).substr(0, split));
      hash.add(std::string_view(token).substr(split));
      CHECK(hashing.column(hash) == hashing.column(token));
    }
  }
  // ASCII letters only: '@' and '[' sit either side of 'A'..'Z', and bytes of other scripts stay
  const std::string mixed = "@AZ[`az{ \xc3\x89t\xc3\xa9 \xd0\x96 Share";
  const std::string lowered = "@az[`az{ \xc3\x89t\xc3\xa9 \xd0\x96 share";
  TokenHash hash = hashing.start();
  hash.add("words:");
  hash.add_ascii_lower(mixed);
  CHECK(hashing.column(hash) == hashing.column("words:" + lowered));
}

TEST_CASE("hashed tokens: a long paragraph's last words and line starts, whatever comes between") {
  const std::string lead = "One two three four five six seven eight nine ten eleven";
  const auto tokens_of_text = [](const std::string& text) {
    Paragraph paragraph;
    paragraph.text = text;
    return tokens_of(paragraph, PageKind::text);
  };
  using Tokens = std::vector<std::string>;
  CHECK(tokens_of_text(lead + " caf\xc3\xa9 au Lait.") == Tokens{"first:one two", "last:au lait"});
  CHECK(tokens_of_text(lead + " \xe6\x96\xb0\xe9\x97\xbb") ==
        Tokens{"first:one two", "last:\xe6\x96\xb0 \xe9\x97\xbb"});
  CHECK(tokens_of_text(lead + " it\xe2\x80\x94" "END") == Tokens{"first:one two", "last:it end"});
  // not UTF-8 (the segmenter never gives such text): a lead byte takes the bytes after it,
  // spaces too, and the last words are still those of a scan from the start
  CHECK(tokens_of_text(lead + " \xf0 ab cd") == Tokens{"first:one two", "last:\xf0 ab cd"});
  CHECK(tokens_of_text(lead + " x\xe4 ab") == Tokens{"first:one two", "last:\xe4 a b"});
  CHECK(tokens_of_text(lead + "\nShare this\nEmail") ==
        Tokens{"line:one two", "line:share this", "line:email", "first:one two", "last:this email"});
  CHECK(tokens_of_text(lead + "\n") == Tokens{"line:one two", "first:one two", "last:ten eleven"});
  CHECK(tokens_of_text(lead + "\nword") == Tokens{"line:one two", "line:word", "first:one two", "last:eleven word"});
  std::string many_lines;
  Tokens expected;
  for (int line = 0; line < 20; ++line) {
    many_lines += "Line " + std::to_string(line) + "\n";
    if (line < 16) expected.push_back("line:line " + std::to_string(line));
  }
  expected.insert(expected.end(), {"first:line 0", "last:the end"});
  CHECK(tokens_of_text(many_lines + "the end") == expected);
}

TEST_CASE("hashed rows: the same rows as hashing each spelled token and sorting the row") {
  // sections in more contexts than are remembered, revisited, with lists, line breaks, long
  // and short paragraphs, upper case and other scripts
  std::string html = "<html><body><div id=\"Main\" class=\"page-wrap\">";
  for (int round = 0; round < 3; ++round) {
    for (int section = 0; section < 20; ++section) {
      const std::string name = "section" + std::string(1, static_cast<char>('a' + section));
      html += "<div class=\"" + name + " box\"><h2>Heading " + name + "</h2><ul class=\"share-links\">";
      html += "<li><a href=\"#\">Share on Twitter</a></li><li>E-Mail \xc3\x89T\xc3\x89</li></ul>";
      html += "<p class=\"Body\">The COUNCIL met on Tuesday, and after a long debate about the harbour it voted. "
              "\xe6\x96\xb0\xe9\x97\xbb \xd0\x9c\xd0\xbe\xd1\x81\xd0\xba\xd0\xb2\xd0\xb0 Read more</p>";
      html += "<p>Posted by <b>Ann</b><br>12 comments<br>\xe2\x80\x94<br>Reply</p>";
      if (section % 3 == 0) html += "<div class=\"" + name + " box\"><p>more more More</p></div>";
      html += "</div><p>" + std::to_string(section) + "</p>";
    }
  }
  html += "</div></body></html>";
  const Document document = segment_html(html, "fixture");
  REQUIRE(document.paragraphs.size() > 300);
  for (const FeatureHashing& hashing : {FeatureHashing{18, kDefaultHashSeed}, FeatureHashing{5, 3}}) {
    for (const PageKind kind : {PageKind::html, PageKind::text}) {
      SparseRows rows(hashing.columns());
      append_hashed_rows(document, kind, hashing, rows);
      check_same_rows(rows, rows_from_tokens(document, kind, hashing));
    }
  }
}

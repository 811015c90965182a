#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

#include "features/feature_table.h"
#include "features/text_statistics.h"

using namespace pith;

namespace {
// A paragraph to add to a test page: its text, tag and bytes of text inside links.
struct Spec {
  std::string text;
  std::string tag = "p";
  std::size_t link_chars = 0;
};

Document page_of(const std::vector<Spec>& specs) {
  Document document;
  for (const Spec& spec : specs) {
    Paragraph& p = document.add_paragraph(spec.text);
    p.tag = tag_id(spec.tag);
    p.link_chars = spec.link_chars;
    p.depth = 3;
  }
  return document;
}

double value_of(const Eigen::MatrixXd& values, std::size_t row, std::string_view name) {
  for (std::size_t f = 0; f < kDenseFeatureCount; ++f)
    if (kDenseFeatures[f].name == name) return values(static_cast<Eigen::Index>(row), static_cast<Eigen::Index>(f));
  FAIL("no feature named " << name);
  return 0;
}
}  // namespace

TEST_CASE("text statistics of a hand-counted sentence") {
  // 7 words: The(3) U.S.(4) Senate(6) voted(5) 51-49(5) on(2) Tuesday.(8) = 33 word characters
  const TextStatistics stats = compute_text_statistics("The U.S. Senate voted 51-49 on Tuesday.");
  CHECK(stats.words == 7);
  CHECK(stats.word_code_points == 33);
  CHECK(stats.code_points == 39);
  CHECK(stats.capitalised_words == 4);  // The, U.S., Senate, Tuesday.
  CHECK(stats.full_stops == 3);
  CHECK(stats.digits == 4);
  CHECK(stats.lines == 1);
  CHECK(stats.text_density == 7.0);     // one line: all its words
  CHECK(stats.ends_like_sentence);
}

TEST_CASE("text density wraps at 80 characters and leaves out the last line") {
  // 30 words of 9 characters: 8 words fill a line (8*9+7 = 79), the 9th would make 89.
  std::string text;
  for (int i = 0; i < 30; ++i) text += i ? " abcdefghi" : "abcdefghi";
  const TextStatistics stats = compute_text_statistics(text);
  CHECK(stats.words == 30);
  // lines of 8, 8, 8 and a last line of 6: density = 24 words / 3 full lines
  CHECK(stats.text_density == Approx(8.0));
}

TEST_CASE("non-ASCII text counts code points, not bytes") {
  const TextStatistics stats = compute_text_statistics("Élan über Ölfeld");
  CHECK(stats.words == 3);
  CHECK(stats.word_code_points == 14);
  CHECK(stats.capitalised_words == 2);  // Élan, Ölfeld
  CHECK_FALSE(stats.ends_like_sentence);
}

TEST_CASE("line breaks inside a paragraph are counted") {
  const TextStatistics stats = compute_text_statistics("Share on facebook\nShare on twitter\nShare on email");
  CHECK(stats.lines == 3);
  CHECK(stats.words == 9);
}

TEST_CASE("feature values on a hand-computed page") {
  Document document;
  document = page_of({Spec{"Home News Sport", "li", 15}, Spec{"A long sentence, it ends here.", "p", 0},
                         Spec{"Copyright 2024", "div", 0}});
  const Eigen::MatrixXd values = table_feature_values(document);
  REQUIRE(values.rows() == 3);
  CHECK(value_of(values, 0, "log_words") == Approx(std::log1p(3.0)));
  CHECK(value_of(values, 0, "link_density") == Approx(1.0));
  CHECK(value_of(values, 0, "tag_list_item") == 1.0);
  CHECK(value_of(values, 0, "few_words") == 1.0);
  CHECK(value_of(values, 1, "link_density") == 0.0);
  CHECK(value_of(values, 1, "average_word_length") == Approx(25.0 / 6.0));  // A long sentence, it ends here.
  CHECK(value_of(values, 1, "capitalised_share") == Approx(1.0 / 6.0));
  CHECK(value_of(values, 1, "ends_like_sentence") == 1.0);
  CHECK(value_of(values, 1, "relative_position") == Approx(0.5));
  CHECK(value_of(values, 2, "relative_position") == Approx(1.0));
  CHECK(value_of(values, 2, "digit_share") == Approx(4.0 / 14.0));
  CHECK(value_of(values, 2, "tag_div") == 1.0);
  CHECK(value_of(values, 2, "log_depth") == Approx(std::log1p(3.0)));
}

TEST_CASE("feature layouts: unique names, neighbours, no markup for text pages") {
  const FeatureLayout html(PageKind::html);
  const FeatureLayout text(PageKind::text);
  const std::set<std::string> html_names(html.names().begin(), html.names().end());
  CHECK(html_names.size() == html.size());
  CHECK(html.names().front() == "log_words");
  CHECK(html_names.count("prev2.link_density") == 1);
  CHECK(html_names.count("next1.present") == 1);
  CHECK(html_names.count("present") == 0);  // constant for the paragraph itself
  for (const std::string& name : text.names()) CHECK(name.find("link_density") == std::string::npos);
  CHECK(text.size() < html.size());
}

TEST_CASE("neighbour columns copy the neighbour's values and are zero past the edges") {
  Document document;
  document = page_of({Spec{"one two three"}, Spec{"four five"}, Spec{"six"}});
  const FeatureLayout layout(PageKind::text);
  const Eigen::MatrixXd rows = layout.rows(document);
  const auto column = [&](std::string_view name) {
    for (std::size_t c = 0; c < layout.size(); ++c)
      if (layout.names()[c] == name) return static_cast<Eigen::Index>(c);
    FAIL("no column " << name);
    return Eigen::Index{0};
  };
  CHECK(rows(1, column("prev1.log_words")) == Approx(std::log1p(3.0)));
  CHECK(rows(1, column("next1.log_words")) == Approx(std::log1p(1.0)));
  CHECK(rows(0, column("prev1.present")) == 0.0);
  CHECK(rows(0, column("prev1.log_words")) == 0.0);
  CHECK(rows(0, column("next2.present")) == 1.0);
  CHECK(rows(2, column("next1.present")) == 0.0);
}

TEST_CASE("page statistics: longest paragraph, words before, distance to a long paragraph") {
  std::string long_text;
  for (int i = 0; i < 30; ++i) long_text += i ? " word" : "word";
  Document document;
  document = page_of({Spec{"Menu item"}, Spec{"Another one"}, Spec{long_text},
                         Spec{"Share this story"}, Spec{"Footer"}});
  const Eigen::MatrixXd values = table_feature_values(document);
  // words: 2, 2, 30, 3, 1 -> total 38
  CHECK(value_of(values, 0, "share_of_longest") == Approx(2.0 / 30.0));
  CHECK(value_of(values, 2, "share_of_longest") == Approx(1.0));
  CHECK(value_of(values, 0, "text_before_share") == 0.0);
  CHECK(value_of(values, 3, "text_before_share") == Approx(34.0 / 38.0));
  CHECK(value_of(values, 0, "log_distance_to_long") == Approx(std::log1p(2.0)));
  CHECK(value_of(values, 2, "log_distance_to_long") == 0.0);
  CHECK(value_of(values, 4, "log_distance_to_long") == Approx(std::log1p(2.0)));
  CHECK(value_of(values, 3, "log_words_per_line") == Approx(std::log1p(3.0)));

  Document no_long;
  no_long = page_of({Spec{"a b"}, Spec{"c"}});
  const Eigen::MatrixXd short_values = table_feature_values(no_long);
  CHECK(value_of(short_values, 1, "log_distance_to_long") == Approx(std::log1p(2.0)));  // the page size
}

TEST_CASE("text statistics find boilerplate patterns in the same pass") {
  const auto stats = [](std::string text) { return compute_text_statistics(std::move(text)); };
  CHECK(stats("\u00A9 2024 Example Corp").has_copyright);
  CHECK(stats("Copyright (c) 2024").has_copyright);
  CHECK_FALSE(stats("Copyright 2024").has_copyright);
  for (const char* text : {"Posted 2019-05-03", "on 03.05.2019.", "(3/5/19)", "May 3", "Sept. 4, 2020", "on 12 December"}) {
    INFO(text);
    CHECK(stats(text).has_date);
  }
  for (const char* text : {"version 1.2.3", "you may go", "won 51-49", "in 10/2019", "2019-05-03-04", "Mayor"}) {
    INFO(text);
    CHECK_FALSE(stats(text).has_date);
  }
  CHECK(stats("write to news@example.com.").has_email);
  CHECK_FALSE(stats("follow @handle").has_email);
  CHECK_FALSE(stats("a@b").has_email);
  CHECK(stats("see https://example.com/x").has_url);
  CHECK(stats("(www.example.org)").has_url);
  CHECK(stats("WWW.EXAMPLE.COM").has_url);
  CHECK_FALSE(stats("the www is wide").has_url);
  CHECK(stats("Home | News \u00B7 Sport \u2022 Weather||").separators == 5);
  CHECK(stats("Read more...").ends_with_ellipsis);
  CHECK(stats("Read more\u2026 ").ends_with_ellipsis);
  CHECK_FALSE(stats("Read more.").ends_with_ellipsis);
  // BREAKING and NEWS: are all caps; "A" has one letter only
  const TextStatistics caps = stats("BREAKING NEWS: A big day");
  CHECK(caps.all_caps_words == 2);
  CHECK(caps.words == 5);
}

TEST_CASE("character classes: short words, punctuation, upper case") {
  // The(3) cat(3) sat(3) on(2) a(1) mat,(3) and(3) it's(3) done.(4): 8 short of 9
  const TextStatistics stats = compute_text_statistics("The cat sat on a mat, and it's done.");
  CHECK(stats.words == 9);
  CHECK(stats.short_words == 8);
  CHECK(stats.punctuation == 3);  // , ' .
  CHECK(stats.word_code_points == 28);
  CHECK(stats.letters == 25);
  CHECK(stats.upper_case_letters == 1);
}

TEST_CASE("scripts without spaces count every character as a word") {
  // 東京タワーは高い。: eight characters, the full stop attached to the last
  const TextStatistics japanese = compute_text_statistics("東京タワーは高い。");
  CHECK(japanese.words == 8);
  CHECK(japanese.short_words == 8);
  CHECK(japanese.punctuation == 1);
  CHECK(japanese.code_points == 9);
  CHECK(compute_text_statistics("東京 tower").words == 3);
  CHECK(compute_text_statistics("\u201C東京\u201D").words == 2);  // quotes belong to the characters
  // wrapped at 80 characters without spaces between them
  std::string hundred;
  for (int i = 0; i < 100; ++i) hundred += "字";
  const TextStatistics long_line = compute_text_statistics(hundred);
  CHECK(long_line.words == 100);
  CHECK(long_line.text_density == Approx(80.0));
}

TEST_CASE("ancestor, pattern, charclass, structure and heading features on a hand-computed page") {
  std::string long_text;
  for (int i = 0; i < 30; ++i) long_text += i ? " word" : "word";
  Document document;
  document = page_of({Spec{"Home | News | Sport", "li", 15}, Spec{long_text},
                         Spec{"\u00A9 2024 EXAMPLE CORP. All rights reserved...", "div"}});
  Paragraph& menu = document.paragraphs[0];
  menu.links = 3;
  menu.parent_link_density = 0.75f;
  menu.parent_text_share = 0.125f;
  menu.grandparent_link_density = 0.5f;
  menu.grandparent_text_share = 0.25f;
  menu.repeated_siblings = 3;
  document.paragraphs[1].heading = document.strings.intern("Big story");
  document.paragraphs[1].repeated_siblings = 1;
  const Eigen::MatrixXd values = table_feature_values(document);
  CHECK(value_of(values, 0, "parent_link_density") == 0.75);
  CHECK(value_of(values, 0, "parent_text_share") == 0.125);
  CHECK(value_of(values, 0, "grandparent_link_density") == 0.5);
  CHECK(value_of(values, 0, "grandparent_text_share") == 0.25);
  CHECK(value_of(values, 0, "log_links") == Approx(std::log1p(3.0)));
  CHECK(value_of(values, 0, "links_per_word") == Approx(3.0 / 5.0));  // Home | News | Sport: 5 words
  CHECK(value_of(values, 0, "log_separators") == Approx(std::log1p(2.0)));
  CHECK(value_of(values, 0, "short_word_share") == 0.0);
  CHECK(value_of(values, 0, "punctuation_share") == Approx(2.0 / 15.0));
  CHECK(value_of(values, 0, "upper_case_share") == Approx(3.0 / 13.0));
  CHECK(value_of(values, 0, "log_repeated_siblings") == Approx(std::log1p(3.0)));
  CHECK(value_of(values, 0, "after_last_long") == 0.0);
  CHECK(value_of(values, 0, "has_heading") == 0.0);
  CHECK(value_of(values, 1, "after_last_long") == 1.0);  // the last long paragraph itself
  CHECK(value_of(values, 1, "has_heading") == 1.0);
  CHECK(value_of(values, 1, "log_heading_words") == Approx(std::log1p(2.0)));
  CHECK(value_of(values, 1, "log_repeated_siblings") == Approx(std::log1p(1.0)));
  CHECK(value_of(values, 2, "after_last_long") == 1.0);
  CHECK(value_of(values, 2, "has_copyright") == 1.0);
  CHECK(value_of(values, 2, "ends_with_ellipsis") == 1.0);
  CHECK(value_of(values, 2, "has_date") == 0.0);
  // © 2024 EXAMPLE CORP. All rights reserved...: 7 words, EXAMPLE and CORP. all caps
  CHECK(value_of(values, 2, "all_caps_share") == Approx(2.0 / 7.0));
  CHECK(value_of(values, 0, "has_copyright") == 0.0);

  Document no_long;
  no_long = page_of({Spec{"a b"}, Spec{"c"}});
  CHECK(value_of(table_feature_values(no_long), 0, "after_last_long") == 1.0);
}

TEST_CASE("the new families are switchable and markup-only features stay out of the text layout") {
  std::set<std::string_view> families;
  for (const DenseFeature& feature : kDenseFeatures) families.insert(feature.family);
  for (const char* family : {"ancestor", "pattern", "charclass", "structure", "heading", "class-id"}) {
    INFO(family);
    CHECK(families.count(family) == 1);
  }
  const FeatureLayout text(PageKind::text);
  for (const char* name : {"parent_link_density", "log_links", "log_repeated_siblings", "has_heading"})
    CHECK(std::find(text.names().begin(), text.names().end(), name) == text.names().end());
  for (const char* name : {"has_copyright", "short_word_share", "after_last_long"})
    CHECK(std::find(text.names().begin(), text.names().end(), name) != text.names().end());
}

TEST_CASE("tokens longer than a lane of the packed ASCII counts keep exact counts") {
  // 70,000 repeats of "aB3.": one token of 280,000 bytes, past 4,095 and 65,535
  std::string token;
  for (int i = 0; i < 70000; ++i) token += "aB3.";
  const TextStatistics stats = compute_text_statistics(token + " end");
  CHECK(stats.words == 2);
  CHECK(stats.code_points == 280004);
  CHECK(stats.word_code_points == 280003);
  CHECK(stats.digits == 70000);
  CHECK(stats.upper_case_letters == 70000);
  CHECK(stats.letters == 140003);
  CHECK(stats.full_stops == 70000);
  CHECK(stats.punctuation == 70000);
  CHECK(stats.capitalised_words == 0);
  CHECK(stats.short_words == 1);  // end
  CHECK(stats.all_caps_words == 0);
  // the same token made of one character, and of '|' (found again in the token, not summed)
  CHECK(compute_text_statistics(std::string(70000, 'A')).all_caps_words == 1);
  CHECK(compute_text_statistics(std::string(70000, '|')).separators == 70000);
}

TEST_CASE("tokens mixing ASCII, other scripts and CJK count each part") {
  // Ab東c.: the run "Ab", the character 東, the run "c." with its full stop
  const TextStatistics mixed = compute_text_statistics("Ab\u6771c.");
  CHECK(mixed.words == 3);
  CHECK(mixed.capitalised_words == 1);
  CHECK(mixed.short_words == 3);
  CHECK(mixed.code_points == 5);
  CHECK(mixed.word_code_points == 5);
  CHECK(mixed.letters == 4);
  CHECK(mixed.upper_case_letters == 1);
  CHECK(mixed.punctuation == 1);
  CHECK(mixed.full_stops == 1);
  // Ölfeld-2024: ASCII runs on both sides of a two-byte letter, one word
  const TextStatistics latin = compute_text_statistics("x\u00D6lfeld-2024|");
  CHECK(latin.words == 1);
  CHECK(latin.code_points == 13);
  CHECK(latin.letters == 7);
  CHECK(latin.upper_case_letters == 1);
  CHECK(latin.digits == 4);
  CHECK(latin.punctuation == 2);
  CHECK(latin.separators == 1);
  // a multi-byte sequence cut short by white space (invalid UTF-8) ends with its token
  const TextStatistics cut = compute_text_statistics("\xC3 x");
  CHECK(cut.words == 2);
  CHECK(cut.code_points == 3);
}

TEST_CASE("heading words are counted once per heading and as words of the text are") {
  CHECK(count_words("Big story") == 2);
  CHECK(count_words("\u6771\u4EAC news") == 3);
  Document document;
  const StringId big = document.strings.intern("Big story"), tokyo = document.strings.intern("\u6771\u4EAC news");
  CHECK(document.strings.intern("Big story") == big);  // one id per distinct string
  CHECK(document.strings.intern("") == kEmptyString);
  HeadingWordCounter headings;
  CHECK(headings.words(big, "Big story") == 2);
  CHECK(headings.words(big, "Big story") == 2);
  CHECK(headings.words(tokyo, "\u6771\u4EAC news") == 3);
  CHECK(headings.words(kEmptyString, "") == 0);
  CHECK(headings.words(big, "Big story") == 2);
  Paragraph& under_heading = document.add_paragraph("text");
  under_heading.heading = document.strings.intern("One two three");
  CHECK(document.heading(under_heading) == "One two three");
  CHECK(compute_text_statistics(document, under_heading, headings).heading_words == 3);
  HeadingWordCounter fresh;
  CHECK(compute_text_statistics(document, under_heading, fresh).heading_words == 3);
}

TEST_CASE("log1p of counts from the table is libm's log1p, bit for bit") {
  volatile std::size_t end = 2 * feature_detail::kLog1pTableSize;  // counts known only at run time
  for (std::size_t n = 0; n < end; ++n) {
    INFO(n);
    CHECK(feature_detail::log1p_count(n) == std::log1p(static_cast<double>(n)));
  }
  CHECK(feature_detail::log1p_count(-1) == std::log1p(-1.0));
}

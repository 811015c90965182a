#pragma once
// Block-level measures over labelled paragraphs: precision, recall and F1 of the content
// class, and accuracy. Paragraphs labelled unknown are not counted.
#include <cstddef>
#include <vector>

#include "datasets/labelled_page.h"
#include "infer/paragraph_classifier.h"

namespace pith {

struct BlockCounts {
  std::size_t true_content = 0;       // content labelled content
  std::size_t false_content = 0;      // boilerplate labelled content
  std::size_t missed_content = 0;     // content labelled boilerplate
  std::size_t true_boilerplate = 0;   // boilerplate labelled boilerplate

  void add(const std::vector<Label>& truth, const std::vector<ParagraphScore>& predicted);
  std::size_t total() const { return true_content + false_content + missed_content + true_boilerplate; }
  double precision() const;  // 1 when nothing was labelled content
  double recall() const;     // 1 when there is no content
  double f1() const;
  double accuracy() const;
};

}  // namespace pith

#pragma once
// An HTML page's paragraphs as a plain-text copy of the page shows them. Text renderings (a
// browser's "save as text", lynx, a crawler's text dump, the seed page) put the items of one
// list or the cells of one table row on consecutive lines and a blank line only between
// blocks, so a plain-text page holds paragraphs of many short lines (share links, menus) that
// the HTML segmentation never makes. The text head learns from this rendering of the HTML
// training pages, so it sees paragraphs shaped like the ones it will score.
#include <vector>

#include "datasets/labelled_page.h"

namespace pith {

// Consecutive paragraphs held by list items or table cells (li, dt, dd, td, th) at the same
// tag path and with the same label become one paragraph, their texts joined by line breaks
// (at most kMaxRenderedLines lines). Every paragraph then loses its markup (tag, tag path,
// class/id words, context, links), as a plain-text page has none.
inline constexpr std::size_t kMaxRenderedLines = 40;
LabelledPage render_as_plain_text(const LabelledPage& page);

}  // namespace pith

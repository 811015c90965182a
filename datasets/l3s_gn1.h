#pragma once
// L3S-GN1 (Kohlschütter et al., WSDM 2010): `original/<id>.html` is the crawled page,
// `annotated/<id>.html` a browser re-serialisation of it with the human labels as
// <span class="x-nc-selN"> (1 headline, 2 full text, 3 supplemental: content; 0 not content,
// 4 related, 5 comments: boilerplate) and `x-nc-invisible` on hidden elements.
//
// The annotated copy's markup differs from the original (re-serialised, injected styles, some
// characters lost to '?'), so features come from the original and labels are carried over by
// aligning the two pages' tokens: a paragraph of the original is content when most of its
// aligned tokens sit in content spans.
#include <filesystem>
#include <string>
#include <vector>

#include "datasets/annotation_collector.h"
#include "datasets/dataset_reader.h"
#include "datasets/labelled_page.h"
#include "datasets/reference_alignment.h"

namespace pith {

// The annotated page's visible tokens, each with the label of its innermost x-nc-sel span
// (boilerplate outside any span), and the text of the content spans (the gold text).
Annotation read_l3s_gn1_annotation(const std::filesystem::path& annotated_html);
// The same from the annotated page's bytes; `source` names it (the fuzz target's entry).
Annotation l3s_gn1_annotation(std::string_view annotated_html, const std::string& source);

LabelledPage read_l3s_gn1_page(const std::filesystem::path& dataset_dir, const std::string& page_id);

// Pages by the folder's splits.tsv.
std::unique_ptr<DatasetReader> open_l3s_gn1_dataset(const std::filesystem::path& folder);

}  // namespace pith

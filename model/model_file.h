#pragma once
// The model and its file format (DESIGN.md convention 8), the one definition shared by the
// trainer (writes) and inference (reads). docs/model-format.md describes the format for people.
//
//   pith-model 1
//   created-with pith 0.1.0
//   <key> <value>                       free settings (training data, solver), in order
//   head html                           one block of header lines per head
//   html.threshold 0.5
//   html.regularization-c 1
//   html.training-rows 41234
//   html.features 71
//   html.feature log_words 2.31 1.12    name, standardisation mean and scale, in layout order
//   ...
//   html.hashing 18 1886680168          hashed features: bits and seed (none: dense only)
//   html.stacking-features 14           the same for the stacking stage, when there is one
//   html.stacking-feature logit 0.1 2.3
//   weights html 72                     bias, then one weight per feature, one per line
//   ...
//   weights html.stacking 15
//   sparse-weights html 5210            hashed columns with a non-zero weight: "column weight"
//   sparse-names html 1000              a token seen in training for the largest of them:
//   ...                                 "column token" (for people; scoring does not read it)
//   checksum 9f86d081884c7d65            FNV-1a 64 of every byte before this line
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <Eigen/Dense>

#include "features/hashed_features.h"
#include "features/paragraph.h"
#include "features/sparse_rows.h"
#include "model/linear_scorer.h"

namespace pith {

// 2 added hashed sparse features; version 1 files (dense only) are still read.
inline constexpr int kModelFormatVersion = 2;

// The model for one kind of page: a paragraph scorer over the FeatureLayout rows, and
// optionally a stacking scorer over the paragraph scorer's results (model/stacking_features.h).
struct ModelHead {
  PageKind kind = PageKind::html;
  LinearScorer paragraph;
  std::optional<LinearScorer> stacking;
  FeatureHashing hashing;         // of the paragraph scorer's sparse features (bits 0: none)
  // For people reading the model: a token seen in training in each of the most weighted
  // hashed columns (a column may hold other tokens too).
  std::vector<std::pair<std::uint32_t, std::string>> hashed_names;
  double threshold = 0.5;         // label content when the last stage's p >= threshold
  double regularization_c = 1.0;
  std::uint64_t training_rows = 0;
};

struct Model {
  int format_version = kModelFormatVersion;  // of the file it was read from; saving writes the current one
  std::vector<std::pair<std::string, std::string>> settings;  // written in this order
  std::vector<ModelHead> heads;                               // at most one per PageKind

  // The head for `kind`, else the text head (it needs no markup), else nullptr.
  const ModelHead* head_for(PageKind kind) const;
};

std::string serialize_model(const Model& model);

// FNV-1a 64 of `bytes`: the checksum of everything before the model's last line.
std::uint64_t model_checksum(std::string_view bytes);

// Parses and checks a model; `source` names it in errors. Refuses, each with its own message:
// a wrong magic line, a newer format version, a checksum mismatch (corrupt or truncated), and
// a feature list that differs from this binary's FeatureLayout or stacking features.
Model parse_model(std::string_view text, const std::string& source);

Model load_model(const std::filesystem::path& path);

// Writes atomically (features/output_file.h): an interrupted write leaves an existing model
// untouched, and a path that is not a regular file is refused.
void save_model(const Model& model, const std::filesystem::path& path);

}  // namespace pith

// pith.train: reading its options into the library's DatasetTrainingOptions.
#include "python/train_binding.h"

#include <pybind11/stl.h>

#include <string>
#include <vector>

#include "datasets/dataset.h"
#include "train/dataset_training.h"

namespace py = pybind11;

namespace pith::python {
namespace {

std::vector<DatasetSpec> dataset_specs(const py::handle& value) {
  std::vector<DatasetSpec> specs;
  if (py::isinstance<py::str>(value)) return {parse_dataset_spec(value.cast<std::string>())};
  for (const py::handle& item : value) specs.push_back(parse_dataset_spec(py::str(item).cast<std::string>()));
  return specs;
}

std::vector<std::string> strings(const py::handle& value) {
  if (py::isinstance<py::str>(value)) {
    // "boilerpipe,shape" as on the command line
    std::vector<std::string> parts;
    const std::string text = value.cast<std::string>();
    std::size_t start = 0;
    while (start <= text.size()) {
      const std::size_t end = std::min(text.find(',', start), text.size());
      if (end > start) parts.push_back(text.substr(start, end - start));
      start = end + 1;
    }
    return parts;
  }
  return value.cast<std::vector<std::string>>();
}

}  // namespace

train::DatasetTrainingOptions training_options(const py::handle& datasets, const py::kwargs& kwargs) {
  train::DatasetTrainingOptions options;
  options.datasets = dataset_specs(datasets);
  train::TrainerOptions& trainer = options.trainer;
  for (const auto& [key, value] : kwargs) {
    const std::string name = key.cast<std::string>();
    if (name == "text_datasets") options.text_datasets = dataset_specs(value);
    else if (name == "split") options.split = value.cast<std::string>();
    else if (name == "cost") trainer.solver.c = value.cast<double>();
    else if (name == "tolerance") trainer.solver.tolerance = value.cast<double>();
    else if (name == "max_iterations") trainer.solver.max_iterations = value.cast<int>();
    else if (name == "l1") trainer.solver.l1 = value.cast<double>();
    else if (name == "threads") trainer.solver.threads = value.cast<int>();
    else if (name == "class_weight") trainer.class_weights = train::parse_class_weight(value.cast<std::string>());
    else if (name == "cv_folds") trainer.cv_folds = value.cast<int>();
    else if (name == "cost_grid") trainer.cost_grid = value.cast<std::vector<double>>();
    else if (name == "favor") trainer.favor = train::parse_favor(value.cast<std::string>());
    else if (name == "families") trainer.families = strings(value);
    else if (name == "stacking_folds") trainer.stacking_folds = value.cast<int>();
    else if (name == "hash_bits") options.hashing.bits = value.cast<int>();
    else if (name == "hash_seed") options.hashing.seed = value.cast<std::uint64_t>();
    else if (name == "hashed_min_pages") trainer.hashed_min_pages = value.cast<std::size_t>();
    else throw py::type_error("train() got an unexpected option '" + name + "' (see help(pith.train))");
  }
  if (trainer.solver.c <= 0 || trainer.solver.tolerance <= 0 || trainer.solver.max_iterations <= 0 ||
      trainer.solver.l1 < 0 || trainer.solver.threads <= 0 || trainer.cv_folds < 0 || trainer.stacking_folds < 0 ||
      trainer.hashed_min_pages == 0)
    throw py::value_error("cost, tolerance, max_iterations, threads and hashed_min_pages must be positive; "
                          "l1, cv_folds and stacking_folds at least 0");
  return options;
}

}  // namespace pith::python

// The native part of the Python module `pith` (pith._pith); the pure-Python package around it
// (python/pith/) adds pith.dask and the typing stub. Everything reaches the library through
// python/page_labeller_adapter.h.
#include <dlfcn.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>

#include "features/error.h"
#include "python/page_input_binding.h"
#include "python/page_labeller_adapter.h"
#include "python/train_binding.h"

namespace py = pybind11;

namespace pith::python {
namespace {

PyObject* error_type = nullptr;  // pith.Error, created at import

// pith.Error(str) with the library error's parts as attributes: str(e) is the text the CLI
// prints after "pith: " (pith::Error formats it once, for both).
py::object make_error(const std::string& what, const std::string& source, const std::string& location,
                      const std::string& message) {
  py::object error = py::reinterpret_borrow<py::object>(error_type)(what);
  error.attr("source") = source;
  error.attr("location") = location;
  error.attr("message") = message;
  return error;
}

py::object make_error(const Error& e) { return make_error(e.what(), e.source(), e.location(), e.message()); }

[[noreturn]] void raise(const py::object& error) {
  PyErr_SetObject(error_type, error.ptr());
  throw py::error_already_set();
}

// The folder of this extension module: the packaged default model sits beside it.
std::filesystem::path module_folder() {
  Dl_info info{};
  if (dladdr(reinterpret_cast<void*>(&module_folder), &info) == 0 || info.dli_fname == nullptr) return {};
  return std::filesystem::path(info.dli_fname).parent_path();
}

std::optional<PageKind> parse_kind(const std::optional<std::string>& kind) {
  if (!kind) return std::nullopt;
  if (*kind == "html") return PageKind::html;
  if (*kind == "text") return PageKind::text;
  throw py::value_error("kind must be 'html', 'text' or None, got '" + *kind + "'");
}

// "text" and "markdown" (the main text), and with `json_allowed` "json" (pith infer's JSON lines).
TextFormat parse_format(const std::string& format, bool json_allowed) {
  if (format == "text") return TextFormat::text;
  if (format == "markdown") return TextFormat::markdown;
  if (format == "json" && json_allowed) return TextFormat::json_lines;
  throw py::value_error("format must be 'text', 'markdown'" + std::string(json_allowed ? " or 'json'" : "") +
                        ", got '" + format + "'");
}

// str (encoded as UTF-8), bytes, bytearray or memoryview; anything else is a TypeError.
std::string page_bytes(const py::handle& page) {
  if (py::isinstance<py::str>(page)) {
    Py_ssize_t size = 0;
    const char* data = PyUnicode_AsUTF8AndSize(page.ptr(), &size);
    if (data == nullptr) throw py::error_already_set();
    return std::string(data, static_cast<std::size_t>(size));
  }
  if (py::isinstance<py::bytes>(page) || py::isinstance<py::bytearray>(page) || py::isinstance<py::memoryview>(page)) {
    py::buffer_info buffer = py::reinterpret_borrow<py::buffer>(page).request();
    return std::string(static_cast<const char*>(buffer.ptr), static_cast<std::size_t>(buffer.size * buffer.itemsize));
  }
  throw py::type_error(std::string("a page must be str or bytes, got ") + Py_TYPE(page.ptr())->tp_name);
}

using OptionalString = std::optional<std::string>;

// `source` names the page in errors and JSON lines: given, else the url, else "<page>".
PageRequest make_request(const py::handle& page, const OptionalString& url, const OptionalString& charset,
                         const OptionalString& kind, const OptionalString& source = std::nullopt,
                         const OptionalString& id = std::nullopt) {
  PageRequest request;
  request.bytes = page_bytes(page);
  request.url = url.value_or("");
  request.source = source ? *source : url ? *url : std::string("<page>");
  request.id = id.value_or("");
  request.charset = charset.value_or("");
  request.kind = parse_kind(kind);
  return request;
}

// One item of label_many's input: a page (str or bytes), a tuple (page, url), a dict with
// "html" or "text" and optionally "url", "charset", "id" and "source" (a JSON line's fields), or
// a pith.Page from read_pages. `read_error` gets a Page's error (the page is then not labelled).
PageRequest request_from_item(const py::handle& item, std::optional<Error>& read_error) {
  if (py::isinstance<PageInput>(item)) {
    const PageInput& page = item.cast<const PageInput&>();
    PageRequest request;
    request.bytes = page.bytes;
    request.source = page.source;
    request.id = page.id;
    request.url = page.url;
    request.charset = page.charset;
    request.kind = page.kind;
    if (!page.error.empty()) read_error.emplace(page.source, page.location, page.error);
    return request;
  }
  if (py::isinstance<py::tuple>(item)) {
    const py::tuple tuple = py::reinterpret_borrow<py::tuple>(item);
    if (tuple.size() != 2) throw py::type_error("a page tuple must be (page, url)");
    return make_request(tuple[0], tuple[1].is_none() ? std::nullopt : std::optional(tuple[1].cast<std::string>()),
                        std::nullopt, std::nullopt);
  }
  if (py::isinstance<py::dict>(item)) {
    const py::dict dict = py::reinterpret_borrow<py::dict>(item);
    const auto field = [&](const char* key) -> std::optional<std::string> {
      if (!dict.contains(key) || dict[key].is_none()) return std::nullopt;
      return dict[key].cast<std::string>();
    };
    const bool html = dict.contains("html");
    if (!html && !dict.contains("text")) throw py::type_error("a page dict needs an 'html' or a 'text' field");
    return make_request(dict[html ? "html" : "text"], field("url"), field("charset"),
                        std::optional<std::string>(html ? "html" : "text"), field("source"), field("id"));
  }
  return make_request(item, std::nullopt, std::nullopt, std::nullopt);
}

// The page of label(), extract() and json_lines(): as make_request, or a pith.Page (whose read
// error is raised; url, charset, kind and source given as arguments override its own).
PageRequest single_request(const py::handle& page, const OptionalString& url, const OptionalString& charset,
                           const OptionalString& kind, const OptionalString& source) {
  if (!py::isinstance<PageInput>(page)) return make_request(page, url, charset, kind, source);
  std::optional<Error> read_error;
  PageRequest request = request_from_item(page, read_error);
  if (read_error) throw *read_error;
  if (url) request.url = *url;
  if (charset) request.charset = *charset;
  if (kind) request.kind = parse_kind(kind);
  if (source) request.source = *source;
  return request;
}

// What label_many yields for one page, made while the GIL is released.
struct PageOutcome {
  std::vector<LabelledParagraph> paragraphs;
  std::string text;
  bool failed = false;
  std::string what, source, location, message;
};

class PythonModel {
 public:
  explicit PythonModel(std::shared_ptr<const Model> model) : labeller_(std::move(model)) {}
  const PageLabellerAdapter& labeller() const { return labeller_; }

 private:
  PageLabellerAdapter labeller_;
};

// Labels pages on native threads while the Python thread reads the next pages from the
// iterable: a window of pages in flight, results handed back strictly in input order.
class LabelManyIterator {
 public:
  LabelManyIterator(std::shared_ptr<PythonModel> model, py::iterator pages, int threads,
                    std::optional<TextFormat> format, bool return_errors)
      : model_(std::move(model)), pages_(std::move(pages)), format_(format), return_errors_(return_errors) {
    if (threads < 1) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    window_ = static_cast<std::size_t>(threads) * 8;
    for (int i = 0; i < threads; ++i) workers_.emplace_back([this] { work(); });
  }

  ~LabelManyIterator() { stop(); }

  py::object next() {
    fill();
    if (in_order_.empty()) {
      stop();
      throw py::stop_iteration();
    }
    std::shared_ptr<Slot> slot = in_order_.front();
    {
      py::gil_scoped_release release;
      std::unique_lock lock(mutex_);
      done_.wait(lock, [&] { return slot->done; });
    }
    in_order_.pop_front();
    PageOutcome& outcome = slot->outcome;
    if (outcome.failed) {
      py::object error = make_error(outcome.what, outcome.source, outcome.location, outcome.message);
      if (return_errors_) return error;
      stop();
      raise(error);
    }
    if (format_) return py::str(outcome.text);
    return py::cast(std::move(outcome.paragraphs));
  }

 private:
  struct Slot {
    PageRequest request;
    PageOutcome outcome;
    bool done = false;
  };

  // Reads pages from the iterable (with the GIL) until the window is full or the input ends.
  void fill() {
    while (!exhausted_ && in_order_.size() < window_) {
      if (pages_ == py::iterator::sentinel()) {
        exhausted_ = true;
        break;
      }
      auto slot = std::make_shared<Slot>();
      std::optional<Error> read_error;
      slot->request = request_from_item(*pages_, read_error);
      ++pages_;
      in_order_.push_back(slot);
      if (read_error) {
        const Error& e = *read_error;
        slot->outcome = {{}, {}, true, e.what(), e.source(), e.location(), e.message()};
        slot->done = true;
        continue;
      }
      {
        std::lock_guard lock(mutex_);
        queue_.push_back(slot);
      }
      wake_.notify_one();
    }
  }

  void work() {
    for (;;) {
      std::shared_ptr<Slot> slot;
      {
        std::unique_lock lock(mutex_);
        wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
        if (stopping_) return;
        slot = queue_.front();
        queue_.pop_front();
      }
      PageOutcome outcome;
      try {
        if (format_)
          outcome.text = model_->labeller().render(slot->request, *format_);
        else
          outcome.paragraphs = model_->labeller().label(slot->request);
      } catch (const Error& e) {
        outcome = {{}, {}, true, e.what(), e.source(), e.location(), e.message()};
      } catch (const std::exception& e) {
        outcome = {{}, {}, true, std::string("internal error: ") + e.what(), slot->request.source, "", e.what()};
      }
      {
        std::lock_guard lock(mutex_);
        slot->outcome = std::move(outcome);
        slot->done = true;
      }
      done_.notify_all();
    }
  }

  void stop() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
      queue_.clear();
    }
    wake_.notify_all();
    py::gil_scoped_release release;
    for (std::thread& worker : workers_)
      if (worker.joinable()) worker.join();
  }

  std::shared_ptr<PythonModel> model_;
  py::iterator pages_;
  std::optional<TextFormat> format_;
  bool return_errors_;
  std::size_t window_ = 0;
  bool exhausted_ = false;
  std::deque<std::shared_ptr<Slot>> in_order_;
  std::mutex mutex_;
  std::condition_variable wake_, done_;
  std::deque<std::shared_ptr<Slot>> queue_;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace
}  // namespace pith::python

PYBIND11_MODULE(_pith, m) {
  using namespace pith::python;
  m.doc() = "Native part of pith: labels the paragraphs of web pages as content or boilerplate.";

  // A plain Exception subclass; attributes source, location and message are set on each raise.
  static py::exception<pith::Error> error(m, "Error");
  error_type = error.ptr();
  py::register_exception_translator([](std::exception_ptr caught) {
    try {
      if (caught) std::rethrow_exception(caught);
    } catch (const pith::Error& e) {
      py::object instance = make_error(e);
      PyErr_SetObject(error_type, instance.ptr());
    }
  });

  py::class_<LabelledParagraph>(m, "Paragraph", "One paragraph of a labelled page.")
      .def_readonly("index", &LabelledParagraph::index, "Position in the page, from 0.")
      .def_readonly("text", &LabelledParagraph::text, "UTF-8 text; a line break inside the paragraph is '\\n'.")
      .def_property_readonly(
          "label", [](const LabelledParagraph& p) { return p.is_content ? "content" : "boilerplate"; },
          "'content' or 'boilerplate'.")
      .def_readonly("is_content", &LabelledParagraph::is_content)
      .def_readonly("p_content", &LabelledParagraph::p_content, "The model's probability that this is content.")
      .def_readonly("tag", &LabelledParagraph::tag, "Nearest block element ('p', 'li', 'h2'...); '' for plain text.")
      .def("__repr__", [](const LabelledParagraph& p) {
        std::string text = p.text.size() > 40 ? p.text.substr(0, 40) + "..." : p.text;
        return "Paragraph(index=" + std::to_string(p.index) + ", label='" + (p.is_content ? "content" : "boilerplate") +
               "', p_content=" + std::to_string(p.p_content) + ", tag='" + p.tag + "', text=" +
               py::repr(py::str(text)).cast<std::string>() + ")";
      });

  add_page_input_binding(m);

  py::class_<LabelManyIterator>(m, "LabelManyIterator")
      .def("__iter__", [](py::object self) { return self; })
      .def("__next__", &LabelManyIterator::next);

  py::class_<PythonModel, std::shared_ptr<PythonModel>>(m, "Model", "A pith model: labels pages.")
      .def_static(
          "default",
          [] {
            std::shared_ptr<const pith::Model> model;
            {
              py::gil_scoped_release release;
              model = load_default_model(module_folder() / "default.model");
            }
            return std::make_shared<PythonModel>(std::move(model));
          },
          "The shipped default model ($PITH_MODEL when set).")
      .def_static(
          "load",
          [](const std::filesystem::path& path) {
            std::shared_ptr<const pith::Model> model;
            {
              py::gil_scoped_release release;
              model = load_model_file(path);
            }
            return std::make_shared<PythonModel>(std::move(model));
          },
          py::arg("path"), "Loads a model file (written by `pith train` or Model.save).")
      .def(
          "save",
          [](const PythonModel& self, const std::filesystem::path& path) {
            py::gil_scoped_release release;
            pith::save_model(self.labeller().model(), path);
          },
          py::arg("path"), "Writes the model file atomically.")
      .def(
          "label",
          [](const PythonModel& self, const py::object& page, std::optional<std::string> url,
             std::optional<std::string> charset, std::optional<std::string> kind, std::optional<std::string> source) {
            const PageRequest request = single_request(page, url, charset, kind, source);
            std::vector<LabelledParagraph> paragraphs;
            {
              py::gil_scoped_release release;
              paragraphs = self.labeller().label(request);
            }
            return paragraphs;
          },
          py::arg("page"), py::arg("url") = py::none(), py::arg("charset") = py::none(), py::arg("kind") = py::none(), py::arg("source") = py::none(),
          "Labels the paragraphs of one page.")
      .def(
          "extract",
          [](const PythonModel& self, const py::object& page, const std::string& format,
             std::optional<std::string> url, std::optional<std::string> charset, std::optional<std::string> kind,
             std::optional<std::string> source) {
            const PageRequest request = single_request(page, url, charset, kind, source);
            const TextFormat text_format = parse_format(format, false);
            std::string text;
            {
              py::gil_scoped_release release;
              text = self.labeller().render(request, text_format);
            }
            return text;
          },
          py::arg("page"), py::arg("format") = "text", py::arg("url") = py::none(), py::arg("charset") = py::none(),
          py::arg("kind") = py::none(), py::arg("source") = py::none(), "The page's main text, as `pith infer --text` prints it.")
      .def(
          "json_lines",
          [](const PythonModel& self, const py::object& page, std::optional<std::string> url,
             std::optional<std::string> charset, std::optional<std::string> kind, std::optional<std::string> source) {
            const PageRequest request = single_request(page, url, charset, kind, source);
            std::string lines;
            {
              py::gil_scoped_release release;
              lines = self.labeller().render(request, TextFormat::json_lines);
            }
            return lines;
          },
          py::arg("page"), py::arg("url") = py::none(), py::arg("charset") = py::none(), py::arg("kind") = py::none(), py::arg("source") = py::none(),
          "The JSON lines `pith infer` prints for the page, \"page\" being `source` (default: the url, else \"<page>\").")
      .def(
          "label_many",
          [](std::shared_ptr<PythonModel> self, const py::iterable& pages, int threads,
             std::optional<std::string> format, bool return_errors) {
            std::optional<TextFormat> text_format;
            if (format) text_format = parse_format(*format, true);
            return std::make_unique<LabelManyIterator>(std::move(self), py::iter(pages), threads, text_format,
                                                       return_errors);
          },
          py::arg("pages"), py::arg("threads") = 0, py::arg("format") = py::none(), py::arg("return_errors") = false,
          "Labels many pages on native threads; yields one result per page in input order.");

  m.def(
      "train",
      [](const py::object& datasets, const py::kwargs& options) {
        const pith::train::DatasetTrainingOptions training = training_options(datasets, options);
        std::shared_ptr<const pith::Model> model;
        {
          py::gil_scoped_release release;
          model = std::make_shared<const pith::Model>(pith::train::train_from_datasets(training));
        }
        return std::make_shared<PythonModel>(std::move(model));
      },
      py::arg("datasets"), kTrainDoc);
}

// pith.read_pages / pith.read_warc: the library's input readers (infer/page_inputs.h) from
// Python, one pith.Page at a time, reading with the GIL released.
#include "python/page_input_binding.h"

#include <memory>

#include "features/error.h"
#include "infer/page_inputs.h"

namespace py = pybind11;

namespace pith::python {
namespace {

class PageReader {
 public:
  explicit PageReader(std::unique_ptr<PageInputReader> reader) : reader_(std::move(reader)) {}

  PageInput next() {
    PageInput page;
    bool more = false;
    {
      py::gil_scoped_release release;
      more = reader_->next(page);
    }
    if (!more) throw py::stop_iteration();
    return page;
  }

  py::dict skipped() const {
    const SkippedRecords& skipped = reader_->skipped();
    py::dict counts;
    counts["not_html"] = skipped.not_html;
    counts["not_200"] = skipped.not_200;
    counts["other_record_types"] = skipped.other_record_types;
    return counts;
  }

  std::uint64_t bytes_read() const { return reader_->bytes_read(); }

 private:
  std::unique_ptr<PageInputReader> reader_;
};

std::unique_ptr<PageReader> open_reader(const std::vector<std::string>& paths, const std::string& format) {
  PageInputOptions options;
  options.format = parse_input_format(format);
  std::unique_ptr<PageInputReader> reader;
  {
    py::gil_scoped_release release;
    reader = open_page_inputs(paths, options);
  }
  return std::make_unique<PageReader>(std::move(reader));
}

std::vector<std::string> path_list(const py::handle& paths) {
  if (py::isinstance<py::str>(paths) || py::hasattr(paths, "__fspath__")) return {py::str(paths).cast<std::string>()};
  std::vector<std::string> out;
  for (const py::handle& path : paths) out.push_back(py::str(path).cast<std::string>());
  return out;
}

}  // namespace

void add_page_input_binding(py::module_& m) {
  py::class_<PageInput>(m, "Page",
                        "One page read from an input (a WARC record, a JSON line, a page file), as served: "
                        "transfer and content encodings undone, charset not yet decoded.")
      .def_property_readonly("bytes", [](const PageInput& page) { return py::bytes(page.bytes); })
      .def_readonly("source", &PageInput::source, "The file it came from.")
      .def_readonly("location", &PageInput::location, "Where in the file: 'record 3 (byte 4096)', 'line 7', ''.")
      .def_readonly("id", &PageInput::id, "WARC-Record-ID or the JSON line's id; '' for a page file.")
      .def_readonly("url", &PageInput::url, "WARC-Target-URI or the JSON line's url; '' when unknown.")
      .def_readonly("charset", &PageInput::charset, "The declared charset; '' when none.")
      .def_property_readonly(
          "kind",
          [](const PageInput& page) -> py::object {
            if (!page.kind) return py::none();
            return py::str(*page.kind == PageKind::text ? "text" : "html");
          },
          "'html', 'text', or None (decided from the bytes).")
      .def_readonly("error", &PageInput::error, "Non-empty: this record could not be read, and why.")
      .def("__repr__", [](const PageInput& page) {
        return "Page(source=" + py::repr(py::str(page.source)).cast<std::string>() +
               ", location=" + py::repr(py::str(page.location)).cast<std::string>() +
               ", url=" + py::repr(py::str(page.url)).cast<std::string>() + ", " + std::to_string(page.bytes.size()) +
               " bytes" + (page.error.empty() ? "" : ", error=" + py::repr(py::str(page.error)).cast<std::string>()) +
               ")";
      });

  py::class_<PageReader>(m, "PageReader", "Yields pith.Page objects in input order.")
      .def("__iter__", [](py::object self) { return self; })
      .def("__next__", &PageReader::next)
      .def_property_readonly("skipped", &PageReader::skipped,
                             "Records skipped on purpose so far: not HTML, not status 200, other record types.")
      .def_property_readonly("bytes_read", &PageReader::bytes_read);

  m.def(
      "read_pages",
      [](const py::object& paths, const std::string& format) { return open_reader(path_list(paths), format); },
      py::arg("paths"), py::arg("format") = "auto",
      "Reads pages from files, folders, JSON lines (.jsonl, .jsonl.gz) and WARC files (.warc, .warc.gz), as "
      "`pith infer` does; format: 'auto', 'pages', 'jsonl' or 'warc'. A record that cannot be read is a Page "
      "with `error` set.");
  m.def(
      "read_warc", [](const py::object& paths) { return open_reader(path_list(paths), "warc"); }, py::arg("path"),
      "Reads the HTML responses of a WARC file (plain or gzipped) as pith.Page objects.");
}

}  // namespace pith::python

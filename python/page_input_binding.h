#pragma once
#include <pybind11/pybind11.h>

#include "infer/page_input.h"

namespace pith::python {

// pith.Page (a PageInput), pith.PageReader, pith.read_pages and pith.read_warc.
void add_page_input_binding(pybind11::module_& module);

}  // namespace pith::python

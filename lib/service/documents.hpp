// Reading a signed convention document from disk: it must really be a PDF, within size limits.
#pragma once

#include <filesystem>

#include "store/convention_store.hpp"

namespace pilot::service {

inline constexpr std::uintmax_t k_max_document_bytes = 50u << 20;

// Fails (io) when unreadable, (data) when not a PDF (no %PDF- header in the first KiB, no
// %%EOF trailer) or over k_max_document_bytes.
Result<store::DocumentContent> read_pdf_document(const std::filesystem::path& path);

}  // namespace pilot::service

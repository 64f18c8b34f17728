#include "io/csv/byte_source.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>

namespace pilot::io::csv::detail {

Result<ByteSource> ByteSource::open(const std::string& path) {
  ByteSource source;
  if (path == "-") {
    // POSIX has no text mode: stdin already yields the bytes as they are.
    source.m_file = stdin;
    return source;
  }
  errno = 0;
  source.m_owned.reset(std::fopen(path.c_str(), "rb"));
  if (!source.m_owned) {
    return fail(ErrorKind::io, "impossible d'ouvrir « " + path + " » : " + describe_errno(errno));
  }
  source.m_file = source.m_owned.get();
  return source;
}

ByteSource ByteSource::from_string(std::string data) {
  ByteSource source;
  source.m_data = std::move(data);
  return source;
}

Result<std::size_t> ByteSource::read(std::string& out, std::size_t max_bytes, const std::string& display_name) {
  if (m_file == nullptr) {
    std::size_t count = std::min(max_bytes, m_data.size() - m_offset);
    out.append(m_data, m_offset, count);
    m_offset += count;
    return count;
  }
  std::size_t old_size = out.size();
  out.resize(old_size + max_bytes);
  errno = 0;
  std::size_t count = std::fread(out.data() + old_size, 1, max_bytes, m_file);
  out.resize(old_size + count);
  if (count < max_bytes && std::ferror(m_file) != 0) {
    return fail(ErrorKind::io, "erreur de lecture de « " + display_name + " » : " + describe_errno(errno));
  }
  return count;
}

}  // namespace pilot::io::csv::detail

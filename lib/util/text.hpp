// Text helpers shared by every layer: folding for tolerant matching of what users type
// (accents, case, apostrophes, spacing), UTF-8 checks, and "did you mean" suggestions.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pilot::util {

// Trims ASCII white space, NBSP (U+00A0) and narrow NBSP (U+202F) at both ends.
std::string_view trim(std::string_view text);

// Lower-cases, strips the accents of Latin letters used in French, maps typographic
// apostrophes and dashes to ASCII, and collapses runs of white space to one space.
// « Validée par l’État » and "validee par l'etat" fold to the same string.
std::string fold(std::string_view text);
// The character at byte `pos` of UTF-8 `text`, for a message: « d », « ¤ » (U+00A4), or only its
// code for one that cannot be seen: « U+0080 (invisible) ».
std::string describe_character(std::string_view text, std::size_t pos);
// `text` with each character that cannot be seen (controls other than line feed and tab, zero-width
// and format characters, U+FFFD) written as its code: « CLS-1⟨U+200B⟩ ». A reference that differs
// from another by a zero-width space pasted from a web page shows why.
std::string show_invisible(std::string_view text);
// Byte offset of the first control character of valid UTF-8 `text` other than tab, line feed and
// carriage return (C0, DEL, C1): none belongs in a typed answer, and one that reaches a terminal
// can act on it (an escape sequence pasted in a title clears the screen of whoever lists it).
[[nodiscard]] std::optional<std::size_t> find_control_character(std::string_view text);
// `message` with every « quoted » value longer than `max_chars` characters cut to its start, « … »
// and its length: « XXXXXXXX… » (600 000 caractères). A message quoting a cell pasted by mistake
// (a whole text in a choice column) stays one line long.
std::string shorten_quoted_values(std::string_view message, std::size_t max_chars = 120);
// fold(text) appended to `out`, without a string of its own (keys built for every row of an import).
void append_fold(std::string& out, std::string_view text);

// Like fold, then drops everything that is not a letter or a digit: "Date de début*" and
// "date_de_debut" both give "datededebut". Used to match column headers.
std::string fold_key(std::string_view text);

[[nodiscard]] bool is_valid_utf8(std::string_view text);

// Number of Unicode code points (for column alignment of French text).
std::size_t display_width(std::string_view utf8);
// Byte offset of the first `count` code points of `text` (the whole text when shorter).
std::size_t utf8_prefix_bytes(std::string_view text, std::size_t count);

// Levenshtein distance on bytes of already-folded strings.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidates closest to `query` (folded comparison), best first, at most `limit`:
// those that start with the folded query come first, then those within a small edit distance.
std::vector<std::string> closest_matches(std::string_view query, const std::vector<std::string>& candidates,
                                         std::size_t limit = 3);

// « a », « b » ou « c » — a French enumeration of quoted values for messages.
std::string quoted_list(const std::vector<std::string>& values, std::string_view last_joiner = "ou");

// Splits on any of the separator characters, trims each piece, drops empty pieces.
std::vector<std::string> split_list(std::string_view text, std::string_view separators);

std::string join(const std::vector<std::string>& parts, std::string_view separator);

// One argument as a POSIX shell reads it back: unchanged when it is made of letters (accented ones
// included), digits and « _ @ % + = : , . / - », else in single quotes (« 'CA Amiens Métropole' »,
// a quote inside as « '\'' »); '' for an empty argument.
std::string shell_quote(std::string_view argument);

// Pads (UTF-8 aware) to `width` code points, left- or right-aligned.
std::string pad_right(std::string_view text, std::size_t width);
std::string pad_left(std::string_view text, std::size_t width);

}  // namespace pilot::util

#!/usr/bin/env bash
# Man pages in step with --help. Walks the command tree from `pilot --help` (a command whose help has a
# « Commandes: » section has children) and checks, for every command and subcommand:
#   - its --help exits 0;
#   - a page of man/ documents it: pilot-A-B.1, else pilot-A.1, else any page, whose SYNOPSIS names « pilot A B »;
#   - every long option (--xxx) its --help prints appears in that page (groff's \- and font escapes removed),
#     and in its SYNOPSIS;
#   - pilot(1) lists each top-level command in COMMANDES with its page, and names every page in VOIR AUSSI.
# And, for every page: the usual sections, a .TH naming the file, no option in its SYNOPSIS that no command it
# documents accepts (an option removed from the code), and a rendering by groff without warnings.
source "$(dirname "$0")/lib.sh"

MAN_DIR=${PILOT_MAN_DIR:-$PILOT_SOURCE/man}
NORMALISED="$SCRATCH/man"
mkdir -p "$NORMALISED"

# pass_if MESSAGE COMMAND...: one check, failed with MESSAGE when COMMAND fails.
pass_if() {
  local message=$1
  shift
  checks=$((checks + 1))
  "$@" || fail "$message"
}

# The page's text with groff escapes removed: \- → -, fonts (\fB \fI \fR \fP \f(XX \f[X]), \& and \(hy.
normalise() {
  sed -e 's/\\-/-/g' -e 's/\\(hy/-/g' -e 's/\\f[BIRP]//g' -e 's/\\f([A-Z][A-Z]//g' -e 's/\\f\[[A-Za-z]*\]//g' \
    -e 's/\\&//g' "$1"
}
# Every page is a whole page: one that is only « .so man1/OTHER.1 » works once installed, but
# `man -l man/NAME.1` in the source tree (how the README says to read them) cannot follow it and shows nothing.
for page in "$MAN_DIR"/*.1; do
  checks=$((checks + 1))
  if [[ $(head -n 1 "$page") == .so* ]]; then
    fail "man/$(basename "$page") is only « $(head -n 1 "$page") », which man -l cannot follow: write the page"
    continue
  fi
  normalise "$page" >"$NORMALISED/$(basename "$page")"
done

# section PAGE TITLE: the lines of one .SH section of a normalised page.
section() {
  awk -v title="$2" '/^\.SH/ { sub(/^\.SH[ \t]+/, ""); gsub(/"/, ""); inside = ($0 == title); next } inside' \
    "$NORMALISED/$1"
}

# mentions_option FILE OPTION: OPTION as a whole word (--csv does not match --csv-dialect).
mentions_option() {
  grep -qE -- "(^|[^A-Za-z0-9-])$2([^A-Za-z0-9-]|\$)" "$1"
}

# Long options of a --help text: first token of the lines « ␣␣-x,--xxx ... » (descriptions are indented further).
long_options() {
  printf '%s\n' "$1" | awk '/^  -/ { n = split($1, names, ","); for (i = 1; i <= n; i++) if (names[i] ~ /^--/) print names[i] }'
}

# Subcommands of a --help text: the names listed under « Commandes: » (or CLI11's « Subcommands: »).
subcommands() {
  printf '%s\n' "$1" | awk '/^[^ ]/ { inside = ($0 ~ /^(Commandes|Subcommands)[^:]*:$/); next }
                            inside && /^  [a-z]/ { print $1 }'
}

# synopsis_names PAGE PATH: the page's SYNOPSIS names « pilot PATH » (followed by a space or the end of line).
synopsis_names() {
  section "$1" SYNOPSIS | grep -qE -- "(^|[^a-z-])pilot $2( |\$)"
}

# page_for PATH: the page documenting « pilot PATH », most specific first.
page_for() {
  local path=$1 candidate
  local -a candidates=("pilot-${path// /-}.1")
  [[ "$path" == *" "* ]] && candidates+=("pilot-${path%% *}.1")
  for candidate in "${candidates[@]}"; do
    if [[ -f "$NORMALISED/$candidate" ]] && synopsis_names "$candidate" "$path"; then
      echo "$candidate"
      return 0
    fi
  done
  for candidate in "$NORMALISED"/*.1; do
    candidate=$(basename "$candidate")
    if synopsis_names "$candidate" "$path"; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

declare -A page_options=()  # page → long options of the commands it documents
declare -a top_level=()
global_options=""

# walk PATH...: checks one command, then its subcommands.
walk() {
  local path="$*" help child page option
  run "$@" --help
  expect_status 0 "pilot $path --help"
  help=$OUT
  if [[ -z "$path" ]]; then
    page=pilot.1
    global_options=$(long_options "$help")
  else
    page=$(page_for "$path")
    pass_if "no man page documents « pilot $path » (its SYNOPSIS should name it)" test -n "$page"
  fi
  if [[ -n "$page" ]]; then
    for option in $(long_options "$help"); do
      # --help is documented once, in pilot(1).
      [[ "$option" == --help && -n "$path" ]] && continue
      pass_if "man/$page does not document option $option of « pilot $path »" \
        mentions_option "$NORMALISED/$page" "$option"
      # The SYNOPSIS is what a reader scans first: it shows every option too (a page may use [OPTIONS] only
      # for a command that has its own page, as pilot-action(1) for « action import »).
      [[ -z "$path" ]] && continue  # pilot(1): the global options have their section
      section "$page" SYNOPSIS >"$SCRATCH/synopsis"
      pass_if "man/$page SYNOPSIS does not show option $option of « pilot $path »" \
        mentions_option "$SCRATCH/synopsis" "$option"
    done
    page_options[$page]+=" $(long_options "$help" | tr '\n' ' ')"
  fi
  for child in $(subcommands "$help"); do
    [[ -z "$path" ]] && top_level+=("$child")
    if (($# < 3)); then
      walk "$@" "$child"
    fi
  done
}
walk

pass_if "pilot --help lists no command (« Commandes: » section not found)" test "${#top_level[@]}" -gt 5

# pilot(1): one entry per command in COMMANDES, with its page; every page in VOIR AUSSI.
commands_section=$(section pilot.1 COMMANDES)
see_also=$(section pilot.1 "VOIR AUSSI")
for command in "${top_level[@]}"; do
  pass_if "pilot(1) COMMANDES has no entry « .B $command »" \
    grep -qE "^\.BR? \"?$command( |\"|\$)" <<<"$commands_section"
  page=$(page_for "$command") || continue
  pass_if "pilot(1) COMMANDES does not send « $command » to its page ${page%.1}(1)" \
    grep -qE "${page%.1} ?\(1\)" <<<"$commands_section"
done
for page in "$NORMALISED"/pilot-*.1; do
  name=$(basename "$page" .1)
  pass_if "pilot(1) VOIR AUSSI does not name $name(1)" grep -qE "(^|[^a-z-])$name ?\(1\)" <<<"$see_also"
done

# Every page: header, usual sections, no stale option in its SYNOPSIS.
for page in "$NORMALISED"/*.1; do
  name=$(basename "$page" .1)
  expected_th=$(tr '[:lower:]' '[:upper:]' <<<"$name")
  pass_if "man/$name.1: first line should be « .TH $expected_th 1 ... »" \
    grep -qE "^\.TH \"?$expected_th\"? 1 " <(head -n 1 "$page")
  for title in NOM SYNOPSIS DESCRIPTION "CODES DE RETOUR" "VOIR AUSSI"; do
    pass_if "man/$name.1 has no section « $title »" grep -qxE "\.SH \"?$title\"?" "$page"
  done
  documented=" ${page_options[$name.1]:-} $global_options "
  if [[ "$documented" == *--* ]]; then
    for option in $(section "$name.1" SYNOPSIS | grep -oE -- '(^|[^A-Za-z0-9-])--[a-z][a-z0-9-]*' | grep -oE -- '--.*' | sort -u); do
      pass_if "man/$name.1 SYNOPSIS shows $option, which no command it documents accepts" \
        test "${documented/ $option /}" != "$documented"
    done
  else
    pass_if "man/$name.1 documents no command reachable from pilot --help" false
  fi
done

# Rendering: groff (with preconv for the UTF-8 source) must not warn.
rendered_cleanly() { [[ "$1" == 0 && -z "$2" ]]; }
if command -v groff >/dev/null 2>&1; then
  for page in "$MAN_DIR"/*.1; do
    [[ $(head -n 1 "$page") == .so* ]] && continue
    warnings=$(LC_ALL=C.UTF-8 groff -k -man -Tutf8 -ww -z "$page" 2>&1)
    groff_status=$?
    pass_if "groff renders man/$(basename "$page") with status $groff_status and warnings: $warnings" \
      rendered_cleanly "$groff_status" "$warnings"
  done
else
  echo "note: groff is not installed: rendering of the man pages not checked"
fi

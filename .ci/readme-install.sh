#!/usr/bin/env bash
# Runs the README's install commands from this checkout (in CI: the fresh clone .ci/run runs
# in), so that what the README tells a new user to type is what CI has seen work (issue #17).
#
# The commands are the lines of the README's code blocks marked for it: a fence directly after
# the line `<!-- ci: readme-install -->`. They are taken from the README itself, so they
# cannot drift from it; a command that appears in several marked blocks runs once. Each runs
# verbatim with bash, from the checkout's root, inside a new virtual environment (its python
# and pip first on PATH, as after `activate`), with one exception: `cargo install --path .`
# gets `--root TMP --locked` (into a throw-away folder, never ~/.cargo, with the checked-in
# Cargo.lock) and builds in CARGO_TARGET_DIR (default: the checkout's target/), so CI does not
# compile the CLI a second time. Afterwards the installed `koen-align --version` must run and
# `import koen_align` must work from outside the checkout.
#
# An install command in an unmarked code block of the README (a line starting `pip install`,
# `python -m pip install` or `cargo install`) is an error: CI would not be running it.
#
#   bash .ci/readme-install.sh          run them
#   bash .ci/readme-install.sh --list   print them, one a line, and run nothing
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
readme=$repo/README.md
marker='<!-- ci: readme-install -->'

# Prints the marked blocks' commands (blank lines and comment lines left out), then, to
# stderr, each install command found in an unmarked block; exits 1 if there is one.
extract() {
    awk -v marker="$marker" '
        function is_install(line) {
            return line ~ /^[ \t]*(pip3? install|python3? -m pip install|cargo install)([ \t]|$)/
        }
        /^```/ {
            if (in_block) { in_block = 0 } else { in_block = 1; marked = (previous == marker) }
            previous = $0; next
        }
        in_block && marked && $0 !~ /^[ \t]*(#|$)/ && !seen[$0]++ { print }
        in_block && !marked && is_install($0) {
            printf "README.md:%d: an install command outside a block marked %s: %s\n", NR, marker, $0 > "/dev/stderr"
            unmarked = 1
        }
        { previous = $0 }
        END { exit unmarked }
    ' "$readme"
}

commands=$(extract)
if [ -z "$commands" ]; then
    echo "readme-install: README.md has no code block marked $marker" >&2
    exit 1
fi
if [ "${1:-}" = "--list" ]; then
    printf '%s\n' "$commands"
    exit 0
fi
# The README must install both: the CLI and the Python package.
for needed in 'cargo install --path .' 'pip install ./python'; do
    if ! grep -qxF -- "$needed" <<<"$(sed 's/[ \t]*#.*$//; s/[ \t]*$//' <<<"$commands")"; then
        echo "readme-install: no \`$needed\` among the README's install commands:" >&2
        printf '  %s\n' "$commands" >&2
        exit 1
    fi
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$repo/target}
"${PYTHON:-python3}" -m venv "$tmp/venv"
export VIRTUAL_ENV=$tmp/venv
export PATH=$tmp/venv/bin:$PATH

while IFS= read -r command; do
    # The command without a trailing comment, to recognise it and to add arguments to it.
    bare=$(sed 's/[ \t]*#.*$//; s/[ \t]*$//' <<<"$command")
    case "$bare" in
        "cargo install --path ."*)
            run="$bare --root \"$tmp/cargo\""
            [[ " $bare " == *" --locked "* ]] || run="$run --locked"
            ;;
        *) run=$command ;;
    esac
    echo "== readme-install (at ${SECONDS}s): $run"
    bash -euo pipefail -c "$run"
done <<<"$commands"

echo "== readme-install: the installed CLI and package (at ${SECONDS}s)"
"$tmp/cargo/bin/koen-align" --version
version=$(cd "$tmp" && python -c 'import koen_align; print(koen_align.__version__)')
echo "koen_align $version"

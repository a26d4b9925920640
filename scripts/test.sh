#!/usr/bin/env bash
# Install what the tests need and run the whole suite: lint, types, tests.
source "$(dirname "${BASH_SOURCE[0]}")/_env.sh"
ensure_venv "test,hq,installers"
cd "$ROOT"
export PATH="$VENV/bin:$PATH"
echo "== ruff"; ruff check src tests bench scripts
ruff format --check src tests bench scripts
echo "== mypy"; mypy
echo "== pytest"; pytest "$@"

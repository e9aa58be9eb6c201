# Sourced by tools/build.sh and tools/test.sh: make (once) and use the project's virtual
# environment in .venv, with briefgen installed from this folder and the extras in EXTRAS.
# A stock Debian or Ubuntu Python refuses pip outside a virtual environment (PEP 668), and
# Debian ships venv separately: python3-venv is installed (apt) when it is missing.

VENV="${BRIEFGEN_VENV:-.venv}"
PYTHON="${PYTHON:-python3}"

# a venv cut short (no pip) is made again, not reused
if [ -x "$VENV/bin/python" ] && ! "$VENV/bin/python" -m pip --version >/dev/null 2>&1; then
  rm -rf "$VENV"
fi
if [ ! -x "$VENV/bin/python" ]; then
  if ! "$PYTHON" -m venv "$VENV" >/dev/null 2>&1; then
    rm -rf "$VENV"
    version=$("$PYTHON" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
    echo "installing python$version-venv (Debian ships venv apart from Python)" >&2
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update -q
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 \
      install -y -q --no-install-recommends "python$version-venv"
    "$PYTHON" -m venv "$VENV"
  fi
fi

# install (again) only when the project's requirements, the extras or the ReportLab asked
# for changed; BRIEFGEN_REPORTLAB=4.4.0 installs that ReportLab (CI tests the pin's ends)
stamp="$VENV/.briefgen-installed"
want="$(sha256sum pyproject.toml | cut -d' ' -f1) ${EXTRAS:-} ${BRIEFGEN_REPORTLAB:-}"
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check -e ".${EXTRAS:+[$EXTRAS]}" \
    ${BRIEFGEN_REPORTLAB:+"reportlab[shaping]==$BRIEFGEN_REPORTLAB"}
  echo "$want" > "$stamp"
fi
export PATH="$PWD/$VENV/bin:$PATH"
export VIRTUAL_ENV="$PWD/$VENV"

"""``python -m briefgen``: the same as the ``briefgen`` command."""

from briefgen.cli import main

main()

"""``python -m armswatch``."""

from armswatch.cli import main

main()

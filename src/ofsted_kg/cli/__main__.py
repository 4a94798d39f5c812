"""``python -m ofsted_kg.cli``: the command line."""

from ofsted_kg.cli import main

main(prog_name="ofsted-kg")

"""``python -m ofsted_kg``: the command line."""

from ofsted_kg.cli import main

main(prog_name="ofsted-kg")

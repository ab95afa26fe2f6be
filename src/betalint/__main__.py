"""`python -m betalint` runs the same command line as the `betalint` script."""

from betalint.cli import entry

if __name__ == "__main__":
    entry(prog_name="betalint")

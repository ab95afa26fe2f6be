"""`python -m betalint` runs the same command line as the `betalint` script."""

from betalint.cli import main

if __name__ == "__main__":
    main(prog_name="betalint")

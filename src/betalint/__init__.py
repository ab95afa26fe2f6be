"""betalint: a content linter for Jekyll + DSFR sites.

It reads the source tree the way Jekyll would (front matter, permalinks, collections,
kramdown heading ids) and reports problems with file, line and column, without building
the site.
"""

__version__ = "0.1.0"

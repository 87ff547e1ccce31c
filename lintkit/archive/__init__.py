"""Auditing a whole archive: the parallel runner, the content-hash cache, and S108 across files."""

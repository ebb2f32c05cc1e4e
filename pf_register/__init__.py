"""pf_register: a private fostering register for an English local authority.

The core is Qt-free: storage, the statutory clock, validation, demo data, import and export
and the command line live here; the desktop front end in ``ui/`` is built on top of it.
"""

__version__ = "0.1.0"

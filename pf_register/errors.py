"""The errors the register raises: each says what is wrong and how to put it right."""

from __future__ import annotations


class RegisterError(Exception):
    """Base class: anything the officer or the command line should see as one clear message."""


class ValidationError(RegisterError):
    """Input the register refuses; ``field`` names what to correct. Nothing has been written."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


class NotFoundError(RegisterError):
    """A record the operation names does not exist in this register."""


class RegisterFileError(RegisterError):
    """The file cannot be used as a register: missing, not a register, or too new."""


class SchemaTooNewError(RegisterFileError):
    """The file was written by a newer version of pf_register."""


class NotARegisterError(RegisterFileError):
    """The file is not a pf_register register (another database, or not SQLite at all)."""


class RegisterNotEmptyError(RegisterError):
    """An operation that needs an empty register (import, demo) was given one with cases."""


class StorageError(RegisterFileError):
    """The file could not be read or written (locked, damaged, disk full, no permission).
    Nothing has been written: the operation was rolled back."""


class ReadOnlyError(RegisterError):
    """The register was opened read-only (open elsewhere, or in a folder that cannot be
    written to); it refuses every change."""


class ConflictError(RegisterError):
    """Someone else changed the record since the officer opened it; nothing was written."""

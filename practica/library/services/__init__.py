"""Every write in the library: one function per thing a person (or the worker) does."""


class LibraryError(ValueError):
    """A refusal written for the person, with the form field it belongs next to (None: the whole form)."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field

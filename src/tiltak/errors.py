"""Domain errors: raised by service functions with a message a person can act on."""


class TiltakError(Exception):
    """Base class. ``str(error)`` is shown to the user as it is."""


class ImportFailed(TiltakError):
    """A document could not be read into an entry. The message names the file and the problem."""

    def __init__(self, source: str, problem: str):
        self.source = source
        self.problem = problem
        super().__init__(f"{source}: {problem}")


class NotFound(TiltakError):
    pass


class InvalidInput(TiltakError):
    pass


class StaleVersion(TiltakError):
    """An update started from a version that is no longer the entry's current one: someone else saved first.
    Nothing was written; the editor has to start again from the current version."""

    def __init__(self, entry_id: int, title: str, base_version: int, current_version: int):
        self.entry_id = entry_id
        self.base_version = base_version
        self.current_version = current_version
        super().__init__(
            f"Entry {entry_id} ('{title}') was changed by someone else while you worked on it: you started "
            f"from version {base_version}, it is now at version {current_version}. Nothing was saved; "
            f"open version {current_version}, make your changes again and save."
        )

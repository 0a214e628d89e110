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

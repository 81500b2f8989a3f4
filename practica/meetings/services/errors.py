"""The one error meeting services raise for a refusal a person can fix, naming the form field it is about."""


class MeetingError(Exception):
    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field

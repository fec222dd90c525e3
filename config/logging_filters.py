"""Logging filters, attached to the handlers in settings.LOGGING."""

import logging
import re

# The token of a survey link, in /s/<token>/ and /s/public/<token>/.
SURVEY_TOKEN = re.compile(r"(/s/(?:public/)?)(?!\[redacted\])[^/\s?#\"']+")
REDACTED = r"\1[redacted]"


def redact(text: str) -> str:
    return SURVEY_TOKEN.sub(REDACTED, text)


class RedactSurveyTokens(logging.Filter):
    """Replace survey link tokens in log lines with "[redacted]".

    A token in a log would let whoever reads the logs answer or unsubscribe in a
    client's name. The message is formatted here (and its arguments dropped) only
    when it holds a token, so any argument that prints a URL is covered.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            return True  # A malformed call: the handler reports it as usual.
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True

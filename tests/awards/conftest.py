from tests.awards.helpers import in_english  # noqa: F401  (autouse: messages in English)

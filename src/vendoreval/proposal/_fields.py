"""A helper for the answer models' fields: a yes/no question with its questionnaire labels."""

from __future__ import annotations

from typing import Any

from pydantic import Field

__all__ = ["yes_no"]


def yes_no(label: str, label_ko: str, description: str, description_ko: str) -> Any:
    """A ``bool`` field, False unless the vendor says yes, labelled for the questionnaire.

    Parameters
    ----------
    label, label_ko : str
        The question in the English and the Korean questionnaire.
    description, description_ko : str
        What a yes means, in English (the field's description) and in Korean.
    """
    return Field(
        default=False,
        description=description,
        json_schema_extra={
            "questionnaire": {
                "label": label,
                "ko": {"label": label_ko, "description": description_ko},
            }
        },
    )
